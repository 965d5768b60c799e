package org.jicp.nns.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.registry.pb.PublicKey;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.nns.registry.pb.SubnetListRecord;
import org.jicp.nns.registry.pb.SubnetRecord;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.ports.RegistryClient;

/**
 * What execution needs from the registry at a batch's registry version: the routing table and,
 * per subnet, its threshold public key (DER), type and nodes' signing keys (DER) — the {@code
 * RoundInputs}' {@code routingTable} and {@code topology}, read through the {@link RegistryClient}
 * port from the IC's records ({@code routing_table}, {@code subnet_list}, {@code
 * subnet_record_<id>}, {@code crypto_threshold_signing_public_key_<id>}, {@code
 * crypto_record_<node>_1}).
 *
 * @param version the registry version read
 * @param routingTable the canister ranges and the subnet of each
 * @param subnets every subnet of {@code subnet_list} that has a threshold key
 */
public record RegistryTopology(RegistryVersion version, org.jicp.state.replicated.RoutingTable routingTable,
    SortedMap<SubnetId, SubnetTopology> subnets) {
  private static final byte[] ED25519_DER_PREFIX = Bytes.parseHex("302a300506032b6570032100");

  /** Validates and copies the components. */
  public RegistryTopology {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(routingTable, "routingTable");
    subnets = Collections.unmodifiableSortedMap(new TreeMap<>(subnets));
  }

  /**
   * The topology at {@code version}.
   *
   * @throws RegistryClient.RegistryVersionUnavailableException if the client does not have it
   * @throws InvariantViolationException if a record does not decode
   */
  public static RegistryTopology at(RegistryClient registry, RegistryVersion version) {
    TreeMap<CanisterRange, SubnetId> ranges = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    Optional<Bytes> rt = registry.versionedValue(RegistryKeys.ROUTING_TABLE, version);
    if (rt.isPresent()) {
      for (RoutingTable.Entry e : RegistryInvariants.decode(RoutingTable.parser(), rt.get(), RegistryKeys.ROUTING_TABLE).getEntriesList()) {
        CanisterId start = new CanisterId(Principal.fromBytes(e.getRange().getStartCanisterId().getPrincipalId().getRaw().toByteArray()));
        CanisterId end = new CanisterId(Principal.fromBytes(e.getRange().getEndCanisterId().getPrincipalId().getRaw().toByteArray()));
        ranges.put(new CanisterRange(start, end), new SubnetId(Principal.fromBytes(e.getSubnetId().getPrincipalId().getRaw().toByteArray())));
      }
    }
    TreeMap<SubnetId, SubnetTopology> subnets = new TreeMap<>();
    Optional<Bytes> list = registry.versionedValue(RegistryKeys.SUBNET_LIST, version);
    if (list.isPresent()) {
      for (com.google.protobuf.ByteString raw : RegistryInvariants.decode(SubnetListRecord.parser(), list.get(), RegistryKeys.SUBNET_LIST).getSubnetsList()) {
        SubnetId s = new SubnetId(Principal.fromBytes(raw.toByteArray()));
        topologyOf(registry, s, version).ifPresent(t -> subnets.put(s, t));
      }
    }
    return new RegistryTopology(version, new org.jicp.state.replicated.RoutingTable(ranges), subnets);
  }

  /** The topology at the client's latest version. */
  public static RegistryTopology latest(RegistryClient registry) {
    return at(registry, registry.latestVersion());
  }

  private static Optional<SubnetTopology> topologyOf(RegistryClient registry, SubnetId s, RegistryVersion version) {
    String recordKey = RegistryKeys.subnetRecord(s);
    Optional<Bytes> record = registry.versionedValue(recordKey, version);
    Optional<Bytes> key = registry.versionedValue(RegistryKeys.thresholdSigningKey(s), version);
    if (record.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    SubnetRecord r = RegistryInvariants.decode(SubnetRecord.parser(), record.get(), recordKey);
    PublicKey pk = RegistryInvariants.decode(PublicKey.parser(), key.get(), RegistryKeys.thresholdSigningKey(s));
    Bytes der = new ThresholdPublicKey(Bytes.of(pk.getKeyValue().toByteArray())).toDer();
    TreeMap<NodeId, Bytes> nodes = new TreeMap<>();
    for (com.google.protobuf.ByteString m : r.getMembershipList()) {
      NodeId n = new NodeId(Principal.fromBytes(m.toByteArray()));
      String nk = RegistryKeys.cryptoRecord(n, KeyPurpose.NODE_SIGNING);
      registry.versionedValue(nk, version).ifPresent(b -> {
        byte[] raw = RegistryInvariants.decode(PublicKey.parser(), b, nk).getKeyValue().toByteArray();
        byte[] d = java.util.Arrays.copyOf(ED25519_DER_PREFIX, ED25519_DER_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, d, ED25519_DER_PREFIX.length, raw.length);
        nodes.put(n, Bytes.of(d));
      });
    }
    SubnetType type = SubnetType.fromProtoNumber(r.getSubnetTypeValue());
    return Optional.of(new SubnetTopology(der, type, nodes));
  }

  /** The subnet of {@code canister} by the routing table, if routed. */
  public Optional<SubnetId> subnetOf(CanisterId canister) {
    return routingTable.route(canister);
  }

  /** The subnets in id order and their number of nodes, for display. */
  public Map<SubnetId, Integer> sizes() {
    TreeMap<SubnetId, Integer> out = new TreeMap<>();
    subnets.forEach((k, v) -> out.put(k, v.nodePublicKeys().size()));
    return out;
  }
}
