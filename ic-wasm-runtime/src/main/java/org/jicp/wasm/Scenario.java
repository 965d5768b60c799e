package org.jicp.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.CanisterFork;

/**
 * A scenario file for {@code jicp run FILE}: one command per line, executed on an in-process
 * single {@link Subnet}, one output line per command.
 *
 * <pre>
 * # comment
 * create                                  → "created &lt;canister-id-text&gt;"
 * fork &lt;id&gt;                               → "created &lt;canister-id-text&gt;" | "reject &lt;code&gt; &lt;message&gt;"
 * install &lt;id&gt; &lt;wasm-file&gt; &lt;payload&gt;      → "ok" | "reject &lt;code&gt; &lt;message&gt;"
 * reinstall &lt;id&gt; &lt;wasm-file&gt; &lt;payload&gt;    → same
 * upgrade &lt;id&gt; &lt;wasm-file&gt; &lt;payload&gt;      → same (keeps the heap of a canister whose module
 *                                          declares enhanced orthogonal persistence, as dfx)
 * update &lt;id&gt; &lt;method&gt; &lt;payload&gt;          → "reply 0x&lt;hex&gt;" | "reject &lt;code&gt; &lt;message&gt;"
 * query &lt;id&gt; &lt;method&gt; &lt;payload&gt;           → same
 * tick [N]                                → "ok"
 * </pre>
 *
 * <p>{@code <id>} is a canister id in text form or {@code $N} for the N-th created canister (a
 * fork counts as created: {@code fork $1} makes a copy of {@code $1} that later lines call
 * {@code $2} if it is the second canister; see {@link Subnet#fork});
 * {@code <payload>} is {@code 0x<hex>}, {@code ""} or {@code "text"} (UTF-8; {@code \"} and
 * {@code \\} escape); {@code <wasm-file>} is relative to the scenario's folder. Calls come from
 * the anonymous principal unless the line starts with {@code as <principal-text>}. The whole file
 * is parsed before anything runs: a malformed line stops it with {@link
 * MalformedScenarioException} naming the line.
 */
public final class Scenario {
  /** One parsed command. */
  private record Command(int line, Principal caller, String verb, List<String> args) {}

  private final Path folder;
  private final List<Command> commands;

  private Scenario(Path folder, List<Command> commands) {
    this.folder = folder;
    this.commands = commands;
  }

