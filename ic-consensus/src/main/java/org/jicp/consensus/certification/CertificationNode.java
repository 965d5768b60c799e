package org.jicp.consensus.certification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jicp.consensus.ConsensusException;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.StateHashToCertify;
import org.jicp.types.ports.StateManager;

/**
 * The imperative shell around one node's {@link Certifier}: it owns the certification pool, takes
 * artifacts from peers, applies the certifier's changes until there are none, delivers every
 * validated certification of a state waiting for one to the {@link StateManager} (as the IC's
 * certifier does at the start of each {@code on_state_change}), and reports what to gossip.
 */
public final class CertificationNode {
  /** A cap on change sets per step. */
  static final int MAX_ITERATIONS = 10_000;

  /**
   * What one step did.
   *
   * @param created the shares and certifications this node made (to gossip)
   * @param invalid the artifacts dropped as invalid, with the rule they broke
   * @param delivered how many certifications the state manager took
   */
  public record StepResult(List<CertificationMessage> created, List<CertificationChange.HandleInvalid> invalid, int delivered) {}

  private final SubnetId subnet;
  private final Certifier certifier;
  private final StateManager<?> stateManager;
  private final CertificationPool pool;

  /** The certification of a node of {@code subnet}, with an empty pool. */
  public CertificationNode(SubnetId subnet, Certifier certifier, StateManager<?> stateManager) {
    this(subnet, certifier, stateManager, new CertificationPool());
  }

  /** The certification of a node of {@code subnet} over an existing pool (a restart). */
  public CertificationNode(SubnetId subnet, Certifier certifier, StateManager<?> stateManager, CertificationPool pool) {
    this.subnet = Objects.requireNonNull(subnet, "subnet");
    this.certifier = Objects.requireNonNull(certifier, "certifier");
    this.stateManager = Objects.requireNonNull(stateManager, "stateManager");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /** The node's certification pool. */
  public CertificationPool pool() {
    return pool;
  }

  /** Takes an artifact from a peer; false if it was already known. */
  public boolean receive(CertificationMessage m) {
    return pool.addUnvalidated(m);
  }

  /** Runs the certifier until it has nothing more to do, reading {@code consensus}. */
  public StepResult step(PoolReader consensus) {
    List<CertificationMessage> created = new ArrayList<>();
    List<CertificationChange.HandleInvalid> invalid = new ArrayList<>();
    int delivered = deliver();
    for (int n = 0; ; n++) {
      List<CertificationChange> changes = certifier.onStateChange(pool, consensus);
      if (changes.isEmpty()) {
        break;
      }
      if (n >= MAX_ITERATIONS) {
        throw new ConsensusException("the certifier found no fixpoint after " + MAX_ITERATIONS + " change sets");
      }
      CertificationPool.Applied a = pool.apply(changes);
      created.addAll(a.added());
      invalid.addAll(a.invalid());
      delivered += deliver();
    }
    return new StepResult(created, invalid, delivered);
  }

  private int deliver() {
    int n = 0;
    for (StateHashToCertify s : stateManager.listStateHashesToCertify()) {
      var c = pool.certification(s.height());
      if (c.isPresent() && stateManager.deliverStateCertification(c.get().toCertification(subnet))) {
        n++;
      }
    }
    return n;
  }
}
