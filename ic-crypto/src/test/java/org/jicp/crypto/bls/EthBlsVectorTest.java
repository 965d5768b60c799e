package org.jicp.crypto.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ethereum consensus BLS vectors (min-pk, proof of possession) from {@code
 * ../shared/vectors/eth-bls}: sign, verify, aggregate, fast_aggregate_verify, aggregate_verify,
 * including the must-fail cases (zero key, infinity keys and signatures, truncated signature).
 */
class EthBlsVectorTest {
  private static final BlsScheme ETH = BlsScheme.ETH;

  @TestFactory
  Stream<DynamicContainer> ethBls_allCases_match() {
    return Stream.of(
        container("sign.json", 4, EthBlsVectorTest::sign),
        container("verify.json", 4, EthBlsVectorTest::verify),
        container("aggregate.json", 2, EthBlsVectorTest::aggregate),
        container("fast_aggregate_verify.json", 3, EthBlsVectorTest::fastAggregateVerify),
        container("aggregate_verify.json", 3, EthBlsVectorTest::aggregateVerify));
  }

  private static DynamicContainer container(
      String file, int expectedCases, Function<JsonNode, Runnable> body) {
    JsonNode doc = Vectors.json("eth-bls/" + file);
    assertThat(doc.get("ciphersuite").asText()).isEqualTo(ETH.dst());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      Runnable r = body.apply(c);
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), r::run));
    }
    assertThat(tests).as("cases in %s", file).hasSize(expectedCases);
    return DynamicContainer.dynamicContainer(file + " (" + tests.size() + " cases)", tests);
  }

  private static byte[] hex(JsonNode n) {
    return Vectors.hex(n.asText());
  }

  private static Runnable sign(JsonNode c) {
    return () -> {
      JsonNode in = c.get("input");
      byte[] msg = hex(in.get("message"));
      if (c.get("output").isNull()) {
        assertThatThrownBy(() -> SecretKey.fromBytes(hex(in.get("privkey"))))
            .isInstanceOf(CryptoException.class);
        return;
      }
      SecretKey sk = SecretKey.fromBytes(hex(in.get("privkey")));
      Signature sig = ETH.sign(sk, msg);
      assertThat(sig.toBytes()).isEqualTo(hex(c.get("output")));
      assertThat(ETH.verify(ETH.publicKey(sk), msg, sig)).isTrue();
    };
  }

  /** The vector semantics: anything that does not parse is a "false". */
  private static boolean parsesAndVerifies(JsonNode in) {
    try {
      PublicKey pk = ETH.publicKeyFromBytes(hex(in.get("pubkey")));
      Signature sig = ETH.signatureFromBytes(hex(in.get("signature")));
      return ETH.verify(pk, hex(in.get("message")), sig);
    } catch (CryptoException e) {
      return false;
    }
  }

  private static Runnable verify(JsonNode c) {
    return () -> assertThat(parsesAndVerifies(c.get("input"))).isEqualTo(c.get("output").asBoolean());
  }

  private static Runnable aggregate(JsonNode c) {
    return () -> {
      List<Signature> sigs = new ArrayList<>();
      for (JsonNode s : c.get("input")) {
        sigs.add(ETH.signatureFromBytes(hex(s)));
      }
      if (c.get("output").isNull()) {
        assertThat(sigs).isEmpty();
        return;
      }
      assertThat(ETH.aggregate(sigs).toBytes()).isEqualTo(hex(c.get("output")));
    };
  }

  private static Runnable fastAggregateVerify(JsonNode c) {
    return () -> {
      JsonNode in = c.get("input");
      boolean result;
      try {
        List<PublicKey> pks = new ArrayList<>();
        for (JsonNode k : in.get("pubkeys")) {
          pks.add(ETH.publicKeyFromBytes(hex(k)));
        }
        result = ETH.fastAggregateVerify(pks, hex(in.get("message")), ETH.signatureFromBytes(hex(in.get("signature"))));
      } catch (CryptoException e) {
        result = false;
      }
      assertThat(result).isEqualTo(c.get("output").asBoolean());
    };
  }

  private static Runnable aggregateVerify(JsonNode c) {
    return () -> {
      JsonNode in = c.get("input");
      boolean result;
      try {
        List<PublicKey> pks = new ArrayList<>();
        for (JsonNode k : in.get("pubkeys")) {
          pks.add(ETH.publicKeyFromBytes(hex(k)));
        }
        List<byte[]> msgs = new ArrayList<>();
        for (JsonNode m : in.get("messages")) {
          msgs.add(hex(m));
        }
        result = ETH.aggregateVerify(pks, msgs, ETH.signatureFromBytes(hex(in.get("signature"))));
      } catch (CryptoException e) {
        result = false;
      }
      assertThat(result).isEqualTo(c.get("output").asBoolean());
    };
  }
}
