package org.jicp.candid.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidTypes;
import org.jicp.candid.CandidValue;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.junit.jupiter.api.Test;

class ActorInterfaceTest {
  /** The harness Motoko counter's interface ({@code counter.did}). */
  public interface Counter {
    void inc();

    @Query
    BigInteger get();

    @Query
    String greet(String name);

    default String hello() {
      return greet("default methods are not Candid methods");
    }
  }

  /** The harness looper ({@code looper.did}): nat64 arguments and two results. */
  public interface Looper {
    @ResultTuple
    Spin spin(@CandidAs("nat64") long n);

    @Query
    @ResultTuple
    Spin spinQuery(@CandidAs("nat64") long n);

    @Query
    @CandidAs("nat64")
    long last();

    BigInteger allocate(@CandidName("mb") BigInteger mb);

    void forever();
  }

  /** Two results of {@code spin}. */
  public record Spin(@CandidAs("nat64") long acc, @CandidAs("nat64") long instructions) {}

  /** Names, modes and optional arguments. */
  public interface Modes {
    @CandidMethod("get_value")
    @CompositeQuery
    Optional<String> getValue(Optional<BigInteger> key);

    @OneWay
    void notify(String what);
  }

  interface Overloaded {
    void put(String x);

    void put(BigInteger x);
  }

  interface OneWayWithResult {
    @OneWay
    String fire();
  }

  interface Unmappable {
    void take(Object o);
  }

  private static Method m(Class<?> c, String name, Class<?>... ps) throws NoSuchMethodException {
    return c.getMethod(name, ps);
  }

  @Test
  void type_counterInterface_isTheHarnessCounterService() {
    CandidType did = CandidText.parseType(
        "service { get : () -> (nat) query; greet : (text) -> (text) query; inc : () -> () }");
    CandidType.Service s = ActorInterface.of(Counter.class).type();
    assertThat(s.methods()).hasSize(3);
    assertThat(CandidTypes.isSubtype(s, did)).isTrue();
    assertThat(CandidTypes.isSubtype(did, s)).isTrue();
  }

  @Test
  void type_looperInterface_isTheHarnessLooperService() {
    CandidType did = CandidText.parseType("service { allocate : (nat) -> (nat); forever : () -> ();"
        + " last : () -> (nat64) query; spin : (nat64) -> (nat64, nat64);"
        + " spinQuery : (nat64) -> (nat64, nat64) query }");
    CandidType.Service s = ActorInterface.of(Looper.class).type();
    assertThat(CandidTypes.isSubtype(s, did)).isTrue();
    assertThat(CandidTypes.isSubtype(did, s)).isTrue();
  }

  @Test
  void encodeArgs_text_isTheCandidMessageOfTheText() throws Exception {
    ActorMethod greet = ActorInterface.of(Counter.class).method(m(Counter.class, "greet",
        String.class));
    assertThat(greet.isQuery()).isTrue();
    assertThat(greet.encodeArgs(new Object[] {"X"}))
        .isEqualTo(CandidEncoder.encode(CandidType.TEXT, new CandidValue.Text("X")));
    ActorMethod inc = ActorInterface.of(Counter.class).method(m(Counter.class, "inc"));
    assertThat(inc.isQuery()).isFalse();
    assertThat(HexFormat.of().formatHex(inc.encodeArgs(null))).isEqualTo("4449444c0000");
  }

  @Test
  void decodeResult_harnessReplyOfGet_isThree() throws Exception {
    // The harness README: get after 3 x inc replies DIDL 00 01 7d 03.
    ActorMethod get = ActorInterface.of(Counter.class).method(m(Counter.class, "get"));
    assertThat(get.decodeResult(HexFormat.of().parseHex("4449444c00017d03")))
        .isEqualTo(BigInteger.valueOf(3));
    ActorMethod inc = ActorInterface.of(Counter.class).method(m(Counter.class, "inc"));
    assertThat(inc.decodeResult(HexFormat.of().parseHex("4449444c0000"))).isNull();
  }

  @Test
  void decodeResult_resultTuple_buildsTheRecordFromTheResults() throws Exception {
    ActorMethod spin = ActorInterface.of(Looper.class).method(m(Looper.class, "spin",
        long.class));
    byte[] reply = CandidEncoder.encode(List.of(CandidType.NAT64, CandidType.NAT64),
        List.of(new CandidValue.Nat64(-1L), new CandidValue.Nat64(7)));
    assertThat(spin.decodeResult(reply)).isEqualTo(new Spin(-1L, 7));
    assertThat(spin.encodeArgs(new Object[] {5L}))
        .isEqualTo(CandidEncoder.encode(CandidType.NAT64, new CandidValue.Nat64(5)));
  }

  @Test
  void type_namesAndModes_followTheAnnotations() throws Exception {
    ActorInterface<Modes> a = ActorInterface.of(Modes.class);
    assertThat(a.type().toString()).contains("get_value : (opt nat) -> (opt text)"
        + " composite_query").contains("notify : (text) -> () oneway");
    assertThat(a.method(m(Modes.class, "notify", String.class)).isOneWay()).isTrue();
    ActorMethod get = a.method(m(Modes.class, "getValue", Optional.class));
    assertThat(get.isQuery()).isTrue();
    assertThat(get.decodeResult(CandidEncoder.encode(CandidText.parseArgs("(opt \"v\")"))))
        .isEqualTo(Optional.of("v"));
  }

  @Test
  void of_misdeclaredInterfaces_sayWhatIsWrong() {
    assertThatThrownBy(() -> ActorInterface.of(Overloaded.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'put'")
        .hasMessageContaining("@CandidMethod");
    assertThatThrownBy(() -> ActorInterface.of(OneWayWithResult.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OneWayWithResult.fire")
        .hasMessageContaining("void");
    assertThatThrownBy(() -> ActorInterface.of(Unmappable.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unmappable.take")
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> ActorInterface.of(Spin.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
  }

  @Test
  void method_defaultMethod_isNotACandidMethod() throws Exception {
    Method hello = m(Counter.class, "hello");
    assertThatThrownBy(() -> ActorInterface.of(Counter.class).method(hello))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Candid method");
  }
}
