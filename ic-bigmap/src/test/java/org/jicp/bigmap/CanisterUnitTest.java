package org.jicp.bigmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.jicp.bigmap.BigMapApi.Entry;
import org.jicp.bigmap.BigMapApi.Range;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;
import org.junit.jupiter.api.Test;

/** The bucket and index canisters called directly (no subnet): checks, state, routing. */
class CanisterUnitTest {
  private static final Principal INDEX = CanisterId.fromIndex(7).principal();
  private static final CanisterId SELF = CanisterId.fromIndex(8);

  private static NativeContext from(Principal caller) {
    return new NativeContext(SELF, new SubnetId(Principal.anonymous()), caller, 0, Cycles.ZERO,
        Optional.empty());
  }

  private static NativeCanister bucket(Range r) {
    return BucketCanister.factory().create(SELF, Optional.empty(), Bytes.of(BigMapApi.CANDID
        .encode(new BigMapApi.BucketInit(r, INDEX))));
  }

  private static byte[] reply(NativeOutcome o) {
    assertThat(o).isInstanceOf(NativeOutcome.Reply.class);
    return ((NativeOutcome.Reply) o).bytes().toByteArray();
  }

  private static Bytes put(NativeCanister b, Principal caller, Entry... es) {
    return Bytes.of(reply(b.handle(from(caller), "put",
        Bytes.of(BigMapApi.CANDID.encode(new BigMapApi.Entries(List.of(es)))))));
  }

  private static List<Entry> scan(NativeCanister b, String prefix, long limit) {
    return BigMapApi.CANDID.decode(reply(b.handle(from(Principal.anonymous()), "scan",
        Bytes.of(BigMapApi.CANDID.encode(new BigMapApi.ScanArgs(BigMapApi.utf8(prefix),
            limit))))), BigMapApi.Entries.class).entries();
  }

  private static Entry e(String k, String v) {
    return new Entry(BigMapApi.utf8(k), BigMapApi.utf8(v));
  }

  @Test
  void bucketPut_fromIndex_loadGetAndScanInKeyOrder() {
    NativeCanister b = bucket(new Range(0, -1L));
    Bytes load = put(b, INDEX, e("b2", "x"), e("a1", "yy"), e("b1", "z"), e("b2", "w"));
    assertThat(BigMapApi.CANDID.decode(load.toByteArray(), BigMapApi.Load.class))
        .isEqualTo(new BigMapApi.Load(3, 2 + 1 + 2 + 2 + 2 + 1));
    assertThat(scan(b, "b", 10)).containsExactly(e("b1", "z"), e("b2", "w"));
    assertThat(scan(b, "", 2)).containsExactly(e("a1", "yy"), e("b1", "z"));
    BigMapApi.Values v = BigMapApi.CANDID.decode(reply(b.handle(from(INDEX), "get",
        Bytes.of(BigMapApi.CANDID.encode(new BigMapApi.Keys(List.of(BigMapApi.utf8("a1"),
            BigMapApi.utf8("zz"))))))), BigMapApi.Values.class);
    assertThat(v.values()).containsExactly(Optional.of(BigMapApi.utf8("yy")), Optional.empty());
  }

  @Test
  void bucketPut_fromOtherCaller_rejectedAndNothingWritten() {
    NativeCanister b = bucket(new Range(0, -1L));
    assertThatThrownBy(() -> put(b, Principal.anonymous(), e("k", "v")))
        .isInstanceOf(NativeCanisterException.class).hasMessageContaining("only the index");
    assertThat(scan(b, "", 10)).isEmpty();
  }

  @Test
  void bucketPut_batchWithKeyOutsideRange_rejectedAndNothingWritten() {
    Bytes inside = null;
    Bytes outside = null;
    Range low = new Range(0, Long.MAX_VALUE);
    for (int i = 0; inside == null || outside == null; i++) {
      Bytes k = BigMapApi.utf8("k" + i);
      if (low.contains(BigMapApi.position(k))) {
        inside = k;
      } else {
        outside = k;
      }
    }
    NativeCanister b = bucket(low);
    Bytes in = inside;
    Bytes out = outside;
    assertThatThrownBy(() -> put(b, INDEX, new Entry(in, Bytes.EMPTY), new Entry(out,
        Bytes.EMPTY))).isInstanceOf(NativeCanisterException.class)
        .hasMessageContaining("outside this bucket's range");
    assertThat(scan(b, "", 10)).isEmpty();
  }

