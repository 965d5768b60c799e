package org.jicp.types.ports;

import java.util.Optional;
import java.util.SortedMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.RegistryVersion;

/**
 * Read access to the registry at a version (dfinity/ic {@code RegistryClient}): every record the
 * NNS keeps about subnets, nodes, keys and the routing table, under the IC's key names (e.g.
 * {@code subnet_record_<id>}, {@code routing_table}), as the protobuf bytes of the IC's registry
 * records.
 *
 * <p>Contract: values are immutable per version — the same key at the same version always gives
 * the same answer, on every node; {@link #latestVersion()} never decreases; asking about a version
 * above {@link #latestVersion()} throws {@link RegistryVersionUnavailableException} (the caller
 * treats it as transient), never answers "absent".
 */
public interface RegistryClient {
  /** The value of {@code key} at {@code version}; empty if absent (or deleted) at that version. */
  Optional<Bytes> versionedValue(String key, RegistryVersion version);

  /** All keys starting with {@code prefix} and their values at {@code version}, in key order. */
  SortedMap<String, Bytes> valuesWithPrefix(String prefix, RegistryVersion version);

  /** The latest version this client knows. */
  RegistryVersion latestVersion();

  /** Thrown for a version above {@link #latestVersion()}. */
  final class RegistryVersionUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code version} is not known yet; the latest is {@code latest}. */
    public RegistryVersionUnavailableException(RegistryVersion version, RegistryVersion latest) {
      super("registry version " + version + " is not available yet (latest " + latest + ")");
    }
  }
}
