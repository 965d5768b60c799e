package org.jicp.wasm.internal.binary;

import java.util.Arrays;
import org.jicp.wasm.InvalidWasmException;
import org.jicp.wasm.UnsupportedWasmFeatureException;

/**
 * One decoded function body: its local declarations and its instructions (opcode, first index
 * immediate, byte range), the final {@code end} included.
 */
final class FunctionBody {
  /** The IC's limit of instructions per function body. */
  static final int MAX_INSTRUCTIONS = 1_000_000;
  /** The most locals a function may declare (jicp's bound, as wasmtime's). */
  static final int MAX_LOCALS = 50_000;

  /** The number of local declaration groups. */
  final int groups;
  /** The local declarations, as encoded (without their count). */
  final ByteWriter localDecls = new ByteWriter();
  /** The type of every local, parameters first. */
  final byte[] localTypes;
  int[] ops = new int[64];
  int[] starts = new int[64];
  int[] ends = new int[64];
  long[] imms = new long[64];
  /** The number of instructions. */
  int n;
  /** Whether the body can change tables or drop segments. */
  boolean mutatesInstance;

  private FunctionBody(int groups, byte[] localTypes) {
    this.groups = groups;
    this.localTypes = localTypes;
  }

  /** Decodes defined function {@code index} (0 = the first defined one) of type {@code ft}. */
  static FunctionBody decode(ParsedModule m, int index, ParsedModule.FuncType ft) {
    String where = "function " + (m.importedFunctions + index);
    ByteReader r = new ByteReader(m.bytes, m.bodyStart[index], m.bodyEnd[index], where);
    int groups = r.length();
    long declared = 0;
    ByteWriter decls = new ByteWriter();
    int[] counts = new int[groups];
    byte[] types = new byte[groups];
    for (int i = 0; i < groups; i++) {
      int n = r.u32();
      byte t = (byte) r.u8();
      ParsedModule.checkValType(t, where);
      declared += n & 0xFFFF_FFFFL;
      if (declared > MAX_LOCALS) {
        throw r.malformed("too many locals");
      }
      decls.u32(n).u8(t);
      counts[i] = n;
      types[i] = t;
    }
    byte[] localTypes = Arrays.copyOf(ft.params(), ft.params().length + (int) declared);
    int at = ft.params().length;
    for (int i = 0; i < groups; i++) {
      Arrays.fill(localTypes, at, at + counts[i], types[i]);
      at += counts[i];
    }
    FunctionBody b = new FunctionBody(groups, localTypes);
    b.localDecls.append(decls);
    b.instructions(r, where, m.memory64);
    return b;
  }

  private void instructions(ByteReader r, String where, boolean memory64) {
    Code.Insn in = new Code.Insn();
    int open = 1;
    // Per open structure: 0 block/loop/function, 1 if, 2 if after its else.
    byte[] kinds = new byte[16];
    while (open > 0) {
      Code.next(r, in, where, memory64);
      if (n == ops.length) {
        int cap = n * 2;
        ops = Arrays.copyOf(ops, cap);
        starts = Arrays.copyOf(starts, cap);
        ends = Arrays.copyOf(ends, cap);
        imms = Arrays.copyOf(imms, cap);
      }
      ops[n] = in.op;
      starts[n] = in.start;
      ends[n] = in.end;
      imms[n] = in.imm;
      n++;
      switch (in.op) {
        case Code.BLOCK, Code.LOOP, Code.IF -> {
          if (open == kinds.length) {
            kinds = Arrays.copyOf(kinds, open * 2);
          }
          kinds[open++] = (byte) (in.op == Code.IF ? 1 : 0);
        }
        case Code.ELSE -> {
          if (kinds[open - 1] != 1 || open == 1) {
            throw r.malformed("else without a matching if");
          }
          kinds[open - 1] = 2;
        }
        case Code.END -> open--;
        case Code.RETURN_CALL, Code.RETURN_CALL_INDIRECT -> throw new
            UnsupportedWasmFeatureException("tail calls (disabled on the IC)", where);
        case Code.TABLE_SET, Code.TABLE_GROW, Code.TABLE_FILL, Code.TABLE_COPY, Code.TABLE_INIT ->
            throw new InvalidWasmException("unsupported instruction", where,
                tableOpName(in.op) + " is not allowed in a canister module (as on the IC)");
        case Code.ELEM_DROP, Code.DATA_DROP -> mutatesInstance = true;
        default -> { }
      }
      if (n > MAX_INSTRUCTIONS) {
        throw new InvalidWasmException("function size", where,
            "more than 1,000,000 instructions");
      }
    }
    if (r.hasMore()) {
      throw r.malformed("code after the end of the function body");
    }
  }

  private static String tableOpName(int op) {
    return switch (op) {
      case Code.TABLE_SET -> "table.set";
      case Code.TABLE_GROW -> "table.grow";
      case Code.TABLE_FILL -> "table.fill";
      case Code.TABLE_COPY -> "table.copy";
      default -> "table.init";
    };
  }

  /** Plans the loop spills of this body (see {@link LoopSpills}). */
  LoopSpills loopSpills(ParsedModule m, ParsedModule.FuncType[] funcTypes) {
    return LoopSpills.plan(m, funcTypes, localTypes, ops, starts, imms, n);
  }
}
