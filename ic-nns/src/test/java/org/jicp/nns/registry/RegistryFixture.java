package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;

/**
 * A registry with one system subnet (4 nodes), one application subnet (4 nodes), 8 spare nodes.
 * The genesis is built once (node keys with proofs of possession are the slow part) and each fixture
 * gets its own copy, replayed from the template's changelog.
 */
final class RegistryFixture {
  static final Principal OPERATOR = Principal.canisterIdFromIndex(5000);
  static final Principal PROVIDER = Principal.canisterIdFromIndex(5001);
  static final String VERSION = "0.9.0";

  private static final class Template {
    static final Registry REGISTRY = new Registry();
    static final StandInInitialDkg DKG = new StandInInitialDkg(Bytes.fromHex("01"));
    static final List<NodeKeys> SYSTEM_NODES;
    static final List<NodeKeys> APP_NODES;
    static final List<NodeKeys> SPARE;
    static final SubnetId SYSTEM;
    static final SubnetId APP;

    static {
      RegistryGenesis g = new RegistryGenesis(REGISTRY, Bytes.fromHex("02"), DKG);
      g.electReplicaVersion(VERSION)
          .dataCenter("zh1", "Europe,CH,Zurich")
          .nodeOperator(OPERATOR, PROVIDER, "zh1", 100, Map.of("type1", 4, "type3.1", 3));
      SYSTEM_NODES = g.nodes(OPERATOR, 4);
      APP_NODES = g.nodes(OPERATOR, 4);
      SPARE = g.nodes(OPERATOR, 8);
      SYSTEM = g.subnet(SYSTEM_NODES, SubnetType.SYSTEM, VERSION, true);
      APP = g.subnet(APP_NODES, SubnetType.APPLICATION, VERSION, false);
    }
  }

  final Registry registry = Registry.fromChangelog(Template.REGISTRY.store().changelog());
  final StandInInitialDkg dkg = Template.DKG;
  /** Further nodes come from another seed than the template's. */
  final RegistryGenesis genesis = new RegistryGenesis(registry, Bytes.fromHex("03"), dkg);
  final List<NodeKeys> systemNodes = Template.SYSTEM_NODES;
  final List<NodeKeys> appNodes = Template.APP_NODES;
  final List<NodeKeys> spare = Template.SPARE;
  final SubnetId system = Template.SYSTEM;
  final SubnetId app = Template.APP;

  static List<Principal> ids(List<NodeKeys> keys) {
    return keys.stream().map(k -> k.nodeId().principal()).toList();
  }
}
