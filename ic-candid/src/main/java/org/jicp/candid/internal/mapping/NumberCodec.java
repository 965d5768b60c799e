package org.jicp.candid.internal.mapping;

import java.math.BigInteger;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.candid.internal.binary.ByteWriter;

/**
 * Integers between Java and Candid. A Java integer of the same width as an unsigned Candid type
 * ({@code long} and {@code nat64}, {@code int} and {@code nat32}, …) carries the bits (so a
 * negative {@code long} stands for a {@code nat64} of at least 2^63); otherwise values are
 * converted and checked against the target range.
 */
record NumberCodec(CandidType type, Primitive p, Java kind) implements Codec {
  /** The Java integer kinds. */
  enum Java {
    BYTE(8),
    SHORT(16),
    INT(32),
    LONG(64),
    BIG(0);

    final int bits;

    Java(int bits) {
      this.bits = bits;
    }

    static Java of(Class<?> c) {
      if (c == byte.class || c == Byte.class) {
        return BYTE;
      } else if (c == short.class || c == Short.class) {
        return SHORT;
      } else if (c == int.class || c == Integer.class) {
        return INT;
      } else if (c == long.class || c == Long.class) {
        return LONG;
      } else if (c == BigInteger.class) {
        return BIG;
      }
      return null;
    }
  }

  private static int unsignedBits(Primitive p) {
    return switch (p) {
      case NAT8 -> 8;
      case NAT16 -> 16;
      case NAT32 -> 32;
      case NAT64 -> 64;
      default -> -1;
    };
  }

  @Override
  public CandidValue toValue(Object o) {
    if (o == null || Java.of(o.getClass()) != kind) {
      throw new InvalidValueException("the Java value " + o + " cannot be written as " + type);
    }
    if (kind != Java.BIG) {
      long x = ((Number) o).longValue();
      if (kind.bits == unsignedBits(p)) {
        long mask = kind.bits == 64 ? -1L : (1L << kind.bits) - 1;
        x &= mask;
        switch (p) {
          case NAT8:
            return new CandidValue.Nat8((int) x);
          case NAT16:
            return new CandidValue.Nat16((int) x);
          case NAT32:
            return new CandidValue.Nat32(x);
          default:
            return new CandidValue.Nat64(x);
        }
      }
      switch (p) {
        case INT64:
          return new CandidValue.Int64(x);
        case INT32:
          if (x == (int) x) {
            return new CandidValue.Int32((int) x);
          }
          break;
        case INT:
          return new CandidValue.Int(BigInteger.valueOf(x));
        case NAT:
          if (x >= 0) {
            return new CandidValue.Nat(BigInteger.valueOf(x));
          }
          break;
        default:
          break;
      }
      CandidValue v = CandidTypeInference.integerValue(BigInteger.valueOf(x), p);
      if (v == null) {
        throw new InvalidValueException(x + " is out of the range of " + p);
      }
      return v;
    }
    BigInteger b = (BigInteger) o;
    CandidValue v = CandidTypeInference.integerValue(b, p);
    if (v == null) {
      throw new InvalidValueException(b + " is out of the range of " + p);
    }
    return v;
  }

  @Override
  public void write(Object o, ByteWriter out) {
    if (o instanceof Long x && kind == Java.LONG && (p == Primitive.NAT64 || p == Primitive.INT64)) {
      out.le64(x);
      return;
    }
    if (o instanceof Integer x && kind == Java.INT && (p == Primitive.NAT32 || p == Primitive.INT32)) {
      out.le32(x);
      return;
    }
    if (o instanceof BigInteger b && kind == Java.BIG) {
      if (p == Primitive.NAT && b.signum() >= 0) {
        out.leb(b);
        return;
      }
      if (p == Primitive.INT) {
        out.sleb(b);
        return;
      }
    }
    CandidValue v = toValue(o);
    switch (p) {
      case NAT -> out.leb(((CandidValue.Nat) v).value());
      case INT -> out.sleb(((CandidValue.Int) v).value());
      case NAT8 -> out.u8(((CandidValue.Nat8) v).value());
      case NAT16 -> out.le16(((CandidValue.Nat16) v).value());
      case NAT32 -> out.le32((int) ((CandidValue.Nat32) v).value());
      case NAT64 -> out.le64(((CandidValue.Nat64) v).bits());
      case INT8 -> out.u8(((CandidValue.Int8) v).value());
      case INT16 -> out.le16(((CandidValue.Int16) v).value());
      case INT32 -> out.le32(((CandidValue.Int32) v).value());
      default -> out.le64(((CandidValue.Int64) v).value());
    }
  }

  @Override
  public int sizeHint(Object o) {
    return o instanceof BigInteger b ? b.bitLength() / 7 + 1 : 8;
  }

  @Override
  public Object fromValue(CandidValue v) {
    if (kind != Java.BIG && kind.bits == unsignedBits(p)) {
      long bits;
      if (v instanceof CandidValue.Nat64 n) {
        bits = n.bits();
      } else if (v instanceof CandidValue.Nat32 n) {
        bits = n.value();
      } else if (v instanceof CandidValue.Nat16 n) {
        bits = n.value();
      } else if (v instanceof CandidValue.Nat8 n) {
        bits = n.value();
      } else {
        throw new InvalidValueException("the Candid value " + v + " does not have type " + type);
      }
      return box(bits);
    }
    if (kind == Java.LONG && v instanceof CandidValue.Int64 n) {
      return n.value();
    }
    if (kind == Java.INT && v instanceof CandidValue.Int32 n) {
      return n.value();
    }
    BigInteger b = CandidTypeInference.integerOf(v);
    if (b == null) {
      throw new InvalidValueException("the Candid value " + v + " does not have type " + type);
    }
    if (kind == Java.BIG) {
      return b;
    }
    if (b.bitLength() >= kind.bits) {
      throw new InvalidValueException(
          b + " does not fit in a Java " + kind.name().toLowerCase(java.util.Locale.ROOT));
    }
    return box(b.longValue());
  }

  private Object box(long x) {
    return switch (kind) {
      case BYTE -> (byte) x;
      case SHORT -> (short) x;
      case INT -> (int) x;
      default -> x;
    };
  }
}
