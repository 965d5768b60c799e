package org.jicp.state.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.InvalidHashTreeException;
import org.jicp.state.MalformedEncodingException;
import org.junit.jupiter.api.Test;

/**
 * Equality, printing, well-formedness limits, CBOR field counts and the small result types of the
 * hash tree: the cases a mutation run found unchecked.
 */
class HashTreeEdgeCaseTest {
  private static final int MAX_DEPTH = 2048; // Cbor.MAX_DEPTH, the nesting limit of trees

  private static HashTree leaf(String s) {
    return HashTree.leaf(HashTree.utf8(s));
  }

  private static HashTree sample() {
    return HashTree.fork(
        HashTree.labeled("a", leaf("x")),
        HashTree.fork(HashTree.labeled("b", HashTree.empty()), HashTree.labeled("c", leaf("y"))));
  }

  // ---------------------------------------------------------------- equality

  @Test
  void equals_sameStructureBuiltTwice_isEqualWithSameHashCode() {
    List<HashTree> a = List.of(sample(), HashTree.empty(), leaf("v"),
        HashTree.labeled("l", leaf("v")), HashTree.pruned(sample().digest()));
    List<HashTree> b = List.of(sample(), HashTree.empty(), leaf("v"),
        HashTree.labeled("l", leaf("v")), HashTree.pruned(sample().digest()));
    for (int i = 0; i < a.size(); i++) {
      if (i != 1) { // Empty is a singleton
        assertThat(a.get(i)).isNotSameAs(b.get(i));
      }
      assertThat(a.get(i)).isEqualTo(b.get(i)).hasSameHashCodeAs(b.get(i));
      assertThat(a.get(i)).isNotEqualTo(null).isNotEqualTo(a.get(i).digest());
    }
  }

  @Test
  void equals_sameDigestButPrunedPart_isNotEqual() {
    HashTree t = sample();
    HashTree.Fork f = (HashTree.Fork) t;
    assertThat(HashTree.pruned(t.digest())).isNotEqualTo(t);
    assertThat(t).isNotEqualTo(HashTree.pruned(t.digest()));
    assertThat(t.hashCode()).isNotEqualTo(HashTree.pruned(t.digest()).hashCode());
    HashTree leftPruned = HashTree.fork(HashTree.pruned(f.left().digest()), f.right());
    HashTree rightPruned = HashTree.fork(f.left(), HashTree.pruned(f.right().digest()));
    assertThat(leftPruned.digest()).isEqualTo(t.digest());
    assertThat(leftPruned).isNotEqualTo(t);
    assertThat(rightPruned).isNotEqualTo(t);
    HashTree lab = HashTree.labeled("a", leaf("x"));
    HashTree labPruned = HashTree.labeled("a", HashTree.pruned(leaf("x").digest()));
    assertThat(labPruned.digest()).isEqualTo(lab.digest());
    assertThat(labPruned).isNotEqualTo(lab);
    assertThat(lab).isNotEqualTo(labPruned);
    assertThat(HashTree.labeled("a", leaf("x"))).isNotEqualTo(HashTree.labeled("a", leaf("z")));
    assertThat(leaf("x")).isNotEqualTo(leaf("z"));
    assertThat(HashTree.empty()).isNotEqualTo(HashTree.pruned(HashTree.empty().digest()));
    assertThat(HashTree.pruned(HashTree.empty().digest())).isNotEqualTo(HashTree.empty());
  }

  // ---------------------------------------------------------------- printing

  @Test
  void toString_eachNodeKind_showsLabelsValuesAndDigests() {
    Bytes d = leaf("x").digest();
    HashTree t = HashTree.fork(HashTree.labeled("a", leaf("x")),
        HashTree.fork(HashTree.empty(), HashTree.pruned(d)));
    assertThat(t.toString())
        .isEqualTo("Fork(Labeled(\"a\", Leaf(\"x\")), Fork(Empty, Pruned(" + d + ")))");
  }

