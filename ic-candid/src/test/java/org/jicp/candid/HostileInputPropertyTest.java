package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated messages and texts (fixed, printed seed; override with {@code -Dcandid.seed=…}): the
 * decoder and the parsers either succeed or throw a {@link CandidException} — never another
 * exception, an {@link OutOfMemoryError} or a {@link StackOverflowError}.
 */
class HostileInputPropertyTest {
  private static final long SEED = Long.getLong("candid.seed", 0x6A1C_2025_1123L) ^ 0x5EED;
  private static final int CASES = 3000;

  @BeforeAll
  static void printSeed() {
    System.out.println("HostileInputPropertyTest seed = " + SEED);
  }

  @Test
  void decode_mutatedMessages_failOnlyWithCandidExceptions() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int i = 0; i < CASES; i++) {
      RoundTripPropertyTest.Gen g = new RoundTripPropertyTest.Gen(rnd.split());
      List<CandidType> types = g.args();
      byte[] msg = CandidEncoder.encode(types, g.values(types));
      byte[] bad = mutate(msg, rnd);
      String hex = HexFormat.of().formatHex(bad);
      assertThatCode(() -> {
            try {
              CandidDecoder.standard().decode(bad, types);
            } catch (CandidException expected) {
              // fine
            }
            try {
              CandidDecoder.standard().decode(bad);
            } catch (CandidException expected) {
              // fine
            }
          })
          .as("case %d: %s at %s", i, hex, CandidText.printTypes(types))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void parse_mutatedTexts_failOnlyWithCandidExceptions() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    for (int i = 0; i < CASES; i++) {
      RoundTripPropertyTest.Gen g = new RoundTripPropertyTest.Gen(rnd.split());
      List<CandidType> types = g.args();
      String text = CandidText.printArgs(g.values(types));
      String typeText = CandidText.printTypes(types);
      String badValues = mutate(text, rnd);
      String badTypes = mutate(typeText, rnd);
      assertThatCode(() -> {
            try {
              CandidText.parseArgs(badValues, types);
            } catch (CandidException expected) {
              // fine
            }
            try {
              CandidText.parseArgs(badValues);
            } catch (CandidException expected) {
              // fine
            }
            try {
              CandidText.parseArgTypes(badTypes, g.env);
            } catch (CandidException expected) {
              // fine
            }
            try {
              DidFile.parse("type x = " + badTypes + ";");
            } catch (CandidException expected) {
              // fine
            }
          })
          .as("case %d: %s / %s", i, badValues, badTypes)
          .doesNotThrowAnyException();
    }
  }

  private static byte[] mutate(byte[] m, SplittableRandom r) {
    byte[] out = m.clone();
    switch (r.nextInt(5)) {
      case 0 -> out[4 + r.nextInt(out.length - 4)] = (byte) r.nextInt(256);
      case 1 -> out = Arrays.copyOf(out, 4 + r.nextInt(out.length - 3));
      case 2 -> {
        int at = 4 + r.nextInt(out.length - 3);
        byte[] ins = new byte[1 + r.nextInt(6)];
        for (int k = 0; k < ins.length; k++) {
          ins[k] = (byte) (r.nextBoolean() ? 0xff : r.nextInt(256));
        }
        byte[] n = new byte[out.length + ins.length];
        System.arraycopy(out, 0, n, 0, at);
        System.arraycopy(ins, 0, n, at, ins.length);
        System.arraycopy(out, at, n, at + ins.length, out.length - at);
        out = n;
      }
      case 3 -> {
        for (int k = 0; k < 3; k++) {
          out[4 + r.nextInt(out.length - 4)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      default -> out[4 + r.nextInt(out.length - 4)] = (byte) (0x80 | r.nextInt(128));
    }
    return out;
  }

  private static String mutate(String s, SplittableRandom r) {
    if (s.isEmpty()) {
      return "(";
    }
    StringBuilder b = new StringBuilder(s);
    String junk = "(){};:=.,\"\\-0x1e_ opt vec record variant blob func service principal";
    for (int k = 0; k < 1 + r.nextInt(3); k++) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, junk.charAt(r.nextInt(junk.length())));
        default -> b.setCharAt(at, junk.charAt(r.nextInt(junk.length())));
      }
      if (b.length() == 0) {
        break;
      }
    }
    return b.toString();
  }
}
