package org.jicp.wasm;

import org.jicp.types.RejectCode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jicp.types.CanisterId;
import org.jicp.wasm.CallResult.Reject;
import org.jicp.wasm.CallResult.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Composite queries and {@code call_on_cleanup} on the hand-written modules {@code callee},
 * {@code composite} and {@code cleanup} ({@code src/test/wat}).
 */
class CallbackTest {
  private static final byte[] NONE = new byte[0];

  private static CanisterId install(Subnet s, String module) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, TestModules.wasm(module), NONE, InstallMode.INSTALL))
        .hasToString("reply 0x");
    return id;
  }

  private static byte[] reply(CallResult r) {
    assertThat(r).as(r.toString()).isInstanceOf(Reply.class);
    return ((Reply) r).data().toByteArray();
  }

  private static String text(byte[] b, int from) {
    return new String(b, from, b.length - from, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void compositeQuery_callsAQueryOfAnotherCanister_repliesWithTheCombinedAnswer(Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId callee = install(s, "callee");
      CanisterId composite = install(s, "composite");
      byte[] r = reply(s.query(composite, "combine", callee.toByteArray()));
      assertThat(text(r, 0)).isEqualTo("callee says 42");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void compositeQuery_callToAnUpdateMethod_isRejectedWithDestinationInvalid(Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId callee = install(s, "callee");
      CanisterId composite = install(s, "composite");
      byte[] r = reply(s.query(composite, "try_update", callee.toByteArray()));
      assertThat(r[0]).isEqualTo((byte) RejectCode.DESTINATION_INVALID.code());
      assertThat(text(r, 1)).isEqualTo("Canister " + callee + " has no query method 'inc'");
      // The update itself is still callable as an update.
      assertThat(text(reply(s.update(callee, "inc", NONE)), 0)).isEqualTo("inc");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void compositeQuery_callToAMissingCanister_isRejected(Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId composite = install(s, "composite");
      CanisterId nobody = s.createCanister();
      byte[] r = reply(s.query(composite, "combine", nobody.toByteArray()));
      assertThat(r[0]).isEqualTo((byte) RejectCode.DESTINATION_INVALID.code());
      assertThat(text(r, 1)).contains("no Wasm module");
    }
  }

  /** X, Y, Z, SEEN of the cleanup module. */
  private static int[] cleanupState(Subnet s, CanisterId id) {
    ByteBuffer b = ByteBuffer.wrap(reply(s.query(id, "read", NONE)))
        .order(ByteOrder.LITTLE_ENDIAN);
    return new int[] {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void callOnCleanup_replyCallbackTraps_cleanupRunsOnTheStateBeforeTheCallback_andIsKept(
      Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId callee = install(s, "callee");
      CanisterId a = install(s, "cleanup");
      CallResult r = s.update(a, "go_reply", callee.toByteArray());
      assertThat(r).isInstanceOf(Reject.class);
      assertThat(((Reject) r).code()).isEqualTo(RejectCode.CANISTER_ERROR);
      assertThat(((Reject) r).message()).contains("reply callback traps");
      // X kept (the update method), Y rolled back (the trapping callback), Z = env 7 kept
      // (cleanup), and the cleanup saw Y = 0.
      assertThat(cleanupState(s, a)).containsExactly(1, 0, 7, 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void callOnCleanup_rejectCallbackTraps_cleanupRunsAndIsKept(Engine e) {
    try (Subnet s = Subnet.create(e)) {
      CanisterId callee = install(s, "callee");
      CanisterId a = install(s, "cleanup");
      CallResult r = s.update(a, "go_reject", callee.toByteArray());
      assertThat(((Reject) r).code()).isEqualTo(RejectCode.CANISTER_ERROR);
      assertThat(((Reject) r).message()).contains("reject callback traps");
      assertThat(cleanupState(s, a)).containsExactly(1, 0, 7, 0);
    }
  }
}
