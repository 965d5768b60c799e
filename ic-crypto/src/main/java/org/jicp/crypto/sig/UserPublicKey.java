package org.jicp.crypto.sig;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;

/**
 * A public key of the IC's user and node signature schemes, as it travels in {@code
 * sender_pubkey}, in delegations and in the registry: a DER {@code SubjectPublicKeyInfo}
 * (interface specification, "Signatures"). Immutable; {@link #fromDer(byte[])} accepts only
 * canonical DER with the IC's algorithm identifiers and checks the key itself (on the curve, not
 * the identity, in the subgroup for BLS).
 *
 * <p>Verification rules:
 *
 * <ul>
 *   <li>Ed25519: ZIP 215, as the IC's {@code ic-ed25519} verifies user and node signatures
 *       ({@code S < L}; {@code A} and {@code R} may be non-canonical or small-order encodings;
 *       the cofactored equation {@code [8][S]B = [8]R + [8][k]A}). {@link #verifyRfc8032Strict}
 *       is the stricter RFC 8032 check as BouncyCastle implements it (canonical encodings,
 *       cofactorless), for peers that verify that way; the two agree on every signature an honest
 *       signer makes.
 *   <li>ECDSA: SHA-256 of the message, {@code r ‖ s} with both in [1, n − 1]; either {@code s}
 *       is accepted, as the IC does for user signatures (its secp256k1 verifier calls {@code
 *       verify_ecdsa_signature_prehashed_with_malleability}: "OpenSSL ... does not check
 *       s-normalization"); {@link #verifyRequiringLowS} is the stricter check of {@code
 *       ic-secp256k1}'s {@code verify_signature} (k256).
 *   <li>BLS12-381: the IC's min-sig scheme {@link BlsScheme#IC}.
 *   <li>RSA: PKCS #1 v1.5 with SHA-256 (RFC 8017 §8.2.2) under the IC's key rules ({@link
 *       #rsaPkcs1Sha256}); a signature may be shorter than the modulus (leading zero bytes
 *       dropped) but not longer, and its value must be below the modulus.
 *   <li>WebAuthn and canister signatures are recognised by {@link #fromDer} but {@link #verify}
 *       throws {@link UnsupportedSignatureException}: they need CBOR and certificates ({@code
 *       ic-state}'s {@code org.jicp.state.auth} verifies them, with the WebAuthn inner key made
 *       by {@link #ecdsa} or {@link #rsaPkcs1Sha256} and {@link #ecdsaSignatureFromDer}).
 * </ul>
 */
public final class UserPublicKey {
  /** Ed25519, RFC 8410. */
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  /** id-ecPublicKey, RFC 5480. */
  private static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
  /** The IC's BLS12-381 algorithm and curve OIDs. */
  private static final ASN1ObjectIdentifier BLS_ALGORITHM = new ASN1ObjectIdentifier("1.3.6.1.4.1.44668.5.3.1.2.1");

  private static final ASN1ObjectIdentifier BLS_CURVE = new ASN1ObjectIdentifier("1.3.6.1.4.1.44668.5.3.2.1");
  private static final ASN1ObjectIdentifier WEBAUTHN = new ASN1ObjectIdentifier("1.3.6.1.4.1.56387.1.1");
  private static final ASN1ObjectIdentifier CANISTER_SIG = new ASN1ObjectIdentifier("1.3.6.1.4.1.56387.1.2");
  /** rsaEncryption, RFC 8017. */
  private static final ASN1ObjectIdentifier RSA = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");

  /** The IC's RSA modulus sizes ({@code ic-crypto-internal-basic-sig-rsa-pkcs1}). */
  public static final int RSA_MIN_BITS = 2048;

  /** The largest RSA modulus the IC accepts. */
  public static final int RSA_MAX_BITS = 8192;

  /** The largest public exponent accepted (RustCrypto {@code rsa}'s bound, 2^33 − 1). */
  private static final BigInteger RSA_MAX_EXPONENT = BigInteger.ONE.shiftLeft(33).subtract(BigInteger.ONE);

  /** DigestInfo of SHA-256 (RFC 8017 §9.2 note 1), the prefix of the hash in EMSA-PKCS1-v1_5. */
  private static final byte[] SHA256_DIGEST_INFO = Bytes.parseHex("3031300d060960864801650304020105000420");

  /**
   * The largest DER key accepted: above every key the IC knows (an RSA-8192 key, the largest, is
   * 1063 bytes in a WebAuthn COSE key and 1062 in plain DER), and small enough that no nesting can
   * exhaust the parser's stack.
   */
  public static final int MAX_DER_BYTES = 1100;

