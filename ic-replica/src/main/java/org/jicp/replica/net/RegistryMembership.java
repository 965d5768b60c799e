package org.jicp.replica.net;

import com.google.protobuf.InvalidProtocolBufferException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jicp.crypto.Bytes;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryKeys;
import org.jicp.nns.registry.RegistryStore;
import org.jicp.nns.registry.pb.SubnetRecord;
import org.jicp.nns.registry.pb.X509PublicKeyCert;
import org.jicp.types.NodeId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;

/**
 * A {@link TlsTransport}'s members as the registry has them, as the IC's transport follows the
 * registry: a subnet's members at a registry version are its subnet record's {@code membership},
 * each with the TLS certificate registered under {@code crypto_tls_cert_<node>}. When a proposal
 * (add or remove nodes, change membership) changes the registry, {@link #poll} hands the new
 * member set to {@link TlsTransport#members(Map)}: a removed node's connections close and what it
 * sent is no longer delivered, an added node is dialled and its handshake accepted.
 *
 * <p>Where a node listens is not taken from the registry here: jicp's node records carry the XNet
 * and HTTP endpoints only, so the caller maps node ids to transport addresses (the testnet's
 * configuration lists every node's p2p port). A member without a registered certificate is left
 * out (it could not authenticate).
 */
public final class RegistryMembership {
  private final Registry registry;
  private final SubnetId subnet;
  private final Function<NodeId, InetSocketAddress> addresses;
  private final TlsTransport transport;
  private RegistryVersion applied;

  /** Follows {@code subnet}'s membership in {@code registry} for {@code transport}. */
  public RegistryMembership(Registry registry, SubnetId subnet,
      Function<NodeId, InetSocketAddress> addresses, TlsTransport transport) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * The members of {@code subnet} at {@code version} with their registered TLS certificates and
   * the addresses {@code addresses} gives (members without a certificate are left out).
   */
  public static Map<NodeId, TlsTransport.Member> members(Registry registry, SubnetId subnet,
      RegistryVersion version, Function<NodeId, InetSocketAddress> addresses) {
    Map<NodeId, TlsTransport.Member> out = new LinkedHashMap<>();
    Optional<RegistryStore.Versioned> record =
        registry.getValue(RegistryKeys.subnetRecord(subnet), version);
    if (record.isEmpty()) {
      return out; // no such subnet at that version: no members
    }
    SubnetRecord r;
    try {
      r = SubnetRecord.parseFrom(record.get().value().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the registry's record of subnet " + subnet
          + " does not decode", e);
    }
    for (com.google.protobuf.ByteString b : r.getMembershipList()) {
      NodeId n = new NodeId(org.jicp.crypto.Principal.fromBytes(b.toByteArray()));
      Optional<RegistryStore.Versioned> cert = registry.getValue(RegistryKeys.tlsCert(n), version);
      if (cert.isEmpty()) {
        continue;
      }
      Bytes der;
      try {
        der = Bytes.of(X509PublicKeyCert.parseFrom(cert.get().value().toByteArray())
            .getCertificateDer().toByteArray());
      } catch (InvalidProtocolBufferException e) {
        continue; // not a certificate record: the node cannot authenticate
      }
      out.put(n, new TlsTransport.Member(der, addresses.apply(n)));
    }
    return out;
  }

  /**
   * Applies the registry's latest version to the transport if it is newer than the last one
   * applied; true if the member set was replaced.
   */
  public synchronized boolean poll() {
    RegistryVersion latest = registry.latestVersion();
    if (applied != null && latest.equals(applied)) {
      return false;
    }
    Map<NodeId, TlsTransport.Member> next = members(registry, subnet, latest, addresses);
    applied = latest;
    if (next.equals(transport.members())) {
      return false;
    }
    transport.members(next);
    return true;
  }

  /** The registry version last applied (empty before the first {@link #poll}). */
  public synchronized Optional<RegistryVersion> applied() {
    return Optional.ofNullable(applied);
  }
}
