package org.jicp.candid.internal.binary;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.crypto.Principal;

/**
 * Encodes values at types into a binary message (Candid spec, "Serialisation", functions {@code
 * T}, {@code M} and {@code A}). Values must have the types they are written at; integer values of
 * any kind are accepted at any integer type they fit, an absent field of an {@code opt}, {@code
 * null} or {@code reserved} type is written as such, and any value is accepted at {@code
 * reserved} (which writes nothing).
 */
public final class BinaryEncoder {
  /** A value that does not have its type; the path is built while unwinding. */
  private static final class Mistyped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ArrayList<String> path = new ArrayList<>(4);

    Mistyped(String message) {
      super(message, null, false, false);
    }
  }

  private static final byte[] MAGIC = {'D', 'I', 'D', 'L'};

  private final ByteWriter out;

  private BinaryEncoder(ByteWriter out) {
    this.out = out;
  }

  /** {@code B(kv* : <datatype>*)}: the message of {@code values} at {@code types}. */
  public static byte[] encode(List<CandidType> types, List<CandidValue> values) {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(
          types.size() + " types but " + values.size() + " values");
    }
    ByteWriter msg = header(types, 64);
    for (int i = 0; i < types.size(); i++) {
      writeValue(msg, types.get(i), values.get(i), i);
    }
    return msg.finish();
  }

  /**
   * A writer holding {@code DIDL}, the type table and the argument types of {@code types}, with
   * room for {@code valueBytes} more bytes (a hint; the writer grows as needed).
   */
  public static ByteWriter header(List<CandidType> types, int valueBytes) {
    TypeTableBuilder table = new TypeTableBuilder();
    int[] refs = new int[types.size()];
    for (int i = 0; i < refs.length; i++) {
      refs[i] = table.ref(types.get(i));
    }
    ByteWriter head = new ByteWriter(64);
    head.bytes(MAGIC);
    table.writeTo(head);
    head.leb(refs.length);
    for (int r : refs) {
      head.sleb(r);
    }
    long capacity = (long) head.size() + Math.max(0, valueBytes);
    ByteWriter msg = new ByteWriter((int) Math.min(capacity, Integer.MAX_VALUE - 16));
    msg.bytes(head);
    return msg;
  }

  /**
   * Writes {@code M(v : t)} for argument {@code arg}.
   *
   * @throws InvalidValueException if the value does not have the type (naming the path)
   */
  public static void writeValue(ByteWriter out, CandidType t, CandidValue v, int arg) {
    try {
      new BinaryEncoder(out).write(t, v);
    } catch (Mistyped m) {
      StringBuilder sb = new StringBuilder("argument ").append(arg);
      for (int k = m.path.size() - 1; k >= 0; k--) {
        sb.append(m.path.get(k));
      }
      throw new InvalidValueException(sb.append(": ").append(m.getMessage()).toString());
    }
  }

  private static Mistyped mistyped(CandidType t, CandidValue v) {
    String shown = v.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new Mistyped("the value " + shown + " does not have type " + t);
  }

  private void write(CandidType t0, CandidValue v) {
    CandidType t = t0;
    while (t instanceof CandidType.Ref r) {
      t = r.definition();
    }
    if (t instanceof Primitive p) {
      primitive(p, v);
    } else if (t instanceof CandidType.Opt o) {
      if (v instanceof CandidValue.Opt ov) {
        if (ov.value().isEmpty()) {
          out.u8(0);
        } else {
          out.u8(1);
          write(o.inner(), ov.value().get());
        }
      } else if (v instanceof CandidValue.Null) {
        out.u8(0);
      } else {
        throw mistyped(t0, v);
      }
    } else if (t instanceof CandidType.Vec vt) {
      vec(vt, v);
    } else if (t instanceof CandidType.Record r) {
      record(r, v);
    } else if (t instanceof CandidType.Variant var) {
      if (!(v instanceof CandidValue.Variant vv)) {
        throw mistyped(t0, v);
      }
      int i = var.indexOf(vv.label());
      if (i < 0) {
        throw new Mistyped("variant case " + vv.label() + " is not a case of " + t0);
      }
      out.leb(i);
      try {
        write(var.cases().get(i).type(), vv.value());
      } catch (Mistyped m) {
        m.path.add("." + vv.label());
        throw m;
      }
    } else if (t instanceof CandidType.Func) {
      if (!(v instanceof CandidValue.FuncRef f)) {
        throw mistyped(t0, v);
      }
      out.u8(1);
      principal(f.service());
      out.text(f.method());
    } else if (t instanceof CandidType.Service) {
      if (v instanceof CandidValue.ServiceRef s) {
        principal(s.principal());
      } else {
        throw mistyped(t0, v);
      }
    } else {
      throw new Mistyped("a future type cannot be encoded");
    }
  }

  private void principal(Principal p) {
    out.u8(1);
    out.leb(p.bytes().length());
    out.bytes(p.bytes());
  }

  private void vec(CandidType.Vec t, CandidValue v) {
    if (v instanceof CandidValue.Blob b) {
      if (t.element().resolve() != Primitive.NAT8) {
        throw mistyped(t, v);
      }
      out.leb(b.bytes().length());
      out.bytes(b.bytes());
      return;
    }
    if (!(v instanceof CandidValue.Vec vec)) {
      throw mistyped(t, v);
    }
    List<CandidValue> es = vec.elements();
    out.leb(es.size());
    CandidType et = t.element();
    int i = 0;
    try {
      for (; i < es.size(); i++) {
        write(et, es.get(i));
      }
    } catch (Mistyped m) {
      m.path.add("[" + i + "]");
      throw m;
    }
  }

  private void record(CandidType.Record t, CandidValue v) {
    if (!(v instanceof CandidValue.Record r)) {
      throw mistyped(t, v);
    }
    List<CandidType.Field> tf = t.fields();
    List<CandidValue.Field> vf = r.fields();
    int j = 0;
    for (CandidType.Field f : tf) {
      long id = f.label().id();
      while (j < vf.size() && vf.get(j).label().id() < id) {
        throw new Mistyped(
            "field " + vf.get(j).label() + " is not a field of the record type " + t);
      }
      if (j < vf.size() && vf.get(j).label().id() == id) {
        try {
          write(f.type(), vf.get(j).value());
        } catch (Mistyped m) {
          m.path.add("." + f.label());
          throw m;
        }
        j++;
      } else {
        CandidType ft = f.type().resolve();
        if (ft instanceof CandidType.Opt) {
          out.u8(0);
        } else if (ft != Primitive.NULL && ft != Primitive.RESERVED) {
          throw new Mistyped("field " + f.label() + " of type " + f.type() + " is missing");
        }
      }
    }
    if (j < vf.size()) {
      throw new Mistyped("field " + vf.get(j).label() + " is not a field of the record type " + t);
    }
  }

  private void primitive(Primitive p, CandidValue v) {
    switch (p) {
      case RESERVED:
        return;
      case NULL:
        if (v instanceof CandidValue.Null) {
          return;
        }
        break;
      case BOOL:
        if (v instanceof CandidValue.Bool b) {
          out.u8(b.value() ? 1 : 0);
          return;
        }
        break;
      case TEXT:
        if (v instanceof CandidValue.Text s) {
          out.text(s.value());
          return;
        }
        break;
      case FLOAT32:
        if (v instanceof CandidValue.Float32 f) {
          out.le32(Float.floatToRawIntBits(f.value()));
          return;
        }
        break;
      case FLOAT64:
        if (v instanceof CandidValue.Float64 f) {
          out.le64(Double.doubleToRawLongBits(f.value()));
          return;
        }
        if (v instanceof CandidValue.Float32 f) {
          out.le64(Double.doubleToRawLongBits(f.value()));
          return;
        }
        break;
      case PRINCIPAL:
        if (v instanceof CandidValue.PrincipalRef pr) {
          principal(pr.principal());
          return;
        }
        if (v instanceof CandidValue.ServiceRef sr) {
          principal(sr.principal());
          return;
        }
        break;
      case EMPTY:
        throw new Mistyped("no value has type empty");
      default:
        if (integer(p, v)) {
          return;
        }
        break;
    }
    throw mistyped(p, v);
  }

  /** Writes an integer value at an integer type; false if {@code v} is no integer. */
  private boolean integer(Primitive p, CandidValue v) {
    // Fast paths: the value has exactly the type.
    switch (p) {
      case NAT8:
        if (v instanceof CandidValue.Nat8 n) {
          out.u8(n.value());
          return true;
        }
        break;
      case NAT16:
        if (v instanceof CandidValue.Nat16 n) {
          out.le16(n.value());
          return true;
        }
        break;
      case NAT32:
        if (v instanceof CandidValue.Nat32 n) {
          out.le32((int) n.value());
          return true;
        }
        break;
      case NAT64:
        if (v instanceof CandidValue.Nat64 n) {
          out.le64(n.bits());
          return true;
        }
        break;
      case INT8:
        if (v instanceof CandidValue.Int8 n) {
          out.u8(n.value());
          return true;
        }
        break;
      case INT16:
        if (v instanceof CandidValue.Int16 n) {
          out.le16(n.value());
          return true;
        }
        break;
      case INT32:
        if (v instanceof CandidValue.Int32 n) {
          out.le32(n.value());
          return true;
        }
        break;
      case INT64:
        if (v instanceof CandidValue.Int64 n) {
          out.le64(n.value());
          return true;
        }
        break;
      case NAT:
        if (v instanceof CandidValue.Nat n) {
          out.leb(n.value());
          return true;
        }
        break;
      case INT:
        if (v instanceof CandidValue.Int n) {
          out.sleb(n.value());
          return true;
        }
        break;
      default:
        return false;
    }
    BigInteger x = CandidTypeInference.integerOf(v);
    if (x == null) {
      return false;
    }
    CandidValue conv = CandidTypeInference.integerValue(x, p);
    if (conv == null) {
      throw new Mistyped(x + " is out of the range of " + p);
    }
    return integer(p, conv);
  }
}
