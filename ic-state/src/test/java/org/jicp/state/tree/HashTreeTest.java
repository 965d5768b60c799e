package org.jicp.state.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.state.InvalidHashTreeException;
import org.jicp.state.MalformedEncodingException;
import org.junit.jupiter.api.Test;

class HashTreeTest {
  private static HashTree leaf(String s) {
    return HashTree.leaf(HashTree.utf8(s));
  }

  private static HashTree pruned(String hex) {
    return HashTree.pruned(Bytes.fromHex(hex));
  }

  // The lookup example tree of agent-js's certificate tests.
  private static final HashTree TREE =
      HashTree.fork(
          HashTree.fork(
              HashTree.fork(
                  HashTree.labeled(
                      "a", pruned("1b842dfc254abb83e61bcdd7b7c24492322a2e1b006e6d20b88bedd147c248fc")),
                  HashTree.labeled("c", leaf("hello"))),
              HashTree.labeled(
                  "d",
                  HashTree.fork(
                      HashTree.labeled("1", leaf("42")),
                      pruned("5ec92bd71f697eee773919200a9718c4719495a4c6bba52acc408bd79b4bf57f")))),
          HashTree.fork(
              HashTree.labeled("e", leaf("world")), HashTree.labeled("g", HashTree.empty())));

  @Test
  void lookup_agentJsExamples_giveExpectedStatuses() {
    assertThat(TREE.lookup("a").status()).isEqualTo(LookupStatus.UNKNOWN);
    assertThat(TREE.lookup("a", "1").status()).isEqualTo(LookupStatus.UNKNOWN);
    assertThat(TREE.lookup("b").status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(TREE.lookup("c")).isEqualTo(LookupResult.found(HashTree.utf8("hello")));
    assertThat(TREE.lookup("d").status()).isEqualTo(LookupStatus.ERROR);
    assertThat(TREE.lookup("d", "1")).isEqualTo(LookupResult.found(HashTree.utf8("42")));
    assertThat(TREE.lookup("d", "2").status()).isEqualTo(LookupStatus.UNKNOWN);
    assertThat(TREE.lookup("e")).isEqualTo(LookupResult.found(HashTree.utf8("world")));
    assertThat(TREE.lookup("f").status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(TREE.lookup("g").status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(TREE.lookup("g", "1").status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(TREE.lookup("z").status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(TREE.lookup("c", "x").status()).isEqualTo(LookupStatus.ERROR);
    assertThat(TREE.lookup().status()).isEqualTo(LookupStatus.ERROR);
  }

  @Test
  void lookupSubtree_pathsOfAgentJs_giveSubtreesAndStatuses() {
    assertThat(TREE.lookupSubtree(List.of()).subtree()).isEqualTo(TREE);
    assertThat(TREE.lookupSubtree(HashTree.path("d", "1")).subtree()).isEqualTo(leaf("42"));
    assertThat(TREE.lookupSubtree(HashTree.path("a", "x")).status()).isEqualTo(LookupStatus.UNKNOWN);
    assertThat(TREE.lookupSubtree(HashTree.path("b")).status()).isEqualTo(LookupStatus.ABSENT);
  }

  @Test
  void lookup_emptyAndPrunedRoots_areAbsentAndUnknown() {
    assertThat(HashTree.empty().lookup().status()).isEqualTo(LookupStatus.ABSENT);
    assertThat(pruned("1b842dfc254abb83e61bcdd7b7c24492322a2e1b006e6d20b88bedd147c248fc").lookup()
        .status()).isEqualTo(LookupStatus.UNKNOWN);
  }

  @Test
  void checkWellFormed_unsortedLabels_throwsNamingPath() {
    HashTree bad =
        HashTree.labeled(
            "top",
            HashTree.fork(HashTree.labeled("b", leaf("1")), HashTree.labeled("a", leaf("2"))));
    assertThatThrownBy(bad::checkWellFormed)
        .isInstanceOf(InvalidHashTreeException.class)
        .hasMessageContaining("/top");
  }

  @Test
  void checkWellFormed_leafBesideLabel_throws() {
    HashTree bad = HashTree.fork(leaf("x"), HashTree.labeled("a", leaf("2")));
    assertThatThrownBy(bad::checkWellFormed).hasMessageContaining("leaf");
    assertThat(TREE.isWellFormed()).isTrue();
  }

  @Test
  void decodeCbor_unknownNodeKindOrShortPruned_throwsMalformed() {
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("8105")))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("unknown hash tree node kind 5");
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("820441aa")))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("pruned hash is 1 bytes");
    assertThatThrownBy(() -> HashTree.decodeCbor(Bytes.parseHex("830241")))
        .isInstanceOf(MalformedEncodingException.class);
  }

  @Test
  void decodeCbor_selfDescribeTag_isAccepted() {
    HashTree t = HashTree.decodeCbor(Bytes.parseHex("d9d9f78100"));
    assertThat(t).isEqualTo(HashTree.empty());
  }

  @Test
  void digest_emptyTree_isHashOfDomainSeparator() throws Exception {
    byte[] ds = "\u0011ic-hashtree-empty".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(HashTree.empty().digest())
        .isEqualTo(Bytes.of(java.security.MessageDigest.getInstance("SHA-256").digest(ds)));
  }
}
