package org.jicp.types.ports.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.RegistryClient;

/**
 * The contract test run against the simplest registry client: a list of versions kept in memory
 * (a reference for the contract itself; the registry canister's client runs it in {@code ic-nns}).
 */
class InMemoryRegistryClientTest extends RegistryClientContractTest {
  /** Version i + 1's changes at index i. */
  static final class InMemory implements GrowingRegistry, RegistryClient {
    private final List<Map<String, Optional<Bytes>>> versions = new ArrayList<>();

    @Override
    public void addVersion(Map<String, Optional<Bytes>> changes) {
      versions.add(Map.copyOf(changes));
    }

    @Override
    public RegistryClient client() {
      return this;
    }

    private void check(RegistryVersion v) {
      if (v.value() > versions.size()) {
        throw new RegistryVersionUnavailableException(v, latestVersion());
      }
    }

    @Override
    public Optional<Bytes> versionedValue(String key, RegistryVersion version) {
      check(version);
      for (int i = (int) version.value() - 1; i >= 0; i--) {
        Optional<Bytes> change = versions.get(i).get(key);
        if (change != null) {
          return change;
        }
      }
      return Optional.empty();
    }

    @Override
    public SortedMap<String, Bytes> valuesWithPrefix(String prefix, RegistryVersion version) {
      check(version);
      TreeMap<String, Bytes> out = new TreeMap<>();
      for (int i = 0; i < version.value(); i++) {
        versions.get(i).forEach((k, v) -> {
          if (k.startsWith(prefix)) {
            v.ifPresentOrElse(x -> out.put(k, x), () -> out.remove(k));
          }
        });
      }
      return out;
    }

    @Override
    public RegistryVersion latestVersion() {
      return RegistryVersion.of(versions.size());
    }
  }

  @Override
  protected GrowingRegistry registry() {
    return new InMemory();
  }
}
