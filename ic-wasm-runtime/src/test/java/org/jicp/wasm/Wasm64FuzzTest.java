package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * Mutated wasm64 modules (memory64 and table64 seeds): loading one either succeeds or throws a
 * {@link WasmException} (malformed, or invalid naming the rule), and installing one that loads
 * either succeeds or is rejected, never another exception. The default build runs 10,000
 * mutants of the two small seeds ({@code -Djicp.fuzz.iterations} for more, {@code
 * -Djicp.fuzz.motoko=true} to mutate the wasm64 Motoko counter in 1 of 50 as well; the {@code
 * fuzz} profile runs 50,000 so); the seed is printed ({@code -Djicp.seed} replays).
 */
class Wasm64FuzzTest {
  private static final int ITERATIONS = Integer.getInteger("jicp.fuzz.iterations", 10_000);

  @Test
  void mutatedWasm64Modules_onlyTypedRejections() {
    long seed = Long.getLong("jicp.seed", System.nanoTime());
    System.out.println("Wasm64FuzzTest: seed " + seed + " (replay with -Djicp.seed=" + seed + ")");
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> seeds = new ArrayList<>(List.of(TestModules.wasm("memory64"),
        TestModules.wasm("table64")));
    // The 249 KB Motoko counter takes ~100 ms a load: 1 mutant in 50 when enabled.
    byte[] motoko = Boolean.getBoolean("jicp.fuzz.motoko") ? Harness.motoko64("counter") : null;
    int loaded = 0;
    int rejected = 0;
    int installed = 0;
    try (Subnet s = Subnet.create(Engine.INTERPRETER, ExecutionConfig.applicationSubnet()
            .withInstructionLimits(10_000_000L, 10_000_000L).withInstallLimit(10_000_000L)
            .withWasmMemoryLimit(64L << 20),
        org.jicp.wasm.cycles.FeeSchedule.applicationSubnet())) {
      CanisterId c = s.createCanister();
      for (int i = 0; i < ITERATIONS; i++) {
        byte[] seedModule = motoko != null && rnd.nextInt(50) == 0 ? motoko
            : seeds.get(rnd.nextInt(seeds.size()));
        byte[] m = mutate(seedModule, rnd);
        try {
          Subnet.validate(m);
          loaded++;
        } catch (WasmException e) {
          rejected++;
          assertThat(e.getMessage()).as("iteration %d", i).isNotBlank();
          continue;
        } catch (RuntimeException | Error e) {
          keep(m);
          throw new AssertionError("iteration " + i + " (seed " + seed + "): untyped "
              + e.getClass().getName() + ": " + e.getMessage() + " (module in "
              + "target/fuzz-failure.wasm)", e);
        }
        CallResult r;
        try {
          r = s.install(c, m, Candid.EMPTY, InstallMode.REINSTALL);
        } catch (RuntimeException e) {
          keep(m);
          throw new AssertionError("iteration " + i + " (seed " + seed + "): install threw "
              + e.getClass().getName() + ": " + e.getMessage(), e);
        }
        if (r.isReply()) {
          installed++;
        }
      }
    }
    System.out.println("Wasm64FuzzTest: " + ITERATIONS + " mutants: " + loaded + " loaded ("
        + installed + " installed), " + rejected + " rejected with a typed exception");
    assertThat(loaded + rejected).isEqualTo(ITERATIONS);
    assertThat(rejected).isPositive();
    assertThat(loaded).isPositive();
  }

  private static void keep(byte[] m) {
    try {
      java.nio.file.Files.write(java.nio.file.Path.of("target/fuzz-failure.wasm"), m);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One to four byte-level mutations: flip, set, insert, delete, LEB continuation toggles. */
  static byte[] mutate(byte[] in, SplittableRandom rnd) {
    byte[] b = in.clone();
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n; k++) {
      int at = 8 + rnd.nextInt(Math.max(1, b.length - 8));
      if (at >= b.length) {
        continue;
      }
      switch (rnd.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b[at] = (byte) rnd.nextInt(256);
        case 2 -> b[at] ^= (byte) 0x80; // LEB continuation
        case 3 -> b[at] = (byte) new int[] {0x00, 0x04, 0x05, 0x7E, 0x7F, 0x42, 0x41, 0xFF}[
            rnd.nextInt(8)]; // limits flags, index types, consts
        case 4 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) rnd.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        default -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
      }
    }
    return b;
  }
}
