package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.Test;

/** The advert/fetch rules of {@link AdvertBook}, on a clock the test moves. */
class AdvertBookTest {
  private static final NodeId A = NodeId.ofIndex(1);
  private static final NodeId B = NodeId.ofIndex(2);
  private static final NodeId C = NodeId.ofIndex(3);
  private static final long T = AdvertBook.FETCH_TIMEOUT_NANOS;

  private static Bytes id(int i) {
    return AdvertBook.sha256(Bytes.of(new byte[] {(byte) i}));
  }

  @Test
  void keep_beyondCountOrBytes_evictsOldestFirstAndKeepsTheNewest() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 10);
    for (int i = 0; i < 4; i++) {
      b.keep(id(i), 1, Bytes.of(new byte[2_000]));
    }
    assertThat(b.keptCount()).isEqualTo(3);
    assertThat(b.kept(id(0))).isEmpty();
    assertThat(b.kept(id(3))).isPresent();
    b.keep(id(9), 2, Bytes.of(new byte[9_000])); // alone over the byte bound: it stays, alone
    assertThat(b.keptCount()).isEqualTo(1);
    assertThat(b.keptBytes()).isEqualTo(9_000);
    assertThat(b.kept(id(9)).orElseThrow().kind()).isEqualTo(2);
  }

  @Test
  void id_isSha256AndABroadcastHashesTheSameInstanceOnce() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 10);
    Bytes p = Bytes.of(new byte[] {7});
    assertThat(b.id(p)).isEqualTo(AdvertBook.sha256(p)).isSameAs(b.id(p));
    assertThat(b.id(p).length()).isEqualTo(AdvertBook.ID_BYTES);
    assertThat(Bytes.of(new byte[] {8})).isNotEqualTo(p);
    assertThat(b.id(Bytes.of(new byte[] {8}))).isNotEqualTo(b.id(p));
  }

  @Test
  void onAdvert_severalAdvertisers_fetchedOnceAskingTheNextAfterEachTimeout() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 10);
    assertThat(b.onAdvert(A, id(1), 1, 5_000, 0)).contains(A);
    assertThat(b.onAdvert(B, id(1), 1, 5_000, 10)).isEmpty();
    assertThat(b.onAdvert(C, id(1), 1, 5_000, 20)).isEmpty();
    assertThat(b.due(T - 1)).isEmpty();
    assertThat(b.due(T)).containsExactly(new AdvertBook.Fetch(id(1), B));
    assertThat(b.due(2 * T - 1)).isEmpty();
    assertThat(b.due(2 * T)).containsExactly(new AdvertBook.Fetch(id(1), C));
    assertThat(b.due(3 * T)).containsExactly(new AdvertBook.Fetch(id(1), A)); // round and round
    assertThat(b.onArtifact(id(1), 3 * T)).isPresent();
    assertThat(b.pendingCount()).isZero();
    // delivered: a late answer and an advert soon after are ignored, a later one fetched again
    assertThat(b.onArtifact(id(1), 3 * T + 1)).isEmpty();
    assertThat(b.onAdvert(C, id(1), 1, 5_000, 3 * T + AdvertBook.REDELIVERY_NANOS - 1)).isEmpty();
    assertThat(b.due(10 * T)).isEmpty();
    assertThat(b.onAdvert(C, id(1), 1, 5_000, 3 * T + AdvertBook.REDELIVERY_NANOS)).contains(C);
  }

  @Test
  void due_afterTheAbandonTime_givesTheFetchUp() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 10);
    b.onAdvert(A, id(1), 1, 5_000, 0);
    assertThat(b.due(AdvertBook.ABANDON_NANOS - 1)).hasSize(1);
    assertThat(b.due(AdvertBook.ABANDON_NANOS)).isEmpty();
    assertThat(b.abandoned()).isEqualTo(1);
    assertThat(b.pendingCount()).isZero();
    assertThat(b.onArtifact(id(1), AdvertBook.ABANDON_NANOS)).as("an answer after giving up is not delivered").isEmpty();
    assertThat(b.onAdvert(B, id(1), 1, 5_000, AdvertBook.ABANDON_NANOS)).as("advertised again")
        .contains(B);
  }

  @Test
  void onAdvert_beyondTheFetchesInFlight_isIgnored() {
    AdvertBook b = new AdvertBook(3, 10_000, 2, 10);
    assertThat(b.onAdvert(A, id(1), 1, 5_000, 0)).contains(A);
    assertThat(b.onAdvert(A, id(2), 1, 5_000, 0)).contains(A);
    assertThat(b.onAdvert(A, id(3), 1, 5_000, 0)).isEmpty();
    assertThat(b.ignoredAdverts()).isEqualTo(1);
    assertThat(b.pendingCount()).isEqualTo(2);
  }

  @Test
  void forget_advertiserLeaves_nextOneAskedAndALastOneLeavingAbandons() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 10);
    b.onAdvert(A, id(1), 1, 5_000, 100);
    b.onAdvert(B, id(1), 1, 5_000, 100);
    b.onAdvert(A, id(2), 1, 5_000, 100);
    b.forget(A);
    List<AdvertBook.Fetch> due = b.due(101);
    assertThat(due).containsExactly(new AdvertBook.Fetch(id(1), B));
    assertThat(b.abandoned()).isEqualTo(1); // id(2) had A only
    assertThat(b.pendingCount()).isEqualTo(1);
  }

  @Test
  void onArtifact_deliveredIdsAreBounded_oldestForgotten() {
    AdvertBook b = new AdvertBook(3, 10_000, 10, 2);
    for (int i = 0; i < 3; i++) {
      b.onAdvert(A, id(i), 1, 5_000, 0);
      b.onArtifact(id(i), 0);
    }
    assertThat(b.onAdvert(A, id(0), 1, 5_000, 0)).as("forgotten: fetched again").contains(A);
    assertThat(b.onAdvert(A, id(2), 1, 5_000, 0)).isEmpty();
  }
}
