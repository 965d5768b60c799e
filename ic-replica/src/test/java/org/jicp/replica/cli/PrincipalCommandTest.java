package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrincipalCommandTest {
  @Test
  void parse_canonicalText_printsHex() {
    CliTestSupport.Run r = CliTestSupport.run("principal", "parse", "em77e-bvlzu-aq");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("abcd01");
  }

  @Test
  void format_hex_printsText() {
    CliTestSupport.Run r = CliTestSupport.run("principal", "format", "04");
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("2vxsx-fae");
    assertThat(CliTestSupport.run("principal", "format", "").out().strip()).isEqualTo("aaaaa-aa");
  }

  @Test
  void parse_badChecksum_exits2WithOneLine() {
    CliTestSupport.Run r = CliTestSupport.run("principal", "parse", "em77e-bvlzu-ab");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("checksum").doesNotContain("\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void format_badHex_exits2() {
    assertThat(CliTestSupport.run("principal", "format", "abc").code()).isEqualTo(2);
  }
}
