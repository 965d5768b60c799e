package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * DFINITY's {@code icp} CLI 1.5.0 (npm {@code @icp-sdk/icp-cli-linux-x64}, from the lock file in
 * {@code src/test/resources/icp-cli}, installed into {@code target/icp-cli}), run unmodified with
 * its own home directory, against a {@code jicp replica start} process on the test class path.
 */
final class IcpCli implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path binary;
  final Path home;
  private ReplicaProcess replica;
  private String url;

  private IcpCli(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  /** Installs the CLI (skipped off linux-x64 outside CI, like the other npm clients). */
  static IcpCli install(Path home) throws IOException, InterruptedException {
    String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      String msg = "the icp CLI package here is linux-x64; this is " + os + "/" + arch;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg);
      }
      Assumptions.abort(msg);
    }
    Path resources = Path.of("target", "test-classes", "icp-cli").toAbsolutePath();
    Path modules = NodeClients.install(resources, "icp-cli");
    Path bin = modules.resolve("node_modules/@icp-sdk/icp-cli-linux-x64/bin/icp");
    assertThat(bin).isExecutable();
    Files.createDirectories(home);
    return new IcpCli(bin, home);
  }

  /** Runs {@code icp args…} (no network options); exit code and merged output. */
  ExternalProcess.Result raw(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(args);
    return ExternalProcess.run(home, cmd, Map.of("HOME", home.toString(), "NO_COLOR", "1"), 120);
  }

  /** Runs {@code icp args… -n URL -k fetch --identity ID} against the replica. */
  ExternalProcess.Result run(String identity, String... args) throws IOException, InterruptedException {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("-n", url, "-k", "fetch", "--identity", identity));
    return raw(a);
  }

  /** Like {@link #run} and asserts success; the output without the root-key warning. */
  String ok(String identity, String... args) throws IOException, InterruptedException {
    ExternalProcess.Result r = run(identity, args);
    assertThat(r.exit()).as("icp " + String.join(" ", args) + ":\n" + r.output()).isZero();
    return withoutWarnings(r.output());
  }

  /** Like {@link #ok} with {@code --json}, parsed. */
  JsonNode json(String identity, String... args) throws IOException, InterruptedException {
    String[] a = java.util.Arrays.copyOf(args, args.length + 1);
    a[args.length] = "--json";
    String out = ok(identity, a);
    // Progress lines (e.g. "Waiting for the cycles minting canister…") go to the merged output.
    int start = out.indexOf('{');
    return JSON.readTree(start < 0 ? out : out.substring(start));
  }

  static String withoutWarnings(String output) {
    StringBuilder b = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (!line.contains("WARN fetching the root key")) {
        b.append(line).append('\n');
      }
    }
    return b.toString().trim();
  }

  /** A new plaintext identity; its principal. */
  String newIdentity(String name) throws IOException, InterruptedException {
    ExternalProcess.Result r = raw(List.of("identity", "new", name, "--storage", "plaintext"));
    assertThat(r.exit()).as(r.output()).isZero();
    ExternalProcess.Result p = raw(List.of("identity", "principal", "--identity", name));
    assertThat(p.exit()).as(p.output()).isZero();
    return p.output().trim();
  }

  /** Starts {@code jicp replica start --port 0 --deterministic args…}; returns its ready banner. */
  String startReplica(Path dir, List<String> args) throws IOException {
    replica = ReplicaProcess.start(dir, args);
    url = replica.url;
    return replica.banner;
  }

  String url() {
    return url;
  }

  @Override
  public void close() throws InterruptedException {
    if (replica != null) {
      replica.close();
    }
  }
}
