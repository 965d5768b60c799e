package org.jicp.nns.registry;

import org.jicp.types.RegistryVersion;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.internal.Journal;
import org.jicp.nns.internal.JournaledList;
import org.jicp.nns.internal.JournaledMap;
import org.jicp.nns.internal.JournaledValue;
import org.jicp.nns.registry.pb.RegistryAtomicMutateRequest;
import org.jicp.nns.registry.pb.RegistryMutation;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;

/**
 * The registry's versioned key-value store: every accepted batch of mutations is atomic and creates
 * one new version. Reads at any version, the changes since a version, and a certified tree of the
 * changes (under {@code /delta/<version>}, with {@code /current_version}).
 *
 * <p>The batch's mutations are applied, then {@code check} (the invariants) runs on the resulting
 * latest state; if it throws, the batch is undone and the version is not created.
 */
public final class RegistryStore {
  /** One change of one key at one version (an empty value is a deletion). */
  public record Change(String key, long version, Optional<Bytes> value) {}

  /** All changes of one key after a version, oldest first ({@code RegistryDelta}). */
  public record Delta(String key, List<Change> values) {}

  /** A value with the version at which it was last set. */
  public record Versioned(Bytes value, RegistryVersion version) {}

  private record History(long version, Bytes value, History previous) {}

  private final Journal journal;
  private final JournaledMap<String, History> store;
  private final JournaledMap<String, Bytes> latest;
  private final JournaledList<RegistryAtomicMutateRequest> changelog;
  private final JournaledValue<HashTreeMap> delta;

  RegistryStore(Journal journal) {
    this.journal = journal;
    this.store = new JournaledMap<>(journal);
    this.latest = new JournaledMap<>(journal);
    this.changelog = new JournaledList<>(journal);
    this.delta = new JournaledValue<>(journal, HashTreeMap.empty());
  }

  /** The latest version. */
  public RegistryVersion latestVersion() {
    return RegistryVersion.of(changelog.size());
  }

  /** The value of {@code key} at {@code version} and the version it was set at, if present then. */
  public Optional<Versioned> get(String key, RegistryVersion version) {
    History h = store.get(key);
    while (h != null && h.version() > version.value()) {
      h = h.previous();
    }
    if (h == null || h.value() == null) {
      return Optional.empty();
    }
    return Optional.of(new Versioned(h.value(), RegistryVersion.of(h.version())));
  }

  /**
   * The values of the keys starting with {@code prefix} at {@code version} (keys absent or deleted
   * then are left out), in key order.
   */
  public NavigableMap<String, Bytes> withPrefix(String prefix, RegistryVersion version) {
    java.util.TreeMap<String, Bytes> out = new java.util.TreeMap<>();
    for (String key : store.view().subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet()) {
      get(key, version).ifPresent(v -> out.put(key, v.value()));
    }
    return java.util.Collections.unmodifiableNavigableMap(out);
  }

  /** The latest value of {@code key}. */
  public Optional<Bytes> getLatest(String key) {
    return Optional.ofNullable(latest.get(key));
  }

  /** The latest values of the keys starting with {@code prefix}, in key order. */
  public NavigableMap<String, Bytes> latestWithPrefix(String prefix) {
    return latest.view().subMap(prefix, true, prefix + Character.MAX_VALUE, false);
  }

  /** All latest values. */
  public NavigableMap<String, Bytes> latestAll() {
    return latest.view();
  }

