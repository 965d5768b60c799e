package org.jicp.candid.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;

/** Number conversions between {@link CandidValue}s, and the type a value has on its own. */
public final class CandidTypeInference {

  private CandidTypeInference() {}

  /**
   * The value a record field or argument of type {@code t} takes when it is absent: {@code null}
   * for {@code opt} and {@code null}, the reserved value for {@code reserved}; {@code null} (no
   * value) for every other type.
   */
  public static CandidValue absentValue(CandidType t) {
    CandidType r = t.resolve();
    if (r instanceof CandidType.Opt) {
      return CandidValue.NONE;
    }
    if (r == Primitive.NULL) {
      return CandidValue.NULL;
    }
    if (r == Primitive.RESERVED) {
      return CandidValue.RESERVED;
    }
    return null;
  }

  /** The integer of an integer-kind value, or {@code null} for other values. */
  public static BigInteger integerOf(CandidValue v) {
    if (v instanceof CandidValue.Nat n) {
      return n.value();
    } else if (v instanceof CandidValue.Int n) {
      return n.value();
    } else if (v instanceof CandidValue.Nat8 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Nat16 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Nat32 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Nat64 n) {
      return n.toBigInteger();
    } else if (v instanceof CandidValue.Int8 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Int16 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Int32 n) {
      return BigInteger.valueOf(n.value());
    } else if (v instanceof CandidValue.Int64 n) {
      return BigInteger.valueOf(n.value());
    }
    return null;
  }

  /** The value of integer type {@code p} holding {@code v}, or {@code null} if out of range. */
  public static CandidValue integerValue(BigInteger v, Primitive p) {
    int bits = v.bitLength();
    int sign = v.signum();
    switch (p) {
      case NAT:
        return sign >= 0 ? new CandidValue.Nat(v) : null;
      case INT:
        return new CandidValue.Int(v);
      case NAT8:
        return sign >= 0 && bits <= 8 ? new CandidValue.Nat8(v.intValue()) : null;
      case NAT16:
        return sign >= 0 && bits <= 16 ? new CandidValue.Nat16(v.intValue()) : null;
      case NAT32:
        return sign >= 0 && bits <= 32 ? new CandidValue.Nat32(v.longValue()) : null;
      case NAT64:
        return sign >= 0 && bits <= 64 ? new CandidValue.Nat64(v.longValue()) : null;
      case INT8:
        return bits <= 7 ? new CandidValue.Int8(v.byteValue()) : null;
      case INT16:
        return bits <= 15 ? new CandidValue.Int16(v.shortValue()) : null;
      case INT32:
        return bits <= 31 ? new CandidValue.Int32(v.intValue()) : null;
      case INT64:
        return bits <= 63 ? new CandidValue.Int64(v.longValue()) : null;
      default:
        return null;
    }
  }

