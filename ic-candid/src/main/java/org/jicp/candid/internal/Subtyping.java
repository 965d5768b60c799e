package org.jicp.candid.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidType.Field;
import org.jicp.candid.CandidType.Primitive;

/**
 * The subtyping relation {@code t1 <: t2} and structural type equivalence (Candid spec, "Upgrading
 * and Subtyping", "Rules"), decided coinductively so that recursive types work.
 *
 * <p>All rules are conjunctions (every type is a subtype of every {@code opt}, so the only
 * disjunctive rules never recurse). A pair assumed while it is checked is therefore kept only when
 * the whole query succeeds; a failed query clears the assumptions. One instance may answer many
 * queries (the decoder keeps one per message) and is not thread-safe.
 */
public final class Subtyping {
  /** Thrown when types nest deeper than the limit. */
  public static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep(int depth) {
      super("types nest deeper than " + depth + " levels", null, false, false);
    }
  }

  private final Set<IdentityPair> assumed = new HashSet<>();
  private final int maxDepth;
  private int depth;

  /** A checker that fails with {@link TooDeep} beyond {@code maxDepth} nested type pairs. */
  public Subtyping(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Whether {@code null <: t}: {@code t} is {@code null}, {@code reserved} or an {@code opt}. */
  public static boolean isNullLike(CandidType t) {
    CandidType r = t.resolve();
    return r == Primitive.NULL || r == Primitive.RESERVED || r instanceof CandidType.Opt;
  }

  /** Whether {@code a <: b}. */
  public boolean isSubtype(CandidType a, CandidType b) {
    depth = 0;
    boolean ok;
    try {
      ok = sub(a, b);
    } catch (TooDeep e) {
      assumed.clear();
      throw e;
    }
    if (!ok) {
      assumed.clear();
    }
    return ok;
  }

  /** Whether {@code a} and {@code b} are the same type up to the unfolding of names. */
  public boolean isEquivalent(CandidType a, CandidType b) {
    depth = 0;
    Set<IdentityPair> saved = new HashSet<>(assumed);
    assumed.clear();
    try {
      return eq(a, b);
    } finally {
      assumed.clear();
      assumed.addAll(saved);
    }
  }

  private boolean sub(CandidType a0, CandidType b0) {
    CandidType a = a0.resolve();
    CandidType b = b0.resolve();
    if (a == b || b == Primitive.RESERVED || a == Primitive.EMPTY) {
      return true;
    }
    if (b instanceof CandidType.Opt) {
      // null <: opt t, reserved <: opt t, opt t <: opt t' (either rule), and t <: opt t' for any
      // other t (either through t <: t' or through the rule that maps failure to null).
      return true;
    }
    if (a instanceof Primitive pa) {
      return b instanceof Primitive pb && (pa == pb || (pa == Primitive.NAT && pb == Primitive.INT));
    }
    if (a instanceof CandidType.Service && b == Primitive.PRINCIPAL) {
      return true;
    }
    IdentityPair p = new IdentityPair(a, b);
    if (!assumed.add(p)) {
      return true;
    }
    if (++depth > maxDepth) {
      throw new TooDeep(maxDepth);
    }
    boolean ok = subComposite(a, b);
    depth--;
    return ok;
  }

  private boolean subComposite(CandidType a, CandidType b) {
    if (a instanceof CandidType.Vec va && b instanceof CandidType.Vec vb) {
      return sub(va.element(), vb.element());
    }
    if (a instanceof CandidType.Record ra && b instanceof CandidType.Record rb) {
      List<Field> fa = ra.fields();
      int i = 0;
      for (Field f : rb.fields()) {
        long id = f.label().id();
        while (i < fa.size() && fa.get(i).label().id() < id) {
          i++;
        }
        if (i < fa.size() && fa.get(i).label().id() == id) {
          if (!sub(fa.get(i).type(), f.type())) {
            return false;
          }
        } else if (!isNullLike(f.type())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof CandidType.Variant va && b instanceof CandidType.Variant vb) {
      List<Field> cb = vb.cases();
      int j = 0;
      for (Field c : va.cases()) {
        long id = c.label().id();
        while (j < cb.size() && cb.get(j).label().id() < id) {
          j++;
        }
        if (j >= cb.size() || cb.get(j).label().id() != id || !sub(c.type(), cb.get(j).type())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof CandidType.Func fa && b instanceof CandidType.Func fb) {
      if (!fa.modes().equals(fb.modes())) {
        return false;
      }
      // Parameters are contravariant, as tuple records: record{b.args} <: record{a.args}.
      for (int j = 0; j < fa.args().size(); j++) {
        if (j < fb.args().size()) {
          if (!sub(fb.args().get(j), fa.args().get(j))) {
            return false;
          }
        } else if (!isNullLike(fa.args().get(j))) {
          return false;
        }
      }
      // Results are covariant: record{a.results} <: record{b.results}.
      for (int j = 0; j < fb.results().size(); j++) {
        if (j < fa.results().size()) {
          if (!sub(fa.results().get(j), fb.results().get(j))) {
            return false;
          }
        } else if (!isNullLike(fb.results().get(j))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof CandidType.Service sa && b instanceof CandidType.Service sb) {
      for (CandidType.Method m : sb.methods()) {
        var am = sa.method(m.name());
        if (am.isEmpty() || !sub(am.get().type(), m.type())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private boolean eq(CandidType a0, CandidType b0) {
    CandidType a = a0.resolve();
    CandidType b = b0.resolve();
    if (a == b) {
      return true;
    }
    if (a instanceof Primitive || b instanceof Primitive) {
      return false;
    }
    if (a instanceof CandidType.Future || b instanceof CandidType.Future) {
      return a.equals(b);
    }
    IdentityPair p = new IdentityPair(a, b);
    if (!assumed.add(p)) {
      return true;
    }
    if (++depth > maxDepth) {
      throw new TooDeep(maxDepth);
    }
    boolean ok = eqComposite(a, b);
    depth--;
    return ok;
  }

  private boolean eqComposite(CandidType a, CandidType b) {
    if (a instanceof CandidType.Opt oa && b instanceof CandidType.Opt ob) {
      return eq(oa.inner(), ob.inner());
    }
    if (a instanceof CandidType.Vec va && b instanceof CandidType.Vec vb) {
      return eq(va.element(), vb.element());
    }
    if (a instanceof CandidType.Record ra && b instanceof CandidType.Record rb) {
      return eqFields(ra.fields(), rb.fields());
    }
    if (a instanceof CandidType.Variant va && b instanceof CandidType.Variant vb) {
      return eqFields(va.cases(), vb.cases());
    }
    if (a instanceof CandidType.Func fa && b instanceof CandidType.Func fb) {
      return fa.modes().equals(fb.modes())
          && eqLists(fa.args(), fb.args())
          && eqLists(fa.results(), fb.results());
    }
    if (a instanceof CandidType.Service sa && b instanceof CandidType.Service sb) {
      if (sa.methods().size() != sb.methods().size()) {
        return false;
      }
      for (int i = 0; i < sa.methods().size(); i++) {
        CandidType.Method x = sa.methods().get(i);
        CandidType.Method y = sb.methods().get(i);
        if (!x.name().equals(y.name()) || !eq(x.type(), y.type())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private boolean eqFields(List<Field> x, List<Field> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (x.get(i).label().id() != y.get(i).label().id() || !eq(x.get(i).type(), y.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  private boolean eqLists(List<CandidType> x, List<CandidType> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!eq(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }
}
