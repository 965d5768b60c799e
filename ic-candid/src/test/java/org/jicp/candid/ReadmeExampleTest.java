package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;
import org.jicp.candid.mapping.CandidMapper;
import org.junit.jupiter.api.Test;

/** The examples of the module README, verbatim. */
class ReadmeExampleTest {
  record Person(String name, BigInteger age, Optional<String> email) {}

  record PersonV1(String name, BigInteger age) {}

  @Test
  void dynamicExample_encodesAndDecodesAtASupertype() {
    // --- README: dynamic values ---
    CandidType v2 = CandidText.parseType("record { name : text; age : nat; email : opt text }");
    CandidType v1 = CandidText.parseType("record { name : text; age : nat }");
    CandidValue ada = CandidText.parseValue(
        "record { name = \"Ada\"; age = 36; email = opt \"ada@example.org\" }", v2);
    byte[] msg = CandidEncoder.encode(v2, ada);                      // DIDL 02 6c 03 …
    CandidValue read = CandidDecoder.standard().decodeOne(msg, v1);  // read at a supertype
    System.out.println(read);                        // record { age = 36; name = "Ada" }
    // --- end ---
    assertThat(read.toString()).isEqualTo("record { age = 36; name = \"Ada\" }");
    assertThat(HexFormat.of().formatHex(msg)).startsWith("4449444c026c03");
  }

  @Test
  void javaExample_encodesARecordAndDecodesAnOlderVersion() {
    // --- README: Java records ---
    CandidMapper candid = CandidMapper.standard();
    byte[] msg = candid.encode(new Person("Ada", BigInteger.valueOf(36), Optional.empty()));
    PersonV1 old = candid.decode(msg, PersonV1.class);  // PersonV1[name=Ada, age=36]
    // --- end ---
    assertThat(old).isEqualTo(new PersonV1("Ada", BigInteger.valueOf(36)));
    assertThat(candid.typeOf(Person.class))
        .hasToString("record { age : nat; name : text; email : opt text }");
  }
}
