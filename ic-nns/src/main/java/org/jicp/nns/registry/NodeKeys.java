package org.jicp.nns.registry;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.types.NodeId;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.NiDkgProtobuf;
import org.jicp.nns.internal.BoundedMemo;
import org.jicp.nns.internal.Hashing;
import org.jicp.nns.registry.pb.AlgorithmId;
import org.jicp.nns.registry.pb.BytesValue;
import org.jicp.nns.registry.pb.PublicKey;

/**
 * The public key material a node registers ({@code NodePublicKeys}): its Ed25519 node signing key
 * (whose DER form's self-authenticating principal is the node id), its BLS12-381 committee signing
 * key with proof of possession, and its NI-DKG forward-secure dealing encryption key with proof of
 * possession (bound to the node id).
 *
 * <p>{@link #generate} makes such material deterministically from a seed, for tests, the demo and
 * hosts that simulate nodes: real Ed25519 and BLS keys, and a real forward-secure encryption key
 * pair ({@link EncryptionSecretKey#generate}, about 150 ms) whose secret half the caller keeps to
 * decrypt its shares of NI-DKG transcripts; {@link #derive} gives the same public keys without the
 * secret half, cheaply.
 *
 * @param nodeId the node id derived from {@code nodeSigningKey}
 * @param nodeSigningKey the 32-byte Ed25519 public key
 * @param committeeSigningKey the 96-byte BLS12-381 G2 public key
 * @param committeeSigningPop its 48-byte proof of possession ({@link BlsScheme#IC_MULTI})
 * @param dkgDealingEncryptionKey the NI-DKG dealing encryption public key with its proof of
 *     possession
 */
