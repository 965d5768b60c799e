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
import org.jicp.candid.codegen.JavaGenerator;
import org.jicp.crypto.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jicp candid encode|decode}: Candid text to a binary {@code DIDL} message (hex) and back;
 * {@code jicp candid java}: Java sources (actor interface, records) for a {@code .did} file.
 * Malformed input (text, hex, message, types or {@code .did} file) prints one line naming the
 * position and the problem, exit code 2.
 */
@Command(
    name = "candid",
    description = "Encode and decode Candid messages; write Java types for a .did file.",
    subcommands = {CandidCommand.Encode.class, CandidCommand.Decode.class,
        CandidCommand.JavaSources.class})
final class CandidCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints one line on the command's output; exit code 0. */
  static int print(CommandSpec spec, String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
    return 0;
  }

  /** The options both subcommands share: {@code --type} and {@code --did}. */
  static final class TypeOptions {
    @Option(
        names = "--type",
        paramLabel = "(TYPES)",
        description = "The argument types, e.g. \"(nat, opt text)\" (names from --did allowed).")
    String types;

    @Option(
        names = "--did",
        paramLabel = "FILE",
        description = "A .did file whose type definitions --type may name.")
    Path did;

    /** The named types of {@code --did FILE}, or none. */
    TypeEnv env() {
      return did == null ? TypeEnv.empty() : DidFile.read(did).types();
    }

    /** {@code (t1, t2, …)}; a single type without parentheses is accepted too. */
    List<CandidType> argTypes(TypeEnv env) {
      String t = types.strip();
      return CandidText.parseArgTypes(t.startsWith("(") ? t : "(" + t + ")", env);
    }
  }

  /** {@code jicp candid encode [--type "(TYPES)"] [--did FILE] "(VALUES)"}. */
  @Command(
      name = "encode",
      description = "Encode Candid values given in text into a DIDL message, printed as hex;"
          + " without --type every value has its default type (int for integers).")
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin TypeOptions options;

    @Parameters(index = "0", paramLabel = "(VALUES)", description = "The values, e.g. \"(42, opt \\\"x\\\")\".")
    String values;

    @Override
    public Integer call() {
      TypeEnv env = options.env();
      byte[] message;
      if (options.types == null) {
        message = CandidEncoder.encode(CandidText.parseArgs(values, env));
      } else {
        List<CandidType> ts = options.argTypes(env);
        message = CandidEncoder.encode(ts, CandidText.parseArgs(values, ts, env));
      }
      return print(spec, HexFormat.of().formatHex(message));
    }
  }

  /** {@code jicp candid decode [--type "(TYPES)"] [--did FILE] HEX}. */
  @Command(
      name = "decode",
      description = "Decode a DIDL message given in hex and print its values in Candid text on one"
          + " line: at the --type types (with Candid's coercion rules), or else at the message's"
          + " own types.")
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin TypeOptions options;

    @Parameters(index = "0", paramLabel = "HEX", description = "The message in hexadecimal.")
    String hex;

    @Override
    public Integer call() {
      byte[] message = Bytes.parseHex(hex);
      List<CandidValue> values;
      if (options.types == null) {
        values = CandidDecoder.standard().decode(message).values();
      } else {
        values = CandidDecoder.standard().decode(message, options.argTypes(options.env()));
      }
      return print(spec, CandidText.printArgsAscii(values));
    }
  }

  /** {@code jicp candid java FILE.did --package P --out DIR}. */
  @Command(
      name = "java",
      description = "Write Java sources for a .did file: an actor interface for its service"
          + " (named after the file) and records, enums and sealed interfaces for its types,"
          + " with ic-candid's mapping annotations. Prints one line per file written.")
  static final class JavaSources implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.did", description = "The .did file.")
    Path did;

    @Option(names = "--package", required = true, paramLabel = "P",
        description = "The Java package of the sources, e.g. com.example.ledger.")
    String pkg;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "The source root to write into (package directories are created).")
    Path out;

    @Override
    public Integer call() {
      for (Path p : JavaGenerator.write(did, pkg, out)) {
        print(spec, p.toString());
      }
      return 0;
    }
  }
}
