package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.nns.ledger.AccountIdentifier;
import org.jicp.nns.ledger.Subaccount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jicp ledger …}: the ICP ledger's account identifiers. */
@Command(
    name = "ledger",
    description = "ICP ledger utilities.",
    subcommands = {LedgerCommand.AccountId.class})
final class LedgerCommand {
  private LedgerCommand() {}

  @Command(
      name = "account-id",
      description = "Print the 64-hex-digit legacy account identifier of a principal's (sub)account:"
          + " CRC-32 ‖ SHA-224(0x0A ‖ \"account-id\" ‖ principal ‖ subaccount).")
  static final class AccountId implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--principal", required = true, description = "the owner, in principal text form")
    String principal;

    @Option(names = "--subaccount", description = "the subaccount, up to 32 bytes of hex (left-padded with zeros); default: all zeros")
    String subaccount;

    @Override
    public Integer call() {
      Principal p;
      try {
        p = Principal.fromText(principal);
      } catch (InvalidEncodingException e) {
        throw new InvalidEncodingException("--principal: " + e.getMessage());
      }
      Subaccount s = Subaccount.DEFAULT;
      if (subaccount != null) {
        try {
          s = Subaccount.fromHex(subaccount);
        } catch (RuntimeException e) {
          throw new InvalidEncodingException("--subaccount: " + e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(AccountIdentifier.of(p, s).toHex());
      out.flush();
      return 0;
    }
  }
}
