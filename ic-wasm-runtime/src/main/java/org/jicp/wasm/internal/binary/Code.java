package org.jicp.wasm.internal.binary;

import org.jicp.wasm.UnsupportedWasmFeatureException;

/**
 * Decoding of wasm instructions: one instruction at a time ({@link #next}), with its opcode
 * ({@code 0xFC} instructions as {@code 0xFC00 | sub}) and first index immediate, and the IC's
 * static instruction cost table ({@code instruction_to_cost}, {@code
 * rs/embedders/src/wasm_utils/instrumentation.rs}).
 */
public final class Code {
  /** Opcodes used by the instrumentation. */
  public static final int UNREACHABLE = 0x00, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05,
      END = 0x0B, BR = 0x0C, BR_IF = 0x0D, BR_TABLE = 0x0E, RETURN = 0x0F, CALL = 0x10,
      CALL_INDIRECT = 0x11, RETURN_CALL = 0x12, RETURN_CALL_INDIRECT = 0x13, GLOBAL_GET = 0x23,
      GLOBAL_SET = 0x24, LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22, MEMORY_GROW = 0x40,
      I32_CONST = 0x41, I64_CONST = 0x42, F32_CONST = 0x43, F64_CONST = 0x44, REF_FUNC = 0xD2,
      MEMORY_INIT = 0xFC08, MEMORY_COPY = 0xFC0A, MEMORY_FILL = 0xFC0B, TABLE_INIT = 0xFC0C,
      TABLE_COPY = 0xFC0E, TABLE_FILL = 0xFC11, DATA_DROP = 0xFC09, ELEM_DROP = 0xFC0D,
      TABLE_GROW = 0xFC0F, TABLE_SET = 0x26;

  private Code() {}

  /** The decoded instruction: opcode, first index immediate (or -1), byte range. */
  public static final class Insn {
    /** The opcode; {@code 0xFC00 | sub} for prefixed ones. */
    public int op;
    /** The first index immediate (function, global, label, ...) or -1. */
    public long imm;
    /** Where the instruction starts and ends in the array. */
    public int start, end;
  }

  /** Reads the next instruction of a module with a 32-bit memory into {@code out}. */
  public static void next(ByteReader r, Insn out, String where) {
    next(r, out, where, false);
  }

