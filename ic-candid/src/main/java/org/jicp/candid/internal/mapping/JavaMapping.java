package org.jicp.candid.internal.mapping;

import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Primitive;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;
import org.jicp.candid.Label;
import org.jicp.candid.TypeEnv;
import org.jicp.candid.internal.binary.BinaryEncoder;
import org.jicp.candid.internal.binary.ByteWriter;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidId;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * Maps Java types to Candid types and Java values to Candid values and back. Reflection happens
 * once per Java type: the result is a tree of {@link Codec}s, cached per type.
 */
public final class JavaMapping {
  private final TypeEnv env;
  private final Map<Class<?>, java.util.function.Function<Object, String>> enumLabels;
  private final Map<Type, CandidType> types = new ConcurrentHashMap<>();
  private final Map<Type, Codec> codecs = new ConcurrentHashMap<>();

  /** A mapping whose {@link CandidAs} annotations may use the names of {@code env}. */
  public JavaMapping(TypeEnv env) {
    this(env, Map.of());
  }

  /**
   * A mapping whose {@link CandidAs} annotations may use the names of {@code env}, and whose enums
   * in {@code enumLabels} are labelled by the given functions instead of {@code @CandidName} or
   * their Java names (for enums of modules that do not depend on Candid).
   */
  public JavaMapping(TypeEnv env, Map<Class<?>, java.util.function.Function<Object, String>> enumLabels) {
    this.env = Objects.requireNonNull(env, "env");
    this.enumLabels = Map.copyOf(enumLabels);
  }

  /** The enum labels given at construction. */
  public Map<Class<?>, java.util.function.Function<Object, String>> enumLabels() {
    return enumLabels;
  }

  /** The type environment given at construction. */
  public TypeEnv env() {
    return env;
  }

  private Label enumLabel(Class<?> c, Enum<?> e) {
    java.util.function.Function<Object, String> f = enumLabels.get(c);
    if (f != null) {
      return Label.named(f.apply(e));
    }
    return labelOf(enumField(c, e), e.name());
  }

  /** The Candid type of a Java type. */
  public CandidType typeOf(Type javaType) {
    CandidType t = types.get(javaType);
    if (t == null) {
      Deriver d = new Deriver();
      t = d.derive(Plain.of(javaType), null);
      d.finish();
      types.putIfAbsent(javaType, t);
    }
    return t;
  }

  private Codec codec(Type javaType) {
    Codec c = codecs.get(javaType);
    if (c == null) {
      c = new Builder().codec(javaType, typeOf(javaType), "");
      codecs.putIfAbsent(javaType, c);
    }
    return c;
  }

  /** The Candid value of {@code value} as a {@code javaType}. */
  public CandidValue toValue(Object value, Type javaType) {
    return codec(javaType).toValue(value);
  }

  /**
   * The message of {@code args} mapped as {@code javaTypes}, written straight from the Java values
   * (no intermediate {@link CandidValue}s).
   */
  public byte[] encode(List<? extends Type> javaTypes, List<?> args) {
    int n = javaTypes.size();
    List<CandidType> ts = new ArrayList<>(n);
    Codec[] cs = new Codec[n];
    long hint = 0;
    for (int i = 0; i < n; i++) {
      cs[i] = codec(javaTypes.get(i));
      ts.add(cs[i].type());
      hint += cs[i].sizeHint(args.get(i));
    }
    ByteWriter out = BinaryEncoder.header(ts, (int) Math.min(hint, Integer.MAX_VALUE - 64));
    for (int i = 0; i < n; i++) {
      try {
        cs[i].write(args.get(i), out);
      } catch (InvalidValueException e) {
        throw new InvalidValueException("argument " + i + ": " + e.getMessage());
      }
    }
    return out.finish();
  }

  /** The Java value of a Candid value of type {@link #typeOf(Type) typeOf(javaType)}. */
  public Object fromValue(CandidValue value, Type javaType) {
    return codec(javaType).fromValue(value);
  }

  /**
   * The Candid type of a declaration whose Java type is {@code at}: the {@link CandidAs} of {@code
   * declaration} (a method parameter, a method for its result) if it has one, else the type of
   * the Java type (for actor interfaces, whose signatures are not records).
   */
  public CandidType typeOf(AnnotatedType at, AnnotatedElement declaration) {
    Objects.requireNonNull(at, "at");
    if (declaration == null || declaration.getAnnotation(CandidAs.class) == null) {
      return typeOf(at.getType());
    }
    Deriver d = new Deriver();
    CandidType t = d.derive(at, declaration);
    d.finish();
    return t;
  }

  private final Map<Map.Entry<Type, CandidType>, Codec> pairCodecs = new ConcurrentHashMap<>();

  private Codec codec(Type javaType, CandidType candidType) {
    CandidType plain;
    try {
      plain = typeOf(javaType);
    } catch (IllegalArgumentException e) {
      plain = null; // e.g. a CandidValue: only mappable with its declared Candid type
    }
    if (candidType.equals(plain)) {
      return codec(javaType);
    }
    Map.Entry<Type, CandidType> key = Map.entry(javaType, candidType);
    Codec c = pairCodecs.get(key);
    if (c == null) {
      c = new Builder().codec(javaType, candidType, "");
      pairCodecs.putIfAbsent(key, c);
    }
    return c;
  }

