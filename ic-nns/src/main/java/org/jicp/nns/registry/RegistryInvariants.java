package org.jicp.nns.registry;

import org.jicp.types.SubnetType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;
import org.jicp.nns.registry.pb.BlessedReplicaVersions;
import org.jicp.nns.registry.pb.CanisterCyclesCostSchedule;
import org.jicp.nns.registry.pb.CanisterMigrations;
import org.jicp.nns.registry.pb.CatchUpPackageContents;
import org.jicp.nns.registry.pb.NodeOperatorRecord;
import org.jicp.nns.registry.pb.NodeRecord;
import org.jicp.nns.registry.pb.PublicKey;
import org.jicp.nns.registry.pb.RoutingTable;
import org.jicp.nns.registry.pb.SubnetListRecord;
import org.jicp.nns.registry.pb.SubnetRecord;

/**
 * The registry's global invariants, checked on the latest state after every mutation batch (as
 * {@code rs/registry/canister/src/invariants} does). Each violation names its invariant:
 *
 * <ul>
 *   <li>{@code record-decodes}: every record of a known key decodes as its protobuf type;
 *   <li>{@code subnet-list-consistent}: the subnet list and the subnet records agree;
 *   <li>{@code system-subnet-exists}: once subnets exist, at least one is a system subnet;
 *   <li>{@code subnet-not-empty}, {@code subnet-membership-unique}, {@code
 *       node-in-at-most-one-subnet}, {@code subnet-members-exist};
 *   <li>{@code subnet-members-have-keys}: every member has its node signing, committee signing and
 *       dealing encryption keys, and its id is derived from its node signing key;
 *   <li>{@code subnet-has-cup-and-key}: every subnet has catch-up package contents and a threshold
 *       signing key;
 *   <li>{@code subnet-replica-version-elected}: every subnet runs an elected replica version;
 *   <li>{@code free-cost-schedule-application-only}, {@code ssh-keys-limit};
 *   <li>{@code routing-table-disjoint}, {@code routing-table-known-subnets}: ranges do not overlap
 *       and point to existing subnets (no canister is routed twice);
 *   <li>{@code canister-migrations-consistent}: each migrating range has a trace of two distinct
 *       existing subnets and is routed to one of them; migrating ranges are disjoint;
 *   <li>{@code node-record-key}: a node record's key ends with a node id in its textual form;
 *   <li>{@code node-operator-exists}, {@code node-operator-data-center-exists}.
 * </ul>
 */
final class RegistryInvariants {
  /** The IC's {@code MAX_NUM_SSH_KEYS}. */
  static final int MAX_NUM_SSH_KEYS = 50;

  private RegistryInvariants() {}

