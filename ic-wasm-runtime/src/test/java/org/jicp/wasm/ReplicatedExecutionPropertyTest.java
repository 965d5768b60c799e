package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.checkpoint.StateDigest;
import org.jicp.state.checkpoint.StateManager;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.CertifiedStateTree;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.sync.StateSync;
import org.jicp.state.sync.StateSyncServer;
import org.jicp.state.sync.StateSyncTransport;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicated execution is a function of (state, inputs): random workloads over the {@code pinger}
 * test canister (calls between canisters, calls to a canister on another subnet that stay open,
 * {@code raw_rand}, traps, timers, stop/start, snapshots, settings), run round by round
 * <ul>
 *   <li>on two executors (the second one on the interpreter for every eighth seed, else on the
 *       compiler with no room for cached live instances, so that every instance is evicted and
 *       restored from the state): the states after every round have the same full digest ({@link
 *       StateDigest}) and certified root;
 *   <li>interrupted at a random round by a checkpoint, reloaded and continued on a fresh
 *       executor: the same final digest;
 *   <li>every tenth seed, from a copy of that checkpoint obtained by state sync: the same again.
 * </ul>
 * Some seeds run with a tiny round budget so that messages and calls span many rounds (call
 * contexts open across the interruption). Seeded and replayable: {@code -Djicp.seed=S} runs from
 * S, {@code -Djicp.cases=N} runs N cases (default 1,000; the profile {@code exec-sweep} more).
 */
class ReplicatedExecutionPropertyTest {
  private static final long FIRST_SEED = Long.getLong("jicp.seed", 1L);
  private static final int CASES = Integer.getInteger("jicp.cases", 1_000);
  private static final SubnetId OWN = SubnetId.fromBytes(new byte[] {1, 2, 3, 4, 1});
  private static final SubnetId OTHER = SubnetId.fromBytes(new byte[] {9, 8, 7, 6, 1});
  private static final Principal USER = Principal.fromBytes(new byte[] {7, 7, 7, 1});
  private static final long T0 = 1_750_000_000_000_000_000L;
  private static byte[] pinger;
  private static RoundExecutor compilerA;
  private static RoundExecutor compilerB;
  private static RoundExecutor interpreter;
  private static RoundExecutor restarted;

  @TempDir Path dir;

  /**
   * The real file system without fsync: this test checks what a checkpoint holds, not crash
   * safety (which {@code ic-state}'s checkpoint tests cover), and fsync dominates its time.
   */
  private static final org.jicp.state.FileLayer NO_SYNC = new org.jicp.state.FileLayer() {
    @Override
    public OutputFile create(Path file) {
      OutputFile f = DEFAULT.create(file);
      return new OutputFile() {
        @Override
        public void write(ByteBuffer data) {
          f.write(data);
        }

        @Override
        public void fsync() {}

        @Override
        public void close() {
          f.close();
        }
      };
    }

    @Override
    public void createDirectories(Path d) {
      DEFAULT.createDirectories(d);
    }

    @Override
    public void fsyncDirectory(Path d) {}

    @Override
    public void rename(Path from, Path to) {
      DEFAULT.rename(from, to);
    }

    @Override
    public void link(Path existing, Path link) {
      DEFAULT.link(existing, link);
    }

    @Override
    public void deleteRecursively(Path path) {
      DEFAULT.deleteRecursively(path);
    }
  };

  @BeforeAll
  static void load() throws IOException {
    pinger = TestModules.wasm("pinger");
    compilerA = RoundExecutor.builder().engine(Engine.COMPILER).build();
    // No room for cached live instances: every canister but the one executing is restored from
    // the state each time, which must not change any result.
    compilerB = RoundExecutor.builder().engine(Engine.COMPILER).liveInstanceBytes(0).build();
    interpreter = RoundExecutor.builder().engine(Engine.INTERPRETER).build();
    restarted = RoundExecutor.builder().engine(Engine.COMPILER).build();
  }

