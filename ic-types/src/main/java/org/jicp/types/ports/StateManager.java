package org.jicp.types.ports;

import java.util.List;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * The state manager (dfinity/ic {@code StateManager} and {@code StateReader}): keeps the states of
 * recent heights, hands the tip to execution, takes the executed state back, and tracks its
 * certification. Generic in the state type so that consensus (which sees only hashes) does not
 * depend on {@code ic-state}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #takeTip()} returns the latest committed state and its height; execution builds
 *       the state of height {@code h + 1} from it and passes it to {@link #commitAndCertify}.
 *   <li>{@link #commitAndCertify} accepts only the height after the latest state height; the
 *       state's certified-tree root hash then appears in {@link #listStateHashesToCertify()} until
 *       a matching certification is delivered. With {@link CertificationScope#FULL} the state is
 *       also checkpointed and {@link #fullStateHash} eventually answers for its height.
 *   <li>{@link #deliverStateCertification} ignores a certification whose root hash differs from
 *       the committed state's (and says so in its return value); otherwise the state of that
 *       height becomes certified and {@link #latestCertifiedHeight()} never decreases.
 *   <li>The latest state and the latest certified state are readable concurrently with commits.
 * </ul>
 *
 * @param <S> the state type
 */
public interface StateManager<S> {
  /** A state and its height. */
  record Tip<S>(Height height, S state) {}

  /** The latest committed state and its height, to execute the next batch on. */
  Tip<S> takeTip();

  /**
   * Commits {@code state} as the state of {@code height} (the latest state height plus one).
   *
   * @throws IllegalArgumentException if {@code height} is not the next height
   */
  void commitAndCertify(S state, Height height, CertificationScope scope);

  /** Committed states not certified yet, in increasing height. */
  List<StateHashToCertify> listStateHashesToCertify();

  /**
   * Delivers a certification. Returns whether it was taken: false when no committed state of its
   * height is known any more, or when its root hash differs from the committed state's.
   */
  boolean deliverStateCertification(Certification certification);

  /** The height of the latest committed state. */
  Height latestStateHeight();

  /** The latest committed state. */
  S latestState();

  /** The height of the latest certified state ({@link Height#ZERO} before any). */
  Height latestCertifiedHeight();

  /** The latest certified state with its certification, if any state is certified. */
  Optional<CertifiedState<S>> latestCertifiedState();

  /**
   * The full state hash (manifest root hash) of the checkpoint at {@code height}, once computed;
   * what a catch-up package carries. Empty if there is no checkpoint at that height (yet).
   */
  Optional<Bytes> fullStateHash(Height height);

  /** Forgets states below {@code height} (the latest state and checkpoints are kept). */
  void removeStatesBelow(Height height);
}
