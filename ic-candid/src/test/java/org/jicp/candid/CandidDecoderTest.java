package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidDecoderTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static final CandidDecoder DECODER = CandidDecoder.standard();

  @Test
  void decode_atASupertype_dropsFieldsTheReaderDoesNotKnow() {
    CandidType v2 = CandidText.parseType("record { name : text; age : nat; email : opt text }");
    CandidType v1 = CandidText.parseType("record { name : text; age : nat }");
    byte[] m = CandidEncoder.encode(v2,
        CandidText.parseValue("record { name = \"ada\"; age = 36; email = opt \"a@b\" }", v2));
    assertThat(DECODER.decodeOne(m, v1).toString()).isEqualTo("record { age = 36; name = \"ada\" }");
  }

  @Test
  void decode_olderMessage_readsNewOptionalFieldsAsNull() {
    CandidType v1 = CandidText.parseType("record { name : text }");
    CandidType v2 = CandidText.parseType("record { name : text; email : opt text }");
    byte[] m = CandidEncoder.encode(v1, CandidText.parseValue("record { name = \"x\" }", v1));
    assertThat(DECODER.decodeOne(m, v2).toString()).isEqualTo("record { name = \"x\"; email = null }");
  }

  @Test
  void decode_optionalValueThatDoesNotFit_readsAsNull() {
    CandidType wire = CandidText.parseType("opt variant { a; b : nat }");
    CandidType expected = CandidText.parseType("opt variant { a }");
    byte[] m = CandidEncoder.encode(wire, CandidText.parseValue("opt variant { b = 5 }", wire));
    assertThat(DECODER.decodeOne(m, expected)).isEqualTo(CandidValue.NONE);
    byte[] a = CandidEncoder.encode(wire, CandidText.parseValue("opt variant { a }", wire));
    assertThat(DECODER.decodeOne(a, expected).toString()).isEqualTo("opt variant { a }");
  }

  @Test
  void decode_natAtInt_andServiceAtPrincipal_areCoerced() {
    assertThat(DECODER.decodeOne(hex("4449444c00017d2a"), CandidType.INT))
        .isEqualTo(CandidValue.integer(42));
    assertThat(DECODER.decodeOne(hex("4449444c01690001000103caffee"), CandidType.PRINCIPAL)
            .toString())
        .isEqualTo("principal \"w7x7r-cok77-xa\"");
  }

  @Test
  void decode_extraArgumentsAreSkipped_missingOptionalOnesAreNull() {
    byte[] m = hex("4449444c00027d7102026869");
    assertThat(DECODER.decode(m, CandidType.NAT)).containsExactly(CandidValue.nat(2));
    assertThat(DECODER.decode(m, CandidType.NAT, CandidType.TEXT, CandidType.opt(CandidType.NAT)))
        .containsExactly(CandidValue.nat(2), CandidValue.text("hi"), CandidValue.NONE);
    assertThatThrownBy(() -> DECODER.decode(m, CandidType.NAT, CandidType.TEXT, CandidType.NAT))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("argument 2 is missing");
  }

  @Test
  void decode_atOwnTypes_givesTheWireTypes() {
    DecodedArgs d = DECODER.decode(hex("4449444c016c02d3e3aa027e868eb7027c0100012a"));
    assertThat(CandidText.printTypes(d.types())).isEqualTo("(record { 4895187 : bool; 5097222 : int })");
    assertThat(d.toString()).isEqualTo("(record { 4895187 = true; 5097222 = 42 })");
  }

  @Test
  void decode_recursiveWireType_becomesANamedReference() {
    DecodedArgs d = DECODER.decode(
        hex("4449444c026e016c02a0d2aca8047c90eddae7040001000101010200"));
    assertThat(d.types().get(0)).isInstanceOf(CandidType.Ref.class);
    assertThat(((CandidType.Ref) d.types().get(0)).name()).isEqualTo("t0");
    assertThat(d.toString()).isEqualTo(
        "(opt record { 1158359328 = 1; 1291237008 = opt record { 1158359328 = 2; 1291237008 ="
            + " null } })");
  }

  @Test
  void decode_malformedInput_namesTheByteOffset() {
    assertThatThrownBy(() -> DECODER.decode(hex("4449444c00017e02"), CandidType.BOOL))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessage("at byte 7: a bool is 0 or 1, got 2")
        .extracting(e -> ((MalformedCandidException) e).position())
        .isEqualTo(7L);
  }

  @Test
  void decode_wrongType_namesThePathInsideTheArgument() {
    CandidType t = CandidText.parseType("record { xs : vec record { v : nat } }");
    CandidType other = CandidText.parseType("record { xs : vec record { v : text } }");
    byte[] m = CandidEncoder.encode(t,
        CandidText.parseValue("record { xs = vec { record { v = 1 } } }", t));
    assertThatThrownBy(() -> DECODER.decodeOne(m, other))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("argument 0.xs[0].v (at byte")
        .hasMessageContaining("wire type nat does not coerce to text");
  }

  @Test
  void decode_zeroSizedValuesBeyondTheBudget_areRejectedBeforeAllocating() {
    // vec null with 2,000,000 elements: 9 bytes on the wire.
    byte[] m = hex("4449444c016d7f010080897a");
    assertThat(DECODER.decodeOne(hex("4449444c016d7f010003"), CandidType.vec(CandidType.NULL))
        .toString()).isEqualTo("vec { null; null; null }");
    assertThatThrownBy(() -> DECODER.decodeOne(m, CandidType.vec(CandidType.NULL)))
        .isInstanceOf(DecodingLimitExceededException.class)
        .hasMessageContaining("2000000 elements exceeds the decoding budget");
    CandidDecoder generous = CandidDecoder.withConfig(DecoderConfig.DEFAULT.withBaseBudget(3_000_000));
    assertThat(((CandidValue.Vec) generous.decodeOne(m, CandidType.vec(CandidType.NULL)))
        .elements()).hasSize(2_000_000);
  }

  @Test
  void decode_deepNesting_isRejectedAtTheDepthLimit() {
    // 5000 nested opts of a recursive type: μx. opt x.
    byte[] m = new byte[9 + 5000 + 1];
    System.arraycopy(hex("4449444c016e00010001"), 0, m, 0, 10);
    Arrays.fill(m, 9, 9 + 5000, (byte) 1);
    m[m.length - 1] = 0;
    CandidType opt = DidFile.parse("type O = opt O;").types().ref("O");
    assertThatThrownBy(() -> DECODER.decodeOne(m, opt))
        .isInstanceOf(DecodingLimitExceededException.class)
        .hasMessageContaining("nest deeper than 1024");
    CandidDecoder deep = CandidDecoder.withConfig(DecoderConfig.DEFAULT.withMaxDepth(6000));
    assertThat(deep.decodeOne(m, opt)).isInstanceOf(CandidValue.Opt.class);
  }

  @Test
  void decode_hugeDeclaredLengths_failWithoutHugeAllocations() {
    for (String bomb : List.of(
        "4449444c00017180feffff0f", // text of 4 GiB
        "4449444c016d7e010080feffff0f", // vec bool of 4 billion
        "4449444c80feffff0f00")) { // table of 4 billion entries
      assertThatThrownBy(() -> DECODER.decode(hex(bomb), List.of()))
          .isInstanceOf(CandidException.class);
    }
  }

  @Test
  void decode_blobOfOneMebibyte_isOneCopy() {
    byte[] data = new byte[1 << 20];
    Arrays.fill(data, (byte) 7);
    byte[] m = CandidEncoder.encode(CandidType.BLOB, CandidValue.blob(data));
    CandidValue.Blob b = (CandidValue.Blob) DECODER.decodeOne(m, CandidType.BLOB);
    assertThat(b.toByteArray()).isEqualTo(data);
  }

  @Test
  void argTypes_readsOnlyTheHeader() {
    assertThat(CandidDecoder.argTypes(hex("4449444c00027d71")))
        .containsExactly(CandidType.NAT, CandidType.TEXT);
  }
}