  /**
   * The changes after {@code version} grouped by key (in key order), each key's values oldest
   * first, at most {@code maxVersions} versions.
   */
  public List<Delta> changesSince(RegistryVersion version, int maxVersions) {
    long from = version.value();
    long to = Math.min(changelog.size(), from + Math.max(0, maxVersions));
    Map<String, List<Change>> byKey = new TreeMap<>();
    for (long v = from + 1; v <= to; v++) {
      for (RegistryMutation m : changelog.get((int) (v - 1)).getMutationsList()) {
        String key = m.getKey().toStringUtf8();
        Optional<Bytes> value =
            m.getMutationType() == RegistryMutation.Type.DELETE
                ? Optional.empty()
                : Optional.of(Bytes.of(m.getValue().toByteArray()));
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Change(key, v, value));
      }
    }
    List<Delta> out = new ArrayList<>(byKey.size());
    byKey.forEach((k, v) -> out.add(new Delta(k, Collections.unmodifiableList(v))));
    return out;
  }

  /** The normalized mutations of {@code version} (UPSERT for sets, DELETE for deletions). */
  public RegistryAtomicMutateRequest changesAt(RegistryVersion version) {
    if (version.value() < 1 || version.value() > changelog.size()) {
      throw new IllegalArgumentException("no version " + version);
    }
    return changelog.get((int) version.value() - 1);
  }

  /**
   * Applies one batch atomically and returns the new version; {@code check} sees the latest state
   * with the batch applied and throws to reject it.
   *
   * @throws InvariantViolationException if a mutation's precondition fails (insert of a present
   *     key, update or delete of an absent key, a key twice in one batch) or {@code check} rejects
   */
  public RegistryVersion apply(List<RegistryMutation> mutations, Consumer<RegistryStore> check) {
    Objects.requireNonNull(mutations, "mutations");
    if (mutations.isEmpty()) {
      throw new InvariantViolationException("non-empty-mutation", "a mutation batch must change at least one key");
    }
    return journal.atomic(
        () -> {
          long version = changelog.size() + 1L;
          Map<String, RegistryMutation> normalized = new LinkedHashMap<>();
          for (RegistryMutation m : mutations) {
            String key = m.getKey().toStringUtf8();
            if (key.isEmpty()) {
              throw new InvariantViolationException("non-empty-key", "a registry key must not be empty");
            }
            if (normalized.containsKey(key)) {
              throw new InvariantViolationException("key-once-per-batch", "key " + key + " is mutated twice");
            }
            boolean present = latest.containsKey(key);
            switch (m.getMutationType()) {
              case INSERT:
                if (present) {
                  throw new InvariantViolationException("insert-absent-key", "key " + key + " is already present");
                }
                break;
              case UPDATE:
              case DELETE:
                if (!present) {
                  throw new InvariantViolationException(
                      "update-present-key", "key " + key + " is not present");
                }
                break;
              case UPSERT:
                break;
              default:
                throw new InvariantViolationException("mutation-type", "unknown mutation type of " + key);
            }
            boolean delete = m.getMutationType() == RegistryMutation.Type.DELETE;
            Bytes value = delete ? null : Bytes.of(m.getValue().toByteArray());
            store.put(key, new History(version, value, store.get(key)));
            if (delete) {
              latest.remove(key);
            } else {
              latest.put(key, value);
            }
            normalized.put(
                key,
                RegistryMutation.newBuilder()
                    .setMutationType(delete ? RegistryMutation.Type.DELETE : RegistryMutation.Type.UPSERT)
                    .setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8))
                    .setValue(delete ? ByteString.EMPTY : m.getValue())
                    .build());
          }
          check.accept(this);
          RegistryAtomicMutateRequest entry =
              RegistryAtomicMutateRequest.newBuilder().addAllMutations(normalized.values()).build();
          changelog.add(entry);
          delta.set(delta.get().put(Bytes.of(Hashing.u64be(version)), HashTree.leaf(entry.toByteArray())));
          return RegistryVersion.of(version);
        });
  }

  /**
   * The certified tree: {@code current_version} (LEB128) and {@code delta}, the map from 8-byte
   * big-endian versions to each version's {@code RegistryAtomicMutateRequest}.
   */
  public HashTree certifiedTree() {
    return HashTreeMap.empty()
        .put("current_version", HashTree.leaf(Hashing.leb128(changelog.size())))
        .put("delta", delta.get().tree())
        .tree();
  }

  /** The registry canister's certified data: the root hash of {@link #certifiedTree()}. */
  public Bytes certifiedData() {
    return certifiedTree().digest();
  }

  /** The whole changelog, oldest first (for serialization). */
  public List<RegistryAtomicMutateRequest> changelog() {
    return changelog.view();
  }
}
