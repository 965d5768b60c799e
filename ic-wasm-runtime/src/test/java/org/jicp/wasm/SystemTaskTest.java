package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.wasm.ModuleBuilder.I32;
import static org.jicp.wasm.ModuleBuilder.I64;
import static org.jicp.wasm.ModuleBuilder.NONE;
import static org.jicp.wasm.ModuleBuilder.bytes;

import org.jicp.types.CanisterId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SystemTaskTest {
  /** memory[at] += 1 (i32). */
  private static byte[] increment(int at) {
    return bytes(0, 0x41, at, 0x41, at, 0x28, 2, 0, 0x41, 1, 0x6A, 0x36, 2, 0, 0x0B);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void tick_runsTheDueGlobalTimerOnceAndTheHeartbeatEveryRound(Engine e) {
    ModuleBuilder m = new ModuleBuilder();
    int timerSet = m.importFunc("ic0", "global_timer_set", new byte[] {I64}, new byte[] {I64});
    int append = m.importFunc("ic0", "msg_reply_data_append", new byte[] {I32, I32}, NONE);
    int reply = m.importFunc("ic0", "msg_reply", NONE, NONE);
    m.export("canister_init", m.func(NONE, NONE,
        bytes(0, 0x42, 1, 0x10, timerSet, 0x1A, 0x0B)));
    m.export("canister_global_timer", m.func(NONE, NONE, increment(0)));
    m.export("canister_heartbeat", m.func(NONE, NONE, increment(4)));
    m.export("canister_query get", m.func(NONE, NONE,
        bytes(0, 0x41, 0, 0x41, 8, 0x10, append, 0x10, reply, 0x0B)));
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = s.createCanister();
      assertThat(s.install(c, m.build(), NONE, InstallMode.INSTALL).isReply()).isTrue();
      s.tick(3);
      // install_code runs at the start of a round (the management canister's queue goes
      // first), so the heartbeat also runs in the install's round: 1 + 3 heartbeats.
      assertThat(s.query(c, "get", NONE)).hasToString("reply 0x0100000004000000");
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void inspectMessage_acceptsByMethodName_rejectsOthers(Engine e) {
    ModuleBuilder m = new ModuleBuilder();
    int accept = m.importFunc("ic0", "accept_message", NONE, NONE);
    int nameSize = m.importFunc("ic0", "msg_method_name_size", NONE, new byte[] {I32});
    int reply = m.importFunc("ic0", "msg_reply", NONE, NONE);
    // accept only when the method name has 2 bytes ("ok")
    m.export("canister_inspect_message", m.func(NONE, NONE, bytes(0, 0x10, nameSize, 0x41, 2,
        0x46, 0x04, 0x40, 0x10, accept, 0x0B, 0x0B)));
    m.export("canister_update ok", m.func(NONE, NONE, bytes(0, 0x10, reply, 0x0B)));
    m.export("canister_update nope", m.func(NONE, NONE, bytes(0, 0x10, reply, 0x0B)));
    try (Subnet s = Subnet.create(e)) {
      CanisterId c = s.createCanister();
      assertThat(s.install(c, m.build(), NONE, InstallMode.INSTALL).isReply()).isTrue();
      assertThat(s.update(c, "ok", NONE)).hasToString("reply 0x");
      assertThat(s.update(c, "nope", NONE).toString()).startsWith("reject 4 ");
    }
  }
}