  /**
   * The message of {@code args}, each a {@code javaTypes[i]} written as {@code candidTypes[i]}
   * (a type the Java type maps to, e.g. {@code nat64} for a {@code long}).
   *
   * @throws IllegalArgumentException if a Java type cannot be written as its Candid type
   */
  public byte[] encode(List<? extends Type> javaTypes, List<CandidType> candidTypes,
      List<?> args) {
    int n = javaTypes.size();
    if (candidTypes.size() != n || args.size() != n) {
      throw new IllegalArgumentException(n + " Java types, " + candidTypes.size()
          + " Candid types and " + args.size() + " values");
    }
    Codec[] cs = new Codec[n];
    long hint = 0;
    for (int i = 0; i < n; i++) {
      cs[i] = codec(javaTypes.get(i), candidTypes.get(i));
      hint += cs[i].sizeHint(args.get(i));
    }
    ByteWriter out = BinaryEncoder.header(candidTypes,
        (int) Math.min(hint, Integer.MAX_VALUE - 64));
    for (int i = 0; i < n; i++) {
      try {
        cs[i].write(args.get(i), out);
      } catch (InvalidValueException e) {
        throw new InvalidValueException("argument " + i + ": " + e.getMessage());
      }
    }
    return out.finish();
  }

  /** The Java value ({@code javaType}) of a Candid value of type {@code candidType}. */
  public Object fromValue(CandidValue value, Type javaType, CandidType candidType) {
    return codec(javaType, candidType).fromValue(value);
  }

  // ---------------------------------------------------------------- names and annotations

  static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (t instanceof GenericArrayType g) {
      return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
    }
    if (t instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    throw new IllegalArgumentException("cannot map the Java type " + t + " to Candid");
  }

  static Type arg(Type t, int i) {
    if (t instanceof ParameterizedType p) {
      Type a = p.getActualTypeArguments()[i];
      if (a instanceof WildcardType w) {
        return w.getUpperBounds()[0];
      }
      return a;
    }
    throw new IllegalArgumentException(
        "the Java type " + t.getTypeName() + " needs its type arguments (use TypeRef)");
  }

  /** The {@code i}-th type argument of an annotated parameterized type, with its annotations. */
  static AnnotatedType typeArg(AnnotatedType at, int i) {
    if (at instanceof AnnotatedParameterizedType p) {
      AnnotatedType a = p.getAnnotatedActualTypeArguments()[i];
      if (a instanceof AnnotatedWildcardType w) {
        AnnotatedType[] up = w.getAnnotatedUpperBounds();
        return up.length == 0 ? Plain.of(Object.class) : up[0];
      }
      return a;
    }
    return Plain.of(arg(at.getType(), i));
  }

  /** The component type of an annotated array type, with its annotations. */
  static AnnotatedType component(AnnotatedType at) {
    if (at instanceof AnnotatedArrayType a) {
      return a.getAnnotatedGenericComponentType();
    }
    Type t = at.getType();
    return Plain.of(t instanceof GenericArrayType g ? g.getGenericComponentType()
        : raw(t).getComponentType());
  }

  static Label labelOf(AnnotatedElement e, String javaName) {
    CandidId id = e.getAnnotation(CandidId.class);
    if (id != null) {
      return Label.id(id.value());
    }
    CandidName n = e.getAnnotation(CandidName.class);
    return Label.named(n != null ? n.value() : javaName);
  }

  static String typeNameOf(Class<?> c) {
    CandidName n = c.getAnnotation(CandidName.class);
    return n != null ? n.value() : c.getSimpleName();
  }

  private CandidType annotatedType(AnnotatedElement e) {
    if (e == null) {
      return null;
    }
    CandidAs as = e.getAnnotation(CandidAs.class);
    return as == null ? null : CandidText.parseType(as.value(), env);
  }

  static boolean isSealedVariant(Class<?> c) {
    return c.isInterface() && c.isSealed();
  }

  // ---------------------------------------------------------------- types

  /** Derives the Candid types of Java types; recursive classes become named references. */
  private final class Deriver {
    private final Map<Class<?>, CandidType> memo = new HashMap<>();
    private final Set<Class<?>> active = new LinkedHashSet<>();
    private final Map<Class<?>, CandidType.Ref> refs = new HashMap<>();
    private final Map<String, Class<?>> names = new HashMap<>();
    private TypeEnv.Builder builder;

    CandidType derive(AnnotatedType at, AnnotatedElement declaration) {
      CandidType as = annotatedType(declaration);
      if (as == null) {
        as = annotatedType(at);
      }
      if (as != null) {
        return as;
      }
      Type jt = at.getType();
      Class<?> c = raw(jt);
      CandidType simple = simpleType(c);
      if (simple != null) {
        return simple;
      }
      if (c == Optional.class) {
        return new CandidType.Opt(derive(typeArg(at, 0), null));
      }
      if (List.class.isAssignableFrom(c) || Set.class.isAssignableFrom(c)
          || c == Collection.class) {
        return new CandidType.Vec(derive(typeArg(at, 0), null));
      }
      if (Map.class.isAssignableFrom(c)) {
        return new CandidType.Vec(
            CandidType.tuple(derive(typeArg(at, 0), null), derive(typeArg(at, 1), null)));
      }
      if (c.isArray()) {
        return new CandidType.Vec(derive(component(at), null));
      }
      if (CandidValue.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(
            "a " + c.getSimpleName() + " has no Candid type of its own; annotate it with"
                + " @CandidAs(\"…\")");
      }
      if (c.isRecord() || c.isEnum() || isSealedVariant(c)) {
        return named(c);
      }
      throw new IllegalArgumentException(
          "cannot map the Java type " + jt.getTypeName() + " to Candid (supported: boolean,"
              + " numbers, BigInteger, String, byte[], Bytes, Principal, Optional, List, Set,"
              + " Map, arrays, records, enums, sealed interfaces of records, CandidValue with"
              + " @CandidAs)");
    }

