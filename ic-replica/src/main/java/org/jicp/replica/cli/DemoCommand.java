package org.jicp.replica.cli;

import java.io.PrintWriter;
import org.jicp.crypto.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jicp demo}: the main job on an embedded default. */
@Command(name = "demo", description = "Run the end-to-end demo.")
final class DemoCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("jicp demo");
    out.println("management canister: " + Principal.managementCanister());
    out.println("anonymous principal: " + Principal.anonymous());
    out.flush();
  }
}
