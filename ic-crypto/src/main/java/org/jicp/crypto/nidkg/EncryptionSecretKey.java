package org.jicp.crypto.nidkg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.G2Prepared;
import org.jicp.crypto.bls12381.Gt;
import org.jicp.crypto.bls12381.PairingProduct;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.internal.Chunks;
import org.jicp.crypto.nidkg.internal.Dlog;
import org.jicp.crypto.nidkg.internal.FsEncryption;
import org.jicp.crypto.nidkg.internal.KeyPops;
import org.jicp.crypto.nidkg.internal.Params;
import org.jicp.crypto.nidkg.internal.SysParams;

/**
 * A forward-secure decryption key (binary-tree encryption of Groth 2021 section 7, {@code
 * forward_secure.rs}): a list of tree nodes covering the current epoch and every later one.
 * Updating to an epoch derives (and re-randomises) the nodes of the epochs from there on and drops
 * every node that could reach an earlier epoch, so that ciphertexts of past epochs can no longer be
 * decrypted, even by whoever steals the key later.
 *
 * <p>A mutable secret: no value {@code equals}, no printing, not thread-safe. {@link #destroy()}
 * drops the nodes; the JVM cannot promise that no copy of a point survives in memory until garbage
 * collection.
 */
public final class EncryptionSecretKey implements Destroyable {
  /** Nodes in the IC's order: the last one is the current epoch's key. */
  private final Deque<BteNode> nodes = new ArrayDeque<>();

  EncryptionSecretKey(List<BteNode> nodes) {
    this.nodes.addAll(nodes);
  }

  /**
   * Generates a key pair ({@code kgen}): {@code y = g1^x}, the root node {@code (g1^ρ, g2^x f0^ρ,
   * f_1^ρ…f_32^ρ, f_h^ρ…, h^ρ)} and a proof of possession over {@code associatedData} (the IC uses
   * the node id). About 290 multiplications in G2.
   */
  public static EncryptionKeyPair generate(Bytes associatedData, RandomGenerator rng) {
    Objects.requireNonNull(associatedData, "associatedData");
    Objects.requireNonNull(rng, "rng");
    SysParams sys = SysParams.get();
    Scalar x = Scalar.random(rng);
    Scalar rho = Scalar.random(rng);
    G1Point a = G1Point.generator().multiply(rho);
    G2Point b = G2Point.generator().multiply(x).add(sys.f0.multiply(rho));
    List<G2Point> dT = new ArrayList<>(Params.LAMBDA_T);
    for (G2Point f : sys.f) {
      dT.add(f.multiply(rho));
    }
    List<G2Point> dH = new ArrayList<>(Params.LAMBDA_H);
    for (G2Point f : sys.fh) {
      dH.add(f.multiply(rho));
    }
    G2Point e = sys.h.multiply(rho);
    G1Point y = G1Point.generator().multiply(x);
    EncryptionKeyPop pop = KeyPops.prove(y, x, associatedData.toByteArray(), rng);
    EncryptionSecretKey sk = new EncryptionSecretKey(List.of(new BteNode(0, 0, a, b, dT, dH, e)));
    return new EncryptionKeyPair(new EncryptionPublicKey(y, pop), sk);
  }

  /**
   * The public half of {@link #generate}: the key {@code y = g1^x} and its proof of possession,
   * without the decryption key's root node. It draws the same randomness in the same order as
   * {@link #generate} (x, ρ, then the proof's), so from two generators in the same state both give
   * the same public key. For hosts that simulate nodes from seeds: one G1 multiplication and the
   * proof instead of about 290 multiplications in G2; the decryption key can be generated from the
   * same seed when it is needed.
   */
  public static EncryptionPublicKey generatePublicKey(Bytes associatedData, RandomGenerator rng) {
    Objects.requireNonNull(associatedData, "associatedData");
    Objects.requireNonNull(rng, "rng");
    Scalar x = Scalar.random(rng);
    Scalar.random(rng); // ρ: drawn as generate draws it, so that the proof's randomness matches
    G1Point y = G1Point.generator().multiply(x);
    return new EncryptionPublicKey(y, KeyPops.prove(y, x, associatedData.toByteArray(), rng));
  }

  /** The current epoch (the first epoch the key can still decrypt), empty once exhausted. */
  public Optional<Epoch> currentEpoch() {
    BteNode last = nodes.peekLast();
    return last == null ? Optional.empty() : Optional.of(last.firstEpoch());
  }

