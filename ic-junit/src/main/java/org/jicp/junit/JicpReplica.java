package org.jicp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jicp.replica.Replica.SubnetKind;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an in-JVM {@link org.jicp.replica.Replica} managed by
 * {@link JicpExtension}: built before the class's tests with these subnets, set up by the class's
 * {@link Fixture} methods, and isolated between tests as {@link #isolation()} says.
 *
 * <pre>{@code
 * @JicpReplica(subnets = {NNS, APPLICATION}, nodesPerSubnet = 1, seed = 7)
 * class CounterTest {
 *   @Fixture static void deploy(Canisters canisters) { canisters.deploy("counter", wasm); }
 *   @Test void inc(Replica ic, @Canister("counter") Counter counter) { … }
 * }
 * }</pre>
 *
 * <p>For configuration in code (e.g. a state directory or the live mode), register the
 * extension instead: {@code @RegisterExtension static JicpExtension ic = JicpExtension.builder()
 * … .build();} (an annotation on the same class is then ignored).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(JicpExtension.class)
public @interface JicpReplica {
  /** The subnets, in order (the replica's default subnet is the first application subnet). */
  SubnetKind[] subnets() default {SubnetKind.APPLICATION};

  /** Nodes per subnet: 1 (fast), or 4, 7, 13, … (3f + 1) to run the consensus protocol. */
  int nodesPerSubnet() default 1;

  /** The seed of the deterministic replica (keys, ids, randomness): the same seed, the same run. */
  long seed() default 0;

  /** How tests are isolated from each other. */
  Isolation isolation() default Isolation.RESTORE;
}
