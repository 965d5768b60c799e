package org.jicp.candid.mapping;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.TypeEnv;
import org.jicp.candid.internal.mapping.JavaMapping;

/**
 * Maps plain Java types to Candid, so that an interface such as the management canister's is a set
 * of Java records.
 *
 * <table>
 *   <caption>Default mapping</caption>
 *   <tr><th>Java</th><th>Candid</th></tr>
 *   <tr><td>{@code boolean}</td><td>{@code bool}</td></tr>
 *   <tr><td>{@code byte}, {@code short}, {@code int}, {@code long}</td>
 *       <td>{@code int8}, {@code int16}, {@code int32}, {@code int64}</td></tr>
 *   <tr><td>{@code float}, {@code double}</td><td>{@code float32}, {@code float64}</td></tr>
 *   <tr><td>{@code BigInteger}</td><td>{@code nat} ({@code @CandidAs("int")} for int)</td></tr>
 *   <tr><td>{@code String}</td><td>{@code text}</td></tr>
 *   <tr><td>{@code byte[]}, {@link org.jicp.crypto.Bytes}</td><td>{@code blob}</td></tr>
 *   <tr><td>{@link org.jicp.crypto.Principal}</td><td>{@code principal}</td></tr>
 *   <tr><td>{@code Optional<T>}</td><td>{@code opt T}</td></tr>
 *   <tr><td>{@code List<T>}, {@code Set<T>}, {@code T[]}</td><td>{@code vec T}</td></tr>
 *   <tr><td>{@code Map<K, V>}</td><td>{@code vec record { K; V }}</td></tr>
 *   <tr><td>a {@code record}</td><td>{@code record}: one field per component, named by the
 *       component or {@link CandidName}/{@link CandidId}</td></tr>
 *   <tr><td>an {@code enum}</td><td>{@code variant} of {@code null} cases</td></tr>
 *   <tr><td>a sealed interface of records</td><td>{@code variant}, one case per record; its value
 *       is {@code null} (no component), the component's type (one) or a record (several)</td></tr>
 *   <tr><td>{@link CandidValue} with {@link CandidAs}</td><td>the annotated type, as is</td></tr>
 * </table>
 *
 * <p>{@link CandidAs} changes a component's Candid type: {@code @CandidAs("nat64") long} (the long's
 * bits are the unsigned number), {@code @CandidAs("opt text") String} ({@code null} is {@code
 * null}). Records that refer to themselves give recursive types. Decoding reads at the mapped type
 * with the coercion rules of Candid, so records can be read from a newer interface that added
 * fields. Reflection happens once per Java type; a mapper is thread-safe.
 *
 * <pre>{@code
 * record Account(Principal owner, Optional<byte[]> subaccount) {}
 * CandidMapper m = CandidMapper.standard();
 * byte[] msg = m.encode(new Account(owner, Optional.empty()));
 * Account back = m.decode(msg, Account.class);
 * }</pre>
 */
public final class CandidMapper {
  private static final CandidMapper STANDARD =
      new CandidMapper(new JavaMapping(TypeEnv.empty()), CandidDecoder.standard());

  private final JavaMapping mapping;
  private final CandidDecoder decoder;

  private CandidMapper(JavaMapping mapping, CandidDecoder decoder) {
    this.mapping = mapping;
    this.decoder = decoder;
  }

  /** The mapper with no named types and the standard decoder. */
  public static CandidMapper standard() {
    return STANDARD;
  }

  /** A mapper whose {@link CandidAs} annotations may name the types of {@code env}. */
  public static CandidMapper withTypes(TypeEnv env) {
    return new CandidMapper(new JavaMapping(env), CandidDecoder.standard());
  }

  /**
   * This mapper, labelling the constants of {@code enumClass} with {@code label} (e.g. {@code
   * SubnetType::text}) instead of their {@code @CandidName} or Java names: for enums of modules
   * that do not depend on Candid.
   */
  public <E extends Enum<E>> CandidMapper withEnumLabels(
      Class<E> enumClass, java.util.function.Function<? super E, String> label) {
    Objects.requireNonNull(enumClass, "enumClass");
    Objects.requireNonNull(label, "label");
    java.util.Map<Class<?>, java.util.function.Function<Object, String>> m =
        new java.util.HashMap<>(mapping.enumLabels());
    m.put(enumClass, o -> label.apply(enumClass.cast(o)));
    return new CandidMapper(new JavaMapping(mapping.env(), m), decoder);
  }

  /** This mapper, decoding with {@code decoder} (for other limits). */
  public CandidMapper withDecoder(CandidDecoder decoder) {
    return new CandidMapper(mapping, Objects.requireNonNull(decoder, "decoder"));
  }

  /**
   * The Candid type of a Java type.
   *
   * @throws IllegalArgumentException if the type cannot be mapped
   */
  public CandidType typeOf(Type javaType) {
    return mapping.typeOf(Objects.requireNonNull(javaType, "javaType"));
  }

  /** The Candid type of a generic Java type. */
  public CandidType typeOf(TypeRef<?> javaType) {
    return typeOf(javaType.type());
  }

  /**
   * The Candid value of {@code value}, mapped as its class.
   *
   * @throws org.jicp.candid.InvalidValueException if the value does not fit (a {@code null}
   *     component that is not optional, a number out of range)
   */
  public CandidValue toValue(Object value) {
    Objects.requireNonNull(value, "value");
    return mapping.toValue(value, value.getClass());
  }

