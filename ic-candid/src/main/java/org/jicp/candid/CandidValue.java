package org.jicp.candid;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.internal.CodePoints;
import org.jicp.candid.internal.SortedById;
import org.jicp.candid.internal.text.TextPrinter;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * A Candid value (Candid spec, "Values"): the dynamic value tree that the decoder produces, the
 * encoder consumes and the text format prints and parses.
 *
 * <p>Values are immutable and compare by value ({@link Float32} and {@link Float64} compare like
 * {@link Float#compare}, so {@code NaN} equals itself). Numbers of the fixed-width types are kept
 * in Java primitives: {@code nat8}/{@code nat16} in an {@code int}, {@code nat32} in a {@code
 * long}, and {@code nat64} in the bits of a {@code long} read as unsigned. A {@code vec nat8} read
 * at its type is a {@link Blob}; {@code reserved} values are all {@link Reserved}. {@link
 * Object#toString()} gives the Candid text.
 */
public sealed interface CandidValue
    permits CandidValue.Null,
        CandidValue.Reserved,
        CandidValue.Bool,
        CandidValue.Nat,
        CandidValue.Int,
        CandidValue.Nat8,
        CandidValue.Nat16,
        CandidValue.Nat32,
        CandidValue.Nat64,
        CandidValue.Int8,
        CandidValue.Int16,
        CandidValue.Int32,
        CandidValue.Int64,
        CandidValue.Float32,
        CandidValue.Float64,
        CandidValue.Text,
        CandidValue.Opt,
        CandidValue.Vec,
        CandidValue.Blob,
        CandidValue.Record,
        CandidValue.Variant,
        CandidValue.PrincipalRef,
        CandidValue.ServiceRef,
        CandidValue.FuncRef {

  /** The value {@code null} of type {@code null}. */
  Null NULL = new Null();
  /** The value of type {@code reserved}, printed {@code null}. */
  Reserved RESERVED = new Reserved();
  /** {@code true}. */
  Bool TRUE = new Bool(true);
  /** {@code false}. */
  Bool FALSE = new Bool(false);
  /** The absent optional value, printed {@code null}. */
  Opt NONE = new Opt(Optional.empty());

  /** A {@code bool}. */
  static Bool bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** A {@code nat}. */
  static Nat nat(long n) {
    return new Nat(BigInteger.valueOf(n));
  }

  /** A {@code nat}. */
  static Nat nat(BigInteger n) {
    return new Nat(n);
  }

  /** An {@code int}. */
  static Int integer(long n) {
    return new Int(BigInteger.valueOf(n));
  }

  /** An {@code int}. */
  static Int integer(BigInteger n) {
    return new Int(n);
  }

  /** A {@code text}. */
  static Text text(String s) {
    return new Text(s);
  }

  /** {@code opt v}. */
  static Opt some(CandidValue v) {
    return new Opt(Optional.of(v));
  }

  /** The absent optional value. */
  static Opt none() {
    return NONE;
  }

  /** A {@code vec}. */
  static Vec vec(CandidValue... elements) {
    return new Vec(Arrays.asList(elements));
  }

  /** A {@code blob}: a copy of {@code bytes}. */
  static Blob blob(byte[] bytes) {
    return new Blob(Bytes.of(bytes));
  }

  /** A record with the given fields. */
  static Record record(Field... fields) {
    return new Record(Arrays.asList(fields));
  }

  /** A tuple: a record with fields numbered {@code 0, 1, …}. */
  static Record tuple(CandidValue... values) {
    List<Field> fs = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      fs.add(new Field(Label.id(i), values[i]));
    }
    return new Record(fs);
  }

  /** A field named {@code name}. */
  static Field field(String name, CandidValue value) {
    return new Field(Label.named(name), value);
  }

  /** A field with the numeric id {@code id}. */
  static Field field(long id, CandidValue value) {
    return new Field(Label.id(id), value);
  }

  /** The variant case named {@code name} with {@code value}. */
  static Variant variant(String name, CandidValue value) {
    return new Variant(Label.named(name), value);
  }

  /** The variant case named {@code name} with value {@code null} (an enumeration case). */
  static Variant variant(String name) {
    return new Variant(Label.named(name), NULL);
  }

  /** A {@code principal}. */
  static PrincipalRef principal(Principal p) {
    return new PrincipalRef(p);
  }

  /** {@code null}. */
  record Null() implements CandidValue {
    @Override
    public String toString() {
      return "null";
    }
  }

  /** The value of type {@code reserved} (Candid spec: coercion to {@code reserved} gives it). */
  record Reserved() implements CandidValue {
    @Override
    public String toString() {
      return "null";
    }
  }

  /** A {@code bool}. */
  record Bool(boolean value) implements CandidValue {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** A {@code nat}: a natural number of any size. */
  record Nat(BigInteger value) implements CandidValue {
    /**
     * Checks the value.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Nat {
      Objects.requireNonNull(value, "value");
      if (value.signum() < 0) {
        throw new IllegalArgumentException("a nat is not negative, got " + value);
      }
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** An {@code int}: an integer of any size. */
  record Int(BigInteger value) implements CandidValue {
    /** Checks the value. */
    public Int {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** A {@code nat8}, {@code 0 ≤ value ≤ 255}. */
  record Nat8(int value) implements CandidValue {
    /** Checks the range. */
    public Nat8 {
      if (value < 0 || value > 0xff) {
        throw new IllegalArgumentException("nat8 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** A {@code nat16}, {@code 0 ≤ value ≤ 65535}. */
  record Nat16(int value) implements CandidValue {
    /** Checks the range. */
    public Nat16 {
      if (value < 0 || value > 0xffff) {
        throw new IllegalArgumentException("nat16 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** A {@code nat32}, {@code 0 ≤ value < 2^32}. */
  record Nat32(long value) implements CandidValue {
    /** Checks the range. */
    public Nat32 {
      if (value < 0 || value > 0xffff_ffffL) {
        throw new IllegalArgumentException("nat32 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A {@code nat64}: the 64 bits of {@code bits} read as an unsigned number. */
  record Nat64(long bits) implements CandidValue {
    /** The value as a (non-negative) {@link BigInteger}. */
    public BigInteger toBigInteger() {
      BigInteger b = BigInteger.valueOf(bits);
      return bits >= 0 ? b : b.add(BigInteger.ONE.shiftLeft(64));
    }

    @Override
    public String toString() {
      return Long.toUnsignedString(bits);
    }
  }

  /** An {@code int8}. */
  record Int8(byte value) implements CandidValue {
    @Override
    public String toString() {
      return Byte.toString(value);
    }
  }

  /** An {@code int16}. */
  record Int16(short value) implements CandidValue {
    @Override
    public String toString() {
      return Short.toString(value);
    }
  }

  /** An {@code int32}. */
  record Int32(int value) implements CandidValue {
    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** An {@code int64}. */
  record Int64(long value) implements CandidValue {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A {@code float32}. */
  record Float32(float value) implements CandidValue {
    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A {@code float64}. */
  record Float64(double value) implements CandidValue {
    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A {@code text}: a string of Unicode scalar values (no unpaired surrogates). */
  record Text(String value) implements CandidValue {
    /**
     * Checks the string.
     *
     * @throws IllegalArgumentException if it holds an unpaired surrogate
     */
    public Text {
      Objects.requireNonNull(value, "value");
      if (!CodePoints.isScalarValues(value)) {
        throw new IllegalArgumentException("text holds an unpaired surrogate");
      }
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** {@code opt v} or the absent value ({@code null} at an {@code opt} type). */
  record Opt(Optional<CandidValue> value) implements CandidValue {
    /** Checks the argument. */
    public Opt {
      Objects.requireNonNull(value, "value");
    }

    /** Whether a value is present. */
    public boolean isPresent() {
      return value.isPresent();
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A {@code vec}. */
  record Vec(List<CandidValue> elements) implements CandidValue {
    /** Copies the list (no {@code null} elements). */
    public Vec {
      elements = List.copyOf(elements);
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A {@code blob} ({@code vec nat8}), kept as bytes. */
  record Blob(Bytes bytes) implements CandidValue {
    /** Checks the argument. */
    public Blob {
      Objects.requireNonNull(bytes, "bytes");
    }

    /** A fresh copy of the bytes. */
    public byte[] toByteArray() {
      return bytes.toByteArray();
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /**
   * A field of a record value.
   *
   * @param label the field id (and name)
   * @param value the field's value
   */
  record Field(Label label, CandidValue value) {
    /** Checks the arguments. */
    public Field {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return label + " = " + value;
    }
  }

  /** A record: fields sorted by id, ids unique. */
  record Record(List<Field> fields) implements CandidValue {
    /**
     * Sorts the fields by id.
     *
     * @throws IllegalArgumentException if two fields have the same id
     */
    public Record {
      fields = SortedById.sort(fields, Field::label, "record");
    }

    /** The value of the field with label {@code label}, if present. */
    public Optional<CandidValue> get(Label label) {
      int lo = 0;
      int hi = fields.size() - 1;
      long id = label.id();
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        long m = fields.get(mid).label().id();
        if (m < id) {
          lo = mid + 1;
        } else if (m > id) {
          hi = mid - 1;
        } else {
          return Optional.of(fields.get(mid).value());
        }
      }
      return Optional.empty();
    }

    /** The value of the field named {@code name}, if present. */
    public Optional<CandidValue> get(String name) {
      return get(Label.named(name));
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /**
   * A variant value: one case and its value.
   *
   * @param label the case
   * @param value its value ({@link #NULL} for an enumeration case)
   */
  record Variant(Label label, CandidValue value) implements CandidValue {
    /** Checks the arguments. */
    public Variant {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A {@code principal}. */
  record PrincipalRef(Principal principal) implements CandidValue {
    /** Checks the argument. */
    public PrincipalRef {
      Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /** A reference to a service, by its principal. */
  record ServiceRef(Principal principal) implements CandidValue {
    /** Checks the argument. */
    public ServiceRef {
      Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }

  /**
   * A reference to a public method of a service.
   *
   * @param service the service's principal
   * @param method the method name
   */
  record FuncRef(Principal service, String method) implements CandidValue {
    /** Checks the arguments. */
    public FuncRef {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(method, "method");
      if (!CodePoints.isScalarValues(method)) {
        throw new IllegalArgumentException("method name holds an unpaired surrogate");
      }
    }

    @Override
    public String toString() {
      return TextPrinter.value(this);
    }
  }
}