    private CandidType named(Class<?> c) {
      CandidType cached = types.get(c);
      if (cached != null) {
        return cached;
      }
      CandidType m = memo.get(c);
      if (m != null) {
        return m;
      }
      if (active.contains(c)) {
        return refs.computeIfAbsent(c, k -> builder().ref(uniqueName(k)));
      }
      active.add(c);
      CandidType t;
      if (c.isRecord()) {
        t = recordType(c);
      } else if (c.isEnum()) {
        t = enumType(c);
      } else {
        t = sealedType(c);
      }
      active.remove(c);
      CandidType.Ref r = refs.get(c);
      if (r != null) {
        builder.define(r.name(), t);
        t = r;
      }
      memo.put(c, t);
      return t;
    }

    private String uniqueName(Class<?> c) {
      String base = typeNameOf(c);
      String n = base;
      for (int i = 2; names.containsKey(n) && names.get(n) != c; i++) {
        n = base + "_" + i;
      }
      names.put(n, c);
      return n;
    }

    private TypeEnv.Builder builder() {
      if (builder == null) {
        builder = TypeEnv.builder();
      }
      return builder;
    }

    void finish() {
      if (builder != null) {
        builder.build();
      }
      memo.forEach(types::putIfAbsent);
    }

    private CandidType recordType(Class<?> c) {
      List<CandidType.Field> fs = new ArrayList<>();
      Map<Long, String> seen = new HashMap<>();
      for (RecordComponent rc : c.getRecordComponents()) {
        Label l = labelOf(rc, rc.getName());
        String prev = seen.put(l.id(), rc.getName());
        if (prev != null) {
          throw new IllegalArgumentException(
              c.getName() + ": components " + prev + " and " + rc.getName()
                  + " have the same Candid field id " + l.id());
        }
        fs.add(new CandidType.Field(l, derive(rc.getAnnotatedType(), rc)));
      }
      return new CandidType.Record(fs);
    }

    private CandidType enumType(Class<?> c) {
      List<CandidType.Field> cs = new ArrayList<>();
      for (Object k : c.getEnumConstants()) {
        Enum<?> e = (Enum<?>) k;
        cs.add(new CandidType.Field(enumLabel(c, e), Primitive.NULL));
      }
      return new CandidType.Variant(cs);
    }

    private CandidType sealedType(Class<?> c) {
      List<CandidType.Field> cs = new ArrayList<>();
      for (Class<?> k : c.getPermittedSubclasses()) {
        if (!k.isRecord()) {
          throw new IllegalArgumentException(
              c.getName() + ": every permitted class of a sealed interface mapped to a variant"
                  + " must be a record; " + k.getName() + " is not");
        }
        cs.add(new CandidType.Field(labelOf(k, k.getSimpleName()), payloadType(k)));
      }
      return new CandidType.Variant(cs);
    }

    private CandidType payloadType(Class<?> k) {
      RecordComponent[] rcs = k.getRecordComponents();
      if (rcs.length == 0) {
        return Primitive.NULL;
      }
      if (rcs.length == 1) {
        return derive(rcs[0].getAnnotatedType(), rcs[0]);
      }
      return recordType(k);
    }
  }

