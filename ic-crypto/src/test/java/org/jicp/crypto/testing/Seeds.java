package org.jicp.crypto.testing;

import java.util.SplittableRandom;

/**
 * Seeds for property tests: fixed by default, overridable with {@code -Djicp.seed=N}, and always
 * printed so that a failure can be replayed.
 */
public final class Seeds {
  private Seeds() {}

  public static SplittableRandom random(String testName) {
    long seed = Long.getLong("jicp.seed", 0x5eed_1c_b15L);
    System.out.println(testName + ": seed " + seed + " (replay with -Djicp.seed=" + seed + ")");
    return new SplittableRandom(seed ^ testName.hashCode());
  }
}
