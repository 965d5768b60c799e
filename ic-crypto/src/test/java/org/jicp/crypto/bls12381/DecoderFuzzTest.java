package org.jicp.crypto.bls12381;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds 10^5 random and mutated encodings to each decoder. A decoder may only accept (then the
 * value must be canonical and, for points, of order r: r P = 0 checked independently) or throw
 * {@link InvalidEncodingException}; any other exception, or a hang, fails the test.
 */
class DecoderFuzzTest {
  private static final int CASES = 100_000;
  private static final Scalar R_MINUS_1 = Scalar.fromBigInteger(Scalar.ORDER.subtract(BigInteger.ONE));

  private record Outcome(int accepted, int rejected) {}

  private static <T> Outcome fuzz(String name, byte[][] seeds, int[] lengths, Function<byte[], T> decode,
      java.util.function.BiConsumer<byte[], T> checkAccepted) {
    SplittableRandom rnd = Seeds.random("fuzz-" + name);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] in = mutate(rnd, seeds, lengths);
      T value;
      try {
        value = decode.apply(in);
      } catch (InvalidEncodingException expected) {
        assertThat(expected.getMessage()).isNotBlank();
        rejected++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": unexpected " + e + " for input " + org.jicp.crypto.Bytes.hex(in), e);
      }
      checkAccepted.accept(in, value);
      accepted++;
    }
    System.out.println(name + ": " + accepted + " accepted, " + rejected + " rejected of " + CASES);
    return new Outcome(accepted, rejected);
  }

  private static byte[] mutate(SplittableRandom rnd, byte[][] seeds, int[] lengths) {
    int kind = rnd.nextInt(10);
    if (kind == 0) {
      // any length around the valid ones, random bytes
      byte[] b = new byte[Math.max(0, lengths[rnd.nextInt(lengths.length)] + rnd.nextInt(5) - 2)];
      rnd.nextBytes(b);
      return b;
    }
    if (kind <= 2) {
      byte[] b = new byte[lengths[rnd.nextInt(lengths.length)]];
      rnd.nextBytes(b);
      return b;
    }
    byte[] b = seeds[rnd.nextInt(seeds.length)].clone();
    if (kind == 3) {
      b[0] ^= (byte) (1 << (5 + rnd.nextInt(3))); // flip a flag bit
      return b;
    }
    if (kind == 4 && b.length > 0) {
      // all-zero or all-one body with chosen flags
      byte fill = rnd.nextBoolean() ? 0 : (byte) 0xff;
      java.util.Arrays.fill(b, fill);
      b[0] = (byte) ((rnd.nextInt(8) << 5) | (fill & 0x1f));
      return b;
    }
    int flips = 1 + rnd.nextInt(4);
    for (int f = 0; f < flips && b.length > 0; f++) {
      int pos = rnd.nextInt(b.length);
      b[pos] ^= (byte) (1 << rnd.nextInt(8));
    }
    return b;
  }

  private static byte[][] seedsOf(Function<Scalar, byte[]> enc) {
    byte[][] s = new byte[8][];
    for (int i = 0; i < s.length; i++) {
      s[i] = enc.apply(Scalar.fromLong(i * 7919L + 1));
    }
    s[0] = enc.apply(Scalar.ZERO);
    return s;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void g1Decoder_onlyAcceptsCanonicalSubgroupPoints() {
    byte[][] comp = seedsOf(k -> G1Point.generator().multiply(k).toBytes());
    byte[][] unc = seedsOf(k -> G1Point.generator().multiply(k).toBytesUncompressed());
    byte[][] all = concat(comp, unc);
    Outcome o = fuzz("G1", all, new int[] {48, 96}, G1Point::fromBytes, (in, p) -> {
      assertThat(in.length == 48 ? p.toBytes() : p.toBytesUncompressed()).isEqualTo(in);
      assertThat(p.multiply(R_MINUS_1).add(p).isIdentity()).isTrue();
    });
    assertThat(o.rejected()).isGreaterThan(CASES / 2);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void g2Decoder_onlyAcceptsCanonicalSubgroupPoints() {
    byte[][] comp = seedsOf(k -> G2Point.generator().multiply(k).toBytes());
    byte[][] unc = seedsOf(k -> G2Point.generator().multiply(k).toBytesUncompressed());
    Outcome o = fuzz("G2", concat(comp, unc), new int[] {96, 192}, G2Point::fromBytes, (in, p) -> {
      assertThat(in.length == 96 ? p.toBytes() : p.toBytesUncompressed()).isEqualTo(in);
      assertThat(p.multiply(R_MINUS_1).add(p).isIdentity()).isTrue();
    });
    assertThat(o.rejected()).isGreaterThan(CASES / 2);
  }

  @Test
  void scalarAndSecretKeyDecoders_onlyAcceptCanonicalValues() {
    byte[][] seeds = {
      Scalar.fromLong(1).toBytes(), R_MINUS_1.toBytes(), Scalar.fromLong(123456789).toBytes(), new byte[32]
    };
    fuzz("Scalar", seeds, new int[] {32}, Scalar::fromBytes, (in, s) -> {
      assertThat(s.toBytes()).isEqualTo(in);
      assertThat(s.toBigInteger()).isLessThan(Scalar.ORDER);
    });
    fuzz("SecretKey", seeds, new int[] {32}, SecretKey::fromBytes, (in, k) -> {
      assertThat(k.toBytes(org.jicp.crypto.InsecureSecretKeyAccess.get())).isEqualTo(in);
      assertThat(k.scalar(org.jicp.crypto.InsecureSecretKeyAccess.get()).isZero()).isFalse();
    });
    fuzz("Fp", new byte[][] {Fp.of(5).toBytes(), Fp.of(Fp.MODULUS.subtract(BigInteger.ONE)).toBytes()},
        new int[] {48}, Fp::fromBytes, (in, f) -> assertThat(f.toBytes()).isEqualTo(in));
  }

  private static byte[][] concat(byte[][] a, byte[][] b) {
    byte[][] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