  /** Whether ciphertexts of {@code epoch} can still be decrypted with this key. */
  public boolean canDecrypt(Epoch epoch) {
    return findPrefix(epoch) != null;
  }

  /** The number of tree nodes held (at most 33). */
  public int nodeCount() {
    return nodes.size();
  }

  List<BteNode> nodes() {
    return List.copyOf(nodes);
  }

  private BteNode findPrefix(Epoch epoch) {
    for (BteNode n : nodes) {
      if (n.isPrefixOf(epoch)) {
        return n;
      }
    }
    return null;
  }

  /**
   * Updates the key to {@code epoch} ({@code update_to}): afterwards ciphertexts of earlier epochs
   * cannot be decrypted. An epoch before the current one leaves the key unchanged (it never moves
   * back), as in the IC. Costs up to about 32 × 290 multiplications in G2 (for the first update of
   * a fresh key to a low epoch); one epoch at a time costs two blindings on average.
   */
  public void updateTo(Epoch epoch, RandomGenerator rng) {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(rng, "rng");
    Optional<Epoch> current = currentEpoch();
    if (current.isPresent() && current.get().compareTo(epoch) > 0) {
      return;
    }
    while (!nodes.isEmpty() && !nodes.peekLast().isPrefixOf(epoch)) {
      nodes.pollLast();
    }
    if (nodes.isEmpty()) {
      return;
    }
    BteNode node = nodes.pollLast();
    if (node.tauLength() == Params.LAMBDA_T) {
      nodes.addLast(node);
      return;
    }
    SysParams sys = SysParams.get();
    Deque<G2Point> dT = new ArrayDeque<>(node.dT());
    G2Point bAcc = node.b();
    G2Point fAcc = sys.f0;
    for (int i = 0; i < node.tauLength(); i++) {
      if (node.bit(i) == 1) {
        fAcc = fAcc.add(sys.f.get(i));
      }
    }
    long tau = node.tauBits();
    for (int n = node.tauLength(); n < Params.LAMBDA_T; n++) {
      int bit = epoch.bit(n);
      if (bit == 0) {
        // keep the right subtree (path tau || 1) for later epochs, re-randomised by delta
        Scalar delta = Scalar.random(rng);
        G1Point aBlind = G1Point.generator().multiply(delta).add(node.a());
        G2Point bBlind = dT.pollFirst().add(bAcc).add(fAcc.add(sys.f.get(n)).multiply(delta));
        G2Point eBlind = sys.h.multiply(delta).add(node.e());
        List<G2Point> dTBlind = new ArrayList<>(dT.size());
        int k = n + 1;
        for (G2Point d : dT) {
          dTBlind.add(sys.f.get(k++).multiply(delta).add(d));
        }
        nodes.addLast(new BteNode(tau | (1L << (31 - n)), n + 1, aBlind, bBlind, dTBlind, blindH(node, delta), eBlind));
      } else {
        fAcc = fAcc.add(sys.f.get(n));
        bAcc = bAcc.add(dT.pollFirst());
        tau |= 1L << (31 - n);
      }
    }
    Scalar delta = Scalar.random(rng);
    G1Point a = G1Point.generator().multiply(delta).add(node.a());
    G2Point e = sys.h.multiply(delta).add(node.e());
    G2Point b = bAcc.add(fAcc.multiply(delta));
    nodes.addLast(new BteNode(tau, Params.LAMBDA_T, a, b, List.of(), blindH(node, delta), e));
  }

  private static List<G2Point> blindH(BteNode node, Scalar delta) {
    SysParams sys = SysParams.get();
    List<G2Point> dH = new ArrayList<>(Params.LAMBDA_H);
    for (int i = 0; i < Params.LAMBDA_H; i++) {
      dH.add(sys.fh.get(i).multiply(delta).add(node.dH().get(i)));
    }
    return dH;
  }

  /**
   * Moves to the next epoch ({@code update}, KUpd(dk, 1) of Groth 2021 section 9.1): the current
   * epoch's key is dropped.
   */
  public void update(RandomGenerator rng) {
    Optional<Epoch> current = currentEpoch();
    if (current.isEmpty()) {
      return;
    }
    updateTo(current.get(), rng);
    nodes.pollLast();
    Optional<Epoch> next = currentEpoch();
    if (next.isPresent()) {
      updateTo(next.get(), rng);
    }
  }

