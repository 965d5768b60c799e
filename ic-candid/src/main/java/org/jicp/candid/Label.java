package org.jicp.candid;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The id of a record field or variant case: an unsigned 32-bit number, written either as a number
 * or as a name that stands for its hash (Candid spec, "Shorthand: Symbolic Field Ids").
 *
 * <p>Two labels are equal when their ids are equal: the name, when there is one, is kept for
 * printing and for the Java mapping only, exactly as the wire format keeps only the id. A label
 * with a name always has the id {@code hash(name)}.
 *
 * @param id the field id, {@code 0 ≤ id < 2^32}
 * @param name the name whose hash is {@code id}, or {@code null} for a numeric label
 */
public record Label(long id, String name) implements Comparable<Label> {
  /** The largest field id: {@code 2^32 - 1}. */
  public static final long MAX_ID = 0xFFFF_FFFFL;

  /**
   * Checks the id range and that a name hashes to the id.
   *
   * @throws IllegalArgumentException if the id is out of range or does not match the name
   */
  public Label {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("a field id is an unsigned 32-bit number, got " + id);
    }
    if (name != null && hash(name) != id) {
      throw new IllegalArgumentException(
          "label '" + name + "' has id " + hash(name) + ", not " + id);
    }
  }

  /** The label named {@code name}, with id {@code hash(name)}. */
  public static Label named(String name) {
    Objects.requireNonNull(name, "name");
    return new Label(hash(name), name);
  }

  /** The numeric label {@code id} (no name). */
  public static Label id(long id) {
    return new Label(id, null);
  }

  /**
   * The Candid field hash: {@code hash(id) = (Σ utf8(id)[i] · 223^(k-i)) mod 2^32} (Candid spec,
   * "Shorthand: Symbolic Field Ids").
   */
  public static long hash(String name) {
    long h = 0;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h * 223 + (b & 0xff)) & MAX_ID;
    }
    return h;
  }

  /** The name, if this label was written as a name. */
  public Optional<String> nameIfAny() {
    return Optional.ofNullable(name);
  }

  /** This label with {@code name} attached when it has none and the name fits its id. */
  public Label withNameFrom(Label other) {
    if (name != null || other.name == null || other.id != id) {
      return this;
    }
    return other;
  }

  /** Orders labels by id, as the wire format sorts fields. */
  @Override
  public int compareTo(Label o) {
    return Long.compare(id, o.id);
  }

  /** Equality by id only. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Label l && l.id == id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  /** The name if there is one (quoted when it is not an identifier), otherwise the id. */
  @Override
  public String toString() {
    return org.jicp.candid.internal.text.TextPrinter.label(this);
  }
}
