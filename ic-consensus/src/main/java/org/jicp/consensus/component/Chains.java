package org.jicp.consensus.component;

import org.jicp.types.MessageId;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/** Walks along a chain of validated blocks. */
final class Chains {
  private Chains() {}

  /**
   * The ids of the ingress in {@code from} and its ancestors above {@code above} — the window in
   * which the IC forbids a message to appear twice (executed heights are deduplicated by the state).
   */
  static Set<MessageId> ingressSince(PoolReader pool, HashedBlock from, Height above) {
    Set<MessageId> ids = new HashSet<>();
    HashedBlock cur = from;
    while (cur != null && cur.height().compareTo(above) > 0) {
      if (cur.block().payload() instanceof DataPayload d) {
        for (IngressMessage m : d.ingress()) {
          ids.add(m.messageId());
        }
      }
      if (cur.height().value() == 0) {
        break;
      }
      Optional<HashedBlock> p = pool.block(cur.parent(), cur.height().decrement());
      cur = p.orElse(null);
    }
    return ids;
  }

  /**
   * The payloads of the data blocks from {@code from} back to the one just above {@code above},
   * newest first: what a new block on {@code from} must continue (stream slices) and not repeat.
   */
  static List<PayloadBuilder.PastPayload> pastPayloads(PoolReader pool, HashedBlock from, Height above) {
    List<PayloadBuilder.PastPayload> out = new java.util.ArrayList<>();
    HashedBlock cur = from;
    while (cur != null && cur.height().compareTo(above) > 0) {
      if (cur.block().payload() instanceof DataPayload d) {
        out.add(new PayloadBuilder.PastPayload(cur.height(), d.ingress(), d.xnet()));
      }
      if (cur.height().value() == 0) {
        break;
      }
      cur = pool.block(cur.parent(), cur.height().decrement()).orElse(null);
    }
    return out;
  }

  /**
   * The parent a new block at h extends: among the notarized blocks at h−1, the finalized one if
   * any, else the lowest rank, then the smallest hash.
   */
  static Optional<HashedBlock> parentFor(PoolReader pool, Height h) {
    Height ph = h.decrement();
    Optional<HashedBlock> fin = pool.finalizedBlock(ph);
    if (fin.isPresent()) {
      return fin;
    }
    List<HashedBlock> ns = pool.notarizedBlocks(ph);
    HashedBlock best = null;
    for (HashedBlock b : ns) {
      if (best == null
          || b.rank().compareTo(best.rank()) < 0
          || b.rank().equals(best.rank()) && b.hash().value().compareTo(best.hash().value()) < 0) {
        best = b;
      }
    }
    return Optional.ofNullable(best);
  }
}
