package org.jicp.nns.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.crypto.Bytes;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.internal.pb.HostedCanisterStatePb;
import org.jicp.nns.internal.pb.RegistryStatePb;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.ports.RegistryClient;

/**
 * The {@link RegistryClient} port over the registry canister's state: every value under the IC's
 * key names as the protobuf bytes the canister stores, at any version up to its latest. Asking for
 * a version above the latest throws {@link RegistryClient.RegistryVersionUnavailableException}.
 *
 * <p>Two sources: {@link #of(Registry)} reads a registry state machine in place (the live instance
 * of the registry canister — read it on the thread that runs the rounds, or between rounds), and
 * {@link #fromState(ReplicatedState)} decodes the registry canister's state saved in a {@code
 * ReplicatedState} (a checkpointed or flushed state of the NNS subnet), giving an immutable client
 * as of that state. Because a registry version never changes once written, any two clients whose
 * latest versions are at least {@code v} give the same answers at {@code v}: this is what lets
 * nodes at different heights agree on a batch's registry version.
 */
public final class RegistryCanisterClient implements RegistryClient {
  private final Registry registry;

  private RegistryCanisterClient(Registry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** A client reading {@code registry} in place (it sees later versions as they are added). */
  public static RegistryCanisterClient of(Registry registry) {
    return new RegistryCanisterClient(registry);
  }

  /**
   * A client over the registry canister ({@link NnsCanisterIds#REGISTRY}) of {@code state}, as
   * saved in its stable memory at the last checkpoint or flush.
   *
   * @throws IllegalArgumentException if the state has no registry canister (or an empty one)
   * @throws MalformedRequestException if the saved state does not decode
   */
  public static RegistryCanisterClient fromState(ReplicatedState state) {
    return fromState(state, NnsCanisterIds.REGISTRY);
  }

  /** A client over the registry canister {@code id} of {@code state}. */
  public static RegistryCanisterClient fromState(ReplicatedState state, CanisterId id) {
    CanisterState cs = state.canister(id).orElseThrow(() ->
        new IllegalArgumentException("the state has no canister " + id));
    ExecutionState es = cs.execution().filter(e -> e.nativeKind().isPresent()).orElseThrow(() ->
        new IllegalArgumentException("canister " + id + " is not a native canister"));
    Bytes saved = savedNativeState(es).orElseThrow(() ->
        new IllegalArgumentException("canister " + id + " has no saved state"));
    try {
      HostedCanisterStatePb hosted = HostedCanisterStatePb.parseFrom(saved.toByteArray());
      RegistryStatePb pb = RegistryStatePb.parseFrom(hosted.getState());
      return new RegistryCanisterClient(Registry.fromChangelog(pb.getChangelogList()));
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("the registry canister's saved state: " + e.getMessage(), e);
    }
  }

  /**
   * The state a native canister saved into its stable memory: {@code ic-wasm-runtime} writes an
   * 8-byte big-endian length followed by the bytes of {@code NativeCanister.saveState}
   * ({@code NativeState}'s layout; {@code RegistryCanisterClientTest} checks it against a real
   * round).
   */
  static Optional<Bytes> savedNativeState(ExecutionState es) {
    if (es.stableMemorySizeWasmPages() == 0) {
      return Optional.empty();
    }
    byte[] len = new byte[8];
    es.stableMemory().read(0, len, 0, 8);
    long n = ByteBuffer.wrap(len).getLong();
    if (n < 0 || n > es.stableMemorySizeWasmPages() * 65536 - 8 || n > Integer.MAX_VALUE) {
      throw new MalformedRequestException("a native canister's saved state of " + n + " bytes does not fit its stable memory");
    }
    byte[] b = new byte[(int) n];
    es.stableMemory().read(8, b, 0, b.length);
    return Optional.of(Bytes.of(b));
  }

  private void check(RegistryVersion version) {
    Objects.requireNonNull(version, "version");
    RegistryVersion latest = registry.latestVersion();
    if (version.compareTo(latest) > 0) {
      throw new RegistryVersionUnavailableException(version, latest);
    }
  }

  @Override
  public Optional<Bytes> versionedValue(String key, RegistryVersion version) {
    Objects.requireNonNull(key, "key");
    check(version);
    return registry.getValue(key, version).map(RegistryStore.Versioned::value);
  }

  @Override
  public SortedMap<String, Bytes> valuesWithPrefix(String prefix, RegistryVersion version) {
    Objects.requireNonNull(prefix, "prefix");
    check(version);
    return registry.store().withPrefix(prefix, version);
  }

  @Override
  public RegistryVersion latestVersion() {
    return registry.latestVersion();
  }

  @Override
  public String toString() {
    return "RegistryCanisterClient(latest " + registry.latestVersion().value() + ")";
  }
}
