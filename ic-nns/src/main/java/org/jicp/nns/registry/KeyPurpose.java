package org.jicp.nns.registry;

/**
 * The purposes of a node's public keys ({@code KeyPurpose} of {@code ic_types::crypto}); the
 * number is the suffix of the {@code crypto_record_<node>_<purpose>} key.
 */
public enum KeyPurpose {
  /** The node's Ed25519 signing key; its DER form's self-authenticating principal is the node id. */
  NODE_SIGNING(1),
  /** Query response signing. */
  QUERY_RESPONSE_SIGNING(2),
  /** The NI-DKG forward-secure dealing encryption key. */
  DKG_DEALING_ENCRYPTION(3),
  /** The BLS12-381 multi-signature key (notarization, finalization), with proof of possession. */
  COMMITTEE_SIGNING(4),
  /** The IDKG MEGa encryption key. */
  IDKG_MEGA_ENCRYPTION(5);

  private final int number;

  KeyPurpose(int number) {
    this.number = number;
  }

  /** The number used in registry keys. */
  public int number() {
    return number;
  }
}
