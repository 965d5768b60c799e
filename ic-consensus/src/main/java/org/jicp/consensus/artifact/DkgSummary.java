package org.jicp.consensus.artifact;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.types.RegistryVersion;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * The DKG summary of a summary block ({@code dkg::Summary} of {@code ic_types}): the interval it
 * starts, the subnet's committee for it, the transcripts whose keys sign during it ({@code
 * current}), the transcripts made from the previous interval's dealings that take over at the
 * next boundary ({@code next}), and the DKGs whose dealings the data blocks of this interval
 * collect ({@code configs}).
 *
 * @param height the summary block's height, the first height of the interval
 * @param intervalLength the number of data blocks until the next summary
 * @param registryVersion the registry version of the interval's membership
 * @param committee the subnet's nodes during the interval, sorted, distinct
 * @param current one transcript per tag (low, high), in tag order: the active keys
 * @param next one transcript per tag, in tag order: the keys of the next interval
 * @param configs the DKGs of this interval
 */
public record DkgSummary(
    Height height,
    long intervalLength,
    RegistryVersion registryVersion,
    List<NodeId> committee,
    List<DkgTranscript> current,
    List<DkgTranscript> next,
    List<DkgConfig> configs) {
  /** Validates and copies the components. */
  public DkgSummary {
    Objects.requireNonNull(height, "height");
    if (intervalLength < 1) {
      throw new IllegalArgumentException("interval length is at least 1: " + intervalLength);
    }
    Objects.requireNonNull(registryVersion, "registryVersion");
    committee = Artifacts.sortedDistinct("committee", committee);
    current = byTag("current", current);
    next = byTag("next", next);
    configs = List.copyOf(Objects.requireNonNull(configs, "configs"));
  }

  private static List<DkgTranscript> byTag(String what, List<DkgTranscript> ts) {
    List<DkgTranscript> copy = List.copyOf(Objects.requireNonNull(ts, what));
    NiDkgTag[] tags = NiDkgTag.values();
    if (copy.size() != tags.length) {
      throw new IllegalArgumentException(what + " holds one transcript per tag, got " + copy.size());
    }
    for (int i = 0; i < tags.length; i++) {
      if (copy.get(i).dkgId().dkgTag() != tags[i]) {
        throw new IllegalArgumentException(what + " transcripts must be in tag order");
      }
    }
    return copy;
  }

  /** The active transcript of {@code tag} during this interval. */
  public DkgTranscript currentTranscript(NiDkgTag tag) {
    return current.get(tag.ordinal());
  }

  /** The transcript of {@code tag} for the next interval. */
  public DkgTranscript nextTranscript(NiDkgTag tag) {
    return next.get(tag.ordinal());
  }

  /** The config of {@code tag}, if this interval runs a DKG for it. */
  public Optional<DkgConfig> config(NiDkgTag tag) {
    return configs.stream().filter(c -> c.dkgId().dkgTag() == tag).findFirst();
  }

  /** The height of the next summary block. */
  public Height nextSummaryHeight() {
    return height.plus(intervalLength + 1);
  }

  /** Whether {@code h} is in this summary's interval. */
  public boolean contains(Height h) {
    return h.compareTo(height) >= 0 && h.compareTo(nextSummaryHeight()) < 0;
  }

  void hashInto(HashTraitWriter w) {
    w.u64(height.value()).u64(intervalLength).u64(registryVersion.value());
    Artifacts.hashNodes(w, committee);
    for (DkgTranscript t : current) {
      t.hashInto(w);
    }
    for (DkgTranscript t : next) {
      t.hashInto(w);
    }
    w.u64(configs.size());
    for (DkgConfig c : configs) {
      c.hashInto(w);
    }
  }
}
