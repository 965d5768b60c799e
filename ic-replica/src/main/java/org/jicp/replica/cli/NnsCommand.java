package org.jicp.replica.cli;

import java.util.concurrent.Callable;
import org.jicp.nns.demo.NnsDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jicp nns …}: the Network Nervous System. */
@Command(
    name = "nns",
    description = "The Network Nervous System: registry, governance, ledger, cycles minting.",
    subcommands = {NnsCommand.Demo.class})
final class NnsCommand {
  private NnsCommand() {}

  @Command(
      name = "demo",
      description = "A scripted NNS life on a virtual clock: genesis, neurons, a fiduciary subnet by proposal,"
          + " a subnet split and merged back, ICP converted to cycles and a canister created.")
  static final class Demo implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return new NnsDemo(spec.commandLine().getOut()).run() ? 0 : CliErrors.INVALID;
    }
  }
}
