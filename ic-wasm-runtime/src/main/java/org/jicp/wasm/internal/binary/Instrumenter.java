package org.jicp.wasm.internal.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IC's instrumentation pass ({@code rs/embedders/src/wasm_utils/instrumentation.rs}),
 * re-implemented as a wasm-to-wasm rewrite, plus jicp's determinism additions:
 *
 * <ul>
 *   <li>injected imports from module {@code "__"}, first in the function index space: {@code
 *       out_of_instructions: () -> ()}, {@code try_grow_wasm_memory: (i32, i32) -> i32} and (jicp)
 *       {@code stack_overflow: () -> ()}; every function index is shifted by 3;
 *   <li>a mutable i64 global, the instruction counter, exported as {@code "canister
 *       counter_instructions"}; charged at the start of every basic block with the static cost of
 *       the block (function entry starts at 1), checked against zero at re-entrant blocks
 *       (function entry, loop);
 *   <li>a helper function that charges the size operand of bulk memory/table instructions;
 *   <li>{@code local.tee; memory.grow; local.get; call try_grow_wasm_memory} after every grow;
 *   <li>the start section removed and its function exported as {@code canister_start};
 *   <li>(jicp) NaN canonicalization after every float instruction that can produce a NaN: any NaN
 *       becomes {@code 0x7FC00000} / {@code 0x7FF8000000000000}, as Cranelift's
 *       {@code enable_nan_canonicalization} that the IC turns on;
 *   <li>(jicp) a call-depth counter (a second mutable global): incremented at function entry,
 *       decremented at exit (the body is wrapped in a block so that {@code return} becomes a
 *       branch to it), calling {@code stack_overflow} past {@link Result#maxCallDepth()}: a deep
 *       recursion traps at the same depth on every engine, independent of the JVM stack.
 * </ul>
 *
 * <p>Injected code is not itself charged: the instruction count is the IC's.
 */
public final class Instrumenter {
  /** The module of the injected imports. */
  public static final String INJECTED_MODULE = "__";
  /** The injected import names, in index order. */
  public static final String OUT_OF_INSTRUCTIONS = "out_of_instructions",
      TRY_GROW_WASM_MEMORY = "try_grow_wasm_memory", STACK_OVERFLOW = "stack_overflow";
  /** The export name of the instruction counter global. */
  public static final String COUNTER_EXPORT = "canister counter_instructions";
  /** The export name of the start function. */
  public static final String START_EXPORT = "canister_start";
  /** The injected imports of a module whose memory accesses are lowered (after the first 3). */
  public static final String MEMORY_FILL64 = "memory_fill64", MEMORY_COPY64 = "memory_copy64",
      MEMORY_INIT64 = "memory_init64";
  /** Fast-path bound of a lowered access: addresses below 2 GiB go to memory 0 directly. */
  private static final long LOW = 1L << 31;

  /**
   * The instrumented module.
   *
   * @param bytes the instrumented binary
   * @param counterGlobal index of the instruction counter global
   * @param depthGlobal index of the call depth global
   * @param maxCallDepth the call depth past which {@code stack_overflow} is called
   * @param mutatesInstance whether the code can change tables or drop segments (state that a
   *     cached instance would carry from one message to the next)
   * @param globalCount the number of globals of the original module (imported + defined)
   * @param memoryLowered whether memory accesses were lowered (memory64, or a wasm32 heap allowed
   *     past 2 GiB): memory 0 serves addresses below 2 GiB, memory 1 (a window whose base is
   *     global {@code eaGlobal}) the others, and bulk operations past 2 GiB call the injected
   *     {@code memory_*64} functions
   * @param eaGlobal the i64 global holding the effective address of a lowered access past 2 GiB,
   *     or -1
   * @param wasm64 whether the original memory is a memory64 (ic0 pointers are then i64)
   */
  public record Result(byte[] bytes, int counterGlobal, int depthGlobal, int maxCallDepth,
      boolean mutatesInstance, int globalCount, boolean memoryLowered, int eaGlobal,
      boolean wasm64) {}

  private final ParsedModule m;
  private final int maxCallDepth;
  private final List<ParsedModule.FuncType> types;
  private final int counter;
  private final int depth;
  private final ParsedModule.FuncType[] funcTypes;
  private boolean mutates;
  /** Whether loads, stores, memory.size/grow and bulk memory operations are lowered. */
  private final boolean lower;
  /** Whether the original memory is a memory64. */
  private final boolean mem64;
  /** Whether any table is a table64 (call_indirect, table.get, table.size lowered). */
  private final boolean tables64;
  /** The number of injected imports (all function indices shift by it). */
  private final int shift;
  private final int ea;

  private Instrumenter(ParsedModule m, int maxCallDepth, boolean largeHeap) {
    this.m = m;
    this.maxCallDepth = maxCallDepth;
    this.types = new ArrayList<>(m.types);
    this.counter = m.importedGlobals + m.definedGlobals;
    this.depth = counter + 1;
    this.funcTypes = m.allFunctionTypes();
    boolean hasMemory = m.definedMemories + m.importedMemories > 0;
    this.mem64 = m.memory64;
    this.lower = hasMemory && (m.memory64 || largeHeap);
    boolean t64 = false;
    for (boolean b : m.table64) {
      t64 |= b;
    }
    this.tables64 = t64;
    this.shift = lower ? 6 : 3;
    this.ea = lower ? depth + 1 : -1;
  }

  /** Instruments {@code m}; a call deeper than {@code maxCallDepth} traps. */
  public static Result instrument(ParsedModule m, int maxCallDepth) {
    return instrument(m, maxCallDepth, false);
  }

  /**
   * Instruments {@code m}, lowering a memory64 and table64 to 32-bit indices; with {@code
   * largeHeap} a wasm32 memory's accesses are lowered too, so that its heap may pass 2 GiB.
   */
  public static Result instrument(ParsedModule m, int maxCallDepth, boolean largeHeap) {
    return new Instrumenter(m, maxCallDepth, largeHeap).run();
  }

  private int typeIndex(ParsedModule.FuncType t) {
    int i = types.indexOf(t);
    if (i >= 0) {
      return i;
    }
    types.add(t);
    return types.size() - 1;
  }

  private static ParsedModule.FuncType type(byte[] p, byte[] r) {
    return new ParsedModule.FuncType(p, r);
  }

  private Result run() {
    byte[] none = new byte[0];
    int voidType = typeIndex(type(none, none));
    byte at = mem64 ? ParsedModule.I64 : ParsedModule.I32;
    int growType = typeIndex(type(new byte[] {at, at}, new byte[] {at}));
    int decrType = typeIndex(type(new byte[] {ParsedModule.I64}, new byte[] {ParsedModule.I64}));
    final byte i32 = ParsedModule.I32, i64 = ParsedModule.I64;
    int fillType = typeIndex(type(new byte[] {i64, i32, i64}, new byte[0]));
    int copyType = typeIndex(type(new byte[] {i64, i64, i64}, new byte[0]));
    int initType = typeIndex(type(new byte[] {i32, i64, i32, i32}, new byte[0]));

    // Code first: it may add block types.
    ByteWriter code = new ByteWriter();
    code.u32(m.functionTypes.length + 1);
    for (int i = 0; i < m.functionTypes.length; i++) {
      ParsedModule.FuncType ft = m.types.get(m.functionTypes[i]);
      code.sized(body(i, ft));
    }
    code.sized(decrBody());

    ByteWriter out = new ByteWriter();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

    ByteWriter ts = new ByteWriter().u32(types.size());
    for (ParsedModule.FuncType t : types) {
      ts.u8(0x60).u32(t.params().length).bytes(t.params()).u32(t.results().length)
          .bytes(t.results());
    }
    out.section(ParsedModule.TYPE, ts);

    ByteWriter im = new ByteWriter().u32(m.imports.size() + shift);
    im.name(INJECTED_MODULE).name(OUT_OF_INSTRUCTIONS).u8(0).u32(voidType);
    im.name(INJECTED_MODULE).name(TRY_GROW_WASM_MEMORY).u8(0).u32(growType);
    im.name(INJECTED_MODULE).name(STACK_OVERFLOW).u8(0).u32(voidType);
    if (lower) {
      im.name(INJECTED_MODULE).name(MEMORY_FILL64).u8(0).u32(fillType);
      im.name(INJECTED_MODULE).name(MEMORY_COPY64).u8(0).u32(copyType);
      im.name(INJECTED_MODULE).name(MEMORY_INIT64).u8(0).u32(initType);
    }
    copySectionItems(ParsedModule.IMPORT, im);
    out.section(ParsedModule.IMPORT, im);

    ByteWriter fs = new ByteWriter().u32(m.functionTypes.length + 1);
    for (int t : m.functionTypes) {
      fs.u32(t);
    }
    fs.u32(decrType);
    out.section(ParsedModule.FUNCTION, fs);

    if (tables64) {
      out.section(ParsedModule.TABLE, tables());
    } else {
      copyWhole(ParsedModule.TABLE, out);
    }
    if (lower) {
      // Memory 0 as a memory32 without a maximum (the heap enforces the real limits), memory 1
      // the window for addresses past 2 GiB.
      out.section(ParsedModule.MEMORY, new ByteWriter().u32(2).u8(0)
          .u64(Math.min(m.memoryMin, ParsedModule.MAX_MEMORY32_PAGES)).u8(0).u32(0));
    } else {
      copyWhole(ParsedModule.MEMORY, out);
    }

    ByteWriter gs = new ByteWriter().u32(m.definedGlobals + (lower ? 3 : 2));
    ParsedModule.Section g = section(ParsedModule.GLOBAL);
    if (g != null) {
      ByteReader r = new ByteReader(m.bytes, g.start(), g.end(), "global section");
      int n = r.length();
      for (int i = 0; i < n; i++) {
        gs.u8(r.u8()).u8(r.u8());
        Code.copyConstExpr(r, gs, shift);
      }
    }
    gs.u8(ParsedModule.I64).u8(1).u8(Code.I64_CONST).sleb(0).u8(Code.END);
    gs.u8(ParsedModule.I32).u8(1).u8(Code.I32_CONST).sleb(0).u8(Code.END);
    if (lower) {
      gs.u8(ParsedModule.I64).u8(1).u8(Code.I64_CONST).sleb(0).u8(Code.END);
    }
    out.section(ParsedModule.GLOBAL, gs);

    int extraExports = 1 + (m.start >= 0 ? 1 : 0);
    ByteWriter es = new ByteWriter().u32(m.exports.size() + extraExports);
    for (ParsedModule.Export e : m.exports) {
      es.name(e.name()).u8(e.kind()).u32(e.kind() == 0 ? e.index() + shift : e.index());
    }
    es.name(COUNTER_EXPORT).u8(3).u32(counter);
    if (m.start >= 0) {
      es.name(START_EXPORT).u8(0).u32(m.start + shift);
    }
    out.section(ParsedModule.EXPORT, es);

    ParsedModule.Section el = section(ParsedModule.ELEMENT);
    if (el != null) {
      out.section(ParsedModule.ELEMENT, elements(el));
    }
    copyWhole(ParsedModule.DATA_COUNT, out);
    out.section(ParsedModule.CODE, code);
    if (lower && mem64) {
      ParsedModule.Section d = section(ParsedModule.DATA);
      if (d != null) {
        out.section(ParsedModule.DATA, data(d));
      }
    } else {
      copyWhole(ParsedModule.DATA, out);
    }
    return new Result(out.toByteArray(), counter, depth, maxCallDepth, mutates, counter, lower,
        ea, mem64);
  }

  private ParsedModule.Section section(int id) {
    for (ParsedModule.Section s : m.sections) {
      if (s.id() == id) {
        return s;
      }
    }
    return null;
  }

  private void copyWhole(int id, ByteWriter out) {
    ParsedModule.Section s = section(id);
    if (s != null) {
      out.u8(id).u32(s.end() - s.start()).bytes(m.bytes, s.start(), s.end() - s.start());
    }
  }

  /** Copies the items of a vector section (without its count). */
  private void copySectionItems(int id, ByteWriter out) {
    ParsedModule.Section s = section(id);
    if (s != null) {
      ByteReader r = new ByteReader(m.bytes, s.start(), s.end(), "section " + id);
      r.length();
      out.bytes(m.bytes, r.position(), s.end() - r.position());
    }
  }

  private ByteWriter elements(ParsedModule.Section s) {
    ByteReader r = new ByteReader(m.bytes, s.start(), s.end(), "element section");
    ByteWriter w = new ByteWriter();
    int n = r.length();
    w.u32(n);
    for (int i = 0; i < n; i++) {
      int flags = r.u32();
      w.u32(flags);
      if (flags > 7) {
        throw r.malformed("invalid element segment flags " + flags);
      }
      boolean passiveOrDeclarative = (flags & 1) != 0;
      boolean explicitTable = (flags & 2) != 0;
      boolean exprs = (flags & 4) != 0;
      int lastTable = 0;
      if (!passiveOrDeclarative && explicitTable) {
        lastTable = r.u32();
        w.u32(lastTable);
      }
      int table = 0;
      if (!passiveOrDeclarative && explicitTable) {
        table = lastTable;
      }
      if (!passiveOrDeclarative) {
        if (table >= 0 && table < m.table64.length && m.table64[table]) {
          w.u8(Code.I32_CONST).sleb(offset32(r, "element segment " + i)).u8(Code.END);
        } else {
          Code.copyConstExpr(r, w, shift);
        }
      }
      if (passiveOrDeclarative || explicitTable) {
        w.u8(r.u8()); // elemkind or reftype
      }
      int k = r.length();
      w.u32(k);
      for (int j = 0; j < k; j++) {
        if (exprs) {
          Code.copyConstExpr(r, w, shift);
        } else {
          w.u32(r.u32() + shift);
        }
      }
    }
    return w;
  }

  /**
   * Reads a table64 segment offset (a single {@code i64.const}) and returns it as an i32 (-1,
   * i.e. past any table, when it does not fit: instantiation then fails as out of bounds).
   */
  private static int offset32(ByteReader r, String where) {
    int start = r.position();
    Code.skipConstExpr(r);
    ByteReader e = new ByteReader(r.array(), start, r.position(), where);
    if (e.u8() != Code.I64_CONST) {
      throw new org.jicp.wasm.InvalidWasmException("element segment offset", where,
          "the offset of a table64 segment must be a single i64.const");
    }
    long v = e.sleb(64);
    if (e.u8() != Code.END || e.hasMore()) {
      throw new org.jicp.wasm.InvalidWasmException("element segment offset", where,
          "the offset of a table64 segment must be a single i64.const");
    }
    return Long.compareUnsigned(v, Integer.MAX_VALUE) <= 0 ? (int) v : -1;
  }

  /** The table section with table64 limits as 32-bit limits. */
  private ByteWriter tables() {
    ParsedModule.Section s = section(ParsedModule.TABLE);
    ByteReader r = new ByteReader(m.bytes, s.start(), s.end(), "table section");
    ByteWriter w = new ByteWriter();
    int n = r.length();
    w.u32(n);
    for (int i = 0; i < n; i++) {
      String where = "table " + (m.importedTables + i);
      w.u8(r.u8());
      int flags = r.u8();
      boolean is64 = (flags & 4) != 0;
      long min = is64 ? r.u64() : r.u32() & 0xFFFF_FFFFL;
      long max = (flags & 1) != 0 ? (is64 ? r.u64() : r.u32() & 0xFFFF_FFFFL) : -1;
      if (Long.compareUnsigned(min, 0xFFFF_FFFFL) > 0 || (max != -1
          && Long.compareUnsigned(max, 0xFFFF_FFFFL) > 0)) {
        throw new org.jicp.wasm.InvalidWasmException("limits", where,
            "a table of more than 2^32-1 elements cannot be run");
      }
      w.u8(flags & 1).u64(min);
      if (max != -1) {
        w.u64(max);
      }
    }
    return w;
  }

  /** The data section of a memory64 module with its offsets as {@code i32.const 0} (the heap
   * places the segments at their 64-bit offsets itself). */
  private ByteWriter data(ParsedModule.Section s) {
    ByteReader r = new ByteReader(m.bytes, s.start(), s.end(), "data section");
    ByteWriter w = new ByteWriter();
    int n = r.length();
    w.u32(n);
    for (int i = 0; i < n; i++) {
      int flags = r.u32();
      w.u32(flags);
      if (flags == 2) {
        w.u32(r.u32());
      }
      if (flags != 1) {
        Code.skipConstExpr(r);
        w.u8(Code.I32_CONST).sleb(0).u8(Code.END);
      }
      int len = r.length();
      w.u32(len).bytes(m.bytes, r.position(), len);
      r.skip(len);
    }
    return w;
  }

  private ByteWriter decrBody() {
    ByteWriter b = new ByteWriter();
    b.u32(1).u32(1).u8(ParsedModule.I64);
    b.u8(Code.GLOBAL_GET).u32(counter).u8(Code.LOCAL_GET).u32(0).u8(0x7D) // i64.sub
        .u8(Code.LOCAL_TEE).u32(1).u8(Code.GLOBAL_GET).u32(counter).u8(0x55) // i64.gt_s
        .u8(Code.IF).u8(ParsedModule.I64).u8(Code.I64_CONST).sleb(Long.MIN_VALUE)
        .u8(Code.ELSE).u8(Code.LOCAL_GET).u32(1).u8(Code.END)
        .u8(Code.GLOBAL_SET).u32(counter);
    checkCounter(b);
    b.u8(Code.LOCAL_GET).u32(0).u8(Code.END);
    return b;
  }

  private void checkCounter(ByteWriter b) {
    b.u8(Code.GLOBAL_GET).u32(counter).u8(Code.I64_CONST).sleb(0).u8(0x53) // i64.lt_s
        .u8(Code.IF).u8(0x40).u8(Code.CALL).u32(0).u8(Code.END);
  }

  private static int spillLocal(int[] base, byte type, int slot) {
    return base[LoopSpills.kind(type)] + slot;
  }

  /** Moves the values below a loop-containing structure into locals (see {@link LoopSpills}). */
  private static void spill(ByteWriter w, LoopSpills s, int pos, boolean isIf, int[] base) {
    byte[] types = s.spillBefore[pos];
    int[] slots = s.spillSlots[pos];
    int cond = isIf ? spillLocal(base, ParsedModule.I32, s.conditionSlot[pos]) : -1;
    if (isIf) {
      w.u8(Code.LOCAL_SET).u32(cond);
    }
    for (int j = types.length - 1; j >= 0; j--) {
      w.u8(Code.LOCAL_SET).u32(spillLocal(base, types[j], slots[j]));
    }
    if (isIf) {
      w.u8(Code.LOCAL_GET).u32(cond);
    }
  }

  /** Puts the spilled values back below the structure's results. */
  private static void restore(ByteWriter w, LoopSpills s, int pos, int[] base) {
    byte[] types = s.restoreAfter[pos];
    int[] slots = s.spillSlots[s.structureOf[pos]];
    byte[] results = s.resultsAt[pos];
    int[] rslots = s.resultSlots[pos];
    for (int j = results.length - 1; j >= 0; j--) {
      w.u8(Code.LOCAL_SET).u32(spillLocal(base, results[j], rslots[j]));
    }
    for (int j = 0; j < types.length; j++) {
      w.u8(Code.LOCAL_GET).u32(spillLocal(base, types[j], slots[j]));
    }
    for (int j = 0; j < results.length; j++) {
      w.u8(Code.LOCAL_GET).u32(spillLocal(base, results[j], rslots[j]));
    }
  }

  private static final int REENTRANT = 0, NON_REENTRANT = 1, DYNAMIC = 2;

  /** A function's temporaries: i32 (3), f32, f64, i64 (3). */
  private record Temps(int i32a, int f32, int f64, int i64a, int i64b, int i64c, int i32b,
      int i32c) {}

  private static int tableOfCallIndirect(byte[] src, int start) {
    ByteReader r = new ByteReader(src, start + 1, src.length, "call_indirect");
    r.u32();
    return r.u32();
  }

  /** [i64 index] -> [i32 index]: the index, or 0xFFFFFFFF (out of bounds) past 2^32 - 1. */
  private static void clampIndex(ByteWriter w, Temps t) {
    w.u8(Code.LOCAL_TEE).u32(t.i64a()).u8(0xA7) // i32.wrap_i64
        .u8(Code.I32_CONST).sleb(-1)
        .u8(Code.LOCAL_GET).u32(t.i64a()).u8(Code.I64_CONST).sleb(1L << 32).u8(0x54) // i64.lt_u
        .u8(0x1B); // select
  }

  /** memory.grow of a memory64: [i64 delta] -> [i64 old pages or -1], then the grow hook. */
  private static void lowerGrow64(ByteWriter w, Temps t) {
    w.u8(Code.LOCAL_TEE).u32(t.i64a())
        .u8(Code.I64_CONST).sleb(Integer.MAX_VALUE).u8(0x56) // i64.gt_u
        .u8(Code.IF).u8(ParsedModule.I32).u8(Code.I32_CONST).sleb(-1)
        .u8(Code.ELSE).u8(Code.LOCAL_GET).u32(t.i64a()).u8(0xA7).u8(Code.MEMORY_GROW).u8(0)
        .u8(Code.END)
        .u8(0xAC) // i64.extend_i32_s
        .u8(Code.LOCAL_GET).u32(t.i64a()).u8(Code.CALL).u32(1);
  }

  /** The value type a load pushes or a store pops. */
  private static byte accessType(int op) {
    return switch (op) {
      case 0x29, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37, 0x3C, 0x3D, 0x3E -> ParsedModule.I64;
      case 0x2A, 0x38 -> ParsedModule.F32;
      case 0x2B, 0x39 -> ParsedModule.F64;
      default -> ParsedModule.I32;
    };
  }

  private static void memarg(ByteWriter w, int op, int align, int memory, long offset) {
    w.u8(op);
    if (memory != 0) {
      w.u32(align | 0x40).u32(memory);
    } else {
      w.u32(align);
    }
    w.u64(offset);
  }

  /**
   * A load or store with its address lowered: below 2 GiB (the address, and its offset below
   * 2^31 - 1) on memory 0 with the original offset, where the engines and the heap check the
   * bounds as for any access; otherwise the address goes to the effective-address global and
   * the access to memory 1, the heap window past 2 GiB that checks the 64-bit bounds itself.
   * Either way an out-of-bounds access traps as such.
   */
  private void lowerAccess(ByteWriter w, Temps t, int op, byte[] src, int start, long offset) {
    ByteReader r = new ByteReader(src, start + 1, src.length, "memarg");
    int align = r.u32();
    boolean store = op >= 0x36;
    byte vt = accessType(op);
    int value = switch (vt) {
      case ParsedModule.I64 -> t.i64b();
      case ParsedModule.F32 -> t.f32();
      case ParsedModule.F64 -> t.f64();
      default -> t.i32a();
    };
    int addr = mem64 ? t.i64a() : t.i32b();
    if (store) {
      w.u8(Code.LOCAL_SET).u32(value);
    }
    if (Long.compareUnsigned(offset, Integer.MAX_VALUE - 1) >= 0) {
      // An offset past 2^31 - 2 (never emitted by compilers): always through the window, with
      // the offset folded into the address (saturated to 2^64 - 1 on overflow).
      if (mem64) {
        w.u8(Code.LOCAL_TEE).u32(addr).u8(Code.I64_CONST).sleb(offset).u8(0x7C) // i64.add
            .u8(Code.I64_CONST).sleb(-1)
            .u8(Code.LOCAL_GET).u32(addr).u8(Code.I64_CONST).sleb(-1 - offset).u8(0x58) // le_u
            .u8(0x1B);
      } else {
        w.u8(0xAD).u8(Code.I64_CONST).sleb(offset).u8(0x7C);
      }
      w.u8(Code.GLOBAL_SET).u32(ea).u8(Code.I32_CONST).sleb(0);
      if (store) {
        w.u8(Code.LOCAL_GET).u32(value);
      }
      memarg(w, op, align, 1, 0);
      return;
    }
    w.u8(Code.LOCAL_TEE).u32(addr);
    if (mem64) {
      w.u8(Code.I64_CONST).sleb(LOW).u8(0x54); // i64.lt_u
    } else {
      w.u8(Code.I32_CONST).sleb(0).u8(0x4E); // i32.ge_s
    }
    w.u8(Code.IF).u8(store ? 0x40 : vt);
    w.u8(Code.LOCAL_GET).u32(addr);
    if (mem64) {
      w.u8(0xA7);
    }
    if (store) {
      w.u8(Code.LOCAL_GET).u32(value);
    }
    memarg(w, op, align, 0, offset);
    w.u8(Code.ELSE).u8(Code.LOCAL_GET).u32(addr);
    if (!mem64) {
      w.u8(0xAD);
    }
    w.u8(Code.GLOBAL_SET).u32(ea).u8(Code.I32_CONST).sleb(0);
    if (store) {
      w.u8(Code.LOCAL_GET).u32(value);
    }
    memarg(w, op, align, 1, offset);
    w.u8(Code.END);
  }

  /** Pushes local {@code l} as an i64 (extended if the memory is 32-bit). */
  private void get64(ByteWriter w, int l, boolean isAddress) {
    w.u8(Code.LOCAL_GET).u32(l);
    if (isAddress && !mem64) {
      w.u8(0xAD);
    }
  }

  /** Pushes local {@code l} as an i32 (wrapped if the memory is 64-bit). */
  private void get32(ByteWriter w, int l, boolean isAddress) {
    w.u8(Code.LOCAL_GET).u32(l);
    if (isAddress && mem64) {
      w.u8(0xA7);
    }
  }

  /**
   * memory.fill / memory.copy / memory.init with lowered operands: on memory 0 when every address
   * and size is below 2^30 (no sum passes 2^31), else through the injected {@code memory_*64}
   * host function, which checks the 64-bit bounds and traps as the instruction would.
   */
  private void lowerBulk(ByteWriter w, Temps t, int op, int segment) {
    int d = mem64 ? t.i64a() : t.i32b();
    int x = mem64 ? t.i64b() : t.i32c(); // copy: source
    int n = mem64 ? t.i64c() : t.i32a();
    byte ot = mem64 ? ParsedModule.I64 : ParsedModule.I32;
    switch (op) {
      case Code.MEMORY_FILL -> {
        // [d, v:i32, n]
        // the value goes to i32c (for wasm32 that is the copy source's temp, unused by fill)
        w.u8(Code.LOCAL_SET).u32(n).u8(Code.LOCAL_SET).u32(t.i32c());
        w.u8(Code.LOCAL_SET).u32(d);
        orBelow(w, ot, d, n, -1);
        w.u8(Code.IF).u8(0x40);
        get32(w, d, true);
        w.u8(Code.LOCAL_GET).u32(t.i32c());
        get32(w, n, true);
        w.u8(0xFC).u32(11).u8(0);
        w.u8(Code.ELSE);
        get64(w, d, true);
        w.u8(Code.LOCAL_GET).u32(t.i32c());
        get64(w, n, true);
        w.u8(Code.CALL).u32(3);
        w.u8(Code.END);
      }
      case Code.MEMORY_COPY -> {
        w.u8(Code.LOCAL_SET).u32(n).u8(Code.LOCAL_SET).u32(x).u8(Code.LOCAL_SET).u32(d);
        orBelow(w, ot, d, n, x);
        w.u8(Code.IF).u8(0x40);
        get32(w, d, true);
        get32(w, x, true);
        get32(w, n, true);
        w.u8(0xFC).u32(10).u8(0).u8(0);
        w.u8(Code.ELSE);
        get64(w, d, true);
        get64(w, x, true);
        get64(w, n, true);
        w.u8(Code.CALL).u32(4);
        w.u8(Code.END);
      }
      default -> {
        // memory.init seg: [d, s:i32, n:i32]
        int s32 = mem64 ? t.i32b() : t.i32c();
        w.u8(Code.LOCAL_SET).u32(t.i32a()).u8(Code.LOCAL_SET).u32(s32).u8(Code.LOCAL_SET).u32(d);
        // fast iff (d | s | n) < 2^30, evaluated in the address type
        w.u8(Code.LOCAL_GET).u32(d);
        w.u8(Code.LOCAL_GET).u32(s32);
        if (mem64) {
          w.u8(0xAD);
        }
        w.u8(mem64 ? 0x84 : 0x72); // or
        w.u8(Code.LOCAL_GET).u32(t.i32a());
        if (mem64) {
          w.u8(0xAD);
        }
        w.u8(mem64 ? 0x84 : 0x72);
        below30(w, ot);
        w.u8(Code.IF).u8(0x40);
        get32(w, d, true);
        w.u8(Code.LOCAL_GET).u32(s32).u8(Code.LOCAL_GET).u32(t.i32a());
        w.u8(0xFC).u32(8).u32(segment).u8(0);
        w.u8(Code.ELSE);
        w.u8(Code.I32_CONST).sleb(segment);
        get64(w, d, true);
        w.u8(Code.LOCAL_GET).u32(s32).u8(Code.LOCAL_GET).u32(t.i32a());
        w.u8(Code.CALL).u32(5);
        w.u8(Code.END);
      }
    }
  }

  /** Pushes whether locals {@code a}, {@code b} (and {@code c} if not -1) are all below 2^30. */
  private static void orBelow(ByteWriter w, byte ot, int a, int b, int c) {
    boolean is64 = ot == ParsedModule.I64;
    w.u8(Code.LOCAL_GET).u32(a).u8(Code.LOCAL_GET).u32(b).u8(is64 ? 0x84 : 0x72);
    if (c >= 0) {
      w.u8(Code.LOCAL_GET).u32(c).u8(is64 ? 0x84 : 0x72);
    }
    below30(w, ot);
  }

  private static void below30(ByteWriter w, byte ot) {
    if (ot == ParsedModule.I64) {
      w.u8(Code.I64_CONST).sleb(1L << 30).u8(0x54); // i64.lt_u
    } else {
      w.u8(Code.I32_CONST).sleb(1 << 30).u8(0x49); // i32.lt_u
    }
  }

  private ByteWriter body(int index, ParsedModule.FuncType ft) {
    FunctionBody body = FunctionBody.decode(m, index, ft);
    mutates |= body.mutatesInstance;
    int[] ops = body.ops;
    int[] starts = body.starts;
    int[] ends = body.ends;
    long[] imms = body.imms;
    int n = body.n;
    int tmpI32 = body.localTypes.length;
    int tmpF32 = tmpI32 + 1;
    int tmpF64 = tmpI32 + 2;
    // Lowering temporaries: three i64 and two more i32.
    boolean lowering = lower || tables64;
    Temps t = new Temps(tmpI32, tmpF32, tmpF64, tmpF64 + 1, tmpF64 + 2, tmpF64 + 3, tmpF64 + 4,
        tmpF64 + 5);

    // Locals: the original ones, the temporaries, then the loop spill locals.
    LoopSpills spills = body.loopSpills(m, funcTypes);
    int[] spillBase = new int[LoopSpills.KINDS.length];
    int extraGroups = lowering ? 2 : 0;
    int nextLocal = tmpF64 + 1 + (lowering ? 5 : 0);
    for (int k = 0; k < spillBase.length; k++) {
      spillBase[k] = nextLocal;
      nextLocal += spills.slotsPerKind[k];
      extraGroups += spills.slotsPerKind[k] > 0 ? 1 : 0;
    }
    ByteWriter w = new ByteWriter();
    w.u32(body.groups + 3 + extraGroups).append(body.localDecls).u32(1).u8(ParsedModule.I32)
        .u32(1).u8(ParsedModule.F32).u32(1).u8(ParsedModule.F64);
    if (lowering) {
      w.u32(3).u8(ParsedModule.I64).u32(2).u8(ParsedModule.I32);
    }
    for (int k = 0; k < spillBase.length; k++) {
      if (spills.slotsPerKind[k] > 0) {
        w.u32(spills.slotsPerKind[k]).u8(LoopSpills.KINDS[k]);
      }
    }

    // Injection points, as the IC's injections(): [position, kind, cost] sorted by position.
    long[] points = new long[16 * 3];
    int np = 0;
    int currPos = 0;
    int currKind = REENTRANT;
    long currCost = 1;
    for (int pos = 0; pos < n; pos++) {
      int op = ops[pos];
      currCost += Code.cost(op, mem64);
      int next = -1;
      switch (op) {
        case Code.LOOP -> next = REENTRANT;
        case Code.IF, Code.ELSE, Code.BR, Code.BR_IF, Code.BR_TABLE, Code.END, Code.RETURN,
            Code.UNREACHABLE -> next = NON_REENTRANT;
        case Code.MEMORY_FILL, Code.MEMORY_COPY, Code.TABLE_COPY, Code.TABLE_FILL,
            Code.MEMORY_INIT, Code.TABLE_INIT -> {
          if (np * 3 + 3 > points.length) {
            points = Arrays.copyOf(points, points.length * 2);
          }
          points[np * 3] = pos;
          points[np * 3 + 1] = DYNAMIC;
          points[np * 3 + 2] = 0;
          np++;
        }
        default -> { }
      }
      if (next >= 0) {
        if (np * 3 + 3 > points.length) {
          points = Arrays.copyOf(points, points.length * 2);
        }
        points[np * 3] = currPos;
        points[np * 3 + 1] = currKind;
        points[np * 3 + 2] = currCost;
        np++;
        currPos = pos + 1;
        currKind = next;
        currCost = 0;
      }
    }
    // Stable sort by position (dynamic points may precede a block start at the same position).
    Integer[] order = new Integer[np];
    for (int i = 0; i < np; i++) {
      order[i] = i;
    }
    final long[] pts = points;
    Arrays.sort(order, (a, b) -> Long.compare(pts[a * 3], pts[b * 3]));

    // Emit.
    int resultCount = ft.results().length;
    byte[] bt;
    if (resultCount == 0) {
      bt = new byte[] {0x40};
    } else if (resultCount == 1) {
      bt = new byte[] {ft.results()[0]};
    } else {
      bt = new ByteWriter().sleb(typeIndex(type(new byte[0], ft.results()))).toByteArray();
    }
    // Call depth prologue.
    w.u8(Code.GLOBAL_GET).u32(depth).u8(Code.I32_CONST).sleb(1).u8(0x6A) // i32.add
        .u8(Code.GLOBAL_SET).u32(depth)
        .u8(Code.GLOBAL_GET).u32(depth).u8(Code.I32_CONST).sleb(maxCallDepth).u8(0x4B) // gt_u
        .u8(Code.IF).u8(0x40).u8(Code.CALL).u32(2).u8(Code.END);
    w.u8(Code.BLOCK).bytes(bt);
    int pi = 0;
    int nesting = 0;
    byte[] src = m.bytes;
    for (int pos = 0; pos < n; pos++) {
      while (pi < np && pts[order[pi] * 3] == pos) {
        int p = order[pi++];
        int kind = (int) pts[p * 3 + 1];
        long cost = pts[p * 3 + 2];
        if (kind == DYNAMIC) {
          int dop = ops[pos];
          if (mem64 && (dop == Code.MEMORY_FILL || dop == Code.MEMORY_COPY)) {
            w.u8(Code.CALL).u32(shift + m.functionCount()); // the size is an i64 already
          } else {
            w.u8(0xAD).u8(Code.CALL).u32(shift + m.functionCount()).u8(0xA7); // extend, wrap
          }
        } else if (kind == REENTRANT || cost > 0) {
          w.u8(Code.GLOBAL_GET).u32(counter).u8(Code.I64_CONST).sleb(cost).u8(0x7D)
              .u8(Code.GLOBAL_SET).u32(counter);
          if (kind == REENTRANT) {
            checkCounter(w);
          }
        }
      }
      int op = ops[pos];
      if (spills.any && spills.spillBefore[pos] != null) {
        spill(w, spills, pos, op == Code.IF, spillBase);
      }
      switch (op) {
        case Code.BLOCK, Code.LOOP, Code.IF -> {
          nesting++;
          w.bytes(src, starts[pos], ends[pos] - starts[pos]);
        }
        case Code.END -> {
          if (pos == n - 1) {
            w.u8(Code.END); // the wrapper block
            w.u8(Code.GLOBAL_GET).u32(depth).u8(Code.I32_CONST).sleb(1).u8(0x6B) // i32.sub
                .u8(Code.GLOBAL_SET).u32(depth);
            w.u8(Code.END);
          } else {
            nesting--;
            w.u8(Code.END);
            if (spills.any && spills.restoreAfter[pos] != null) {
              restore(w, spills, pos, spillBase);
            }
          }
        }
        case Code.RETURN -> w.u8(Code.BR).u32(nesting);
        case Code.CALL -> w.u8(Code.CALL).u32((int) imms[pos] + shift);
        case Code.REF_FUNC -> w.u8(Code.REF_FUNC).u32((int) imms[pos] + shift);
        case Code.MEMORY_GROW -> {
          if (mem64) {
            lowerGrow64(w, t);
          } else {
            w.u8(Code.LOCAL_TEE).u32(tmpI32).u8(Code.MEMORY_GROW).u8(0)
                .u8(Code.LOCAL_GET).u32(tmpI32).u8(Code.CALL).u32(1);
          }
        }
        case 0x3F -> { // memory.size
          w.u8(0x3F).u8(0);
          if (mem64) {
            w.u8(0xAD); // i64.extend_i32_u
          }
        }
        case Code.CALL_INDIRECT, 0x25 -> { // call_indirect, table.get
          int table = op == 0x25 ? (int) imms[pos] : tableOfCallIndirect(src, starts[pos]);
          if (table < m.table64.length && m.table64[table]) {
            clampIndex(w, t);
          }
          w.bytes(src, starts[pos], ends[pos] - starts[pos]);
        }
        case 0xFC10 -> { // table.size
          w.bytes(src, starts[pos], ends[pos] - starts[pos]);
          int table = (int) imms[pos];
          if (table < m.table64.length && m.table64[table]) {
            w.u8(0xAD);
          }
        }
        case Code.MEMORY_FILL, Code.MEMORY_COPY, Code.MEMORY_INIT -> {
          if (lower) {
            lowerBulk(w, t, op, (int) imms[pos]);
          } else {
            w.bytes(src, starts[pos], ends[pos] - starts[pos]);
          }
        }
        default -> {
          if (lower && Code.isLoadOrStore(op)) {
            lowerAccess(w, t, op, src, starts[pos], imms[pos]);
            continue;
          }
          w.bytes(src, starts[pos], ends[pos] - starts[pos]);
          byte nan = Code.nanResult(op);
          if (nan == ParsedModule.F32) {
            w.u8(Code.LOCAL_TEE).u32(tmpF32).u8(Code.F32_CONST)
                .bytes(new byte[] {0, 0, (byte) 0xC0, 0x7F})
                .u8(Code.LOCAL_GET).u32(tmpF32).u8(Code.LOCAL_GET).u32(tmpF32).u8(0x5B)
                .u8(0x1B);
          } else if (nan == ParsedModule.F64) {
            w.u8(Code.LOCAL_TEE).u32(tmpF64).u8(Code.F64_CONST)
                .bytes(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x7F})
                .u8(Code.LOCAL_GET).u32(tmpF64).u8(Code.LOCAL_GET).u32(tmpF64).u8(0x61)
                .u8(0x1B);
          }
        }
      }
    }
    return w;
  }
}
