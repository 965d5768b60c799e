package org.jicp.candid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidTypesTest {
  private static boolean sub(String a, String b) {
    return CandidTypes.isSubtype(CandidText.parseType(a), CandidText.parseType(b));
  }

  @Test
  void isSubtype_primitives_followTheSpecRules() {
    assertThat(sub("nat", "int")).isTrue();
    assertThat(sub("int", "nat")).isFalse();
    assertThat(sub("nat8", "nat")).isFalse();
    assertThat(sub("empty", "text")).isTrue();
    assertThat(sub("text", "reserved")).isTrue();
    assertThat(sub("service {}", "principal")).isTrue();
    assertThat(sub("principal", "service {}")).isFalse();
  }

  @Test
  void isSubtype_everythingIsASubtypeOfOpt() {
    assertThat(sub("nat", "opt bool")).isTrue();
    assertThat(sub("opt text", "opt nat")).isTrue();
    assertThat(sub("null", "opt nat")).isTrue();
  }

  @Test
  void isSubtype_records_allowExtraFieldsAndMissingOptionalOnes() {
    assertThat(sub("record { a : nat; b : text }", "record { a : int }")).isTrue();
    assertThat(sub("record { a : nat }", "record { a : nat; b : opt text }")).isTrue();
    assertThat(sub("record { a : nat }", "record { a : nat; b : text }")).isFalse();
  }

  @Test
  void isSubtype_variants_allowFewerCases() {
    assertThat(sub("variant { a }", "variant { a; b }")).isTrue();
    assertThat(sub("variant { a; b }", "variant { a }")).isFalse();
  }

  @Test
  void isSubtype_functions_areContravariantInArguments() {
    assertThat(sub("func (int) -> (nat)", "func (nat) -> (int)")).isTrue();
    assertThat(sub("func (nat) -> (int)", "func (int) -> (nat)")).isFalse();
    assertThat(sub("func (nat, opt text) -> ()", "func (nat) -> ()")).isTrue();
    assertThat(sub("func () -> () query", "func () -> ()")).isFalse();
  }

  @Test
  void isSubtype_recursiveTypes_areDecidedCoinductively() {
    TypeEnv env = DidFile.parse("""
        type A = record { next : opt A; v : nat };
        type B = record { next : opt B; v : int };
        type C = record { next : opt C };
        """).types();
    assertThat(CandidTypes.isSubtype(env.ref("A"), env.ref("B"))).isTrue();
    assertThat(CandidTypes.isSubtype(env.ref("A"), env.ref("C"))).isTrue();
    assertThat(CandidTypes.isSubtype(env.ref("C"), env.ref("A"))).isFalse();
  }

  @Test
  void isSubtype_argumentLists_useTheTupleRule() {
    List<CandidType> v1 = CandidText.parseArgTypes("(nat)");
    List<CandidType> v2 = CandidText.parseArgTypes("(nat, opt text)");
    assertThat(CandidTypes.isSubtype(v1, v2)).isTrue();
    assertThat(CandidTypes.isSubtype(v2, v1)).isTrue();
    assertThat(CandidTypes.isSubtype(v1, CandidText.parseArgTypes("(nat, text)"))).isFalse();
  }

  @Test
  void equivalent_unfoldsNamesAndIgnoresOrder() {
    TypeEnv env = DidFile.parse("""
        type L = opt record { h : nat; t : L };
        type M = opt record { t : M; h : nat };
        type N = opt record { h : nat; t : opt record { h : nat; t : N } };
        """).types();
    assertThat(CandidTypes.equivalent(env.ref("L"), env.ref("M"))).isTrue();
    assertThat(CandidTypes.equivalent(env.ref("L"), env.ref("N"))).isTrue();
    assertThat(env.ref("L")).isNotEqualTo(env.ref("M"));
    assertThat(CandidTypes.equivalent(CandidText.parseType("vec nat8"), CandidType.BLOB)).isTrue();
  }

  @Test
  void typeOf_valuesWithoutTypes_getTheirOwnTypes() {
    assertThat(CandidTypes.typeOf(CandidText.parseValue("record { a = opt 1; b = vec {} }")))
        .hasToString("record { a : opt int; b : vec empty }");
  }

  @Test
  void labelHash_isTheSpecHash() {
    assertThat(Label.hash("foo")).isEqualTo(5097222L);
    assertThat(Label.hash("bar")).isEqualTo(4895187L);
    assertThat(Label.hash("")).isZero();
    assertThat(Label.named("foo")).isEqualTo(Label.id(5097222L));
  }
}
