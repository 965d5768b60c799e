package org.jicp.crypto.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The bounded fuzz run of the default build, beside the Jazzer {@code @FuzzTest}s (which only
 * replay their committed inputs there): a fuzz target is run over its seeds and then over {@code
 * iterations} seeded random mutations of them (bit flips, interesting bytes, inserted, deleted,
 * duplicated and spliced ranges, truncation, over-long protobuf varints and CBOR heads). The seed
 * is printed and {@code -Djicp.seed=N} replays it; {@code -Djicp.fuzz.scale=K} (set by the {@code
 * -Pfuzz} profiles) runs K times as many mutants. Any throwable escaping the target (the target catches the
 * typed exceptions it allows) fails the run, naming the iteration, and the input is written to
 * {@code target/fuzz-findings/}.
 *
 * <p>Shared with the other modules' fuzz tests through ic-crypto's test jar (ic-crypto is the
 * bottom of the reactor).
 */
public final class SeededFuzz {
  private SeededFuzz() {}

  /** The number of mutated inputs: {@code defaultIterations} times {@code -Djicp.fuzz.scale} (1). */
  public static int iterations(int defaultIterations) {
    return Math.multiplyExact(defaultIterations, Integer.getInteger("jicp.fuzz.scale", 1));
  }

  /**
   * Runs {@code target} over every seed, then over mutations of them.
   *
   * @return the number of inputs run (seeds included)
   */
  public static int run(String name, List<byte[]> seeds, int defaultIterations, Consumer<byte[]> target) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds for " + name);
    }
    long seed = Long.getLong("jicp.seed", 0x5eed_f022L);
    int n = iterations(defaultIterations);
    System.out.println(name + ": seed " + seed + ", " + seeds.size() + " seeds + " + n
        + " mutants (replay with -Djicp.seed=" + seed + ", longer with -Djicp.fuzz.scale=K)");
    SplittableRandom rnd = new SplittableRandom(seed ^ name.hashCode());
    long t0 = System.nanoTime();
    int runs = 0;
    for (int i = -seeds.size(); i < n; i++) {
      byte[] in = i < 0 ? seeds.get(-i - 1).clone() : mutate(rnd, seeds);
      try {
        target.accept(in);
      } catch (Throwable e) {
        throw new AssertionError(name + ": input " + i + " (seed " + seed + "): " + e + "; " + save(name, i, in), e);
      }
      runs++;
    }
    System.out.println(name + ": " + runs + " inputs in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    return runs;
  }

  private static String save(String name, int i, byte[] in) {
    String hex = HexFormat.of().formatHex(in, 0, Math.min(in.length, 96)) + (in.length > 96 ? "…" : "");
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
      Path f = dir.resolve(name + "-" + i + ".bin");
      Files.write(f, in);
      return in.length + " bytes " + hex + ", written to " + f.toAbsolutePath();
    } catch (IOException e) {
      return in.length + " bytes " + hex + " (not written: " + e + ")";
    }
  }

  private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x18, 0x19, 0x1a, 0x1b, 0x40, 0x5f, (byte) 0xa0, (byte) 0xbf, (byte) 0xf4, (byte) 0xf6, (byte) 0xf7};

  /** Tokens that stress length fields: an all-ones 10-byte varint, a 5-byte varint, CBOR heads of huge lengths. */
  private static final byte[][] TOKENS = {
    {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1},
    {-1, -1, -1, -1, 0x0f},
    {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1},
    {0x5b, -1, -1, -1, -1, -1, -1, -1, -1},
    {(byte) 0x9b, 0, 0, 0, 1, 0, 0, 0, 0},
    {(byte) 0xbb, 0x7f, -1, -1, -1, -1, -1, -1, -1},
    {0x5f, 0x41, 0, (byte) 0xff},
    {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7},
    {(byte) 0xc2, 0x58, 0x20},
  };

  /** One to three random mutations of a random seed (splicing with another seed among them). */
  public static byte[] mutate(SplittableRandom rnd, List<byte[]> seeds) {
    byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
    int count = 1 + rnd.nextInt(3);
    for (int k = 0; k < count; k++) {
      b = mutateOnce(rnd, b, seeds);
    }
    return b;
  }

  private static byte[] mutateOnce(SplittableRandom rnd, byte[] b, List<byte[]> seeds) {
    int kind = rnd.nextInt(12);
    if (b.length == 0 && kind < 9) {
      kind = 9;
    }
    switch (kind) {
      case 0, 1 -> {
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        return b;
      }
      case 2 -> {
        b[rnd.nextInt(b.length)] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : INTERESTING[rnd.nextInt(INTERESTING.length)];
        return b;
      }
      case 3 -> {
        // delete a range
        int from = rnd.nextInt(b.length);
        int len = 1 + rnd.nextInt(Math.min(b.length - from, 1 + rnd.nextInt(64)));
        return concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, from + len, b.length));
      }
      case 4 -> {
        // duplicate a range in place
        int from = rnd.nextInt(b.length);
        int len = 1 + rnd.nextInt(Math.min(b.length - from, 1 + rnd.nextInt(128)));
        return insert(b, from, Arrays.copyOfRange(b, from, from + len));
      }
      case 5 -> {
        // splice: a range of another seed over or into this one
        byte[] o = seeds.get(rnd.nextInt(seeds.size()));
        if (o.length == 0) {
          return b;
        }
        int from = rnd.nextInt(o.length);
        byte[] piece = Arrays.copyOfRange(o, from, from + 1 + rnd.nextInt(Math.min(o.length - from, 256)));
        int at = rnd.nextInt(b.length);
        if (rnd.nextBoolean()) {
          return insert(b, at, piece);
        }
        System.arraycopy(piece, 0, b, at, Math.min(piece.length, b.length - at));
        return b;
      }
      case 6 -> {
        return Arrays.copyOf(b, rnd.nextInt(b.length));
      }
      case 7, 8 -> {
        byte[] t = TOKENS[rnd.nextInt(TOKENS.length)];
        int at = rnd.nextInt(b.length);
        if (rnd.nextBoolean()) {
          return insert(b, at, t);
        }
        System.arraycopy(t, 0, b, at, Math.min(t.length, b.length - at));
        return b;
      }
      case 9 -> {
        byte[] r = new byte[1 + rnd.nextInt(8)];
        rnd.nextBytes(r);
        return insert(b, b.length == 0 ? 0 : rnd.nextInt(b.length + 1), r);
      }
      case 10 -> {
        // a small decimal-ish change to one byte (lengths, counts, tags)
        if (b.length == 0) {
          return b;
        }
        int at = rnd.nextInt(b.length);
        b[at] = (byte) (b[at] + rnd.nextInt(9) - 4);
        return b;
      }
      default -> {
        byte[] r = new byte[rnd.nextInt(65)];
        rnd.nextBytes(r);
        return rnd.nextInt(4) == 0 ? r : concat(b, r);
      }
    }
  }

  private static byte[] insert(byte[] b, int at, byte[] piece) {
    byte[] r = new byte[b.length + piece.length];
    System.arraycopy(b, 0, r, 0, at);
    System.arraycopy(piece, 0, r, at, piece.length);
    System.arraycopy(b, at, r, at + piece.length, b.length - at);
    return r;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /**
   * Writes {@code seeds} as Jazzer regression inputs when {@code -Djicp.fuzz.writeSeeds=DIR} is
   * set (to refresh the committed corpus): {@code DIR/<target>/<name>}.
   */
  public static void writeSeeds(String target, List<String> names, List<byte[]> seeds) {
    String dir = System.getProperty("jicp.fuzz.writeSeeds");
    if (dir == null || dir.isEmpty()) {
      return;
    }
    try {
      Path d = Files.createDirectories(Path.of(dir, target));
      for (int i = 0; i < seeds.size(); i++) {
        Files.write(d.resolve(names.get(i)), seeds.get(i));
      }
      System.out.println("wrote " + seeds.size() + " seeds to " + d.toAbsolutePath());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