public record NodeKeys(
    NodeId nodeId,
    Bytes nodeSigningKey,
    Bytes committeeSigningKey,
    Bytes committeeSigningPop,
    EncryptionPublicKey dkgDealingEncryptionKey) {
  private static final byte[] ED25519_DER_PREFIX = Bytes.parseHex("302a300506032b6570032100");

  /** Validates the components: lengths, and the node id is the signing key's principal. */
  public NodeKeys {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeSigningKey.length() != 32) {
      throw new IllegalArgumentException("an Ed25519 key has 32 bytes");
    }
    if (committeeSigningKey.length() != 96 || committeeSigningPop.length() != 48) {
      throw new IllegalArgumentException("a committee key has 96 bytes and its PoP 48");
    }
    Objects.requireNonNull(dkgDealingEncryptionKey, "dkgDealingEncryptionKey");
    if (!nodeIdOf(nodeSigningKey).equals(nodeId)) {
      throw new IllegalArgumentException("node id " + nodeId + " is not derived from its signing key");
    }
  }

  /** The node id of an Ed25519 node signing key: the self-authenticating id of its DER form. */
  public static NodeId nodeIdOf(Bytes ed25519Key) {
    byte[] der = Arrays.copyOf(ED25519_DER_PREFIX, ED25519_DER_PREFIX.length + 32);
    ed25519Key.copyTo(der, ED25519_DER_PREFIX.length);
    return new NodeId(Principal.selfAuthenticating(der));
  }

  /**
   * A node's public keys with the secret half of its dealing encryption key pair, which the node
   * (or the host simulating it) keeps to decrypt its NI-DKG shares.
   *
   * @param keys the public keys, as registered
   * @param dkgDealingDecryptionKey the forward-secure decryption key (a mutable secret)
   */
  public record Generated(NodeKeys keys, EncryptionSecretKey dkgDealingDecryptionKey) {
    /** Validates the components. */
    public Generated {
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(dkgDealingDecryptionKey, "dkgDealingDecryptionKey");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
      return "NodeKeys.Generated(" + keys.nodeId() + ", ***)";
    }
  }

  /**
   * Deterministic public key material for the node with index {@code index} under {@code seed}:
   * the same keys as {@link #generate}, without generating the decryption key (the dealing
   * encryption key comes from {@link EncryptionSecretKey#generatePublicKey}: milliseconds instead
   * of about 150 ms).
   */
  public static NodeKeys derive(Bytes seed, long index) {
    Bytes key = memoKey(seed, index);
    Memo m = MEMO.get(key);
    if (m != null) {
      return m.keys();
    }
    Material mat = material(seed, index);
    NodeKeys k = mat.keys(EncryptionSecretKey.generatePublicKey(mat.id().principal().bytes(), mat.dkgRandomness()));
    MEMO.putIfAbsent(key, new Memo(k, null));
    return k;
  }

  /**
   * Deterministic key material for the node with index {@code index} under {@code seed}, with the
   * dealing decryption key. The same seed and index always give the same keys; each call returns a
   * fresh decryption key object.
   *
   * <p>Generating the decryption key costs about 150 ms, and hosts and tests build the same
   * simulated nodes again (every network from the same seed), so results are memoized per (seed,
   * index) in a bounded cache, the secret in its {@link NiDkgProtobuf} encoding (decoded for each
   * later call, about 60 ms). The cache holds nothing that the seed does not already determine.
   */
  public static Generated generate(Bytes seed, long index) {
    Bytes key = memoKey(seed, index);
    Memo m = MEMO.get(key);
    if (m != null && m.secret() != null) {
      return new Generated(m.keys(), NiDkgProtobuf.decodeEncryptionSecretKey(m.secret().toByteArray()));
    }
    Material mat = material(seed, index);
    EncryptionKeyPair dkg = EncryptionSecretKey.generate(mat.id().principal().bytes(), mat.dkgRandomness());
    Generated g = new Generated(mat.keys(dkg.publicKey()), dkg.secretKey());
    MEMO.put(key, new Memo(g.keys(), Bytes.of(NiDkgProtobuf.encode(g.dkgDealingDecryptionKey()))));
    return g;
  }

  /**
   * The node signing key (Ed25519, secret) of the node with index {@code index} under {@code
   * seed}: its public key is {@link #nodeSigningKey()} of {@link #derive}. For hosts that run the
   * simulated nodes themselves (a replica signing query responses as that node).
   */
  public static org.jicp.crypto.sig.Ed25519SigningKey nodeSigningSecret(Bytes seed, long index) {
    byte[] s = Hashing.sha256(seed.toByteArray(), Hashing.u64be(index), "jicp-node".getBytes(StandardCharsets.US_ASCII));
    // The JDK's Ed25519 generator draws the 32-byte private key from the seeded stream's first block.
    byte[] priv = Hashing.sha256(s, Hashing.u64be(0));
    try {
      org.jicp.crypto.sig.Ed25519SigningKey k = org.jicp.crypto.sig.Ed25519SigningKey.fromSeed(priv);
      if (!Bytes.of(k.publicKey().raw()).equals(ed25519PublicKey(s))) {
        throw new IllegalStateException("the node signing key does not match its derived public key");
      }
      return k;
    } catch (org.jicp.crypto.InvalidEncodingException e) {
      throw new IllegalStateException(e);
    } finally {
      java.util.Arrays.fill(priv, (byte) 0);
    }
  }

  /**
   * The committee signing key (BLS12-381 multi-signature, secret) of the node with index {@code
   * index} under {@code seed}: its public key and PoP are {@link #committeeSigningKey()} and
   * {@link #committeeSigningPop()} of {@link #derive}. For hosts that run the simulated nodes'
   * consensus themselves (notarization and finalization shares).
   */
  public static SecretKey committeeSigningSecret(Bytes seed, long index) {
    byte[] s = Hashing.sha256(seed.toByteArray(), Hashing.u64be(index), "jicp-node".getBytes(StandardCharsets.US_ASCII));
    try {
      return SecretKey.keyGen(Hashing.sha256(s, new byte[] {1}), new byte[0]);
    } finally {
      java.util.Arrays.fill(s, (byte) 0);
    }
  }

  /** A memo entry: the public keys, and the encoded decryption key once it was generated. */
  private record Memo(NodeKeys keys, Bytes secret) {}

  private static final int MEMO_SIZE = 512;

  private static final Map<Bytes, Memo> MEMO = BoundedMemo.create(MEMO_SIZE);

  private static Bytes memoKey(Bytes seed, long index) {
    return Bytes.of(Hashing.sha256(seed.toByteArray(), Hashing.u64be(index)));
  }

  /** Everything of a derived node but its dealing encryption key, and that key's seed. */
  private record Material(NodeId id, Bytes ed, Bytes blsPk, Bytes pop, Bytes dkgSeed) {
    NodeKeys keys(EncryptionPublicKey dkg) {
      return new NodeKeys(id, ed, blsPk, pop, dkg);
    }

    Csprng dkgRandomness() {
      return Csprng.fromChaChaSeed(dkgSeed);
    }
  }

  private static Material material(Bytes seed, long index) {
    byte[] s = Hashing.sha256(seed.toByteArray(), Hashing.u64be(index), "jicp-node".getBytes(StandardCharsets.US_ASCII));
    Bytes ed = ed25519PublicKey(s);
    SecretKey bls = SecretKey.keyGen(Hashing.sha256(s, new byte[] {1}), new byte[0]);
    Bytes blsPk = Bytes.of(BlsScheme.IC_MULTI.publicKey(bls).toBytes());
    Bytes pop = Bytes.of(BlsScheme.IC_MULTI.popProve(bls).toBytes());
    Bytes dkgSeed = Bytes.of(Hashing.sha256(s, "jicp-dkg-dealing-encryption-key".getBytes(StandardCharsets.US_ASCII)));
    return new Material(nodeIdOf(ed), ed, blsPk, pop, dkgSeed);
  }

  /** The registry record of the node signing key. */
  public PublicKey nodeSigningRecord() {
    return key(AlgorithmId.ALGORITHM_ID_ED25519, nodeSigningKey, null);
  }

  /** The registry record of the committee signing key with its PoP. */
  public PublicKey committeeSigningRecord() {
    return key(AlgorithmId.ALGORITHM_ID_MULTI_BLS12_381, committeeSigningKey, committeeSigningPop);
  }

  /** The registry record of the dealing encryption key with its PoP ({@link DealingEncryptionKeys}). */
  public PublicKey dkgDealingEncryptionRecord() {
    return DealingEncryptionKeys.toRecord(dkgDealingEncryptionKey);
  }

  private static PublicKey key(AlgorithmId alg, Bytes value, Bytes pop) {
    PublicKey.Builder b =
        PublicKey.newBuilder().setVersion(0).setAlgorithm(alg).setKeyValue(ByteString.copyFrom(value.toByteArray()));
    if (pop != null) {
      b.setProofData(BytesValue.newBuilder().setValue(ByteString.copyFrom(pop.toByteArray())));
    }
    return b.build();
  }

  private static Bytes ed25519PublicKey(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SeededRandom(seed));
      KeyPair kp = g.generateKeyPair();
      byte[] der = kp.getPublic().getEncoded();
      return Bytes.of(der, der.length - 32, der.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is required by the Java platform", e);
    }
  }

  /** A SecureRandom that returns a SHA-256 counter stream of a seed (deterministic keys). */
  private static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    SeededRandom(byte[] seed) {
      super(new Spi(seed), null);
    }

    private static final class Spi extends SecureRandomSpi {
      private static final long serialVersionUID = 1L;
      private final byte[] seed;
      private long counter;

      Spi(byte[] seed) {
        this.seed = seed.clone();
      }

      @Override
      protected void engineSetSeed(byte[] s) {
        // Deterministic: the constructor's seed is the only seed.
      }

      @Override
      protected void engineNextBytes(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
          byte[] block = Hashing.sha256(seed, Hashing.u64be(counter++));
          int n = Math.min(block.length, bytes.length - off);
          System.arraycopy(block, 0, bytes, off, n);
          off += n;
        }
      }

      @Override
      protected byte[] engineGenerateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        engineNextBytes(b);
        return b;
      }
    }
  }
}
