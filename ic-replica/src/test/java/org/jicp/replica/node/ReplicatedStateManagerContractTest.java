package org.jicp.replica.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Principal;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.ports.contract.StateManagerContractTest;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code StateManager} port's contract (ic-types) for the replica's state manager, {@link
 * ReplicatedStateManager}, with a checkpoint store (full state hashes are manifest hashes).
 */
class ReplicatedStateManagerContractTest extends StateManagerContractTest<ReplicatedState> {
  @TempDir Path dir;
  private int instances;

  @Override
  protected org.jicp.types.ports.StateManager<ReplicatedState> create() {
    SubnetId id = new SubnetId(Principal.fromBytes(new byte[] {1, 2, 3}));
    ReplicatedState genesis = RoundExecutor.genesis(id, SubnetType.APPLICATION, 1_000_000_000L,
        new RoutingTable(new TreeMap<>()), new TreeMap<>());
    Path d = dir.resolve("sm" + instances++);
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ReplicatedStateManager(genesis, Optional.of(StateManager.open(d)), 4);
  }

  @Override
  protected ReplicatedState successor(ReplicatedState base, Height height, long salt) {
    // The batch time is in the certified tree (/time): different salts, different root hashes.
    return new ReplicatedState(height, base.canisters(),
        base.metadata().withTime(base.metadata().timeNanos() + 1 + salt), base.subnetQueues(),
        base.snapshots());
  }
}
