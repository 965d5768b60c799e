package org.jicp.crypto.sig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.testing.Seeds;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.Test;

/**
 * ZIP 215 Ed25519 verification (the IC's rule for user and node signatures): the 196 published
 * cases, agreement with BouncyCastle's RFC 8032 verifier on honest and tampered signatures, and
 * the point arithmetic against an independent affine {@link BigInteger} model.
 */
class Ed25519Zip215Test {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

  /** The ZIP 215 cases (14 × 14 small-order / non-canonical A and R, S = 0, message "Zcash"). */
  @Test
  void verify_zip215Vectors_allValid() throws Exception {
    JsonNode cases = Vectors.json("zip215/zip215.json");
    byte[] msg = "Zcash".getBytes(StandardCharsets.US_ASCII);
    int checked = 0;
    int strictAccepts = 0;
    for (JsonNode c : cases) {
      byte[] vk = Bytes.parseHex(c.get("vk_bytes").asText());
      byte[] sig = Bytes.parseHex(c.get("sig_bytes").asText());
      assertThat(c.get("valid_zip215").asBoolean()).isTrue();
      assertThat(Ed25519Zip215.verify(vk, msg, sig)).as("case %d: %s / %s", checked, Bytes.hex(vk), Bytes.hex(sig)).isTrue();
      // The key decodes as the IC decodes it, and verification through the DER key agrees.
      UserPublicKey k = UserPublicKey.ed25519(vk);
      assertThat(UserPublicKey.fromDer(k.toDer()).verify(msg, sig)).isTrue();
      if (k.verifyRfc8032Strict(msg, sig)) {
        strictAccepts++;
      }
      // Changing the message must break every case whose points are not all of small order
      // ... but here A and R are small-order, so [8](…) vanishes for any message: still valid.
      assertThat(Ed25519Zip215.verify(vk, "Zcash!".getBytes(StandardCharsets.US_ASCII), sig)).isTrue();
      checked++;
    }
    assertThat(checked).as("ZIP 215 cases").isEqualTo(196);
    // BouncyCastle's strict verifier rejects them all (non-canonical or small-order encodings).
    assertThat(strictAccepts).isZero();
  }

