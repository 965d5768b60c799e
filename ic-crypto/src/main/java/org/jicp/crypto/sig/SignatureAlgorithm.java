package org.jicp.crypto.sig;

/**
 * The public-key algorithms of the IC's user and node signatures (interface specification,
 * "Signatures"), as recognised from a DER {@code SubjectPublicKeyInfo}.
 */
public enum SignatureAlgorithm {
  /** Ed25519 (RFC 8032, pure): node signing keys, query-response signatures, user keys. */
  ED25519,
  /** ECDSA on NIST P-256 (secp256r1) with SHA-256; signatures are {@code r ‖ s}, 64 bytes. */
  ECDSA_P256,
  /** ECDSA on secp256k1 with SHA-256; signatures are {@code r ‖ s}, 64 bytes (signing makes low s). */
  ECDSA_SECP256K1,
  /**
   * BLS12-381 min-sig (the IC's root and subnet keys, DER OIDs 1.3.6.1.4.1.44668.5.3.1.2.1 /
   * .5.3.2.1): verified with {@link org.jicp.crypto.bls.BlsScheme#IC}.
   */
  BLS12_381_G2,
  /**
   * RSA PKCS #1 v1.5 with SHA-256 (rsaEncryption keys, 2048 to 8192 bits): the inner key of a
   * WebAuthn COSE key (Windows Hello), and accepted by the IC as a delegation signer in plain
   * DER; never a request signer in plain DER (the IC: "RSA signatures are not allowed except in
   * webauthn context").
   */
  RSA_PKCS1_SHA256,
  /**
   * WebAuthn (OID 1.3.6.1.4.1.56387.1.1, a COSE key inside DER): recognised, not verified here
   * (its signature is CBOR, which {@code ic-crypto} does not parse).
   */
  WEBAUTHN,
  /**
   * Canister signatures (OID 1.3.6.1.4.1.56387.1.2): recognised, not verified here (they need a
   * certificate and a hash tree, which live in {@code ic-state}).
   */
  CANISTER_SIGNATURE
}
