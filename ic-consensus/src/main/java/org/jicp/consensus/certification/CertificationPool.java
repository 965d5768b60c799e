package org.jicp.consensus.certification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.types.Height;

/**
 * The certification pool of one node (dfinity/ic {@code CertificationPoolImpl}): shares and
 * certifications by height, in an unvalidated section (as received from peers) and a validated
 * one (checked by the {@link Certifier}, or made by this node). Only {@link #apply} changes the
 * validated section.
 */
public final class CertificationPool {
  /** What one application of changes did. */
  public record Applied(List<CertificationMessage> added, List<CertificationChange.HandleInvalid> invalid) {}

  private final NavigableMap<Long, Set<CertificationMessage>> unvalidated = new TreeMap<>();
  private final NavigableMap<Long, Set<CertificationMessage>> validated = new TreeMap<>();

  /** Takes an artifact from a peer; false if it is already known. */
  public boolean addUnvalidated(CertificationMessage m) {
    Set<CertificationMessage> v = validated.get(m.height().value());
    if (v != null && v.contains(m)) {
      return false;
    }
    return unvalidated.computeIfAbsent(m.height().value(), k -> new LinkedHashSet<>()).add(m);
  }

  /** The unvalidated artifacts of {@code h}. */
  public List<CertificationMessage> unvalidated(Height h) {
    return List.copyOf(unvalidated.getOrDefault(h.value(), Set.of()));
  }

  /** The heights with unvalidated artifacts, increasing. */
  public List<Height> unvalidatedHeights() {
    return unvalidated.keySet().stream().map(Height::of).toList();
  }

  /** The validated shares of {@code h}. */
  public List<CertificationShare> shares(Height h) {
    List<CertificationShare> out = new ArrayList<>();
    for (CertificationMessage m : validated.getOrDefault(h.value(), Set.of())) {
      if (m instanceof CertificationShare s) {
        out.add(s);
      }
    }
    return out;
  }

  /** The validated certification of {@code h}, if any. */
  public Optional<FullCertification> certification(Height h) {
    for (CertificationMessage m : validated.getOrDefault(h.value(), Set.of())) {
      if (m instanceof FullCertification c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Everything validated (what this node offers a peer that (re)starts). */
  public List<CertificationMessage> validated() {
    List<CertificationMessage> out = new ArrayList<>();
    validated.values().forEach(out::addAll);
    return out;
  }

  /** The number of unvalidated artifacts. */
  public int unvalidatedSize() {
    int n = 0;
    for (Set<CertificationMessage> s : unvalidated.values()) {
      n += s.size();
    }
    return n;
  }

  /** Applies {@code changes} in order. */
  public Applied apply(List<CertificationChange> changes) {
    List<CertificationMessage> added = new ArrayList<>();
    List<CertificationChange.HandleInvalid> invalid = new ArrayList<>();
    for (CertificationChange c : changes) {
      if (c instanceof CertificationChange.AddToValidated a) {
        if (validated.computeIfAbsent(a.message().height().value(), k -> new LinkedHashSet<>()).add(a.message())) {
          added.add(a.message());
        }
      } else if (c instanceof CertificationChange.MoveToValidated m) {
        removeUnvalidated(m.message());
        validated.computeIfAbsent(m.message().height().value(), k -> new LinkedHashSet<>()).add(m.message());
      } else if (c instanceof CertificationChange.RemoveFromUnvalidated r) {
        removeUnvalidated(r.message());
      } else if (c instanceof CertificationChange.HandleInvalid h) {
        removeUnvalidated(h.message());
        invalid.add(h);
      } else if (c instanceof CertificationChange.Purge p) {
        validated.headMap(p.validatedBelow().value(), false).clear();
        unvalidated.headMap(Math.max(p.validatedBelow().value(), p.unvalidatedBelow().value()), false).clear();
      }
    }
    return new Applied(added, invalid);
  }

  private void removeUnvalidated(CertificationMessage m) {
    Set<CertificationMessage> s = unvalidated.get(m.height().value());
    if (s != null) {
      s.remove(m);
      if (s.isEmpty()) {
        unvalidated.remove(m.height().value());
      }
    }
  }

  @Override
  public String toString() {
    int v = 0;
    for (Map.Entry<Long, Set<CertificationMessage>> e : validated.entrySet()) {
      v += e.getValue().size();
    }
    return "CertificationPool[validated=" + v + ", unvalidated=" + unvalidatedSize() + "]";
  }
}
