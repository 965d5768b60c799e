package org.jicp.state.testing;

import java.security.MessageDigest;
import java.util.Arrays;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateSigner;
import org.jicp.state.certification.ThresholdPublicKey;

/**
 * A stand-in for BLS in tests of everything around the signature: a "signature" is a keyed hash
 * that only the holder of the seed-derived key can produce in this fake world. Not a signature
 * scheme; the real one is tested separately.
 */
public final class FakeBls implements CertificateSigner {
  private final ThresholdPublicKey publicKey;

  private FakeBls(ThresholdPublicKey pk) {
    this.publicKey = pk;
  }

  /** A fake key pair derived from {@code seed}. */
  public static FakeBls fromSeed(String seed) {
    byte[] pk = new byte[96];
    byte[] h = sha("pk:" + seed);
    for (int i = 0; i < 96; i++) {
      pk[i] = h[i % 32];
    }
    pk[0] = (byte) ((pk[0] & 0x1f) | 0x80);
    return new FakeBls(new ThresholdPublicKey(Bytes.of(pk)));
  }

  @Override
  public ThresholdPublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Bytes sign(Bytes message) {
    return fakeSignature(publicKey, message);
  }

  /** A verifier that accepts exactly the fake signatures. */
  public static CertificateSignatureVerifier verifier() {
    return (pk, msg, sig) -> fakeSignature(pk, msg).equals(sig);
  }

  /** A verifier that accepts any signature (to test the non-signature checks on real data). */
  public static CertificateSignatureVerifier acceptAll() {
    return (pk, msg, sig) -> true;
  }

  private static Bytes fakeSignature(ThresholdPublicKey pk, Bytes msg) {
    byte[] a = sha(pk.raw().toHex() + "|" + msg.toHex());
    byte[] b = sha("2|" + pk.raw().toHex() + "|" + msg.toHex());
    byte[] sig = Arrays.copyOf(a, 48);
    System.arraycopy(b, 0, sig, 32, 16);
    return Bytes.of(sig);
  }

  private static byte[] sha(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
