package org.jicp.candid;

import java.util.List;
import java.util.Objects;
import org.jicp.candid.internal.CandidTypeInference;
import org.jicp.candid.internal.Subtyping;

/** Relations on types: subtyping (Candid spec, "Upgrading and Subtyping"), equivalence, typing. */
public final class CandidTypes {
  private static final int MAX_DEPTH = 10_000;

  private CandidTypes() {}

  /**
   * Whether {@code sub <: sup} (Candid spec, "Rules"): a value of {@code sub} can always be read at
   * {@code sup}, and an interface of type {@code sub} may replace one of type {@code sup}.
   *
   * @throws InvalidTypeException if the types nest too deeply to be compared
   */
  public static boolean isSubtype(CandidType sub, CandidType sup) {
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(sup, "sup");
    return decide(s -> s.isSubtype(sub, sup));
  }

  /**
   * Whether the argument list {@code sub} can replace {@code sup} (tuple rule: {@code record {
   * sub… } <: record { sup… }}, so {@code sup} may have extra arguments of {@code null}-like type
   * and {@code sub} may have extra arguments).
   */
  public static boolean isSubtype(List<CandidType> sub, List<CandidType> sup) {
    return isSubtype(tuple(sub), tuple(sup));
  }

  private static CandidType tuple(List<CandidType> ts) {
    return CandidType.tuple(ts.toArray(new CandidType[0]));
  }

  /**
   * Whether {@code a} and {@code b} are the same type up to the unfolding of names and the order
   * of fields and methods.
   */
  public static boolean equivalent(CandidType a, CandidType b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return decide(s -> s.isEquivalent(a, b));
  }

  private static boolean decide(java.util.function.Predicate<Subtyping> question) {
    try {
      return question.test(new Subtyping(MAX_DEPTH));
    } catch (Subtyping.TooDeep e) {
      throw new InvalidTypeException(e.getMessage());
    }
  }

  /** Whether {@code null <: t}: {@code t} is {@code null}, {@code reserved} or an {@code opt}. */
  public static boolean isNullLike(CandidType t) {
    return Subtyping.isNullLike(t);
  }

  /**
   * The type a value has on its own: numbers keep their kind, an absent {@code opt} is {@code opt
   * empty}, an empty {@code vec} is {@code vec empty}, the elements of a {@code vec} are joined, a
   * variant has its one case, a service reference is {@code service {}} and a function reference
   * {@code func () -> ()}.
   *
   * @throws InvalidValueException if the elements of a {@code vec} have no common type
   */
  public static CandidType typeOf(CandidValue value) {
    return CandidTypeInference.typeOf(Objects.requireNonNull(value, "value"));
  }
}
