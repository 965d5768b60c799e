package org.jicp.candid.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.CandidValue;
import org.jicp.candid.InvalidValueException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.junit.jupiter.api.Test;

class CandidMapperTest {
  private final CandidMapper mapper = CandidMapper.standard();

  record Account(Principal owner, Optional<byte[]> subaccount) {}

  record Everything(
      boolean b,
      byte i8,
      short i16,
      int i32,
      long i64,
      float f32,
      double f64,
      BigInteger n,
      @CandidAs("int") BigInteger i,
      @CandidAs("nat64") long cycles,
      @CandidAs("nat8") int small,
      String text,
      Bytes blob,
      List<String> names,
      Set<Long> ids,
      Map<String, BigInteger> balances,
      String[] array,
      @CandidAs("opt text") String maybe,
      @CandidName("renamed field") int renamed,
      @CandidId(7) boolean seven) {}

  enum Status {
    running,
    stopping,
    @CandidName("stopped")
    STOPPED
  }

  sealed interface Result permits Ok, Err, Pending {}

  record Ok(BigInteger value) implements Result {}

  record Err(String message, int code) implements Result {}

  record Pending() implements Result {}

  record Tree(BigInteger value, List<Tree> children) {}

  record Node(BigInteger head, Optional<Node> tail) {}

  record Callback(@CandidAs("func (nat) -> (nat) query") CandidValue.FuncRef f) {}

  @Test
  void typeOf_record_mapsComponentsToNamedFields() {
    assertThat(mapper.typeOf(Account.class))
        .isEqualTo(CandidText.parseType("record { owner : principal; subaccount : opt blob }"));
  }

  @Test
  void typeOf_everything_followsTheDefaultsAndAnnotations() {
    CandidType expected =
        CandidText.parseType(
            "record { b : bool; i8 : int8; i16 : int16; i32 : int32; i64 : int64;"
                + " f32 : float32; f64 : float64; n : nat; i : int; cycles : nat64; small : nat8;"
                + " text : text; blob : blob; names : vec text; ids : vec int64;"
                + " balances : vec record { text; nat }; array : vec text; maybe : opt text;"
                + " \"renamed field\" : int32; 7 : bool }");
    assertThat(mapper.typeOf(Everything.class)).isEqualTo(expected);
  }

  @Test
  void encodeThenDecode_everything_givesAnEqualRecord() {
    Everything e =
        new Everything(true, (byte) -1, (short) 300, -5, Long.MIN_VALUE, 1.5f, -2.25,
            new BigInteger("123456789012345678901234567890"), BigInteger.valueOf(-7), -1L, 255,
            "héllo", Bytes.of(new byte[] {1, 2, 3}), List.of("a", "b"), Set.of(9L),
            Map.of("x", BigInteger.TEN), new String[] {"p", "q"}, null, 42, true);
    byte[] msg = mapper.encode(e);
    Everything back = mapper.decode(msg, Everything.class);
    assertThat(back).usingRecursiveComparison().isEqualTo(e);
    // The nat64 carries the bits of the long: -1 is 2^64 - 1.
    CandidValue.Record v = (CandidValue.Record) mapper.toValue(e);
    assertThat(v.get("cycles")).contains(new CandidValue.Nat64(-1L));
    assertThat(v.get("cycles").orElseThrow().toString()).isEqualTo("18446744073709551615");
  }

  @Test
  void encode_directPath_writesTheSameBytesAsTheValueTree() {
    List<Object> samples =
        List.of(
            new Account(Principal.anonymous(), Optional.of(new byte[] {1, 2})),
            Status.stopping,
            new Tree(BigInteger.ONE, List.of(new Tree(BigInteger.TWO, List.of()))),
            new Node(BigInteger.TEN, Optional.empty()),
            new Everything(false, (byte) 1, (short) 2, 3, 4L, 5f, 6d, BigInteger.TWO,
                BigInteger.valueOf(-2), 1L << 40, 7, "t", Bytes.EMPTY, List.of(), Set.of(),
                Map.of(), new String[0], "m", 0, false));
    for (Object o : samples) {
      byte[] direct = mapper.encode(o);
      byte[] viaValues = CandidEncoder.encode(mapper.typeOf(o.getClass()), mapper.toValue(o));
      assertThat(direct).as(o.getClass().getSimpleName()).isEqualTo(viaValues);
    }
    Result err = new Err("x", 1);
    assertThat(mapper.encodeAs(Result.class, err))
        .isEqualTo(CandidEncoder.encode(mapper.typeOf(Result.class),
            mapper.toValue(err, Result.class)));
  }

