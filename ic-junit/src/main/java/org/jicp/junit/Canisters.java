package org.jicp.junit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.replica.Actor;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;

/**
 * The canisters of a {@link JicpReplica} test by name: a fixture names what it installs
 * ({@link #deploy} or {@link #name}), tests get them by name ({@link Canister @Canister} or
 * {@link #get}). Names live beside the replica, not in it: they are part of the fixture's
 * snapshot (a name given during a test is forgotten when the next test restores the fixture, as
 * is the canister it names) and appear in failure reports. Thread-safe.
 */
public final class Canisters {
  /** The Candid encoding of an empty argument list: the install argument of {@link #deploy}. */
  private static final byte[] NO_ARGS = {'D', 'I', 'D', 'L', 0, 0};

  private final Replica replica;
  private final Map<String, CanisterId> names = new LinkedHashMap<>();

  Canisters(Replica replica) {
    this.replica = Objects.requireNonNull(replica, "replica");
  }

  /** The replica these canisters live on. */
  public Replica replica() {
    return replica;
  }

  /**
   * Names canister {@code id} (replacing an earlier canister of that name); returns {@code id}.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public synchronized CanisterId name(String name, CanisterId id) {
    Objects.requireNonNull(id, "id");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a canister name must not be blank");
    }
    names.put(name, id);
    return id;
  }

  /**
   * Creates a canister on the replica's default subnet, installs {@code wasm} with no
   * arguments (the empty Candid argument list) and names it.
   */
  public CanisterId deploy(String name, byte[] wasm) {
    return deploy(name, wasm, NO_ARGS);
  }

  /** Creates a canister on the default subnet, installs {@code wasm} with {@code arg}, names it. */
  public CanisterId deploy(String name, byte[] wasm, byte[] arg) {
    CanisterId id = replica.createCanister();
    replica.install(id, wasm, arg);
    return name(name, id);
  }

  /** Creates a canister on {@code subnet} with {@code cycles}, installs {@code wasm}, names it. */
  public CanisterId deploy(String name, SubnetId subnet, Cycles cycles, byte[] wasm, byte[] arg) {
    CanisterId id = replica.createCanister(subnet, cycles);
    replica.install(id, wasm, arg);
    return name(name, id);
  }

  /**
   * The canister named {@code name}.
   *
   * @throws IllegalArgumentException if no canister has that name (the message lists the names)
   */
  public synchronized CanisterId get(String name) {
    CanisterId id = names.get(name);
    if (id == null) {
      throw new IllegalArgumentException(unknown(name));
    }
    return id;
  }

  /** The canister named {@code name}, if any. */
  public synchronized Optional<CanisterId> find(String name) {
    return Optional.ofNullable(names.get(name));
  }

  /** The name of canister {@code id}, if it has one (the first given). */
  public synchronized Optional<String> nameOf(CanisterId id) {
    return names.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
        .findFirst();
  }

  /** Every name and its canister, in the order named. */
  public synchronized Map<String, CanisterId> all() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(names));
  }

  /** A typed actor ({@link Actor}) for the canister named {@code name}, as the anonymous caller. */
  public <T> T actor(String name, Class<T> type) {
    return Actor.of(replica, get(name), type);
  }

  synchronized String unknown(String name) {
    return "no canister named '" + name + "' in this replica (named: "
        + (names.isEmpty() ? "none" : String.join(", ", names.keySet()))
        + "); name it in a @Fixture with canisters.deploy(\"" + name + "\", wasm) or"
        + " canisters.name(\"" + name + "\", id)";
  }

  synchronized Map<String, CanisterId> snapshot() {
    return new LinkedHashMap<>(names);
  }

  synchronized void restore(Map<String, CanisterId> snapshot) {
    names.clear();
    names.putAll(snapshot);
  }
}
