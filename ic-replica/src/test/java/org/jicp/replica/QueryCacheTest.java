package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.http.Harness;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SubnetRuntime#query}'s answers remembered per certified state ({@link
 * SubnetRuntime#cachedQuery}): the same reply as the execution, per caller and argument,
 * forgotten as soon as a newer state is certified; rejects are not kept (as dfinity/ic's query
 * cache keeps no errors).
 */
class QueryCacheTest {
  private static final Bytes EMPTY = Bytes.of(CandidEncoder.empty());
  private Replica ic;
  private SubnetRuntime subnet;
  private CanisterId counter;

  @BeforeEach
  void setUp() {
    ic = Replica.builder().applicationSubnets(1).deterministic(7).startTime(Instant.now()).build();
    counter = ic.createCanister(ic.subnets().get(0).id(), Cycles.of(50_000_000_000_000L));
    ic.install(counter, Harness.motoko("counter"), CandidEncoder.empty());
    subnet = ic.subnetOf(counter.principal()).orElseThrow();
  }

  @AfterEach
  void tearDown() {
    ic.close();
  }

  private static BigInteger nat(ResponsePayload p) {
    byte[] data = ((ResponsePayload.Reply) p).data().toByteArray();
    return ((CandidValue.Nat) CandidDecoder.standard().decode(data).values().get(0)).value();
  }

  @Test
  void cachedQuery_afterQueryOnSameState_sameAnswerPerCallerAndArgument() {
    Principal anonymous = Principal.anonymous();
    assertThat(subnet.cachedQuery(counter, "get", EMPTY, anonymous)).isEmpty();
    ResponsePayload executed = subnet.query(counter, "get", EMPTY, anonymous);
    assertThat(nat(executed)).isEqualTo(BigInteger.ZERO);
    assertThat(subnet.cachedQuery(counter, "get", EMPTY, anonymous)).contains(executed);
    assertThat(subnet.query(counter, "get", EMPTY, anonymous)).isEqualTo(executed);
    Principal other = Principal.fromBytes(new byte[] {1, 2, 3});
    assertThat(subnet.cachedQuery(counter, "get", EMPTY, other)).as("another caller").isEmpty();
    assertThat(subnet.cachedQuery(counter, "get", Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 1,
        0x7d, 0}), anonymous)).as("another argument").isEmpty();
    assertThat(subnet.cachedQuery(counter, "inc", EMPTY, anonymous)).as("another method")
        .isEmpty();
  }

  @Test
  void cachedQuery_newStateCertified_forgottenAndQuerySeesNewState() {
    Principal anonymous = Principal.anonymous();
    assertThat(nat(subnet.query(counter, "get", EMPTY, anonymous))).isEqualTo(BigInteger.ZERO);
    ic.update(counter, "inc", CandidEncoder.empty());
    assertThat(subnet.cachedQuery(counter, "get", EMPTY, anonymous)).isEmpty();
    assertThat(nat(subnet.query(counter, "get", EMPTY, anonymous))).isEqualTo(BigInteger.ONE);
    assertThat(subnet.cachedQuery(counter, "get", EMPTY, anonymous).map(QueryCacheTest::nat))
        .contains(BigInteger.ONE);
  }

  @Test
  void query_rejected_notRemembered() {
    ResponsePayload r = subnet.query(counter, "nosuch", EMPTY, Principal.anonymous());
    assertThat(r).isInstanceOfSatisfying(ResponsePayload.Reject.class,
        j -> assertThat(j.errorCode()).contains(ErrorCode.CANISTER_METHOD_NOT_FOUND));
    assertThat(subnet.cachedQuery(counter, "nosuch", EMPTY, Principal.anonymous())).isEmpty();
  }
}
