package org.jicp.candid.internal.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.crypto.Bytes;

/**
 * Gives textual values their types: {@link #annotate} reads a parsed value at an expected type
 * (numbers take the expected number type, {@code vec nat8} becomes a blob, record fields missing
 * from the text read as {@code null} when their type allows it, extra fields are dropped, anything
 * reads as {@code reserved}); {@link #infer} gives a value its default type ({@code int} for
 * integer literals, {@code float64} for the others).
 */
final class TextValues {

  private final String src;
  private final String source;

  TextValues(String src, String source) {
    this.src = src;
    this.source = source;
  }

  private InvalidValueException error(Ast a, String problem) {
    return new InvalidValueException(Lexer.error(src, source, a.pos(), problem).getMessage());
  }

  private static String describe(Ast a) {
    if (a instanceof Ast.Num n) {
      return "the number " + n.text();
    } else if (a instanceof Ast.Bool b) {
      return b.value() ? "true" : "false";
    } else if (a instanceof Ast.Null) {
      return "null";
    } else if (a instanceof Ast.Text) {
      return "a text";
    } else if (a instanceof Ast.Blob) {
      return "a blob";
    } else if (a instanceof Ast.Opt) {
      return "an opt value";
    } else if (a instanceof Ast.Vec) {
      return "a vec";
    } else if (a instanceof Ast.Record) {
      return "a record";
    } else if (a instanceof Ast.Variant) {
      return "a variant";
    } else if (a instanceof Ast.PrincipalLit) {
      return "a principal";
    } else if (a instanceof Ast.ServiceLit) {
      return "a service reference";
    } else if (a instanceof Ast.FuncLit) {
      return "a function reference";
    }
    return "an annotated value";
  }

  /** The values of an argument list at the given types; missing trailing ones must be null-like. */
  List<CandidValue> annotateArgs(List<Ast> args, List<CandidType> types) {
    List<CandidValue> out = new ArrayList<>(types.size());
    for (int i = 0; i < types.size(); i++) {
      if (i < args.size()) {
        out.add(annotate(args.get(i), types.get(i)));
      } else {
        CandidValue v = CandidTypeInference.absentValue(types.get(i));
        if (v == null) {
          throw new InvalidValueException(
              "argument " + i + " is missing and its type " + types.get(i)
                  + " is not opt, null or reserved");
        }
        out.add(v);
      }
    }
    return out;
  }

  CandidValue annotate(Ast a, CandidType t0) {
    CandidType t = t0.resolve();
    if (a instanceof Ast.Annotated an) {
      annotate(an.value(), an.type());
      return annotate(an.value(), t);
    }
    if (t == Primitive.RESERVED) {
      return CandidValue.RESERVED;
    }
    if (t instanceof Primitive p) {
      return primitive(a, p);
    }
    if (t instanceof CandidType.Opt o) {
      if (a instanceof Ast.Null) {
        return CandidValue.NONE;
      }
      if (a instanceof Ast.Opt v) {
        return new CandidValue.Opt(Optional.of(annotate(v.value(), o.inner())));
      }
      throw error(a, "expected a value of type " + t0 + " (opt … or null), found " + describe(a));
    }
    if (t instanceof CandidType.Vec v) {
      boolean blob = v.element().resolve() == Primitive.NAT8;
      if (a instanceof Ast.Blob b) {
        if (!blob) {
          throw error(a, "a blob is a vec nat8, not " + t0);
        }
        return new CandidValue.Blob(b.bytes());
      }
      if (a instanceof Ast.Vec vec) {
        if (blob) {
          byte[] out = new byte[vec.elements().size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((CandidValue.Nat8) annotate(vec.elements().get(i), Primitive.NAT8))
                .value();
          }
          return new CandidValue.Blob(Bytes.of(out));
        }
        List<CandidValue> es = new ArrayList<>(vec.elements().size());
        for (Ast e : vec.elements()) {
          es.add(annotate(e, v.element()));
        }
        return new CandidValue.Vec(es);
      }
      throw error(a, "expected a value of type " + t0 + ", found " + describe(a));
    }
    if (t instanceof CandidType.Record r) {
      if (!(a instanceof Ast.Record rec)) {
        throw error(a, "expected a record of type " + t0 + ", found " + describe(a));
      }
      Map<Long, Ast.Field> given = fieldsById(rec);
      List<CandidValue.Field> out = new ArrayList<>(r.fields().size());
      for (CandidType.Field f : r.fields()) {
        Ast.Field g = given.get(f.label().id());
        if (g != null) {
          out.add(new CandidValue.Field(f.label(), annotate(g.value(), f.type())));
        } else {
          CandidValue d = CandidTypeInference.absentValue(f.type());
          if (d == null) {
            throw error(a, "record field " + f.label() + " of type " + f.type() + " is missing");
          }
          out.add(new CandidValue.Field(f.label(), d));
        }
      }
      return new CandidValue.Record(out);
    }
    if (t instanceof CandidType.Variant v) {
      if (!(a instanceof Ast.Variant var)) {
        throw error(a, "expected a variant of type " + t0 + ", found " + describe(a));
      }
      Optional<CandidType.Field> c = v.find(var.label());
      if (c.isEmpty()) {
        throw error(a, "variant case " + var.label() + " is not a case of " + t0);
      }
      return new CandidValue.Variant(
          c.get().label(), annotate(var.value(), c.get().type()));
    }
    if (t instanceof CandidType.Func) {
      if (a instanceof Ast.FuncLit f) {
        return new CandidValue.FuncRef(f.service(), f.method());
      }
      throw error(a, "expected a function reference (func \"…\".m), found " + describe(a));
    }
    if (t instanceof CandidType.Service) {
      if (a instanceof Ast.ServiceLit s) {
        return new CandidValue.ServiceRef(s.principal());
      }
      throw error(a, "expected a service reference (service \"…\"), found " + describe(a));
    }
    throw error(a, "no value can be read at type " + t0);
  }

