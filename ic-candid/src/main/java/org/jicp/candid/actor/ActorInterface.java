package org.jicp.candid.actor;

import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.FuncMode;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.CandidMapper;

/**
 * A Java interface read as a Candid service: one {@link ActorMethod} per abstract method, with its
 * Candid function type derived by {@link CandidMapper} from the parameter and result types and
 * their {@link org.jicp.candid.mapping.CandidAs} annotations. Update calls by default; {@link
 * Query}, {@link CompositeQuery} and {@link OneWay} set the mode, {@link CandidMethod} the Candid
 * name, {@link ResultTuple} several results. Default and static methods are not part of the
 * service. Transport-free: an actor implementation (the replica's {@code Actor}, an HTTP agent)
 * sends what {@link ActorMethod#encodeArgs} writes and gives the reply to {@link
 * ActorMethod#decodeResult}.
 *
 * <pre>{@code
 * interface Counter {
 *   void inc();
 *   @Query BigInteger get();
 *   @Query String greet(String name);
 * }
 * ActorInterface<Counter> c = ActorInterface.of(Counter.class);
 * c.type();   // service { get : () -> (nat) query; greet : (text) -> (text) query; inc : () -> () }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the interface
 */
public final class ActorInterface<T> {
  private static final Map<Class<?>, ActorInterface<?>> CACHE =
      Collections.synchronizedMap(new HashMap<>());

  private final Class<T> type;
  private final CandidMapper mapper;
  private final Map<Method, ActorMethod> byMethod;
  private final CandidType.Service service;

  private ActorInterface(Class<T> type, CandidMapper mapper) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface: an actor is"
          + " described by a Java interface");
    }
    this.type = type;
    this.mapper = mapper;
    Map<Method, ActorMethod> methods = new LinkedHashMap<>();
    Map<String, Method> names = new TreeMap<>();
    for (Method m : type.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      ActorMethod am = methodOf(m);
      Method prev = names.put(am.name(), m);
      if (prev != null) {
        throw new IllegalArgumentException(type.getName() + ": methods " + prev.getName() + " and "
            + m.getName() + " are both the Candid method '" + am.name() + "' (Candid has no"
            + " overloading; rename one with @CandidMethod)");
      }
      methods.put(m, am);
    }
    this.byMethod = Collections.unmodifiableMap(methods);
    List<CandidType.Method> ms = new ArrayList<>();
    for (ActorMethod am : methods.values()) {
      ms.add(CandidType.method(am.name(), am.func()));
    }
    this.service = new CandidType.Service(ms);
  }

  /**
   * The interface {@code type} read with the standard mapper, or with the types of its {@link
   * CandidTypes} annotation. Cached per interface.
   *
   * @throws IllegalArgumentException if it is not an interface or a method cannot be mapped (the
   *     message names the method and the problem)
   */
  @SuppressWarnings("unchecked")
  public static <T> ActorInterface<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ActorInterface<?> cached = CACHE.get(type);
    if (cached == null) {
      CandidTypes defs = type.getAnnotation(CandidTypes.class);
      CandidMapper m = defs == null ? CandidMapper.standard()
          : CandidMapper.withTypes(DidFile.parse(defs.value()).types());
      cached = new ActorInterface<>(type, m);
      CACHE.putIfAbsent(type, cached);
    }
    return (ActorInterface<T>) cached;
  }

  /** The interface {@code type} read with {@code mapper} (for its named types or enum labels). */
  public static <T> ActorInterface<T> of(Class<T> type, CandidMapper mapper) {
    return new ActorInterface<>(Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(mapper, "mapper"));
  }

  /** The interface. */
  public Class<T> javaType() {
    return type;
  }

  /** The Candid service type the interface stands for. */
  public CandidType.Service type() {
    return service;
  }

  /** The methods, in the order of {@link Class#getMethods()}. */
  public List<ActorMethod> methods() {
    return List.copyOf(byMethod.values());
  }

  /**
   * The actor method of {@code m}.
   *
   * @throws IllegalArgumentException if {@code m} is not an abstract method of the interface
   */
  public ActorMethod method(Method m) {
    ActorMethod am = byMethod.get(m);
    if (am == null) {
      throw new IllegalArgumentException(m + " is not a Candid method of " + type.getName());
    }
    return am;
  }

  private ActorMethod methodOf(Method m) {
    String where = type.getSimpleName() + "." + m.getName();
    CandidMethod cm = m.getAnnotation(CandidMethod.class);
    String name = cm != null ? cm.value() : m.getName();
    Set<FuncMode> modes = EnumSet.noneOf(FuncMode.class);
    if (m.isAnnotationPresent(Query.class)) {
      modes.add(FuncMode.QUERY);
    }
    if (m.isAnnotationPresent(CompositeQuery.class)) {
      modes.add(FuncMode.COMPOSITE_QUERY);
    }
    if (m.isAnnotationPresent(OneWay.class)) {
      modes.add(FuncMode.ONEWAY);
    }
    if (modes.size() > 1) {
      throw new IllegalArgumentException(where + ": at most one of @Query, @CompositeQuery and"
          + " @OneWay");
    }
    List<Type> argJava = new ArrayList<>();
    List<CandidType> args = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      argJava.add(p.getParameterizedType());
      args.add(mapped(where + " parameter " + p.getName(), p.getAnnotatedType(), p));
    }
    List<Type> resultJava = new ArrayList<>();
    List<CandidType> results = new ArrayList<>();
    Class<?> rt = m.getReturnType();
    boolean tuple = m.isAnnotationPresent(ResultTuple.class);
    if (tuple) {
      if (!rt.isRecord()) {
        throw new IllegalArgumentException(where + ": @ResultTuple needs a record return type,"
            + " one component per result");
      }
      for (RecordComponent rc : rt.getRecordComponents()) {
        resultJava.add(rc.getGenericType());
        results.add(mapped(where + " result " + rc.getName(), rc.getAnnotatedType(), rc));
      }
    } else if (rt != void.class && rt != Void.class) {
      resultJava.add(m.getGenericReturnType());
      results.add(mapped(where + " result", m.getAnnotatedReturnType(), m));
    }
    if (modes.contains(FuncMode.ONEWAY) && !results.isEmpty()) {
      throw new IllegalArgumentException(where + ": a @OneWay method returns void");
    }
    CandidType.Func f = new CandidType.Func(args, results, modes);
    return new ActorMethod(name, m, f, argJava, resultJava, tuple ? rt : null, mapper);
  }

  private CandidType mapped(String where, AnnotatedType at,
      java.lang.reflect.AnnotatedElement decl) {
    try {
      return mapper.typeOf(at, decl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return type.getName() + " as " + service;
  }
}
