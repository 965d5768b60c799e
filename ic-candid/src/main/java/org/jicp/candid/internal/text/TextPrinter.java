package org.jicp.candid.internal.text;

import java.util.List;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.Label;
import org.jicp.crypto.Bytes;

/** Prints types and values in the Candid text syntax, on one line. */
public final class TextPrinter {
  /** Words that cannot be identifiers; names equal to one are printed quoted. */
  static final Set<String> KEYWORDS =
      Set.of(
          "type", "import", "service", "func", "opt", "vec", "record", "variant", "blob",
          "principal", "query", "oneway", "composite_query", "true", "false", "null", "bool",
          "nat", "int", "nat8", "nat16", "nat32", "nat64", "int8", "int16", "int32", "int64",
          "float32", "float64", "text", "reserved", "empty");

  private final StringBuilder sb = new StringBuilder();
  private final boolean ascii;

  private TextPrinter(boolean ascii) {
    this.ascii = ascii;
  }

  /** The Candid syntax of a type. */
  public static String type(CandidType t) {
    TextPrinter p = new TextPrinter(false);
    p.printType(t);
    return p.sb.toString();
  }

  /** The Candid syntax of a value. */
  public static String value(CandidValue v) {
    TextPrinter p = new TextPrinter(false);
    p.printValue(v);
    return p.sb.toString();
  }

