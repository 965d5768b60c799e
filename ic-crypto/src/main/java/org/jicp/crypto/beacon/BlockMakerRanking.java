package org.jicp.crypto.beacon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jicp.crypto.Principal;
import org.jicp.crypto.threshold.Thresholds;

/**
 * The IC's block-maker ranking for a height ({@code Membership::get_block_maker_rank} of
 * dfinity/ic {@code rs/consensus}): the subnet's node ids sorted ascending, shuffled with the
 * {@link RandomnessPurpose#BLOCKMAKER_RANKING} stream of the previous random beacon; a node's rank
 * is its position. Only ranks {@code 0..f} make blocks — the fewest that always include an honest
 * node.
 */
public final class BlockMakerRanking {
  private BlockMakerRanking() {}

  /**
   * The shuffled node ids for {@code height}: position = rank.
   *
   * @param previousBeacon the random beacon of {@code height − 1}
   * @throws IllegalArgumentException if the beacon is not of {@code height − 1}, or ids repeat
   */
  public static List<Principal> ranking(long height, RandomBeacon previousBeacon, Collection<Principal> nodes) {
    Objects.requireNonNull(previousBeacon, "previousBeacon");
    Objects.requireNonNull(nodes, "nodes");
    if (previousBeacon.height() != height - 1) {
      throw new IllegalArgumentException(
          "the ranking of height " + height + " uses the beacon of height " + (height - 1)
              + ", got height " + previousBeacon.height());
    }
    if (new HashSet<>(nodes).size() != nodes.size()) {
      throw new IllegalArgumentException("node ids repeat");
    }
    List<Principal> ids = new ArrayList<>(nodes);
    ids.sort(null);
    Csprng.fromRandomBeacon(previousBeacon, RandomnessPurpose.BLOCKMAKER_RANKING).shuffle(ids);
    return List.copyOf(ids);
  }

  /** The rank of {@code node} at {@code height} if it is a block maker (rank ≤ f), else empty. */
  public static OptionalInt blockMakerRank(
      long height, RandomBeacon previousBeacon, Collection<Principal> nodes, Principal node) {
    List<Principal> ranked = ranking(height, previousBeacon, nodes);
    int rank = ranked.indexOf(node);
    if (rank < 0) {
      throw new IllegalArgumentException("node " + node + " is not in the subnet");
    }
    return rank <= Thresholds.faultsTolerated(ranked.size()) ? OptionalInt.of(rank) : OptionalInt.empty();
  }
}