  private Map<Long, Ast.Field> fieldsById(Ast.Record rec) {
    Map<Long, Ast.Field> given = new HashMap<>();
    for (Ast.Field f : rec.fields()) {
      if (given.put(f.label().id(), f) != null) {
        throw new InvalidValueException(
            Lexer.error(src, source, f.pos(), "record field " + f.label() + " appears twice")
                .getMessage());
      }
    }
    return given;
  }

  private CandidValue primitive(Ast a, Primitive p) {
    switch (p) {
      case NULL:
        if (a instanceof Ast.Null) {
          return CandidValue.NULL;
        }
        break;
      case BOOL:
        if (a instanceof Ast.Bool b) {
          return CandidValue.bool(b.value());
        }
        break;
      case TEXT:
        if (a instanceof Ast.Text s) {
          return new CandidValue.Text(s.value());
        }
        break;
      case PRINCIPAL:
        if (a instanceof Ast.PrincipalLit pl) {
          return new CandidValue.PrincipalRef(pl.principal());
        }
        if (a instanceof Ast.ServiceLit sl) {
          return new CandidValue.PrincipalRef(sl.principal());
        }
        break;
      case EMPTY:
        throw error(a, "no value has type empty");
      default:
        if (a instanceof Ast.Num n) {
          return number(n, p);
        }
        break;
    }
    throw error(a, "expected a value of type " + p + ", found " + describe(a));
  }

  private CandidValue number(Ast.Num n, Primitive p) {
    if (p == Primitive.FLOAT32) {
      return new CandidValue.Float32(Numbers.float32(n.text()));
    }
    if (p == Primitive.FLOAT64) {
      return new CandidValue.Float64(Numbers.float64(n.text()));
    }
    if (n.isFloat()) {
      throw error(n, "expected an integer of type " + p + ", found the number " + n.text());
    }
    BigInteger v = Numbers.integer(n.text());
    CandidValue out = CandidTypeInference.integerValue(v, p);
    if (out == null) {
      throw error(n, n.text() + " is out of the range of " + p);
    }
    return out;
  }

  /** The value with its default type. */
  CandidValue infer(Ast a) {
    if (a instanceof Ast.Annotated an) {
      return annotate(an.value(), an.type());
    } else if (a instanceof Ast.Num n) {
      if (n.isFloat()) {
        return new CandidValue.Float64(Numbers.float64(n.text()));
      }
      return new CandidValue.Int(Numbers.integer(n.text()));
    } else if (a instanceof Ast.Bool b) {
      return CandidValue.bool(b.value());
    } else if (a instanceof Ast.Null) {
      return CandidValue.NULL;
    } else if (a instanceof Ast.Text s) {
      return new CandidValue.Text(s.value());
    } else if (a instanceof Ast.Blob b) {
      return new CandidValue.Blob(b.bytes());
    } else if (a instanceof Ast.Opt o) {
      return new CandidValue.Opt(Optional.of(infer(o.value())));
    } else if (a instanceof Ast.Vec v) {
      List<CandidValue> es = new ArrayList<>(v.elements().size());
      for (Ast e : v.elements()) {
        es.add(infer(e));
      }
      return new CandidValue.Vec(es);
    } else if (a instanceof Ast.Record r) {
      fieldsById(r);
      List<CandidValue.Field> fs = new ArrayList<>(r.fields().size());
      for (Ast.Field f : r.fields()) {
        fs.add(new CandidValue.Field(f.label(), infer(f.value())));
      }
      return new CandidValue.Record(fs);
    } else if (a instanceof Ast.Variant v) {
      return new CandidValue.Variant(v.label(), infer(v.value()));
    } else if (a instanceof Ast.PrincipalLit pl) {
      return new CandidValue.PrincipalRef(pl.principal());
    } else if (a instanceof Ast.ServiceLit sl) {
      return new CandidValue.ServiceRef(sl.principal());
    } else if (a instanceof Ast.FuncLit f) {
      return new CandidValue.FuncRef(f.service(), f.method());
    }
    throw new IllegalStateException("unknown value " + a);
  }

}
