package org.jicp.candid.internal.binary;

import org.jicp.candid.CandidType;

/**
 * A type of a message's type table (Candid spec, "Binary Format", {@code T} and {@code I}), with
 * its table references resolved into object links. Primitive wire types are shared constants.
 */
public final class WireType {
  static final int OPT = -18;
  static final int VEC = -19;
  static final int RECORD = -20;
  static final int VARIANT = -21;
  static final int FUNC = -22;
  static final int SERVICE = -23;

  /** The opcode: a primitive's, a composite's, or a future type's (below -24). */
  final int op;
  /** The table index, or {@code -1} for a primitive. */
  final int index;
  /** The primitive, for primitive wire types. */
  final CandidType.Primitive prim;

  /** Element of {@code opt}/{@code vec}. */
  WireType inner;
  /** Field ids of {@code record}/{@code variant}, strictly increasing. */
  long[] ids;
  /** Field types of {@code record}/{@code variant}. */
  WireType[] types;
  /** Parameters of {@code func}. */
  WireType[] args;
  /** Results of {@code func}. */
  WireType[] rets;
  /** Annotation codes of {@code func}. */
  int[] modes;
  /** Method names of {@code service}, strictly increasing. */
  String[] names;
  /** Method types of {@code service}. */
  WireType[] methods;
  /** Opaque bytes of a future type. */
  byte[] futureData;
  /** A lower bound of the size in bytes of any value of this type. */
  int minSize;

  private static final WireType[] PRIMS = new WireType[25];

  static {
    for (CandidType.Primitive p : CandidType.Primitive.values()) {
      PRIMS[-p.opcode()] = new WireType(p);
    }
  }

  private WireType(CandidType.Primitive p) {
    this.op = p.opcode();
    this.index = -1;
    this.prim = p;
    this.minSize =
        switch (p) {
          case NULL, RESERVED, EMPTY -> 0;
          case NAT16, INT16 -> 2;
          case NAT32, INT32, FLOAT32 -> 4;
          case NAT64, INT64, FLOAT64 -> 8;
          case PRINCIPAL -> 2;
          default -> 1;
        };
  }

  WireType(int op, int index) {
    this.op = op;
    this.index = index;
    this.prim = null;
    this.minSize = op < -24 ? 2 : (op == RECORD ? 0 : 1);
  }

  /** The primitive wire type with opcode {@code op}, or {@code null} if {@code op} is none. */
  static WireType primitive(long op) {
    if (op >= 0 || op < -24) {
      return null;
    }
    return PRIMS[(int) -op];
  }

  /** Whether values of this type are all {@code null}-like ({@code null <: t}). */
  boolean isNullLike() {
    return op == -1 || op == -16 || op == OPT;
  }

  /** Whether this is a future type. */
  boolean isFuture() {
    return op < -24;
  }

  /** A short description for error messages. */
  String describe() {
    if (prim != null) {
      return prim.keyword();
    }
    String kind =
        switch (op) {
          case OPT -> "opt";
          case VEC -> "vec";
          case RECORD -> "record";
          case VARIANT -> "variant";
          case FUNC -> "func";
          case SERVICE -> "service";
          default -> "future type " + op;
        };
    return kind + " (type table entry " + index + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
