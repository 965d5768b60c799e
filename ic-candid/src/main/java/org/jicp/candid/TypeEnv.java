package org.jicp.candid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Named type definitions (Candid spec, "Type Definitions"): {@code type list = opt record { head
 * : int; tail : list }}. Definitions may refer to each other and to themselves through {@link
 * CandidType.Ref}s; every cycle must go through a type constructor ({@code type A = B; type B = A}
 * is rejected).
 *
 * <p>An environment is built once by a {@link Builder} and is immutable afterwards.
 *
 * <pre>{@code
 * TypeEnv.Builder b = TypeEnv.builder();
 * CandidType.Ref list = b.ref("list");
 * b.define("list", CandidType.opt(CandidType.record(
 *     CandidType.field("head", CandidType.INT), CandidType.field("tail", list))));
 * TypeEnv env = b.build();
 * }</pre>
 */
public final class TypeEnv {
  private static final TypeEnv EMPTY = new TypeEnv(Map.of());

  private final Map<String, CandidType.Ref> refs;

  private TypeEnv(Map<String, CandidType.Ref> refs) {
    this.refs = refs;
  }

  /** The environment without definitions. */
  public static TypeEnv empty() {
    return EMPTY;
  }

  /** A builder for a new environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defined names, in order of definition. */
  public Set<String> names() {
    return refs.keySet();
  }

  /** Whether {@code name} is defined. */
  public boolean contains(String name) {
    return refs.containsKey(name);
  }

  /** The definition of {@code name}, if defined. */
  public Optional<CandidType> definition(String name) {
    CandidType.Ref r = refs.get(name);
    return r == null ? Optional.empty() : Optional.of(r.definition());
  }

  /**
   * The reference to {@code name}, bound to its definition.
   *
   * @throws IllegalArgumentException if {@code name} is not defined
   */
  public CandidType.Ref ref(String name) {
    CandidType.Ref r = refs.get(name);
    if (r == null) {
      throw new IllegalArgumentException("type " + name + " is not defined");
    }
    return r;
  }

  /** All definitions, in order of definition. */
  public Map<String, CandidType> definitions() {
    Map<String, CandidType> m = new LinkedHashMap<>();
    refs.forEach((k, v) -> m.put(k, v.definition()));
    return Collections.unmodifiableMap(m);
  }

  /** The definitions in Candid syntax, one {@code type name = …;} per line. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    refs.forEach(
        (k, v) ->
            sb.append("type ")
                .append(org.jicp.candid.internal.text.TextPrinter.name(k))
                .append(" = ")
                .append(v.definition())
                .append(";\n"));
    return sb.toString();
  }

  /** Collects definitions, hands out references to them, and checks them on {@link #build()}. */
  public static final class Builder {
    private final Map<String, CandidType.Ref> refs = new LinkedHashMap<>();
    private final Map<String, CandidType> definitions = new LinkedHashMap<>();
    private boolean built;

    private Builder() {}

    /**
     * The reference to {@code name}, defined now or later (before {@link #build()}). The same
     * object is returned for the same name.
     */
    public CandidType.Ref ref(String name) {
      checkNotBuilt();
      Objects.requireNonNull(name, "name");
      return refs.computeIfAbsent(name, CandidType.Ref::new);
    }

    /**
     * Defines {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is already defined
     */
    public Builder define(String name, CandidType type) {
      checkNotBuilt();
      Objects.requireNonNull(type, "type");
      if (definitions.containsKey(name)) {
        throw new IllegalArgumentException("type " + name + " is defined twice");
      }
      ref(name);
      definitions.put(name, type);
      return this;
    }

    /** Whether {@code name} is defined in this builder. */
    public boolean isDefined(String name) {
      return definitions.containsKey(name);
    }

    /** The names referenced so far that have no definition yet. */
    public Set<String> undefinedNames() {
      Set<String> s = new LinkedHashSet<>(refs.keySet());
      s.removeAll(definitions.keySet());
      return s;
    }

    /**
     * Checks the definitions and binds every reference.
     *
     * @throws InvalidTypeException if a referenced name has no definition, or a definition is
     *     vacuous (a cycle of names that never reaches a type constructor)
     */
    public TypeEnv build() {
      checkNotBuilt();
      Set<String> undefined = undefinedNames();
      if (!undefined.isEmpty()) {
        throw new InvalidTypeException("type " + undefined.iterator().next() + " is not defined");
      }
      for (String name : definitions.keySet()) {
        List<String> chain = new ArrayList<>();
        chain.add(name);
        CandidType t = definitions.get(name);
        while (t instanceof CandidType.Ref r) {
          if (chain.contains(r.name())) {
            chain.add(r.name());
            throw new InvalidTypeException(
                "cyclic type definition " + String.join(" = ", chain)
                    + ": a recursive type must go through opt, vec, record, variant, func or"
                    + " service");
          }
          chain.add(r.name());
          t = definitions.get(r.name());
        }
      }
      built = true;
      Map<String, CandidType.Ref> out = new LinkedHashMap<>();
      for (Map.Entry<String, CandidType> e : definitions.entrySet()) {
        CandidType.Ref r = refs.get(e.getKey());
        r.bind(e.getValue());
        out.put(e.getKey(), r);
      }
      return new TypeEnv(Collections.unmodifiableMap(out));
    }

    private void checkNotBuilt() {
      if (built) {
        throw new IllegalStateException("this builder has already built its environment");
      }
    }
  }
}
