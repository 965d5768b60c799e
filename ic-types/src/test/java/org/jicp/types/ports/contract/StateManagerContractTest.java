package org.jicp.types.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertificationScope;
import org.jicp.types.ports.CertifiedState;
import org.jicp.types.ports.StateHashToCertify;
import org.jicp.types.ports.StateManager;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StateManager} (see its Javadoc), for every implementation to subclass:
 * commits only at the next height, hashes to certify until a matching certification arrives,
 * certifications with another root hash or of unknown heights refused, the certified height never
 * decreasing, full state hashes at checkpoints only, and forgetting old states keeps the latest.
 *
 * <p>The state manager does not verify the certification's signature (the certifier did), so the
 * certifications here carry a dummy signature.
 *
 * @param <S> the state type
 */
public abstract class StateManagerContractTest<S> {
  /** A subnet id for the certifications of these tests. */
  protected static final SubnetId SUBNET = new SubnetId(Principal.fromBytes(new byte[] {0x73, 0x75, 0x62}));

  /** A fresh state manager whose latest state is at height 0. */
  protected abstract StateManager<S> create();

  /**
   * A state for {@code height} built on {@code base}; states with different {@code salt}s must
   * have different certified-tree root hashes.
   */
  protected abstract S successor(S base, Height height, long salt);

  /** Waits until the checkpoint of {@code height} is hashed (a no-op when that is synchronous). */
  protected void awaitCheckpoint(StateManager<S> sm, Height height) {}

  private static Certification certify(StateHashToCertify h) {
    return new Certification(h.height(), h.rootHash(), Bytes.of(new byte[48]), SUBNET);
  }

  private Height commit(StateManager<S> sm, long salt, CertificationScope scope) {
    StateManager.Tip<S> tip = sm.takeTip();
    Height h = tip.height().increment();
    sm.commitAndCertify(successor(tip.state(), h, salt), h, scope);
    return h;
  }

  private static StateHashToCertify toCertify(StateManager<?> sm, Height h) {
    return sm.listStateHashesToCertify().stream().filter(x -> x.height().equals(h)).findFirst().orElseThrow();
  }

  @Test
  void takeTip_fresh_heightZeroAndNothingCertified() {
    StateManager<S> sm = create();
    assertThat(sm.takeTip().height()).isEqualTo(Height.ZERO);
    assertThat(sm.latestStateHeight()).isEqualTo(Height.ZERO);
    assertThat(sm.latestCertifiedHeight()).isEqualTo(Height.ZERO);
    assertThat(sm.latestCertifiedState()).isEmpty();
    assertThat(sm.listStateHashesToCertify()).isEmpty();
  }

  @Test
  void commitAndCertify_nextHeight_tipAndHashToCertify() {
    StateManager<S> sm = create();
    Height h = commit(sm, 1, CertificationScope.METADATA);
    assertThat(h).isEqualTo(Height.of(1));
    assertThat(sm.latestStateHeight()).isEqualTo(h);
    assertThat(sm.takeTip().height()).isEqualTo(h);
    List<StateHashToCertify> todo = sm.listStateHashesToCertify();
    assertThat(todo).hasSize(1);
    assertThat(todo.get(0).height()).isEqualTo(h);
    assertThat(todo.get(0).rootHash().length()).isEqualTo(32);
  }

