package org.jicp.crypto.internal;

/**
 * A source of 32-bit words, the part of Rust's {@code rand_core::RngCore} that the IC's sampling
 * code consumes. {@link #nextU64()} joins two words low first, as {@code rand_core} does for
 * every generator jicp reproduces.
 */
public interface RandCore {
  /** The next 32-bit word (an unsigned value carried in an {@code int}). */
  int nextU32();

  /** The next 64-bit value: the next word as the low half, the one after it as the high half. */
  default long nextU64() {
    long lo = nextU32() & 0xffffffffL;
    long hi = nextU32() & 0xffffffffL;
    return (hi << 32) | lo;
  }
}
