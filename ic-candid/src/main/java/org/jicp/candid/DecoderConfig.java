package org.jicp.candid;

/**
 * The resource limits of the decoder (Candid spec, "Deserialisation": "the implementation is
 * encouraged to self-meter the deserialisation cost").
 *
 * <p>The decoder charges one unit for every value it decodes or skips, including values that take
 * no bytes on the wire ({@code null}, {@code reserved}, {@code record {}}) — the values a space bomb
 * is made of. A message of {@code n} bytes may cost at most {@code baseBudget + budgetPerByte · n}
 * units; a message that would cost more is rejected with {@link DecodingLimitExceededException}
 * as soon as the excess is known (a declared {@code vec} length is checked against the budget
 * before any element is read). Values nested deeper than {@code maxDepth} are rejected the same
 * way, so that no message can exhaust the stack. Declared lengths are also checked against the
 * bytes left, so no allocation is ever larger than the message justifies.
 *
 * @param baseBudget the units every message may spend regardless of its size
 * @param budgetPerByte the further units each byte of the message buys
 * @param maxDepth the deepest nesting of composite values (and of types in subtype checks)
 */
public record DecoderConfig(long baseBudget, int budgetPerByte, int maxDepth) {
  /**
   * The defaults: 1,000,000 units plus 4 per byte, nesting at most 1,024 deep. A message with a
   * million zero-sized values is accepted; the space bombs of the conformance suite are not.
   */
  public static final DecoderConfig DEFAULT = new DecoderConfig(1_000_000, 4, 1024);

  /** Checks the arguments. */
  public DecoderConfig {
    if (baseBudget < 0 || budgetPerByte < 0) {
      throw new IllegalArgumentException("budgets are not negative");
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth is at least 1, got " + maxDepth);
    }
  }

  /** The budget of a message of {@code length} bytes (saturating at {@link Long#MAX_VALUE}). */
  public long budgetFor(int length) {
    long perBytes = (long) budgetPerByte * length;
    long total = baseBudget + perBytes;
    return total < 0 ? Long.MAX_VALUE : total;
  }

  /** This config with another base budget. */
  public DecoderConfig withBaseBudget(long units) {
    return new DecoderConfig(units, budgetPerByte, maxDepth);
  }

  /** This config with another depth limit. */
  public DecoderConfig withMaxDepth(int depth) {
    return new DecoderConfig(baseBudget, budgetPerByte, depth);
  }
}