  /** Parses the scenario file {@code file}. */
  public static Scenario parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MalformedScenarioException(0, "cannot read " + file + ": " + e.getMessage());
    }
    Path parent = file.toAbsolutePath().getParent();
    return parse(text, parent);
  }

  /** Parses scenario text whose wasm paths are relative to {@code folder}. */
  public static Scenario parse(String text, Path folder) {
    List<Command> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> tok = tokenize(line, n);
      Principal caller = Subnet.ANONYMOUS;
      if (tok.get(0).equals("as")) {
        if (tok.size() < 3) {
          throw new MalformedScenarioException(n, "'as' needs a principal and a command");
        }
        try {
          caller = Principal.fromText(tok.get(1));
        } catch (RuntimeException e) {
          throw new MalformedScenarioException(n, "invalid principal '" + tok.get(1) + "': "
              + e.getMessage());
        }
        tok = tok.subList(2, tok.size());
      }
      String verb = tok.get(0);
      List<String> args = List.copyOf(tok.subList(1, tok.size()));
      int want = switch (verb) {
        case "create" -> 0;
        case "fork" -> 1;
        case "install", "reinstall", "upgrade", "update", "query" -> 3;
        case "tick" -> args.size() <= 1 ? args.size() : -1;
        default -> throw new MalformedScenarioException(n, "unknown command '" + verb + "'");
      };
      if (args.size() != want) {
        throw new MalformedScenarioException(n, "'" + verb + "' takes "
            + (verb.equals("tick") ? "at most 1" : String.valueOf(want)) + " argument(s), got "
            + args.size());
      }
      if (verb.equals("tick") && args.size() == 1) {
        try {
          if (Integer.parseInt(args.get(0)) < 0) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new MalformedScenarioException(n, "tick count must be a non-negative integer: "
              + args.get(0));
        }
      }
      if (want == 3) {
        payload(args.get(2), n);
      }
      if (want == 3 && !verb.equals("update") && !verb.equals("query")) {
        wasmPath(folder, args.get(1), n);
      }
      out.add(new Command(n, caller, verb, args));
    }
    return new Scenario(folder, List.copyOf(out));
  }

  private static List<String> tokenize(String line, int n) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      StringBuilder b = new StringBuilder();
      if (c == '"') {
        b.append('"');
        i++;
        boolean closed = false;
        while (i < line.length()) {
          char d = line.charAt(i++);
          if (d == '\\' && i < line.length()) {
            b.append(d).append(line.charAt(i++));
          } else if (d == '"') {
            closed = true;
            break;
          } else {
            b.append(d);
          }
        }
        if (!closed) {
          throw new MalformedScenarioException(n, "unterminated string");
        }
        b.append('"');
        if (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
          throw new MalformedScenarioException(n, "text after a closing quote");
        }
      } else {
        while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
          b.append(line.charAt(i++));
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  /** The wasm file {@code name} names, relative to {@code folder} (a name the file system refuses, e.g. with a NUL, is a malformed line). */
  private static Path wasmPath(Path folder, String name, int n) {
    try {
      return folder.resolve(name);
    } catch (java.nio.file.InvalidPathException e) {
      throw new MalformedScenarioException(n, "invalid wasm file name: " + e.getReason());
    }
  }

  private static byte[] payload(String p, int n) {
    if (p.startsWith("0x")) {
      try {
        return HexFormat.of().parseHex(p.substring(2));
      } catch (IllegalArgumentException e) {
        throw new MalformedScenarioException(n, "invalid hex payload '" + p + "'");
      }
    }
    if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < p.length() - 1; i++) {
        char c = p.charAt(i);
        if (c == '\\') {
          char d = p.charAt(++i);
          b.append(switch (d) {
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> d;
          });
        } else {
          b.append(c);
        }
      }
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }
    throw new MalformedScenarioException(n, "payload must be 0x<hex>, \"\" or \"text\": " + p);
  }

  /** The number of commands. */
  public int size() {
    return commands.size();
  }

  /**
   * Runs every command on {@code subnet}, giving each output line to {@code out}. A command that
   * cannot run (unknown {@code $N}, unreadable wasm file) throws {@link
   * MalformedScenarioException} after the lines before it were given.
   */
  public void run(Subnet subnet, Consumer<String> out) {
    Objects.requireNonNull(subnet, "subnet");
    List<CanisterId> created = new ArrayList<>();
    for (Command c : commands) {
      out.accept(runOne(subnet, c, created));
    }
  }

  private String runOne(Subnet s, Command c, List<CanisterId> created) {
    switch (c.verb()) {
      case "create": {
        CanisterId id = s.createCanister();
        created.add(id);
        return "created " + id;
      }
      case "fork": {
        CanisterId source = id(c.args().get(0), created, c.line());
        try {
          CanisterId id = c.caller().equals(Subnet.ANONYMOUS) ? s.fork(source)
              : s.fork(source, CanisterFork.Mode.SHARE, c.caller());
          created.add(id);
          return "created " + id;
        } catch (CanisterFork.ForkException e) {
          return "reject " + e.rejectCode().code() + " " + e.rejectMessage();
        }
      }
      case "tick": {
        s.tick(c.args().isEmpty() ? 1 : Integer.parseInt(c.args().get(0)));
        return "ok";
      }
      case "install", "reinstall", "upgrade": {
        CanisterId id = id(c.args().get(0), created, c.line());
        Path wasm = wasmPath(folder, c.args().get(1), c.line());
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(wasm);
        } catch (IOException e) {
          throw new MalformedScenarioException(c.line(), "cannot read wasm file " + wasm);
        }
        InstallMode mode = switch (c.verb()) {
          case "install" -> InstallMode.INSTALL;
          case "reinstall" -> InstallMode.REINSTALL;
          default -> InstallMode.UPGRADE;
        };
        CallResult r = s.install(id, bytes, payload(c.args().get(2), c.line()), mode);
        return r.isReply() ? "ok" : r.toString();
      }
      case "update": {
        CanisterId id = id(c.args().get(0), created, c.line());
        return s.update(id, c.args().get(1), payload(c.args().get(2), c.line()), c.caller())
            .toString();
      }
      case "query": {
        CanisterId id = id(c.args().get(0), created, c.line());
        return s.query(id, c.args().get(1), payload(c.args().get(2), c.line()), c.caller())
            .toString();
      }
      default:
        throw new MalformedScenarioException(c.line(), "unknown command " + c.verb());
    }
  }

  private static CanisterId id(String text, List<CanisterId> created, int line) {
    if (text.startsWith("$")) {
      int k;
      try {
        k = Integer.parseInt(text.substring(1));
      } catch (NumberFormatException e) {
        throw new MalformedScenarioException(line, "invalid canister reference " + text);
      }
      if (k < 1 || k > created.size()) {
        throw new MalformedScenarioException(line, text + " refers to canister #" + k + " but "
            + created.size() + " were created");
      }
      return created.get(k - 1);
    }
    try {
      return CanisterId.fromText(text);
    } catch (RuntimeException e) {
      throw new MalformedScenarioException(line, "invalid canister id '" + text + "'");
    }
  }
}
