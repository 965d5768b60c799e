package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.http.ReplicaApacheHttpTransport;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.types.Principal;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * The HTTP interface of a 4-node subnet running consensus, through IC4J with its checks on: the
 * update's certificate carries the subnet's threshold signature (its key is the root key here),
 * and queries are answered in turn by each of the four nodes, each signing with its own key, which
 * IC4J checks against the node keys it reads from {@code /subnet/<sid>/node/<nid>/public_key}.
 */
class MultiNodeHttpTest {
  @Test
  void fourNodeSubnet_ic4jUpdatesAndQueriesAnsweredByEveryNode() throws Exception {
    assertThat(System.getProperty("blsVerify")).as("ic4j's BLS check must stay on").isNull();
    try (TestReplica replica = new TestReplica(List.of("application"), 4,
        IcHttpServer.builder())) {
      assertThat(replica.backend.topology().subnets().get(0).nodes()).hasSize(4);
      // Set up through the embedding API (its waits are not bounded by an HTTP read timeout).
      org.jicp.replica.Replica ic = replica.backend.replica();
      CanisterId id = ic.createCanister(ic.subnets().get(0).id(),
          org.jicp.types.Cycles.of(10_000_000_000_000L));
      ic.install(id, Harness.motoko("counter"), org.jicp.candid.CandidEncoder.empty());
      Principal canister = Principal.fromString(id.principal().toText());
      Agent agent = new AgentBuilder().transport(ReplicaApacheHttpTransport.create(replica.url()))
          .identity(new AnonymousIdentity()).ingresExpiry(Duration.ofMinutes(4)).build();
      try {
        agent.fetchRootKey();
        // ic4j 0.7.2 verifies query signatures in its I/O callback and fetches the subnet's node
        // keys there with a blocking get() on a cache miss, which can deadlock its 2-thread
        // reactor (see Ic4jClientTest): fill its static subnet cache from this thread first.
        assertThat(agent.getSubnet(canister, canister)).isNotNull();
        byte[] empty = IDLArgs.create(List.of()).toBytes();
        byte[] reply = UpdateBuilder.create(agent, canister, "inc").arg(empty)
            .callAndWait(Waiter.create(120, 1)).get(180, TimeUnit.SECONDS);
        assertThat(reply).containsExactly(new byte[] {0x44, 0x49, 0x44, 0x4c, 0, 0});
        for (int i = 0; i < 4; i++) {
          byte[] q = QueryBuilder.create(agent, canister, "get").arg(empty)
              .callWithVerification().get(60, TimeUnit.SECONDS);
          assertThat((BigInteger) IDLArgs.fromBytes(q).getArgs().get(0).getValue())
              .isEqualTo(BigInteger.ONE);
        }
      } finally {
        agent.close();
      }
    }
  }
}
