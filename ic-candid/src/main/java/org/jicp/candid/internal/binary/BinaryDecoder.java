package org.jicp.candid.internal.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DecoderConfig;
import org.jicp.candid.DecodingLimitExceededException;
import org.jicp.candid.InvalidValueException;
import org.jicp.candid.Label;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.candid.internal.IdentityPair;
import org.jicp.candid.internal.Subtyping;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * Decodes the values of a binary message at expected types (Candid spec, "Deserialisation"),
 * applying the coercion relation {@code v : t ~> v' : t'} while it reads, so that no value of the
 * wire type is ever built: fields missing from the wire read as {@code null}, extra fields and
 * arguments are skipped (and checked), {@code opt} recovers from a value that does not coerce by
 * rewinding and skipping it, and references are checked with the subtyping relation.
 *
 * <p>Every value decoded or skipped costs one unit of the message's budget; nesting is limited
 * (see {@link DecoderConfig}). Not thread-safe; one instance decodes one message.
 */
public final class BinaryDecoder {
  /** A value that does not coerce to the expected type; recoverable under {@code opt}. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int position;
    final ArrayList<String> path = new ArrayList<>(4);

    Mismatch(int position, String message) {
      super(message, null, false, false);
      this.position = position;
    }
  }

  private final ByteReader r;
  private final WireTable table;
  private final int maxDepth;
  private long budget;
  private final long initialBudget;
  private int depth;
  private WireConverter converter;
  private Subtyping subtyping;
  private Map<IdentityPair, Boolean> subtypeCache;

  private BinaryDecoder(byte[] message, int offset, int length, DecoderConfig config) {
    this.r = new ByteReader(message, offset, length);
    this.maxDepth = config.maxDepth();
    this.initialBudget = config.budgetFor(length);
    this.budget = initialBudget;
    this.table = WireTable.read(r);
  }

  /**
   * Decodes {@code message} at {@code expected}.
   *
   * @throws org.jicp.candid.MalformedCandidException if the message breaks the format
   * @throws InvalidValueException if an argument does not coerce to its expected type
   * @throws DecodingLimitExceededException if the message exceeds the limits of {@code config}
   */
  public static List<CandidValue> decode(
      byte[] message, int offset, int length, List<CandidType> expected, DecoderConfig config) {
    try {
      BinaryDecoder d = new BinaryDecoder(message, offset, length, config);
      return d.args(expected);
    } catch (StackOverflowError e) {
      throw new DecodingLimitExceededException(
          "the message nests deeper than the thread's stack allows; lower DecoderConfig.maxDepth"
              + " or decode on a thread with a larger stack");
    }
  }

  /** The types of a message's arguments (its type table, turned into {@link CandidType}s). */
  public static List<CandidType> argTypes(byte[] message, int offset, int length) {
    BinaryDecoder d = new BinaryDecoder(message, offset, length, DecoderConfig.DEFAULT);
    return d.wireArgTypes();
  }

  /** Decodes a message at its own types; returns the types and the values. */
  public static Map.Entry<List<CandidType>, List<CandidValue>> decodeUntyped(
      byte[] message, int offset, int length, DecoderConfig config) {
    try {
      BinaryDecoder d = new BinaryDecoder(message, offset, length, config);
      List<CandidType> types = d.wireArgTypes();
      return Map.entry(types, d.args(types));
    } catch (StackOverflowError e) {
      throw new DecodingLimitExceededException(
          "the message nests deeper than the thread's stack allows");
    }
  }

  private List<CandidType> wireArgTypes() {
    WireConverter c = converter();
    List<CandidType> out = new ArrayList<>(table.args.length);
    for (WireType w : table.args) {
      out.add(c.convert(w));
    }
    return out;
  }

  private WireConverter converter() {
    if (converter == null) {
      converter = new WireConverter(table.entries);
    }
    return converter;
  }

