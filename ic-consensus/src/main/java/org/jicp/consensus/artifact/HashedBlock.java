package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Rank;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * A block with its hash, computed once on construction ({@code HashedBlock} of the IC). A value
 * that exists carries the right hash: there is no way to pair a block with another hash.
 */
public final class HashedBlock {
  private final Block block;
  private final CryptoHash hash;

  private HashedBlock(Block block, CryptoHash hash) {
    this.block = block;
    this.hash = hash;
  }

  /** The block and its computed hash. */
  public static HashedBlock of(Block block) {
    Objects.requireNonNull(block, "block");
    return new HashedBlock(block, block.computeHash());
  }

  /** The block. */
  public Block block() {
    return block;
  }

  /** The block's crypto hash. */
  public CryptoHash hash() {
    return hash;
  }

  /** The block's height. */
  public Height height() {
    return block.height();
  }

  /** The block maker's rank. */
  public Rank rank() {
    return block.rank();
  }

  /** The parent's hash. */
  public CryptoHash parent() {
    return block.parent();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashedBlock h && h.hash.equals(hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Block[h=" + block.height() + " r=" + block.rank() + " " + hash.toString().substring(0, 8) + "]";
  }
}
