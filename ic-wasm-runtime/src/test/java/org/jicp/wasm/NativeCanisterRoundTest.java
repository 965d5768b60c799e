package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.Test;

/** A native canister's certified data reaches the state with each execution, not only at checkpoints. */
class NativeCanisterRoundTest {
  private static final SubnetId OWN = SubnetId.fromBytes(new byte[] {5, 5, 5, 1});
  private static final Principal USER = Principal.fromBytes(new byte[] {7, 7, 7, 2});
  private static final long T0 = 1_750_000_000_000_000_000L;

  /** A counter whose certified data is its value (8 bytes, big-endian). */
  static final class Counter implements NativeCanister {
    long value;

    Counter(long value) {
      this.value = value;
    }

    @Override
    public boolean hasMethod(String method) {
      return method.equals("inc") || method.equals("get");
    }

    @Override
    public boolean isQuery(String method) {
      return method.equals("get");
    }

    @Override
    public NativeOutcome handle(NativeContext ctx, String method, Bytes arg) {
      if (method.equals("inc")) {
        value++;
      }
      return NativeOutcome.reply(certifiedData());
    }

    @Override
    public NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response) {
      return NativeOutcome.reject("no calls");
    }

    @Override
    public Bytes certifiedData() {
      return Bytes.of(ByteBuffer.allocate(8).putLong(value).array());
    }

    @Override
    public <T> T atomic(Supplier<T> body) {
      long before = value;
      try {
        return body.get();
      } catch (RuntimeException e) {
        value = before;
        throw e;
      }
    }

    @Override
    public Bytes saveState() {
      return certifiedData();
    }
  }

  static final NativeCanisterFactory COUNTER = new NativeCanisterFactory() {
    @Override
    public String kind() {
      return "test-counter";
    }

    @Override
    public NativeCanister create(CanisterId id, Optional<Bytes> savedState, Bytes initArg) {
      return new Counter(savedState.map(b -> ByteBuffer.wrap(b.toByteArray()).getLong()).orElse(0L));
    }
  };

  private static long msg;

  private static CanisterMessage.Ingress ingress(CanisterId receiver, CanisterId effective, String method, byte[] arg) {
    byte[] id = new byte[32];
    ByteBuffer.wrap(id).putLong(++msg);
    return new CanisterMessage.Ingress(MessageId.of(id), USER, receiver, effective, method, Bytes.of(arg),
        T0 + 3_600_000_000_000L);
  }

  private static RoundInputs round(ReplicatedState s, List<CanisterMessage.Ingress> in, boolean checkpoint) {
    long h = s.height().value() + 1;
    return new RoundInputs(Height.of(h), T0 + h, Bytes.of(new byte[32]), RegistryVersion.of(1), RoutingTable.empty(),
        new TreeMap<>(), in, new TreeMap<>(), checkpoint);
  }

  @Test
  void update_ofANativeCanister_putsItsCertifiedDataIntoTheStateAtOnce() {
    TreeMap<CanisterRange, SubnetId> rt = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    rt.put(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xFF)), OWN);
    ReplicatedState s = RoundExecutor.genesis(OWN, SubnetType.SYSTEM, T0, new RoutingTable(rt), new TreeMap<>());
    CanisterId ic00 = RoundExecutor.managementCanister();
    CanisterId c = CanisterId.fromIndex(0);
    try (RoundExecutor e = RoundExecutor.builder().nativeCanister(COUNTER).build()) {
      s = e.executeRound(s, round(s, List.of(
          ingress(ic00, ic00, "provisional_create_canister_with_cycles", ManagementApi.encode(
              new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(), Optional.empty(), Optional.of(c.principal()),
                  Optional.empty())))),
          false));
      // The install in a round of its own: the IC inducts a management message only when the
      // canister it names exists (it pays the induction fee), so not in the creating round.
      s = e.executeRound(s, round(s, List.of(
          ingress(ic00, c, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
              new ManagementApi.InstallMode.Install(), c.principal(),
              Bytes.of("jicp native canister test-counter".getBytes(StandardCharsets.UTF_8)), Bytes.EMPTY, Optional.empty())))),
          false));
      assertThat(s.canister(c).orElseThrow().system().certifiedData()).isEqualTo(Bytes.fromHex("0000000000000000"));
      s = e.executeRound(s, round(s, List.of(ingress(c, c, "inc", new byte[0]), ingress(c, c, "inc", new byte[0])), false));
      // No checkpoint in between: the certified tree of this height already has the new value.
      assertThat(s.canister(c).orElseThrow().system().certifiedData()).isEqualTo(Bytes.fromHex("0000000000000002"));
    }
  }
}
