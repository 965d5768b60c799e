package org.jicp.bigmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.DidFile;
import org.jicp.crypto.Bytes;
import org.jicp.wasm.execution.NativeCanister;
import org.junit.jupiter.api.Test;

/**
 * The {@code .did} files served as resources describe exactly what the canisters decode and
 * answer: each method's argument and result, as the Java records map to Candid, are equivalent to
 * the file's, the query methods are the canister's queries, and no method is missing on either
 * side.
 */
class DidInterfaceTest {
  private static final Type UNIT = Void.class;

  private static DidFile did(String name) throws IOException {
    try (InputStream in = BigMapApi.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return DidFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static int check(DidFile did, Map<String, Type[]> methods, NativeCanister c,
      Type init) {
    CandidType.Service service = did.service().orElseThrow();
    assertThat(service.methods().stream().map(CandidType.Method::name).toList())
        .containsExactlyInAnyOrderElementsOf(methods.keySet());
    for (Map.Entry<String, Type[]> m : methods.entrySet()) {
      CandidType.Func f = did.method(m.getKey()).orElseThrow();
      assertThat(c.hasMethod(m.getKey())).as(m.getKey()).isTrue();
      assertThat(c.isQuery(m.getKey())).as(m.getKey())
          .isEqualTo(f.modes().contains(CandidType.FuncMode.QUERY));
      assertThat(types(m.getValue()[0])).hasSameSizeAs(f.args());
      for (int i = 0; i < f.args().size(); i++) {
        assertThat(CandidTypes.equivalent(types(m.getValue()[0]).get(i), f.args().get(i)))
            .as("argument of %s: %s vs %s", m.getKey(), types(m.getValue()[0]), f.args())
            .isTrue();
      }
      assertThat(types(m.getValue()[1])).hasSameSizeAs(f.results());
      for (int i = 0; i < f.results().size(); i++) {
        assertThat(CandidTypes.equivalent(types(m.getValue()[1]).get(i), f.results().get(i)))
            .as("result of %s: %s vs %s", m.getKey(), types(m.getValue()[1]), f.results())
            .isTrue();
      }
    }
    assertThat(CandidTypes.equivalent(types(init).get(0), did.initArgs().orElseThrow().get(0)))
        .isTrue();
    return methods.size();
  }

  private static List<CandidType> types(Type t) {
    return t == UNIT ? List.of() : List.of(BigMapApi.CANDID.typeOf(t));
  }

  @Test
  void indexDid_matchesIndexCanister_allMethods() throws IOException {
    Map<String, Type[]> m = new LinkedHashMap<>();
    m.put("put", new Type[] {BigMapApi.Entry.class, UNIT});
    m.put("get", new Type[] {Bytes.class, BigMapApi.OPT_BLOB.type()});
    m.put("delete", new Type[] {Bytes.class, Boolean.class});
    m.put("put_batch", new Type[] {BigMapApi.Entries.class, UNIT});
    m.put("get_batch", new Type[] {BigMapApi.Keys.class, BigMapApi.Values.class});
    m.put("delete_batch", new Type[] {BigMapApi.Keys.class, BigMapApi.Count.class});
    m.put("scan", new Type[] {BigMapApi.ScanArgs.class, BigMapApi.Entries.class});
    m.put("stats", new Type[] {UNIT, BigMapApi.Stats.class});
    NativeCanister ix = IndexCanister.fromInit(new BigMapApi.IndexInit(List.of(
        new BigMapApi.BucketRef(org.jicp.crypto.Principal.anonymous(),
            org.jicp.crypto.Principal.anonymous(), new BigMapApi.Range(0, -1L))), 10, 10));
    assertThat(check(did("bigmap-index.did"), m, ix, BigMapApi.IndexInit.class)).isEqualTo(8);
  }

  @Test
  void bucketDid_matchesBucketCanister_allMethods() throws IOException {
    Map<String, Type[]> m = new LinkedHashMap<>();
    m.put("put", new Type[] {BigMapApi.Entries.class, BigMapApi.Load.class});
    m.put("get", new Type[] {BigMapApi.Keys.class, BigMapApi.Values.class});
    m.put("delete", new Type[] {BigMapApi.Keys.class, BigMapApi.Removed.class});
    m.put("scan", new Type[] {BigMapApi.ScanArgs.class, BigMapApi.Entries.class});
    m.put("retain", new Type[] {BigMapApi.Range.class, BigMapApi.Load.class});
    m.put("load", new Type[] {UNIT, BigMapApi.Load.class});
    m.put("ping", new Type[] {UNIT, UNIT});
    NativeCanister b = BucketCanister.factory().create(
        org.jicp.types.CanisterId.fromIndex(1), Optional.empty(),
        Bytes.of(BigMapApi.CANDID.encode(new BigMapApi.BucketInit(new BigMapApi.Range(0, -1L),
            org.jicp.crypto.Principal.anonymous()))));
    assertThat(check(did("bigmap-bucket.did"), m, b, BigMapApi.BucketInit.class)).isEqualTo(7);
  }
}
