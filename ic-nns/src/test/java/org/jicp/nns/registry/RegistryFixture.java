package org.jicp.nns.registry;

import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.SubnetId;

/** A registry with one system subnet (4 nodes), one application subnet (4 nodes), 8 spare nodes. */
final class RegistryFixture {
  static final Principal OPERATOR = Principal.canisterIdFromIndex(5000);
  static final Principal PROVIDER = Principal.canisterIdFromIndex(5001);
  static final String VERSION = "0.9.0";

  final Registry registry = new Registry();
  final DeterministicInitialDkg dkg = new DeterministicInitialDkg(Bytes.fromHex("01"));
  final RegistryGenesis genesis = new RegistryGenesis(registry, Bytes.fromHex("02"), dkg);
  final List<NodeKeys> systemNodes;
  final List<NodeKeys> appNodes;
  final List<NodeKeys> spare;
  final SubnetId system;
  final SubnetId app;

  RegistryFixture() {
    genesis.electReplicaVersion(VERSION)
        .dataCenter("zh1", "Europe,CH,Zurich")
        .nodeOperator(OPERATOR, PROVIDER, "zh1", 100, Map.of("type1", 4, "type3.1", 3));
    systemNodes = genesis.nodes(OPERATOR, 4);
    appNodes = genesis.nodes(OPERATOR, 4);
    spare = genesis.nodes(OPERATOR, 8);
    system = genesis.subnet(systemNodes, SubnetType.SYSTEM, VERSION, true);
    app = genesis.subnet(appNodes, SubnetType.APPLICATION, VERSION, false);
  }

  static List<Principal> ids(List<NodeKeys> keys) {
    return keys.stream().map(k -> k.nodeId().principal()).toList();
  }
}
