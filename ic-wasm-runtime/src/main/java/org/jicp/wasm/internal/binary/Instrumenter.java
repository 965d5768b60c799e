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
  private static final int SHIFT = 3;

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
   */
  public record Result(byte[] bytes, int counterGlobal, int depthGlobal, int maxCallDepth,
      boolean mutatesInstance, int globalCount) {}

  private final ParsedModule m;
  private final int maxCallDepth;
  private final List<ParsedModule.FuncType> types;
  private final int counter;
  private final int depth;
  private final ParsedModule.FuncType[] funcTypes;
  private boolean mutates;

  private Instrumenter(ParsedModule m, int maxCallDepth) {
    this.m = m;
    this.maxCallDepth = maxCallDepth;
    this.types = new ArrayList<>(m.types);
    this.counter = m.importedGlobals + m.definedGlobals;
    this.depth = counter + 1;
    this.funcTypes = m.allFunctionTypes();
  }

  /** Instruments {@code m}; a call deeper than {@code maxCallDepth} traps. */
  public static Result instrument(ParsedModule m, int maxCallDepth) {
    return new Instrumenter(m, maxCallDepth).run();
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
    int growType = typeIndex(type(new byte[] {ParsedModule.I32, ParsedModule.I32},
        new byte[] {ParsedModule.I32}));
    int decrType = typeIndex(type(new byte[] {ParsedModule.I64}, new byte[] {ParsedModule.I64}));
    int decrFunction = SHIFT + m.functionCount();

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

    ByteWriter im = new ByteWriter().u32(m.imports.size() + SHIFT);
    im.name(INJECTED_MODULE).name(OUT_OF_INSTRUCTIONS).u8(0).u32(voidType);
    im.name(INJECTED_MODULE).name(TRY_GROW_WASM_MEMORY).u8(0).u32(growType);
    im.name(INJECTED_MODULE).name(STACK_OVERFLOW).u8(0).u32(voidType);
    copySectionItems(ParsedModule.IMPORT, im);
    out.section(ParsedModule.IMPORT, im);

    ByteWriter fs = new ByteWriter().u32(m.functionTypes.length + 1);
    for (int t : m.functionTypes) {
      fs.u32(t);
    }
    fs.u32(decrType);
    out.section(ParsedModule.FUNCTION, fs);

    copyWhole(ParsedModule.TABLE, out);
    copyWhole(ParsedModule.MEMORY, out);

    ByteWriter gs = new ByteWriter().u32(m.definedGlobals + 2);
    ParsedModule.Section g = section(ParsedModule.GLOBAL);
    if (g != null) {
      ByteReader r = new ByteReader(m.bytes, g.start(), g.end(), "global section");
      int n = r.length();
      for (int i = 0; i < n; i++) {
        gs.u8(r.u8()).u8(r.u8());
        Code.copyConstExpr(r, gs, SHIFT);
      }
    }
    gs.u8(ParsedModule.I64).u8(1).u8(Code.I64_CONST).sleb(0).u8(Code.END);
    gs.u8(ParsedModule.I32).u8(1).u8(Code.I32_CONST).sleb(0).u8(Code.END);
    out.section(ParsedModule.GLOBAL, gs);

    int extraExports = 1 + (m.start >= 0 ? 1 : 0);
    ByteWriter es = new ByteWriter().u32(m.exports.size() + extraExports);
    for (ParsedModule.Export e : m.exports) {
      es.name(e.name()).u8(e.kind()).u32(e.kind() == 0 ? e.index() + SHIFT : e.index());
    }
    es.name(COUNTER_EXPORT).u8(3).u32(counter);
    if (m.start >= 0) {
      es.name(START_EXPORT).u8(0).u32(m.start + SHIFT);
    }
    out.section(ParsedModule.EXPORT, es);

    ParsedModule.Section el = section(ParsedModule.ELEMENT);
    if (el != null) {
      out.section(ParsedModule.ELEMENT, elements(el));
    }
    copyWhole(ParsedModule.DATA_COUNT, out);
    out.section(ParsedModule.CODE, code);
    copyWhole(ParsedModule.DATA, out);
    return new Result(out.toByteArray(), counter, depth, maxCallDepth, mutates, counter);
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
      if (!passiveOrDeclarative && explicitTable) {
        w.u32(r.u32());
      }
      if (!passiveOrDeclarative) {
        Code.copyConstExpr(r, w, SHIFT);
      }
      if (passiveOrDeclarative || explicitTable) {
        w.u8(r.u8()); // elemkind or reftype
      }
      int k = r.length();
      w.u32(k);
      for (int j = 0; j < k; j++) {
        if (exprs) {
          Code.copyConstExpr(r, w, SHIFT);
        } else {
          w.u32(r.u32() + SHIFT);
        }
      }
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

    // Locals: the original ones, three temporaries, then the loop spill locals.
    LoopSpills spills = body.loopSpills(m, funcTypes);
    int[] spillBase = new int[LoopSpills.KINDS.length];
    int extraGroups = 0;
    int nextLocal = tmpF64 + 1;
    for (int k = 0; k < spillBase.length; k++) {
      spillBase[k] = nextLocal;
      nextLocal += spills.slotsPerKind[k];
      extraGroups += spills.slotsPerKind[k] > 0 ? 1 : 0;
    }
    ByteWriter w = new ByteWriter();
    w.u32(body.groups + 3 + extraGroups).append(body.localDecls).u32(1).u8(ParsedModule.I32)
        .u32(1).u8(ParsedModule.F32).u32(1).u8(ParsedModule.F64);
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
      currCost += Code.cost(op);
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
          w.u8(0xAD).u8(Code.CALL).u32(SHIFT + m.functionCount()).u8(0xA7); // extend_u, wrap
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
        case Code.CALL -> w.u8(Code.CALL).u32((int) imms[pos] + SHIFT);
        case Code.REF_FUNC -> w.u8(Code.REF_FUNC).u32((int) imms[pos] + SHIFT);
        case Code.MEMORY_GROW -> w.u8(Code.LOCAL_TEE).u32(tmpI32).u8(Code.MEMORY_GROW).u8(0)
            .u8(Code.LOCAL_GET).u32(tmpI32).u8(Code.CALL).u32(1);
        default -> {
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
