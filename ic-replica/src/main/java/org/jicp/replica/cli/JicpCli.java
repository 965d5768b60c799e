package org.jicp.replica.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jicp} command line. Scripts outside the project call its subcommands with exact
 * arguments; keep their names, options and outputs stable.
 *
 * <p>Exit codes: 0 success (or {@code valid}), 1 a well-formed input that does not verify ({@code
 * invalid}), 2 malformed input or usage error, with one line on stderr naming the problem.
 */
@Command(
    name = "jicp",
    mixinStandardHelpOptions = true,
    versionProvider = JicpCli.Version.class,
    description = "The Internet Computer protocol in pure Java.",
    subcommands = {
      DemoCommand.class,
      CryptoCommand.class,
      CandidCommand.class,
      CertCommand.class,
      PrincipalCommand.class,
      StateCommand.class,
      RunCommand.class,
      LedgerCommand.class,
      NnsCommand.class,
      DkgCommand.class,
      BeaconCommand.class,
      SimCommand.class,
      ReplicaCommand.class,
      BigMapCommand.class,
      TestnetCommand.class
    })
public final class JicpCli implements Runnable {

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new JicpCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new CliErrors.Handler());
    cl.setParameterExceptionHandler(new CliErrors.ParameterHandler());
    return cl.execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The version of the jicp jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = JicpCli.class.getPackage().getImplementationVersion();
      return new String[] {"jicp " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
