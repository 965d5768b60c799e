package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jicp.state.StateException;
import org.jicp.state.manifest.ManifestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jicp state manifest DIR}: the manifest hash of a checkpoint directory. */
@Command(
    name = "state",
    description = "Inspect replicated state on disk.",
    subcommands = {StateCommand.ManifestCmd.class})
final class StateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Prints the state-sync V3 manifest hash (hex) of a checkpoint directory. */
  @Command(name = "manifest", description = "Manifest hash (state sync V3) of a checkpoint directory.")
  static final class ManifestCmd implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a checkpoint directory")
    Path dir;

    @Override
    public void run() {
      if (!Files.isDirectory(dir)) {
        throw new StateException("not a directory: " + dir);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(ManifestBuilder.compute(dir).hash().toHex());
      out.flush();
    }
  }
}
