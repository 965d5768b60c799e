package org.jicp.replica.cli;

import picocli.CommandLine;

/** Turns failures into one line on stderr and exit code 2. */
final class CliErrors {
  /** Exit code for a well-formed input that does not verify. */
  static final int INVALID = 1;

  /** Exit code for malformed input or a usage error. */
  static final int MALFORMED = 2;

  private CliErrors() {}

  /** Malformed input found while a command runs (typed exceptions from the libraries). */
  static final class Handler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      cl.getErr().println("error: " + msg.replace('\n', ' '));
      cl.getErr().flush();
      return MALFORMED;
    }
  }

  /** Options that do not parse (unknown option, missing value). */
  static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      cl.getErr().println("error: " + ex.getMessage().replace('\n', ' '));
      cl.getErr().flush();
      return MALFORMED;
    }
  }
}