  @Test
  void show_printableAsciiEdges_quotedOrHex() {
    assertThat(HashTree.show(List.of())).isEqualTo("/");
    assertThat(HashTree.show(List.of(Bytes.fromHex("20"), Bytes.fromHex("7e"))))
        .isEqualTo("/ /~");
    assertThat(HashTree.show(List.of(Bytes.fromHex("1f"), Bytes.fromHex("7f"), Bytes.fromHex("61ff"))))
        .isEqualTo("/0x1f/0x7f/0x61ff");
    assertThat(HashTree.leaf(Bytes.fromHex("207e")).toString()).isEqualTo("Leaf(\" ~\")");
    assertThat(HashTree.leaf(Bytes.fromHex("1f")).toString()).isEqualTo("Leaf(0x1f)");
  }

  // ---------------------------------------------------------------- well-formedness

  @Test
  void checkWellFormed_duplicateLabel_rejectedNamingBoth() {
    HashTree dup = HashTree.fork(HashTree.labeled("a", leaf("1")), HashTree.labeled("a", leaf("2")));
    assertThat(dup.isWellFormed()).isFalse();
    assertThatThrownBy(dup::checkWellFormed)
        .isInstanceOf(InvalidHashTreeException.class)
        .hasMessage("labels do not strictly increase at /: \"a\" then \"a\"");
    HashTree nested = HashTree.labeled("p", HashTree.labeled(Bytes.fromHex("01"), dup));
    assertThatThrownBy(nested::checkWellFormed).hasMessageContaining(" at /p/0x01: ");
    assertThat(sample().isWellFormed()).isTrue();
  }

  @Test
  void checkWellFormed_nestingAtAndBeyondLimit_acceptedThenRejected() {
    HashTree t = leaf("bottom");
    for (int i = 0; i < MAX_DEPTH; i++) {
      t = HashTree.labeled("n", t);
    }
    assertThat(t.isWellFormed()).as("leaf at depth %d", MAX_DEPTH).isTrue();
    HashTree deeper = HashTree.labeled("n", t);
    assertThat(deeper.isWellFormed()).isFalse();
    assertThatThrownBy(deeper::checkWellFormed)
        .isInstanceOf(InvalidHashTreeException.class)
        .hasMessageStartingWith("tree deeper than " + MAX_DEPTH);
  }

  // ---------------------------------------------------------------- CBOR

  @Test
  void encodeCbor_eachNodeKind_decodesToEqualTree() {
    HashTree t = HashTree.fork(sample(),
        HashTree.fork(HashTree.pruned(leaf("p").digest()), HashTree.labeled("z", HashTree.empty())));
    byte[] cbor = t.encodeCbor();
    assertThat(HashTree.decodeCbor(cbor)).isEqualTo(t);
    assertThat(HashTree.decodeCbor(HashTree.empty().encodeCbor())).isEqualTo(HashTree.empty());
  }