  /** {@code (v1, v2, …)}; with {@code ascii}, every non-ASCII character is escaped. */
  public static String args(List<CandidValue> values, boolean ascii) {
    TextPrinter p = new TextPrinter(ascii);
    p.sb.append('(');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        p.sb.append(", ");
      }
      p.printValue(values.get(i));
    }
    p.sb.append(')');
    return p.sb.toString();
  }

  /** {@code (t1, t2, …)}. */
  public static String argTypes(List<CandidType> types) {
    TextPrinter p = new TextPrinter(false);
    p.printTuple(types);
    return p.sb.toString();
  }

  /** A label: its name (quoted when not an identifier) or its id. */
  public static String label(Label l) {
    return l.name() != null ? name(l.name()) : Long.toString(l.id());
  }

  /** A name: as is when it is an identifier, otherwise as a quoted text. */
  public static String name(String n) {
    if (isIdentifier(n)) {
      return n;
    }
    TextPrinter p = new TextPrinter(false);
    p.quote(n);
    return p.sb.toString();
  }

  /** Whether {@code s} is an identifier that is not a keyword. */
  public static boolean isIdentifier(String s) {
    if (s.isEmpty() || KEYWORDS.contains(s)) {
      return false;
    }
    char c0 = s.charAt(0);
    if (!(c0 == '_' || (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private void printTuple(List<CandidType> types) {
    sb.append('(');
    for (int i = 0; i < types.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      printType(types.get(i));
    }
    sb.append(')');
  }

  private void printType(CandidType t) {
    if (t instanceof CandidType.Primitive p) {
      sb.append(p.keyword());
    } else if (t instanceof CandidType.Ref r) {
      sb.append(name(r.name()));
    } else if (t instanceof CandidType.Opt o) {
      sb.append("opt ");
      printType(o.inner());
    } else if (t instanceof CandidType.Vec v) {
      if (v.element() == CandidType.Primitive.NAT8) {
        sb.append("blob");
      } else {
        sb.append("vec ");
        printType(v.element());
      }
    } else if (t instanceof CandidType.Record r) {
      sb.append("record {");
      boolean tuple = r.isTuple();
      String sep = " ";
      for (CandidType.Field f : r.fields()) {
        sb.append(sep);
        sep = "; ";
        if (!tuple) {
          sb.append(label(f.label())).append(" : ");
        }
        printType(f.type());
      }
      sb.append(r.fields().isEmpty() ? "}" : " }");
    } else if (t instanceof CandidType.Variant v) {
      sb.append("variant {");
      String sep = " ";
      for (CandidType.Field f : v.cases()) {
        sb.append(sep).append(label(f.label()));
        sep = "; ";
        if (f.type() != CandidType.Primitive.NULL) {
          sb.append(" : ");
          printType(f.type());
        }
      }
      sb.append(v.cases().isEmpty() ? "}" : " }");
    } else if (t instanceof CandidType.Func f) {
      sb.append("func ");
      printFuncSignature(f);
    } else if (t instanceof CandidType.Service s) {
      sb.append("service {");
      String sep = " ";
      for (CandidType.Method m : s.methods()) {
        sb.append(sep).append(name(m.name())).append(" : ");
        sep = "; ";
        if (m.type() instanceof CandidType.Func f) {
          printFuncSignature(f);
        } else {
          printType(m.type());
        }
      }
      sb.append(s.methods().isEmpty() ? "}" : " }");
    } else if (t instanceof CandidType.Future fu) {
      sb.append("reserved /* future type ").append(fu.opcode()).append(" */");
    }
  }

  private void printFuncSignature(CandidType.Func f) {
    printTuple(f.args());
    sb.append(" -> ");
    printTuple(f.results());
    for (CandidType.FuncMode m : f.modes()) {
      sb.append(' ').append(m.keyword());
    }
  }

  /** The method signature {@code (args) -> (results) modes}, as in a service. */
  public static String signature(CandidType.Func f) {
    TextPrinter p = new TextPrinter(false);
    p.printFuncSignature(f);
    return p.sb.toString();
  }

  private void printValue(CandidValue v) {
    if (v instanceof CandidValue.Null || v instanceof CandidValue.Reserved) {
      sb.append("null");
    } else if (v instanceof CandidValue.Bool b) {
      sb.append(b.value());
    } else if (v instanceof CandidValue.Nat n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Int n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Nat8 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Nat16 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Nat32 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Nat64 n) {
      sb.append(Long.toUnsignedString(n.bits()));
    } else if (v instanceof CandidValue.Int8 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Int16 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Int32 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Int64 n) {
      sb.append(n.value());
    } else if (v instanceof CandidValue.Float32 f) {
      sb.append(floatText(f.value(), Float.toString(f.value())));
    } else if (v instanceof CandidValue.Float64 f) {
      sb.append(floatText(f.value(), Double.toString(f.value())));
    } else if (v instanceof CandidValue.Text t) {
      quote(t.value());
    } else if (v instanceof CandidValue.Opt o) {
      if (o.value().isEmpty()) {
        sb.append("null");
      } else {
        sb.append("opt ");
        printValue(o.value().get());
      }
    } else if (v instanceof CandidValue.Vec vec) {
      List<CandidValue> es = vec.elements();
      if (es.isEmpty()) {
        sb.append("vec {}");
        return;
      }
      sb.append("vec { ");
      for (int i = 0; i < es.size(); i++) {
        if (i > 0) {
          sb.append("; ");
        }
        printValue(es.get(i));
      }
      sb.append(" }");
    } else if (v instanceof CandidValue.Blob b) {
      sb.append("blob ");
      blob(b.bytes());
    } else if (v instanceof CandidValue.Record r) {
      List<CandidValue.Field> fs = r.fields();
      if (fs.isEmpty()) {
        sb.append("record {}");
        return;
      }
      boolean tuple = true;
      for (int i = 0; i < fs.size(); i++) {
        if (fs.get(i).label().id() != i || fs.get(i).label().name() != null) {
          tuple = false;
          break;
        }
      }
      sb.append("record { ");
      for (int i = 0; i < fs.size(); i++) {
        if (i > 0) {
          sb.append("; ");
        }
        if (!tuple) {
          sb.append(label(fs.get(i).label())).append(" = ");
        }
        printValue(fs.get(i).value());
      }
      sb.append(" }");
    } else if (v instanceof CandidValue.Variant var) {
      sb.append("variant { ").append(label(var.label()));
      if (!(var.value() instanceof CandidValue.Null)) {
        sb.append(" = ");
        printValue(var.value());
      }
      sb.append(" }");
    } else if (v instanceof CandidValue.PrincipalRef p) {
      sb.append("principal \"").append(p.principal().toText()).append('"');
    } else if (v instanceof CandidValue.ServiceRef s) {
      sb.append("service \"").append(s.principal().toText()).append('"');
    } else if (v instanceof CandidValue.FuncRef f) {
      sb.append("func \"").append(f.service().toText()).append("\".");
      if (isIdentifier(f.method())) {
        sb.append(f.method());
      } else {
        quote(f.method());
      }
    }
  }

  private static String floatText(double d, String javaText) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return javaText.replace('E', 'e');
  }

  private void quote(String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || (ascii && c > 0x7e)) {
            sb.append("\\u{").append(Integer.toHexString(c)).append('}');
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private void blob(Bytes bytes) {
    sb.append('"');
    int n = bytes.length();
    for (int i = 0; i < n; i++) {
      int b = bytes.get(i) & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append('\\').append(HEX[b >> 4]).append(HEX[b & 15]);
      }
    }
    sb.append('"');
  }
}
