package org.jicp.crypto.nidkg;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.nidkg.internal.Params;

/**
 * A node of the binary-tree encryption key (Groth 2021 section 7.2, {@code BTENode}): the key for
 * the subtree under the path {@code τ} (its first {@code tauLength} bits, held in the top bits of
 * {@code tauBits}), able to derive the keys of every epoch below it. Secret; package-private.
 */
record BteNode(long tauBits, int tauLength, G1Point a, G2Point b, List<G2Point> dT, List<G2Point> dH, G2Point e) {
  BteNode {
    if (tauLength < 0 || tauLength > Params.LAMBDA_T) {
      throw new IllegalArgumentException("tau has 0 to 32 bits, got " + tauLength);
    }
    if ((tauBits & ~prefixMask(tauLength)) != 0) {
      throw new IllegalArgumentException("tau has bits beyond its length");
    }
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(e, "e");
    dT = List.copyOf(dT);
    dH = List.copyOf(dH);
    if (dT.size() != Params.LAMBDA_T - tauLength) {
      throw new IllegalArgumentException("d_t has " + dT.size() + " points, expected " + (Params.LAMBDA_T - tauLength));
    }
    if (dH.size() != Params.LAMBDA_H) {
      throw new IllegalArgumentException("d_h has " + dH.size() + " points, expected " + Params.LAMBDA_H);
    }
  }

  /** The mask of the first {@code length} bits of a 32-bit path. */
  static long prefixMask(int length) {
    return length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
  }

  /** Bit i of the path. */
  int bit(int i) {
    return (int) (tauBits >>> (31 - i)) & 1;
  }

  /** Whether this node's path is a prefix of the epoch's. */
  boolean isPrefixOf(Epoch epoch) {
    return (epoch.value() & prefixMask(tauLength)) == tauBits;
  }

  /** The first epoch of the subtree: the path padded with zeros. */
  Epoch firstEpoch() {
    return new Epoch(tauBits);
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "BteNode(tau=" + tauLength + " bits, ***)";
  }
}