  private List<CandidValue> args(List<CandidType> expected) {
    WireType[] wire = table.args;
    int k = expected.size();
    CandidValue[] out = new CandidValue[k];
    for (int i = 0; i < k; i++) {
      CandidType t = expected.get(i);
      if (i < wire.length) {
        try {
          out[i] = decode(wire[i], t);
        } catch (Mismatch m) {
          throw invalid(i, m);
        }
      } else {
        CandidValue v = CandidTypeInference.absentValue(t);
        if (v == null) {
          throw new InvalidValueException(
              "argument " + i + " is missing from the message (it has " + wire.length
                  + " argument" + (wire.length == 1 ? "" : "s") + ") and its type " + t
                  + " is not opt, null or reserved");
        }
        out[i] = v;
      }
    }
    for (int i = k; i < wire.length; i++) {
      skip(wire[i]);
    }
    if (r.remaining() > 0) {
      throw r.error(r.remaining() + " trailing byte" + (r.remaining() == 1 ? "" : "s")
          + " after the last value");
    }
    return Arrays.asList(out);
  }

  private static InvalidValueException invalid(int arg, Mismatch m) {
    StringBuilder sb = new StringBuilder("argument ").append(arg);
    for (int i = m.path.size() - 1; i >= 0; i--) {
      sb.append(m.path.get(i));
    }
    sb.append(" (at byte ").append(m.position).append("): ").append(m.getMessage());
    return new InvalidValueException(sb.toString());
  }

  private Mismatch mismatch(WireType w, CandidType t) {
    return new Mismatch(r.position(), "wire type " + w.describe() + " does not coerce to " + t);
  }

  private void charge() {
    if (--budget < 0) {
      throw overBudget();
    }
  }

  private DecodingLimitExceededException overBudget() {
    return new DecodingLimitExceededException(
        "at byte " + r.position() + ": decoding cost exceeds the budget of " + initialBudget
            + " values for this message (DecoderConfig)");
  }

  private void enter() {
    if (++depth > maxDepth) {
      throw new DecodingLimitExceededException(
          "at byte " + r.position() + ": values nest deeper than " + maxDepth
              + " levels (DecoderConfig.maxDepth)");
    }
  }

  private CandidValue decode(WireType w, CandidType t0) {
    charge();
    CandidType t = t0;
    while (t instanceof CandidType.Ref ref) {
      t = ref.definition();
    }
    if (w.op == -17) {
      throw r.error("the message claims a value of type empty, which has no values");
    }
    if (t instanceof Primitive p) {
      return primitive(w, p);
    }
    enter();
    CandidValue v;
    if (t instanceof CandidType.Opt o) {
      v = opt(w, o);
    } else if (t instanceof CandidType.Record rec) {
      v = record(w, rec);
    } else if (t instanceof CandidType.Vec vec) {
      v = vec(w, vec);
    } else if (t instanceof CandidType.Variant var) {
      v = variant(w, var);
    } else if (t instanceof CandidType.Func f) {
      v = func(w, f);
    } else if (t instanceof CandidType.Service s) {
      v = service(w, s);
    } else {
      throw mismatch(w, t);
    }
    depth--;
    return v;
  }

