package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * npm packages for the JavaScript clients, installed with {@code npm ci} from a lock file into a
 * build directory ({@code target/<name>}), and a module-resolution hook ({@code node --import
 * <dir>/register.mjs}) so that a script anywhere — the read-only harness included — resolves its
 * bare imports there (ES modules ignore {@code NODE_PATH}).
 */
final class NodeClients {
  private NodeClients() {}

  /** Installs the packages of {@code packageDir}'s lock file into {@code target/<name>}. */
  static Path install(Path packageDir, String name) throws IOException, InterruptedException {
    ExternalProcess.requireTool("node");
    ExternalProcess.requireTool("npm");
    Path dir = Path.of("target", name).toAbsolutePath();
    Files.createDirectories(dir);
    Path lock = dir.resolve("package-lock.json");
    boolean fresh = Files.isDirectory(dir.resolve("node_modules")) && Files.exists(lock)
        && Arrays.equals(Files.readAllBytes(lock),
            Files.readAllBytes(packageDir.resolve("package-lock.json")));
    if (!fresh) {
      Files.copy(packageDir.resolve("package.json"), dir.resolve("package.json"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(packageDir.resolve("package-lock.json"), lock,
          StandardCopyOption.REPLACE_EXISTING);
      ExternalProcess.Result r = ExternalProcess.run(dir,
          List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of(), 300);
      assertThat(r.exit()).as("npm ci: " + r.output()).isZero();
    }
    Files.writeString(dir.resolve("resolve-here.mjs"), String.join("\n",
        "// Bare specifiers that do not resolve from the importing file resolve from here.",
        "export async function resolve(specifier, context, next) {",
        "  try { return await next(specifier, context); } catch (e) {",
        "    if (/^[./]|^node:|^file:/.test(specifier)) throw e;",
        "    return next(specifier, { ...context, parentURL: import.meta.url });",
        "  }",
        "}", ""), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("register.mjs"), String.join("\n",
        "import { register } from 'node:module';",
        "register('./resolve-here.mjs', import.meta.url);", ""), StandardCharsets.UTF_8);
    return dir;
  }

  /** Runs {@code script} with node, resolving packages from {@code modules}. */
  static ExternalProcess.Result run(Path modules, Path script, Map<String, String> env)
      throws IOException, InterruptedException {
    return ExternalProcess.run(modules, List.of("node", "--import",
        modules.resolve("register.mjs").toUri().toString(), script.toString()), env, 300);
  }
}
