package consumer;

import static org.jicp.replica.Replica.SubnetKind.APPLICATION;
import static org.jicp.replica.Replica.SubnetKind.NNS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jicp.candid.actor.Query;
import org.jicp.junit.Canister;
import org.jicp.junit.Canisters;
import org.jicp.junit.Fixture;
import org.jicp.junit.JicpReplica;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** A user's canister test: the ic-junit README's example, built against the published POMs. */
@JicpReplica(subnets = {NNS, APPLICATION}, nodesPerSubnet = 1, seed = 7)
class CounterTest {
  /** The counter's Candid service, as ic-candid maps it. */
  public interface Counter {
    void inc();

    @Query
    BigInteger get();
  }

  private static final byte[] NO_ARGS = {'D', 'I', 'D', 'L', 0, 0};

  @Fixture
  static void deploy(Canisters canisters) {
    canisters.deploy("counter", wasm());
  }

  @RepeatedTest(2)
  void inc_typedActor_countsFromTheFixtureState(@Canister("counter") Counter counter) {
    counter.inc();
    assertEquals(BigInteger.ONE, counter.get());
  }

  @Test
  void inc_untyped_repliesWithTheCount(Replica ic, @Canister("counter") CanisterId id) {
    ic.update(id, "inc", NO_ARGS);
    ic.update(id, "inc", NO_ARGS);
    assertArrayEquals(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x7d, 2}, ic.query(id, "get", NO_ARGS));
    System.out.println("jicp-replica-junit-consumer: ok");
  }

  private static byte[] wasm() {
    try {
      return Files.readAllBytes(Path.of(System.getProperty("counter.wasm")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
