package org.jicp.state;

import org.jicp.types.MessageId;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

class RequestIdTest {
  @Test
  void of_specExampleCall_givesSpecRequestId() {
    // IC interface specification, "Request ids", example.
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("request_type", "call");
    content.put("sender", Bytes.of((byte) 0x04));
    content.put("ingress_expiry", new BigInteger("1685570400000000000"));
    content.put("canister_id", Bytes.fromHex("00000000000004D2"));
    content.put("method_name", "hello");
    content.put("arg", Bytes.fromHex("4449444c00fd2a"));
    assertThat(RepresentationIndependentHash.requestId(content).toString())
        .isEqualTo("1d1091364d6bb8a6c16b203ee75467d59ead468f523eb058880ae8ec80e2b101");
  }

  @Test
  void of_fieldOrder_doesNotMatter() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1L);
    a.put("y", List.of("p", Bytes.of((byte) 1)));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("y", List.of("p", Bytes.of((byte) 1)));
    b.put("x", 1);
    assertThat(RepresentationIndependentHash.requestId(a)).isEqualTo(RepresentationIndependentHash.requestId(b));
  }
}