  /**
   * Reads the next instruction into {@code out}; with {@code memory64} a load's or store's offset
   * is a u64. For a load or store, {@link Insn#imm} is the offset (unsigned).
   */
  public static void next(ByteReader r, Insn out, String where, boolean memory64) {
    out.start = r.position();
    out.imm = -1;
    int op = r.u8();
    switch (op) {
      case 0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1 -> { }
      case BLOCK, LOOP, IF -> blockType(r);
      case BR, BR_IF, CALL, RETURN_CALL, LOCAL_GET, LOCAL_SET, LOCAL_TEE, GLOBAL_GET, GLOBAL_SET,
          0x25, 0x26, REF_FUNC -> out.imm = r.u32() & 0xFFFF_FFFFL;
      case BR_TABLE -> {
        int n = r.length();
        for (int i = 0; i <= n; i++) {
          r.u32();
        }
      }
      case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
        out.imm = r.u32() & 0xFFFF_FFFFL;
        r.u32();
      }
      case 0x1C -> {
        int n = r.length();
        for (int i = 0; i < n; i++) {
          ParsedModule.checkValType((byte) r.u8(), where);
        }
      }
      case 0x3F, MEMORY_GROW -> {
        if (r.u8() != 0) {
          throw new UnsupportedWasmFeatureException("multi-memory", where);
        }
      }
      case I32_CONST -> r.sleb(32);
      case I64_CONST -> r.sleb(64);
      case F32_CONST -> r.skip(4);
      case F64_CONST -> r.skip(8);
      case 0xD0 -> r.u8();
      case 0xFC -> {
        int sub = r.u32();
        op = 0xFC00 | sub;
        switch (sub) {
          case 0, 1, 2, 3, 4, 5, 6, 7 -> { }
          case 8 -> {
            out.imm = r.u32();
            memIndexZero(r, where);
          }
          case 9, 13, 15, 16, 17 -> out.imm = r.u32();
          case 10 -> {
            memIndexZero(r, where);
            memIndexZero(r, where);
          }
          case 11 -> memIndexZero(r, where);
          case 12, 14 -> {
            out.imm = r.u32();
            r.u32();
          }
          default -> throw r.malformed("unknown 0xFC instruction " + sub);
        }
      }
      case 0xFD -> throw new UnsupportedWasmFeatureException(ParsedModule.SIMD, where);
      case 0xFE -> throw new UnsupportedWasmFeatureException("threads (atomic instructions)",
          where);
      case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F -> throw new
          UnsupportedWasmFeatureException("exception handling", where);
      case 0x14, 0x15, 0xD3, 0xD4, 0xD5, 0xD6, 0xFB -> throw new UnsupportedWasmFeatureException(
          "function references / GC", where);
      default -> {
        if (op >= 0x28 && op <= 0x3E) {
          int align = r.u32();
          if ((align & 0x40) != 0) {
            throw new UnsupportedWasmFeatureException("multi-memory", where);
          }
          if (align > 3) {
            throw new org.jicp.wasm.InvalidWasmException("alignment", where,
                "alignment 2^" + align + " is larger than natural");
          }
          out.imm = memory64 ? r.u64() : r.u32() & 0xFFFF_FFFFL;
        } else if (op < 0x45 || op > 0xC4) {
          throw r.malformed("unknown opcode 0x" + Integer.toHexString(op));
        }
      }
    }
    out.op = op;
    out.end = r.position();
  }

  private static void memIndexZero(ByteReader r, String where) {
    if (r.u8() != 0) {
      throw new UnsupportedWasmFeatureException("multi-memory", where);
    }
  }

  private static void blockType(ByteReader r) {
    int b = r.array()[r.position()] & 0xFF;
    if (b == 0x40 || b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x70
        || b == 0x6F) {
      r.u8();
    } else if (b == 0x7B) {
      throw new UnsupportedWasmFeatureException(ParsedModule.SIMD, "block type");
    } else {
      long idx = r.sleb(33);
      if (idx < 0) {
        throw r.malformed("invalid block type");
      }
    }
  }

  /** Skips a constant expression up to and including its {@code end}. */
  public static void skipConstExpr(ByteReader r) {
    Insn in = new Insn();
    do {
      next(r, in, "constant expression");
    } while (in.op != END);
  }

  /** Copies a constant expression, adding {@code shift} to {@code ref.func} indices. */
  public static void copyConstExpr(ByteReader r, ByteWriter w, int shift) {
    Insn in = new Insn();
    do {
      next(r, in, "constant expression");
      if (in.op == REF_FUNC) {
        w.u8(REF_FUNC).u32((int) in.imm + shift);
      } else {
        w.bytes(r.array(), in.start, in.end - in.start);
      }
    } while (in.op != END);
  }

  /** Whether {@code op} is a load or a store (0x28..0x3E). */
  public static boolean isLoadOrStore(int op) {
    return op >= 0x28 && op <= 0x3E;
  }

  /**
   * The IC's static cost of an instruction ({@code instruction_to_cost}): as {@link #cost(int)},
   * but loads and stores cost 2 in a wasm64 module.
   */
  public static int cost(int op, boolean wasm64) {
    return wasm64 && isLoadOrStore(op) ? 2 : cost(op);
  }

  /** The IC's static cost of an instruction in a wasm32 module. */
  public static int cost(int op) {
    if (op >= 0xFC00) {
      int sub = op & 0xFF;
      if (sub <= 7) {
        return 20; // trunc_sat
      }
      return switch (sub) {
        case 8, 10, 11, 12, 14, 17 -> 100; // bulk memory / table
        case 9, 13 -> 300; // data.drop, elem.drop
        case 15 -> 300; // table.grow
        case 16 -> 100; // table.size
        default -> 1;
      };
    }
    switch (op) {
      case BLOCK, LOOP, ELSE, END:
        return 0;
      case IF, BR, BR_IF, BR_TABLE:
        return 2;
      case CALL:
        return 5;
      case CALL_INDIRECT:
        return 10;
      case RETURN_CALL:
        return 3;
      case RETURN_CALL_INDIRECT:
        return 60;
      case GLOBAL_GET, GLOBAL_SET:
        return 2;
      case 0x25, 0x26:
        return 5; // table.get, table.set
      case 0x3F:
        return 20; // memory.size
      case MEMORY_GROW:
        return 300;
      case 0xD1:
        return 5; // ref.is_null
      case REF_FUNC:
        return 130;
      case 0x6D, 0x6E, 0x6F, 0x70, 0x7F, 0x80, 0x81, 0x82:
        return 10; // integer div/rem
      default:
        break;
    }
    if (op >= 0x5B && op <= 0x66) {
      return 3; // float comparisons
    }
    return switch (op) {
      case 0x8D, 0x8E, 0x8F, 0x90, 0x92, 0x93, 0x94, 0x98 -> 2; // f32 ceil..nearest, add/sub/mul, copysign
      case 0x91 -> 5; // f32.sqrt
      case 0x95 -> 3; // f32.div
      case 0x96, 0x97, 0xA4, 0xA5 -> 18; // min/max
      case 0x9B, 0x9C, 0x9D, 0x9E, 0xA0, 0xA1, 0xA2 -> 2; // f64 ceil..nearest, add/sub/mul
      case 0x9F -> 8; // f64.sqrt
      case 0xA3 -> 5; // f64.div
      case 0xA6 -> 3; // f64.copysign
      case 0xA8, 0xA9, 0xAA, 0xAB, 0xAE, 0xAF, 0xB0, 0xB1 -> 20; // float -> int trunc
      case 0xB2, 0xB4, 0xB7, 0xB9 -> 3; // convert signed
      case 0xB3, 0xB5, 0xB8, 0xBA -> 16; // convert unsigned
      default -> 1;
    };
  }

  /**
   * The value type (F32 or F64 byte) of the result of a float instruction that can produce a NaN
   * (arithmetic, rounding, sqrt, min/max, demote/promote), or 0 for any other instruction: the
   * instructions after which the NaN canonicalization pass injects its check.
   */
  public static byte nanResult(int op) {
    if ((op >= 0x8D && op <= 0x97) || op == 0xB6) {
      return ParsedModule.F32;
    }
    if ((op >= 0x9B && op <= 0xA5) || op == 0xBB) {
      return ParsedModule.F64;
    }
    return 0;
  }
}
