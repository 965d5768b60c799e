package org.jicp.wasm.internal.binary;

import java.util.Arrays;

/**
 * Finds the operand-stack values that are live across a {@code loop} header, so that the
 * instrumentation can move them into locals before the loop's enclosing structures and back
 * after them.
 *
 * <p>Why: Chicory's compiler maps the wasm operand stack onto the JVM operand stack. HotSpot
 * compiles a long-running loop of a method entered once only by on-stack replacement (OSR), and
 * both C1 and C2 refuse an OSR entry whose JVM operand stack is not empty ({@code COMPILE
 * SKIPPED: OSR starts with non-empty stack}). A wasm loop entered with a value left on the stack
 * (Motoko's {@code loop { i +%= 1 }} compiles to {@code local.tee $clos; ...; loop ... br 0},
 * with the tee'd value never consumed) then runs in the JVM's bytecode interpreter for as long
 * as it loops, some 100× slower than compiled. Spilling is only local moves: semantics and the
 * metered instruction count (computed on the original instructions) are unchanged.
 *
 * <p>The operand types come from a type simulation of the body (the spec's validation algorithm,
 * appendix "Validation Algorithm"); the module has already been validated by Chicory. A structure
 * ({@code block}, {@code loop}, {@code if}) that contains a loop and is entered with values of the
 * current control frame on the stack gets those values spilled, unless its block type has
 * parameters or it sits in unreachable code (then it is left as it is: correct, only slower).
 */
final class LoopSpills {
  /** The type of a value popped from the polymorphic stack of unreachable code. */
  private static final byte UNKNOWN = 0;

  /** For each instruction position: the types to spill before it (bottom first), or null. */
  final byte[][] spillBefore;
  /** For each instruction position of an {@code end}: the spilled types to restore, or null. */
  final byte[][] restoreAfter;
  /** For each instruction position of an {@code end} with a restore: the structure's results. */
  final byte[][] resultsAt;
  /** Whether any spill was planned. */
  final boolean any;
  /**
   * The number of reachable loops entered with values on the operand stack (the function's,
   * not only the innermost frame's; a loop's own parameters included) before spilling: the loops
   * HotSpot cannot compile by OSR.
   */
  final int loopsEnteredWithValues;
  /** The value types that get spill locals, in the order of their local declarations. */
  static final byte[] KINDS = {ParsedModule.I32, ParsedModule.I64, ParsedModule.F32,
      ParsedModule.F64, ParsedModule.FUNCREF, ParsedModule.EXTERNREF};
  /** The number of spill locals of each kind of {@link #KINDS}. */
  final int[] slotsPerKind = new int[KINDS.length];
  /** Per structure position: the spill local of each spilled value (index within its kind). */
  final int[][] spillSlots;
  /** Per {@code if} position with a spill: the i32 local holding the condition meanwhile. */
  final int[] conditionSlot;
  /** Per {@code end} position with a restore: the local holding each result meanwhile. */
  final int[][] resultSlots;
  /** Per {@code end} position with a restore: the position of its structure. */
  final int[] structureOf;

  private LoopSpills(byte[][] spill, byte[][] restore, byte[][] results, int[] structureOf,
      boolean any, int loopsEnteredWithValues, int[] ops) {
    this.structureOf = structureOf;
    this.loopsEnteredWithValues = loopsEnteredWithValues;
    spillBefore = spill;
    restoreAfter = restore;
    resultsAt = results;
    this.any = any;
    int n = spill.length;
    spillSlots = new int[n][];
    conditionSlot = new int[n];
    resultSlots = new int[n][];
    if (any) {
      assignSlots(ops);
    }
  }

  /** The index of a value type in {@link #KINDS}. */
  static int kind(byte t) {
    for (int k = 0; k < KINDS.length; k++) {
      if (KINDS[k] == t) {
        return k;
      }
    }
    throw new IllegalArgumentException("no spill local for value type " + t);
  }

  /** Gives spill locals out in nesting (LIFO) order, reusing them once a structure ends. */
  private void assignSlots(int[] ops) {
    int[] inUse = new int[KINDS.length];
    for (int pos = 0; pos < spillBefore.length; pos++) {
      byte[] sp = spillBefore[pos];
      if (sp != null) {
        int[] slots = new int[sp.length];
        for (int j = 0; j < sp.length; j++) {
          slots[j] = take(inUse, sp[j]);
        }
        spillSlots[pos] = slots;
        if (ops[pos] == Code.IF) {
          conditionSlot[pos] = take(inUse, ParsedModule.I32);
          inUse[kind(ParsedModule.I32)]--;
        }
      }
      byte[] rs = restoreAfter[pos];
      if (rs != null) {
        byte[] res = resultsAt[pos];
        int[] slots = new int[res.length];
        for (int j = 0; j < res.length; j++) {
          slots[j] = take(inUse, res[j]);
        }
        resultSlots[pos] = slots;
        for (byte t : res) {
          inUse[kind(t)]--;
        }
        for (byte t : rs) {
          inUse[kind(t)]--;
        }
      }
    }
  }

