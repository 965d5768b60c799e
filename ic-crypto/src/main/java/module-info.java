/**
 * jicp cryptography: BLS12-381 (fields, curves, pairing, RFC 9380 hash-to-curve), BLS signatures
 * as the Internet Computer and Ethereum use them, threshold BLS, non-interactive DKG with resharing
 * and forward-secure encryption, the random beacon and the IC's CSPRNG, drand verification, the
 * node and user signature schemes (Ed25519, ECDSA P-256/secp256k1, DER keys), and principals.
 * Depends on BouncyCastle only.
 */
module org.jicp.crypto {
  requires org.bouncycastle.provider;

  exports org.jicp.crypto;
  exports org.jicp.crypto.bls12381;
  exports org.jicp.crypto.bls;
  exports org.jicp.crypto.threshold;
  exports org.jicp.crypto.nidkg;
  exports org.jicp.crypto.beacon;
  exports org.jicp.crypto.sig;
}
