package org.jicp.consensus.crypto;

import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.types.NodeId;

/**
 * The secret keys one node holds for consensus, as a replica's crypto key store does (dfinity/ic
 * {@code KeyPurpose}): the node signing key (Ed25519: block proposals, dealings), the committee
 * signing key (BLS12-381 multi-signature key with its proof of possession: notarization and
 * finalization) and the dealing encryption key (Groth's forward-secure NI-DKG encryption key with
 * its proof of possession: receiving threshold key shares). Their public halves, which the registry
 * publishes, are {@link #publicKeys()}.
 *
 * <p>Secret: no {@code equals}, no secret in {@code toString()}; {@link #destroy()} erases what the
 * underlying key types allow.
 */
public final class NodeKeys implements Destroyable {
  private final NodeId node;
  private final Ed25519SigningKey signingKey;
  private final SecretKey committeeKey;
  private final EncryptionSecretKey encryptionKey;
  private final NodePublicKeys publicKeys;

  private NodeKeys(NodeId node, Ed25519SigningKey signingKey, SecretKey committeeKey, EncryptionKeyPair encryption) {
    this.node = node;
    this.signingKey = signingKey;
    this.committeeKey = committeeKey;
    this.encryptionKey = encryption.secretKey();
    PublicKey committeePk = BlsScheme.IC_MULTI.publicKey(committeeKey);
    this.publicKeys =
        new NodePublicKeys(
            node,
            signingKey.publicKey(),
            committeePk,
            org.jicp.crypto.Bytes.of(BlsScheme.IC_MULTI.popProve(committeeKey).toBytes()),
            encryption.publicKey());
  }

  /**
   * Fresh keys for a node whose id is derived from its node signing key, as on the IC: the
   * self-authenticating principal of the key's DER encoding. {@code rng} must be a CSPRNG (a
   * {@link java.security.SecureRandom} in a replica).
   */
  public static NodeKeys generate(RandomGenerator rng) {
    Ed25519SigningKey signing = ed25519(rng);
    NodeId id = new NodeId(Principal.selfAuthenticating(signing.publicKey().toDer()));
    return generate(id, signing, rng);
  }

  /**
   * Fresh keys for a node with a given id (simulations number their nodes). {@code rng} must be a
   * CSPRNG, or a seeded stream where reproducibility is the point (simulation only).
   */
  public static NodeKeys generate(NodeId node, RandomGenerator rng) {
    return generate(Objects.requireNonNull(node, "node"), ed25519(rng), rng);
  }

  /**
   * The keys of a node whose secrets were made elsewhere (a registry's genesis, a key store): its
   * node signing key, committee signing key and dealing encryption key pair. The node id must be
   * the self-authenticating principal of the node signing key, as on the IC; the committee key's
   * proof of possession is computed here, so {@link #publicKeys()} can be compared with what the
   * registry publishes.
   *
   * @throws IllegalArgumentException if {@code node} is not derived from {@code signingKey}
   */
  public static NodeKeys of(NodeId node, Ed25519SigningKey signingKey, SecretKey committeeKey,
      EncryptionKeyPair dealingEncryption) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(committeeKey, "committeeKey");
    Objects.requireNonNull(dealingEncryption, "dealingEncryption");
    NodeId derived = new NodeId(Principal.selfAuthenticating(signingKey.publicKey().toDer()));
    if (!derived.equals(node)) {
      throw new IllegalArgumentException("node id " + node + " is not derived from its node signing key");
    }
    return new NodeKeys(node, signingKey, committeeKey, dealingEncryption);
  }

  private static Ed25519SigningKey ed25519(RandomGenerator rng) {
    byte[] seed = new byte[Ed25519SigningKey.SEED_BYTES];
    rng.nextBytes(seed);
    try {
      return Ed25519SigningKey.fromSeed(seed);
    } catch (CryptoException e) {
      throw new IllegalStateException("Ed25519 key generation failed", e);
    } finally {
      java.util.Arrays.fill(seed, (byte) 0);
    }
  }

  private static NodeKeys generate(NodeId node, Ed25519SigningKey signing, RandomGenerator rng) {
    byte[] ikm = new byte[32];
    rng.nextBytes(ikm);
    SecretKey committee = SecretKey.keyGen(ikm, new byte[0]);
    java.util.Arrays.fill(ikm, (byte) 0);
    EncryptionKeyPair enc = EncryptionSecretKey.generate(node.principal().bytes(), rng);
    return new NodeKeys(node, signing, committee, enc);
  }

  /** The node these keys belong to. */
  public NodeId node() {
    return node;
  }

  /** The public keys and proofs of possession the registry publishes for this node. */
  public NodePublicKeys publicKeys() {
    return publicKeys;
  }

  Ed25519SigningKey signingKey() {
    return signingKey;
  }

  SecretKey committeeKey() {
    return committeeKey;
  }

  EncryptionSecretKey encryptionKey() {
    return encryptionKey;
  }

  @Override
  public void destroy() {
    signingKey.destroy();
    committeeKey.destroy();
    encryptionKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return signingKey.isDestroyed() && committeeKey.isDestroyed() && encryptionKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "NodeKeys[" + node + "]";
  }
}
