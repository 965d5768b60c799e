package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

class CandidEncoderTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void encode_noArguments_isMagicAndTwoZeros() {
    assertThat(hex(CandidEncoder.encode(List.of(), List.of()))).isEqualTo("4449444c0000");
    assertThat(CandidEncoder.empty()).isEqualTo(CandidEncoder.encode(List.of(), List.of()));
  }

  @Test
  void encode_primitives_matchTheSpecOpcodesAndLayouts() {
    assertThat(hex(CandidEncoder.encode(CandidType.NAT, CandidValue.nat(3))))
        .isEqualTo("4449444c00017d03");
    assertThat(hex(CandidEncoder.encode(CandidType.TEXT, CandidValue.text("hello"))))
        .isEqualTo("4449444c0001710568656c6c6f");
    assertThat(hex(CandidEncoder.encode(CandidType.INT, CandidValue.integer(-129))))
        .isEqualTo("4449444c00017cff7e");
    assertThat(hex(CandidEncoder.encode(CandidType.NAT64, new CandidValue.Nat64(-1L))))
        .isEqualTo("4449444c000178ffffffffffffffff");
    assertThat(hex(CandidEncoder.encode(CandidType.PRINCIPAL,
        CandidValue.principal(Principal.fromText("w7x7r-cok77-xa")))))
        .isEqualTo("4449444c0001680103caffee");
  }

  @Test
  void encode_bigNumbers_useLeb128OfAnySize() {
    BigInteger n = new BigInteger("60000000000000000");
    assertThat(hex(CandidEncoder.encode(CandidType.NAT, CandidValue.nat(n))))
        .isEqualTo("4449444c00017d808098f4e9b5ca6a");
    assertThat(hex(CandidEncoder.encode(CandidType.INT, CandidValue.integer(n.negate()))))
        .isEqualTo("4449444c00017c8080e88b96cab5957f");
    BigInteger huge = BigInteger.ONE.shiftLeft(200).subtract(BigInteger.ONE);
    byte[] m = CandidEncoder.encode(CandidType.NAT, CandidValue.nat(huge));
    assertThat(CandidDecoder.standard().decodeOne(m, CandidType.NAT))
        .isEqualTo(CandidValue.nat(huge));
  }

  @Test
  void encode_recordWithNamedFields_sortsFieldsByHash() {
    CandidType t = CandidText.parseType("record { foo : int; bar : bool }");
    CandidValue v = CandidText.parseValue("record { foo = 42; bar = true }", t);
    assertThat(hex(CandidEncoder.encode(t, v)))
        .isEqualTo("4449444c016c02d3e3aa027e868eb7027c0100012a");
  }

  @Test
  void encode_recursiveType_closesTheTypeTableOnItself() {
    DidFile d = DidFile.parse("type List = opt record { head : int; tail : List };");
    CandidType list = d.types().ref("List");
    CandidValue v = CandidText.parseValue(
        "opt record { head = 1; tail = opt record { head = 2; tail = null } }", list);
    assertThat(hex(CandidEncoder.encode(list, v)))
        .isEqualTo("4449444c026e016c02a0d2aca8047c90eddae7040001000101010200");
  }

  @Test
  void encode_integerValuesOfOtherKinds_areAcceptedWhenInRange() {
    assertThat(hex(CandidEncoder.encode(CandidType.NAT8, CandidValue.nat(255))))
        .isEqualTo("4449444c00017bff");
    assertThatThrownBy(() -> CandidEncoder.encode(CandidType.NAT8, CandidValue.nat(256)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("out of the range of nat8");
  }

  @Test
  void encode_valueOfTheWrongType_namesTheArgumentAndPath() {
    CandidType t = CandidText.parseType("record { items : vec record { name : text } }");
    CandidValue v = CandidText.parseValue("record { items = vec { record { name = 5 } } }");
    assertThatThrownBy(() -> CandidEncoder.encode(t, v))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("argument 0.items[0].name")
        .hasMessageContaining("does not have type text");
  }

  @Test
  void encode_missingOptionalField_isWrittenAsNull() {
    CandidType t = CandidText.parseType("record { a : nat; b : opt text }");
    byte[] m = CandidEncoder.encode(t, CandidValue.record(CandidValue.field("a", CandidValue.nat(1))));
    assertThat(CandidDecoder.standard().decodeOne(m, t).toString())
        .isEqualTo("record { a = 1; b = null }");
  }

  @Test
  void encode_withoutTypes_infersAndJoinsVecElementTypes() {
    List<CandidValue> args = CandidText.parseArgs("(vec { null; opt 1 }, variant { a }, 1.5)");
    byte[] m = CandidEncoder.encode(args);
    assertThat(CandidText.printTypes(CandidDecoder.argTypes(m)))
        .isEqualTo("(vec opt int, variant { 97 }, float64)");
    assertThatThrownBy(() -> CandidEncoder.encode(CandidText.parseArgs("(vec { 1; \"x\" })")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no common type");
  }

  @Test
  void encode_functionAndServiceReferences_followTheSpecLayout() {
    CandidType f = CandidText.parseType("func () -> ()");
    CandidValue v = CandidText.parseValue("func \"w7x7r-cok77-xa\".a", f);
    assertThat(hex(CandidEncoder.encode(f, v)))
        .isEqualTo("4449444c016a0000000100010103caffee0161");
  }
}
