package org.jicp.candid.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jicp.candid.CandidText;
import org.jicp.candid.CandidType;
import org.jicp.candid.DidFile;
import org.jicp.candid.Label;

/**
 * Writes Java sources for a {@code .did} file: an actor interface for its service (read by
 * {@link org.jicp.candid.actor.ActorInterface}; the replica's {@code Actor} calls through it) and
 * the types it uses, with ic-candid's mapping annotations, so that the Java types map back to the
 * file's Candid types exactly.
 *
 * <table>
 *   <caption>Candid to Java</caption>
 *   <tr><th>Candid</th><th>Java</th></tr>
 *   <tr><td>{@code record}</td><td>a {@code record} (tuples: components {@code f0, f1, …})</td></tr>
 *   <tr><td>{@code variant} of {@code null} cases</td><td>an {@code enum}</td></tr>
 *   <tr><td>other {@code variant}</td><td>a sealed interface with one nested record per case
 *       (no component for {@code null}, the fields of an inline record of two or more fields,
 *       else one component {@code value})</td></tr>
 *   <tr><td>{@code opt T}, {@code vec T}, {@code blob}</td><td>{@code Optional<T>},
 *       {@code List<T>}, {@code byte[]}</td></tr>
 *   <tr><td>{@code nat}, {@code int}</td><td>{@code BigInteger} (int with {@code @CandidAs})</td></tr>
 *   <tr><td>{@code nat8..nat64}, {@code int8..int64}</td><td>{@code byte, short, int, long}
 *       (unsigned with {@code @CandidAs}: the bits are the number)</td></tr>
 *   <tr><td>{@code float32/64}, {@code bool}, {@code text}, {@code principal}, {@code null}</td>
 *       <td>{@code float/double}, {@code boolean}, {@code String}, {@code Principal},
 *       {@code Void}</td></tr>
 *   <tr><td>{@code reserved}, {@code empty}, {@code func}, {@code service}</td><td>{@code
 *       CandidValue} with {@code @CandidAs}</td></tr>
 * </table>
 *
 * <p>Named types that are records or variants become top-level types named in UpperCamelCase;
 * other names (aliases) are inlined; inline records and variants get names from where they occur
 * ({@code TransferArgFee}). Labels and method names become lowerCamelCase with {@code
 * @CandidName}/{@code @CandidMethod} when they differ. Declarations whose Java type alone does not
 * say the Candid type carry {@code @CandidAs} with the Candid type in text; the service interface
 * carries the file's definitions in {@code @CandidTypes} so those texts may name them. All types
 * outside {@code java.lang} primitives are written fully qualified when a generated type would
 * shadow their simple name.
 */
