package org.jicp.nns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.DidFile;
import org.jicp.candid.mapping.CandidMapper;

/**
 * A method jicp implements, with its argument and result types given as Java types (mapped by
 * {@link org.jicp.nns.NnsCandid.MAPPER}) or as {@link CandidType}s, checked against a published interface.
 */
public record DidMethod(String name, List<Object> args, List<Object> results) {
  private static final CandidMapper M = org.jicp.nns.NnsCandid.MAPPER;

  /** The Candid types of {@code ts}. */
  public static List<CandidType> types(List<Object> ts) {
    List<CandidType> out = new ArrayList<>();
    for (Object o : ts) {
      out.add(o instanceof CandidType c ? c : M.typeOf((Type) o));
    }
    return out;
  }

  /**
   * Asserts that the published arguments are subtypes of jicp's (clients' messages decode) and
   * jicp's results subtypes of the published ones (clients decode jicp's replies).
   *
   * @return the published method type
   */
  public CandidType.Func assertCompatibleWith(DidFile did) {
    CandidType.Func f = did.method(name).orElseThrow(() -> new AssertionError("no method " + name + " in the did"));
    assertThat(CandidTypes.isSubtype(f.args(), types(args)))
        .as("published arguments of %s decode as jicp's %s", name, types(args)).isTrue();
    assertThat(CandidTypes.isSubtype(types(results), f.results()))
        .as("jicp's results of %s decode as the published %s", name, f.results()).isTrue();
    return f;
  }
}