  private CandidValue primitive(WireType w, Primitive p) {
    if (p == Primitive.RESERVED) {
      skip(w);
      return CandidValue.RESERVED;
    }
    if (w.op != p.opcode()) {
      if (p == Primitive.INT && w.op == -3) {
        return new CandidValue.Int(r.lebBig());
      }
      if (p == Primitive.PRINCIPAL && w.op == WireType.SERVICE) {
        return new CandidValue.PrincipalRef(principal());
      }
      throw mismatch(w, p);
    }
    return switch (p) {
      case NULL -> CandidValue.NULL;
      case BOOL -> {
        int b = r.u8();
        if (b > 1) {
          throw ByteReader.errorAt(r.position() - 1, "a bool is 0 or 1, got " + b);
        }
        yield b == 1 ? CandidValue.TRUE : CandidValue.FALSE;
      }
      case NAT -> new CandidValue.Nat(r.lebBig());
      case INT -> new CandidValue.Int(r.slebBig());
      case NAT8 -> new CandidValue.Nat8(r.u8());
      case NAT16 -> new CandidValue.Nat16(r.le16());
      case NAT32 -> new CandidValue.Nat32(r.le32() & 0xffff_ffffL);
      case NAT64 -> new CandidValue.Nat64(r.le64());
      case INT8 -> new CandidValue.Int8((byte) r.u8());
      case INT16 -> new CandidValue.Int16((short) r.le16());
      case INT32 -> new CandidValue.Int32(r.le32());
      case INT64 -> new CandidValue.Int64(r.le64());
      case FLOAT32 -> new CandidValue.Float32(Float.intBitsToFloat(r.le32()));
      case FLOAT64 -> new CandidValue.Float64(Double.longBitsToDouble(r.le64()));
      case TEXT -> new CandidValue.Text(text());
      case PRINCIPAL -> new CandidValue.PrincipalRef(principal());
      default -> throw mismatch(w, p);
    };
  }

  private String text() {
    long n = r.leb();
    r.require(n, "text of length " + Long.toUnsignedString(n));
    return r.utf8((int) n);
  }

  /** Reads the tag of a reference value: 1 (a public reference) is the only one supported. */
  private void referenceTag(String what) {
    int at = r.position();
    int tag = r.u8();
    if (tag != 1) {
      throw ByteReader.errorAt(
          at,
          tag == 0
              ? "opaque references (tag 0) are not supported: the message has no reference table"
              : "a " + what + " starts with tag 1, got " + tag);
    }
  }

  private Principal principal() {
    referenceTag("principal or service reference");
    int lenAt = r.position();
    long n = r.leb();
    if (Long.compareUnsigned(n, Principal.MAX_LENGTH) > 0) {
      throw ByteReader.errorAt(
          lenAt,
          "a principal is at most " + Principal.MAX_LENGTH + " bytes, got "
              + Long.toUnsignedString(n));
    }
    return Principal.fromBytes(r.bytes((int) n));
  }

  private void skipPrincipal() {
    principal();
  }

  private CandidValue opt(WireType w, CandidType.Opt o) {
    switch (w.op) {
      case -1: // null
      case -16: // reserved
        return CandidValue.NONE;
      case WireType.OPT:
        {
          int at = r.position();
          int tag = r.u8();
          if (tag == 0) {
            return CandidValue.NONE;
          }
          if (tag != 1) {
            throw ByteReader.errorAt(at, "an opt value starts with 0 or 1, got " + tag);
          }
          return attempt(w.inner, o.inner());
        }
      default:
        checkNotOptCycle(o);
        return attempt(w, o.inner());
    }
  }

  /** {@code opt v} if {@code v : w} coerces to {@code t}, otherwise skips {@code v} and gives none. */
  private CandidValue attempt(WireType w, CandidType t) {
    int at = r.position();
    int savedDepth = depth;
    try {
      return new CandidValue.Opt(Optional.of(decode(w, t)));
    } catch (Mismatch m) {
      r.seek(at);
      depth = savedDepth;
      skip(w);
      return CandidValue.NONE;
    }
  }

  /**
   * A non-optional value at {@code μx. opt x} would need an infinite chain of {@code opt}s: no
   * coercion exists, and it is an error (as in the reference implementation), not {@code null}.
   */
  private void checkNotOptCycle(CandidType.Opt o) {
    CandidType t = o.inner().resolve();
    int steps = 0;
    while (t instanceof CandidType.Opt next) {
      if (next == o || ++steps > 10_000) {
        throw new InvalidValueException(
            "at byte " + r.position() + ": a non-optional value cannot be read at the infinitely"
                + " nested optional type " + o);
      }
      t = next.inner().resolve();
    }
  }

