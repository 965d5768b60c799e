package org.jicp.consensus.certification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ThresholdSignatureShare;
import org.jicp.consensus.component.Membership;
import org.jicp.consensus.crypto.ConsensusCrypto;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.ports.StateHashToCertify;
import org.jicp.types.ports.StateManager;

/**
 * The certifier of one node (dfinity/ic {@code rs/consensus/certification/src/certifier.rs}):
 * signs the root hashes of the committed states with this node's share of the subnet's active
 * high-threshold key, aggregates shares into the subnet's certification, and validates peers'
 * shares and certifications. Like the consensus components it is a function of its inputs — the
 * certification pool, the consensus pool (which transcript is active at a height, the CUP height)
 * and the state manager's hashes to certify — returning {@link CertificationChange}s in the IC's
 * order: sign, purge, aggregate, validate.
 *
 * <p>Safety: a certification needs the threshold (2f+1 of 3f+1) of shares on the same root hash
 * by the key active at its height, so at least f+1 honest nodes computed that state; invalid
 * shares (signature, signer outside the committee) are dropped, a certification is accepted only
 * if its signature verifies under that key (whose group key is the subnet public key, constant
 * across resharings), and the state manager takes a certification only for its own root hash.
 * Liveness: every honest committee member signs each committed state once; the 2f+1 honest
 * members' shares on the same (deterministic) state reach the threshold.
 */
public final class Certifier {
  private final NodeId self;
  private final Membership membership;
  private final ConsensusCrypto crypto;
  private final StateManager<?> stateManager;
  private long purgedBelow;
  private long unvalidatedPurgedBelow;

  /** The certifier of node {@code self}. */
  public Certifier(NodeId self, Membership membership, ConsensusCrypto crypto, StateManager<?> stateManager) {
    this.self = Objects.requireNonNull(self, "self");
    this.membership = Objects.requireNonNull(membership, "membership");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.stateManager = Objects.requireNonNull(stateManager, "stateManager");
    if (!crypto.self().equals(self)) {
      throw new IllegalArgumentException("the crypto of " + crypto.self() + " given to " + self);
    }
  }

  /** The next changes, empty when there is nothing to do. */
  public List<CertificationChange> onStateChange(CertificationPool pool, PoolReader consensus) {
    List<StateHashToCertify> todo = new ArrayList<>();
    for (StateHashToCertify s : stateManager.listStateHashesToCertify()) {
      if (pool.certification(s.height()).isEmpty()) {
        todo.add(s);
      }
    }
    List<CertificationChange> out = sign(pool, consensus, todo);
    if (!out.isEmpty()) {
      return out;
    }
    out = purge(consensus);
    if (!out.isEmpty()) {
      return out;
    }
    out = aggregate(pool, consensus, todo);
    if (!out.isEmpty()) {
      return out;
    }
    return validate(pool, consensus, todo);
  }

  private Optional<DkgTranscript> transcript(PoolReader consensus, Height h) {
    return membership.activeTranscript(consensus, h, NiDkgTag.HIGH_THRESHOLD);
  }

  private List<CertificationChange> sign(CertificationPool pool, PoolReader consensus, List<StateHashToCertify> todo) {
    List<CertificationChange> out = new ArrayList<>();
    for (StateHashToCertify s : todo) {
      Optional<DkgTranscript> t = transcript(consensus, s.height());
      if (t.isEmpty() || t.get().indexOf(self) < 0) {
        continue;
      }
      boolean signed = pool.shares(s.height()).stream().anyMatch(x -> x.signature().signer().equals(self));
      if (!signed) {
        Bytes sig = crypto.signThreshold(t.get(), CertificationMessage.signedBytes(s.rootHash()));
        out.add(new CertificationChange.AddToValidated(new CertificationShare(s.height(), s.rootHash(), new ThresholdSignatureShare(self, sig))));
      }
    }
    return out;
  }

  /**
   * Everything {@code MINIMUM_CHAIN_LENGTH} heights below the catch-up package goes (as in the
   * IC); unvalidated artifacts at or below the certified height are no longer needed here.
   */
  private List<CertificationChange> purge(PoolReader consensus) {
    long below = Math.max(0, consensus.catchUpHeight().value() - ConsensusConfig.MINIMUM_CHAIN_LENGTH);
    long unvalidatedBelow = stateManager.latestCertifiedHeight().value() + 1;
    if (below <= purgedBelow && unvalidatedBelow <= unvalidatedPurgedBelow) {
      return List.of();
    }
    purgedBelow = Math.max(purgedBelow, below);
    unvalidatedPurgedBelow = Math.max(unvalidatedPurgedBelow, unvalidatedBelow);
    return List.of(new CertificationChange.Purge(Height.of(purgedBelow), Height.of(unvalidatedPurgedBelow)));
  }

