package org.jicp.benchmarks.candid;

import java.util.SplittableRandom;

/**
 * The data both Candid benchmarks encode and decode: 100 records of 10 fields each (nat, text,
 * nat64, int32, bool, float64, principal, opt text, blob of 32 bytes, vec text), and a blob of 1
 * MiB. Drawn from a fixed seed, so both libraries see the same values.
 */
final class CandidBenchData {
  static final int ITEMS = 100;
  static final int BLOB_SIZE = 1 << 20;
  static final long SEED = 42;

  private CandidBenchData() {}

  /** The fields of item {@code i}, as plain Java values. */
  record Fields(
      long id,
      String name,
      long amount,
      int count,
      boolean active,
      double score,
      byte[] owner,
      String memo,
      byte[] hash,
      String[] tags) {}

  static Fields item(int i) {
    SplittableRandom r = new SplittableRandom(SEED + i);
    byte[] owner = new byte[10];
    for (int k = 0; k < owner.length; k++) {
      owner[k] = (byte) r.nextInt(256);
    }
    byte[] hash = new byte[32];
    for (int k = 0; k < hash.length; k++) {
      hash[k] = (byte) r.nextInt(256);
    }
    return new Fields(
        1_000_000L + i,
        "item-" + i,
        r.nextLong(1L << 40),
        r.nextInt(1000),
        r.nextBoolean(),
        r.nextDouble(),
        owner,
        i % 2 == 0 ? "memo " + i : null,
        hash,
        new String[] {"tag" + (i % 7), "tag" + (i % 11)});
  }

  static byte[] blob() {
    byte[] b = new byte[BLOB_SIZE];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }
}
