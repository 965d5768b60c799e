package org.jicp.consensus.pool;

import java.util.Objects;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.types.Height;

/**
 * One change a component asks of the artifact pool (the IC's {@code ChangeAction}). Components
 * never mutate the pool; they return these, and the node applies them.
 */
public sealed interface ChangeAction {
  private static java.util.Set<ArtifactType> enumSet(java.util.Set<ArtifactType> types) {
    java.util.EnumSet<ArtifactType> s = java.util.EnumSet.noneOf(ArtifactType.class);
    s.addAll(types);
    return java.util.Collections.unmodifiableSet(s);
  }

  /** Adds an artifact this node made to the validated section (and so to what it gossips). */
  record AddToValidated(ConsensusMessage message) implements ChangeAction {
    /** Validates the component. */
    public AddToValidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Moves an artifact that passed validation from the unvalidated to the validated section. */
  record MoveToValidated(ConsensusMessage message) implements ChangeAction {
    /** Validates the component. */
    public MoveToValidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Drops an unvalidated artifact that is no longer useful (a duplicate, or obsolete). */
  record RemoveFromUnvalidated(ConsensusMessage message) implements ChangeAction {
    /** Validates the component. */
    public RemoveFromUnvalidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Drops an unvalidated artifact that broke a rule, saying which. */
  record HandleInvalid(ConsensusMessage message, String reason) implements ChangeAction {
    /** Validates the components. */
    public HandleInvalid {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Drops validated artifacts of the given types below {@code height} (all types if empty). */
  record PurgeValidatedBelow(Height height, java.util.Set<ArtifactType> types) implements ChangeAction {
    /** Validates and copies the components. */
    public PurgeValidatedBelow {
      Objects.requireNonNull(height, "height");
      types = ChangeAction.enumSet(types);
    }
  }

  /** Drops unvalidated artifacts of the given types below {@code height} (all types if empty). */
  record PurgeUnvalidatedBelow(Height height, java.util.Set<ArtifactType> types) implements ChangeAction {
    /** Validates and copies the components. */
    public PurgeUnvalidatedBelow {
      Objects.requireNonNull(height, "height");
      types = ChangeAction.enumSet(types);
    }
  }

  /** Drops one validated artifact (e.g. a proposal that lost at a finalized height). */
  record RemoveFromValidated(ConsensusMessage message) implements ChangeAction {
    /** Validates the component. */
    public RemoveFromValidated {
      Objects.requireNonNull(message, "message");
    }
  }
}
