package org.jicp.consensus.crypto;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.types.NodeId;

/**
 * The consensus public keys of one node as the registry publishes them (dfinity/ic's crypto
 * records {@code NodeSigning}, {@code CommitteeSigning}, {@code DkgDealingEncryption}), with the
 * proofs of possession that make rogue-key attacks impossible.
 *
 * @param node the node
 * @param nodeSigningKey its Ed25519 node signing key
 * @param committeeSigningKey its BLS12-381 multi-signature key (G2)
 * @param committeeSigningKeyPop the proof of possession of {@code committeeSigningKey} (48 bytes,
 *     {@code BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_})
 * @param dealingEncryptionKey its NI-DKG forward-secure encryption key, with its proof of
 *     possession bound to the node id
 */
public record NodePublicKeys(
    NodeId node, UserPublicKey nodeSigningKey, PublicKey committeeSigningKey, Bytes committeeSigningKeyPop, EncryptionPublicKey dealingEncryptionKey) {
  /** Validates the components (not the proofs: see {@link #verifyProofsOfPossession()}). */
  public NodePublicKeys {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(nodeSigningKey, "nodeSigningKey");
    Objects.requireNonNull(committeeSigningKey, "committeeSigningKey");
    Objects.requireNonNull(committeeSigningKeyPop, "committeeSigningKeyPop");
    Objects.requireNonNull(dealingEncryptionKey, "dealingEncryptionKey");
  }

  /**
   * Whether both proofs of possession verify: the committee key's ({@code popVerify} of the IC's
   * multi-signature scheme) and the encryption key's (bound to the node id).
   */
  public boolean verifyProofsOfPossession() {
    Signature pop;
    try {
      pop = BlsScheme.IC_MULTI.signatureFromBytes(committeeSigningKeyPop.toByteArray());
    } catch (CryptoException e) {
      return false;
    }
    return BlsScheme.IC_MULTI.popVerify(committeeSigningKey, pop) && dealingEncryptionKey.verifyPop(node.principal().bytes());
  }
}