  @Test
  void verify_sIsNotCanonical_rejected() throws Exception {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 7);
    Ed25519SigningKey key = Ed25519SigningKey.fromSeed(seed);
    byte[] msg = "a message".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = key.sign(msg);
    byte[] pk = key.publicKey().raw();
    assertThat(Ed25519Zip215.verify(pk, msg, sig)).isTrue();
    BigInteger s = Ed25519Zip215.fromLittleEndian(Arrays.copyOfRange(sig, 32, 64));
    BigInteger sPlusL = s.add(Ed25519Zip215.L);
    assertThat(sPlusL.bitLength()).isLessThanOrEqualTo(256);
    byte[] malleated = sig.clone();
    System.arraycopy(Ed25519Zip215.littleEndian(sPlusL), 0, malleated, 32, 32);
    assertThat(Ed25519Zip215.verify(pk, msg, malleated)).isFalse();
    // S = L exactly, and wrong lengths
    byte[] sIsL = sig.clone();
    System.arraycopy(Ed25519Zip215.littleEndian(Ed25519Zip215.L), 0, sIsL, 32, 32);
    assertThat(Ed25519Zip215.verify(pk, msg, sIsL)).isFalse();
    assertThat(Ed25519Zip215.verify(pk, msg, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(Ed25519Zip215.verify(Arrays.copyOf(pk, 31), msg, sig)).isFalse();
  }

  /** Honest signatures verify under both rules; one flipped bit breaks both. */
  @Test
  void verify_randomSignatures_agreeWithRfc8032() {
    SplittableRandom r = Seeds.random("verify_randomSignatures_agreeWithRfc8032");
    int valid = 0;
    int tampered = 0;
    for (int i = 0; i < 400; i++) {
      byte[] seed = new byte[32];
      r.nextBytes(seed);
      byte[] msg = new byte[r.nextInt(100)];
      r.nextBytes(msg);
      byte[] pk = new byte[32];
      Ed25519.generatePublicKey(seed, 0, pk, 0);
      byte[] sig = new byte[64];
      Ed25519.sign(seed, 0, msg, 0, msg.length, sig, 0);
      assertThat(Ed25519Zip215.verify(pk, msg, sig)).isTrue();
      valid++;
      byte[] bad = sig.clone();
      int which = r.nextInt(3);
      byte[] m2 = msg;
      byte[] pk2 = pk;
      if (which == 0) {
        bad[r.nextInt(64)] ^= (byte) (1 << r.nextInt(8));
      } else if (which == 1) {
        m2 = Arrays.copyOf(msg, msg.length + 1);
      } else {
        pk2 = pk.clone();
        pk2[r.nextInt(31)] ^= (byte) (1 << r.nextInt(8));
      }
      boolean strict = Ed25519.verify(bad, 0, pk2, 0, m2, 0, m2.length);
      assertThat(Ed25519Zip215.verify(pk2, m2, bad)).isEqualTo(strict).isFalse();
      tampered++;
    }
    assertThat(valid).isEqualTo(400);
    assertThat(tampered).isEqualTo(400);
  }

  /** [k]P by the wNAF loop equals [k]P by affine BigInteger double-and-add. */
  @Test
  void multiply_randomScalars_matchAffineModel() {
    SplittableRandom r = Seeds.random("multiply_randomScalars_matchAffineModel");
    BigInteger[] base = affine(Ed25519Zip215.BASE);
    for (int i = 0; i < 40; i++) {
      byte[] k = new byte[32];
      r.nextBytes(k);
      k[31] &= 0x7f;
      BigInteger kk = Ed25519Zip215.fromLittleEndian(k);
      byte[] ours = Ed25519Zip215.multiply(Ed25519Zip215.BASE, k).encode();
      assertThat(Bytes.hex(ours)).isEqualTo(Bytes.hex(encode(mulAffine(base, kk))));
    }
    // [L]B is the identity; [L − 1]B = −B.
    byte[] l = Ed25519Zip215.littleEndian(Ed25519Zip215.L);
    assertThat(Ed25519Zip215.multiply(Ed25519Zip215.BASE, l).isIdentity()).isTrue();
  }

  @Test
  void wnaf_randomScalars_recombineAndAreSparse() {
    SplittableRandom r = Seeds.random("wnaf_randomScalars_recombineAndAreSparse");
    for (int i = 0; i < 2000; i++) {
      byte[] k = new byte[32];
      r.nextBytes(k);
      k[31] &= 0x7f;
      if (i == 0) {
        Arrays.fill(k, (byte) 0xff);
        k[31] = 0x7f; // 2^255 − 1: the carry runs to bit 255 and beyond
      }
      int w = 5 + (i % 4);
      byte[] naf = Ed25519Zip215.wnaf(k, w);
      BigInteger sum = BigInteger.ZERO;
      int lastNonZero = -w;
      for (int j = naf.length - 1; j >= 0; j--) {
        sum = sum.shiftLeft(1).add(BigInteger.valueOf(naf[j]));
      }
      for (int j = 0; j < naf.length; j++) {
        if (naf[j] != 0) {
          assertThat(naf[j] & 1).isEqualTo(1);
          assertThat(Math.abs(naf[j])).isLessThan(1 << (w - 1));
          assertThat(j - lastNonZero).isGreaterThanOrEqualTo(w);
          lastNonZero = j;
        }
      }
      assertThat(sum).isEqualTo(Ed25519Zip215.fromLittleEndian(k));
    }
  }

  /** Decoding accepts non-canonical y as the same point as y − p, and x = 0 with the sign bit. */
  @Test
  void decode_nonCanonicalEncodings_sameAsCanonical() {
    // y = 1 (the identity) encoded as 1 + p = 2^255 − 18
    byte[] canonical = new byte[32];
    canonical[0] = 1;
    byte[] nonCanonical = Ed25519Zip215.littleEndian(P.add(BigInteger.ONE));
    assertThat(Ed25519Zip215.decode(nonCanonical, 0).isIdentity()).isTrue();
    byte[] negZero = canonical.clone();
    negZero[31] |= (byte) 0x80; // x = 0 with the sign bit: "-0"
    assertThat(Ed25519Zip215.decode(negZero, 0).isIdentity()).isTrue();
    assertThat(Ed25519.validatePublicKeyPartial(negZero, 0)).isFalse(); // RFC 8032 rejects it
    // y = 2 is not on the curve (checked against the model: (y² − 1)/(d y² + 1) is not a square)
    byte[] two = new byte[32];
    two[0] = 2;
    BigInteger u = BigInteger.valueOf(3);
    BigInteger v = D.multiply(BigInteger.valueOf(4)).add(BigInteger.ONE).mod(P);
    BigInteger ratio = u.multiply(v.modInverse(P)).mod(P);
    boolean square = ratio.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    assertThat(Ed25519Zip215.decode(two, 0) != null).isEqualTo(square);
  }

  // ------------------------------------------------------------------------------------------
  // An independent affine model of edwards25519 (a = −1) over BigInteger.

  private static BigInteger[] affine(Ed25519Zip215.Point p) {
    byte[] enc = p.encode();
    boolean sign = (enc[31] & 0x80) != 0;
    enc[31] &= 0x7f;
    BigInteger y = Ed25519Zip215.fromLittleEndian(enc);
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
    BigInteger x = sqrt(x2);
    if (x.testBit(0) != sign) {
      x = P.subtract(x).mod(P);
    }
    return new BigInteger[] {x, y};
  }

  private static BigInteger sqrt(BigInteger a) {
    BigInteger x = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(a.mod(P))) {
      x = x.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
    }
    assertThat(x.multiply(x).mod(P)).isEqualTo(a.mod(P));
    return x;
  }

  private static BigInteger[] addAffine(BigInteger[] p, BigInteger[] q) {
    BigInteger x1 = p[0], y1 = p[1], x2 = q[0], y2 = q[1];
    BigInteger t = D.multiply(x1).multiply(x2).multiply(y1).multiply(y2).mod(P);
    BigInteger x3 = x1.multiply(y2).add(y1.multiply(x2)).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
    BigInteger y3 = y1.multiply(y2).add(x1.multiply(x2)).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
    return new BigInteger[] {x3, y3};
  }

  private static BigInteger[] mulAffine(BigInteger[] p, BigInteger k) {
    BigInteger[] acc = {BigInteger.ZERO, BigInteger.ONE};
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      acc = addAffine(acc, acc);
      if (k.testBit(i)) {
        acc = addAffine(acc, p);
      }
    }
    return acc;
  }

  private static byte[] encode(BigInteger[] p) {
    byte[] out = Ed25519Zip215.littleEndian(p[1]);
    if (p[0].testBit(0)) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }
}
