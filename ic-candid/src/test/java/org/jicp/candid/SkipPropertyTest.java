package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Skipping: a value whose field the expected type does not have is skipped, and skipping must
 * consume exactly the bytes of that value and check them as thoroughly as decoding it would.
 * Random values of random types sit in field 0 of {@code record {0: T; 1: nat8}}; the message is
 * decoded at {@code record {1: nat8}}, so field 0 goes through the skipper. Seeded (printed;
 * {@code -Dcandid.seed=…} replays).
 */
class SkipPropertyTest {
  private static final long SEED = Long.getLong("candid.seed", 0x5C1F_2026_1207L);
  private static final int CASES = 400;
  private static final int MUTANTS_PER_CASE = 12;
  private static final CandidType EXPECTED = CandidType.record(CandidType.field(1, CandidType.NAT8));

  private static CandidType outer(CandidType t) {
    return CandidType.record(CandidType.field(0, t), CandidType.field(1, CandidType.NAT8));
  }

  private static CandidValue outerValue(CandidValue v, int marker) {
    return CandidValue.record(CandidValue.field(0, v), CandidValue.field(1, new CandidValue.Nat8(marker)));
  }

  @Test
  void skip_randomValuesOfRandomTypes_consumeExactlyTheValue() {
    System.out.println("SkipPropertyTest seed = " + SEED);
    SplittableRandom rnd = new SplittableRandom(SEED);
    int cases = 0;
    for (int i = 0; i < CASES; i++) {
      RoundTripPropertyTest.Gen g = new RoundTripPropertyTest.Gen(rnd.split());
      CandidType t = g.type(3);
      CandidValue v = g.value(t, 3);
      int marker = rnd.nextInt(256);
      byte[] bytes = CandidEncoder.encode(List.of(outer(t)), List.of(outerValue(v, marker)));
      List<CandidValue> back = CandidDecoder.standard().decode(bytes, List.of(EXPECTED));
      assertThat(back).as("case %d, type %s", i, CandidText.printTypes(List.of(t)))
          .containsExactly(CandidValue.record(CandidValue.field(1, new CandidValue.Nat8(marker))));
      cases++;
    }
    assertThat(cases).isEqualTo(CASES);
  }

  @Test
  void skip_mutatedMessages_rejectWhateverDecodingRejects() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    int rejectedBoth = 0;
    int acceptedBoth = 0;
    for (int i = 0; i < CASES; i++) {
      RoundTripPropertyTest.Gen g = new RoundTripPropertyTest.Gen(rnd.split());
      CandidType t = g.type(3);
      CandidValue v = g.value(t, 3);
      byte[] bytes = CandidEncoder.encode(List.of(outer(t)), List.of(outerValue(v, 7)));
      int tableEnd = typeTableEnd(bytes);
      if (tableEnd >= bytes.length - 1) {
        continue; // field 0 has no value bytes (null, reserved, empty record)
      }
      for (int m = 0; m < MUTANTS_PER_CASE; m++) {
        byte[] x = bytes.clone();
        // mutate only the value section, so both decodings see the same type table
        int at = tableEnd + rnd.nextInt(bytes.length - tableEnd - 1);
        x[at] = (byte) (rnd.nextBoolean() ? x[at] ^ (1 << rnd.nextInt(8)) : rnd.nextInt(256));
        Throwable own = catching(() -> CandidDecoder.standard().decode(x));
        Throwable skipped = catching(() -> CandidDecoder.standard().decode(x, List.of(EXPECTED)));
        if (own != null) {
          assertThat(skipped)
              .as("case %d mutant at %d of %s: decoding rejects (%s) but skipping accepted",
                  i, at, CandidText.printTypes(List.of(t)), own.getMessage())
              .isInstanceOf(CandidException.class);
          rejectedBoth++;
        } else {
          assertThat(skipped).as("case %d mutant at %d: decoding accepts, skipping rejects", i, at).isNull();
          acceptedBoth++;
        }
      }
    }
    System.out.println("SkipPropertyTest: " + rejectedBoth + " mutants rejected by both, " + acceptedBoth + " accepted by both");
    assertThat(rejectedBoth).isPositive();
    assertThat(acceptedBoth).isPositive();
  }

  @Test
  void skip_truncatedMessages_areRejected() {
    SplittableRandom rnd = new SplittableRandom(SEED + 2);
    int checked = 0;
    for (int i = 0; i < CASES / 4; i++) {
      RoundTripPropertyTest.Gen g = new RoundTripPropertyTest.Gen(rnd.split());
      CandidType t = g.type(3);
      CandidValue v = g.value(t, 3);
      byte[] bytes = CandidEncoder.encode(List.of(outer(t)), List.of(outerValue(v, 7)));
      for (int cut = typeTableEnd(bytes); cut < bytes.length; cut++) {
        byte[] x = java.util.Arrays.copyOf(bytes, cut);
        assertThatThrownBy(() -> CandidDecoder.standard().decode(x, List.of(EXPECTED)))
            .as("case %d cut at %d of %d", i, cut, bytes.length)
            .isInstanceOf(CandidException.class);
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  /** The offset just past the type table and the argument type list. */
  private static int typeTableEnd(byte[] b) {
    int[] pos = {4};
    long n = leb(b, pos);
    for (long i = 0; i < n; i++) {
      long op = sleb(b, pos);
      switch ((int) op) {
        case -18, -19 -> sleb(b, pos); // opt, vec
        case -20, -21 -> { // record, variant
          long fields = leb(b, pos);
          for (long f = 0; f < fields; f++) {
            leb(b, pos);
            sleb(b, pos);
          }
        }
        case -22 -> { // func: arguments, results, annotations
          for (int part = 0; part < 2; part++) {
            long k = leb(b, pos);
            for (long j = 0; j < k; j++) {
              sleb(b, pos);
            }
          }
          int annotations = (int) leb(b, pos);
          pos[0] += annotations;
        }
        case -23 -> { // service: methods (name, type)
          long k = leb(b, pos);
          for (long j = 0; j < k; j++) {
            int nameLength = (int) leb(b, pos);
            pos[0] += nameLength;
            sleb(b, pos);
          }
        }
        default -> throw new IllegalStateException("type table op " + op + " not produced by this test's generator");
      }
    }
    long args = leb(b, pos);
    for (long i = 0; i < args; i++) {
      sleb(b, pos);
    }
    return pos[0];
  }

  private static long leb(byte[] b, int[] pos) {
    long v = 0;
    int shift = 0;
    while (true) {
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      shift += 7;
      if (x < 0x80) {
        return v;
      }
    }
  }

  private static long sleb(byte[] b, int[] pos) {
    long v = 0;
    int shift = 0;
    int x;
    do {
      x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      shift += 7;
    } while (x >= 0x80);
    if (shift < 64 && (x & 0x40) != 0) {
      v |= -1L << shift;
    }
    return v;
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
