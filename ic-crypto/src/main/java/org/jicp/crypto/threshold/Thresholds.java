package org.jicp.crypto.threshold;

/**
 * The IC's committee thresholds for {@code n} nodes, of which at most {@code f = (n - 1) / 3} may
 * be faulty ({@code get_faults_tolerated} in {@code ic_types::consensus}).
 *
 * <ul>
 *   <li>low threshold {@code f + 1}: the random beacon and the random tape, which only need
 *       unpredictability (no f nodes can sign alone, some honest node always takes part);
 *   <li>high threshold {@code 2f + 1}: state certification and catch-up packages, which need
 *       that any two signing sets share an honest node.
 * </ul>
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * f = ⌊(n − 1) / 3⌋, the number of faulty nodes a committee of n tolerates.
   *
   * @throws IllegalArgumentException if n is not positive
   */
  public static int faultsTolerated(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("a committee has at least one node, got " + n);
    }
    return (n - 1) / 3;
  }

  /** f + 1: the threshold of the random beacon and random tape keys. */
  public static int low(int n) {
    return faultsTolerated(n) + 1;
  }

  /** 2f + 1: the threshold of the certification and catch-up package keys. */
  public static int high(int n) {
    return 2 * faultsTolerated(n) + 1;
  }
}
