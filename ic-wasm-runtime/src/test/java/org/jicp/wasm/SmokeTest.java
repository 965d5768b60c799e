package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.jicp.state.CanisterId;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final byte[] EMPTY_ARGS = HexFormat.of().parseHex("4449444c0000");

  @Test
  void counter_interpreter() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      assertThat(s.install(c, Harness.motoko("counter"), EMPTY_ARGS, InstallMode.INSTALL))
          .hasToString("reply 0x");
      for (int i = 0; i < 3; i++) {
        System.out.println(s.update(c, "inc", EMPTY_ARGS));
      }
      System.out.println(s.query(c, "get", EMPTY_ARGS));
      System.out.println(s.debugLog());
    }
  }

  @Test
  void hello() {
    try (Subnet s = Subnet.create(Engine.INTERPRETER)) {
      CanisterId c = s.createCanister();
      System.out.println(s.install(c, Harness.raw("hello"), new byte[] {1, 2}, InstallMode.INSTALL));
      for (String m : new String[] {"hello", "hello_candid", "whoami", "read"}) {
        System.out.println(m + " " + s.query(c, m, new byte[0]));
      }
      for (String m : new String[] {"echo", "inc", "boom", "noreply", "double_reply"}) {
        System.out.println(m + " " + s.update(c, m, new byte[] {7}));
      }
      System.out.println("read " + s.query(c, "read", new byte[0]));
      System.out.println(s.debugLog());
    }
  }
}