  static <T extends Message> T decode(Parser<T> parser, Bytes value, String key) {
    try {
      return parser.parseFrom(value.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new InvariantViolationException("record-decodes", "the value of " + key + " is not a valid record: " + e.getMessage());
    }
  }

  static void check(RegistryStore store) {
    NavigableMap<String, Bytes> all = store.latestAll();
    Optional<Bytes> listBytes = store.getLatest(RegistryKeys.SUBNET_LIST);
    List<SubnetId> subnets = new ArrayList<>();
    if (listBytes.isPresent()) {
      SubnetListRecord list = decode(SubnetListRecord.parser(), listBytes.get(), RegistryKeys.SUBNET_LIST);
      Set<SubnetId> seen = new HashSet<>();
      for (ByteString b : list.getSubnetsList()) {
        SubnetId s = new SubnetId(principal(b, "subnet-list-consistent", "subnet id in subnet_list"));
        if (!seen.add(s)) {
          throw new InvariantViolationException("subnet-list-consistent", "subnet " + s + " is listed twice");
        }
        subnets.add(s);
      }
    }
    Set<String> listedKeys = new HashSet<>();
    for (SubnetId s : subnets) {
      listedKeys.add(RegistryKeys.subnetRecord(s));
    }
    for (String key : store.latestWithPrefix(RegistryKeys.SUBNET_RECORD_PREFIX).keySet()) {
      if (!listedKeys.contains(key)) {
        throw new InvariantViolationException("subnet-list-consistent", key + " is not in subnet_list");
      }
    }

    Map<NodeId, SubnetId> nodeToSubnet = new HashMap<>();
    boolean system = false;
    Set<String> blessed = blessedVersions(store);
    for (SubnetId s : subnets) {
      String key = RegistryKeys.subnetRecord(s);
      Bytes raw = all.get(key);
      if (raw == null) {
        throw new InvariantViolationException("subnet-list-consistent", "subnet " + s + " is listed but has no record");
      }
      SubnetRecord r = decode(SubnetRecord.parser(), raw, key);
      if (r.getMembershipCount() == 0) {
        throw new InvariantViolationException("subnet-not-empty", "subnet " + s + " has no node");
      }
      Set<NodeId> members = new HashSet<>();
      for (ByteString b : r.getMembershipList()) {
        NodeId n = new NodeId(principal(b, "subnet-members-exist", "member of " + s));
        if (!members.add(n)) {
          throw new InvariantViolationException("subnet-membership-unique", "node " + n + " is listed twice in subnet " + s);
        }
        SubnetId other = nodeToSubnet.put(n, s);
        if (other != null) {
          throw new InvariantViolationException(
              "node-in-at-most-one-subnet", "node " + n + " is in subnets " + other + " and " + s);
        }
        if (!all.containsKey(RegistryKeys.nodeRecord(n))) {
          throw new InvariantViolationException("subnet-members-exist", "node " + n + " of subnet " + s + " has no node record");
        }
        checkNodeKeys(all, n, s);
      }
      if (r.getSubnetType() == org.jicp.nns.registry.pb.SubnetType.SUBNET_TYPE_UNSPECIFIED
          || r.getSubnetType() == org.jicp.nns.registry.pb.SubnetType.UNRECOGNIZED) {
        throw new InvariantViolationException("subnet-type", "subnet " + s + " has no known type");
      }
      if (r.getSubnetType() == org.jicp.nns.registry.pb.SubnetType.SUBNET_TYPE_SYSTEM) {
        system = true;
      }
      if (r.getCanisterCyclesCostSchedule() == CanisterCyclesCostSchedule.CANISTER_CYCLES_COST_SCHEDULE_FREE
          && r.getSubnetType() != org.jicp.nns.registry.pb.SubnetType.SUBNET_TYPE_APPLICATION
          && r.getSubnetType() != org.jicp.nns.registry.pb.SubnetType.SUBNET_TYPE_CLOUD_ENGINE) {
        throw new InvariantViolationException(
            "free-cost-schedule-application-only", "subnet " + s + " is not an application subnet but is free");
      }
      if (r.getSshReadonlyAccessCount() > MAX_NUM_SSH_KEYS || r.getSshBackupAccessCount() > MAX_NUM_SSH_KEYS) {
        throw new InvariantViolationException(
            "ssh-keys-limit", "subnet " + s + " has more than " + MAX_NUM_SSH_KEYS + " SSH keys in a list");
      }
      String cupKey = RegistryKeys.cupContents(s);
      String pkKey = RegistryKeys.thresholdSigningKey(s);
      if (!all.containsKey(cupKey) || !all.containsKey(pkKey)) {
        throw new InvariantViolationException(
            "subnet-has-cup-and-key", "subnet " + s + " lacks its catch-up package contents or threshold key");
      }
      decode(CatchUpPackageContents.parser(), all.get(cupKey), cupKey);
      decode(PublicKey.parser(), all.get(pkKey), pkKey);
      if (blessed != null && !blessed.contains(r.getReplicaVersionId())) {
        throw new InvariantViolationException(
            "subnet-replica-version-elected",
            "subnet " + s + " runs replica version '" + r.getReplicaVersionId() + "', which is not elected");
      }
    }
    if (!subnets.isEmpty() && !system) {
      throw new InvariantViolationException("system-subnet-exists", "no system subnet");
    }

    Map<IndexRange, SubnetId> routes = checkRoutingTable(store, new HashSet<>(subnets));
    checkMigrations(store, routes, new HashSet<>(subnets));
    checkNodesAndOperators(store);
  }

  private static Set<String> blessedVersions(RegistryStore store) {
    Optional<Bytes> b = store.getLatest(RegistryKeys.BLESSED_REPLICA_VERSIONS);
    if (b.isEmpty()) {
      return null;
    }
    BlessedReplicaVersions v = decode(BlessedReplicaVersions.parser(), b.get(), RegistryKeys.BLESSED_REPLICA_VERSIONS);
    for (String id : v.getBlessedVersionIdsList()) {
      if (store.getLatest(RegistryKeys.replicaVersion(id)).isEmpty()) {
        throw new InvariantViolationException(
            "subnet-replica-version-elected", "elected replica version '" + id + "' has no replica_version record");
      }
    }
    return new HashSet<>(v.getBlessedVersionIdsList());
  }

  private static void checkNodeKeys(NavigableMap<String, Bytes> all, NodeId n, SubnetId s) {
    for (KeyPurpose p : List.of(KeyPurpose.NODE_SIGNING, KeyPurpose.COMMITTEE_SIGNING, KeyPurpose.DKG_DEALING_ENCRYPTION)) {
      String key = RegistryKeys.cryptoRecord(n, p);
      Bytes raw = all.get(key);
      if (raw == null) {
        throw new InvariantViolationException(
            "subnet-members-have-keys", "node " + n + " of subnet " + s + " has no " + p + " key");
      }
      PublicKey pk = decode(PublicKey.parser(), raw, key);
      if (p == KeyPurpose.NODE_SIGNING) {
        Bytes ed = Bytes.of(pk.getKeyValue().toByteArray());
        if (ed.length() != 32 || !NodeKeys.nodeIdOf(ed).equals(n)) {
          throw new InvariantViolationException(
              "subnet-members-have-keys", "node " + n + "'s id is not derived from its node signing key");
        }
      } else if (p == KeyPurpose.DKG_DEALING_ENCRYPTION) {
        checkDealingEncryptionKey(n, raw, pk);
      } else if (pk.getKeyValue().isEmpty()) {
        throw new InvariantViolationException("subnet-members-have-keys", "node " + n + " has an empty " + p + " key");
      }
    }
  }

  /** Digests of (node, record) whose dealing encryption key and PoP were verified: a pure memo. */
  private static final Map<Bytes, Boolean> VERIFIED_DKG_KEYS = org.jicp.nns.internal.BoundedMemo.create(4096);

  /**
   * A subnet member's dealing encryption key must decode and its proof of possession must verify
   * for the node (as the IC's node-key invariants require), so that no NI-DKG for the subnet
   * encrypts to a key nobody holds. Verification results are memoized (the check is a pure
   * function of the node and the record), so the whole-state check stays cheap.
   */
  private static void checkDealingEncryptionKey(NodeId n, Bytes raw, PublicKey pk) {
    Bytes digest = Bytes.of(org.jicp.nns.internal.Hashing.sha256(n.toByteArray(), raw.toByteArray()));
    if (VERIFIED_DKG_KEYS.containsKey(digest)) {
      return;
    }
    DealingEncryptionKeys.verified(pk, n);
    VERIFIED_DKG_KEYS.put(digest, Boolean.TRUE);
  }

  private static Map<IndexRange, SubnetId> checkRoutingTable(RegistryStore store, Set<SubnetId> subnets) {
    Map<IndexRange, SubnetId> routes = new HashMap<>();
    Optional<Bytes> raw = store.getLatest(RegistryKeys.ROUTING_TABLE);
    if (raw.isEmpty()) {
      return routes;
    }
    RoutingTable t = decode(RoutingTable.parser(), raw.get(), RegistryKeys.ROUTING_TABLE);
    List<IndexRange> ranges = new ArrayList<>();
    for (RoutingTable.Entry e : t.getEntriesList()) {
      IndexRange r = IndexRange.of(e.getRange());
      SubnetId s = new SubnetId(principal(e.getSubnetId().getPrincipalId().getRaw(), "routing-table-known-subnets", "subnet of " + r));
      if (!subnets.contains(s)) {
        throw new InvariantViolationException(
            "routing-table-known-subnets", "range " + r + " is routed to " + s + ", which is not a subnet");
      }
      ranges.add(r);
      routes.put(r, s);
    }
    IndexRange.disjointSorted(ranges, "routing-table-disjoint");
    return routes;
  }

  private static void checkMigrations(RegistryStore store, Map<IndexRange, SubnetId> routes, Set<SubnetId> subnets) {
    Optional<Bytes> raw = store.getLatest(RegistryKeys.CANISTER_MIGRATIONS);
    if (raw.isEmpty()) {
      return;
    }
    CanisterMigrations m = decode(CanisterMigrations.parser(), raw.get(), RegistryKeys.CANISTER_MIGRATIONS);
    List<IndexRange> ranges = new ArrayList<>();
    for (CanisterMigrations.Entry e : m.getEntriesList()) {
      IndexRange r = IndexRange.of(e.getRange());
      ranges.add(r);
      if (e.getSubnetIdsCount() != 2) {
        throw new InvariantViolationException(
            "canister-migrations-consistent", "the trace of " + r + " does not have two subnets");
      }
      SubnetId a = new SubnetId(principal(e.getSubnetIds(0).getPrincipalId().getRaw(), "canister-migrations-consistent", "source"));
      SubnetId b = new SubnetId(principal(e.getSubnetIds(1).getPrincipalId().getRaw(), "canister-migrations-consistent", "destination"));
      if (a.equals(b) || !subnets.contains(a) || !subnets.contains(b)) {
        throw new InvariantViolationException(
            "canister-migrations-consistent", "the trace of " + r + " is not two distinct existing subnets");
      }
      List<IndexRange> hosting = new ArrayList<>();
      routes.forEach((range, s) -> {
        if (s.equals(a) || s.equals(b)) {
          hosting.add(range);
        }
      });
      if (!IndexRange.covers(hosting, r)) {
        throw new InvariantViolationException(
            "canister-migrations-consistent", "migrating range " + r + " is not routed to " + a + " or " + b);
      }
    }
    IndexRange.disjointSorted(ranges, "canister-migrations-consistent");
  }

  private static void checkNodesAndOperators(RegistryStore store) {
    for (Map.Entry<String, Bytes> e : store.latestWithPrefix(RegistryKeys.NODE_RECORD_PREFIX).entrySet()) {
      nodeIdOfKey(e.getKey());
      NodeRecord n = decode(NodeRecord.parser(), e.getValue(), e.getKey());
      Principal op = principal(n.getNodeOperatorId(), "node-operator-exists", "operator of " + e.getKey());
      if (store.getLatest(RegistryKeys.nodeOperatorRecord(op)).isEmpty()) {
        throw new InvariantViolationException(
            "node-operator-exists", e.getKey() + " names node operator " + op + ", which has no record");
      }
    }
    for (Map.Entry<String, Bytes> e : store.latestWithPrefix(RegistryKeys.NODE_OPERATOR_RECORD_PREFIX).entrySet()) {
      NodeOperatorRecord o = decode(NodeOperatorRecord.parser(), e.getValue(), e.getKey());
      if (!o.getDcId().isEmpty() && store.getLatest(RegistryKeys.dataCenter(o.getDcId())).isEmpty()) {
        throw new InvariantViolationException(
            "node-operator-data-center-exists", e.getKey() + " names data center '" + o.getDcId() + "', which has no record");
      }
    }
  }

  /**
   * The node id a {@code node_record_<id>} key names ({@code node-record-key}: the textual id in
   * its canonical form, so that the key of the id read back is the same key).
   */
  static Principal nodeIdOfKey(String key) {
    String text = key.substring(RegistryKeys.NODE_RECORD_PREFIX.length());
    Principal p;
    try {
      p = Principal.fromText(text);
    } catch (RuntimeException e) {
      throw new InvariantViolationException("node-record-key", key + " does not end with a node id: " + e.getMessage());
    }
    if (!p.toText().equals(text)) {
      throw new InvariantViolationException("node-record-key", key + " does not end with a node id in its canonical form " + p.toText());
    }
    return p;
  }

  static Principal principal(ByteString b, String invariant, String what) {
    try {
      return Principal.fromBytes(b.toByteArray());
    } catch (RuntimeException e) {
      throw new InvariantViolationException(invariant, what + " is not a principal: " + e.getMessage());
    }
  }
}