  /**
   * Decrypts receiver {@code receiverIndex}'s share from a ciphertext of {@code epoch} ({@code
   * dec_chunks}): for each chunk j, {@code e(C_ij, g2) e(R_j, b_τ)^{-1} e(a, Z_j) e(S_j, e)^{-1} =
   * e(g1, g2)^{m_j}}, then the discrete logarithms, then {@code Σ m_j 2^{16(15−j)}}.
   *
   * <p>A chunk outside [0, 2^16) (a cheating dealer's — or every chunk, when the key is not
   * receiver {@code receiverIndex}'s) sends the search to the slow solver of {@link Dlog}, which
   * can take hours; it stops when the thread is interrupted.
   *
   * @throws DecryptionException if the key was updated past the epoch, a chunk's logarithm is out
   *     of every allowed range, or the thread was interrupted during the slow search
   */
  Scalar decrypt(FsCiphertext ct, int receiverIndex, Epoch epoch, byte[] associatedData, int dealerIndex) {
    if (receiverIndex < 0 || receiverIndex >= ct.receivers()) {
      throw new DecryptionException(
          DecryptionException.Reason.NO_SUCH_RECEIVER,
          dealerIndex,
          receiverIndex,
          "the ciphertext has " + ct.receivers() + " receivers");
    }
    Optional<Epoch> current = currentEpoch();
    BteNode dk = findPrefix(epoch);
    if (dk == null) {
      throw new DecryptionException(
          DecryptionException.Reason.EPOCH_TOO_OLD,
          dealerIndex,
          receiverIndex,
          "the key is at epoch "
              + current.map(c -> Long.toString(c.value())).orElse("(exhausted)")
              + ", the ciphertext is of epoch "
              + epoch.value());
    }
    byte[] tau =
        FsEncryption.extendedTau(epoch, FsEncryption.tauHash(ct.chunks(), ct.randR(), ct.randS(), epoch, associatedData));
    G2Point b = dk.b();
    for (int i = 0; i < dk.dT().size(); i++) {
      if (tau[dk.tauLength() + i] == 1) {
        b = b.add(dk.dT().get(i));
      }
    }
    for (int k = 0; k < Params.LAMBDA_H; k++) {
      if (tau[Params.LAMBDA_T + k] == 1) {
        b = b.add(dk.dH().get(k));
      }
    }
    G2Prepared bNeg = G2Prepared.of(b.negate());
    G2Prepared eNeg = G2Prepared.of(dk.e().negate());
    List<G1Point> c = ct.chunks().get(receiverIndex);
    Scalar[] m = new Scalar[Params.NUM_CHUNKS];
    Gt[] cheating = new Gt[Params.NUM_CHUNKS];
    boolean honest = true;
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      Gt power =
          new PairingProduct()
              .add(c.get(j), FsEncryption.G2_GENERATOR)
              .add(ct.randR().get(j), bNeg)
              .add(dk.a(), ct.randZ().get(j))
              .add(ct.randS().get(j), eNeg)
              .value();
      int v = Dlog.solveHonest(power);
      if (v >= 0) {
        m[j] = Scalar.fromLong(v);
      } else {
        cheating[j] = power;
        honest = false;
      }
    }
    if (!honest) {
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        if (cheating[j] != null) {
          try {
            m[j] = Dlog.solveCheating(cheating[j], ct.receivers());
          } catch (java.util.concurrent.CancellationException e) {
            throw new DecryptionException(
                DecryptionException.Reason.INTERRUPTED,
                dealerIndex,
                receiverIndex,
                "interrupted while searching the discrete logarithm of out-of-range chunk " + j);
          }
          if (m[j] == null) {
            throw new DecryptionException(
                DecryptionException.Reason.UNSOLVABLE_CHUNK,
                dealerIndex,
                receiverIndex,
                "chunk " + j + " has no discrete logarithm in the range the proof of chunking allows");
          }
        }
      }
    }
    return Chunks.recombine(m);
  }

  @Override
  public void destroy() {
    nodes.clear();
  }

  @Override
  public boolean isDestroyed() {
    return nodes.isEmpty();
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "EncryptionSecretKey(epoch=" + currentEpoch().map(e -> Long.toString(e.value())).orElse("none") + ", ***)";
  }
}