  private CandidValue vec(WireType w, CandidType.Vec v) {
    if (w.op != WireType.VEC) {
      throw mismatch(w, v);
    }
    long n = vecLength(w);
    WireType we = w.inner;
    CandidType te = v.element();
    if (we.op == -5 && te.resolve() == Primitive.NAT8) {
      budget -= n;
      int len = (int) n;
      byte[] a = r.array();
      int from = r.index();
      r.require(len, "blob");
      Bytes bytes = Bytes.of(a, from, from + len);
      r.advance(len);
      return new CandidValue.Blob(bytes);
    }
    CandidValue[] out = new CandidValue[(int) n];
    int i = 0;
    try {
      for (; i < out.length; i++) {
        out[i] = decode(we, te);
      }
    } catch (Mismatch m) {
      m.path.add("[" + i + "]");
      throw m;
    }
    return new CandidValue.Vec(List.of(out));
  }

  /** Reads a vec length and checks it against the budget and the bytes left. */
  private long vecLength(WireType w) {
    int at = r.position();
    long n = r.leb();
    if (Long.compareUnsigned(n, budget) > 0 || n > Integer.MAX_VALUE - 16) {
      throw new DecodingLimitExceededException(
          "at byte " + at + ": a vec of " + Long.toUnsignedString(n)
              + " elements exceeds the decoding budget (" + budget + " values left)");
    }
    int min = w.inner.minSize;
    if (min > 0 && Long.compareUnsigned(n, r.remaining() / min) > 0) {
      throw ByteReader.errorAt(
          at,
          "a vec of " + n + " elements of at least " + min + " byte" + (min == 1 ? "" : "s")
              + " cannot fit in the " + r.remaining() + " bytes left");
    }
    return n;
  }

  private CandidValue record(WireType w, CandidType.Record rec) {
    if (w.op != WireType.RECORD) {
      throw mismatch(w, rec);
    }
    List<CandidType.Field> ef = rec.fields();
    int en = ef.size();
    CandidValue.Field[] out = new CandidValue.Field[en];
    long[] ids = w.ids;
    WireType[] types = w.types;
    int j = 0;
    CandidType.Field f = null;
    try {
      for (int i = 0; i < ids.length; i++) {
        long id = ids[i];
        while (j < en && (f = ef.get(j)).label().id() < id) {
          out[j++] = missingField(f);
        }
        if (j < en && (f = ef.get(j)).label().id() == id) {
          out[j++] = new CandidValue.Field(f.label(), decode(types[i], f.type()));
        } else {
          f = null;
          skip(types[i]);
        }
      }
      while (j < en) {
        f = ef.get(j);
        out[j++] = missingField(f);
      }
    } catch (Mismatch m) {
      if (f != null) {
        m.path.add("." + f.label());
      }
      throw m;
    }
    return new CandidValue.Record(List.of(out));
  }

  private CandidValue.Field missingField(CandidType.Field f) {
    CandidValue v = CandidTypeInference.absentValue(f.type());
    if (v == null) {
      throw new Mismatch(
          r.position(),
          "field " + f.label() + " of type " + f.type()
              + " is missing from the wire value and is not opt, null or reserved");
    }
    return new CandidValue.Field(f.label(), v);
  }

  private CandidValue variant(WireType w, CandidType.Variant var) {
    if (w.op != WireType.VARIANT) {
      throw mismatch(w, var);
    }
    int at = r.position();
    int idx = variantIndex(w);
    long id = w.ids[idx];
    int j = var.indexOf(Label.id(id));
    if (j < 0) {
      throw new Mismatch(at, "variant case " + id + " is not a case of " + var);
    }
    CandidType.Field c = var.cases().get(j);
    try {
      return new CandidValue.Variant(c.label(), decode(w.types[idx], c.type()));
    } catch (Mismatch m) {
      m.path.add("." + c.label());
      throw m;
    }
  }

  /** Reads the index of a variant value's case, checked against the wire type. */
  private int variantIndex(WireType w) {
    int at = r.position();
    long idx = r.leb();
    if (Long.compareUnsigned(idx, w.ids.length) >= 0) {
      throw ByteReader.errorAt(
          at,
          "variant index " + Long.toUnsignedString(idx) + " is out of range (the type has "
              + w.ids.length + " cases)");
    }
    return (int) idx;
  }

