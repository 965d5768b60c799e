package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jicp.state.manifest.ManifestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateCommandTest {
  @TempDir Path dir;

  @Test
  void manifest_directory_printsManifestHash() throws Exception {
    Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
    CliTestSupport.Run r = CliTestSupport.run("state", "manifest", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo(ManifestBuilder.compute(dir).hash().toHex())
        .hasSize(64);
  }

  @Test
  void manifest_missingDirectory_exits2() {
    CliTestSupport.Run r = CliTestSupport.run("state", "manifest", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a directory");
  }
}
