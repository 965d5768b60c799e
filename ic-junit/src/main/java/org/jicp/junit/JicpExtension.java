package org.jicp.junit;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jicp.crypto.Principal;
import org.jicp.replica.Actor;
import org.jicp.replica.Replica;
import org.jicp.replica.Replica.SubnetKind;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension behind {@link JicpReplica}: it builds a deterministic in-JVM {@link
 * Replica} per test class (per test with {@link Isolation#NEW_REPLICA}), runs the class's
 * {@link Fixture} methods, takes a snapshot of the whole replica and restores it before each test
 * ({@link Isolation#RESTORE}); it injects {@link Replica}, {@link Canisters} and {@link Canister
 * &#64;Canister} parameters (canister ids, principals, typed actors); and when a test, a lifecycle
 * method or a fixture fails it adds a {@link FailureReport} to the failure (debug prints and
 * traps, the last calls per canister with their results, time and heights).
 *
 * <p>Each test class has its own replica, so test classes may run in parallel
 * ({@code junit.jupiter.execution.parallel.mode.classes.default = concurrent}); the tests of one
 * class share it and run one at a time (a second concurrent test of the class fails with a clear
 * message). {@code @Nested} classes use their enclosing class's replica.
 *
 * <p>Programmatic configuration: {@code @RegisterExtension static JicpExtension ic =
 * JicpExtension.builder().subnets(NNS, APPLICATION).seed(7).configure(b -> …).build();}.
 */
public final class JicpExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler,
    LifecycleMethodExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(JicpExtension.class);
  private static final String SESSION = "session";
  private static final String MARK = "mark";

  /** What the replica is built from: null when taken from the class's {@link JicpReplica}. */
  private final Config explicit;

  /** The extension configured by the class's {@link JicpReplica} (or its defaults). */
  public JicpExtension() {
    this.explicit = null;
  }

  private JicpExtension(Config config) {
    this.explicit = config;
  }

  /** A builder of an extension for {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configuration.
   *
   * @param subnets the subnets in order
   * @param nodesPerSubnet the nodes per subnet
   * @param seed the seed
   * @param isolation how tests are isolated
   * @param customizer further settings of the replica builder
   * @param fixtures fixtures given in code (run before the {@link Fixture} methods)
   */
  private record Config(List<SubnetKind> subnets, int nodesPerSubnet, long seed,
      Isolation isolation, Consumer<Replica.Builder> customizer, List<CodeFixture> fixtures) {
    static Config of(JicpReplica a) {
      return new Config(List.of(a.subnets()), a.nodesPerSubnet(), a.seed(), a.isolation(),
          b -> { }, List.of());
    }

    String describe() {
      return "subnets " + subnets + ", " + nodesPerSubnet + " node(s) per subnet, seed " + seed
          + ", isolation " + isolation;
    }
  }

  /** A fixture given in code. */
  @FunctionalInterface
  public interface CodeFixture {
    /** Sets up the replica, naming canisters in {@code canisters}. */
    void setUp(Replica replica, Canisters canisters) throws Exception;
  }

  /** Builds a {@link JicpExtension} for {@code @RegisterExtension}. */
  public static final class Builder {
    private List<SubnetKind> subnets = List.of(SubnetKind.APPLICATION);
    private int nodes = 1;
    private long seed;
    private Isolation isolation = Isolation.RESTORE;
    private Consumer<Replica.Builder> customizer = b -> { };
    private final List<CodeFixture> fixtures = new ArrayList<>();

    private Builder() {}

    /** The subnets, in order (default one application subnet). */
    public Builder subnets(SubnetKind... kinds) {
      if (kinds.length == 0) {
        throw new IllegalArgumentException("a replica needs at least one subnet");
      }
      this.subnets = List.of(kinds);
      return this;
    }

    /** Nodes per subnet (default 1). */
    public Builder nodesPerSubnet(int n) {
      this.nodes = n;
      return this;
    }

    /** The seed (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How tests are isolated (default {@link Isolation#RESTORE}). */
    public Builder isolation(Isolation isolation) {
      this.isolation = Objects.requireNonNull(isolation, "isolation");
      return this;
    }

    /** Further settings of the replica builder, applied after the subnets, nodes and seed. */
    public Builder configure(Consumer<Replica.Builder> c) {
      this.customizer = this.customizer.andThen(Objects.requireNonNull(c, "c"));
      return this;
    }

    /** A fixture in code; fixtures in code run in the order given, before {@link Fixture}s. */
    public Builder fixture(CodeFixture f) {
      fixtures.add(Objects.requireNonNull(f, "f"));
      return this;
    }

    /** The extension. */
    public JicpExtension build() {
      return new JicpExtension(new Config(subnets, nodes, seed, isolation, customizer,
          List.copyOf(fixtures)));
    }
  }

  /** A replica in use by a class (or a test) and its fixture's snapshot. */
  private static final class Session {
    final String owner;
    final Config config;
    final Replica replica;
    final Canisters canisters;
    Replica.Snapshot snapshot;
    Map<String, CanisterId> names;
    final AtomicReference<String> running = new AtomicReference<>();

    Session(String owner, Config config, Replica replica) {
      this.owner = owner;
      this.config = config;
      this.replica = replica;
      this.canisters = new Canisters(replica);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (defers(context) || context.getStore(NS).get(SESSION, Session.class) != null) {
      return;   // another instance configures this class, or an enclosing class's replica
    }
    Config config = config(context);
    if (config.isolation() != Isolation.NEW_REPLICA) {
      open(context, config);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (defers(context)) {
      return;
    }
    close(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (defers(context)) {
      return;
    }
    Session s = context.getStore(NS).get(SESSION, Session.class);
    if (s == null) {
      s = open(context, config(context));   // NEW_REPLICA
    }
    if (!s.running.compareAndSet(null, context.getUniqueId())) {
      throw new ExtensionConfigurationException("two tests of one @JicpReplica class run at once ("
          + s.running.get() + " and " + context.getUniqueId() + "): they share a replica; run"
          + " the methods of a class one at a time (junit.jupiter.execution.parallel.mode.default"
          + " = same_thread), classes may run concurrently");
    }
    if (s.config.isolation() == Isolation.RESTORE) {
      s.replica.restore(s.snapshot);
      s.canisters.restore(s.names);
    }
    context.getStore(NS).put(MARK, FailureReport.Mark.of(s.replica));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (defers(context)) {
      return;
    }
    Session s = context.getStore(NS).get(SESSION, Session.class);
    if (s != null) {
      s.running.compareAndSet(context.getUniqueId(), null);
    }
    close(context);
  }

  private Session open(ExtensionContext context, Config config) throws Exception {
    Replica.Builder b = Replica.builder().subnets(config.subnets())
        .nodesPerSubnet(config.nodesPerSubnet()).deterministic(config.seed());
    config.customizer().accept(b);
    Replica replica = b.build();
    Session s = new Session(context.getUniqueId(), config, replica);
    context.getStore(NS).put(SESSION, s);
    FailureReport.Mark mark = FailureReport.Mark.of(replica);
    String step = "the fixture";
    try {
      for (CodeFixture f : config.fixtures()) {
        f.setUp(replica, s.canisters);
      }
      for (Method m : AnnotationSupport.findAnnotatedMethods(context.getRequiredTestClass(),
          Fixture.class, HierarchyTraversalMode.TOP_DOWN)) {
        step = "@Fixture " + m.getDeclaringClass().getSimpleName() + "." + m.getName();
        Object target = null;
        if (!Modifier.isStatic(m.getModifiers())) {
          target = context.getTestInstance().orElseThrow(() -> new ExtensionConfigurationException(
              "@Fixture " + m.getName() + " is an instance method: make it static, or use"
              + " @TestInstance(PER_CLASS) or Isolation.NEW_REPLICA"));
        }
        context.getExecutableInvoker().invoke(m, target);
      }
    } catch (Throwable t) {
      t.addSuppressed(FailureReport.of(step, replica, s.canisters, mark, config.describe()));
      close(context);
      throw t;
    }
    if (config.isolation() == Isolation.RESTORE) {
      s.snapshot = replica.snapshot();
      s.names = s.canisters.snapshot();
    }
    return s;
  }

  private static void close(ExtensionContext context) {
    Session s = context.getStore(NS).get(SESSION, Session.class);
    if (s != null && s.owner.equals(context.getUniqueId())) {
      context.getStore(NS).remove(SESSION);
      s.replica.close();
    }
  }

  /**
   * Whether this instance leaves the class to another: an annotation-made instance when the
   * class registers a configured one in a static field.
   */
  private boolean defers(ExtensionContext context) {
    if (explicit != null) {
      return false;
    }
    Optional<Class<?>> c = context.getTestClass();
    return c.isPresent() && !AnnotationSupport.findAnnotatedFields(c.get(),
        RegisterExtension.class, f -> JicpExtension.class.isAssignableFrom(f.getType())
            && Modifier.isStatic(f.getModifiers())).isEmpty();
  }

  private Config config(ExtensionContext context) {
    if (explicit != null) {
      return explicit;
    }
    return context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, JicpReplica.class))
        .map(Config::of)
        .orElseGet(() -> new JicpExtension.Builder().build().explicit);
  }

  // ------------------------------------------------------------------ parameters

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
    if (defers(context)) {
      return false;
    }
    Class<?> t = pc.getParameter().getType();
    return pc.isAnnotated(Canister.class) || t == Replica.class || t == Canisters.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
    Parameter p = pc.getParameter();
    Session s = context.getStore(NS).get(SESSION, Session.class);
    if (s == null) {
      throw new ParameterResolutionException("no jicp replica for " + describe(pc)
          + ": with Isolation.NEW_REPLICA the"
          + " replica exists only during each test (not in @BeforeAll/@AfterAll)");
    }
    Class<?> t = p.getType();
    Optional<Canister> named = pc.findAnnotation(Canister.class);
    if (named.isEmpty()) {
      return t == Replica.class ? s.replica : s.canisters;
    }
    String name = named.get().value();
    CanisterId id = s.canisters.find(name).orElseThrow(() ->
        new ParameterResolutionException("@Canister(\"" + name + "\") " + describe(pc) + ": "
            + s.canisters.unknown(name)));
    if (t == CanisterId.class) {
      return id;
    }
    if (t == Principal.class) {
      return id.principal();
    }
    if (t.isInterface()) {
      try {
        return Actor.of(s.replica, id, t);
      } catch (IllegalArgumentException e) {
        throw new ParameterResolutionException("@Canister(\"" + name + "\") " + describe(pc)
            + ": " + t.getName() + " is not an actor interface: " + e.getMessage(), e);
      }
    }
    throw new ParameterResolutionException("@Canister(\"" + name + "\") " + describe(pc)
        + " has type " + t.getName() + ": @Canister injects a CanisterId, a Principal or an"
        + " actor interface");
  }

  /** "CanisterId id of inc()" or "CanisterId (parameter 0) of inc()" without -parameters. */
  private static String describe(ParameterContext pc) {
    Parameter p = pc.getParameter();
    return p.getType().getSimpleName() + (p.isNamePresent() ? " " + p.getName()
        : " (parameter " + pc.getIndex() + ")") + " of " + pc.getDeclaringExecutable().getName()
        + "()";
  }

  // ------------------------------------------------------------------ failures

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw report(context, t, "the test");
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw report(context, t, "@BeforeEach");
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw report(context, t, "@AfterEach");
  }

  private Throwable report(ExtensionContext context, Throwable t, String step) {
    if (defers(context) || isAssumption(t)) {
      return t;
    }
    Session s = context.getStore(NS).get(SESSION, Session.class);
    FailureReport.Mark mark = context.getStore(NS).get(MARK, FailureReport.Mark.class);
    if (s != null && mark != null && !alreadyReported(t)) {
      try {
        t.addSuppressed(FailureReport.of(step, s.replica, s.canisters, mark,
            s.config.describe()));
      } catch (RuntimeException e) {
        t.addSuppressed(e);   // the report is a help: it must not hide the failure
      }
    }
    return t;
  }

  private static boolean alreadyReported(Throwable t) {
    return Arrays.stream(t.getSuppressed()).anyMatch(x -> x instanceof FailureReport);
  }

  private static boolean isAssumption(Throwable t) {
    return t.getClass().getName().startsWith("org.opentest4j.TestAbortedException")
        || t.getClass().getName().equals("org.opentest4j.TestSkippedException");
  }
}
