package org.jicp.consensus.certification;

import java.util.Objects;
import org.jicp.types.Height;

/** A change the {@link Certifier} asks of the {@link CertificationPool} (dfinity/ic's certification {@code ChangeAction}). */
public sealed interface CertificationChange {
  /** Adds an artifact this node made to the validated section (to be gossiped). */
  record AddToValidated(CertificationMessage message) implements CertificationChange {
    /** Validates the component. */
    public AddToValidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Moves a verified artifact from the unvalidated to the validated section. */
  record MoveToValidated(CertificationMessage message) implements CertificationChange {
    /** Validates the component. */
    public MoveToValidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Drops an unvalidated artifact that is not needed (a duplicate, a height already certified). */
  record RemoveFromUnvalidated(CertificationMessage message) implements CertificationChange {
    /** Validates the component. */
    public RemoveFromUnvalidated {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Drops an unvalidated artifact that breaks a rule, saying which. */
  record HandleInvalid(CertificationMessage message, String reason) implements CertificationChange {
    /** Validates the components. */
    public HandleInvalid {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Drops everything below {@code validatedBelow} and the unvalidated artifacts below {@code unvalidatedBelow}. */
  record Purge(Height validatedBelow, Height unvalidatedBelow) implements CertificationChange {
    /** Validates the components. */
    public Purge {
      Objects.requireNonNull(validatedBelow, "validatedBelow");
      Objects.requireNonNull(unvalidatedBelow, "unvalidatedBelow");
    }
  }
}
