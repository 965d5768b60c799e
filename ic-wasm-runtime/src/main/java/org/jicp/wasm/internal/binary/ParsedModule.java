package org.jicp.wasm.internal.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jicp.wasm.InvalidWasmException;
import org.jicp.wasm.MalformedWasmException;
import org.jicp.wasm.UnsupportedWasmFeatureException;

/**
 * The sections of a wasm module decoded far enough for validation and instrumentation: types,
 * imports, function types, memories and tables, globals, exports, start, code bodies and custom
 * sections. Section payloads are kept as offsets into the original bytes so unchanged sections are
 * copied verbatim.
 */
public final class ParsedModule {
  /** Section ids. */
  public static final int CUSTOM = 0, TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5,
      GLOBAL = 6, EXPORT = 7, START = 8, ELEMENT = 9, CODE = 10, DATA = 11, DATA_COUNT = 12,
      TAG = 13;

  /** Value type bytes. */
  public static final byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B,
      FUNCREF = 0x70, EXTERNREF = 0x6F;

  /** A section: id and payload range; {@code name} for custom sections. */
  public record Section(int id, int start, int end, String name, int contentStart) {}

  /** A function type. */
  public record FuncType(byte[] params, byte[] results) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FuncType f && Arrays.equals(params, f.params)
          && Arrays.equals(results, f.results);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(params) + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
      return "(" + names(params) + ") -> (" + names(results) + ")";
    }

    private static String names(byte[] ts) {
      StringBuilder b = new StringBuilder();
      for (byte t : ts) {
        if (b.length() > 0) {
          b.append(", ");
        }
        b.append(valTypeName(t));
      }
      return b.toString();
    }
  }

  /** An import; {@code typeIndex} for functions, -1 otherwise. */
  public record Import(String module, String name, int kind, int typeIndex) {}

  /** An export. */
  public record Export(String name, int kind, int index) {}

  /** The bytes. */
  public final byte[] bytes;
  /** Sections in order. */
  public final List<Section> sections = new ArrayList<>();
  /** The type section. */
  public final List<FuncType> types = new ArrayList<>();
  /** The imports in order. */
  public final List<Import> imports = new ArrayList<>();
  /** Type indices of the defined functions. */
  public int[] functionTypes = new int[0];
  /** Counts of imported entities. */
  public int importedFunctions, importedGlobals, importedTables, importedMemories;
  /** Counts of defined entities. */
  public int definedTables, definedMemories, definedGlobals;
  /** The memory's limits (pages), max -1 if none. */
  public long memoryMin, memoryMax = -1;
  /** Whether the memory (imported or defined) has a 64-bit index type (memory64). */
  public boolean memory64;
  /** Whether each table (imported, then defined) has a 64-bit index type (table64). */
  public boolean[] table64 = new boolean[0];
  /**
   * Per data segment: the offset of an active segment given by a single {@code i32.const} /
   * {@code i64.const} (unsigned), or -1 for a passive segment; {@link #dataOffsetConst} says
   * whether the offset expression was such a single constant.
   */
  public long[] dataOffsets = new long[0];
  /** Per data segment: whether an active segment's offset is a single constant of the index type. */
  public boolean[] dataOffsetConst = new boolean[0];
  /** Per data segment: whether it is active. */
  public boolean[] dataActive = new boolean[0];
  /** Per data segment: its byte length. */
  public long[] dataSizes = new long[0];
  /**
   * Why SIMD is rejected: Chicory 1.7.5 executes v128 only in its separate {@code simd}
   * interpreter (Java 21+, {@code jdk.incubator.vector}); its compiler has no v128.
   */
  public static final String SIMD = "SIMD (v128; Chicory 1.7.5 runs it only in its separate "
      + "Java 21+ simd interpreter, its compiler not at all)";
  /** The largest number of pages a memory64 may declare (2^48, the memory64 proposal's bound). */
  public static final long MAX_MEMORY64_PAGES = 1L << 48;
  /** The largest number of pages a memory32 may declare (4 GiB). */
  public static final long MAX_MEMORY32_PAGES = 65536;
  /** The value type of every global (imported, then defined). */
  public byte[] globalTypes = new byte[0];
  /** The reference type of every table (imported, then defined). */
  public byte[] tableTypes = new byte[0];
  /** The exports in order. */
  public final List<Export> exports = new ArrayList<>();
  /** The start function, or -1. */
  public int start = -1;
  /** Code bodies: ranges of each body (after its size). */
  public int[] bodyStart = new int[0], bodyEnd = new int[0];
  /** Size of the code section payload in bytes. */
  public int codeSectionSize;

  private ParsedModule(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Decodes the module structure (not the function bodies). */
  public static ParsedModule parse(byte[] bytes) {
    ParsedModule m = new ParsedModule(bytes);
    if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's'
        || bytes[3] != 'm') {
      throw new MalformedWasmException("not a wasm module: magic header \\0asm missing");
    }
    if (bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
      throw new MalformedWasmException("unsupported wasm binary version (only 1 is supported)");
    }
    ByteReader r = new ByteReader(bytes, 8, bytes.length, "module");
    int lastId = 0;
    while (r.hasMore()) {
      int id = r.u8();
      int size = r.length();
      int start = r.position();
      r.skip(size);
      int end = r.position();
      ByteReader s = new ByteReader(bytes, start, end, "section " + id);
      if (id != CUSTOM) {
        int order = orderOf(id, s);
        if (order <= lastId) {
          throw s.malformed("section " + id + " out of order or duplicated");
        }
        lastId = order;
      }
      String name = null;
      int contentStart = start;
      switch (id) {
        case CUSTOM -> {
          name = s.name();
          contentStart = s.position();
        }
        case TYPE -> m.parseTypes(s);
        case IMPORT -> m.parseImports(s);
        case FUNCTION -> {
          int n = s.length();
          m.functionTypes = new int[n];
          for (int i = 0; i < n; i++) {
            m.functionTypes[i] = s.length();
          }
        }
        case TABLE -> {
          int n = s.length();
          for (int i = 0; i < n; i++) {
            m.tableTypes = append(m.tableTypes, refType(s, "table " + (m.importedTables + i)));
            long[] l = m.limits(s, "table " + (m.importedTables + i), true);
            m.table64 = append(m.table64, l[2] != 0);
          }
          m.definedTables = n;
        }
        case MEMORY -> {
          int n = s.length();
          for (int i = 0; i < n; i++) {
            long[] l = m.limits(s, "memory " + (m.importedMemories + i), false);
            if (i == 0 && m.importedMemories == 0) {
              m.memoryMin = l[0];
              m.memoryMax = l[1];
              m.memory64 = l[2] != 0;
            }
          }
          m.definedMemories = n;
        }
        case GLOBAL -> {
          int n = s.length();
          for (int i = 0; i < n; i++) {
            m.globalTypes = append(m.globalTypes, (byte) s.u8());
            s.u8();
            Code.skipConstExpr(s);
          }
          m.definedGlobals = n;
        }
        case EXPORT -> {
          int n = s.length();
          for (int i = 0; i < n; i++) {
            String en = s.name();
            int kind = s.u8();
            int idx = s.length();
            m.exports.add(new Export(en, kind, idx));
          }
        }
        case START -> m.start = s.length();
        case CODE -> {
          m.codeSectionSize = size;
          int n = s.length();
          m.bodyStart = new int[n];
          m.bodyEnd = new int[n];
          for (int i = 0; i < n; i++) {
            int len = s.length();
            m.bodyStart[i] = s.position();
            s.skip(len);
            m.bodyEnd[i] = s.position();
          }
          if (n != m.functionTypes.length) {
            throw s.malformed("function and code section have inconsistent lengths");
          }
        }
        case TAG -> throw new UnsupportedWasmFeatureException("exception handling (tag section)",
            "section 13");
        case DATA -> m.parseData(s);
        case ELEMENT, DATA_COUNT -> { }
        default -> throw s.malformed("unknown section id " + id);
      }
      if (id != CUSTOM && id != ELEMENT && id != CODE && id != DATA_COUNT && s.hasMore()) {
        throw s.malformed("section size mismatch");
      }
      m.sections.add(new Section(id, start, end, name, contentStart));
    }
    if (m.functionTypes.length != m.bodyStart.length) {
      throw new MalformedWasmException("function and code section have inconsistent lengths");
    }
    return m;
  }

  private static int orderOf(int id, ByteReader s) {
    // Data count (12) sits between import-ish sections: after element (9), before code (10).
    return switch (id) {
      case TYPE, IMPORT, FUNCTION, TABLE, MEMORY -> id * 10;
      case TAG -> 55;
      case GLOBAL, EXPORT, START, ELEMENT -> id * 10;
      case DATA_COUNT -> 95;
      case CODE, DATA -> id * 10;
      default -> throw s.malformed("unknown section id " + id);
    };
  }

  private void parseTypes(ByteReader s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      int form = s.u8();
      if (form != 0x60) {
        throw new UnsupportedWasmFeatureException(
            "type form 0x" + Integer.toHexString(form) + " (GC proposal)", "type " + i);
      }
      byte[] p = valTypes(s, "type " + i);
      byte[] r = valTypes(s, "type " + i);
      types.add(new FuncType(p, r));
    }
  }

  private static byte[] valTypes(ByteReader s, String where) {
    int n = s.length();
    if (n > 1000) {
      throw s.malformed("too many value types in " + where);
    }
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) s.u8();
      checkValType(out[i], where);
    }
    return out;
  }

  /** Checks a value type byte. */
  static void checkValType(byte t, String where) {
    switch (t) {
      case I32, I64, F32, F64, FUNCREF, EXTERNREF -> { }
      case V128 -> throw new UnsupportedWasmFeatureException(SIMD, where);
      default -> throw new MalformedWasmException(
          "invalid value type 0x" + Integer.toHexString(t & 0xFF) + " (" + where + ")");
    }
  }

  private void parseImports(ByteReader s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      String mod = s.name();
      String nm = s.name();
      int kind = s.u8();
      int type = -1;
      switch (kind) {
        case 0 -> {
          type = s.length();
          importedFunctions++;
        }
        case 1 -> {
          tableTypes = append(tableTypes, refType(s, "imported table " + mod + "." + nm));
          long[] l = limits(s, "imported table " + mod + "." + nm, true);
          table64 = append(table64, l[2] != 0);
          importedTables++;
        }
        case 2 -> {
          long[] l = limits(s, "imported memory " + mod + "." + nm, false);
          if (importedMemories == 0) {
            memoryMin = l[0];
            memoryMax = l[1];
            memory64 = l[2] != 0;
          }
          importedMemories++;
        }
        case 3 -> {
          globalTypes = append(globalTypes, (byte) s.u8());
          s.u8();
          importedGlobals++;
        }
        case 4 -> throw new UnsupportedWasmFeatureException("exception handling (tag import)",
            "import " + mod + "." + nm);
        default -> throw s.malformed("unknown import kind " + kind);
      }
      imports.add(new Import(mod, nm, kind, type));
    }
  }

  private static byte[] append(byte[] a, byte b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  private static byte refType(ByteReader s, String where) {
    byte t = (byte) s.u8();
    if (t != FUNCREF && t != EXTERNREF) {
      throw s.malformed("invalid table element type 0x" + Integer.toHexString(t & 0xFF) + " in "
          + where);
    }
    return t;
  }

  private static boolean[] append(boolean[] a, boolean b) {
    boolean[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }

  /**
   * Reads limits: flags (bit 0 max present, bit 1 shared, bit 2 64-bit index), min and max (u32,
   * or u64 with a 64-bit index). Returns {min, max or -1, 1 if 64-bit}. A memory64 or table64 is
   * accepted here (the instrumentation lowers it to a 32-bit index); the ranges are checked as
   * the memory64 proposal's validation does.
   */
  private long[] limits(ByteReader s, String where, boolean table) {
    int flags = s.u8();
    if (flags > 0x07) {
      throw s.malformed("invalid limits flags 0x" + Integer.toHexString(flags) + " in " + where);
    }
    if ((flags & 0x02) != 0) {
      if (table) {
        throw s.malformed("invalid limits flags 0x" + Integer.toHexString(flags) + " in "
            + where + " (tables cannot be shared)");
      }
      throw new UnsupportedWasmFeatureException("shared memory (threads)", where);
    }
    boolean is64 = (flags & 0x04) != 0;
    long min = is64 ? s.u64() : s.u32() & 0xFFFF_FFFFL;
    long max = (flags & 1) != 0 ? (is64 ? s.u64() : s.u32() & 0xFFFF_FFFFL) : -1;
    if (max != -1 && Long.compareUnsigned(min, max) > 0) {
      throw new InvalidWasmException("limits", where, "minimum " + Long.toUnsignedString(min)
          + " exceeds maximum " + Long.toUnsignedString(max));
    }
    if (!table) {
      long bound = is64 ? MAX_MEMORY64_PAGES : MAX_MEMORY32_PAGES;
      if (Long.compareUnsigned(min, bound) > 0 || (max != -1
          && Long.compareUnsigned(max, bound) > 0)) {
        throw new InvalidWasmException("limits", where, "memory size must be at most " + bound
            + " pages");
      }
    }
    return new long[] {min, max, is64 ? 1 : 0};
  }

  private void parseData(ByteReader s) {
    int n = s.length();
    dataOffsets = new long[n];
    dataOffsetConst = new boolean[n];
    dataSizes = new long[n];
    dataActive = new boolean[n];
    for (int i = 0; i < n; i++) {
      String where = "data segment " + i;
      int flags = s.u32();
      if (flags == 1) {
        dataOffsets[i] = -1;
      } else if (flags == 0 || flags == 2) {
        dataActive[i] = true;
        if (flags == 2 && s.u32() != 0) {
          throw new UnsupportedWasmFeatureException("multi-memory", where);
        }
        int exprStart = s.position();
        Code.skipConstExpr(s);
        ByteReader e = new ByteReader(bytes, exprStart, s.position(), where);
        int op = e.u8();
        long off = -1;
        boolean single = false;
        if (op == Code.I32_CONST) {
          off = e.sleb(32) & 0xFFFF_FFFFL;
          single = !memory64 && e.u8() == Code.END && !e.hasMore();
        } else if (op == Code.I64_CONST) {
          off = e.sleb(64);
          single = memory64 && e.u8() == Code.END && !e.hasMore();
        }
        dataOffsets[i] = single ? off : 0;
        dataOffsetConst[i] = single;
      } else {
        throw s.malformed("invalid data segment flags " + flags);
      }
      int len = s.length();
      dataSizes[i] = len;
      s.skip(len);
    }
  }

  /** The number of functions (imported and defined). */
  public int functionCount() {
    return importedFunctions + functionTypes.length;
  }

  /** The type of function {@code index} (imported or defined). */
  public FuncType functionType(int index) {
    if (index < importedFunctions) {
      int k = 0;
      for (Import im : imports) {
        if (im.kind == 0 && k++ == index) {
          return types.get(im.typeIndex);
        }
      }
    }
    return types.get(functionTypes[index - importedFunctions]);
  }

  /** The type of every function, imported ones first. */
  public FuncType[] allFunctionTypes() {
    FuncType[] out = new FuncType[functionCount()];
    int f = 0;
    for (Import im : imports) {
      if (im.kind == 0) {
        out[f++] = types.get(im.typeIndex);
      }
    }
    for (int t : functionTypes) {
      out[f++] = types.get(t);
    }
    return out;
  }

  /** The custom sections, in order. */
  public List<Section> customSections() {
    return sections.stream().filter(x -> x.id == CUSTOM).toList();
  }

  /** A value type's text name. */
  public static String valTypeName(byte t) {
    return switch (t) {
      case I32 -> "i32";
      case I64 -> "i64";
      case F32 -> "f32";
      case F64 -> "f64";
      case V128 -> "v128";
      case FUNCREF -> "funcref";
      case EXTERNREF -> "externref";
      default -> "0x" + Integer.toHexString(t & 0xFF);
    };
  }
}
