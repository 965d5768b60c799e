package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = JicpCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString().strip(), err.toString().strip());
  }
}
