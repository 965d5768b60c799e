package org.jicp.nns.governance;

import java.util.Arrays;
import org.jicp.nns.internal.Journal;

/**
 * The ballots of one proposal: the eligible neurons (sorted), their voting power at proposal time,
 * and their votes. Fixed in size at creation; votes change through {@link #cast}, journaled.
 */
final class BallotTable {
  private final long[] neurons;
  private final long[] power;
  private final byte[] votes;

  BallotTable(long[] sortedNeurons, long[] power) {
    if (sortedNeurons.length != power.length) {
      throw new IllegalArgumentException("length mismatch");
    }
    for (int i = 1; i < sortedNeurons.length; i++) {
      if (sortedNeurons[i - 1] >= sortedNeurons[i]) {
        throw new IllegalArgumentException("neurons not sorted and distinct");
      }
    }
    this.neurons = sortedNeurons;
    this.power = power;
    this.votes = new byte[sortedNeurons.length];
  }

  int size() {
    return neurons.length;
  }

  /** The index of {@code neuron}'s ballot, or -1. */
  int indexOf(long neuron) {
    int i = Arrays.binarySearch(neurons, neuron);
    return i < 0 ? -1 : i;
  }

  long neuron(int i) {
    return neurons[i];
  }

  long power(int i) {
    return power[i];
  }

  Vote vote(int i) {
    return Vote.of(votes[i]);
  }

  /** The vote of {@code neuron}, or null if it has no ballot. */
  Vote voteOf(long neuron) {
    int i = indexOf(neuron);
    return i < 0 ? null : Vote.of(votes[i]);
  }

  /** Casts {@code v} at index {@code i} (journaled). */
  void cast(Journal journal, int i, Vote v) {
    byte old = votes[i];
    votes[i] = (byte) v.number();
    journal.record(() -> votes[i] = old);
  }

  /** Sets a vote while restoring a snapshot (journaled). */
  void restore(Journal journal, int i, Vote v) {
    cast(journal, i, v);
  }

  long total() {
    long t = 0;
    for (long p : power) {
      t = Math.addExact(t, p);
    }
    return t;
  }

  // ---------------------------------------------------------------- the follow graph (derived)

  /**
   * The follow graph restricted to this proposal's ballots, for its topic: for each ballot, the
   * number of followees deciding its vote and the ballot indices of those that have a ballot; and
   * the reverse edges. Derived from the neurons' current followees, rebuilt when they change (it is
   * a cache, not state: it is never journaled).
   */
  private int[] listSize;
  private int[] followeeStart;
  private int[] followeeIdx;
  private int[] followerStart;
  private int[] followerIdx;
  private long graphGeneration = -1;

  boolean graphIsCurrent(long generation) {
    return graphGeneration == generation;
  }

  /** Rebuilds the graph from {@code followees}, the deciding followees of each ballot's neuron. */
  void buildGraph(java.util.function.IntFunction<java.util.List<Long>> followees, long generation) {
    int n = neurons.length;
    listSize = new int[n];
    followeeStart = new int[n + 1];
    int[] edges = new int[Math.max(16, n * 2)];
    int count = 0;
    for (int i = 0; i < n; i++) {
      followeeStart[i] = count;
      java.util.List<Long> fs = followees.apply(i);
      listSize[i] = fs.size();
      for (long f : fs) {
        int j = indexOf(f);
        if (j >= 0) {
          if (count == edges.length) {
            edges = Arrays.copyOf(edges, edges.length * 2);
          }
          edges[count++] = j;
        }
      }
    }
    followeeStart[n] = count;
    followeeIdx = Arrays.copyOf(edges, count);
    followerStart = new int[n + 1];
    for (int e = 0; e < count; e++) {
      followerStart[followeeIdx[e] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      followerStart[i + 1] += followerStart[i];
    }
    followerIdx = new int[count];
    int[] fill = Arrays.copyOf(followerStart, n);
    for (int i = 0; i < n; i++) {
      for (int e = followeeStart[i]; e < followeeStart[i + 1]; e++) {
        followerIdx[fill[followeeIdx[e]]++] = i;
      }
    }
    graphGeneration = generation;
  }

  /** The followers of ballot {@code i}: indices {@code followerIdx[followersFrom(i) .. followersTo(i))}. */
  int followersFrom(int i) {
    return followerStart[i];
  }

  int followersTo(int i) {
    return followerStart[i + 1];
  }

  int follower(int e) {
    return followerIdx[e];
  }

  /** {@code Neuron::would_follow_ballots} over the graph, for ballot {@code i}. */
  Vote wouldFollow(int i) {
    int size = listSize[i];
    if (size == 0) {
      return Vote.UNSPECIFIED;
    }
    int yes = 0;
    int no = 0;
    for (int e = followeeStart[i]; e < followeeStart[i + 1]; e++) {
      byte v = votes[followeeIdx[e]];
      if (v == 1) {
        yes++;
      } else if (v == 2) {
        no++;
      }
    }
    if (2 * yes > size) {
      return Vote.YES;
    }
    return 2 * no >= size ? Vote.NO : Vote.UNSPECIFIED;
  }
}
