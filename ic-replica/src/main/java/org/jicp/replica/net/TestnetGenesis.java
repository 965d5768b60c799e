package org.jicp.replica.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.crypto.BlsConsensusCrypto;
import org.jicp.consensus.crypto.NodeKeys;
import org.jicp.consensus.crypto.SubnetPublicKeys;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.replica.Replica;
import org.jicp.replica.node.NetworkTopology;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.CanisterRanges;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;

/**
 * The genesis of a multi-process testnet, computed identically by every node from the shared part
 * of its {@link NodeConfig}: each subnet's node keys (node signing, committee signing, dealing
 * encryption) and TLS identities, its genesis NI-DKG transcripts and threshold key (hence its
 * self-authenticating id), canister ranges (NNS from 0, the others from {@link
 * Replica#APP_RANGE_START}, {@link Replica#RANGE_SIZE} each), the routing table and the registry
 * topology. Everything derives from the testnet seed with SHA-256 and ChaCha20, so the processes
 * agree without exchanging anything; the seed is therefore the secret of the whole testnet.
 */
public final class TestnetGenesis {
  /**
   * One subnet.
   *
   * @param index its index in the configuration
   * @param kind its kind
   * @param id its id (from its threshold key)
   * @param ranges its canister ranges
   * @param nodes its nodes' secret keys, in node order
   * @param tls its nodes' TLS identities, in node order
   * @param registry its nodes' consensus public keys
   * @param transcripts its genesis NI-DKG transcripts
   * @param publicKey its threshold public key
   * @param consensus its consensus parameters
   */
  public record Subnet(int index, Replica.SubnetKind kind, SubnetId id, CanisterRanges ranges,
      List<NodeKeys> nodes, List<NodeTlsIdentity> tls, SubnetPublicKeys registry,
      BlsConsensusCrypto.GenesisTranscripts transcripts, ThresholdPublicKey publicKey,
      ConsensusConfig consensus) {
    /** The node ids, in node order. */
    public List<NodeId> nodeIds() {
      return nodes.stream().map(NodeKeys::node).toList();
    }
  }

  private final NodeConfig config;
  private final List<Subnet> subnets = new ArrayList<>();
  private final RoutingTable routingTable;
  private final TreeMap<SubnetId, SubnetTopology> topology = new TreeMap<>();

  /** Computes the genesis of {@code config}'s testnet. */
  public TestnetGenesis(NodeConfig config) {
    this.config = config;
    Map<CanisterRange, SubnetId> routes = new HashMap<>();
    int others = 0;
    for (int i = 0; i < config.subnets().size(); i++) {
      Replica.SubnetKind kind = Replica.SubnetKind.fromText(config.subnets().get(i));
      Csprng rng = Csprng.fromChaChaSeed(Bytes.of(derive("consensus keys", i, 0)));
      List<NodeKeys> nodes = new ArrayList<>();
      for (int j = 0; j < config.nodesPerSubnet(); j++) {
        nodes.add(NodeKeys.generate(rng));
      }
      SubnetPublicKeys registry;
      try {
        registry = SubnetPublicKeys.of(nodes.stream().map(NodeKeys::publicKeys).toList());
      } catch (ConsensusException e) {
        throw new IllegalStateException("node keys of subnet " + i + ": " + e.getMessage(), e);
      }
      SubnetId target = new SubnetId(Principal.selfAuthenticating(
          derive("genesis dkg target", i, 0)));
      BlsConsensusCrypto.GenesisTranscripts t =
          BlsConsensusCrypto.genesisTranscripts(target, registry, rng);
      ThresholdPublicKey pk = new ThresholdPublicKey(BlsConsensusCrypto.subnetPublicKey(t.high()));
      Bytes der = pk.toDer();
      SubnetId id = new SubnetId(Principal.selfAuthenticating(der.toByteArray()));
      long start = kind == Replica.SubnetKind.NNS ? 0
          : Replica.APP_RANGE_START + others++ * Replica.RANGE_SIZE;
      CanisterRange r = new CanisterRange(CanisterId.fromIndex(start),
          CanisterId.fromIndex(start + Replica.RANGE_SIZE - 1));
      routes.put(r, id);
      List<NodeTlsIdentity> tls = new ArrayList<>();
      TreeMap<NodeId, Bytes> nodeKeys = new TreeMap<>();
      for (int j = 0; j < nodes.size(); j++) {
        NodeId n = nodes.get(j).node();
        tls.add(NodeTlsIdentity.fromSeed(n, derive("tls", i, j)));
        nodeKeys.put(n, Bytes.of(nodes.get(j).publicKeys().nodeSigningKey().toDer()));
      }
      ConsensusConfig cc = ConsensusConfig.defaults(kind.type())
          .withDkgIntervalLength(config.dkgInterval())
          .withUnitDelay(Duration.ofMillis(config.unitDelayMillis()))
          .withInitialNotaryDelay(Duration.ofMillis(config.notaryDelayMillis()));
      subnets.add(new Subnet(i, kind, id, new CanisterRanges(List.of(r)), nodes, tls, registry,
          t, pk, cc));
      topology.put(id, new SubnetTopology(der, kind.type(), nodeKeys));
    }
    this.routingTable = new RoutingTable(routes);
  }

  /** The subnets, in configuration order. */
  public List<Subnet> subnets() {
    return subnets;
  }

  /** The root subnet: the NNS if there is one, else the first. */
  public Subnet root() {
    for (Subnet s : subnets) {
      if (s.kind() == Replica.SubnetKind.NNS) {
        return s;
      }
    }
    return subnets.get(0);
  }

  /** The routing table. */
  public RoutingTable routingTable() {
    return routingTable;
  }

  /** The registry as message routing reads it (fixed at version 1). */
  public NetworkTopology networkTopology() {
    return new NetworkTopology() {
      @Override
      public RoutingTable routingTable(RegistryVersion v) {
        return routingTable;
      }

      @Override
      public SortedMap<SubnetId, SubnetTopology> subnets(RegistryVersion v) {
        return topology;
      }
    };
  }

  /** The registry topology (subnet keys, types, node signing keys). */
  public TreeMap<SubnetId, SubnetTopology> topology() {
    return topology;
  }

  /** The transport members of subnet {@code s}: registered certificates and addresses. */
  public Map<NodeId, TlsTransport.Member> members(int s) {
    Map<NodeId, TlsTransport.Member> m = new HashMap<>();
    Subnet sub = subnets.get(s);
    for (int j = 0; j < sub.nodes().size(); j++) {
      NodeConfig.Address a = config.address(s, j);
      m.put(sub.nodes().get(j).node(), new TlsTransport.Member(sub.tls().get(j).certificateDer(),
          new java.net.InetSocketAddress(a.host(), a.p2pPort())));
    }
    return m;
  }

  private byte[] derive(String what, long a, long c) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(("jicp testnet " + what).getBytes(StandardCharsets.US_ASCII));
      d.update(ByteBuffer.allocate(24).putLong(config.seed()).putLong(a).putLong(c).array());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
