package org.jicp.replica.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.Csprng;
import org.jicp.crypto.nidkg.Dealing;
import org.jicp.crypto.nidkg.DealingVerification;
import org.jicp.crypto.nidkg.EncryptionKeyPair;
import org.jicp.crypto.nidkg.EncryptionPublicKey;
import org.jicp.crypto.nidkg.EncryptionSecretKey;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.NiDkg;
import org.jicp.crypto.nidkg.NiDkgConfig;
import org.jicp.crypto.nidkg.Transcript;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;

/**
 * An in-memory subnet for the CLI's simulations: node ids, forward-secure encryption keys, and
 * complete NI-DKG runs (fresh and resharing) whose every dealing is verified before use. All
 * randomness comes from one ChaCha20 stream seeded with {@code SHA-256(seed)}, so a seed fixes the
 * output.
 */
final class SubnetSimulation {
  /** The epoch the simulated DKGs encrypt for. */
  static final Epoch EPOCH = Epoch.of(1);

  final Csprng rng;

  SubnetSimulation(byte[] seed) {
    try {
      this.rng = Csprng.fromChaChaSeed(Bytes.of(MessageDigest.getInstance("SHA-256").digest(seed)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }

  /** The result of a DKG: the key's public coefficients and each receiver's share. */
  record Key(PublicCoefficients publicCoefficients, List<SecretKeyShare> shares) {}

  /** Node i's id: {@code PrincipalId::new_node_test_id(i)} (u64 LE, 0xfd, opaque class 0x01). */
  static Principal nodeId(int i) {
    byte[] b = new byte[10];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) ((long) i >>> (8 * k));
    }
    b[8] = (byte) 0xfd;
    b[9] = 1;
    return Principal.fromBytes(b);
  }

  /** The simulated subnet's id: {@code PrincipalId::new_subnet_test_id(0)}. */
  static Principal subnetId() {
    byte[] b = new byte[10];
    b[8] = (byte) 0xfc;
    b[9] = 1;
    return Principal.fromBytes(b);
  }

  private List<EncryptionKeyPair> keyPairs(int n) {
    List<EncryptionKeyPair> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EncryptionKeyPair kp = EncryptionSecretKey.generate(nodeId(i).bytes(), rng);
      if (!kp.publicKey().verifyPop(nodeId(i).bytes())) {
        throw new IllegalStateException("fresh key of node " + i + " failed its proof of possession");
      }
      r.add(kp);
    }
    return r;
  }

  private static List<EncryptionPublicKey> publicKeys(List<EncryptionKeyPair> kps) {
    List<EncryptionPublicKey> r = new ArrayList<>(kps.size());
    kps.forEach(kp -> r.add(kp.publicKey()));
    return r;
  }

  /** A fresh NI-DKG among n nodes with threshold t: the lowest-indexed f+1 nodes deal. */
  Key dkg(int n, int t) {
    List<EncryptionKeyPair> kps = keyPairs(n);
    NiDkgConfig cfg = NiDkgConfig.fresh(n, t, EPOCH);
    Map<Integer, Dealing> dealings = new TreeMap<>();
    for (int d = 0; d < cfg.collectionThreshold(); d++) {
      dealings.put(d, verified(cfg, d, publicKeys(kps), NiDkg.createDealing(cfg, d, publicKeys(kps), rng)));
    }
    return receive(NiDkg.createTranscript(cfg, dealings), kps);
  }

  /** Reshares {@code old} to n2 new nodes with threshold t2: the first t old holders deal. */
  Key reshare(Key old, int n2, int t2) {
    List<EncryptionKeyPair> kps = keyPairs(n2);
    NiDkgConfig cfg = NiDkgConfig.resharing(old.publicCoefficients(), old.shares().size(), n2, t2, EPOCH);
    Map<Integer, Dealing> dealings = new TreeMap<>();
    for (int d = 0; d < cfg.collectionThreshold(); d++) {
      Dealing dealing = NiDkg.createResharingDealing(cfg, old.shares().get(d), publicKeys(kps), rng);
      dealings.put(d, verified(cfg, d, publicKeys(kps), dealing));
    }
    return receive(NiDkg.createTranscript(cfg, dealings), kps);
  }

  private static Dealing verified(NiDkgConfig cfg, int dealer, List<EncryptionPublicKey> pks, Dealing d) {
    DealingVerification v = NiDkg.verifyDealing(cfg, dealer, pks, d);
    if (!v.isValid()) {
      throw new IllegalStateException(v.toString());
    }
    return d;
  }

  private static Key receive(Transcript tr, List<EncryptionKeyPair> kps) {
    List<SecretKeyShare> shares = new ArrayList<>(kps.size());
    for (int i = 0; i < kps.size(); i++) {
      shares.add(NiDkg.computeThresholdKey(tr, i, kps.get(i).secretKey(), EPOCH));
    }
    return new Key(tr.publicCoefficients(), shares);
  }
}
