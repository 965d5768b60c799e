package org.jicp.state.replicated;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;

/**
 * A canister's history ({@code canister_info}): the total number of changes and the most recent
 * {@value #MAX_RECENT} of them.
 *
 * @param totalNumChanges every change ever recorded
 * @param recentChanges the latest changes, oldest first
 */
public record CanisterHistory(long totalNumChanges, List<Change> recentChanges) {
  /** How many changes are kept (the IC's {@code MAX_CANISTER_HISTORY_CHANGES}). */
  public static final int MAX_RECENT = 20;

  /** No changes. */
  public static final CanisterHistory EMPTY = new CanisterHistory(0, List.of());

  /**
   * A change.
   *
   * @param timestampNanos when
   * @param canisterVersion the canister version after the change
   * @param origin who made it: a user or a canister
   * @param details what changed
   */
  public record Change(long timestampNanos, long canisterVersion, Origin origin,
      Details details) {
    /** Validates the components. */
    public Change {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(details, "details");
    }
  }

  /**
   * Who made a change.
   *
   * @param user the user, for ingress
   * @param canister the canister, for inter-canister calls
   */
  public record Origin(Optional<Principal> user, Optional<CanisterId> canister) {
    /** Exactly one of the two. */
    public Origin {
      if (user.isPresent() == canister.isPresent()) {
        throw new IllegalArgumentException("a change comes from a user or a canister");
      }
    }

    /** A change by a user. */
    public static Origin user(Principal p) {
      return new Origin(Optional.of(p), Optional.empty());
    }

    /** A change by a canister. */
    public static Origin canister(CanisterId c) {
      return new Origin(Optional.empty(), Optional.of(c));
    }

    /** The user or the canister as a principal. */
    public Principal principal() {
      return user.orElseGet(() -> canister.orElseThrow().principal());
    }
  }

  /** What a change did (the variant of {@code change_details}). */
  public sealed interface Details {}

  /** The canister was created with these controllers. */
  public record Creation(List<Principal> controllers) implements Details {
    /** Copies the list. */
    public Creation {
      controllers = List.copyOf(controllers);
    }
  }

  /** Its code was uninstalled. */
  public record CodeUninstall() implements Details {}

  /**
   * Code was installed.
   *
   * @param mode {@code install}, {@code reinstall} or {@code upgrade}
   * @param moduleHash the SHA-256 of the module
   */
  public record CodeDeployment(String mode, Bytes moduleHash) implements Details {}

  /** Its controllers became these. */
  public record ControllersChange(List<Principal> controllers) implements Details {
    /** Copies the list. */
    public ControllersChange {
      controllers = List.copyOf(controllers);
    }
  }

  /**
   * A snapshot was loaded.
   *
   * @param canisterVersion the version of the canister when the snapshot was taken
   * @param snapshotId the snapshot's id bytes
   * @param takenAtTimestampNanos when it was taken
   * @param fromCanisterId the canister the snapshot belongs to, if not the one it was loaded on
   * @param source how the snapshot was made
   */
  public record LoadSnapshot(long canisterVersion, Bytes snapshotId, long takenAtTimestampNanos,
      Optional<CanisterId> fromCanisterId, CanisterSnapshot.Source source) implements Details {
    /** Validates the components. */
    public LoadSnapshot {
      Objects.requireNonNull(snapshotId, "snapshotId");
      Objects.requireNonNull(fromCanisterId, "fromCanisterId");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Validates and copies the components. */
  public CanisterHistory {
    recentChanges = List.copyOf(recentChanges);
    if (totalNumChanges < recentChanges.size()) {
      throw new IllegalArgumentException("fewer changes in total than recent ones");
    }
  }

  /** A copy with {@code c} recorded. */
  public CanisterHistory add(Change c) {
    List<Change> rs = new ArrayList<>(recentChanges);
    rs.add(c);
    while (rs.size() > MAX_RECENT) {
      rs.remove(0);
    }
    return new CanisterHistory(totalNumChanges + 1, rs);
  }
}