  /** The Candid value of {@code value}, mapped as {@code javaType}. */
  public CandidValue toValue(Object value, Type javaType) {
    return mapping.toValue(value, javaType);
  }

  /**
   * The Java value of a Candid value of type {@link #typeOf(Type) typeOf(javaType)}.
   *
   * @throws org.jicp.candid.InvalidValueException if the value does not have that type
   */
  @SuppressWarnings("unchecked")
  public <T> T fromValue(CandidValue value, Class<T> javaType) {
    return (T) wrap(javaType).cast(mapping.fromValue(value, javaType));
  }

  /** The Java value of a Candid value, as a generic type. */
  @SuppressWarnings("unchecked")
  public <T> T fromValue(CandidValue value, TypeRef<T> javaType) {
    return (T) mapping.fromValue(value, javaType.type());
  }

  /**
   * A message of the given arguments, each mapped as its class.
   *
   * @throws IllegalArgumentException if a class cannot be mapped (generic collections at the top
   *     level need {@link #encodeArgs(List, List)})
   */
  public byte[] encode(Object... args) {
    List<Type> types = new ArrayList<>(args.length);
    for (Object a : args) {
      types.add(Objects.requireNonNull(a, "argument").getClass());
    }
    return encodeArgs(types, List.of(args));
  }

  /**
   * A message of one argument mapped as {@code javaType} (for example a record written as the
   * sealed interface it implements, or a generic type).
   */
  public byte[] encodeAs(Type javaType, Object value) {
    return encodeArgs(List.of(javaType), java.util.Collections.singletonList(value));
  }

  /** A message of the given arguments, mapped as the given Java types. */
  public byte[] encodeArgs(List<? extends Type> javaTypes, List<?> args) {
    if (javaTypes.size() != args.size()) {
      throw new IllegalArgumentException(javaTypes.size() + " types but " + args.size() + " values");
    }
    return mapping.encode(javaTypes, args);
  }

  /**
   * The first argument of a message, read as {@code javaType} (further arguments are skipped).
   *
   * @throws org.jicp.candid.CandidException if the message is malformed or does not fit
   */
  public <T> T decode(byte[] message, Class<T> javaType) {
    CandidValue v = decoder.decodeOne(message, mapping.typeOf(javaType));
    return fromValue(v, javaType);
  }

  /** The first argument of a message, read as a generic type. */
  public <T> T decode(byte[] message, TypeRef<T> javaType) {
    CandidValue v = decoder.decodeOne(message, mapping.typeOf(javaType.type()));
    return fromValue(v, javaType);
  }

  /** The arguments of a message, read as the given Java types. */
  public Object[] decodeArgs(byte[] message, Type... javaTypes) {
    List<CandidType> types = new ArrayList<>(javaTypes.length);
    for (Type t : javaTypes) {
      types.add(mapping.typeOf(t));
    }
    List<CandidValue> values = decoder.decode(message, types);
    Object[] out = new Object[javaTypes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = mapping.fromValue(values.get(i), javaTypes[i]);
    }
    return out;
  }

  /**
   * The Candid type of a declaration whose Java type is {@code javaType}: the {@link CandidAs} of
   * {@code declaration} if it has one, else {@link #typeOf(Type) typeOf(javaType.getType())}. For
   * the parameters ({@code Parameter.getAnnotatedType()}, the parameter) and results ({@code
   * Method.getAnnotatedReturnType()}, the method) of actor interfaces.
   *
   * @throws IllegalArgumentException if the type cannot be mapped
   */
  public CandidType typeOf(AnnotatedType javaType, AnnotatedElement declaration) {
    return mapping.typeOf(Objects.requireNonNull(javaType, "javaType"), declaration);
  }

  /**
   * A message of the given arguments, each a value of {@code javaTypes[i]} written as {@code
   * candidTypes[i]} (for example a {@code long} as {@code nat64}).
   *
   * @throws IllegalArgumentException if a Java type cannot be written as its Candid type
   * @throws org.jicp.candid.InvalidValueException if a value does not fit
   */
  public byte[] encodeArgs(List<? extends Type> javaTypes, List<CandidType> candidTypes,
      List<?> args) {
    return mapping.encode(javaTypes, candidTypes, args);
  }

  /**
   * The arguments of a message read at {@code candidTypes} (with Candid's coercion: further
   * arguments are skipped, missing optional ones are {@code null}), as the given Java types.
   *
   * @throws org.jicp.candid.CandidException if the message is malformed or does not fit
   */
  public Object[] decodeArgs(byte[] message, List<? extends Type> javaTypes,
      List<CandidType> candidTypes) {
    if (javaTypes.size() != candidTypes.size()) {
      throw new IllegalArgumentException(javaTypes.size() + " Java types but "
          + candidTypes.size() + " Candid types");
    }
    List<CandidValue> values = decoder.decode(message, candidTypes);
    Object[] out = new Object[javaTypes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = mapping.fromValue(values.get(i), javaTypes.get(i), candidTypes.get(i));
    }
    return out;
  }

  /** The type environment whose names {@link CandidAs} annotations may use. */
  public TypeEnv types() {
    return mapping.env();
  }

  private static Class<?> wrap(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    if (c == boolean.class) {
      return Boolean.class;
    } else if (c == byte.class) {
      return Byte.class;
    } else if (c == short.class) {
      return Short.class;
    } else if (c == int.class) {
      return Integer.class;
    } else if (c == long.class) {
      return Long.class;
    } else if (c == float.class) {
      return Float.class;
    } else if (c == double.class) {
      return Double.class;
    }
    return Void.class;
  }
}
