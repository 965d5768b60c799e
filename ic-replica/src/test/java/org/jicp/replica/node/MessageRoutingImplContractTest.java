package org.jicp.replica.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.ports.contract.MessageRoutingContractTest;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code MessageRouting} port's contract (ic-types) for the replica's {@link
 * MessageRoutingImpl} over a real {@link RoundExecutor} and {@link ReplicatedStateManager}
 * (synchronous: a batch is executed and committed when delivered).
 */
class MessageRoutingImplContractTest extends MessageRoutingContractTest {
  private static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {4, 5, 6}));
  @TempDir Path dir;
  private int instances;

  @Override
  protected Subject create() {
    RoutingTable rt = new RoutingTable(new TreeMap<>());
    TreeMap<SubnetId, SubnetTopology> subnets = new TreeMap<>();
    ReplicatedState genesis = RoundExecutor.genesis(SUBNET, SubnetType.APPLICATION,
        1_000_000_000L, rt, subnets);
    // With a checkpoint store: a batch that requires the full state hash is checkpointed.
    Path d = dir.resolve("mr" + instances++);
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ReplicatedStateManager sm = new ReplicatedStateManager(genesis,
        Optional.of(org.jicp.state.checkpoint.StateManager.open(d)), 8);
    NetworkTopology topology = new NetworkTopology() {
      @Override
      public RoutingTable routingTable(RegistryVersion v) {
        return rt;
      }

      @Override
      public SortedMap<SubnetId, SubnetTopology> subnets(RegistryVersion v) {
        return subnets;
      }
    };
    List<String> dropped = new java.util.ArrayList<>();
    MessageRoutingImpl routing = new MessageRoutingImpl(SUBNET, sm,
        RoundExecutor.builder().build(), topology, CertificateSignatureVerifier.ic(), dropped::add);
    return new Subject(routing, Optional.of(sm), () -> { });
  }
}
