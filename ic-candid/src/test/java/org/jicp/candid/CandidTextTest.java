package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidTextTest {
  @Test
  void parseArgs_numberForms_readAtTheirTypes() {
    List<CandidValue> v =
        CandidText.parseArgs(
            "(1_000, 0xff, -5, +7, 1.5, 3., 1e3, 0x1p4, -inf, nan)",
            CandidText.parseArgTypes(
                "(nat, nat8, int8, int, float64, float32, float64, float64, float64, float32)"));
    assertThat(CandidText.printArgs(v))
        .isEqualTo("(1000, 255, -5, 7, 1.5, 3.0, 1000.0, 16.0, -inf, nan)");
    assertThat(v.get(1)).isEqualTo(new CandidValue.Nat8(255));
  }

  @Test
  void parseArgs_withoutTypes_integersAreIntAndOthersFloat64() {
    assertThat(CandidText.parseArgs("(1, 1.0, (2 : nat8))"))
        .containsExactly(CandidValue.integer(1), new CandidValue.Float64(1.0),
            new CandidValue.Nat8(2));
  }

  @Test
  void parseValue_textEscapes_decodeToUnicode() {
    CandidValue v = CandidText.parseValue("\"\\u{2603} \\t\\\"\\'\\\\ \\e2\\98\\83\"");
    assertThat(((CandidValue.Text) v).value()).isEqualTo("\u2603 \t\"'\\ \u2603");
    assertThat(v.toString()).isEqualTo("\"\u2603 \\t\\\"'\\\\ \u2603\"");
    assertThat(CandidText.printArgsAscii(List.of(v))).isEqualTo("(\"\\u{2603} \\t\\\"'\\\\ \\u{2603}\")");
  }

  @Test
  void parseValue_textWithInvalidUtf8_isRejectedButBlobAcceptsIt() {
    assertThatThrownBy(() -> CandidText.parseValue("\"\\ff\""))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessageContaining("not valid UTF-8");
    assertThat(CandidText.parseValue("blob \"\\ff\\00a\"").toString()).isEqualTo("blob \"\\ff\\00a\"");
  }

  @Test
  void parseValue_recordsAndVariants_acceptNamesNumbersAndPositions() {
    CandidType t = CandidText.parseType(
        "record { 0 : nat; 1 : text; \"with space\" : variant { a; b : bool } }");
    CandidValue v = CandidText.parseValue(
        "record { 5; \"x\"; \"with space\" = variant { b = true } }", t);
    assertThat(v.toString()).isEqualTo("record { 0 = 5; 1 = \"x\"; \"with space\" = variant { b = true } }");
    CandidValue tuple = CandidText.parseValue("record { 1; 2 }");
    assertThat(tuple.toString()).isEqualTo("record { 1; 2 }");
  }

  @Test
  void parseValue_atRecordType_fillsOptionalFieldsAndDropsUnknownOnes() {
    CandidType t = CandidText.parseType("record { a : nat; b : opt nat; c : reserved }");
    assertThat(CandidText.parseValue("record { a = 1; z = \"ignored\" }", t).toString())
        .isEqualTo("record { a = 1; b = null; c = null }");
    assertThatThrownBy(() -> CandidText.parseValue("record { b = opt 1 }", t))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("record field a of type nat is missing");
  }

  @Test
  void parseValue_wrongShape_namesLineAndColumn() {
    assertThatThrownBy(() -> CandidText.parseValue("vec {\n  1;\n  -1 }", CandidType.vec(CandidType.NAT)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("3:3: -1 is out of the range of nat");
    assertThatThrownBy(() -> CandidText.parseArgs("(record { a = 1 )"))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessage("1:17: expected ';' or '}', found ')'");
  }

  @Test
  void parseValue_references_useCanonicalPrincipalText() {
    assertThat(CandidText.parseValue("func \"w7x7r-cok77-xa\".\"odd name\"").toString())
        .isEqualTo("func \"w7x7r-cok77-xa\".\"odd name\"");
    assertThatThrownBy(() -> CandidText.parseValue("principal \"not-a-principal\""))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessageContaining("principal text");
  }

  @Test
  void parseValue_deepNesting_isRejectedNotAStackOverflow() {
    String deep = "opt ".repeat(100_000) + "null";
    assertThatThrownBy(() -> CandidText.parseValue(deep))
        .isInstanceOf(MalformedCandidException.class)
        .hasMessageContaining("nesting deeper than");
  }

  @Test
  void parseValue_annotation_mustAgreeWithTheExpectedType() {
    assertThat(CandidText.parseValue("(5 : nat)", CandidType.INT)).isEqualTo(CandidValue.integer(5));
    assertThatThrownBy(() -> CandidText.parseValue("(\"x\" : text)", CandidType.NAT))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void printType_readsBackAsTheSameType() {
    String s = "record { a : opt vec blob; b : variant { x; y : func (nat) -> () oneway };"
        + " c : service { m : (text) -> (nat) query } }";
    CandidType t = CandidText.parseType(s);
    assertThat(CandidText.parseType(t.toString())).isEqualTo(t);
  }

  @Test
  void comments_areSkippedEverywhere() {
    assertThat(CandidText.parseArgs("( /* a /* nested */ comment */ 1, // line\n 2)"))
        .hasSize(2);
  }
}
