package org.jicp.candid.internal.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.InvalidTypeException;
import org.jicp.candid.TypeEnv;
import org.jicp.candid.internal.text.Lexer.Kind;

/**
 * Reads interface descriptions (Candid spec, "Core Grammar", {@code <prog>}): type definitions,
 * imports, and the main service with its optional initialization arguments. Imported files are
 * read through an {@link Importer}; their definitions join the importer's, and {@code import
 * service} merges their service's methods.
 */
public final class DidParser {
  /** Loads an imported file. */
  public interface Importer {
    /**
     * The text and a canonical name of the file {@code path} imported from {@code from} (the
     * canonical name of the importing file, or {@code null} for text without a file).
     */
    Source load(String path, String from);
  }

  /**
   * A source text and its canonical name.
   *
   * @param name the canonical name (a file path), used in messages and to detect import cycles
   * @param text the text
   */
  public record Source(String name, String text) {}

  /**
   * What an interface description declares.
   *
   * @param types the type definitions
   * @param service the main service, if any (a service type or a reference to one)
   * @param initArgs the initialization arguments of a service constructor, if any
   */
  public record Result(
      TypeEnv types, Optional<CandidType> service, Optional<List<CandidType>> initArgs) {}

  private final TypeEnv.Builder env = TypeEnv.builder();
  private final Map<String, String> firstUse = new LinkedHashMap<>();
  private final Importer importer;
  private final Set<String> visiting = new HashSet<>();
  private final List<CandidType> importedServices = new ArrayList<>();

  private DidParser(Importer importer) {
    this.importer = importer;
  }

  /** Reads {@code source}, loading imports through {@code importer}. */
  public static Result parse(Source source, Importer importer) {
    DidParser d = new DidParser(importer);
    ServiceDecl main = d.file(source);
    for (Map.Entry<String, String> e : d.firstUse.entrySet()) {
      if (!d.env.isDefined(e.getKey())) {
        throw new InvalidTypeException(e.getValue() + ": type " + e.getKey() + " is not defined");
      }
    }
    TypeEnv types = d.env.build();
    for (String n : types.names()) {
      checkMethods(types.definition(n).orElseThrow(), "type " + n, new IdentityHashMap<>());
    }
    List<CandidType.Method> importedMethods = new ArrayList<>();
    for (CandidType t : d.importedServices) {
      if (!(t.resolve() instanceof CandidType.Service is)) {
        throw new InvalidTypeException("an imported service has type " + t.resolve()
            + ", not a service type");
      }
      importedMethods.addAll(is.methods());
    }
    Optional<CandidType> service = Optional.empty();
    Optional<List<CandidType>> init = Optional.empty();
    if (main != null) {
      CandidType s = main.type;
      if (!(s.resolve() instanceof CandidType.Service)) {
        throw new InvalidTypeException(main.where + ": the main service has type " + s.resolve()
            + ", not a service type");
      }
      checkMethods(s, "the main service", new IdentityHashMap<>());
      if (!importedMethods.isEmpty()) {
        List<CandidType.Method> all =
            new ArrayList<>(((CandidType.Service) s.resolve()).methods());
        for (CandidType.Method m : importedMethods) {
          for (CandidType.Method x : all) {
            if (x.name().equals(m.name())) {
              throw new InvalidTypeException(
                  "method " + m.name() + " is defined both in the main service and in an"
                      + " imported service");
            }
          }
          all.add(m);
        }
        s = new CandidType.Service(all);
      }
      service = Optional.of(s);
      init = Optional.ofNullable(main.initArgs);
    } else if (!importedMethods.isEmpty()) {
      service = Optional.of(new CandidType.Service(importedMethods));
    }
    return new Result(types, service, init);
  }