  @Test
  void bucketHandle_malformedCandid_typedReject() {
    NativeCanister b = bucket(new Range(0, -1L));
    assertThatThrownBy(() -> b.handle(from(INDEX), "put", Bytes.of(new byte[] {1, 2, 3})))
        .isInstanceOf(NativeCanisterException.class).hasMessageStartingWith("bad argument of put");
  }

  @Test
  void bucketRetain_thenSaveAndRestore_keepsOnlyItsHalf() {
    NativeCanister b = bucket(new Range(0, -1L));
    for (int i = 0; i < 100; i++) {
      put(b, INDEX, e("k" + i, "v" + i));
    }
    Range lower = BigMapApi.lowerHalf(new Range(0, -1L));
    BigMapApi.Load l = BigMapApi.CANDID.decode(reply(b.handle(from(INDEX), "retain",
        Bytes.of(BigMapApi.CANDID.encode(lower)))), BigMapApi.Load.class);
    List<Entry> kept = scan(b, "", 1000);
    assertThat(kept).hasSize((int) l.keys()).allMatch(x -> lower.contains(BigMapApi.position(
        x.key())));
    assertThat(l.keys()).isBetween(30L, 70L);
    NativeCanister again = BucketCanister.factory().create(SELF, Optional.of(b.saveState()),
        Bytes.EMPTY);
    assertThat(scan(again, "", 1000)).isEqualTo(kept);
    assertThat(again.saveState()).isEqualTo(b.saveState());
  }

  @Test
  void ringSplit_coversRingWithoutGaps() {
    for (int n : new int[] {1, 2, 3, 16, 1000}) {
      List<Range> rs = BigMapApi.split(n);
      assertThat(rs).hasSize(n);
      assertThat(rs.get(0).lo()).isZero();
      assertThat(rs.get(n - 1).last()).isEqualTo(-1L);
      for (int i = 1; i < n; i++) {
        assertThat(rs.get(i).lo()).isEqualTo(rs.get(i - 1).last() + 1);
      }
    }
  }

  @Test
  void indexInit_gapInRanges_rejected() {
    BigMapApi.IndexInit init = new BigMapApi.IndexInit(List.of(new BigMapApi.BucketRef(INDEX,
        INDEX, new Range(0, 5))), 10, 10);
    assertThatThrownBy(() -> IndexCanister.fromInit(init))
        .isInstanceOf(NativeCanisterException.class).hasMessageContaining("2^64 - 1");
  }

  @Test
  void indexPutBatch_routesEachKeyToItsBucket() {
    List<Range> rs = BigMapApi.split(4);
    List<BigMapApi.BucketRef> refs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refs.add(new BigMapApi.BucketRef(CanisterId.fromIndex(100 + i).principal(), INDEX,
          rs.get(i)));
    }
    NativeCanister ix = IndexCanister.fromInit(new BigMapApi.IndexInit(refs, 1000, 100));
    List<Entry> es = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      es.add(e("key" + i, "v"));
    }
    NativeOutcome o = ix.handle(from(Principal.anonymous()), "put_batch",
        Bytes.of(BigMapApi.CANDID.encode(new BigMapApi.Entries(es))));
    assertThat(o).isInstanceOf(NativeOutcome.Calls.class);
    int routed = 0;
    for (NativeOutcome.Call c : ((NativeOutcome.Calls) o).calls()) {
      int b = (int) (CanisterId.fromIndex(100).principal().equals(c.callee()) ? 0
          : refs.stream().map(BigMapApi.BucketRef::id).toList().indexOf(c.callee()));
      for (Entry x : BigMapApi.CANDID.decode(c.arg().toByteArray(), BigMapApi.Entries.class)
          .entries()) {
        assertThat(rs.get(b).contains(BigMapApi.position(x.key()))).isTrue();
        routed++;
      }
    }
    assertThat(routed).isEqualTo(40);
  }
}