  private int take(int[] inUse, byte t) {
    int k = kind(t);
    int slot = inUse[k]++;
    slotsPerKind[k] = Math.max(slotsPerKind[k], inUse[k]);
    return slot;
  }

  /**
   * Plans the spills of one function body.
   *
   * @param m the module
   * @param funcTypes the type of every function (imported and defined)
   * @param locals the type of every local (parameters first)
   * @param ops the opcodes of the body, its final {@code end} included
   * @param starts where each instruction starts in {@code m.bytes}
   * @param imms each instruction's first index immediate
   * @param n the number of instructions
   */
  static LoopSpills plan(ParsedModule m, ParsedModule.FuncType[] funcTypes, byte[] locals,
      int[] ops, int[] starts, long[] imms, int n) {
    // Which structures contain a loop (themselves included).
    boolean[] hasLoop = new boolean[n];
    int[] open = new int[16];
    int depth = 0;
    boolean anyLoop = false;
    for (int pos = 0; pos < n; pos++) {
      int op = ops[pos];
      if (op == Code.BLOCK || op == Code.LOOP || op == Code.IF) {
        if (depth == open.length) {
          open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = pos;
        if (op == Code.LOOP) {
          anyLoop = true;
          for (int d = 0; d < depth; d++) {
            hasLoop[open[d]] = true;
          }
        }
      } else if (op == Code.END && depth > 0) {
        depth--;
      }
    }
    if (!anyLoop) {
      return new LoopSpills(new byte[0][], new byte[0][], new byte[0][], new int[0], false, 0,
          ops);
    }
    return new Simulation(m, funcTypes, locals, ops, starts, imms, n, hasLoop).run();
  }

  /** The operand and control stacks of the validation algorithm. */
  private static final class Simulation {
    private final ParsedModule m;
    private final ParsedModule.FuncType[] funcTypes;
    private final byte[] locals;
    private final int[] ops;
    private final int[] starts;
    private final long[] imms;
    private final int n;
    private final boolean[] hasLoop;
    /** The memory's index type (i64 for memory64). */
    private final byte addr;
    private final byte[][] spill;
    private final byte[][] restore;
    private final byte[][] results;
    private final int[] structureOf;
    private boolean any;
    private int loopsWithValues;

    private byte[] vals = new byte[64];
    private int sp;
    /** Per control frame: stack height, start position, results, params, unreachable. */
    private int[] heights = new int[16];
    private int[] frameStart = new int[16];
    private byte[][] frameResults = new byte[16][];
    private byte[][] frameParams = new byte[16][];
    private boolean[] unreachable = new boolean[16];
    /** Per control frame: entered from unreachable code. */
    private boolean[] dead = new boolean[16];
    private int fp;

    Simulation(ParsedModule m, ParsedModule.FuncType[] funcTypes, byte[] locals, int[] ops,
        int[] starts, long[] imms, int n, boolean[] hasLoop) {
      this.m = m;
      this.funcTypes = funcTypes;
      this.locals = locals;
      this.ops = ops;
      this.starts = starts;
      this.imms = imms;
      this.n = n;
      this.hasLoop = hasLoop;
      this.addr = m.memory64 ? ParsedModule.I64 : ParsedModule.I32;
      this.spill = new byte[n][];
      this.restore = new byte[n][];
      this.results = new byte[n][];
      this.structureOf = new int[n];
    }

    private void push(byte t) {
      if (sp == vals.length) {
        vals = Arrays.copyOf(vals, sp * 2);
      }
      vals[sp++] = t;
    }

    private void push(byte[] ts) {
      for (byte t : ts) {
        push(t);
      }
    }

    private byte pop() {
      if (sp == heights[fp - 1] && unreachable[fp - 1]) {
        return UNKNOWN;
      }
      if (sp == heights[fp - 1]) {
        throw new IllegalStateException("operand stack underflow at a validated instruction");
      }
      return vals[--sp];
    }

    private void popN(int k) {
      for (int i = 0; i < k; i++) {
        pop();
      }
    }

    private void pushFrame(int pos, byte[] params, byte[] res) {
      if (fp == heights.length) {
        int c = fp * 2;
        heights = Arrays.copyOf(heights, c);
        frameStart = Arrays.copyOf(frameStart, c);
        frameResults = Arrays.copyOf(frameResults, c);
        frameParams = Arrays.copyOf(frameParams, c);
        unreachable = Arrays.copyOf(unreachable, c);
        dead = Arrays.copyOf(dead, c);
      }
      dead[fp] = fp > 0 && (dead[fp - 1] || unreachable[fp - 1]);
      heights[fp] = sp;
      frameStart[fp] = pos;
      frameResults[fp] = res;
      frameParams[fp] = params;
      unreachable[fp] = false;
      fp++;
      push(params);
    }

    private void markUnreachable() {
      sp = heights[fp - 1];
      unreachable[fp - 1] = true;
    }

    /** The block type at {@code pos}: {params, results}. */
    private byte[][] blockType(int pos) {
      int at = starts[pos] + 1;
      int b = m.bytes[at] & 0xFF;
      if (b == 0x40) {
        return new byte[][] {new byte[0], new byte[0]};
      }
      if (b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x70 || b == 0x6F) {
        return new byte[][] {new byte[0], new byte[] {(byte) b}};
      }
      ByteReader r = new ByteReader(m.bytes, at, m.bytes.length, "block type");
      ParsedModule.FuncType t = m.types.get((int) r.sleb(33));
      return new byte[][] {t.params(), t.results()};
    }

    LoopSpills run() {
      // The function's own frame; its results are irrelevant here.
      pushFrame(-1, new byte[0], new byte[0]);
      for (int pos = 0; pos < n; pos++) {
        step(pos);
      }
      return new LoopSpills(spill, restore, results, structureOf, any, loopsWithValues, ops);
    }

    private void structure(int pos, boolean isIf) {
      byte[][] bt = blockType(pos);
      boolean reachable = !unreachable[fp - 1] && !dead[fp - 1];
      if (ops[pos] == Code.LOOP && reachable && sp > 0) {
        loopsWithValues++;
      }
      if (isIf) {
        pop();
      }
      popN(bt[0].length);
      int base = heights[fp - 1];
      if (hasLoop[pos] && reachable && bt[0].length == 0 && sp > base) {
        byte[] live = Arrays.copyOfRange(vals, base, sp);
        boolean known = true;
        for (byte t : live) {
          known &= t != UNKNOWN;
        }
        if (known) {
          spill[pos] = live;
          any = true;
        }
      }
      pushFrame(pos, bt[0], bt[1]);
    }

    private void step(int pos) {
      int op = ops[pos];
      switch (op) {
        case Code.UNREACHABLE -> markUnreachable();
        case 0x01 -> { }
        case Code.BLOCK, Code.LOOP -> structure(pos, false);
        case Code.IF -> structure(pos, true);
        case Code.ELSE -> {
          sp = heights[fp - 1];
          unreachable[fp - 1] = false;
          push(frameParams[fp - 1]);
        }
        case Code.END -> {
          int start = frameStart[fp - 1];
          byte[] res = frameResults[fp - 1];
          sp = heights[fp - 1];
          fp--;
          if (start >= 0 && spill[start] != null) {
            restore[pos] = spill[start];
            results[pos] = res;
            structureOf[pos] = start;
          }
          if (fp > 0) {
            push(res);
          }
        }
        case Code.BR, Code.RETURN -> markUnreachable();
        case Code.BR_IF -> pop();
        case Code.BR_TABLE -> {
          pop();
          markUnreachable();
        }
        case Code.CALL -> call(funcTypes[(int) imms[pos]]);
        case Code.CALL_INDIRECT -> {
          pop();
          call(m.types.get((int) imms[pos]));
        }
        case 0x1A -> pop(); // drop
        case 0x1B, 0x1C -> { // select
          pop();
          byte a = pop();
          byte b = pop();
          push(a != UNKNOWN ? a : b);
        }
        case Code.LOCAL_GET -> push(locals[(int) imms[pos]]);
        case Code.LOCAL_SET -> pop();
        case Code.LOCAL_TEE -> {
          pop();
          push(locals[(int) imms[pos]]);
        }
        case Code.GLOBAL_GET -> push(m.globalTypes[(int) imms[pos]]);
        case Code.GLOBAL_SET -> pop();
        case 0x25 -> { // table.get
          pop();
          push(m.tableTypes[(int) imms[pos]]);
        }
        case 0x26 -> popN(2); // table.set
        case 0x3F -> push(addr); // memory.size
        case Code.MEMORY_GROW -> {
          pop();
          push(addr);
        }
        case Code.I32_CONST -> push(ParsedModule.I32);
        case Code.I64_CONST -> push(ParsedModule.I64);
        case Code.F32_CONST -> push(ParsedModule.F32);
        case Code.F64_CONST -> push(ParsedModule.F64);
        case 0xD0 -> push(m.bytes[starts[pos] + 1]); // ref.null t
        case 0xD1 -> { // ref.is_null
          pop();
          push(ParsedModule.I32);
        }
        case Code.REF_FUNC -> push(ParsedModule.FUNCREF);
        default -> numericOrMemory(op, pos);
      }
    }

    /** The index type of the table of table instruction {@code pos}. */
    private byte tableIndexType(int pos) {
      int t = (int) imms[pos];
      return t < m.table64.length && m.table64[t] ? ParsedModule.I64 : ParsedModule.I32;
    }

    private void call(ParsedModule.FuncType t) {
      popN(t.params().length);
      push(t.results());
    }

    private void numericOrMemory(int op, int pos) {
      final byte i32 = ParsedModule.I32, i64 = ParsedModule.I64, f32 = ParsedModule.F32,
          f64 = ParsedModule.F64;
      if (op >= 0xFC00) {
        int sub = op & 0xFF;
        switch (sub) {
          case 0, 1 -> convert(f32, i32);
          case 2, 3 -> convert(f64, i32);
          case 4, 5 -> convert(f32, i64);
          case 6, 7 -> convert(f64, i64);
          case 8, 10, 11, 12, 14, 17 -> popN(3); // memory.init/copy/fill, table.init/copy/fill
          case 9, 13 -> { } // data.drop, elem.drop
          case 15 -> { // table.grow
            popN(2);
            push(tableIndexType(pos));
          }
          case 16 -> push(tableIndexType(pos)); // table.size
          default -> throw new IllegalStateException("unknown 0xFC instruction " + sub);
        }
        return;
      }
      if (op >= 0x28 && op <= 0x35) { // loads
        byte t = op == 0x29 || op >= 0x30 ? i64 : op == 0x2A ? f32 : op == 0x2B ? f64 : i32;
        convert(addr, t);
        return;
      }
      if (op >= 0x36 && op <= 0x3E) { // stores
        popN(2);
        return;
      }
      if (op == 0x45) {
        convert(i32, i32);
      } else if (op <= 0x4F) {
        binary(i32);
      } else if (op == 0x50) {
        convert(i64, i32);
      } else if (op <= 0x5A) {
        popN(2);
        push(i32);
      } else if (op <= 0x66) { // float comparisons
        popN(2);
        push(i32);
      } else if (op <= 0x69) {
        convert(i32, i32);
      } else if (op <= 0x78) {
        binary(i32);
      } else if (op <= 0x7B) {
        convert(i64, i64);
      } else if (op <= 0x8A) {
        binary(i64);
      } else if (op <= 0x91) {
        convert(f32, f32);
      } else if (op <= 0x98) {
        binary(f32);
      } else if (op <= 0x9F) {
        convert(f64, f64);
      } else if (op <= 0xA6) {
        binary(f64);
      } else {
        switch (op) {
          case 0xA7 -> convert(i64, i32);
          case 0xA8, 0xA9, 0xBC -> convert(f32, i32);
          case 0xAA, 0xAB -> convert(f64, i32);
          case 0xAC, 0xAD -> convert(i32, i64);
          case 0xAE, 0xAF -> convert(f32, i64);
          case 0xB0, 0xB1, 0xBD -> convert(f64, i64);
          case 0xB2, 0xB3, 0xBE -> convert(i32, f32);
          case 0xB4, 0xB5 -> convert(i64, f32);
          case 0xB6 -> convert(f64, f32);
          case 0xB7, 0xB8 -> convert(i32, f64);
          case 0xB9, 0xBA, 0xBF -> convert(i64, f64);
          case 0xBB -> convert(f32, f64);
          case 0xC0, 0xC1 -> convert(i32, i32);
          case 0xC2, 0xC3, 0xC4 -> convert(i64, i64);
          default -> throw new IllegalStateException("unknown opcode 0x"
              + Integer.toHexString(op));
        }
      }
    }

    /** Pops a value of type {@code t}; a mismatch is a bug in this simulation's table. */
    private void pop(byte t) {
      byte v = pop();
      if (v != t && v != UNKNOWN) {
        throw new IllegalStateException("operand type " + ParsedModule.valTypeName(v)
            + " where the simulation expects " + ParsedModule.valTypeName(t));
      }
    }

    private void convert(byte from, byte to) {
      pop(from);
      push(to);
    }

    private void binary(byte t) {
      pop(t);
      pop(t);
      push(t);
    }
  }
}
