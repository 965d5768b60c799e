package org.jicp.nns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class NnsDemoTest {
  static String runDemo() {
    StringWriter s = new StringWriter();
    boolean ok = new NnsDemo(new PrintWriter(s, true)).run();
    assertThat(ok).as(s.toString()).isTrue();
    return s.toString();
  }

  @Test
  void run_passesEveryCheckAndIsDeterministic() {
    String first = runDemo();
    System.out.println(first);
    assertThat(first).contains("genesis", "fiduciary", "split", "merged back", "canister", "registry version", "demo: all checks passed");
    assertThat(runDemo()).isEqualTo(first);
  }
}
