package org.jicp.nns.registry;

import java.util.Optional;
import org.jicp.crypto.Principal;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * The registry's key names, as in {@code rs/registry/keys/src/lib.rs}: fixed keys and
 * {@code <prefix><id>} keys with principals in their text form.
 */
public final class RegistryKeys {
  /** {@code subnet_list}: a {@code SubnetListRecord}. */
  public static final String SUBNET_LIST = "subnet_list";
  /** {@code nns_subnet_id}: the root subnet. */
  public static final String NNS_SUBNET_ID = "nns_subnet_id";
  /** {@code xdr_per_icp}: an {@code IcpXdrConversionRateRecord}. */
  public static final String XDR_PER_ICP = "xdr_per_icp";
  /** {@code routing_table}. */
  public static final String ROUTING_TABLE = "routing_table";
  /** {@code canister_migrations}. */
  public static final String CANISTER_MIGRATIONS = "canister_migrations";
  /** {@code blessed_replica_versions}. */
  public static final String BLESSED_REPLICA_VERSIONS = "blessed_replica_versions";
  /** {@code provisional_whitelist}. */
  public static final String PROVISIONAL_WHITELIST = "provisional_whitelist";
  /** {@code firewall_config}. */
  public static final String FIREWALL_CONFIG = "firewall_config";
  /** {@code node_rewards_table}. */
  public static final String NODE_REWARDS_TABLE = "node_rewards_table";

  /** Prefix of {@code NodeRecord}s. */
  public static final String NODE_RECORD_PREFIX = "node_record_";
  /** Prefix of {@code NodeOperatorRecord}s. */
  public static final String NODE_OPERATOR_RECORD_PREFIX = "node_operator_record_";
  /** Prefix of {@code ReplicaVersionRecord}s. */
  public static final String REPLICA_VERSION_PREFIX = "replica_version_";
  /** Prefix of {@code SubnetRecord}s. */
  public static final String SUBNET_RECORD_PREFIX = "subnet_record_";
  /** Prefix of nodes' public keys. */
  public static final String CRYPTO_RECORD_PREFIX = "crypto_record_";
  /** Prefix of nodes' TLS certificates. */
  public static final String CRYPTO_TLS_CERT_PREFIX = "crypto_tls_cert_";
  /** Prefix of subnets' threshold signing public keys. */
  public static final String THRESHOLD_SIGNING_KEY_PREFIX = "crypto_threshold_signing_public_key_";
  /** Prefix of subnets' catch-up package contents. */
  public static final String CUP_CONTENTS_PREFIX = "catch_up_package_contents_";
  /** Prefix of {@code DataCenterRecord}s. */
  public static final String DATA_CENTER_PREFIX = "data_center_record_";

  private RegistryKeys() {}

  /** {@code subnet_record_<subnet>}. */
  public static String subnetRecord(SubnetId s) {
    return SUBNET_RECORD_PREFIX + s.principal().toText();
  }

  /** {@code node_record_<node>}. */
  public static String nodeRecord(NodeId n) {
    return NODE_RECORD_PREFIX + n.principal().toText();
  }

  /** {@code node_operator_record_<principal>}. */
  public static String nodeOperatorRecord(Principal operator) {
    return NODE_OPERATOR_RECORD_PREFIX + operator.toText();
  }

  /** {@code crypto_record_<node>_<purpose number>}. */
  public static String cryptoRecord(NodeId n, KeyPurpose purpose) {
    return CRYPTO_RECORD_PREFIX + n.principal().toText() + "_" + purpose.number();
  }

  /** {@code crypto_tls_cert_<node>}. */
  public static String tlsCert(NodeId n) {
    return CRYPTO_TLS_CERT_PREFIX + n.principal().toText();
  }

  /** {@code crypto_threshold_signing_public_key_<subnet>}. */
  public static String thresholdSigningKey(SubnetId s) {
    return THRESHOLD_SIGNING_KEY_PREFIX + s.principal().toText();
  }

  /** {@code catch_up_package_contents_<subnet>}. */
  public static String cupContents(SubnetId s) {
    return CUP_CONTENTS_PREFIX + s.principal().toText();
  }

  /** {@code replica_version_<id>}. */
  public static String replicaVersion(String id) {
    return REPLICA_VERSION_PREFIX + id;
  }

  /** {@code data_center_record_<id>}. */
  public static String dataCenter(String id) {
    return DATA_CENTER_PREFIX + id;
  }

  /** The id after {@code prefix} in {@code key}, if the key has that prefix. */
  public static Optional<String> suffix(String key, String prefix) {
    return key.startsWith(prefix) ? Optional.of(key.substring(prefix.length())) : Optional.empty();
  }
}
