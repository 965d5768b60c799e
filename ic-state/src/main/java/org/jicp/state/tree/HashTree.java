package org.jicp.state.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.InvalidHashTreeException;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;

/**
 * The IC's (possibly pruned) Merkle tree: {@code Empty | Fork(l, r) | Labeled(label, t) | Leaf(v) |
 * Pruned(hash)} (IC interface specification, "Certification" → "Encoding of certificates").
 *
 * <p>A tree is an immutable value. Its {@linkplain #digest() digest} ({@code reconstruct} in the
 * spec) is computed once, when the node is built, from the digests of its children, with the
 * spec's domain-separated SHA-256:
 *
 * <pre>
 * Empty         → H(ds("ic-hashtree-empty"))
 * Fork(l, r)    → H(ds("ic-hashtree-fork") · h(l) · h(r))
 * Labeled(k, t) → H(ds("ic-hashtree-labeled") · k · h(t))
 * Leaf(v)       → H(ds("ic-hashtree-leaf") · v)
 * Pruned(h)     → h
 * </pre>
 *
 * So a tree that shares subtrees with another costs hashing only for its new nodes, and asking
 * for a digest is free. Equality is structural.
 */
public abstract sealed class HashTree
    permits HashTree.Empty, HashTree.Fork, HashTree.Labeled, HashTree.Leaf, HashTree.Pruned {

  /** The length of a digest: 32 bytes of SHA-256. */
  public static final int DIGEST_LENGTH = 32;

  private static final byte[] DS_EMPTY = Sha256.domainSeparator("ic-hashtree-empty");
  private static final byte[] DS_FORK = Sha256.domainSeparator("ic-hashtree-fork");
  private static final byte[] DS_LABELED = Sha256.domainSeparator("ic-hashtree-labeled");
  private static final byte[] DS_LEAF = Sha256.domainSeparator("ic-hashtree-leaf");
  private static final Empty EMPTY = new Empty();

  private final byte[] digest;

  private HashTree(byte[] digest) {
    this.digest = digest;
  }

  // ---------------------------------------------------------------- construction

  /** The empty tree. */
  public static Empty empty() {
    return EMPTY;
  }

  /** A fork of two subtrees. */
  public static Fork fork(HashTree left, HashTree right) {
    return new Fork(Objects.requireNonNull(left, "left"), Objects.requireNonNull(right, "right"));
  }

  /** A labeled subtree. */
  public static Labeled labeled(Bytes label, HashTree subtree) {
    return new Labeled(Objects.requireNonNull(label, "label"), Objects.requireNonNull(subtree));
  }

  /** A labeled subtree with a UTF-8 label. */
  public static Labeled labeled(String label, HashTree subtree) {
    return labeled(utf8(label), subtree);
  }

  /** A leaf holding {@code value}. */
  public static Leaf leaf(Bytes value) {
    return new Leaf(Objects.requireNonNull(value, "value"));
  }

  /** A leaf holding a copy of {@code value}. */
  public static Leaf leaf(byte[] value) {
    return new Leaf(Bytes.of(value));
  }

  /**
   * A pruned subtree standing for its 32-byte digest.
   *
   * @throws IllegalArgumentException if the digest is not 32 bytes
   */
  public static Pruned pruned(Bytes digest) {
    return new Pruned(Objects.requireNonNull(digest, "digest"));
  }

  /** The UTF-8 bytes of {@code s}, for labels and paths. */
  public static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A path of UTF-8 labels. */
  public static List<Bytes> path(String... labels) {
    List<Bytes> p = new ArrayList<>(labels.length);
    for (String l : labels) {
      p.add(utf8(l));
    }
    return List.copyOf(p);
  }

  // ---------------------------------------------------------------- digest

  /** The root hash of this tree ({@code reconstruct} in the spec). */
  public final Bytes digest() {
    return Bytes.of(digest);
  }

  /** Whether this tree's digest equals {@code d}. */
  public final boolean digestEquals(Bytes d) {
    return d.length() == DIGEST_LENGTH && Arrays.equals(digest, d.toByteArray());
  }

  // ---------------------------------------------------------------- the five kinds

  /** The empty tree. */
  public static final class Empty extends HashTree {
    private Empty() {
      super(Sha256.hash(DS_EMPTY));
    }

    @Override
    public String toString() {
      return "Empty";
    }
  }

  /** A fork: the concatenation of two forests. */
  public static final class Fork extends HashTree {
    private final HashTree left;
    private final HashTree right;

    private Fork(HashTree left, HashTree right) {
      super(forkDigest(left, right));
      this.left = left;
      this.right = right;
    }

    private static byte[] forkDigest(HashTree l, HashTree r) {
      MessageDigest md = Sha256.digest();
      md.update(DS_FORK);
      md.update(l.digest);
      md.update(r.digest);
      return md.digest();
    }

    /** The left subtree. */
    public HashTree left() {
      return left;
    }

    /** The right subtree. */
    public HashTree right() {
      return right;
    }

    @Override
    public String toString() {
      return "Fork(" + left + ", " + right + ")";
    }
  }

  /** A subtree under a label. */
  public static final class Labeled extends HashTree {
    private final Bytes label;
    private final HashTree subtree;

    private Labeled(Bytes label, HashTree subtree) {
      super(labeledDigest(label, subtree));
      this.label = label;
      this.subtree = subtree;
    }

    private static byte[] labeledDigest(Bytes label, HashTree t) {
      MessageDigest md = Sha256.digest();
      md.update(DS_LABELED);
      md.update(label.toByteArray());
      md.update(t.digest);
      return md.digest();
    }

    /** The label. */
    public Bytes label() {
      return label;
    }

    /** The subtree under the label. */
    public HashTree subtree() {
      return subtree;
    }

    @Override
    public String toString() {
      return "Labeled(" + printable(label) + ", " + subtree + ")";
    }
  }

  /** A leaf holding a value. */
  public static final class Leaf extends HashTree {
    private final Bytes value;

    private Leaf(Bytes value) {
      super(Sha256.hash(DS_LEAF, value.toByteArray()));
      this.value = value;
    }

    /** The value. */
    public Bytes value() {
      return value;
    }

    @Override
    public String toString() {
      return "Leaf(" + printable(value) + ")";
    }
  }

  /** A pruned subtree: only its digest is known. */
  public static final class Pruned extends HashTree {
    private Pruned(Bytes digest) {
      super(checkDigest(digest));
    }

    private static byte[] checkDigest(Bytes d) {
      if (d.length() != DIGEST_LENGTH) {
        throw new IllegalArgumentException(
            "a pruned digest is " + DIGEST_LENGTH + " bytes, got " + d.length());
      }
      return d.toByteArray();
    }

    @Override
    public String toString() {
      return "Pruned(" + digest() + ")";
    }
  }

  private static String printable(Bytes b) {
    byte[] a = b.toByteArray();
    for (byte x : a) {
      if (x < 0x20 || x > 0x7e) {
        return "0x" + b.toHex();
      }
    }
    return '"' + new String(a, StandardCharsets.US_ASCII) + '"';
  }

  // ---------------------------------------------------------------- lookup

  /**
   * {@code flatten_forks}: the forest this tree stands for, with forks dissolved and empty trees
   * dropped.
   */
  public final List<HashTree> flattenForks() {
    List<HashTree> out = new ArrayList<>();
    Deque<HashTree> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      HashTree t = stack.pop();
      if (t instanceof Fork f) {
        stack.push(f.right);
        stack.push(f.left);
      } else if (!(t instanceof Empty)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * {@code lookup_path} of the IC interface specification: the value at {@code path}, or a proof
   * of its absence, or {@link LookupStatus#UNKNOWN} where the tree is pruned, or {@link
   * LookupStatus#ERROR} where the path stops at a fork or label, or goes through a leaf.
   */
  public final LookupResult lookup(List<Bytes> path) {
    SubtreeLookupResult r = lookupSubtree(path);
    if (r.status() != LookupStatus.FOUND) {
      return LookupResult.of(r.status());
    }
    HashTree t = r.subtree();
    if (t instanceof Leaf l) {
      return LookupResult.found(l.value);
    } else if (t instanceof Empty) {
      return LookupResult.of(LookupStatus.ABSENT);
    } else if (t instanceof Pruned) {
      return LookupResult.of(LookupStatus.UNKNOWN);
    }
    return LookupResult.of(LookupStatus.ERROR);
  }

  /** {@link #lookup(List)} with UTF-8 labels. */
  public final LookupResult lookup(String... path) {
    return lookup(path(path));
  }

  /**
   * {@code lookup_subtree}: the subtree at {@code path} (the whole tree for the empty path), with
   * the same absence and pruning semantics as {@link #lookup(List)}.
   */
  public final SubtreeLookupResult lookupSubtree(List<Bytes> path) {
    HashTree t = this;
    for (Bytes label : path) {
      Objects.requireNonNull(label, "label");
      SubtreeLookupResult r = findLabel(label, t.flattenForks());
      if (r.status() != LookupStatus.FOUND) {
        return r;
      }
      t = r.subtree();
    }
    return SubtreeLookupResult.found(t);
  }

  private static SubtreeLookupResult findLabel(Bytes l, List<HashTree> forest) {
    if (forest.isEmpty()) {
      return SubtreeLookupResult.of(LookupStatus.ABSENT);
    }
    if (forest.size() == 1 && forest.get(0) instanceof Leaf) {
      return SubtreeLookupResult.of(LookupStatus.ERROR);
    }
    // find_label(l, _ · Labeled l1 t · _) | l == l1 = Found t, and the three absence rules:
    // between two adjacent labels, before the first tree if it is labeled, after the last
    // tree if it is labeled. Anything else (a pruned neighbour) is Unknown.
    for (int i = 0; i < forest.size(); i++) {
      if (forest.get(i) instanceof Labeled lab) {
        int c = l.compareTo(lab.label);
        if (c == 0) {
          return SubtreeLookupResult.found(lab.subtree);
        }
        if (c < 0) {
          boolean before = i == 0 || forest.get(i - 1) instanceof Labeled prev
              && prev.label.compareTo(l) < 0;
          return SubtreeLookupResult.of(before ? LookupStatus.ABSENT : LookupStatus.UNKNOWN);
        }
      }
    }
    return SubtreeLookupResult.of(
        forest.get(forest.size() - 1) instanceof Labeled ? LookupStatus.ABSENT
            : LookupStatus.UNKNOWN);
  }

  // ---------------------------------------------------------------- well-formedness

  /**
   * Checks that the tree is well formed: within every flattened fork, labels strictly increase
   * and no leaf stands beside other trees.
   *
   * @throws InvalidHashTreeException naming the path where the rule is broken
   */
  public final void checkWellFormed() {
    checkWellFormed(this, new ArrayList<>(), 0);
  }

  /** Whether {@link #checkWellFormed()} passes. */
  public final boolean isWellFormed() {
    try {
      checkWellFormed();
      return true;
    } catch (InvalidHashTreeException e) {
      return false;
    }
  }

  private static void checkWellFormed(HashTree t, List<Bytes> at, int depth) {
    if (depth > Cbor.MAX_DEPTH) {
      throw new InvalidHashTreeException("tree deeper than " + Cbor.MAX_DEPTH + " at " + show(at));
    }
    if (t instanceof Leaf) {
      return;
    }
    List<HashTree> forest = t.flattenForks();
    Bytes prev = null;
    for (HashTree c : forest) {
      if (c instanceof Leaf) {
        throw new InvalidHashTreeException("a leaf stands beside other trees at " + show(at));
      }
      if (c instanceof Labeled lab) {
        if (prev != null && prev.compareTo(lab.label) >= 0) {
          throw new InvalidHashTreeException(
              "labels do not strictly increase at " + show(at) + ": " + printable(prev)
                  + " then " + printable(lab.label));
        }
        prev = lab.label;
        at.add(lab.label);
        checkWellFormed(lab.subtree, at, depth + 1);
        at.remove(at.size() - 1);
      }
    }
  }

  /** A path as {@code /a/b/0x01}, for messages. */
  public static String show(List<Bytes> path) {
    if (path.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    for (Bytes b : path) {
      String p = printable(b);
      sb.append('/').append(p.startsWith("\"") ? p.substring(1, p.length() - 1) : p);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- CBOR

  /** The CBOR encoding: {@code [0]}, {@code [1, l, r]}, {@code [2, label, t]}, {@code [3, v]}, {@code [4, h]}. */
  public final byte[] encodeCbor() {
    Cbor.Writer w = new Cbor.Writer();
    writeCbor(w);
    return w.toByteArray();
  }

  /** Writes the CBOR form of this tree to {@code w}; for certificate encoding. */
  public final void writeCbor(Cbor.Writer w) {
    if (this instanceof Empty) {
      w.startArray(1).uint(0).endArray();
    } else if (this instanceof Fork f) {
      w.startArray(3).uint(1);
      f.left.writeCbor(w);
      f.right.writeCbor(w);
      w.endArray();
    } else if (this instanceof Labeled l) {
      w.startArray(3).uint(2).bytes(l.label.toByteArray());
      l.subtree.writeCbor(w);
      w.endArray();
    } else if (this instanceof Leaf l) {
      w.startArray(2).uint(3).bytes(l.value.toByteArray()).endArray();
    } else {
      w.startArray(2).uint(4).bytes(digest).endArray();
    }
  }

  /**
   * Decodes a hash tree from CBOR (with or without the self-describe tag).
   *
   * @throws MalformedEncodingException if the bytes are not CBOR or not a hash tree; the message
   *     names the position in the tree
   */
  public static HashTree decodeCbor(byte[] cbor) {
    return fromCbor(Cbor.decode(cbor, "hash tree"), "tree");
  }

  /** Converts a decoded CBOR item to a hash tree; {@code where} names it in messages. */
  public static HashTree fromCbor(CborValue v, String where) {
    List<CborValue> a = v.asArray(where);
    if (a.isEmpty()) {
      throw new MalformedEncodingException(where + ": empty array is not a hash tree node");
    }
    long tag = a.get(0).asUnsignedLong(where + "[0]");
    int expected = tag == 0 ? 1 : tag == 1 || tag == 2 ? 3 : tag == 3 || tag == 4 ? 2 : -1;
    if (expected < 0) {
      throw new MalformedEncodingException(where + ": unknown hash tree node kind " + tag);
    }
    if (a.size() != expected) {
      throw new MalformedEncodingException(
          where + ": node kind " + tag + " has " + (expected - 1) + " fields, got " + (a.size() - 1));
    }
    switch ((int) tag) {
      case 0:
        return EMPTY;
      case 1:
        return fork(fromCbor(a.get(1), where + ".left"), fromCbor(a.get(2), where + ".right"));
      case 2:
        {
          Bytes label = Bytes.of(a.get(1).asBytes(where + ".label"));
          return labeled(label, fromCbor(a.get(2), where + "/" + printable(label)));
        }
      case 3:
        return leaf(Bytes.of(a.get(1).asBytes(where + ".value")));
      default:
        {
          byte[] h = a.get(1).asBytes(where + ".hash");
          if (h.length != DIGEST_LENGTH) {
            throw new MalformedEncodingException(
                where + ": pruned hash is " + h.length + " bytes, expected 32");
          }
          return pruned(Bytes.of(h));
        }
    }
  }

  // ---------------------------------------------------------------- witnesses

  /**
   * The witness for {@code paths}: this tree with every subtree that no path needs replaced by
   * its {@link Pruned} digest. The witness has the same digest; in it each requested path looks
   * up as in this tree (found values in full, absent paths proved absent by their neighbouring
   * labels). A path that ends at a subtree reveals the whole subtree.
   */
  public final HashTree witness(Collection<List<Bytes>> paths) {
    PathTrie trie = new PathTrie();
    for (List<Bytes> p : paths) {
      trie.add(p);
    }
    return Witnesses.witness(this, trie);
  }

  // ---------------------------------------------------------------- equality

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HashTree other) || !Arrays.equals(digest, other.digest)) {
      return false;
    }
    if (this instanceof Fork f && o instanceof Fork g) {
      return f.left.equals(g.left) && f.right.equals(g.right);
    } else if (this instanceof Labeled l && o instanceof Labeled m) {
      return l.label.equals(m.label) && l.subtree.equals(m.subtree);
    } else if (this instanceof Leaf l && o instanceof Leaf m) {
      return l.value.equals(m.value);
    }
    return getClass() == o.getClass();
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(digest) * 31 + getClass().getSimpleName().hashCode();
  }
}
