package org.jicp.crypto.sig;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.jicp.crypto.InvalidEncodingException;

/** The two ECDSA curves of IC user signatures, on BouncyCastle's specialised curve arithmetic. */
enum EcCurve {
  P256("secp256r1", "1.2.840.10045.3.1.7", SignatureAlgorithm.ECDSA_P256),
  SECP256K1("secp256k1", "1.3.132.0.10", SignatureAlgorithm.ECDSA_SECP256K1);

  final ECDomainParameters domain;
  final ASN1ObjectIdentifier oid;
  final SignatureAlgorithm algorithm;
  final BigInteger halfOrder;

  EcCurve(String name, String oid, SignatureAlgorithm algorithm) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    this.oid = new ASN1ObjectIdentifier(oid);
    this.algorithm = algorithm;
    this.halfOrder = x9.getN().shiftRight(1);
  }

  /** SHA-256 of {@code message}: the digest both curves sign. */
  static byte[] sha256(byte[] message) {
    SHA256Digest h = new SHA256Digest();
    h.update(message, 0, message.length);
    byte[] digest = new byte[32];
    h.doFinal(digest, 0);
    return digest;
  }

  BigInteger order() {
    return domain.getN();
  }

  static EcCurve of(SignatureAlgorithm a) {
    for (EcCurve c : values()) {
      if (c.algorithm == a) {
        return c;
      }
    }
    throw new IllegalArgumentException(a + " is not an ECDSA algorithm");
  }

  /**
   * Decodes a SEC1 point (65-byte uncompressed, or 33-byte compressed when {@code allowCompressed})
   * and checks that it lies on the curve and is not the point at infinity.
   */
  ECPoint decodePoint(byte[] sec1, boolean allowCompressed) throws InvalidEncodingException {
    boolean uncompressed = sec1.length == 65 && sec1[0] == 0x04;
    boolean compressed = sec1.length == 33 && (sec1[0] == 0x02 || sec1[0] == 0x03);
    if (!uncompressed && !(allowCompressed && compressed)) {
      throw new InvalidEncodingException(
          algorithm + " public key: expected a " + (allowCompressed ? "33- or " : "") + "65-byte SEC1 "
              + (allowCompressed ? "" : "uncompressed ") + "point, got " + sec1.length + " bytes"
              + (sec1.length > 0 ? " starting with 0x" + String.format("%02x", sec1[0] & 0xff) : ""));
    }
    ECPoint p;
    try {
      p = domain.getCurve().decodePoint(sec1);
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(
          algorithm + " public key: not a point of the curve (" + e.getMessage() + ")", e);
    }
    if (p.isInfinity() || !p.isValid()) {
      throw new InvalidEncodingException(algorithm + " public key: not a valid point of the curve");
    }
    return p.normalize();
  }
}
