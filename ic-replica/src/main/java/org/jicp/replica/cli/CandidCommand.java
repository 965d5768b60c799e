package org.jicp.replica.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.DidFile;
import org.jicp.candid.TypeEnv;
import org.jicp.crypto.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jicp candid encode|decode}: Candid text to a binary {@code DIDL} message (hex) and back.
 * Malformed input (text, hex, message, types or {@code .did} file) prints one line naming the
 * position and the problem, exit code 2.
 */
@Command(
    name = "candid",
    description = "Encode and decode Candid messages.",
    subcommands = {CandidCommand.Encode.class, CandidCommand.Decode.class})
final class CandidCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The named types of {@code --did FILE}, or none. */
  static TypeEnv types(Path did) {
    return did == null ? TypeEnv.empty() : DidFile.read(did).types();
  }

  /** {@code (t1, t2, …)}; a single type without parentheses is accepted too. */
  static List<CandidType> argTypes(String text, TypeEnv env) {
    String t = text.strip();
    return CandidText.parseArgTypes(t.startsWith("(") ? t : "(" + t + ")", env);
  }

  /** {@code jicp candid encode [--type "(TYPES)"] [--did FILE] "(VALUES)"}. */
  @Command(
      name = "encode",
      description = "Encode Candid values given in text into a DIDL message, printed as hex.")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--type",
        paramLabel = "(TYPES)",
        description = "The argument types, e.g. \"(nat, opt text)\"; without it every value has"
            + " its default type (int for integers).")
    String types;

    @Option(
        names = "--did",
        paramLabel = "FILE",
        description = "A .did file whose type definitions --type may name.")
    Path did;

    @Parameters(index = "0", paramLabel = "(VALUES)", description = "The values, e.g. \"(42, opt \\\"x\\\")\".")
    String values;

    @Override
    public Integer call() {
      TypeEnv env = types(did);
      byte[] message;
      if (types == null) {
        message = CandidEncoder.encode(CandidText.parseArgs(values, env));
      } else {
        List<CandidType> ts = argTypes(types, env);
        message = CandidEncoder.encode(ts, CandidText.parseArgs(values, ts, env));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(HexFormat.of().formatHex(message));
      out.flush();
      return 0;
    }
  }

  /** {@code jicp candid decode [--type "(TYPES)"] [--did FILE] HEX}. */
  @Command(
      name = "decode",
      description = "Decode a DIDL message given in hex; print its values in Candid text on one"
          + " line.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--type",
        paramLabel = "(TYPES)",
        description = "Read the values at these types (with Candid's coercion rules); without it"
            + " at the message's own types.")
    String types;

    @Option(
        names = "--did",
        paramLabel = "FILE",
        description = "A .did file whose type definitions --type may name.")
    Path did;

    @Parameters(index = "0", paramLabel = "HEX", description = "The message in hexadecimal.")
    String hex;

    @Override
    public Integer call() {
      byte[] message = Bytes.parseHex(hex);
      List<CandidValue> values;
      if (types == null) {
        values = CandidDecoder.standard().decode(message).values();
      } else {
        values = CandidDecoder.standard().decode(message, argTypes(types, types(did)));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(CandidText.printArgsAscii(values));
      out.flush();
      return 0;
    }
  }
}