  @Test
  void commitAndCertify_notTheNextHeight_throwsAndChangesNothing() {
    StateManager<S> sm = create();
    commit(sm, 1, CertificationScope.METADATA);
    StateManager.Tip<S> tip = sm.takeTip();
    assertThatThrownBy(() -> sm.commitAndCertify(successor(tip.state(), Height.of(3), 2), Height.of(3), CertificationScope.METADATA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sm.commitAndCertify(successor(tip.state(), Height.of(1), 3), Height.of(1), CertificationScope.METADATA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sm.latestStateHeight()).isEqualTo(Height.of(1));
    assertThat(sm.listStateHashesToCertify()).hasSize(1);
  }

  @Test
  void commitAndCertify_differentStates_differentRootHashes() {
    StateManager<S> a = create();
    StateManager<S> b = create();
    commit(a, 1, CertificationScope.METADATA);
    commit(b, 2, CertificationScope.METADATA);
    assertThat(toCertify(a, Height.of(1)).rootHash()).isNotEqualTo(toCertify(b, Height.of(1)).rootHash());
  }

  @Test
  void deliverStateCertification_matchingRootHash_stateCertified() {
    StateManager<S> sm = create();
    Height h1 = commit(sm, 1, CertificationScope.METADATA);
    Height h2 = commit(sm, 2, CertificationScope.METADATA);
    Certification c = certify(toCertify(sm, h1));
    assertThat(sm.deliverStateCertification(c)).isTrue();
    assertThat(sm.latestCertifiedHeight()).isEqualTo(h1);
    CertifiedState<S> cs = sm.latestCertifiedState().orElseThrow();
    assertThat(cs.height()).isEqualTo(h1);
    assertThat(cs.certification()).isEqualTo(c);
    assertThat(sm.listStateHashesToCertify()).extracting(StateHashToCertify::height).containsExactly(h2);
  }

  @Test
  void deliverStateCertification_otherRootHash_refusedAndNothingChanges() {
    StateManager<S> sm = create();
    Height h = commit(sm, 1, CertificationScope.METADATA);
    byte[] wrong = toCertify(sm, h).rootHash().toByteArray();
    wrong[0] ^= 1;
    assertThat(sm.deliverStateCertification(new Certification(h, Bytes.of(wrong), Bytes.of(new byte[48]), SUBNET))).isFalse();
    assertThat(sm.latestCertifiedHeight()).isEqualTo(Height.ZERO);
    assertThat(sm.latestCertifiedState()).isEmpty();
    assertThat(sm.listStateHashesToCertify()).hasSize(1);
  }

  @Test
  void deliverStateCertification_unknownHeight_refused() {
    StateManager<S> sm = create();
    commit(sm, 1, CertificationScope.METADATA);
    Certification c = new Certification(Height.of(7), Bytes.of(new byte[32]), Bytes.of(new byte[48]), SUBNET);
    assertThat(sm.deliverStateCertification(c)).isFalse();
    assertThat(sm.latestCertifiedHeight()).isEqualTo(Height.ZERO);
  }

  @Test
  void latestCertifiedHeight_olderCertificationAfterNewer_neverDecreases() {
    StateManager<S> sm = create();
    Height h1 = commit(sm, 1, CertificationScope.METADATA);
    Height h2 = commit(sm, 2, CertificationScope.METADATA);
    Certification c1 = certify(toCertify(sm, h1));
    Certification c2 = certify(toCertify(sm, h2));
    assertThat(sm.deliverStateCertification(c2)).isTrue();
    sm.deliverStateCertification(c1);
    assertThat(sm.latestCertifiedHeight()).isEqualTo(h2);
    assertThat(sm.latestCertifiedState().orElseThrow().height()).isEqualTo(h2);
  }

  @Test
  void fullStateHash_fullScopeOnly() {
    StateManager<S> sm = create();
    Height h1 = commit(sm, 1, CertificationScope.METADATA);
    Height h2 = commit(sm, 2, CertificationScope.FULL);
    awaitCheckpoint(sm, h2);
    assertThat(sm.fullStateHash(h2)).isPresent();
    assertThat(sm.fullStateHash(h2).get().length()).isEqualTo(32);
    assertThat(sm.fullStateHash(h1)).isEmpty();
    assertThat(sm.fullStateHash(Height.of(99))).isEmpty();
  }

  @Test
  void removeStatesBelow_keepsTheLatestAndCertifiedState() {
    StateManager<S> sm = create();
    Height last = Height.ZERO;
    for (int i = 1; i <= 5; i++) {
      last = commit(sm, i, CertificationScope.METADATA);
    }
    assertThat(sm.deliverStateCertification(certify(toCertify(sm, last)))).isTrue();
    sm.removeStatesBelow(Height.of(4));
    assertThat(sm.latestStateHeight()).isEqualTo(last);
    assertThat(sm.takeTip().height()).isEqualTo(last);
    assertThat(sm.latestCertifiedState().orElseThrow().height()).isEqualTo(last);
    Height next = commit(sm, 6, CertificationScope.METADATA);
    assertThat(next).isEqualTo(last.increment());
  }
}
