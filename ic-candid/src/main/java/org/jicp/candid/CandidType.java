package org.jicp.candid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jicp.candid.internal.CodePoints;
import org.jicp.candid.internal.SortedById;
import org.jicp.candid.internal.text.TextPrinter;
import org.jicp.crypto.Bytes;

/**
 * A Candid type (Candid spec, "Type Structure"): a primitive type, {@code opt}, {@code vec},
 * {@code record}, {@code variant}, {@code func}, {@code service}, a reference to a named type
 * definition, or a future type read from a newer message.
 *
 * <p>Types are immutable values. Fields of records and variants are kept sorted by id and methods
 * of services sorted by name, so that two types written in different orders are equal. Recursive
 * types go through {@link Ref}, a named reference bound by a {@link TypeEnv}; {@code equals} on
 * types compares references by name, while {@link CandidTypes#equivalent} compares structure up to
 * the unfolding of names. {@link Object#toString()} gives the Candid syntax.
 */
public sealed interface CandidType
    permits CandidType.Primitive,
        CandidType.Opt,
        CandidType.Vec,
        CandidType.Record,
        CandidType.Variant,
        CandidType.Func,
        CandidType.Service,
        CandidType.Ref,
        CandidType.Future {

  /** {@code null}. */
  CandidType NULL = Primitive.NULL;
  /** {@code bool}. */
  CandidType BOOL = Primitive.BOOL;
  /** {@code nat}. */
  CandidType NAT = Primitive.NAT;
  /** {@code int}. */
  CandidType INT = Primitive.INT;
  /** {@code nat8}. */
  CandidType NAT8 = Primitive.NAT8;
  /** {@code nat16}. */
  CandidType NAT16 = Primitive.NAT16;
  /** {@code nat32}. */
  CandidType NAT32 = Primitive.NAT32;
  /** {@code nat64}. */
  CandidType NAT64 = Primitive.NAT64;
  /** {@code int8}. */
  CandidType INT8 = Primitive.INT8;
  /** {@code int16}. */
  CandidType INT16 = Primitive.INT16;
  /** {@code int32}. */
  CandidType INT32 = Primitive.INT32;
  /** {@code int64}. */
  CandidType INT64 = Primitive.INT64;
  /** {@code float32}. */
  CandidType FLOAT32 = Primitive.FLOAT32;
  /** {@code float64}. */
  CandidType FLOAT64 = Primitive.FLOAT64;
  /** {@code text}. */
  CandidType TEXT = Primitive.TEXT;
  /** {@code reserved}. */
  CandidType RESERVED = Primitive.RESERVED;
  /** {@code empty}. */
  CandidType EMPTY = Primitive.EMPTY;
  /** {@code principal}. */
  CandidType PRINCIPAL = Primitive.PRINCIPAL;
  /** {@code blob}, the shorthand for {@code vec nat8}. */
  CandidType BLOB = new Vec(Primitive.NAT8);

  /** {@code opt inner}. */
  static Opt opt(CandidType inner) {
    return new Opt(inner);
  }

  /** {@code vec element}. */
  static Vec vec(CandidType element) {
    return new Vec(element);
  }

  /** A record with the given fields. */
  static Record record(Field... fields) {
    return new Record(Arrays.asList(fields));
  }

  /** A tuple: a record whose fields are numbered {@code 0, 1, …}. */
  static Record tuple(CandidType... types) {
    List<Field> fields = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      fields.add(new Field(Label.id(i), types[i]));
    }
    return new Record(fields);
  }

  /** A variant with the given cases. */
  static Variant variant(Field... cases) {
    return new Variant(Arrays.asList(cases));
  }

  /** A field (or variant case) named {@code name}. */
  static Field field(String name, CandidType type) {
    return new Field(Label.named(name), type);
  }

  /** A field (or variant case) with the numeric id {@code id}. */
  static Field field(long id, CandidType type) {
    return new Field(Label.id(id), type);
  }

  /** A function type. */
  static Func func(List<CandidType> args, List<CandidType> results, FuncMode... modes) {
    return new Func(args, results, modes.length == 0 ? Set.of() : EnumSet.copyOf(List.of(modes)));
  }

  /** A service type with the given methods. */
  static Service service(Method... methods) {
    return new Service(Arrays.asList(methods));
  }

  /** A method of a service. */
  static Method method(String name, CandidType type) {
    return new Method(name, type);
  }

  /**
   * This type with every outer {@link Ref} followed to its definition (the type itself for all
   * but references).
   */
  CandidType resolve();

  /**
   * The primitive types (Candid spec, "Primitive Data"), with their binary opcodes (spec, "Binary
   * Format", {@code T(<primtype>)}).
   */
  enum Primitive implements CandidType {
    /** {@code null}: the one value {@code null}. */
    NULL(-1, "null"),
    /** {@code bool}. */
    BOOL(-2, "bool"),
    /** {@code nat}: natural numbers of unlimited range. */
    NAT(-3, "nat"),
    /** {@code int}: integers of unlimited range. */
    INT(-4, "int"),
    /** {@code nat8}. */
    NAT8(-5, "nat8"),
    /** {@code nat16}. */
    NAT16(-6, "nat16"),
    /** {@code nat32}. */
    NAT32(-7, "nat32"),
    /** {@code nat64}. */
    NAT64(-8, "nat64"),
    /** {@code int8}. */
    INT8(-9, "int8"),
    /** {@code int16}. */
    INT16(-10, "int16"),
    /** {@code int32}. */
    INT32(-11, "int32"),
    /** {@code int64}. */
    INT64(-12, "int64"),
    /** {@code float32}: IEEE 754 single precision. */
    FLOAT32(-13, "float32"),
    /** {@code float64}: IEEE 754 double precision. */
    FLOAT64(-14, "float64"),
    /** {@code text}: a sequence of Unicode scalar values. */
    TEXT(-15, "text"),
    /** {@code reserved}: the top type, whose content is ignored. */
    RESERVED(-16, "reserved"),
    /** {@code empty}: the bottom type, which has no values. */
    EMPTY(-17, "empty"),
    /** {@code principal}: a reference to a user or canister. */
    PRINCIPAL(-24, "principal");

    private final int opcode;
    private final String keyword;

    Primitive(int opcode, String keyword) {
      this.opcode = opcode;
      this.keyword = keyword;
    }

    /** The negative opcode of the binary format, e.g. {@code -3} for {@code nat}. */
    public int opcode() {
      return opcode;
    }

    /** The Candid keyword, e.g. {@code nat}. */
    public String keyword() {
      return keyword;
    }

    /** The primitive type with the given keyword, if there is one. */
    public static Optional<Primitive> ofKeyword(String keyword) {
      for (Primitive p : values()) {
        if (p.keyword.equals(keyword)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    /** Whether this is one of the number types ({@code nat…}, {@code int…}, {@code float…}). */
    public boolean isNumber() {
      return this.compareTo(NAT) >= 0 && this.compareTo(FLOAT64) <= 0;
    }

    /** Whether this is one of the integer types ({@code nat…}, {@code int…}). */
    public boolean isInteger() {
      return this.compareTo(NAT) >= 0 && this.compareTo(INT64) <= 0;
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return keyword;
    }
  }

  /** {@code opt inner}: an optional value. */
  record Opt(CandidType inner) implements CandidType {
    /** Checks the argument. */
    public Opt {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /** {@code vec element}: a homogeneous sequence; {@code blob} is {@code vec nat8}. */
  record Vec(CandidType element) implements CandidType {
    /** Checks the argument. */
    public Vec {
      Objects.requireNonNull(element, "element");
    }

    /** Whether this is {@code blob} ({@code vec nat8}). */
    public boolean isBlob() {
      return element.resolve() == Primitive.NAT8;
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /**
   * A field of a record or a case of a variant.
   *
   * @param label the field id (and name)
   * @param type the field's type
   */
  record Field(Label label, CandidType type) {
    /** Checks the arguments. */
    public Field {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return label + " : " + type;
    }
  }

  /** {@code record { fields }}: fields sorted by id, ids unique. */
  record Record(List<Field> fields) implements CandidType {
    /**
     * Sorts the fields by id.
     *
     * @throws IllegalArgumentException if two fields have the same id
     */
    public Record {
      fields = SortedById.sort(fields, Field::label, "record");
    }

    /** The field with label {@code label}, if any. */
    public Optional<Field> field(Label label) {
      int i = indexOf(fields, label.id());
      return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
    }

    /** The field named {@code name}, if any. */
    public Optional<Field> field(String name) {
      return field(Label.named(name));
    }

    /** Whether the fields are numbered {@code 0, 1, …, n-1} (a tuple). */
    public boolean isTuple() {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).label().id() != i) {
          return false;
        }
      }
      return true;
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /** {@code variant { cases }}: cases sorted by id, ids unique. */
  record Variant(List<Field> cases) implements CandidType {
    /**
     * Sorts the cases by id.
     *
     * @throws IllegalArgumentException if two cases have the same id
     */
    public Variant {
      cases = SortedById.sort(cases, Field::label, "variant");
    }

    /** The index of the case with label {@code label} in {@link #cases()}, or {@code -1}. */
    public int indexOf(Label label) {
      return CandidType.indexOf(cases, label.id());
    }

    /** The case with label {@code label}, if any. */
    public Optional<Field> find(Label label) {
      int i = indexOf(label);
      return i < 0 ? Optional.empty() : Optional.of(cases.get(i));
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /** The annotations of a function type (Candid spec, "Functions"), with their binary codes. */
  enum FuncMode {
    /** {@code query}: the function does not change state. */
    QUERY(1, "query"),
    /** {@code oneway}: no results, the caller does not wait. */
    ONEWAY(2, "oneway"),
    /** {@code composite_query}: a query that may call other queries. */
    COMPOSITE_QUERY(3, "composite_query");

    private final int code;
    private final String keyword;

    FuncMode(int code, String keyword) {
      this.code = code;
      this.keyword = keyword;
    }

    /** The byte of the binary format. */
    public int code() {
      return code;
    }

    /** The Candid keyword. */
    public String keyword() {
      return keyword;
    }

    /** The mode with binary code {@code code}, if any. */
    public static Optional<FuncMode> ofCode(int code) {
      for (FuncMode m : values()) {
        if (m.code == code) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return keyword;
    }
  }

  /**
   * {@code func (args) -> (results) modes}: a function reference type.
   *
   * @param args the parameter types
   * @param results the result types (none for {@code oneway})
   * @param modes the annotations, a set
   */
  record Func(List<CandidType> args, List<CandidType> results, Set<FuncMode> modes)
      implements CandidType {
    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if a {@code oneway} function has results
     */
    public Func {
      args = List.copyOf(args);
      results = List.copyOf(results);
      modes = modes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(modes));
      if (modes.contains(FuncMode.ONEWAY) && !results.isEmpty()) {
        throw new IllegalArgumentException("a oneway function has no results");
      }
    }

    /** Whether this function is annotated {@code query}. */
    public boolean isQuery() {
      return modes.contains(FuncMode.QUERY);
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /**
   * A method of a service.
   *
   * @param name the method name
   * @param type its type: a {@link Func}, or a {@link Ref} to one
   */
  record Method(String name, CandidType type) {
    /** Checks the arguments. */
    public Method {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (!CodePoints.isScalarValues(name)) {
        throw new IllegalArgumentException("method name is not valid Unicode: " + name);
      }
      if (type instanceof Primitive || type instanceof Opt || type instanceof Vec
          || type instanceof Record || type instanceof Variant || type instanceof Service
          || type instanceof Future) {
        throw new IllegalArgumentException("method " + name + " must have a function type");
      }
    }

    /** The function type, with references followed. */
    public Func func() {
      CandidType t = type.resolve();
      if (t instanceof Func f) {
        return f;
      }
      throw new IllegalStateException("method " + name + " has type " + t + ", not a function");
    }

    /** {@code name : (args) -> (results) modes}, as in a service type. */
    @Override
    public String toString() {
      return TextPrinter.name(name) + " : "
          + (type instanceof Func f ? TextPrinter.signature(f) : type.toString());
    }
  }

  /** {@code service { methods }}: methods sorted by name, names unique. */
  record Service(List<Method> methods) implements CandidType {
    /**
     * Sorts the methods by name (Unicode code point order, which is the order of their UTF-8
     * bytes).
     *
     * @throws IllegalArgumentException if two methods have the same name
     */
    public Service {
      Method[] a = methods.toArray(new Method[0]);
      Arrays.sort(a, (x, y) -> CodePoints.compare(x.name(), y.name()));
      for (int i = 1; i < a.length; i++) {
        if (a[i].name().equals(a[i - 1].name())) {
          throw new IllegalArgumentException("service has two methods named " + a[i].name());
        }
      }
      methods = List.of(a);
    }

    /** The method named {@code name}, if any. */
    public Optional<Method> method(String name) {
      for (Method m : methods) {
        if (m.name().equals(name)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  /**
   * A reference to a named type definition, the way recursive types are written. A reference is
   * created and bound by a {@link TypeEnv.Builder}; after {@link TypeEnv.Builder#build()} its
   * {@link #definition()} is fixed. References are equal when their names are equal.
   */
  final class Ref implements CandidType {
    private final String name;
    private volatile CandidType definition;

    Ref(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The name of the definition. */
    public String name() {
      return name;
    }

    /** Whether the definition is bound (always, once the environment is built). */
    public boolean isBound() {
      return definition != null;
    }

    /**
     * The definition this name stands for (possibly another reference).
     *
     * @throws IllegalStateException if the environment that created it is not built yet
     */
    public CandidType definition() {
      CandidType d = definition;
      if (d == null) {
        throw new IllegalStateException("type " + name + " is not defined (yet)");
      }
      return d;
    }

    void bind(CandidType d) {
      if (definition != null) {
        throw new IllegalStateException("type " + name + " is already defined");
      }
      definition = d;
    }

    /** The definition with every reference followed: never a {@code Ref}. */
    @Override
    public CandidType resolve() {
      CandidType t = definition();
      int guard = 0;
      while (t instanceof Ref r) {
        t = r.definition();
        if (++guard > 1_000_000) {
          throw new IllegalStateException("cyclic type definition through " + name);
        }
      }
      return t;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ref r && r.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    /** The name. */
    @Override
    public String toString() {
      return TextPrinter.name(name);
    }
  }

  /**
   * A future type (Candid spec, "Deserialisation of future types"): an opcode below {@code -24}
   * with opaque bytes, read from a message written against a newer Candid. Values of future types
   * can only be skipped; such a type is a subtype of {@code reserved} and of every {@code opt}.
   *
   * @param opcode the opcode, below {@code -24}
   * @param data the bytes that follow it in the type table
   */
  record Future(int opcode, Bytes data) implements CandidType {
    /** Checks the arguments. */
    public Future {
      if (opcode >= -24) {
        throw new IllegalArgumentException("a future type has an opcode below -24, got " + opcode);
      }
      Objects.requireNonNull(data, "data");
    }

    @Override
    public CandidType resolve() {
      return this;
    }

    @Override
    public String toString() {
      return TextPrinter.type(this);
    }
  }

  private static int indexOf(List<Field> fields, long id) {
    int lo = 0;
    int hi = fields.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long m = fields.get(mid).label().id();
      if (m < id) {
        lo = mid + 1;
      } else if (m > id) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }
}
