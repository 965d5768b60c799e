package org.jicp.benchmarks.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.Bytes;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.HashTreeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The IC hash tree: root of 10^5 leaves built from scratch, incremental re-root after one change
 * (the target is at most 1 ms), witness for 100 paths.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashTreeBenchmark {
  static final int LEAVES = 100_000;

  HashTreeMap map;
  List<Bytes> labels;
  List<List<Bytes>> witnessPaths;
  HashTree full;
  java.util.Map<Bytes, HashTree> entries;
  int next;

  static Bytes label(int i) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(0x0000_0000_0100_0000L + i).array());
  }

  @Setup
  public void setUp() {
    labels = new ArrayList<>(LEAVES);
    HashTreeMap m = HashTreeMap.empty();
    for (int i = 0; i < LEAVES; i++) {
      labels.add(label(i));
      m = m.put(labels.get(i), HashTree.leaf(ByteBuffer.allocate(4).putInt(i).array()));
    }
    map = m;
    entries = new java.util.HashMap<>();
    for (int i = 0; i < LEAVES; i++) {
      entries.put(labels.get(i), HashTree.leaf(new byte[] {(byte) i}));
    }
    full = m.tree();
    SplittableRandom r = new SplittableRandom(1);
    witnessPaths = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      witnessPaths.add(List.of(labels.get(r.nextInt(LEAVES))));
    }
  }

  /** Builds the map of 10^5 leaves in one pass ({@code HashTreeMap.of}) and returns its root. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Bytes root100kLeavesBulk() {
    return HashTreeMap.of(entries).digest();
  }

  /** Builds the map of 10^5 leaves by 10^5 single puts and returns its root. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Bytes root100kLeavesByPuts() {
    HashTreeMap m = HashTreeMap.empty();
    for (int i = 0; i < LEAVES; i++) {
      m = m.put(labels.get(i), HashTree.leaf(new byte[] {(byte) i}));
    }
    return m.digest();
  }

  /** Changes one leaf of the 10^5 and returns the new root. */
  @Benchmark
  public Bytes incrementalReRootAfterOneChange() {
    int i = (next++) % LEAVES;
    return map.put(labels.get(i), HashTree.leaf(new byte[] {(byte) next, 1})).digest();
  }

  /** The witness for 100 random paths of the 10^5-leaf tree. */
  @Benchmark
  public HashTree witnessFor100Paths() {
    return full.witness(witnessPaths);
  }
}