  @AfterAll
  static void close() {
    compilerA.close();
    compilerB.close();
    interpreter.close();
    restarted.close();
  }

  private static ReplicatedState genesis() {
    TreeMap<CanisterRange, SubnetId> rt = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    rt.put(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xFFFF)), OWN);
    rt.put(new CanisterRange(CanisterId.fromIndex(0x10000), CanisterId.fromIndex(0x1FFFF)),
        OTHER);
    return RoundExecutor.genesis(OWN, SubnetType.APPLICATION, T0, new RoutingTable(rt),
        new TreeMap<>());
  }

  /** A workload: the inputs of each round. */
  private static List<RoundInputs> workload(long seed, ReplicatedState genesis) {
    SplittableRandom r = new SplittableRandom(seed);
    List<RoundInputs> rounds = new ArrayList<>();
    int canisters = 1 + r.nextInt(3);
    long[] msg = {0};
    List<CanisterMessage.Ingress> first = new ArrayList<>();
    for (int i = 0; i < canisters; i++) {
      first.add(mgmt(seed, msg, "provisional_create_canister_with_cycles",
          new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(
              java.math.BigInteger.valueOf(10_000_000_000_000L)), Optional.empty(),
              Optional.empty(), Optional.empty()), CanisterId.fromIndex(0)));
    }
    rounds.add(inputs(seed, 1, first));
    List<CanisterMessage.Ingress> second = new ArrayList<>();
    for (int i = 0; i < canisters; i++) {
      CanisterId c = CanisterId.fromIndex(i);
      second.add(mgmt(seed, msg, "install_code", new ManagementApi.InstallCodeArgs(
          new ManagementApi.InstallMode.Install(), c.principal(), Bytes.of(pinger), Bytes.EMPTY,
          Optional.empty()), c));
    }
    rounds.add(inputs(seed, 2, second));
    int n = 4 + r.nextInt(16);
    for (int k = 0; k < n; k++) {
      List<CanisterMessage.Ingress> in = new ArrayList<>();
      int m = r.nextInt(5);
      for (int j = 0; j < m; j++) {
        CanisterId c = CanisterId.fromIndex(r.nextInt(canisters));
        switch (r.nextInt(12)) {
          case 0, 1, 2 -> in.add(call(seed, msg, c, "inc", new byte[0]));
          case 3, 4 -> {
            int t = r.nextInt(5);
            CanisterId target = t < 3 ? CanisterId.fromIndex(r.nextInt(canisters))
                : t == 3 ? CanisterId.fromIndex(0x10000 + r.nextInt(3)) // another subnet
                : CanisterId.fromIndex(0x500); // missing, on this subnet
            in.add(call(seed, msg, c, "forward", target.toByteArray()));
          }
          case 5 -> in.add(call(seed, msg, c, "rand", new byte[0]));
          case 6 -> in.add(call(seed, msg, c, "boom", new byte[0]));
          case 7 -> in.add(call(seed, msg, c, "timer",
              ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                  .putLong(r.nextInt(3) * 1_000_000_000L).array()));
          case 8 -> in.add(mgmt(seed, msg, r.nextBoolean() ? "stop_canister" : "start_canister",
              new ManagementApi.CanisterIdRecord(c.principal()), c));
          case 9 -> in.add(mgmt(seed, msg, "take_canister_snapshot",
              new ManagementApi.TakeSnapshotArgs(c.principal(), Optional.empty(),
                  Optional.empty(), Optional.empty()), c));
          case 10 -> in.add(mgmt(seed, msg, "update_settings", new ManagementApi.UpdateSettingsArgs(
              c.principal(), ManagementApi.CanisterSettings.controllers(
                  r.nextBoolean() ? List.of(USER) : List.of(USER, c.principal())),
              Optional.empty()), c));
          default -> in.add(mgmt(seed, msg, "canister_status",
              new ManagementApi.CanisterIdRecord(c.principal()), c));
        }
      }
      rounds.add(inputs(seed, rounds.size() + 1, in));
    }
    return rounds;
  }

  private static MessageId id(long seed, long[] counter) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter[0]++).array());
      return MessageId.of(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CanisterMessage.Ingress call(long seed, long[] counter, CanisterId c,
      String method, byte[] arg) {
    return new CanisterMessage.Ingress(id(seed, counter), USER, c, c, method, Bytes.of(arg),
        T0 + 3_600_000_000_000L);
  }

  private static CanisterMessage.Ingress mgmt(long seed, long[] counter, String method,
      Object arg, CanisterId effective) {
    return new CanisterMessage.Ingress(id(seed, counter), USER,
        RoundExecutor.managementCanister(), effective, method,
        Bytes.of(ManagementApi.encode(arg)), T0 + 3_600_000_000_000L);
  }

  private static RoundInputs inputs(long seed, long height, List<CanisterMessage.Ingress> in) {
    byte[] rand = new byte[32];
    new SplittableRandom(seed * 31 + height).nextBytes(rand);
    return new RoundInputs(Height.of(height), T0 + height * 700_000_000L, Bytes.of(rand),
        RegistryVersion.of(1), RoutingTable.empty(), new TreeMap<>(), in, new TreeMap<>(),
        false);
  }

  private static List<Bytes> run(RoundExecutor e, ReplicatedState s, List<RoundInputs> rounds,
      int from, List<ReplicatedState> keep) {
    List<Bytes> digests = new ArrayList<>();
    for (int i = from; i < rounds.size(); i++) {
      s = e.executeRound(s, rounds.get(i));
      digests.add(StateDigest.of(s));
      if (keep != null) {
        keep.add(s);
      }
    }
    return digests;
  }

  @Test
  void canisterRestoredFromACheckpoint_keepsItsHeap() {
    // Regression: Chicory zeroes a memory at instantiation; a heap loaded from the state must
    // survive it (found by the property test below).
    ReplicatedState s = genesis();
    List<RoundInputs> rounds = workload(3, s).subList(0, 2);
    for (RoundInputs in : rounds) {
      s = compilerA.executeRound(s, in);
    }
    CanisterId c = CanisterId.fromIndex(0);
    long[] counter = {1000};
    for (int i = 0; i < 3; i++) {
      s = compilerA.executeRound(s, inputs(3, s.height().value() + 1,
          List.of(call(3, counter, c, "inc", new byte[0]))));
    }
    StateManager sm = StateManager.open(dir.resolve("r"), NO_SYNC, 2);
    sm.checkpoint(s);
    ReplicatedState loaded = sm.loadLatest().orElseThrow().state();
    try (RoundExecutor fresh = RoundExecutor.builder().build()) {
      var r = fresh.query(loaded, c, "get", Bytes.EMPTY, USER, Optional.empty());
      assertThat(((org.jicp.state.replicated.ResponsePayload.Reply) r).data().slice(0, 8))
          .isEqualTo(Bytes.fromHex("0300000000000000"));
      ReplicatedState next = fresh.executeRound(loaded, inputs(3, loaded.height().value() + 1,
          List.of(call(3, counter, c, "inc", new byte[0]))));
      var r2 = fresh.query(next, c, "get", Bytes.EMPTY, USER, Optional.empty());
      assertThat(((org.jicp.state.replicated.ResponsePayload.Reply) r2).data().slice(0, 8))
          .isEqualTo(Bytes.fromHex("0400000000000000"));
    }
  }

  @Test
  void randomWorkloads_areDeterministicAcrossExecutorsEnginesRestartsAndStateSync()
      throws IOException {
    System.out.println("ReplicatedExecutionPropertyTest seed=" + FIRST_SEED + " cases=" + CASES);
    int syncs = 0;
    long[] times = new long[4];
    int openAtRestart = 0;
    for (long seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      ReplicatedState g = genesis();
      List<RoundInputs> rounds = workload(seed, g);
      List<ReplicatedState> statesA = new ArrayList<>();
      long t0 = System.nanoTime();
      List<Bytes> a = run(compilerA, g, rounds, 0, statesA);
      long t1 = System.nanoTime();
      RoundExecutor other = seed % 8 == 0 ? interpreter : compilerB;
      List<Bytes> b = run(other, g, rounds, 0, null);
      long t2 = System.nanoTime();
      times[0] += t1 - t0;
      times[seed % 8 == 0 ? 1 : 2] += t2 - t1;
      assertThat(b).as("seed %d: digests per round on a second executor", seed).isEqualTo(a);
      if (other == compilerB) {
        assertThat(compilerB.liveInstanceCount()).as("instances kept at a bound of 0")
            .isLessThanOrEqualTo(1);
        assertThat(compilerA.liveInstanceCount()).as("instances kept without a bound")
            .isGreaterThanOrEqualTo(compilerB.liveInstanceCount());
      }
      ReplicatedState last = statesA.get(statesA.size() - 1);
      assertThat(CertifiedStateTree.of(last).rootHash()).isNotNull();
      // Interrupt after round k: checkpoint, reload, continue on another executor.
      int k = 1 + (int) Math.floorMod(seed * 7919, rounds.size() - 1);
      ReplicatedState atK = statesA.get(k - 1);
      if (atK.canisters().values().stream()
          .anyMatch(c -> !c.system().callContexts().callContexts().isEmpty())) {
        openAtRestart++;
      }
      Path root = dir.resolve("s" + seed);
      StateManager sm = StateManager.open(root, NO_SYNC, 2);
      StateManager.Checkpoint cp = sm.checkpoint(atK);
      ReplicatedState loaded = sm.loadLatest().orElseThrow().state();
      assertThat(StateDigest.of(loaded)).as("seed %d: reloaded checkpoint", seed)
          .isEqualTo(a.get(k - 1));
      {
        // An executor whose caches never saw these states (they are new objects from disk).
        RoundExecutor fresh = restarted;
        List<Bytes> c = run(fresh, loaded, rounds, k, null);
        assertThat(c).as("seed %d: continued after a restart at round %d", seed, k)
            .isEqualTo(a.subList(k, a.size()));
        if (seed % 10 == 0) {
          syncs++;
          StateManager dest = StateManager.open(dir.resolve("d" + seed), NO_SYNC, 2);
          StateSyncServer server = new StateSyncServer(sm);
          StateSync.Result r = new StateSync(dest, new StateSyncTransport() {
            @Override
            public List<String> peers() {
              return List.of("p");
            }

            @Override
            public byte[] fetchChunk(String peer, Height h, long chunkId) {
              return server.chunk(h, chunkId);
            }
          }).sync(atK.height(), cp.manifest().hash());
          List<Bytes> d = run(fresh, r.checkpoint().state(), rounds, k, null);
          assertThat(d).as("seed %d: continued from a state-synced copy", seed)
              .isEqualTo(a.subList(k, a.size()));
        }
      }
      times[3] += System.nanoTime() - t2;
      deleteRecursively(dir);
    }
    System.out.printf("times ms: A=%d interp=%d B=%d restart+sync=%d%n", times[0] / 1_000_000,
        times[1] / 1_000_000, times[2] / 1_000_000, times[3] / 1_000_000);
    System.out.println("ReplicatedExecutionPropertyTest cases=" + CASES + " state-syncs=" + syncs
        + " restarts-with-open-calls=" + openAtRestart);
    assertThat(openAtRestart).as("some restarts happen with call contexts open")
        .isGreaterThan(CASES / 20);
  }

  private static void deleteRecursively(Path p) {
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).filter(x -> !x.equals(p)).forEach(x -> {
        try {
          Files.delete(x);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