public final class JavaGenerator {
  private static final Set<String> OBJECT_METHODS = Set.of("hashCode", "toString", "equals",
      "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
      "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
      "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
      "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "_", "var", "yield", "record", "sealed", "permits", "non-sealed");

  private final DidFile did;
  private final String pkg;
  private final String serviceName;
  /** Generated type of each record/variant node (by identity). */
  private final Map<CandidType, Gen> byNode = new IdentityHashMap<>();
  /** Generated type of each named record/variant. */
  private final Map<String, Gen> byName = new LinkedHashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private final List<Gen> order = new ArrayList<>();

  /** A generated top-level type. */
  private static final class Gen {
    final String name;
    final CandidType node;   // resolved Record or Variant
    final String candidName;   // the .did name, or null for an inline type

    Gen(String name, CandidType node, String candidName) {
      this.name = name;
      this.node = node;
      this.candidName = candidName;
    }
  }

  /** A Java type for a Candid type: its source text and whether it maps back without {@code @CandidAs}. */
  private record JType(String text, String boxed, boolean exact) {}

  private JavaGenerator(DidFile did, String pkg, String serviceName) {
    this.did = did;
    this.pkg = pkg;
    this.serviceName = serviceName;
  }

  /**
   * The sources for {@code did}: file names ({@code Name.java}) to contents, in package {@code
   * pkg}; the service interface is named {@code serviceName} (given a suffix {@code Service} if
   * a type has that name).
   *
   * @throws IllegalArgumentException if {@code pkg} or {@code serviceName} is not a Java name
   */
  public static Map<String, String> generate(DidFile did, String pkg, String serviceName) {
    Objects.requireNonNull(did, "did");
    for (String part : pkg.split("\\.", -1)) {
      if (!isIdentifier(part) || isKeyword(part)) {
        throw new IllegalArgumentException("not a Java package name: " + pkg);
      }
    }
    if (!isIdentifier(serviceName) || isKeyword(serviceName)) {
      throw new IllegalArgumentException("not a Java type name: " + serviceName);
    }
    return new JavaGenerator(did, pkg, serviceName).run();
  }

  /**
   * Reads {@code didFile} and writes its sources under {@code outDir} (in the directories of
   * {@code pkg}); the service interface is named after the file ({@code nns-governance.did}:
   * {@code NnsGovernance}). Returns the files written.
   */
  public static List<Path> write(Path didFile, String pkg, Path outDir) {
    String base = didFile.getFileName().toString().replaceFirst("\\.did$", "");
    Map<String, String> files = generate(DidFile.read(didFile), pkg, typeName(base));
    Path dir = outDir.resolve(pkg.replace('.', '/'));
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        out.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir, e);
    }
    return out;
  }

  /**
   * {@code java org.jicp.candid.codegen.JavaGenerator FILE.did PACKAGE OUT_DIR}: {@link #write}
   * from the command line or a build (exec-maven-plugin), printing one line per file written.
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: JavaGenerator FILE.did PACKAGE OUT_DIR");
      System.exit(2);
    }
    for (Path p : write(Path.of(args[0]), args[1], Path.of(args[2]))) {
      System.out.println(p);
    }
  }

  // ------------------------------------------------------------------ naming

  private static boolean isKeyword(String s) {
    return KEYWORDS.contains(s);
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** UpperCamelCase of a Candid name ({@code nns-governance}: {@code NnsGovernance}). */
  static String typeName(String candid) {
    String s = camel(candid, true);
    return s;
  }

  private static String camel(String candid, boolean upper) {
    StringBuilder b = new StringBuilder();
    boolean up = upper;
    for (int i = 0; i < candid.length(); i++) {
      char c = candid.charAt(i);
      if (Character.isLetterOrDigit(c) && c < 128) {
        b.append(up ? Character.toUpperCase(c) : (b.length() == 0 && !upper
            ? Character.toLowerCase(c) : c));
        up = false;
      } else {
        up = b.length() > 0 || upper;
      }
    }
    String s = b.toString();
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      s = (upper ? "T" : "f") + s;
    }
    if (isKeyword(s) || OBJECT_METHODS.contains(s) || s.equals("_")) {
      s = s + "_";
    }
    return s;
  }

  private String freshTypeName(String wanted) {
    String n = wanted;
    for (int i = 2; usedNames.contains(n) || n.equals(serviceName); i++) {
      n = wanted + i;
    }
    usedNames.add(n);
    return n;
  }

  private static String fresh(String wanted, Set<String> used) {
    String n = wanted;
    for (int i = 2; used.contains(n); i++) {
      n = wanted + i;
    }
    used.add(n);
    return n;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 32 || c > 126) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  // ------------------------------------------------------------------ types

  private Map<String, String> run() {
    // names first: every named record/variant gets its top-level type
    Set<String> reserved = new TreeSet<>();
    for (Map.Entry<String, CandidType> e : did.types().definitions().entrySet()) {
      CandidType r = e.getValue().resolve();
      if (isGenerated(r) && !byNode.containsKey(r)) {
        Gen g = new Gen(freshTypeName(typeName(e.getKey())), r, e.getKey());
        byNode.put(r, g);
        byName.put(e.getKey(), g);
        order.add(g);
        reserved.add(g.name);
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    CandidType.Service service = did.service().orElse(null);
    String iface = serviceName;
    if (usedNames.contains(iface)) {
      iface = freshTypeName(serviceName + "Service");
    }
    usedNames.add(iface);
    String ifaceSource = service == null ? null : serviceSource(iface, service);
    // types discovered while rendering (inline ones) are appended to order
    for (int i = 0; i < order.size(); i++) {
      Gen g = order.get(i);
      files.put(g.name + ".java", typeSource(g));
    }
    if (ifaceSource != null) {
      files.put(iface + ".java", ifaceSource);
    }
    return files;
  }

  private static boolean isGenerated(CandidType r) {
    return r instanceof CandidType.Record || r instanceof CandidType.Variant v
        && !v.cases().isEmpty();
  }

  /** The generated type of an inline record or variant, named from where it occurs. */
  private Gen inline(CandidType node, String context) {
    Gen g = byNode.get(node);
    if (g == null) {
      g = new Gen(freshTypeName(context), node, null);
      byNode.put(node, g);
      order.add(g);
    }
    return g;
  }

  private String fq(Gen g) {
    return pkg + "." + g.name;
  }

  /** The Java type of {@code t}; {@code context} names inline types. */
  private JType javaType(CandidType t, String context, Set<String> shadowed) {
    if (t instanceof CandidType.Ref ref) {
      Gen g = byName.get(ref.name());
      if (g != null) {
        String n = shadowed.contains(g.name) ? fq(g) : g.name;
        return new JType(n, n, true);
      }
      return javaType(ref.definition(), typeName(ref.name()), shadowed);   // an alias
    }
    if (t instanceof CandidType.Primitive p) {
      return switch (p) {
        case NULL -> new JType(lang("Void", shadowed), lang("Void", shadowed), true);
        case BOOL -> new JType("boolean", lang("Boolean", shadowed), true);
        case NAT -> new JType("java.math.BigInteger", "java.math.BigInteger", true);
        case INT -> new JType("java.math.BigInteger", "java.math.BigInteger", false);
        case NAT8 -> new JType("byte", lang("Byte", shadowed), false);
        case NAT16 -> new JType("short", lang("Short", shadowed), false);
        case NAT32 -> new JType("int", lang("Integer", shadowed), false);
        case NAT64 -> new JType("long", lang("Long", shadowed), false);
        case INT8 -> new JType("byte", lang("Byte", shadowed), true);
        case INT16 -> new JType("short", lang("Short", shadowed), true);
        case INT32 -> new JType("int", lang("Integer", shadowed), true);
        case INT64 -> new JType("long", lang("Long", shadowed), true);
        case FLOAT32 -> new JType("float", lang("Float", shadowed), true);
        case FLOAT64 -> new JType("double", lang("Double", shadowed), true);
        case TEXT -> new JType(lang("String", shadowed), lang("String", shadowed), true);
        case PRINCIPAL -> new JType("org.jicp.crypto.Principal", "org.jicp.crypto.Principal", true);
        default -> value();   // reserved, empty
      };
    }
    if (t instanceof CandidType.Opt o) {
      JType in = javaType(o.inner(), context, shadowed);
      String s = "java.util.Optional<" + in.boxed() + ">";
      return new JType(s, s, in.exact());
    }
    if (t instanceof CandidType.Vec v) {
      if (v.element().resolve() == CandidType.Primitive.NAT8) {
        return new JType("byte[]", "byte[]", true);
      }
      JType in = javaType(v.element(), context, shadowed);
      String s = "java.util.List<" + in.boxed() + ">";
      return new JType(s, s, in.exact());
    }
    if (isGenerated(t)) {
      Gen g = inline(t, context);
      String n = shadowed.contains(g.name) ? fq(g) : g.name;
      return new JType(n, n, true);
    }
    return value();   // func, service, future, empty variant
  }

  /** A java.lang type's simple name, or its qualified name where a generated type shadows it. */
  private String lang(String simple, Set<String> shadowed) {
    return usedNames.contains(simple) || shadowed.contains(simple) ? "java.lang." + simple
        : simple;
  }

  private static JType value() {
    return new JType("org.jicp.candid.CandidValue", "org.jicp.candid.CandidValue", false);
  }

  private static String candidAs(CandidType t) {
    return "@org.jicp.candid.mapping.CandidAs(" + quote(CandidText.print(t)) + ") ";
  }

  /** A declaration: annotations, type and name. */
  private String decl(CandidType t, String context, Set<String> shadowed, String name,
      String labelAnnotation) {
    JType j = javaType(t, context, shadowed);
    return labelAnnotation + (j.exact() ? "" : candidAs(t)) + j.text() + " " + name;
  }

  /** The annotation that gives a field's label if the Java name differs ("" if not). */
  private static String labelAnnotation(Label l, String javaName) {
    if (l.nameIfAny().isPresent()) {
      String n = l.nameIfAny().get();
      return n.equals(javaName) ? "" : "@org.jicp.candid.mapping.CandidName(" + quote(n) + ") ";
    }
    return "@org.jicp.candid.mapping.CandidId(" + l.id() + "L) ";
  }

  private static boolean isTuple(CandidType.Record r) {
    for (int i = 0; i < r.fields().size(); i++) {
      Label l = r.fields().get(i).label();
      if (l.nameIfAny().isPresent() || l.id() != i) {
        return false;
      }
    }
    return !r.fields().isEmpty();
  }

  /** The components of a record for the fields of {@code r}. */
  private String components(CandidType.Record r, String owner, Set<String> shadowed) {
    Set<String> used = new HashSet<>();
    boolean tuple = isTuple(r);
    List<String> parts = new ArrayList<>();
    for (CandidType.Field f : r.fields()) {
      String javaName = tuple ? "f" + f.label().id() : fresh(f.label().nameIfAny()
          .map(n -> camel(n, false)).orElse("f" + f.label().id()), used);
      used.add(javaName);
      parts.add(decl(f.type(), owner + typeName(f.label().nameIfAny().orElse("F"
          + f.label().id())), shadowed, javaName, labelAnnotation(f.label(), javaName)));
    }
    return String.join(",\n    ", parts);
  }

  private String header(Gen g) {
    return "// Generated by jicp candid java from a .did file: do not edit.\n"
        + "package " + pkg + ";\n\n"
        + (g.candidName == null ? "/** An inline Candid type. */\n"
            : "/** Candid type {@code " + g.candidName.replace("*/", "* /") + "}. */\n");
  }

  private String typeSource(Gen g) {
    StringBuilder b = new StringBuilder(header(g));
    if (g.node instanceof CandidType.Record r) {
      b.append("public record ").append(g.name).append("(\n    ")
          .append(components(r, g.name, Set.of())).append(") {}\n");
      return b.toString();
    }
    CandidType.Variant v = (CandidType.Variant) g.node;
    boolean isEnum = v.cases().stream()
        .allMatch(c -> c.type().resolve() == CandidType.Primitive.NULL);
    Set<String> used = new HashSet<>();
    used.add(g.name);
    if (isEnum) {
      b.append("public enum ").append(g.name).append(" {\n");
      List<String> constants = new ArrayList<>();
      for (CandidType.Field c : v.cases()) {
        String n = fresh(c.label().nameIfAny().map(JavaGenerator::identifier)
            .orElse("C" + c.label().id()), used);
        constants.add("  " + labelAnnotation(c.label(), n) + n);
      }
      b.append(String.join(",\n", constants)).append("\n}\n");
      return b.toString();
    }
    // the nested case records shadow top-level types of the same simple name
    List<String> names = new ArrayList<>();
    for (CandidType.Field c : v.cases()) {
      names.add(fresh(c.label().nameIfAny().map(JavaGenerator::identifier)
          .orElse("C" + c.label().id()), used));
    }
    Set<String> shadowed = new HashSet<>(names);
    b.append("public sealed interface ").append(g.name).append(" {\n");
    for (int i = 0; i < v.cases().size(); i++) {
      CandidType.Field c = v.cases().get(i);
      String n = names.get(i);
      String ann = labelAnnotation(c.label(), n);
      CandidType p = c.type();
      CandidType rp = p.resolve();
      String comps;
      if (rp == CandidType.Primitive.NULL) {
        comps = "";
      } else if (!(p instanceof CandidType.Ref) && rp instanceof CandidType.Record r
          && r.fields().size() >= 2) {
        comps = components(r, g.name + n, shadowed);
      } else {
        comps = decl(p, g.name + n, shadowed, "value", "");
      }
      b.append("  /** Case {@code ").append(c.label().nameIfAny().orElse("" + c.label().id())
          .replace("*/", "* /")).append("}. */\n");
      b.append("  ").append(ann).append("record ").append(n).append("(")
          .append(comps).append(") implements ").append(g.name).append(" {}\n");
    }
    b.append("}\n");
    return b.toString();
  }

  /** A Java identifier for a label kept as is when it is one (case names, enum constants). */
  private static String identifier(String label) {
    if (isIdentifier(label) && !isKeyword(label)
        && !label.equals("_")) {
      return label;
    }
    return camel(label, true);
  }

  private String serviceSource(String iface, CandidType.Service s) {
    StringBuilder b = new StringBuilder();
    b.append("// Generated by jicp candid java from a .did file: do not edit.\n");
    b.append("package ").append(pkg).append(";\n\n");
    b.append("/** The Candid service of the .did file, as an actor interface. */\n");
    if (!did.types().names().isEmpty()) {
      b.append("@org.jicp.candid.actor.CandidTypes(").append(quote(did.types().toString()))
          .append(")\n");
    }
    b.append("public interface ").append(iface).append(" {\n");
    Set<String> used = new HashSet<>(OBJECT_METHODS);
    Set<String> shadowed = Set.of();
    List<String> methods = new ArrayList<>();
    for (CandidType.Method m : s.methods()) {
      CandidType.Func f = m.func();
      String jn = fresh(camel(m.name(), false), used);
      StringBuilder mb = new StringBuilder();
      mb.append("  /** Candid method {@code ").append(m.name().replace("*/", "* /"))
          .append("}. */\n");
      if (!jn.equals(m.name())) {
        mb.append("  @org.jicp.candid.actor.CandidMethod(").append(quote(m.name())).append(")\n");
      }
      if (f.modes().contains(CandidType.FuncMode.QUERY)) {
        mb.append("  @org.jicp.candid.actor.Query\n");
      } else if (f.modes().contains(CandidType.FuncMode.COMPOSITE_QUERY)) {
        mb.append("  @org.jicp.candid.actor.CompositeQuery\n");
      } else if (f.modes().contains(CandidType.FuncMode.ONEWAY)) {
        mb.append("  @org.jicp.candid.actor.OneWay\n");
      }
      String ctx = typeName(m.name());
      String result;
      if (f.results().isEmpty()) {
        result = "void";
      } else if (f.results().size() == 1) {
        JType j = javaType(f.results().get(0), ctx + "Result", shadowed);
        if (!j.exact()) {
          mb.append("  ").append(candidAs(f.results().get(0)).strip()).append('\n');
        }
        result = j.text();
      } else {
        String tuple = freshTypeName(ctx + "Result");
        List<String> comps = new ArrayList<>();
        for (int i = 0; i < f.results().size(); i++) {
          comps.add(decl(f.results().get(i), ctx + "Result" + i, shadowed, "f" + i, ""));
        }
        mb.append("  @org.jicp.candid.actor.ResultTuple\n");
        methods.add("  /** The results of {@code " + m.name().replace("*/", "* /")
            + "}. */\n  record " + tuple + "(" + String.join(", ", comps) + ") {}\n");
        result = tuple;
      }
      List<String> params = new ArrayList<>();
      for (int i = 0; i < f.args().size(); i++) {
        params.add(decl(f.args().get(i), ctx + "Arg" + (f.args().size() == 1 ? "" : "" + i),
            shadowed, "arg" + i, ""));
      }
      mb.append("  ").append(result).append(' ').append(jn).append('(')
          .append(String.join(", ", params)).append(");\n");
      methods.add(mb.toString());
    }
    b.append(String.join("\n", methods)).append("}\n");
    return b.toString();
  }
}
