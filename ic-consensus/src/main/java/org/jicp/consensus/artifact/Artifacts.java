package org.jicp.consensus.artifact;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.NodeId;

/** Checks and hash-trait writers shared by the artifact records. */
final class Artifacts {
  private Artifacts() {}

  /** The length of a computed crypto hash. */
  static final int HASH_LENGTH = 32;

  static List<NodeId> sortedDistinct(String what, List<NodeId> nodes) {
    List<NodeId> copy = List.copyOf(Objects.requireNonNull(nodes, what));
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i - 1).compareTo(copy.get(i)) >= 0) {
        throw new IllegalArgumentException(what + " must be sorted and distinct");
      }
    }
    return copy;
  }

  static CryptoHash requireHash(String what, CryptoHash h) {
    Objects.requireNonNull(h, what);
    if (h.value().length() != HASH_LENGTH) {
      throw new IllegalArgumentException(what + " is a 32-byte hash, got " + h.value().length() + " bytes");
    }
    return h;
  }

  static Bytes requireBytes(String what, Bytes b) {
    return Objects.requireNonNull(b, what);
  }

  static void hashNodes(HashTraitWriter w, List<NodeId> nodes) {
    w.u64(nodes.size());
    for (NodeId n : nodes) {
      w.principal(n.principal());
    }
  }

  static void hash(HashTraitWriter w, CryptoHash h) {
    w.bytes(h.value());
  }
}
