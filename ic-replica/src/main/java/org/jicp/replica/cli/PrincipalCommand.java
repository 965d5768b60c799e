package org.jicp.replica.cli;

import java.io.PrintWriter;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jicp principal parse TEXT | format HEX}: convert between a principal's two forms. */
@Command(
    name = "principal",
    description = "Convert principals between textual and hex form.",
    subcommands = {PrincipalCommand.Parse.class, PrincipalCommand.Format.class})
final class PrincipalCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code jicp principal parse TEXT}: prints the blob in hex. */
  @Command(name = "parse", description = "Textual form -> hex blob (checks the CRC-32).")
  static final class Parse implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "e.g. ryjl3-tyaaa-aaaaa-aaaba-cai")
    String text;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(Principal.fromText(text.strip()).bytes().toHex());
      out.flush();
    }
  }

  /** {@code jicp principal format HEX}: prints the textual form. */
  @Command(name = "format", description = "Hex blob -> textual form.")
  static final class Format implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HEX", description = "the blob, e.g. 00000000000000020101")
    String hex;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(Principal.fromBytes(Bytes.parseHex(hex)).toText());
      out.flush();
    }
  }
}