  /** Checks that every method of every service type reachable from {@code t} is a function. */
  private static void checkMethods(CandidType t, String where, Map<CandidType, Boolean> seen) {
    Deque stack = new Deque();
    stack.push(t);
    while (!stack.isEmpty()) {
      CandidType x = stack.pop();
      if (x instanceof CandidType.Ref) {
        continue;
      }
      if (seen.put(x, Boolean.TRUE) != null) {
        continue;
      }
      if (x instanceof CandidType.Opt o) {
        stack.push(o.inner());
      } else if (x instanceof CandidType.Vec v) {
        stack.push(v.element());
      } else if (x instanceof CandidType.Record r) {
        r.fields().forEach(f -> stack.push(f.type()));
      } else if (x instanceof CandidType.Variant v) {
        v.cases().forEach(f -> stack.push(f.type()));
      } else if (x instanceof CandidType.Func f) {
        f.args().forEach(stack::push);
        f.results().forEach(stack::push);
      } else if (x instanceof CandidType.Service s) {
        for (CandidType.Method m : s.methods()) {
          if (!(m.type().resolve() instanceof CandidType.Func)) {
            throw new InvalidTypeException(
                where + ": method " + m.name() + " has type " + m.type() + ", which is "
                    + m.type().resolve() + ", not a function type");
          }
          stack.push(m.type());
        }
      }
    }
  }

  /** A small stack of types (avoids recursion on deep types). */
  private static final class Deque {
    private final ArrayList<CandidType> items = new ArrayList<>();

    void push(CandidType t) {
      items.add(t);
    }

    CandidType pop() {
      return items.remove(items.size() - 1);
    }

    boolean isEmpty() {
      return items.isEmpty();
    }
  }

  private static final class ServiceDecl {
    CandidType type;
    List<CandidType> initArgs;
    String where;
  }

  private ServiceDecl file(Source source) {
    if (source.name() != null && !visiting.add(source.name())) {
      throw new InvalidTypeException("import cycle through " + source.name());
    }
    Parser p = new Parser(source.text(), source.name());
    Parser.Names names =
        (n, pos) -> {
          firstUse.putIfAbsent(n, Lexer.where(p.src, p.source, pos));
          return env.ref(n);
        };
    ServiceDecl main = null;
    while (!p.at(Kind.EOF)) {
      if (p.atKeyword("type")) {
        p.next();
        int pos = p.peek().pos;
        String name = p.expect(Kind.ID, "a type name").text;
        if (TextPrinter.KEYWORDS.contains(name)) {
          throw p.error(pos, "'" + name + "' is a keyword and cannot name a type");
        }
        p.expect(Kind.EQUALS, "'='");
        CandidType t = p.datatype(names);
        if (env.isDefined(name)) {
          throw p.invalidType(pos, "type " + name + " is defined twice");
        }
        env.define(name, t);
        p.expect(Kind.SEMI, "';' after the type definition");
      } else if (p.atKeyword("import")) {
        int pos = p.peek().pos;
        p.next();
        boolean withService = false;
        if (p.atKeyword("service")) {
          p.next();
          withService = true;
        }
        String path = p.textOf(p.expect(Kind.TEXT, "the path of the imported file"));
        if (importer == null) {
          throw p.invalidType(pos, "cannot import " + path + ": no file to resolve it from");
        }
        Source imported = importer.load(path, source.name());
        ServiceDecl s = file(imported);
        if (withService) {
          if (s == null) {
            throw p.invalidType(pos, path + " has no service to import");
          }
          if (s.initArgs != null) {
            throw p.invalidType(pos, "the service of " + path + " is a service constructor");
          }
          importedServices.add(s.type);
        }
        p.expect(Kind.SEMI, "';' after the import");
      } else if (p.atKeyword("service")) {
        int pos = p.peek().pos;
        p.next();
        if (p.at(Kind.ID)) {
          p.next(); // the service's name only documents
        }
        p.expect(Kind.COLON, "':' after service");
        ServiceDecl d = new ServiceDecl();
        d.where = Lexer.where(p.src, p.source, pos);
        if (p.at(Kind.LPAREN)) {
          d.initArgs = p.tuptype(names);
          p.expect(Kind.ARROW, "'->' after the initialization arguments");
        }
        if (p.at(Kind.LBRACE)) {
          d.type = p.actortype(names);
        } else {
          String n = p.expect(Kind.ID, "a service type or its name").text;
          d.type = names.resolve(n, pos);
        }
        if (p.at(Kind.SEMI)) {
          p.next();
        }
        p.expectEnd();
        main = d;
      } else {
        throw p.error(p.peek().pos, "expected 'type', 'import' or 'service', found " + p.peek());
      }
    }
    if (source.name() != null) {
      visiting.remove(source.name());
    }
    return main;
  }
}