  @Test
  void decodeCbor_wrongFieldCount_namesExpectedAndActualCounts() {
    // [3, h'', h''] is a leaf with one field too many; [1, [0]] a fork missing its right.
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("83034040")))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessage("tree: node kind 3 has 1 fields, got 2");
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("82018100")))
        .hasMessage("tree: node kind 1 has 2 fields, got 1");
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("8105")))
        .hasMessage("tree: unknown hash tree node kind 5");
  }

  // ---------------------------------------------------------------- result types

  @Test
  void lookupResult_equalsHashCodeToString_byStatusAndValue() {
    LookupResult a = LookupResult.found(Bytes.fromHex("01"));
    assertThat(a).isEqualTo(LookupResult.found(Bytes.fromHex("01")))
        .hasSameHashCodeAs(LookupResult.found(Bytes.fromHex("01")))
        .isNotEqualTo(LookupResult.found(Bytes.fromHex("02")))
        .isNotEqualTo(LookupResult.of(LookupStatus.ABSENT))
        .isNotEqualTo("FOUND");
    assertThat(LookupResult.of(LookupStatus.ABSENT)).isNotEqualTo(LookupResult.of(LookupStatus.UNKNOWN));
    assertThat(a.hashCode()).isNotEqualTo(LookupResult.found(Bytes.fromHex("02")).hashCode());
    assertThat(a.toString()).isEqualTo("FOUND(" + Bytes.fromHex("01") + ")");
    assertThat(LookupResult.of(LookupStatus.ERROR).toString()).isEqualTo("ERROR");
  }

  @Test
  void subtreeLookupResult_equalsHashCodeToString_byStatusAndSubtree() {
    SubtreeLookupResult a = SubtreeLookupResult.found(leaf("x"));
    assertThat(a).isEqualTo(SubtreeLookupResult.found(leaf("x")))
        .hasSameHashCodeAs(SubtreeLookupResult.found(leaf("x")))
        .isNotEqualTo(SubtreeLookupResult.found(leaf("y")))
        .isNotEqualTo(SubtreeLookupResult.of(LookupStatus.ABSENT))
        .isNotEqualTo(LookupResult.found(HashTree.utf8("x")));
    assertThat(SubtreeLookupResult.of(LookupStatus.ABSENT))
        .isEqualTo(SubtreeLookupResult.of(LookupStatus.ABSENT))
        .isNotEqualTo(SubtreeLookupResult.of(LookupStatus.UNKNOWN));
    assertThat(a.hashCode()).isNotEqualTo(SubtreeLookupResult.found(leaf("y")).hashCode());
    assertThat(a.toString()).isEqualTo("FOUND(Leaf(\"x\"))");
    assertThat(SubtreeLookupResult.of(LookupStatus.UNKNOWN).toString()).isEqualTo("UNKNOWN");
    assertThatThrownBy(() -> SubtreeLookupResult.of(LookupStatus.FOUND))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- HashTreeMap

  @Test
  void hashTreeMapGet_presentAndAbsentLabels_matchesSortedMap() {
    TreeMap<Bytes, HashTree> model = new TreeMap<>();
    HashTreeMap m = HashTreeMap.empty();
    assertThat(m.isEmpty()).isTrue();
    for (int i = 0; i < 40; i += 2) {
      Bytes l = Bytes.of(new byte[] {(byte) i});
      model.put(l, leaf("v" + i));
      m = m.put(l, leaf("v" + i));
    }
    assertThat(m.isEmpty()).isFalse();
    for (int i = 0; i < 42; i++) {
      Bytes l = Bytes.of(new byte[] {(byte) i});
      assertThat(m.get(l)).as("label %d", i).isEqualTo(java.util.Optional.ofNullable(model.get(l)));
    }
    assertThat(HashTreeMap.empty().get(HashTree.utf8("a"))).isEmpty();
  }

  @Test
  void hashTreeMapEquals_byContent_notByInsertionOrder() {
    HashTreeMap a = HashTreeMap.empty().put("x", leaf("1")).put("y", leaf("2"));
    HashTreeMap b = HashTreeMap.empty().put("y", leaf("2")).put("x", leaf("1"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.put("y", leaf("3")))
        .isNotEqualTo(b.remove(HashTree.utf8("x")))
        .isNotEqualTo(a.tree());
    assertThat(a.hashCode()).isEqualTo(a.tree().hashCode());
    assertThat(a.toString()).isEqualTo("HashTreeMap" + a.labels());
    assertThat(a.toString()).contains(HashTree.utf8("x").toString());
  }

  // ---------------------------------------------------------------- witnesses

  /** A witness must not keep a fork whose two sides reveal nothing: it is one pruned node. */
  private static void assertMinimal(HashTree t) {
    if (t instanceof HashTree.Fork f) {
      boolean lOpaque = f.left() instanceof HashTree.Pruned || f.left() instanceof HashTree.Empty;
      boolean rOpaque = f.right() instanceof HashTree.Pruned || f.right() instanceof HashTree.Empty;
      assertThat(lOpaque && rOpaque).as("fork of two opaque sides in %s", t).isFalse();
      assertMinimal(f.left());
      assertMinimal(f.right());
    } else if (t instanceof HashTree.Labeled l) {
      assertMinimal(l.subtree());
    }
  }

  private static HashTreeMap map(int n) {
    HashTreeMap m = HashTreeMap.empty();
    for (int i = 0; i < n; i++) {
      m = m.put("k" + (char) ('a' + i), HashTreeMap.empty().put("v", leaf("" + i)).tree());
    }
    return m;
  }

  @Test
  void witness_noPaths_isThePrunedRoot() {
    HashTree t = map(5).tree();
    assertThat(t.witness(List.of())).isEqualTo(HashTree.pruned(t.digest()));
  }

  @Test
  void witness_onePathInLargeMap_revealsOnlyItAndIsMinimal() {
    HashTree t = map(12).tree();
    for (int i = 0; i < 12; i++) {
      String k = "k" + (char) ('a' + i);
      HashTree w = t.witness(List.of(HashTree.path(k, "v")));
      assertThat(w.digest()).isEqualTo(t.digest());
      assertThat(w.lookup(k, "v")).isEqualTo(LookupResult.found(HashTree.utf8("" + i)));
      for (int j = 0; j < 12; j++) {
        if (j != i) {
          assertThat(w.lookup("k" + (char) ('a' + j), "v").status()).isEqualTo(LookupStatus.UNKNOWN);
        }
      }
      assertMinimal(w);
    }
  }

  @Test
  void witness_pathEndingAtSubtree_revealsWholeSubtree() {
    HashTree t = map(4).tree();
    HashTree w = t.witness(List.of(HashTree.path("kb")));
    assertThat(w.lookupSubtree(HashTree.path("kb")))
        .isEqualTo(t.lookupSubtree(HashTree.path("kb")));
    assertThat(w.lookup("ka", "v").status()).isEqualTo(LookupStatus.UNKNOWN);
    // A longer path to the same place adds nothing once the prefix is requested.
    assertThat(t.witness(List.of(HashTree.path("kb", "v"), HashTree.path("kb")))).isEqualTo(w);
  }

  @Test
  void witness_pathThroughLeafOrPrunedPart_showsNothingBelow() {
    HashTree t = HashTreeMap.empty().put("a", leaf("x")).put("b", leaf("y")).tree();
    HashTree w = t.witness(List.of(HashTree.path("a", "deeper")));
    assertThat(w.digest()).isEqualTo(t.digest());
    assertThat(w.lookupSubtree(HashTree.path("a")).subtree())
        .isEqualTo(HashTree.pruned(leaf("x").digest()));
    assertThat(w.lookup("b").status()).isEqualTo(LookupStatus.UNKNOWN);
    // In a witness that pruned /a, asking again for a path below /a keeps it pruned.
    HashTree again = w.witness(List.of(HashTree.path("a", "deeper")));
    assertThat(again).isEqualTo(w);
    HashTree inner = HashTree.labeled("a", HashTree.pruned(leaf("x").digest()));
    assertThat(inner.witness(List.of(HashTree.path("a", "deeper")))).isEqualTo(inner);
  }

  @Test
  void witness_absentLabel_revealsNeighboursWithPrunedSubtrees() {
    HashTree t = HashTreeMap.empty().put("b", leaf("1")).put("d", leaf("2")).put("f", leaf("3"))
        .tree();
    Map<String, LookupStatus> expect = Map.of("a", LookupStatus.ABSENT, "c", LookupStatus.ABSENT,
        "e", LookupStatus.ABSENT, "g", LookupStatus.ABSENT);
    for (var e : expect.entrySet()) {
      HashTree w = t.witness(List.of(HashTree.path(e.getKey())));
      assertThat(w.digest()).isEqualTo(t.digest());
      assertThat(w.lookup(e.getKey()).status()).as(e.getKey()).isEqualTo(e.getValue());
      List<String> shown = new ArrayList<>();
      for (String l : List.of("b", "d", "f")) {
        if (w.lookup(l).status() == LookupStatus.UNKNOWN
            && w.lookupSubtree(HashTree.path(l)).status() == LookupStatus.FOUND) {
          shown.add(l);
        }
      }
      assertThat(shown).as("neighbours of %s", e.getKey()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
      assertMinimal(w);
    }
  }
}