  private List<CertificationChange> aggregate(CertificationPool pool, PoolReader consensus, List<StateHashToCertify> todo) {
    List<CertificationChange> out = new ArrayList<>();
    for (StateHashToCertify s : todo) {
      Optional<DkgTranscript> t = transcript(consensus, s.height());
      if (t.isEmpty()) {
        continue;
      }
      Map<Bytes, List<ThresholdSignatureShare>> byRoot = new LinkedHashMap<>();
      for (CertificationShare share : pool.shares(s.height())) {
        byRoot.computeIfAbsent(share.rootHash(), k -> new ArrayList<>()).add(share.signature());
      }
      for (Map.Entry<Bytes, List<ThresholdSignatureShare>> e : byRoot.entrySet()) {
        if (e.getValue().size() >= t.get().threshold()) {
          Bytes sig = crypto.combineThreshold(t.get(), CertificationMessage.signedBytes(e.getKey()), e.getValue());
          out.add(new CertificationChange.AddToValidated(new FullCertification(s.height(), e.getKey(), new ThresholdSignature(sig, t.get().dkgId()))));
          break;
        }
      }
    }
    return out;
  }

  private List<CertificationChange> validate(CertificationPool pool, PoolReader consensus, List<StateHashToCertify> todo) {
    List<CertificationChange> out = new ArrayList<>();
    for (StateHashToCertify s : todo) {
      Height h = s.height();
      List<CertificationMessage> unvalidated = pool.unvalidated(h);
      if (unvalidated.isEmpty()) {
        continue;
      }
      Optional<DkgTranscript> t = transcript(consensus, h);
      if (t.isEmpty()) {
        continue;
      }
      if (validateCertifications(unvalidated, t.get(), out)) {
        continue;
      }
      validateShares(pool, unvalidated, t.get(), out);
    }
    return out;
  }

  /** True if a valid certification was found (then the shares of that height are not needed). */
  private boolean validateCertifications(List<CertificationMessage> unvalidated, DkgTranscript t, List<CertificationChange> out) {
    for (CertificationMessage m : unvalidated) {
      if (!(m instanceof FullCertification c)) {
        continue;
      }
      if (!c.signature().signer().equals(t.dkgId())) {
        out.add(new CertificationChange.HandleInvalid(c, "signed by " + c.signature().signer() + ", the active high-threshold key is " + t.dkgId()));
      } else if (!crypto.verifyThreshold(t, c.signedBytes(), c.signature().signature())) {
        out.add(new CertificationChange.HandleInvalid(c, "the certification's threshold signature does not verify"));
      } else {
        out.add(new CertificationChange.MoveToValidated(c));
        for (CertificationMessage other : unvalidated) {
          if (other != c && !(other instanceof FullCertification)) {
            out.add(new CertificationChange.RemoveFromUnvalidated(other));
          }
        }
        return true;
      }
    }
    return false;
  }

  private void validateShares(CertificationPool pool, List<CertificationMessage> unvalidated, DkgTranscript t, List<CertificationChange> out) {
    List<NodeId> signed = new ArrayList<>();
    for (CertificationShare v : pool.shares(unvalidated.get(0).height())) {
      signed.add(v.signature().signer());
    }
    Map<Bytes, List<CertificationShare>> byRoot = new LinkedHashMap<>();
    for (CertificationMessage m : unvalidated) {
      if (!(m instanceof CertificationShare s)) {
        continue;
      }
      NodeId signer = s.signature().signer();
      if (t.indexOf(signer) < 0) {
        out.add(new CertificationChange.HandleInvalid(s, signer + " holds no share of the active high-threshold key " + t.dkgId()));
      } else if (signed.contains(signer)) {
        out.add(new CertificationChange.RemoveFromUnvalidated(s));
      } else {
        byRoot.computeIfAbsent(s.rootHash(), k -> new ArrayList<>()).add(s);
      }
    }
    for (Map.Entry<Bytes, List<CertificationShare>> e : byRoot.entrySet()) {
      List<CertificationShare> shares = e.getValue();
      boolean[] ok = crypto.verifyThresholdShares(t, CertificationMessage.signedBytes(e.getKey()), shares.stream().map(CertificationShare::signature).toList());
      for (int i = 0; i < shares.size(); i++) {
        CertificationShare s = shares.get(i);
        if (ok[i] && !signed.contains(s.signature().signer())) {
          signed.add(s.signature().signer());
          out.add(new CertificationChange.MoveToValidated(s));
        } else if (ok[i]) {
          out.add(new CertificationChange.RemoveFromUnvalidated(s));
        } else {
          out.add(new CertificationChange.HandleInvalid(s, "the certification share's signature does not verify"));
        }
      }
    }
  }
}
