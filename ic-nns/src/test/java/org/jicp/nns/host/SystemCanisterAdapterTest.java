package org.jicp.nns.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.InvalidRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Icrc1;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.junit.jupiter.api.Test;

/**
 * The adapter from {@link SystemCanister} to the round's native canisters: outcomes, traps and
 * rollbacks, continuations by id, and what a restored instance does with a continuation that was
 * outstanding when its state was saved.
 */
class SystemCanisterAdapterTest {
  static final Principal ALICE = Principal.selfAuthenticating(new byte[] {1});
  static final Principal BOB = Principal.selfAuthenticating(new byte[] {2});
  static final CanisterId SELF = CanisterId.fromIndex(50);
  static final long NOW = 1_700_000_000_000_000_000L;

  static NativeContext ctx(Principal caller) {
    return new NativeContext(SELF, SubnetId.fromBytes(new byte[] {1}), caller, NOW, Cycles.ZERO, Optional.empty());
  }

  /**
   * A canister over a real ledger: "pay" transfers 1 ICP from the caller to Bob, then asks the
   * ledger canister for Bob's balance and replies it; "pay-then-trap" transfers and traps;
   * "refuse" throws an NnsException.
   */
  static final class Payer implements SystemCanister {
    final Ledger ledger = new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()),
        Map.of(Account.of(ALICE), 100 * 100_000_000L), NOW));
    int resumed;

    @Override
    public CanisterId id() {
      return SELF;
    }

    @Override
    public boolean isQuery(String method) {
      return false;
    }

    @Override
    public boolean hasMethod(String method) {
      return true;
    }

    @Override
    public Outcome handle(CallContext c, String method, Bytes arg) {
      switch (method) {
        case "pay" -> {
          ledger.icrc1Transfer(c.caller(), Icrc1.TransferArg.of(Account.of(BOB), 100_000_000L), c.timeNanos());
          return Outcome.call(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "icrc1_balance_of", new byte[0]),
              "balance", Bytes.of(c.caller().toByteArray()));
        }
        case "pay-then-trap" -> {
          ledger.icrc1Transfer(c.caller(), Icrc1.TransferArg.of(Account.of(BOB), 100_000_000L), c.timeNanos());
          throw new IllegalStateException("boom after a transfer");
        }
        case "await-then-trap" -> {
          ledger.icrc1Transfer(c.caller(), Icrc1.TransferArg.of(Account.of(BOB), 100_000_000L), c.timeNanos());
          return new Outcome.All(List.of(Outcome.call(OutgoingCall.of(NnsCanisterIds.LEDGER.principal(), "x", new byte[0]),
              "nothing", Bytes.EMPTY), new Outcome.Reply(Bytes.EMPTY)));
        }
        default -> throw new InvalidRequestException("refused", "no " + method + " here");
      }
    }

    @Override
    public Outcome resume(CallContext c, Outcome.Continuation then, Response r) {
      if (then.step().equals("nothing")) {
        return Outcome.done();
      }
      assertThat(then.step()).isEqualTo("balance");
      assertThat(then.context()).isEqualTo(Bytes.of(ALICE.toByteArray()));
      resumed++;
      return r instanceof Response.Reply rep ? new Outcome.Reply(rep.bytes())
          : new Outcome.Reject(org.jicp.types.RejectCode.CANISTER_REJECT, "ledger said " + ((Response.Reject) r).message());
    }

    @Override
    public Bytes certifiedData() {
      return ledger.certifiedData();
    }

    @Override
    public <T> T atomic(Supplier<T> body) {
      return ledger.atomic(body);
    }

    @Override
    public Bytes saveState() {
      return new LedgerCanister(ledger).saveState();
    }
  }

  static NativeOutcome run(SystemCanisterAdapter a, String method) {
    return a.atomic(() -> a.handle(ctx(ALICE), method, Bytes.EMPTY));
  }

  @Test
  void handle_thatAwaits_makesOneCallWhoseContinuationResumesById() {
    Payer p = new Payer();
    SystemCanisterAdapter a = SystemCanisterAdapter.of(p);
    NativeOutcome o = run(a, "pay");
    assertThat(o).isInstanceOfSatisfying(NativeOutcome.Calls.class, c -> {
      assertThat(c.calls()).hasSize(1);
      assertThat(c.calls().get(0).callee()).isEqualTo(NnsCanisterIds.LEDGER.principal());
      assertThat(c.calls().get(0).continuationId()).isEqualTo(1);
    });
    assertThat(a.outstandingContinuations()).containsExactly(1L);
    NativeOutcome second = run(a, "pay");
    assertThat(((NativeOutcome.Calls) second).calls().get(0).continuationId()).isEqualTo(2);
    NativeOutcome r = a.atomic(() -> a.resume(ctx(ALICE), 2, new ResponsePayload.Reply(Bytes.fromHex("4449444c0000"))));
    assertThat(r).isEqualTo(NativeOutcome.reply(Bytes.fromHex("4449444c0000")));
    assertThat(a.outstandingContinuations()).containsExactly(1L);
    NativeOutcome rej = a.atomic(() -> a.resume(ctx(ALICE), 1, ResponsePayload.Reject.byCanister("no")));
    assertThat(rej).isInstanceOfSatisfying(NativeOutcome.Reject.class, x -> assertThat(x.message()).isEqualTo("ledger said no"));
    assertThat(p.resumed).isEqualTo(2);
    assertThat(p.ledger.icrc1BalanceOf(Account.of(BOB))).isEqualTo(BigInteger.valueOf(200_000_000L));
  }

  @Test
  void trapAfterAChange_rollsBackTheCanisterAndItsContinuations() {
    Payer p = new Payer();
    SystemCanisterAdapter a = SystemCanisterAdapter.of(p);
    long blocks = p.ledger.blockCount();
    Bytes certified = a.certifiedData();
    assertThatThrownBy(() -> run(a, "pay-then-trap")).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
    assertThatThrownBy(() -> run(a, "await-then-trap")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Outcome.All");
    assertThat(p.ledger.blockCount()).isEqualTo(blocks);
    assertThat(a.certifiedData()).isEqualTo(certified);
    assertThat(a.outstandingContinuations()).isEmpty();
    // The ids handed out by the rolled-back messages are handed out again: nothing refers to them.
    assertThat(((NativeOutcome.Calls) run(a, "pay")).calls().get(0).continuationId()).isEqualTo(1);
  }

  @Test
  void nnsException_isACanisterRejectWithItsMessageAndChangesNothing() {
    Payer p = new Payer();
    SystemCanisterAdapter a = SystemCanisterAdapter.of(p);
    Bytes before = a.saveState();
    assertThatThrownBy(() -> run(a, "refuse")).isInstanceOf(NativeCanisterException.class)
        .hasMessageContaining("no refuse here");
    assertThat(a.saveState()).isEqualTo(before);
  }

  @Test
  void restoredInstance_continuesTheContinuationsOutstandingAtSave_andNeverReusesTheirIds() {
    Payer p = new Payer();
    SystemCanisterAdapter a = SystemCanisterAdapter.of(p);
    run(a, "pay");
    run(a, "pay");
    a.atomic(() -> a.resume(ctx(ALICE), 1, new ResponsePayload.Reply(Bytes.EMPTY)));
    Bytes saved = a.saveState();
    SystemCanisterAdapter b = SystemCanisterAdapter.restore(saved, s -> {
      Payer q = new Payer();
      return new SystemCanister() {
        final LedgerCanister l = LedgerCanister.restore(s);

        @Override
        public CanisterId id() {
          return SELF;
        }

        @Override
        public boolean isQuery(String method) {
          return false;
        }

        @Override
        public boolean hasMethod(String method) {
          return true;
        }

        @Override
        public Outcome handle(CallContext c, String method, Bytes arg) {
          return q.handle(c, method, arg);
        }

        @Override
        public Outcome resume(CallContext c, Outcome.Continuation then, Response r) {
          return q.resume(c, then, r);
        }

        @Override
        public Bytes certifiedData() {
          return l.certifiedData();
        }

        @Override
        public <T> T atomic(Supplier<T> body) {
          return l.atomic(body);
        }

        @Override
        public Bytes saveState() {
          return l.saveState();
        }
      };
    });
    assertThat(b.outstandingContinuations()).containsExactly(2L);
    assertThat(b.continuation(2)).isEqualTo(a.continuation(2)).hasValueSatisfying(k -> assertThat(k.step()).isEqualTo("balance"));
    assertThat(b.saveState()).as("saved again: the same bytes").isEqualTo(saved);
    // The response to the outstanding call arrives at the restored instance: it continues as the
    // original instance does.
    Bytes balance = Bytes.fromHex("4449444c00017d00");
    NativeOutcome restored = b.atomic(() -> b.resume(ctx(ALICE), 2, new ResponsePayload.Reply(balance)));
    NativeOutcome original = a.atomic(() -> a.resume(ctx(ALICE), 2, new ResponsePayload.Reply(balance)));
    assertThat(restored).isEqualTo(original).isEqualTo(NativeOutcome.reply(balance));
    assertThat(b.outstandingContinuations()).isEmpty();
    assertThat(b.saveState()).isEqualTo(a.saveState());
    NativeOutcome unknown = b.atomic(() -> b.resume(ctx(ALICE), 2, new ResponsePayload.Reply(Bytes.EMPTY)));
    assertThat(unknown).isInstanceOfSatisfying(NativeOutcome.Reject.class,
        r -> assertThat(r.message()).contains("continuation 2").contains("unknown"));
    // New calls get new ids.
    assertThat(((NativeOutcome.Calls) b.atomic(() -> b.handle(ctx(ALICE), "pay", Bytes.EMPTY))).calls().get(0).continuationId())
        .isEqualTo(3);
  }

  @Test
  void restore_ofAContinuationAtOrAboveTheNextId_isMalformed() {
    Bytes bad = Bytes.of(org.jicp.nns.internal.pb.HostedCanisterStatePb.newBuilder()
        .setState(com.google.protobuf.ByteString.copyFrom(new Payer().saveState().toByteArray()))
        .setNextContinuationId(3)
        .addContinuations(org.jicp.nns.internal.pb.ContinuationPb.newBuilder().setId(3).setStep("balance"))
        .build().toByteArray());
    assertThatThrownBy(() -> SystemCanisterAdapter.restore(bad, s -> new Payer()))
        .isInstanceOf(org.jicp.nns.MalformedRequestException.class).hasMessageContaining("continuation 3");
  }

  @Test
  void heartbeat_onlyForCanistersThatHaveOne_andAnsweringNobody() {
    SystemCanisterAdapter ledger = NnsCanisterFactory.ledger().create(NnsCanisterIds.LEDGER, Optional.empty(),
        NnsRounds.canisters().ledger());
    assertThat(ledger.heartbeat(ctx(NnsCanisterIds.LEDGER.principal()))).isEmpty();
    SystemCanisterAdapter gov = NnsCanisterFactory.governance().create(NnsCanisterIds.GOVERNANCE, Optional.empty(),
        NnsRounds.canisters().governance());
    assertThat(gov.heartbeat(ctx(NnsCanisterIds.GOVERNANCE.principal()))).contains(NativeOutcome.done());
  }

  @Test
  void factory_withoutAnInitArgument_startsOnlyAnEmptyRegistry() {
    assertThat(NnsCanisterFactory.registry().create(NnsCanisterIds.REGISTRY, Optional.empty(), Bytes.EMPTY).canister().id())
        .isEqualTo(NnsCanisterIds.REGISTRY);
    assertThatThrownBy(() -> NnsCanisterFactory.ledger().create(NnsCanisterIds.LEDGER, Optional.empty(), Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial state");
    assertThatThrownBy(() -> NnsCanisterFactory.ledger().create(NnsCanisterIds.LEDGER, Optional.of(Bytes.fromHex("ff")), Bytes.EMPTY))
        .isInstanceOf(org.jicp.nns.MalformedRequestException.class);
  }
}