  static java.lang.reflect.Field enumField(Class<?> c, Enum<?> e) {
    try {
      return c.getField(e.name());
    } catch (NoSuchFieldException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static CandidType simpleType(Class<?> c) {
    if (c == boolean.class || c == Boolean.class) {
      return Primitive.BOOL;
    } else if (c == byte.class || c == Byte.class) {
      return Primitive.INT8;
    } else if (c == short.class || c == Short.class) {
      return Primitive.INT16;
    } else if (c == int.class || c == Integer.class) {
      return Primitive.INT32;
    } else if (c == long.class || c == Long.class) {
      return Primitive.INT64;
    } else if (c == float.class || c == Float.class) {
      return Primitive.FLOAT32;
    } else if (c == double.class || c == Double.class) {
      return Primitive.FLOAT64;
    } else if (c == BigInteger.class) {
      return Primitive.NAT;
    } else if (c == String.class) {
      return Primitive.TEXT;
    } else if (c == byte[].class || c == Bytes.class) {
      return CandidType.BLOB;
    } else if (c == Principal.class) {
      return Primitive.PRINCIPAL;
    } else if (c == Void.class) {
      return Primitive.NULL;
    }
    return null;
  }

  // ---------------------------------------------------------------- codecs

  /** Builds codecs for (Java type, Candid type) pairs; cycles go through {@link LazyCodec}. */
  private final class Builder {
    private final Map<Type, Map<CandidType, LazyCodec>> inProgress = new HashMap<>();

    Codec codec(Type jt, CandidType ct, String where) {
      CandidType rt = ct.resolve();
      Class<?> c = raw(jt);
      if (CandidValue.class.isAssignableFrom(c)) {
        return new ValueCodec(ct, c);
      }
      if (rt == Primitive.RESERVED) {
        return new ConstantCodec(ct, CandidValue.RESERVED);
      }
      if (rt instanceof CandidType.Opt o) {
        if (c == Optional.class) {
          return new OptionalCodec(ct, codec(arg(jt, 0), o.inner(), where));
        }
        if (c.isPrimitive()) {
          throw mismatch(jt, ct, where, "a primitive Java type cannot be null; use Optional");
        }
        return new NullableCodec(ct, codec(jt, o.inner(), where));
      }
      if (rt instanceof Primitive p) {
        return primitiveCodec(jt, c, ct, p, where);
      }
      if (rt instanceof CandidType.Vec v) {
        CandidType et = v.element().resolve();
        if (et == Primitive.NAT8 && c == byte[].class) {
          return new BlobCodec(ct, false);
        }
        if (et == Primitive.NAT8 && c == Bytes.class) {
          return new BlobCodec(ct, true);
        }
        if (c.isArray()) {
          Type comp =
              jt instanceof GenericArrayType g ? g.getGenericComponentType() : c.getComponentType();
          return new ListCodec(ct, codec(comp, v.element(), where + "[]"), ListCodec.Kind.ARRAY,
              raw(comp));
        }
        if (List.class.isAssignableFrom(c) || c == Collection.class) {
          return new ListCodec(ct, codec(arg(jt, 0), v.element(), where + "[]"),
              ListCodec.Kind.LIST, null);
        }
        if (Set.class.isAssignableFrom(c)) {
          return new ListCodec(ct, codec(arg(jt, 0), v.element(), where + "[]"),
              ListCodec.Kind.SET, null);
        }
        if (Map.class.isAssignableFrom(c) && et instanceof CandidType.Record kv
            && kv.isTuple() && kv.fields().size() == 2) {
          return new MapCodec(ct,
              codec(arg(jt, 0), kv.fields().get(0).type(), where + ".key"),
              codec(arg(jt, 1), kv.fields().get(1).type(), where + ".value"));
        }
        throw mismatch(jt, ct, where, null);
      }
      if (rt instanceof CandidType.Record || rt instanceof CandidType.Variant) {
        LazyCodec pending = inProgress.getOrDefault(jt, Map.of()).get(rt);
        if (pending != null) {
          return pending;
        }
        LazyCodec lazy = new LazyCodec(ct);
        inProgress.computeIfAbsent(jt, k -> new IdentityHashMap<>()).put(rt, lazy);
        Codec real;
        if (rt instanceof CandidType.Record r && c.isRecord()) {
          real = recordCodec(c, ct, r, where);
        } else if (rt instanceof CandidType.Variant v && c.isEnum()) {
          real = enumCodec(c, ct, v, where);
        } else if (rt instanceof CandidType.Variant v && isSealedVariant(c)) {
          real = sealedCodec(c, ct, v, where);
        } else {
          throw mismatch(jt, ct, where, null);
        }
        lazy.target = real;
        inProgress.get(jt).remove(rt);
        return real;
      }
      if (rt instanceof CandidType.Func || rt instanceof CandidType.Service) {
        if (rt instanceof CandidType.Service && c == Principal.class) {
          return new PrincipalCodec(ct, true);
        }
        throw mismatch(jt, ct, where, "use CandidValue."
            + (rt instanceof CandidType.Func ? "FuncRef" : "ServiceRef"));
      }
      throw mismatch(jt, ct, where, null);
    }

    private IllegalArgumentException mismatch(Type jt, CandidType ct, String where, String hint) {
      return new IllegalArgumentException(
          "cannot map the Java type " + jt.getTypeName() + (where.isEmpty() ? "" : " at " + where)
              + " to the Candid type " + ct + (hint == null ? "" : ": " + hint));
    }

    private Codec primitiveCodec(Type jt, Class<?> c, CandidType ct, Primitive p, String where) {
      switch (p) {
        case BOOL:
          if (c == boolean.class || c == Boolean.class) {
            return new BoolCodec(ct);
          }
          break;
        case TEXT:
          if (c == String.class) {
            return new TextCodec(ct);
          }
          break;
        case PRINCIPAL:
          if (c == Principal.class) {
            return new PrincipalCodec(ct, false);
          }
          break;
        case NULL:
          if (!c.isPrimitive()) {
            return new ConstantCodec(ct, CandidValue.NULL);
          }
          break;
        case FLOAT32:
        case FLOAT64:
          if (c == float.class || c == Float.class || c == double.class || c == Double.class) {
            return new FloatCodec(ct, p, c == float.class || c == Float.class);
          }
          break;
        default:
          if (p.isInteger()) {
            NumberCodec.Java kind = NumberCodec.Java.of(c);
            if (kind != null) {
              return new NumberCodec(ct, p, kind);
            }
          }
          break;
      }
      throw mismatch(jt, ct, where, null);
    }

    private Codec recordCodec(Class<?> c, CandidType ct, CandidType.Record r, String where) {
      RecordComponent[] rcs = c.getRecordComponents();
      Method[] accessors = new Method[rcs.length];
      Codec[] comps = new Codec[rcs.length];
      Label[] labels = new Label[rcs.length];
      Class<?>[] ptypes = new Class<?>[rcs.length];
      for (int i = 0; i < rcs.length; i++) {
        RecordComponent rc = rcs[i];
        Label l = labelOf(rc, rc.getName());
        CandidType.Field f = r.field(l).orElseThrow(() -> new IllegalArgumentException(
            c.getName() + "." + rc.getName() + " (Candid field " + l + ") is not a field of "
                + ct));
        CandidType declared = annotatedType(rc);
        comps[i] = codec(rc.getGenericType(), declared != null ? declared : f.type(),
            where + "." + l);
        labels[i] = f.label();
        accessors[i] = accessible(rc.getAccessor());
        ptypes[i] = rc.getType();
      }
      for (CandidType.Field f : r.fields()) {
        boolean mapped = false;
        for (Label l : labels) {
          mapped |= l.id() == f.label().id();
        }
        if (!mapped && !CandidTypes.isNullLike(f.type())) {
          throw new IllegalArgumentException(
              c.getName() + " has no component for the field " + f.label() + " : " + f.type()
                  + " of " + ct + ", and that field is not optional");
        }
      }
      return new RecordCodec(ct, r, accessors, comps, labels, constructor(c, ptypes));
    }

    private Codec enumCodec(Class<?> c, CandidType ct, CandidType.Variant v, String where) {
      Object[] constants = c.getEnumConstants();
      Label[] labels = new Label[constants.length];
      for (int i = 0; i < constants.length; i++) {
        Enum<?> e = (Enum<?>) constants[i];
        Label l = enumLabel(c, e);
        CandidType.Field f = v.find(l).orElseThrow(() -> new IllegalArgumentException(
            c.getName() + "." + e.name() + " (Candid case " + l + ") is not a case of " + ct));
        labels[i] = f.label();
      }
      return new EnumCodec(ct, v, constants, labels);
    }

    private Codec sealedCodec(Class<?> c, CandidType ct, CandidType.Variant v, String where) {
      Class<?>[] permitted = c.getPermittedSubclasses();
      SealedCodec.Case[] cases = new SealedCodec.Case[permitted.length];
      for (int i = 0; i < permitted.length; i++) {
        Class<?> k = permitted[i];
        if (!k.isRecord()) {
          throw new IllegalArgumentException(k.getName() + " is not a record");
        }
        Label l = labelOf(k, k.getSimpleName());
        CandidType.Field f = v.find(l).orElseThrow(() -> new IllegalArgumentException(
            k.getName() + " (Candid case " + l + ") is not a case of " + ct));
        RecordComponent[] rcs = k.getRecordComponents();
        Constructor<?> ctor =
            constructor(k, java.util.Arrays.stream(rcs).map(RecordComponent::getType)
                .toArray(Class<?>[]::new));
        Codec payload;
        Method accessor = null;
        if (rcs.length == 0) {
          payload = null;
        } else if (rcs.length == 1) {
          CandidType declared = annotatedType(rcs[0]);
          payload = codec(rcs[0].getGenericType(), declared != null ? declared : f.type(),
              where + "." + l);
          accessor = accessible(rcs[0].getAccessor());
        } else {
          payload = codec(k, f.type(), where + "." + l);
        }
        cases[i] = new SealedCodec.Case(k, f.label(), payload, accessor, ctor, rcs.length);
      }
      return new SealedCodec(ct, v, cases);
    }
  }

  static Method accessible(Method m) {
    try {
      m.setAccessible(true);
    } catch (RuntimeException e) {
      // Not open to this module: public members still work.
    }
    return m;
  }

  static Constructor<?> constructor(Class<?> c, Class<?>[] types) {
    try {
      Constructor<?> k = c.getDeclaredConstructor(types);
      try {
        k.setAccessible(true);
      } catch (RuntimeException e) {
        // Not open to this module: a public constructor still works.
      }
      return k;
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(c.getName() + " has no canonical constructor", e);
    }
  }

  static Object invoke(Method m, Object target) {
    try {
      return m.invoke(target);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(
          "cannot read " + m + ": make the record public or open its package to org.jicp.candid",
          e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("accessor " + m + " failed", e.getCause());
    }
  }

  static Object construct(Constructor<?> k, Object[] args) {
    try {
      return k.newInstance(args);
    } catch (IllegalAccessException | InstantiationException e) {
      throw new IllegalArgumentException(
          "cannot construct " + k.getDeclaringClass().getName()
              + ": make the record public or open its package to org.jicp.candid", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new InvalidValueException(
          "the decoded value is rejected by " + k.getDeclaringClass().getSimpleName() + ": "
              + cause);
    }
  }

  // ---------------------------------------------------------------- codec classes

  private static InvalidValueException wrong(CandidType t, Object o) {
    return new InvalidValueException(
        "the Java value " + o + (o == null ? "" : " (" + o.getClass().getSimpleName() + ")")
            + " cannot be written as " + t);
  }

  private static InvalidValueException wrongValue(CandidType t, CandidValue v) {
    return new InvalidValueException("the Candid value " + v + " does not have type " + t);
  }

  /** Fills in a codec that refers to itself (recursive types). */
  static final class LazyCodec implements Codec {
    private final CandidType type;
    Codec target;

    LazyCodec(CandidType type) {
      this.type = type;
    }

    @Override
    public CandidType type() {
      return type;
    }

    @Override
    public CandidValue toValue(Object o) {
      return target.toValue(o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      return target.fromValue(v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      target.write(o, out);
    }

    @Override
    public int sizeHint(Object o) {
      return target.sizeHint(o);
    }
  }

  record ValueCodec(CandidType type, Class<?> javaClass) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (o == null) {
        throw wrong(type, null);
      }
      return (CandidValue) o;
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (!javaClass.isInstance(v)) {
        throw new InvalidValueException(
            "the Candid value " + v + " is not a " + javaClass.getSimpleName());
      }
      return v;
    }

    @Override
    public void write(Object o, ByteWriter out) {
      BinaryEncoder.writeValue(out, type, toValue(o), 0);
    }
  }

  /** {@code reserved} and {@code null}: one Candid value, which reads as a Java {@code null}. */
  record ConstantCodec(CandidType type, CandidValue value) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      return value;
    }

    @Override
    public Object fromValue(CandidValue v) {
      return null;
    }

    @Override
    public void write(Object o, ByteWriter out) {}
  }

  record BoolCodec(CandidType type) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (o instanceof Boolean b) {
        return CandidValue.bool(b);
      }
      throw wrong(type, o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.Bool b) {
        return b.value();
      }
      throw wrongValue(type, v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof Boolean b)) {
        throw wrong(type, o);
      }
      out.u8(b ? 1 : 0);
    }
  }

  record TextCodec(CandidType type) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (o instanceof String s) {
        return new CandidValue.Text(s);
      }
      throw wrong(type, o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.Text t) {
        return t.value();
      }
      throw wrongValue(type, v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof String str)) {
        throw wrong(type, o);
      }
      if (!org.jicp.candid.internal.CodePoints.isScalarValues(str)) {
        throw new InvalidValueException("a text holds an unpaired surrogate: " + type);
      }
      out.text(str);
    }

    @Override
    public int sizeHint(Object o) {
      return o instanceof String str ? str.length() + 2 : 16;
    }
  }

  record PrincipalCodec(CandidType type, boolean service) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (o instanceof Principal p) {
        return service ? new CandidValue.ServiceRef(p) : new CandidValue.PrincipalRef(p);
      }
      throw wrong(type, o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.PrincipalRef p) {
        return p.principal();
      }
      if (v instanceof CandidValue.ServiceRef s) {
        return s.principal();
      }
      throw wrongValue(type, v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof Principal p)) {
        throw wrong(type, o);
      }
      out.u8(1);
      out.leb(p.bytes().length());
      out.bytes(p.bytes());
    }
  }

  record FloatCodec(CandidType type, Primitive p, boolean javaFloat) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (!(o instanceof Float || o instanceof Double)) {
        throw wrong(type, o);
      }
      double d = ((Number) o).doubleValue();
      return p == Primitive.FLOAT32
          ? new CandidValue.Float32(((Number) o).floatValue())
          : new CandidValue.Float64(d);
    }

    @Override
    public Object fromValue(CandidValue v) {
      double d;
      if (v instanceof CandidValue.Float64 f) {
        d = f.value();
      } else if (v instanceof CandidValue.Float32 f) {
        d = f.value();
      } else {
        throw wrongValue(type, v);
      }
      return javaFloat ? (Object) (float) d : (Object) d;
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof Float || o instanceof Double)) {
        throw wrong(type, o);
      }
      if (p == Primitive.FLOAT32) {
        out.le32(Float.floatToRawIntBits(((Number) o).floatValue()));
      } else {
        out.le64(Double.doubleToRawLongBits(((Number) o).doubleValue()));
      }
    }
  }

  record OptionalCodec(CandidType type, Codec inner) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (!(o instanceof Optional<?> opt)) {
        throw wrong(type, o);
      }
      return opt.isEmpty()
          ? CandidValue.NONE
          : new CandidValue.Opt(Optional.of(inner.toValue(opt.get())));
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.Opt o) {
        return o.value().isEmpty() ? Optional.empty() : Optional.of(inner.fromValue(o.value().get()));
      }
      throw wrongValue(type, v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof Optional<?> opt)) {
        throw wrong(type, o);
      }
      if (opt.isEmpty()) {
        out.u8(0);
      } else {
        out.u8(1);
        inner.write(opt.get(), out);
      }
    }

    @Override
    public int sizeHint(Object o) {
      return o instanceof Optional<?> opt && opt.isPresent() ? 1 + inner.sizeHint(opt.get()) : 1;
    }
  }

  record NullableCodec(CandidType type, Codec inner) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      return o == null ? CandidValue.NONE : new CandidValue.Opt(Optional.of(inner.toValue(o)));
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.Opt o) {
        return o.value().isEmpty() ? null : inner.fromValue(o.value().get());
      }
      throw wrongValue(type, v);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (o == null) {
        out.u8(0);
      } else {
        out.u8(1);
        inner.write(o, out);
      }
    }

    @Override
    public int sizeHint(Object o) {
      return o == null ? 1 : 1 + inner.sizeHint(o);
    }
  }

  record BlobCodec(CandidType type, boolean bytes) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (o instanceof byte[] b) {
        return new CandidValue.Blob(Bytes.of(b));
      }
      if (o instanceof Bytes b) {
        return new CandidValue.Blob(b);
      }
      throw wrong(type, o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      Bytes b;
      if (v instanceof CandidValue.Blob blob) {
        b = blob.bytes();
      } else if (v instanceof CandidValue.Vec vec) {
        byte[] a = new byte[vec.elements().size()];
        for (int i = 0; i < a.length; i++) {
          if (!(vec.elements().get(i) instanceof CandidValue.Nat8 n)) {
            throw wrongValue(type, v);
          }
          a[i] = (byte) n.value();
        }
        b = Bytes.of(a);
      } else {
        throw wrongValue(type, v);
      }
      return bytes ? b : b.toByteArray();
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (o instanceof byte[] b) {
        out.leb(b.length);
        out.bytes(b);
      } else if (o instanceof Bytes b) {
        out.leb(b.length());
        out.bytes(b);
      } else {
        throw wrong(type, o);
      }
    }

    @Override
    public int sizeHint(Object o) {
      int n = o instanceof byte[] b ? b.length : o instanceof Bytes b ? b.length() : 0;
      return ByteWriter.lebSize(n) + n;
    }
  }

  static final class ListCodec implements Codec {
    enum Kind {
      LIST,
      SET,
      ARRAY
    }

    private final CandidType type;
    private final Codec element;
    private final Kind kind;
    private final Class<?> componentType;

    ListCodec(CandidType type, Codec element, Kind kind, Class<?> componentType) {
      this.type = type;
      this.element = element;
      this.kind = kind;
      this.componentType = componentType;
    }

    @Override
    public CandidType type() {
      return type;
    }

    @Override
    public CandidValue toValue(Object o) {
      List<CandidValue> out;
      if (kind == Kind.ARRAY && o != null && o.getClass().isArray()) {
        int n = Array.getLength(o);
        out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(element.toValue(Array.get(o, i)));
        }
      } else if (o instanceof Collection<?> c) {
        out = new ArrayList<>(c.size());
        for (Object x : c) {
          out.add(element.toValue(x));
        }
      } else {
        throw wrong(type, o);
      }
      return new CandidValue.Vec(out);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (kind == Kind.ARRAY && o != null && o.getClass().isArray()) {
        int n = Array.getLength(o);
        out.leb(n);
        if (o instanceof Object[] a) {
          for (Object x : a) {
            element.write(x, out);
          }
        } else {
          for (int i = 0; i < n; i++) {
            element.write(Array.get(o, i), out);
          }
        }
      } else if (o instanceof List<?> l && o instanceof java.util.RandomAccess) {
        int n = l.size();
        out.leb(n);
        for (int i = 0; i < n; i++) {
          element.write(l.get(i), out);
        }
      } else if (o instanceof Collection<?> c) {
        out.leb(c.size());
        for (Object x : c) {
          element.write(x, out);
        }
      } else {
        throw wrong(type, o);
      }
    }

    @Override
    public int sizeHint(Object o) {
      if (o instanceof List<?> l && !l.isEmpty()) {
        return 2 + l.size() * element.sizeHint(l.get(0));
      }
      return 16;
    }

    @Override
    public Object fromValue(CandidValue v) {
      List<CandidValue> es;
      if (v instanceof CandidValue.Vec vec) {
        es = vec.elements();
      } else if (v instanceof CandidValue.Blob b) {
        es = new ArrayList<>(b.bytes().length());
        for (int i = 0; i < b.bytes().length(); i++) {
          es.add(new CandidValue.Nat8(b.bytes().get(i) & 0xff));
        }
      } else {
        throw wrongValue(type, v);
      }
      switch (kind) {
        case ARRAY -> {
          Object a = Array.newInstance(componentType, es.size());
          for (int i = 0; i < es.size(); i++) {
            Array.set(a, i, element.fromValue(es.get(i)));
          }
          return a;
        }
        case SET -> {
          Set<Object> s = new LinkedHashSet<>();
          for (CandidValue e : es) {
            s.add(element.fromValue(e));
          }
          return java.util.Collections.unmodifiableSet(s);
        }
        default -> {
          Object[] a = new Object[es.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = element.fromValue(es.get(i));
          }
          return java.util.Collections.unmodifiableList(java.util.Arrays.asList(a));
        }
      }
    }
  }

  record MapCodec(CandidType type, Codec key, Codec value) implements Codec {
    @Override
    public CandidValue toValue(Object o) {
      if (!(o instanceof Map<?, ?> m)) {
        throw wrong(type, o);
      }
      List<CandidValue> out = new ArrayList<>(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.add(CandidValue.tuple(key.toValue(e.getKey()), value.toValue(e.getValue())));
      }
      return new CandidValue.Vec(out);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (!(v instanceof CandidValue.Vec vec)) {
        throw wrongValue(type, v);
      }
      Map<Object, Object> m = new LinkedHashMap<>();
      for (CandidValue e : vec.elements()) {
        if (!(e instanceof CandidValue.Record r) || r.fields().size() != 2) {
          throw wrongValue(type, v);
        }
        m.put(key.fromValue(r.fields().get(0).value()), value.fromValue(r.fields().get(1).value()));
      }
      return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (!(o instanceof Map<?, ?> m)) {
        throw wrong(type, o);
      }
      out.leb(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        key.write(e.getKey(), out);
        value.write(e.getValue(), out);
      }
    }
  }

  static final class RecordCodec implements Codec {
    private final CandidType type;
    private final CandidType.Record record;
    private final Method[] accessors;
    private final Codec[] components;
    private final Label[] labels;
    private final Constructor<?> constructor;
    /** For each component, its index among the record type's fields. */
    private final int[] fieldIndex;
    /** For each field of the record type, the component that holds it, or -1. */
    private final int[] componentOf;
    /** For each field without a component: whether it is an opt (written as none). */
    private final boolean[] optField;

    RecordCodec(CandidType type, CandidType.Record record, Method[] accessors, Codec[] components,
        Label[] labels, Constructor<?> constructor) {
      this.type = type;
      this.record = record;
      this.accessors = accessors;
      this.components = components;
      this.labels = labels;
      this.constructor = constructor;
      this.fieldIndex = new int[labels.length];
      List<CandidType.Field> fs = record.fields();
      this.componentOf = new int[fs.size()];
      this.optField = new boolean[fs.size()];
      java.util.Arrays.fill(componentOf, -1);
      for (int i = 0; i < labels.length; i++) {
        for (int j = 0; j < fs.size(); j++) {
          if (fs.get(j).label().id() == labels[i].id()) {
            fieldIndex[i] = j;
            componentOf[j] = i;
          }
        }
      }
      for (int j = 0; j < fs.size(); j++) {
        optField[j] = fs.get(j).type().resolve() instanceof CandidType.Opt;
      }
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (o == null || o.getClass() != constructor.getDeclaringClass()) {
        throw wrong(type, o);
      }
      for (int j = 0; j < componentOf.length; j++) {
        int i = componentOf[j];
        if (i < 0) {
          if (optField[j]) {
            out.u8(0);
          }
          continue;
        }
        Object x = invoke(accessors[i], o);
        try {
          components[i].write(x, out);
        } catch (InvalidValueException e) {
          throw new InvalidValueException(
              constructor.getDeclaringClass().getSimpleName() + "." + accessors[i].getName()
                  + ": " + e.getMessage());
        }
      }
    }

    @Override
    public int sizeHint(Object o) {
      if (o == null || o.getClass() != constructor.getDeclaringClass()) {
        return 16;
      }
      int n = 0;
      for (int i = 0; i < components.length; i++) {
        n += components[i].sizeHint(invoke(accessors[i], o));
      }
      return n;
    }

    @Override
    public CandidType type() {
      return type;
    }

    @Override
    public CandidValue toValue(Object o) {
      if (o == null || o.getClass() != constructor.getDeclaringClass()) {
        throw wrong(type, o);
      }
      CandidValue.Field[] out = new CandidValue.Field[record.fields().size()];
      for (int i = 0; i < components.length; i++) {
        Object x = invoke(accessors[i], o);
        CandidValue cv;
        try {
          cv = components[i].toValue(x);
        } catch (InvalidValueException e) {
          throw new InvalidValueException(
              constructor.getDeclaringClass().getSimpleName() + "." + accessors[i].getName()
                  + ": " + e.getMessage());
        }
        out[fieldIndex[i]] = new CandidValue.Field(labels[i], cv);
      }
      int n = 0;
      for (CandidValue.Field f : out) {
        if (f != null) {
          out[n++] = f;
        }
      }
      return new CandidValue.Record(
          List.of(n == out.length ? out : java.util.Arrays.copyOf(out, n)));
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (!(v instanceof CandidValue.Record r)) {
        throw wrongValue(type, v);
      }
      List<CandidValue.Field> fs = r.fields();
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        int j = fieldIndex[i];
        CandidValue.Field f =
            j < fs.size() && fs.get(j).label().id() == labels[i].id() ? fs.get(j) : null;
        if (f == null) {
          f = find(fs, labels[i]);
        }
        args[i] = components[i].fromValue(f == null ? CandidValue.NONE : f.value());
      }
      return construct(constructor, args);
    }

    private static CandidValue.Field find(List<CandidValue.Field> fs, Label l) {
      for (CandidValue.Field f : fs) {
        if (f.label().id() == l.id()) {
          return f;
        }
      }
      return null;
    }
  }

  static final class EnumCodec implements Codec {
    private final CandidType type;
    private final Object[] constants;
    private final Label[] labels;
    private final Map<Long, Object> byId = new HashMap<>();

    /** For each constant, the index of its case in the variant type. */
    private final int[] caseIndex;

    EnumCodec(CandidType type, CandidType.Variant v, Object[] constants, Label[] labels) {
      this.type = type;
      this.constants = constants;
      this.labels = labels;
      this.caseIndex = new int[constants.length];
      for (int i = 0; i < constants.length; i++) {
        byId.put(labels[i].id(), constants[i]);
        caseIndex[i] = v.indexOf(labels[i]);
      }
    }

    @Override
    public void write(Object o, ByteWriter out) {
      if (o instanceof Enum<?> e && e.ordinal() < constants.length && constants[e.ordinal()] == o) {
        out.leb(caseIndex[e.ordinal()]);
        return;
      }
      throw wrong(type, o);
    }

    @Override
    public CandidType type() {
      return type;
    }

    @Override
    public CandidValue toValue(Object o) {
      for (int i = 0; i < constants.length; i++) {
        if (constants[i] == o) {
          return new CandidValue.Variant(labels[i], CandidValue.NULL);
        }
      }
      throw wrong(type, o);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (v instanceof CandidValue.Variant var) {
        Object c = byId.get(var.label().id());
        if (c != null) {
          return c;
        }
        throw new InvalidValueException(
            "variant case " + var.label() + " has no constant in the Java enum for " + type);
      }
      throw wrongValue(type, v);
    }
  }

  static final class SealedCodec implements Codec {
    record Case(Class<?> cls, Label label, Codec payload, Method accessor, Constructor<?> ctor,
        int arity) {}

    /** The index of each case's label in the variant type. */
    private final Map<Class<?>, Integer> indexByClass = new HashMap<>();

    private final CandidType type;
    private final Map<Class<?>, Case> byClass = new HashMap<>();
    private final Map<Long, Case> byId = new HashMap<>();

    SealedCodec(CandidType type, CandidType.Variant v, Case[] cases) {
      this.type = type;
      for (Case c : cases) {
        byClass.put(c.cls(), c);
        byId.put(c.label().id(), c);
        indexByClass.put(c.cls(), v.indexOf(c.label()));
      }
    }

    @Override
    public void write(Object o, ByteWriter out) {
      Case c = o == null ? null : byClass.get(o.getClass());
      if (c == null) {
        throw wrong(type, o);
      }
      out.leb(indexByClass.get(c.cls()));
      if (c.arity() == 1) {
        c.payload().write(invoke(c.accessor(), o), out);
      } else if (c.arity() > 1) {
        c.payload().write(o, out);
      }
    }

    @Override
    public CandidType type() {
      return type;
    }

    @Override
    public CandidValue toValue(Object o) {
      Case c = o == null ? null : byClass.get(o.getClass());
      if (c == null) {
        throw wrong(type, o);
      }
      CandidValue payload;
      if (c.arity() == 0) {
        payload = CandidValue.NULL;
      } else if (c.arity() == 1) {
        payload = c.payload().toValue(invoke(c.accessor(), o));
      } else {
        payload = c.payload().toValue(o);
      }
      return new CandidValue.Variant(c.label(), payload);
    }

    @Override
    public Object fromValue(CandidValue v) {
      if (!(v instanceof CandidValue.Variant var)) {
        throw wrongValue(type, v);
      }
      Case c = byId.get(var.label().id());
      if (c == null) {
        throw new InvalidValueException(
            "variant case " + var.label() + " has no record in the Java type for " + type);
      }
      if (c.arity() == 0) {
        return construct(c.ctor(), new Object[0]);
      }
      if (c.arity() == 1) {
        return construct(c.ctor(), new Object[] {c.payload().fromValue(var.value())});
      }
      return c.payload().fromValue(var.value());
    }
  }
}
