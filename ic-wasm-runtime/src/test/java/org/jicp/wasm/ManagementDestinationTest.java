package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.Stream;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.Test;

/**
 * A canister's call to {@code aaaaa-aa} about a canister of another subnet goes to that subnet's
 * management canister (the IC's {@code resolve_destination}); calls about local canisters and
 * subnet-wide methods stay on the subnet.
 */
class ManagementDestinationTest {
  private static final SubnetId OWN = SubnetId.fromBytes(new byte[] {1, 2, 3, 4, 9});
  private static final SubnetId OTHER = SubnetId.fromBytes(new byte[] {9, 8, 7, 6, 9});
  private static final Principal USER = Principal.fromBytes(new byte[] {7, 7, 7, 3});
  private static final long T0 = 1_750_000_000_000_000_000L;
  private static long msg;

  private static CanisterMessage.Ingress ingress(CanisterId receiver, CanisterId effective, String method, byte[] arg) {
    byte[] id = new byte[32];
    ByteBuffer.wrap(id).putLong(++msg);
    return new CanisterMessage.Ingress(MessageId.of(id), USER, receiver, effective, method, Bytes.of(arg),
        T0 + 3_600_000_000_000L);
  }

  private static RoundInputs round(ReplicatedState s, List<CanisterMessage.Ingress> in) {
    long h = s.height().value() + 1;
    return new RoundInputs(Height.of(h), T0 + h, Bytes.of(new byte[32]), RegistryVersion.of(1), RoutingTable.empty(),
        new TreeMap<>(), in, new TreeMap<>(), false);
  }

  private static byte[] proxyArg(String method, Object payload) {
    ByteArrayOutputStream arg = new ByteArrayOutputStream();
    arg.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000L).array());
    arg.write(method.length());
    arg.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
    arg.writeBytes(ManagementApi.encode(payload));
    return arg.toByteArray();
  }

  @Test
  void depositCyclesForACanisterOfAnotherSubnet_goesToThatSubnetsManagementCanister() {
    TreeMap<CanisterRange, SubnetId> rt = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    rt.put(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xFFFF)), OWN);
    rt.put(new CanisterRange(CanisterId.fromIndex(0x10000), CanisterId.fromIndex(0x1FFFF)), OTHER);
    TreeMap<SubnetId, SubnetTopology> topology = new TreeMap<>();
    topology.put(OTHER, new SubnetTopology(Bytes.of(new byte[133]), SubnetType.APPLICATION, new TreeMap<>()));
    ReplicatedState s = RoundExecutor.genesis(OWN, SubnetType.APPLICATION, T0, new RoutingTable(rt), topology);
    CanisterId ic00 = RoundExecutor.managementCanister();
    CanisterId proxy = CanisterId.fromIndex(0);
    CanisterId remote = CanisterId.fromIndex(0x10001);
    try (RoundExecutor e = RoundExecutor.builder().build()) {
      s = e.executeRound(s, round(s, List.of(
          ingress(ic00, ic00, "provisional_create_canister_with_cycles", ManagementApi.encode(
              new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(), Optional.empty(), Optional.empty(),
                  Optional.empty()))))));
      // The install in a round of its own: management ingress naming a canister is inducted
      // only once the canister exists (the IC's ValidSetRule).
      s = e.executeRound(s, round(s, List.of(
          ingress(ic00, proxy, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
              new ManagementApi.InstallMode.Install(), proxy.principal(), Bytes.of(TestModules.wasm("management_proxy")),
              Bytes.EMPTY, Optional.empty()))))));
      s = e.executeRound(s, round(s, List.of(
          ingress(proxy, proxy, "call", proxyArg("deposit_cycles", new ManagementApi.CanisterIdRecord(remote.principal()))))));
      Stream out = s.metadata().streams().get(OTHER);
      assertThat(out).as("a stream to the other subnet").isNotNull();
      assertThat(out.messages()).hasSize(1);
      CanisterMessage.Request r = (CanisterMessage.Request) out.messages().get(0);
      assertThat(r.receiver().principal()).isEqualTo(OTHER.principal());
      assertThat(r.sender()).isEqualTo(proxy);
      assertThat(r.methodName()).isEqualTo("deposit_cycles");
      assertThat(r.payment().value().longValue()).isEqualTo(1_000_000L);
      // About a canister of this subnet, and subnet-wide: answered here, nothing more in the stream.
      s = e.executeRound(s, round(s, List.of(
          ingress(proxy, proxy, "call", proxyArg("canister_status", new ManagementApi.CanisterIdRecord(proxy.principal()))),
          ingress(proxy, proxy, "call", proxyArg("raw_rand", new ManagementApi.CanisterIdRecord(remote.principal()))))));
      assertThat(s.metadata().streams().get(OTHER).messages()).hasSize(1);
    }
  }
}
