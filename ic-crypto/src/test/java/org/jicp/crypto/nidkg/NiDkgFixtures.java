package org.jicp.crypto.nidkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.jicp.crypto.Bytes;

/** Shared, deterministic test material: receivers' key pairs (costly) made once per JVM. */
final class NiDkgFixtures {
  private NiDkgFixtures() {}

  static final Epoch EPOCH = Epoch.of(7);

  private static final List<EncryptionKeyPair> POOL = new ArrayList<>();

  /** Node i's associated data: its "node id". */
  static Bytes nodeId(int i) {
    return Bytes.of((byte) 'n', (byte) i);
  }

  /** The first n key pairs of a fixed pool (never update these keys: they are shared). */
  static synchronized List<EncryptionKeyPair> keyPairs(int n) {
    SplittableRandom rng = new SplittableRandom(0x6b657973L + POOL.size());
    while (POOL.size() < n) {
      POOL.add(EncryptionSecretKey.generate(nodeId(POOL.size()), rng));
    }
    return List.copyOf(POOL.subList(0, n));
  }

  static List<EncryptionPublicKey> publicKeys(List<EncryptionKeyPair> kps) {
    List<EncryptionPublicKey> r = new ArrayList<>();
    for (EncryptionKeyPair kp : kps) {
      r.add(kp.publicKey());
    }
    return r;
  }

  /** Fresh dealings by the given dealers. */
  static Map<Integer, Dealing> deal(NiDkgConfig cfg, List<EncryptionPublicKey> pks, List<Integer> dealers, RandomGenerator rng) {
    Map<Integer, Dealing> r = new TreeMap<>();
    for (int d : dealers) {
      r.put(d, NiDkg.createDealing(cfg, d, pks, rng));
    }
    return r;
  }
}
