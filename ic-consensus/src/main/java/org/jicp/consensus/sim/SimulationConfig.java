package org.jicp.consensus.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.types.SubnetType;

/**
 * Everything a simulation run depends on; with the same configuration (seed included) a run is
 * exactly reproducible.
 *
 * @param nodes the subnet size n
 * @param seed the seed of every random choice (network, keys, which nodes misbehave)
 * @param crypto the crypto implementation
 * @param consensus the consensus parameters (delays, DKG interval, limits)
 * @param latencyMeanMs the mean one-way link latency
 * @param latencySpread per-link base latency = mean × (1 − spread/2 + spread × U[0,1))
 * @param jitter per-message latency = base × (1 ± jitter × U)
 * @param dropProbability the chance that a transmission is lost (then resent after {@code retransmitMs})
 * @param retransmitMs the retransmission delay of a lost message
 * @param delayLimitMs the delay of every message of a {@link Behaviour#DELAY} node
 * @param partitions network partitions that heal
 * @param behaviours node index → behaviour (absent means honest)
 * @param joinAtMs node index → when the node starts (absent means at 0): late joiners
 * @param crashAtMs node index → when a {@link Behaviour#CRASH} node crashes
 * @param restartAtMs node index → when a crashed node restarts (absent: never)
 * @param targetHeight stop once every honest node finalized this height (0: run to the cap)
 * @param maxVirtualMs the virtual-time cap
 * @param ingressPerBlock synthetic ingress messages per block
 * @param wire whether every message is encoded and strictly decoded on the way
 * @param traceCapacity how many recent events a violation report shows
 * @param certification whether a certifier certifies the states (else they count as certified at once)
 * @param xnetPerBlock stream slices per block from a simulated remote subnet (0: none)
 */
