package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jicp.wasm.Engine;
import org.jicp.wasm.Scenario;
import org.jicp.wasm.Subnet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jicp run FILE}: executes a scenario file on an in-process single subnet and prints one
 * line per command (format in {@link Scenario}). A malformed line: an error naming the line
 * number on stderr, exit 2.
 */
@Command(
    name = "run",
    description = "Run a canister scenario file on an in-process subnet (one output line per"
        + " command: created/ok/reply/reject).")
final class RunCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file")
  Path file;

  @Option(names = "--engine", defaultValue = "compiler",
      description = "interpreter or compiler (default: ${DEFAULT-VALUE})")
  Engine engine;

  @Override
  public void run() {
    Scenario scenario = Scenario.parse(file);
    PrintWriter out = spec.commandLine().getOut();
    try (Subnet subnet = Subnet.create(engine)) {
      scenario.run(subnet, line -> {
        out.println(line);
        out.flush();
      });
    }
  }
}
