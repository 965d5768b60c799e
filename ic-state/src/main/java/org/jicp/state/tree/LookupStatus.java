package org.jicp.state.tree;

/**
 * The four outcomes of a hash-tree lookup (IC interface specification, "Certification", {@code
 * lookup_path}).
 */
public enum LookupStatus {
  /** The path leads to a value (or, for a subtree lookup, to a subtree). */
  FOUND,
  /** The tree proves that the path is not there. */
  ABSENT,
  /** The tree has been pruned where the path leads: it neither proves nor disproves it. */
  UNKNOWN,
  /** The path leads into a leaf, or stops at a fork or label instead of a leaf. */
  ERROR
}