public record SimulationConfig(
    int nodes,
    long seed,
    CryptoKind crypto,
    ConsensusConfig consensus,
    long latencyMeanMs,
    double latencySpread,
    double jitter,
    double dropProbability,
    long retransmitMs,
    long delayLimitMs,
    List<Partition> partitions,
    SortedMap<Integer, Behaviour> behaviours,
    SortedMap<Integer, Long> joinAtMs,
    SortedMap<Integer, Long> crashAtMs,
    SortedMap<Integer, Long> restartAtMs,
    long targetHeight,
    long maxVirtualMs,
    int ingressPerBlock,
    boolean wire,
    int traceCapacity,
    boolean certification,
    int xnetPerBlock) {
  /** Validates and copies the components. */
  public SimulationConfig {
    if (nodes < 1) {
      throw new IllegalArgumentException("at least one node: " + nodes);
    }
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(consensus, "consensus");
    if (latencyMeanMs < 0 || latencySpread < 0 || latencySpread > 2 || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("latency parameters out of range");
    }
    if (dropProbability < 0 || dropProbability >= 1 || retransmitMs < 1) {
      throw new IllegalArgumentException("drop probability in [0, 1) and a positive retransmission delay");
    }
    partitions = List.copyOf(partitions);
    behaviours = copy(behaviours, nodes, "behaviours");
    joinAtMs = copy(joinAtMs, nodes, "joinAtMs");
    crashAtMs = copy(crashAtMs, nodes, "crashAtMs");
    restartAtMs = copy(restartAtMs, nodes, "restartAtMs");
    if (targetHeight < 0 || maxVirtualMs < 1 || ingressPerBlock < 0 || traceCapacity < 0 || xnetPerBlock < 0) {
      throw new IllegalArgumentException("run limits out of range");
    }
  }

  private static <V> SortedMap<Integer, V> copy(Map<Integer, V> m, int n, String what) {
    TreeMap<Integer, V> c = new TreeMap<>(Objects.requireNonNull(m, what));
    for (int i : c.keySet()) {
      if (i < 0 || i >= n) {
        throw new IllegalArgumentException(what + ": no node " + i + " among " + n);
      }
    }
    return Collections.unmodifiableSortedMap(c);
  }

  /** f = ⌊(n − 1)/3⌋. */
  public int faultsTolerated() {
    return ConsensusConfig.faultsTolerated(nodes);
  }

  /** The behaviour of node {@code i}. */
  public Behaviour behaviour(int i) {
    return behaviours.getOrDefault(i, Behaviour.HONEST);
  }

  /** The number of nodes that are not honest. */
  public int faulty() {
    return (int) behaviours.values().stream().filter(b -> b != Behaviour.HONEST).count();
  }

  /** A builder with the defaults: an application subnet, 50 ms links, fast crypto. */
  public static Builder builder(int nodes) {
    return new Builder(nodes);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(nodes);
    b.seed = seed;
    b.crypto = crypto;
    b.consensus = consensus;
    b.latencyMeanMs = latencyMeanMs;
    b.latencySpread = latencySpread;
    b.jitter = jitter;
    b.dropProbability = dropProbability;
    b.retransmitMs = retransmitMs;
    b.delayLimitMs = delayLimitMs;
    b.partitions.addAll(partitions);
    b.behaviours.putAll(behaviours);
    b.joinAtMs.putAll(joinAtMs);
    b.crashAtMs.putAll(crashAtMs);
    b.restartAtMs.putAll(restartAtMs);
    b.targetHeight = targetHeight;
    b.maxVirtualMs = maxVirtualMs;
    b.ingressPerBlock = ingressPerBlock;
    b.wire = wire;
    b.traceCapacity = traceCapacity;
    b.certification = certification;
    b.xnetPerBlock = xnetPerBlock;
    return b;
  }

  /** Builds a {@link SimulationConfig}. */
  public static final class Builder {
    private final int nodes;
    private long seed = 1;
    private CryptoKind crypto = CryptoKind.FAST;
    private ConsensusConfig consensus = ConsensusConfig.defaults(SubnetType.APPLICATION);
    private long latencyMeanMs = 50;
    private double latencySpread = 0.5;
    private double jitter = 0.1;
    private double dropProbability;
    private long retransmitMs = 200;
    private long delayLimitMs = -1;
    private final List<Partition> partitions = new ArrayList<>();
    private final TreeMap<Integer, Behaviour> behaviours = new TreeMap<>();
    private final TreeMap<Integer, Long> joinAtMs = new TreeMap<>();
    private final TreeMap<Integer, Long> crashAtMs = new TreeMap<>();
    private final TreeMap<Integer, Long> restartAtMs = new TreeMap<>();
    private long targetHeight = 20;
    private long maxVirtualMs = -1;
    private int ingressPerBlock = 4;
    private boolean wire;
    private int traceCapacity = 40;
    private boolean certification;
    private int xnetPerBlock;
    private final List<Object[]> pendingByzantine = new ArrayList<>();

    Builder(int nodes) {
      this.nodes = nodes;
    }

    /** The seed. */
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** The crypto. */
    public Builder crypto(CryptoKind c) {
      crypto = c;
      return this;
    }

    /** The consensus parameters. */
    public Builder consensus(ConsensusConfig c) {
      consensus = c;
      return this;
    }

    /** The unit delay. */
    public Builder unitDelay(Duration d) {
      consensus = consensus.withUnitDelay(d);
      return this;
    }

    /** The initial notary delay. */
    public Builder initialNotaryDelay(Duration d) {
      consensus = consensus.withInitialNotaryDelay(d);
      return this;
    }

    /** The DKG interval length. */
    public Builder dkgIntervalLength(long l) {
      consensus = consensus.withDkgIntervalLength(l);
      return this;
    }

    /** The mean link latency. */
    public Builder latencyMs(long mean) {
      latencyMeanMs = mean;
      return this;
    }

    /** The per-link latency spread (0 makes all links equal). */
    public Builder latencySpread(double s) {
      latencySpread = s;
      return this;
    }

    /** The per-message jitter. */
    public Builder jitter(double j) {
      jitter = j;
      return this;
    }

    /** The loss probability and the retransmission delay. */
    public Builder drops(double p, long retransmit) {
      dropProbability = p;
      retransmitMs = retransmit;
      return this;
    }

    /** The delay of a {@link Behaviour#DELAY} node's messages. */
    public Builder delayLimitMs(long ms) {
      delayLimitMs = ms;
      return this;
    }

    /** Adds a partition. */
    public Builder partition(Partition p) {
      partitions.add(p);
      return this;
    }

    /** Node {@code i} behaves as {@code b}. */
    public Builder behaviour(int i, Behaviour b) {
      behaviours.put(i, b);
      return this;
    }

    /**
     * {@code k} nodes, drawn from the seed among the honest ones, behave as {@code b}; crashing
     * nodes crash at a time drawn from the first quarter of the run.
     */
    public Builder byzantine(int k, Behaviour b) {
      if (k < 0) {
        throw new IllegalArgumentException("a negative number of nodes: " + k);
      }
      pendingByzantine.add(new Object[] {k, b});
      return this;
    }

    private void drawByzantine() {
      SplittableRandom r = new SplittableRandom(seed ^ 0x62797a616e74696eL);
      for (Object[] p : pendingByzantine) {
        int k = (Integer) p[0];
        Behaviour b = (Behaviour) p[1];
        List<Integer> honest = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
          if (!behaviours.containsKey(i)) {
            honest.add(i);
          }
        }
        if (k > honest.size()) {
          throw new IllegalArgumentException("cannot make " + k + " of " + honest.size() + " honest nodes " + b.cliName());
        }
        for (int j = 0; j < k; j++) {
          int i = honest.remove(r.nextInt(honest.size()));
          behaviours.put(i, b);
          if (b == Behaviour.CRASH && !crashAtMs.containsKey(i)) {
            crashAtMs.put(i, -1L);
          }
        }
      }
      pendingByzantine.clear();
    }

    /** Node {@code i} starts at {@code ms} instead of 0. */
    public Builder joinAt(int i, long ms) {
      joinAtMs.put(i, ms);
      return this;
    }

    /** Node {@code i} crashes at {@code crashMs} and restarts at {@code restartMs} (−1: never). */
    public Builder crash(int i, long crashMs, long restartMs) {
      behaviours.put(i, Behaviour.CRASH);
      crashAtMs.put(i, crashMs);
      if (restartMs >= 0) {
        restartAtMs.put(i, restartMs);
      }
      return this;
    }

    /** Stop once every honest node finalized this height. */
    public Builder targetHeight(long h) {
      targetHeight = h;
      return this;
    }

    /** The virtual-time cap (default: 60 s per target height). */
    public Builder maxVirtualMs(long ms) {
      maxVirtualMs = ms;
      return this;
    }

    /** Synthetic ingress messages per block. */
    public Builder ingressPerBlock(int k) {
      ingressPerBlock = k;
      return this;
    }

    /** Encode and strictly decode every message. */
    public Builder wire(boolean w) {
      wire = w;
      return this;
    }

    /**
     * Whether committed states are certified by the certifier (threshold shares gossiped,
     * aggregated into the subnet's certification) instead of at once without a signature.
     */
    public Builder certification(boolean c) {
      certification = c;
      return this;
    }

    /**
     * Stream slices from a simulated remote subnet per block (0: none): certified by that
     * subnet's key, checked by the payload builder.
     */
    public Builder xnetPerBlock(int k) {
      xnetPerBlock = k;
      return this;
    }

    /** How many events a violation report shows. */
    public Builder traceCapacity(int c) {
      traceCapacity = c;
      return this;
    }

    /** The configuration. */
    public SimulationConfig build() {
      drawByzantine();
      long cap = maxVirtualMs > 0 ? maxVirtualMs : Math.max(60_000, 60_000 * targetHeight);
      long limit = delayLimitMs >= 0 ? delayLimitMs : Math.max(100, 3 * latencyMeanMs);
      TreeMap<Integer, Long> crashes = new TreeMap<>(crashAtMs);
      SplittableRandom r = new SplittableRandom(seed ^ 0x6372617368L);
      for (Map.Entry<Integer, Long> e : crashes.entrySet()) {
        if (e.getValue() < 0) {
          e.setValue(r.nextLong(Math.max(1, Math.min(cap / 4, 1000 * Math.max(1, targetHeight) / 4))));
        }
      }
      return new SimulationConfig(
          nodes, seed, crypto, consensus, latencyMeanMs, latencySpread, jitter, dropProbability, retransmitMs, limit,
          partitions, behaviours, joinAtMs, crashes, restartAtMs, targetHeight, cap, ingressPerBlock, wire, traceCapacity, certification,
          xnetPerBlock);
    }
  }
}