  /**
   * The type of a value on its own (for encoding without a type): numbers keep their kind, an
   * absent {@code opt} is {@code opt empty}, an empty {@code vec} is {@code vec empty}, a variant
   * has its one case, references have the least informative types; the elements of a {@code vec}
   * are joined (so {@code vec { null; opt 1 }} is {@code vec opt int}).
   *
   * @throws InvalidValueException if the elements of a vec have no common type
   */
  public static CandidType typeOf(CandidValue v) {
    if (v instanceof CandidValue.Null) {
      return Primitive.NULL;
    } else if (v instanceof CandidValue.Reserved) {
      return Primitive.RESERVED;
    } else if (v instanceof CandidValue.Bool) {
      return Primitive.BOOL;
    } else if (v instanceof CandidValue.Nat) {
      return Primitive.NAT;
    } else if (v instanceof CandidValue.Int) {
      return Primitive.INT;
    } else if (v instanceof CandidValue.Nat8) {
      return Primitive.NAT8;
    } else if (v instanceof CandidValue.Nat16) {
      return Primitive.NAT16;
    } else if (v instanceof CandidValue.Nat32) {
      return Primitive.NAT32;
    } else if (v instanceof CandidValue.Nat64) {
      return Primitive.NAT64;
    } else if (v instanceof CandidValue.Int8) {
      return Primitive.INT8;
    } else if (v instanceof CandidValue.Int16) {
      return Primitive.INT16;
    } else if (v instanceof CandidValue.Int32) {
      return Primitive.INT32;
    } else if (v instanceof CandidValue.Int64) {
      return Primitive.INT64;
    } else if (v instanceof CandidValue.Float32) {
      return Primitive.FLOAT32;
    } else if (v instanceof CandidValue.Float64) {
      return Primitive.FLOAT64;
    } else if (v instanceof CandidValue.Text) {
      return Primitive.TEXT;
    } else if (v instanceof CandidValue.Opt o) {
      return new CandidType.Opt(o.value().isPresent() ? typeOf(o.value().get()) : Primitive.EMPTY);
    } else if (v instanceof CandidValue.Blob) {
      return CandidType.BLOB;
    } else if (v instanceof CandidValue.Vec vec) {
      CandidType e = Primitive.EMPTY;
      for (CandidValue x : vec.elements()) {
        CandidType tx = typeOf(x);
        CandidType j = join(e, tx);
        if (j == null) {
          throw new InvalidValueException(
              "the elements of a vec have no common type: " + e + " and " + tx);
        }
        e = j;
      }
      return new CandidType.Vec(e);
    } else if (v instanceof CandidValue.Record r) {
      List<CandidType.Field> fs = new ArrayList<>(r.fields().size());
      for (CandidValue.Field f : r.fields()) {
        fs.add(new CandidType.Field(f.label(), typeOf(f.value())));
      }
      return new CandidType.Record(fs);
    } else if (v instanceof CandidValue.Variant var) {
      return new CandidType.Variant(
          List.of(new CandidType.Field(var.label(), typeOf(var.value()))));
    } else if (v instanceof CandidValue.PrincipalRef) {
      return Primitive.PRINCIPAL;
    } else if (v instanceof CandidValue.ServiceRef) {
      return new CandidType.Service(List.of());
    } else {
      return new CandidType.Func(List.of(), List.of(), Set.of());
    }
  }

  /** The least type both {@code a} and {@code b} values fit, for inferred types; or {@code null}. */
  static CandidType join(CandidType a, CandidType b) {
    if (a.equals(b) || b == Primitive.EMPTY) {
      return a;
    }
    if (a == Primitive.EMPTY) {
      return b;
    }
    // A null value also fits an opt type.
    if (a == Primitive.NULL && b instanceof CandidType.Opt) {
      return b;
    }
    if (b == Primitive.NULL && a instanceof CandidType.Opt) {
      return a;
    }
    if (a instanceof CandidType.Opt oa && b instanceof CandidType.Opt ob) {
      CandidType j = join(oa.inner(), ob.inner());
      return j == null ? null : new CandidType.Opt(j);
    }
    if (a instanceof CandidType.Vec va && b instanceof CandidType.Vec vb) {
      CandidType j = join(va.element(), vb.element());
      return j == null ? null : new CandidType.Vec(j);
    }
    if (a instanceof CandidType.Record ra && b instanceof CandidType.Record rb) {
      if (ra.fields().size() != rb.fields().size()) {
        return null;
      }
      List<CandidType.Field> fs = new ArrayList<>();
      for (int i = 0; i < ra.fields().size(); i++) {
        CandidType.Field x = ra.fields().get(i);
        CandidType.Field y = rb.fields().get(i);
        if (x.label().id() != y.label().id()) {
          return null;
        }
        CandidType j = join(x.type(), y.type());
        if (j == null) {
          return null;
        }
        fs.add(new CandidType.Field(x.label().withNameFrom(y.label()), j));
      }
      return new CandidType.Record(fs);
    }
    if (a instanceof CandidType.Variant va && b instanceof CandidType.Variant vb) {
      List<CandidType.Field> fs = new ArrayList<>(va.cases());
      for (CandidType.Field c : vb.cases()) {
        int i = va.indexOf(c.label());
        if (i < 0) {
          fs.add(c);
        } else {
          CandidType j = join(va.cases().get(i).type(), c.type());
          if (j == null) {
            return null;
          }
          fs.set(fs.indexOf(va.cases().get(i)), new CandidType.Field(c.label(), j));
        }
      }
      return new CandidType.Variant(fs);
    }
    return null;
  }

}