  private final SignatureAlgorithm algorithm;
  private final byte[] raw;
  private final byte[] der;
  private final ECPoint ecPoint; // ECDSA only
  private final PublicKey blsKey; // BLS only
  private final BigInteger rsaModulus; // RSA only
  private final BigInteger rsaExponent; // RSA only

  private UserPublicKey(SignatureAlgorithm algorithm, byte[] raw, byte[] der, ECPoint ecPoint, PublicKey blsKey) {
    this(algorithm, raw, der, ecPoint, blsKey, null, null);
  }

  private UserPublicKey(
      SignatureAlgorithm algorithm, byte[] raw, byte[] der, ECPoint ecPoint, PublicKey blsKey,
      BigInteger rsaModulus, BigInteger rsaExponent) {
    this.algorithm = algorithm;
    this.raw = raw;
    this.der = der;
    this.ecPoint = ecPoint;
    this.blsKey = blsKey;
    this.rsaModulus = rsaModulus;
    this.rsaExponent = rsaExponent;
  }

  /**
   * Parses a DER {@code SubjectPublicKeyInfo} as the IC accepts it.
   *
   * @throws InvalidEncodingException naming the rule broken: not canonical DER, trailing bytes, an
   *     unknown algorithm or curve, unexpected parameters, unused bits in the key, a key of the
   *     wrong length, a point not on the curve or outside the subgroup
   */
  public static UserPublicKey fromDer(byte[] der) throws InvalidEncodingException {
    if (der == null || der.length == 0) {
      throw new InvalidEncodingException("DER public key: empty");
    }
    if (der.length > MAX_DER_BYTES) {
      throw new InvalidEncodingException(
          "DER public key: " + der.length + " bytes, more than the " + MAX_DER_BYTES + " accepted");
    }
    SubjectPublicKeyInfo spki;
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      spki = SubjectPublicKeyInfo.getInstance(p);
      if (!Arrays.equals(spki.getEncoded(ASN1Encoding.DER), der)) {
        throw new InvalidEncodingException("DER public key: not canonical DER, or trailing bytes");
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new InvalidEncodingException("DER public key: not a SubjectPublicKeyInfo (" + e.getMessage() + ")", e);
    } catch (StackOverflowError e) {
      // BouncyCastle parses recursively; the size limit keeps nesting shallow, this is a backstop
      // for callers on very small thread stacks.
      throw new InvalidEncodingException("DER public key: nested too deeply", e);
    }
    ASN1BitString bits;
    try {
      bits = spki.getPublicKeyData();
    } catch (RuntimeException e) {
      throw new InvalidEncodingException("DER public key: malformed key bit string", e);
    }
    if (bits.getPadBits() != 0) {
      throw new InvalidEncodingException("DER public key: the key bit string has unused bits");
    }
    byte[] key = bits.getOctets();
    AlgorithmIdentifier alg = spki.getAlgorithm();
    ASN1ObjectIdentifier oid = alg.getAlgorithm();
    ASN1Encodable params = alg.getParameters();
    if (oid.equals(ED25519)) {
      requireNoParameters(params, "Ed25519", false);
      return ed25519(key);
    }
    if (oid.equals(EC_PUBLIC_KEY)) {
      if (!(params instanceof ASN1ObjectIdentifier curveOid)) {
        throw new InvalidEncodingException("ECDSA public key: the parameters must be a named-curve OID");
      }
      for (EcCurve c : EcCurve.values()) {
        if (c.oid.equals(curveOid)) {
          return new UserPublicKey(c.algorithm, key, der.clone(), c.decodePoint(key, false), null);
        }
      }
      throw new InvalidEncodingException(
          "ECDSA public key: curve " + curveOid + " is not one the IC accepts (P-256 1.2.840.10045.3.1.7, "
              + "secp256k1 1.3.132.0.10)");
    }
    if (oid.equals(BLS_ALGORITHM)) {
      if (!BLS_CURVE.equals(params)) {
        throw new InvalidEncodingException("BLS public key: the parameters must be the curve OID " + BLS_CURVE);
      }
      return new UserPublicKey(SignatureAlgorithm.BLS12_381_G2, key, der.clone(), null, blsKey(key));
    }
    if (oid.equals(RSA)) {
      if (!DERNull.INSTANCE.equals(params)) {
        throw new InvalidEncodingException("RSA public key: the algorithm parameters must be NULL");
      }
      RSAPublicKey rsa;
      try {
        rsa = RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(key));
        if (!Arrays.equals(rsa.getEncoded(ASN1Encoding.DER), key)) {
          throw new InvalidEncodingException("RSA public key: the RSAPublicKey is not canonical DER");
        }
      } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
        throw new InvalidEncodingException("RSA public key: not an RSAPublicKey (" + e.getMessage() + ")", e);
      }
      checkRsa(rsa.getModulus(), rsa.getPublicExponent());
      return new UserPublicKey(
          SignatureAlgorithm.RSA_PKCS1_SHA256, key, der.clone(), null, null, rsa.getModulus(), rsa.getPublicExponent());
    }
    if (oid.equals(WEBAUTHN)) {
      requireNoParameters(params, "WebAuthn", true);
      return new UserPublicKey(SignatureAlgorithm.WEBAUTHN, key, der.clone(), null, null);
    }
    if (oid.equals(CANISTER_SIG)) {
      requireNoParameters(params, "canister signature", true);
      return new UserPublicKey(SignatureAlgorithm.CANISTER_SIGNATURE, key, der.clone(), null, null);
    }
    throw new InvalidEncodingException("DER public key: algorithm " + oid + " is not one the IC accepts");
  }

  /**
   * An Ed25519 key from its raw 32 bytes. The bytes must decode to a curve point by ZIP 215's
   * rules, as {@code ic-ed25519} decodes keys: a non-canonical y ({@code ≥ p}), the sign bit set
   * with {@code x = 0}, and small-order points are accepted (the IC accepts them as user keys);
   * the encoding is kept as given, since it is what the signature hashes.
   */
  public static UserPublicKey ed25519(byte[] raw) throws InvalidEncodingException {
    if (raw == null || raw.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new InvalidEncodingException(
          "Ed25519 public key: expected 32 bytes, got " + (raw == null ? "null" : raw.length + " bytes"));
    }
    if (!Ed25519Zip215.decodes(raw)) {
      throw new InvalidEncodingException("Ed25519 public key: not the encoding of a curve point");
    }
    return trustedEd25519(raw.clone());
  }

  /**
   * An ECDSA key from a SEC1 point (65-byte uncompressed or 33-byte compressed); its DER form
   * carries the uncompressed point, as the IC expects.
   */
  public static UserPublicKey ecdsa(SignatureAlgorithm algorithm, byte[] sec1) throws InvalidEncodingException {
    EcCurve c = EcCurve.of(algorithm);
    return trustedEcdsa(c, c.decodePoint(sec1 == null ? new byte[0] : sec1, true));
  }

  /**
   * An RSA PKCS #1 v1.5 SHA-256 key from its big-endian modulus and public exponent (as a COSE
   * key carries them; leading zero bytes are ignored), under the IC's rules: the modulus odd and
   * of {@value #RSA_MIN_BITS} to {@value #RSA_MAX_BITS} bits, the exponent odd, at least 3 and at
   * most 2^33 − 1. Its DER form is the {@code rsaEncryption} {@code SubjectPublicKeyInfo}.
   *
   * @throws InvalidEncodingException naming the rule broken
   */
  public static UserPublicKey rsaPkcs1Sha256(byte[] modulus, byte[] exponent) throws InvalidEncodingException {
    if (modulus == null || exponent == null) {
      throw new InvalidEncodingException("RSA public key: modulus and exponent are required");
    }
    BigInteger n = new BigInteger(1, modulus);
    BigInteger e = new BigInteger(1, exponent);
    checkRsa(n, e);
    byte[] key;
    try {
      key = new RSAPublicKey(n, e).getEncoded(ASN1Encoding.DER);
    } catch (IOException ex) {
      throw new IllegalStateException("DER encoding of an RSA key failed", ex);
    }
    return new UserPublicKey(
        SignatureAlgorithm.RSA_PKCS1_SHA256, key, encode(new AlgorithmIdentifier(RSA, DERNull.INSTANCE), key), null, null, n, e);
  }

  private static void checkRsa(BigInteger n, BigInteger e) throws InvalidEncodingException {
    if (n.signum() <= 0 || !n.testBit(0)) {
      throw new InvalidEncodingException("RSA public key: the modulus must be positive and odd");
    }
    if (n.bitLength() < RSA_MIN_BITS || n.bitLength() > RSA_MAX_BITS) {
      throw new InvalidEncodingException(
          "RSA public key: a " + n.bitLength() + "-bit modulus, the IC accepts " + RSA_MIN_BITS + " to " + RSA_MAX_BITS);
    }
    if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(RSA_MAX_EXPONENT) > 0) {
      throw new InvalidEncodingException("RSA public key: the exponent must be odd, in [3, 2^33 - 1]");
    }
  }

  /**
   * The 64-byte {@code r ‖ s} of a DER ECDSA signature {@code SEQUENCE { INTEGER r, INTEGER s }}
   * (the form WebAuthn authenticators return), with both integers positive and at most 32 bytes.
   * Whether they lie below the group order is {@link #verify}'s concern.
   *
   * @throws InvalidEncodingException if the bytes are not exactly that canonical DER
   */
  public static byte[] ecdsaSignatureFromDer(byte[] der) throws InvalidEncodingException {
    if (der == null || der.length == 0 || der.length > 80) {
      throw new InvalidEncodingException(
          "DER ECDSA signature: expected at most 72 bytes, got " + (der == null ? "null" : der.length));
    }
    BigInteger r;
    BigInteger s;
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
      if (seq.size() != 2) {
        throw new InvalidEncodingException("DER ECDSA signature: expected two INTEGERs, got " + seq.size() + " elements");
      }
      r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
      s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
      if (!Arrays.equals(new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER), der)) {
        throw new InvalidEncodingException("DER ECDSA signature: not canonical DER (or negative integers, or trailing bytes)");
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new InvalidEncodingException("DER ECDSA signature: not a SEQUENCE of two INTEGERs (" + e.getMessage() + ")", e);
    }
    if (r.signum() <= 0 || s.signum() <= 0 || r.bitLength() > 256 || s.bitLength() > 256) {
      throw new InvalidEncodingException("DER ECDSA signature: r and s must be positive 256-bit integers");
    }
    byte[] out = new byte[64];
    org.bouncycastle.util.BigIntegers.asUnsignedByteArray(r, out, 0, 32);
    org.bouncycastle.util.BigIntegers.asUnsignedByteArray(s, out, 32, 32);
    return out;
  }

  /** An IC BLS12-381 key (a compressed G2 point, 96 bytes), e.g. the root key. */
  public static UserPublicKey bls(byte[] g2) throws InvalidEncodingException {
    PublicKey k = blsKey(g2);
    return new UserPublicKey(SignatureAlgorithm.BLS12_381_G2, g2.clone(), encode(new AlgorithmIdentifier(BLS_ALGORITHM, BLS_CURVE), g2), null, k);
  }

  static UserPublicKey trustedEd25519(byte[] raw) {
    return new UserPublicKey(SignatureAlgorithm.ED25519, raw, encode(new AlgorithmIdentifier(ED25519), raw), null, null);
  }

  static UserPublicKey trustedEcdsa(EcCurve c, ECPoint p) {
    byte[] raw = p.getEncoded(false);
    return new UserPublicKey(c.algorithm, raw, encode(new AlgorithmIdentifier(EC_PUBLIC_KEY, c.oid), raw), p, null);
  }

  private static PublicKey blsKey(byte[] g2) throws InvalidEncodingException {
    if (g2 == null || g2.length != 96) {
      throw new InvalidEncodingException(
          "BLS public key: expected a 96-byte compressed G2 point, got " + (g2 == null ? "null" : g2.length + " bytes"));
    }
    PublicKey k;
    try {
      k = BlsScheme.IC.publicKeyFromBytes(g2);
    } catch (CryptoException e) {
      throw new InvalidEncodingException("BLS public key: " + e.getMessage(), e);
    }
    if (!k.isValid()) {
      throw new InvalidEncodingException("BLS public key: the identity (point at infinity) is not a key");
    }
    return k;
  }

  private static void requireNoParameters(ASN1Encodable params, String what, boolean allowNull)
      throws InvalidEncodingException {
    if (params != null && !(allowNull && DERNull.INSTANCE.equals(params))) {
      throw new InvalidEncodingException(what + " public key: the algorithm identifier must have no parameters");
    }
  }

  private static byte[] encode(AlgorithmIdentifier alg, byte[] key) {
    try {
      return new SubjectPublicKeyInfo(alg, key).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of a public key failed", e);
    }
  }

  /** The algorithm. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The key without its DER wrapping: 32 bytes (Ed25519), the 65-byte uncompressed SEC1 point
   * (ECDSA), the 96-byte G2 point (BLS), the DER {@code RSAPublicKey} (RSA), or the bit string's
   * contents (WebAuthn: a COSE key; canister signatures: {@code |canister id| · canister id ·
   * seed}).
   */
  public byte[] raw() {
    return raw.clone();
  }

  /** The DER {@code SubjectPublicKeyInfo}. */
  public byte[] toDer() {
    return der.clone();
  }

  /** The self-authenticating principal of this key: {@code SHA-224(DER) · 0x02}. */
  public Principal selfAuthenticatingPrincipal() {
    return Principal.selfAuthenticating(der);
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} under this key (rules in
   * the class comment). A malformed signature (wrong length, out-of-range scalars, not a point)
   * gives {@code false}.
   *
   * @throws UnsupportedSignatureException for WebAuthn and canister-signature keys
   */
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, signature, true);
  }

  /**
   * Like {@link #verify} but, on secp256k1, rejects a signature whose {@code s} is in the upper
   * half (k256's rule, {@code ic-secp256k1}'s {@code verify_signature}), so that each message has
   * one valid signature per key. Same as {@link #verify} for the other algorithms.
   */
  public boolean verifyRequiringLowS(byte[] message, byte[] signature) {
    return verify(message, signature, false);
  }

  /**
   * RFC 8032 §5.1.7 verification of an Ed25519 signature as BouncyCastle implements it: {@code A}
   * and {@code R} must be canonical encodings, {@code S < L}, and the cofactorless equation
   * {@code [S]B = R + [k]A} must hold. Stricter than {@link #verify} (ZIP 215, the IC's rule):
   * every signature it accepts, {@link #verify} accepts too. For peers that verify this way
   * (e.g. {@code ed25519-dalek}'s {@code verify_strict}, noble-curves with {@code zip215: false}).
   *
   * @throws IllegalStateException if this is not an Ed25519 key
   */
  public boolean verifyRfc8032Strict(byte[] message, byte[] signature) {
    if (algorithm != SignatureAlgorithm.ED25519) {
      throw new IllegalStateException("RFC 8032 verification is for Ed25519 keys, this key is " + algorithm);
    }
    return message != null
        && signature != null
        && signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
  }

  private boolean verify(byte[] message, byte[] signature, boolean malleable) {
    if (message == null || signature == null) {
      return false;
    }
    switch (algorithm) {
      case ED25519:
        return Ed25519Zip215.verify(raw, message, signature);
      case ECDSA_P256:
      case ECDSA_SECP256K1:
        return verifyEcdsa(message, signature, malleable);
      case RSA_PKCS1_SHA256:
        return verifyRsa(message, signature);
      case BLS12_381_G2:
        try {
          Signature s = BlsScheme.IC.signatureFromBytes(signature);
          return BlsScheme.IC.verify(blsKey, message, s);
        } catch (CryptoException e) {
          return false;
        }
      default:
        throw new UnsupportedSignatureException(
            algorithm + " signatures are not verified by ic-crypto (they need "
                + (algorithm == SignatureAlgorithm.WEBAUTHN ? "CBOR" : "a certificate and a hash tree") + ")");
    }
  }

  private boolean verifyEcdsa(byte[] message, byte[] signature, boolean malleable) {
    if (signature.length != 64) {
      return false;
    }
    EcCurve c = EcCurve.of(algorithm);
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    BigInteger n = c.order();
    if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      return false;
    }
    if (c == EcCurve.SECP256K1 && s.compareTo(c.halfOrder) > 0) {
      if (!malleable) {
        return false;
      }
      s = n.subtract(s);
    }
    ECDSASigner v = new ECDSASigner();
    v.init(false, new ECPublicKeyParameters(ecPoint, c.domain));
    return v.verifySignature(EcCurve.sha256(message), r, s);
  }

  private boolean verifyRsa(byte[] message, byte[] signature) {
    int k = (rsaModulus.bitLength() + 7) / 8;
    if (signature.length == 0 || signature.length > k) {
      return false;
    }
    BigInteger s = new BigInteger(1, signature);
    if (s.compareTo(rsaModulus) >= 0) {
      return false;
    }
    byte[] em = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(k, s.modPow(rsaExponent, rsaModulus));
    // EMSA-PKCS1-v1_5: 00 01 FF…FF 00 ‖ DigestInfo(SHA-256) ‖ H, at least 8 bytes of FF.
    byte[] expected = new byte[k];
    int tLen = SHA256_DIGEST_INFO.length + 32;
    if (k < tLen + 11) {
      return false;
    }
    expected[1] = 0x01;
    Arrays.fill(expected, 2, k - tLen - 1, (byte) 0xff);
    System.arraycopy(SHA256_DIGEST_INFO, 0, expected, k - tLen, SHA256_DIGEST_INFO.length);
    System.arraycopy(EcCurve.sha256(message), 0, expected, k - 32, 32);
    return java.security.MessageDigest.isEqual(em, expected);
  }

  String rawHex() {
    return Bytes.hex(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserPublicKey k && Arrays.equals(der, k.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "UserPublicKey[" + algorithm + ", " + rawHex() + "]";
  }
}
