package org.jicp.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Optional;
import org.jicp.candid.actor.OneWay;
import org.jicp.candid.actor.Query;
import org.jicp.crypto.Principal;
import org.jicp.replica.Actor;
import org.jicp.replica.CallRecord;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;
import org.junit.jupiter.api.Test;

/** {@link Actor}: typed calls, rejects as typed exceptions, and the call journal. */
@JicpReplica
class ActorTest {
  /** The counter with a one-way inc and a method it does not have. */
  interface OneWayCounter {
    @OneWay
    void inc();

    @Query
    BigInteger get();

    @Query
    BigInteger missing();
  }

  @Fixture
  static void deploy(Canisters canisters) {
    canisters.deploy("counter", TestWasm.counter());
  }

  @Test
  void call_canisterRejects_rejectedExceptionWithCodeAndMessage(
      @Canister("counter") Counter counter, @Canister("counter") CanisterId id) {
    assertThatThrownBy(counter::nope).isInstanceOfSatisfying(Actor.RejectedException.class,
        e -> {
          assertThat(e.code()).isEqualTo(RejectCode.CANISTER_REJECT);
          assertThat(e.errorCode()).isEqualTo(Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE));
          assertThat(e.rejectMessage()).isEqualTo("nope!");
          assertThat(e).hasMessage(id + ".nope rejected (CANISTER_REJECT, IC0406): nope!");
          assertThat(e.canister()).isEqualTo(id);
          assertThat(e.method()).isEqualTo("nope");
        });
  }

  @Test
  void call_canisterTraps_rejectedExceptionWithErrorCode(@Canister("counter") Counter counter) {
    assertThatThrownBy(counter::boom).isInstanceOfSatisfying(Actor.RejectedException.class,
        e -> {
          assertThat(e.code()).isEqualTo(RejectCode.CANISTER_ERROR);
          assertThat(e.errorCode()).isEqualTo(Optional.of(ErrorCode.CANISTER_CALLED_TRAP));
          assertThat(e.rejectMessage()).contains("boom: the counter trapped on purpose");
        });
  }

  @Test
  void query_methodMissing_rejectedException(Replica ic, @Canister("counter") CanisterId id) {
    OneWayCounter c = ic.actor(id, OneWayCounter.class);
    assertThatThrownBy(c::missing).isInstanceOfSatisfying(Actor.RejectedException.class,
        e -> assertThat(e.code()).isEqualTo(RejectCode.DESTINATION_INVALID));
  }

  @Test
  void oneWay_submitted_runsAtTheNextRound(Replica ic, @Canister("counter") CanisterId id) {
    OneWayCounter c = ic.actor(id, OneWayCounter.class);
    c.inc();
    assertThat(c.get()).isZero();
    ic.tick(2);
    assertThat(c.get()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void actor_sender_callsAsIt(Replica ic, @Canister("counter") CanisterId id) {
    Principal alice = Principal.selfAuthenticating(new byte[] {1, 2, 3});
    Counter c = Actor.of(ic, alice, id, Counter.class);
    c.inc();
    assertThat(Actor.senderOf(c)).isEqualTo(alice);
    assertThat(c).hasToString("Actor[Counter " + id + " as " + alice + "]")
        .isEqualTo(Actor.of(ic, alice, id, Counter.class))
        .isNotEqualTo(ic.actor(id, Counter.class));
    CallRecord last = ic.recentCalls().get(ic.recentCalls().size() - 1);
    assertThat(last.sender()).isEqualTo(alice);
    assertThat(last.method()).isEqualTo("inc");
    assertThat(last.outcome()).isInstanceOf(CallRecord.Replied.class);
  }

  @Test
  void recentCalls_afterCalls_oldestFirstWithOutcomes(Replica ic,
      @Canister("counter") Counter counter) {
    long before = ic.recentCalls().size();
    counter.inc();
    counter.get();
    assertThatThrownBy(counter::nope).isInstanceOf(Actor.RejectedException.class);
    var calls = ic.recentCalls();
    assertThat(calls).hasSize((int) before + 3);
    var last3 = calls.subList(calls.size() - 3, calls.size());
    assertThat(last3).extracting(CallRecord::method).containsExactly("inc", "get", "nope");
    assertThat(last3).extracting(CallRecord::kind).containsExactly(CallRecord.Kind.UPDATE,
        CallRecord.Kind.QUERY, CallRecord.Kind.UPDATE);
    assertThat(last3.get(2).outcome()).isEqualTo(new CallRecord.Rejected(
        RejectCode.CANISTER_REJECT, Optional.of(ErrorCode.CANISTER_REJECTED_MESSAGE), "nope!"));
    assertThat(last3.get(0).sequence()).isLessThan(last3.get(1).sequence());
  }
}
