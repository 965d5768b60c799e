package org.jicp.crypto.nidkg.internal;

import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.EncryptionKeyPop;

/**
 * Proofs of possession of forward-secure encryption keys ({@code encryption_key_pop.rs}): with
 * {@code base = RO_G1("ic-pop-encryption", {g1, y, associated data})}, prove knowledge of x with
 * {@code y = g1^x} and {@code popKey = base^x}.
 */
public final class KeyPops {
  private KeyPops() {}

  private static final String DOMAIN = "ic-pop-encryption";

  private static byte[] instanceHash(G1Point y, byte[] associatedData) {
    return new RandomOracle.HashedMap()
        .put("g1-generator", RandomOracle.of(G1Point.generator()))
        .put("public-key", RandomOracle.of(y))
        .put("associated-data", RandomOracle.ofBytes(associatedData))
        .uniqueHash();
  }

  private static Scalar challenge(G1Point y, G1Point base, G1Point popKey, G1Point blinderY, G1Point blinderPop) {
    byte[] h =
        new RandomOracle.HashedMap()
            .put("public-key", RandomOracle.of(y))
            .put("pop-base", RandomOracle.of(base))
            .put("pop-key", RandomOracle.of(popKey))
            .put("blinder-public-key", RandomOracle.of(blinderY))
            .put("blinder-pop-key", RandomOracle.of(blinderPop))
            .uniqueHash();
    return RandomOracle.toScalar(DOMAIN, h);
  }

  /** Proves possession of {@code x} for {@code y = g1^x} (constant time in x and the nonce). */
  public static EncryptionKeyPop prove(G1Point y, Scalar x, byte[] associatedData, RandomGenerator rng) {
    G1Point base = RandomOracle.toG1(DOMAIN, instanceHash(y, associatedData));
    G1Point popKey = base.multiply(x);
    Scalar k = Scalar.random(rng);
    G1Point blinderY = G1Point.generator().multiply(k);
    G1Point blinderPop = base.multiply(k);
    Scalar c = challenge(y, base, popKey, blinderY, blinderPop);
    return new EncryptionKeyPop(popKey, c, c.multiply(x).add(k));
  }

  /** Whether {@code pop} proves possession of the key behind {@code y} for the associated data. */
  public static boolean verify(G1Point y, EncryptionKeyPop pop, byte[] associatedData) {
    G1Point base = RandomOracle.toG1(DOMAIN, instanceHash(y, associatedData));
    Scalar minusC = pop.challenge().negate();
    G1Point blinderY =
        G1Point.multiScalarMultiply(List.of(y, G1Point.generator()), List.of(minusC, pop.response()));
    G1Point blinderPop =
        G1Point.multiScalarMultiply(List.of(pop.popKey(), base), List.of(minusC, pop.response()));
    return challenge(y, base, pop.popKey(), blinderY, blinderPop).equals(pop.challenge());
  }
}
