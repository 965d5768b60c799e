package org.jicp.candid.actor;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.FuncMode;
import org.jicp.candid.mapping.CandidMapper;

/**
 * One method of an {@link ActorInterface}: its Candid name and function type, and the encoding of
 * its Java arguments and decoding of its reply.
 */
public final class ActorMethod {
  private final String name;
  private final Method javaMethod;
  private final CandidType.Func func;
  private final List<Type> argJava;
  private final List<Type> resultJava;
  private final Class<?> tuple;
  private final CandidMapper mapper;

  ActorMethod(String name, Method javaMethod, CandidType.Func func, List<Type> argJava,
      List<Type> resultJava, Class<?> tuple, CandidMapper mapper) {
    this.name = name;
    this.javaMethod = javaMethod;
    this.func = func;
    this.argJava = List.copyOf(argJava);
    this.resultJava = List.copyOf(resultJava);
    this.tuple = tuple;
    this.mapper = mapper;
  }

  /** The Candid method name. */
  public String name() {
    return name;
  }

  /** The Java method. */
  public Method javaMethod() {
    return javaMethod;
  }

  /** The Candid function type. */
  public CandidType.Func func() {
    return func;
  }

  /** Whether it is called as a query ({@code query} or {@code composite_query}). */
  public boolean isQuery() {
    return func.modes().contains(FuncMode.QUERY)
        || func.modes().contains(FuncMode.COMPOSITE_QUERY);
  }

  /** Whether it is {@code oneway} (submitted, not waited for). */
  public boolean isOneWay() {
    return func.modes().contains(FuncMode.ONEWAY);
  }

  /**
   * The Candid message of the Java arguments ({@code null} or empty for none).
   *
   * @throws org.jicp.candid.InvalidValueException if an argument does not fit its type (e.g. a
   *     {@code null} that is not optional)
   */
  public byte[] encodeArgs(Object[] args) {
    List<Object> values = args == null ? List.of() : Arrays.asList(args);
    if (values.size() != argJava.size()) {
      throw new IllegalArgumentException(name + " takes " + argJava.size() + " arguments, got "
          + values.size());
    }
    return mapper.encodeArgs(argJava, func.args(), values);
  }

  /**
   * The Java result of a reply: {@code null} for a method without results, the value for one
   * result, the {@link ResultTuple} record for several. The reply is read at the result types
   * with Candid's coercion (a newer canister may reply with more results or record fields).
   *
   * @throws org.jicp.candid.CandidException if the reply cannot be read at the result types
   */
  public Object decodeResult(byte[] reply) {
    Objects.requireNonNull(reply, "reply");
    if (resultJava.isEmpty()) {
      return null;
    }
    Object[] values = mapper.decodeArgs(reply, resultJava, func.results());
    if (tuple == null) {
      return values[0];
    }
    RecordComponent[] rcs = tuple.getRecordComponents();
    Class<?>[] types = new Class<?>[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      types[i] = rcs[i].getType();
    }
    try {
      Constructor<?> c = tuple.getDeclaredConstructor(types);
      c.setAccessible(true);
      return c.newInstance(values);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot construct " + tuple.getName() + ": make it public"
          + " or open its package", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the constructor of " + tuple.getName() + " failed",
          e.getCause());
    } catch (RuntimeException e) {
      // InaccessibleObjectException (a module that does not open the package)
      throw new IllegalStateException("cannot construct " + tuple.getName() + ": make it public"
          + " in an exported package or open its package to org.jicp.candid", e);
    }
  }

  @Override
  public String toString() {
    return name + " : " + func;
  }
}
