package org.jicp.wasm.internal.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            m.tableTypes = append(m.tableTypes, (byte) s.u8());
            m.limits(s, "table " + (m.importedTables + i), true);
          }
          m.definedTables = n;
        }
        case MEMORY -> {
          int n = s.length();
          for (int i = 0; i < n; i++) {
            long[] l = m.limits(s, "memory " + (m.importedMemories + i), false);
            if (i == 0) {
              m.memoryMin = l[0];
              m.memoryMax = l[1];
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
        case ELEMENT, DATA, DATA_COUNT -> { }
        default -> throw s.malformed("unknown section id " + id);
      }
      if (id != CUSTOM && id != ELEMENT && id != DATA && id != CODE && id != DATA_COUNT
          && s.hasMore()) {
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
      case V128 -> throw new UnsupportedWasmFeatureException("SIMD (v128)", where);
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
          tableTypes = append(tableTypes, (byte) s.u8());
          limits(s, "imported table " + mod + "." + nm, true);
          importedTables++;
        }
        case 2 -> {
          limits(s, "imported memory " + mod + "." + nm, false);
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

  private long[] limits(ByteReader s, String where, boolean table) {
    int flags = s.u8();
    if ((flags & 0x04) != 0) {
      throw new UnsupportedWasmFeatureException(table ? "table64" : "memory64", where);
    }
    if ((flags & 0x02) != 0) {
      throw new UnsupportedWasmFeatureException("shared memory (threads)", where);
    }
    if (flags > 0x01) {
      throw s.malformed("invalid limits flags 0x" + Integer.toHexString(flags) + " in " + where);
    }
    long min = s.u32() & 0xFFFF_FFFFL;
    long max = (flags & 1) != 0 ? s.u32() & 0xFFFF_FFFFL : -1;
    return new long[] {min, max};
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
