package org.jicp.candid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.candid.internal.text.DidParser;

/**
 * An interface description, the content of a {@code .did} file (Candid spec, "Interfaces"): type
 * definitions, imports, and optionally the main service, which may be a service constructor with
 * initialization arguments ({@code service : (init) -> { … }}).
 *
 * <pre>{@code
 * DidFile did = DidFile.read(Path.of("counter.did"));
 * CandidType.Func get = did.method("get").orElseThrow();
 * }</pre>
 */
public final class DidFile {
  private final TypeEnv types;
  private final Optional<CandidType> service;
  private final Optional<List<CandidType>> initArgs;

  private DidFile(DidParser.Result r) {
    this.types = r.types();
    this.service = r.service();
    this.initArgs = r.initArgs().map(List::copyOf);
  }

  /**
   * Parses an interface description without imports.
   *
   * @throws MalformedCandidException if the text breaks the grammar (with line and column)
   * @throws InvalidTypeException if it breaks a rule: an undefined or cyclic type name, a
   *     duplicate definition, field id, argument or method name, a method that is not a function
   */
  public static DidFile parse(String text) {
    return new DidFile(
        DidParser.parse(
            new DidParser.Source(null, Objects.requireNonNull(text, "text")), null));
  }

  /**
   * Reads a {@code .did} file; {@code import "other.did"} is resolved relative to the file.
   *
   * @throws UncheckedIOException if a file cannot be read
   */
  public static DidFile read(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return new DidFile(
        DidParser.parse(
            new DidParser.Source(abs.toString(), readText(abs)),
            (path, from) -> {
              Path base = from == null ? abs.getParent() : Path.of(from).getParent();
              Path target = base.resolve(path).toAbsolutePath().normalize();
              return new DidParser.Source(target.toString(), readText(target));
            }));
  }

  private static String readText(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /** The type definitions. */
  public TypeEnv types() {
    return types;
  }

  /** The main service's type, if the file declares one (a service type, names followed). */
  public Optional<CandidType.Service> service() {
    return service.map(s -> (CandidType.Service) s.resolve());
  }

  /** The initialization arguments, if the main service is a service constructor. */
  public Optional<List<CandidType>> initArgs() {
    return initArgs;
  }

  /** The function type of the main service's method {@code name}, if there is one. */
  public Optional<CandidType.Func> method(String name) {
    return service().flatMap(s -> s.method(name)).map(CandidType.Method::func);
  }

  /** The definition of type {@code name}, if defined. */
  public Optional<CandidType> type(String name) {
    return types.definition(name);
  }

  /** The description in Candid syntax. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(types.toString());
    service.ifPresent(
        s -> {
          sb.append("service : ");
          initArgs.ifPresent(a -> sb.append(CandidText.printTypes(a)).append(" -> "));
          if (s instanceof CandidType.Service svc) {
            sb.append("{\n");
            for (CandidType.Method m : svc.methods()) {
              sb.append("  ").append(m).append(";\n");
            }
            sb.append("}\n");
          } else {
            sb.append(s).append(";\n");
          }
        });
    return sb.toString();
  }
}
