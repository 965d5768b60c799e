package org.jicp.state.replicated;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Principal;

/**
 * Who may read a canister's logs ({@code log_visibility} of {@code canister_settings}):
 * controllers only, everybody, or controllers and the listed viewers.
 *
 * @param kind which rule
 * @param allowedViewers the viewers, for {@link Kind#ALLOWED_VIEWERS} (at most 10)
 */
public record LogVisibility(Kind kind, List<Principal> allowedViewers) {
  /** The most allowed viewers. */
  public static final int MAX_ALLOWED_VIEWERS = 10;

  /** Controllers only (the default). */
  public static final LogVisibility CONTROLLERS = new LogVisibility(Kind.CONTROLLERS, List.of());

  /** Everybody. */
  public static final LogVisibility PUBLIC = new LogVisibility(Kind.PUBLIC, List.of());

  /** The rules. */
  public enum Kind {
    /** Controllers only. */
    CONTROLLERS,
    /** Everybody. */
    PUBLIC,
    /** Controllers and the allowed viewers. */
    ALLOWED_VIEWERS
  }

  /** Validates the components. */
  public LogVisibility {
    Objects.requireNonNull(kind, "kind");
    allowedViewers = List.copyOf(allowedViewers);
    if (kind != Kind.ALLOWED_VIEWERS && !allowedViewers.isEmpty()) {
      throw new IllegalArgumentException("viewers only go with allowed_viewers");
    }
    if (allowedViewers.size() > MAX_ALLOWED_VIEWERS) {
      throw new IllegalArgumentException("at most " + MAX_ALLOWED_VIEWERS + " allowed viewers");
    }
  }

  /** Whether {@code p} may read the logs of a canister with {@code controllers}. */
  public boolean allows(Principal p, List<Principal> controllers) {
    return switch (kind) {
      case PUBLIC -> true;
      case CONTROLLERS -> controllers.contains(p);
      case ALLOWED_VIEWERS -> controllers.contains(p) || allowedViewers.contains(p);
    };
  }
}