  @Test
  void enum_mapsToAVariantOfNullCases() {
    assertThat(mapper.typeOf(Status.class))
        .isEqualTo(CandidText.parseType("variant { running; stopping; stopped }"));
    byte[] msg = mapper.encode(Status.STOPPED);
    assertThat(mapper.decode(msg, Status.class)).isEqualTo(Status.STOPPED);
  }

  @Test
  void sealedInterface_mapsToAVariantWithPayloadsByArity() {
    assertThat(mapper.typeOf(Result.class))
        .isEqualTo(CandidText.parseType(
            "variant { Ok : nat; Err : record { message : text; code : int32 }; Pending }"));
    for (Result r : List.of(new Ok(BigInteger.TWO), new Err("no", 3), new Pending())) {
      assertThat(mapper.decode(mapper.encodeAs(Result.class, r), Result.class)).isEqualTo(r);
    }
  }

  @Test
  void recursiveRecords_giveRecursiveTypesAndRoundTrip() {
    CandidType t = mapper.typeOf(Node.class);
    assertThat(t).isInstanceOf(CandidType.Ref.class);
    assertThat(CandidTypes.equivalent(t,
        CandidText.parseType("record { head : nat; tail : opt record { head : nat; tail : opt"
            + " record { head : nat; tail : opt empty } } }"))).isFalse();
    Node list = new Node(BigInteger.ONE, Optional.of(new Node(BigInteger.TWO, Optional.empty())));
    assertThat(mapper.decode(mapper.encode(list), Node.class)).isEqualTo(list);
    Tree tree = new Tree(BigInteger.ONE, List.of(new Tree(BigInteger.TWO, List.of())));
    assertThat(mapper.decode(mapper.encode(tree), Tree.class)).isEqualTo(tree);
  }

  @Test
  void candidValueComponent_usesTheAnnotatedType() {
    Callback c = new Callback(new CandidValue.FuncRef(Principal.managementCanister(), "go"));
    assertThat(mapper.typeOf(Callback.class))
        .isEqualTo(CandidText.parseType("record { f : func (nat) -> (nat) query }"));
    assertThat(mapper.decode(mapper.encode(c), Callback.class)).isEqualTo(c);
  }

  record AccountV1(Principal owner) {}

  @Test
  void decode_fromANewerInterfaceWithExtraFields_readsTheKnownOnes() {
    Principal p = Principal.fromText("w7x7r-cok77-xa");
    byte[] newer = mapper.encode(new Account(p, Optional.of(new byte[] {9})));
    assertThat(mapper.decode(newer, AccountV1.class)).isEqualTo(new AccountV1(p));
  }

  @Test
  void decode_fromAnOlderInterfaceWithoutAnOptionalField_readsEmpty() {
    Principal p = Principal.anonymous();
    Account a = mapper.decode(mapper.encode(new AccountV1(p)), Account.class);
    assertThat(a.owner()).isEqualTo(p);
    assertThat(a.subaccount()).isEmpty();
  }

  @Test
  void encode_nullInARequiredComponent_isRejectedNamingTheComponent() {
    assertThatThrownBy(() -> mapper.encode(new AccountV1(null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("AccountV1.owner");
  }

  record Narrow(@CandidAs("nat8") int v) {}

  @Test
  void encode_numberOutOfRange_isRejected() {
    assertThatThrownBy(() -> mapper.encode(new Narrow(256)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("out of the range of nat8");
  }

  @Test
  void typeOf_unsupportedJavaType_isACallerMistake() {
    assertThatThrownBy(() -> mapper.typeOf(Thread.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot map the Java type java.lang.Thread");
  }

  @Test
  void decodeArgs_genericTopLevelTypes_useTypeRef() {
    TypeRef<List<Account>> ref = new TypeRef<>() {};
    List<Account> accounts = List.of(new Account(Principal.anonymous(), Optional.empty()));
    byte[] msg = mapper.encodeArgs(List.of(ref.type()), List.of(accounts));
    List<Account> back = mapper.decode(msg, ref);
    assertThat(back).hasSize(1);
    assertThat(back.get(0).owner()).isEqualTo(Principal.anonymous());
    assertThat(CandidDecoder.standard().decode(msg).types().get(0).toString())
        .startsWith("vec record");
  }

  @Test
  void decodeArgs_severalArguments_readEachAtItsType() {
    byte[] msg = mapper.encode("x", BigInteger.valueOf(5), Status.running);
    Object[] back = mapper.decodeArgs(msg, String.class, BigInteger.class, Status.class);
    assertThat(back).containsExactly("x", BigInteger.valueOf(5), Status.running);
    byte[] nat = CandidEncoder.encode(List.of(CandidValue.nat(1)));
    assertThatThrownBy(() -> mapper.decode(nat, int.class))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("nat does not coerce to int32");
    assertThat(mapper.decode(nat, BigInteger.class)).isEqualTo(BigInteger.ONE);
  }
}
