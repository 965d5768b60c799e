package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ic4j.agent.Agent;
import org.ic4j.agent.AgentBuilder;
import org.ic4j.agent.QueryBuilder;
import org.ic4j.agent.Status;
import org.ic4j.agent.UpdateBuilder;
import org.ic4j.agent.Waiter;
import org.ic4j.agent.http.ReplicaApacheHttpTransport;
import org.ic4j.agent.identity.AnonymousIdentity;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.types.Principal;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IC4J 0.7.2, an independent Java IC client (v2 endpoints, its Apache HttpClient 5 transport),
 * against the HTTP interface: status and root key, updates (v2 call then read_state polling of
 * {@code request_status}, with its certificate's BLS signature and NNS delegation checked), queries
 * with node signatures verified, and read_state. Its BLS check is on unless {@code
 * -DblsVerify=false}, which this test never sets.
 */
class Ic4jClientTest {
  private static TestReplica replica;
  private static Agent agent;
  private static Principal canister;

  @BeforeAll
  static void setUp() throws Exception {
    assertThat(System.getProperty("blsVerify")).as("ic4j's BLS check must stay on").isNull();
    replica = new TestReplica(List.of("nns", "application"));
    RawIc c = replica.client();
    CanisterId id = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
    c.install(id, Harness.motoko("counter"), "install");
    canister = Principal.fromString(id.principal().toText());
    agent = new AgentBuilder().transport(ReplicaApacheHttpTransport.create(replica.url()))
        .identity(new AnonymousIdentity()).ingresExpiry(Duration.ofMinutes(4)).build();
    agent.fetchRootKey();
    // ic4j 0.7.2 verifies a query's node signatures inside its HTTP client's I/O callback, and on
    // a subnet-cache miss fetches the subnet's keys there with a blocking get(): when that nested
    // read_state lands on the same I/O reactor thread (2 threads on 2 cores), it never completes
    // and the query hangs. Fill its (static) cache from this thread first.
    assertThat(agent.getSubnet(canister, canister)).isNotNull();
  }

  @AfterAll
  static void tearDown() {
    if (agent != null) {
      agent.close();
    }
    if (replica != null) {
      replica.close();
    }
  }

  @Test
  void status_fetched_reportsRootKeyAndHealth() throws Exception {
    Status s = agent.status().get(10, TimeUnit.SECONDS);
    assertThat(s.rootKey).hasValueSatisfying(k -> assertThat(k).hasSize(133));
    assertThat(s.replicaHealthStatus).contains("healthy");
  }

  @Test
  void updateThenQuery_counter_certifiedAndSignedAnswers() throws Exception {
    byte[] empty = IDLArgs.create(List.of()).toBytes();
    BigInteger before = (BigInteger) IDLArgs.fromBytes(QueryBuilder.create(agent, canister, "get")
        .arg(empty).callWithVerification().get(30, TimeUnit.SECONDS)).getArgs().get(0).getValue();
    long t0 = System.nanoTime();
    byte[] reply = UpdateBuilder.create(agent, canister, "inc").arg(empty)
        .callAndWait(Waiter.create(60, 1)).get(90, TimeUnit.SECONDS);
    long updateMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("ic4j update inc(): " + updateMillis + " ms");
    assertThat(reply).containsExactly(new byte[] {0x44, 0x49, 0x44, 0x4c, 0, 0});
    assertThat(updateMillis).as("the first request_status poll finds the result (no 5 s sleep)")
        .isLessThan(4_000);
    BigInteger after = (BigInteger) IDLArgs.fromBytes(QueryBuilder.create(agent, canister, "get")
        .arg(empty).callWithVerification().get(30, TimeUnit.SECONDS)).getArgs().get(0).getValue();
    assertThat(after).isEqualTo(before.add(BigInteger.ONE));
    byte[] greet = QueryBuilder.create(agent, canister, "greet")
        .arg(IDLArgs.create(List.of(IDLValue.create("ic4j"))).toBytes())
        .callWithVerification().get(30, TimeUnit.SECONDS);
    Object text = IDLArgs.fromBytes(greet).getArgs().get(0).getValue();
    assertThat(text).isEqualTo("Hello, ic4j!");
  }

  @Test
  void readState_timeAndModuleHash_certificateVerifies() throws Exception {
    List<List<byte[]>> paths = List.of(
        List.of("time".getBytes(StandardCharsets.UTF_8)),
        List.of("canister".getBytes(StandardCharsets.UTF_8), canister.getValue(),
            "module_hash".getBytes(StandardCharsets.UTF_8)));
    Agent.CertificateResponse r = agent.readStateRaw(canister, paths, Map.of())
        .get(30, TimeUnit.SECONDS);
    assertThat(r.certificate).isNotNull();
    agent.verify(r.certificate, canister, false);
  }
}
