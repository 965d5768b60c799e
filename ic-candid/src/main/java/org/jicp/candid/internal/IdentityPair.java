package org.jicp.candid.internal;

/**
 * Two objects compared by identity, as a key for memo tables over type graphs (which may be
 * cyclic, so structural equality is no option).
 *
 * @param a the first object
 * @param b the second object
 */
public record IdentityPair(Object a, Object b) {
  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityPair p && p.a == a && p.b == b;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(a) * 31 + System.identityHashCode(b);
  }
}
