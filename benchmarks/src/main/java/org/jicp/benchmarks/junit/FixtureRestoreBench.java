package org.jicp.benchmarks.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What ic-junit's {@code Isolation.RESTORE} costs per test: {@link Replica#restore} of the
 * snapshot of a fixture with an NNS subnet and an application subnet holding 5 Motoko canisters
 * (counter, stable_store, caller, looper, trapper from the harness, each called a few times),
 * beside its peer, what {@code Isolation.NEW_REPLICA} does instead (build the replica and install
 * the 5 canisters again). {@code updateThenRestore} is a test's typical cycle (one certified
 * update, then the restore before the next test) beside {@code update} alone, so the restore of a
 * changed state is the difference. {@code nnsCanisters}: with the NNS canisters (registry,
 * governance, ICP ledger, CMC, … and the cycles ledger) on the NNS subnet, as issue 16 measures
 * it ("an NNS + ledger + 5 canisters state"), or without them.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FixtureRestoreBench {
  private static final byte[] NO_ARGS = {'D', 'I', 'D', 'L', 0, 0};
  private static final List<String> CANISTERS =
      List.of("counter", "stable_store", "caller", "looper", "trapper");

  /** Whether the fixture's NNS subnet holds the NNS canisters. */
  @Param({"false", "true"})
  public boolean nnsCanisters;

  private Replica ic;
  private Replica.Snapshot fixture;
  private CanisterId counter;

  static byte[] motoko(String name) {
    Path p = Path.of(System.getProperty("jicp.harness", "../shared/harness"),
        "motoko/out/wasm32/" + name + ".wasm");
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("harness file missing (set -Djicp.harness): " + p, e);
    }
  }

  /** The fixture: the replica and its 5 canisters; returns the counter. */
  static CanisterId deploy(Replica r) {
    CanisterId first = null;
    for (String name : CANISTERS) {
      CanisterId id = r.createCanister();
      r.install(id, motoko(name), NO_ARGS);
      if (first == null) {
        first = id;
      }
    }
    for (int i = 0; i < 5; i++) {
      r.update(first, "inc", NO_ARGS);
    }
    return first;
  }

  Replica build() {
    return Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(nnsCanisters)
        .deterministic(7).build();
  }

  @Setup(Level.Trial)
  public void setUp() {
    ic = build();
    counter = deploy(ic);
    fixture = ic.snapshot();
    // checked before anything is timed: a restore undoes an update
    byte[] before = ic.query(counter, "get", NO_ARGS);
    ic.update(counter, "inc", NO_ARGS);
    if (java.util.Arrays.equals(before, ic.query(counter, "get", NO_ARGS))) {
      throw new IllegalStateException("inc did not change the counter");
    }
    ic.restore(fixture);
    if (!java.util.Arrays.equals(before, ic.query(counter, "get", NO_ARGS))) {
      throw new IllegalStateException("restore did not undo the update");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ic.close();
  }

  /** Restore of the fixture's snapshot (the state unchanged since). */
  @Benchmark
  public Replica restore() {
    ic.restore(fixture);
    return ic;
  }

  /** A certified update, then the restore: a test's cycle. */
  @Benchmark
  public Replica updateThenRestore() {
    ic.update(counter, "inc", NO_ARGS);
    ic.restore(fixture);
    return ic;
  }

  /** A certified update alone (the state grows: the ingress history; kept short by TTL). */
  @Benchmark
  public byte[] update() {
    return ic.update(counter, "inc", NO_ARGS);
  }

  /** Taking the snapshot (after the fixture). */
  @Benchmark
  public Replica.Snapshot snapshot() {
    return ic.snapshot();
  }

  /** The peer: a new replica with the fixture installed again (what NEW_REPLICA costs). */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  public CanisterId newReplicaWithFixture() {
    try (Replica r = build()) {
      return deploy(r);
    }
  }
}
