/**
 * jicp cryptography: BLS12-381 (fields, curves, pairing, RFC 9380 hash-to-curve), BLS signatures
 * as the Internet Computer and Ethereum use them, and principals. Depends on BouncyCastle only.
 */
module org.jicp.crypto {
  requires org.bouncycastle.provider;

  exports org.jicp.crypto;
  exports org.jicp.crypto.bls12381;
  exports org.jicp.crypto.bls;
}