  private CandidValue func(WireType w, CandidType.Func f) {
    if (w.op != WireType.FUNC || !isSubtype(w, f)) {
      throw mismatch(w, f);
    }
    referenceTag("function reference");
    Principal p = principal();
    String method = text();
    return new CandidValue.FuncRef(p, method);
  }

  private CandidValue service(WireType w, CandidType.Service s) {
    if (w.op != WireType.SERVICE || !isSubtype(w, s)) {
      throw mismatch(w, s);
    }
    return new CandidValue.ServiceRef(principal());
  }

  private boolean isSubtype(WireType w, CandidType t) {
    if (subtypeCache == null) {
      subtypeCache = new HashMap<>();
      subtyping = new Subtyping(maxDepth);
    }
    IdentityPair key = new IdentityPair(w, t);
    Boolean cached = subtypeCache.get(key);
    if (cached != null) {
      return cached;
    }
    charge();
    boolean ok;
    try {
      ok = subtyping.isSubtype(converter().convert(w), t);
    } catch (Subtyping.TooDeep e) {
      throw new DecodingLimitExceededException(
          "at byte " + r.position() + ": " + e.getMessage() + " in a subtype check");
    }
    subtypeCache.put(key, ok);
    return ok;
  }

  /** Skips a value of type {@code w}, checking it as thoroughly as decoding would. */
  private void skip(WireType w) {
    charge();
    switch (w.op) {
      case -1, -16 -> {}
      case -2 -> primitive(w, Primitive.BOOL);
      case -3, -4 -> r.skipLeb();
      case -5, -9 -> r.skip(1);
      case -6, -10 -> r.skip(2);
      case -7, -11, -13 -> r.skip(4);
      case -8, -12, -14 -> r.skip(8);
      case -15 -> {
        long n = r.leb();
        r.require(n, "text of length " + Long.toUnsignedString(n));
        r.skipUtf8((int) n);
      }
      case -17 -> throw r.error("the message claims a value of type empty, which has no values");
      case -24, WireType.SERVICE -> skipPrincipal();
      case WireType.OPT -> {
        int at = r.position();
        int tag = r.u8();
        if (tag == 1) {
          enter();
          skip(w.inner);
          depth--;
        } else if (tag != 0) {
          throw ByteReader.errorAt(at, "an opt value starts with 0 or 1, got " + tag);
        }
      }
      case WireType.VEC -> {
        long n = vecLength(w);
        WireType e = w.inner;
        int size = fixedSize(e);
        if (size >= 0) {
          budget -= n;
          r.skip(n * size);
        } else {
          enter();
          for (long i = 0; i < n; i++) {
            skip(e);
          }
          depth--;
        }
      }
      case WireType.RECORD -> {
        enter();
        for (WireType f : w.types) {
          skip(f);
        }
        depth--;
      }
      case WireType.VARIANT -> {
        int idx = variantIndex(w);
        enter();
        skip(w.types[idx]);
        depth--;
      }
      case WireType.FUNC -> {
        referenceTag("function reference");
        skipPrincipal();
        long n = r.leb();
        r.require(n, "method name of length " + Long.toUnsignedString(n));
        r.skipUtf8((int) n);
      }
      default -> {
        // A future value: leb128(m) leb128(n) followed by m bytes (and n references, which a
        // message without a reference table cannot carry).
        long m = r.leb();
        r.leb();
        r.require(m, "future value of length " + Long.toUnsignedString(m));
        r.skip(m);
      }
    }
  }

  /** The size of a value of a fixed-size primitive type, or {@code -1}. */
  private static int fixedSize(WireType w) {
    return switch (w.op) {
      case -1, -16 -> 0;
      case -5, -9 -> 1;
      case -6, -10 -> 2;
      case -7, -11, -13 -> 4;
      case -8, -12, -14 -> 8;
      default -> -1;
    };
  }
}
