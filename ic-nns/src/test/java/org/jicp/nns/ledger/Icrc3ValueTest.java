package org.jicp.nns.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.candid.mapping.CandidMapper;
import org.junit.jupiter.api.Test;

/** The test vectors of dfinity/ICRC-1 standards/ICRC-3/HASHINGVALUES.md. */
class Icrc3ValueTest {
  @Test
  void hash_nat42_matchesStandardVector() {
    assertThat(new Icrc3Value.Nat(BigInteger.valueOf(42)).hash().toHex())
        .isEqualTo("684888c0ebb17f374298b65ee2807526c066094c701bcc7ebbe1c1095f494fc1");
  }

  @Test
  void hash_intMinus42_matchesStandardVector() {
    assertThat(new Icrc3Value.Int(BigInteger.valueOf(-42)).hash().toHex())
        .isEqualTo("de5a6f78116eca62d7fc5ce159d23ae6b889b365a1739ad2cf36f925a140d0cc");
  }

  @Test
  void hash_text_matchesStandardVector() {
    assertThat(new Icrc3Value.Text("Hello, World!").hash().toHex())
        .isEqualTo("dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f");
  }

  @Test
  void hash_blob_matchesStandardVector() {
    assertThat(new Icrc3Value.Blob(Bytes.fromHex("01020304")).hash().toHex())
        .isEqualTo("9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a");
  }

  @Test
  void hash_array_matchesStandardVector() {
    Icrc3Value v =
        new Icrc3Value.Array(
            List.of(
                new Icrc3Value.Nat(BigInteger.valueOf(3)),
                new Icrc3Value.Text("foo"),
                new Icrc3Value.Blob(Bytes.fromHex("0506"))));
    assertThat(v.hash().toHex())
        .isEqualTo("514a04011caa503990d446b7dec5d79e19c221ae607fb08b2848c67734d468d6");
  }

  @Test
  void hash_map_matchesStandardVectorWhateverTheOrder() {
    Icrc3Value v =
        new Icrc3Value.Map(
            List.of(
                new Icrc3Value.Entry("from", new Icrc3Value.Blob(Bytes.fromHex(
                    "00abcdef0012340056789a00bcdef000012345678900abcdef01"))),
                new Icrc3Value.Entry("to", new Icrc3Value.Blob(Bytes.fromHex(
                    "00ab0def0012340056789a00bcdef000012345678900abcdef01"))),
                new Icrc3Value.Entry("amount", new Icrc3Value.Nat(BigInteger.valueOf(42))),
                new Icrc3Value.Entry("created_at", new Icrc3Value.Nat(BigInteger.valueOf(1699218263))),
                new Icrc3Value.Entry("memo", new Icrc3Value.Nat(BigInteger.ZERO))));
    assertThat(v.hash().toHex())
        .isEqualTo("c56ece650e1de4269c5bdeff7875949e3e2033f85b2d193c2ff4f7f78bdcfc75");
    Icrc3Value.Map reversed =
        new Icrc3Value.Map(new java.util.ArrayList<>(((Icrc3Value.Map) v).value()) {
          {
            java.util.Collections.reverse(this);
          }
        });
    assertThat(reversed.hash()).isEqualTo(v.hash());
  }

  @Test
  void candid_valueRoundTrips() {
    CandidMapper m = org.jicp.nns.NnsCandid.MAPPER;
    Icrc3Value v =
        new Icrc3Value.Map(
            List.of(
                new Icrc3Value.Entry("a", new Icrc3Value.Array(List.of(new Icrc3Value.Int(BigInteger.valueOf(-5))))),
                new Icrc3Value.Entry("b", new Icrc3Value.Text("x"))));
    assertThat(m.decode(m.encodeAs(Icrc3Value.class, v), Icrc3Value.class)).isEqualTo(v);
    org.jicp.candid.CandidType standard =
        org.jicp.candid.DidFile.parse(
                "type Value = variant { Blob : blob; Text : text; Nat : nat; Int : int;"
                    + " Array : vec Value; Map : vec record { text; Value } }; service : {}")
            .type("Value")
            .orElseThrow();
    assertThat(org.jicp.candid.CandidTypes.equivalent(m.typeOf(Icrc3Value.class), standard)).isTrue();
  }
}
