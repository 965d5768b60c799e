package org.jicp.candid;

import java.util.List;
import java.util.Objects;
import org.jicp.candid.internal.text.TextApi;
import org.jicp.candid.internal.text.TextPrinter;

/**
 * The Candid text format (Candid spec, "Values" and "Type Structure"): parsing and printing of
 * values, argument lists and types.
 *
 * <p>Parsing without a type gives every value its default type ({@code int} for integer literals,
 * {@code float64} for other numbers). Parsing at a type reads numbers at the expected number type,
 * turns {@code vec nat8} into a blob, fills record fields of {@code opt}, {@code null} or {@code
 * reserved} type that the text leaves out, drops fields the type does not have, and reads anything
 * at {@code reserved}. A value may carry its own type annotation: {@code (42 : nat8)}.
 *
 * <pre>{@code
 * List<CandidValue> args = CandidText.parseArgs("(record { name = \"x\"; n = 7 })",
 *     CandidText.parseArgTypes("(record { name : text; n : nat8 })"));
 * String text = CandidText.printArgs(args);   // (record { n = 7; name = "x" })
 * }</pre>
 */
public final class CandidText {
  private CandidText() {}

  /**
   * Parses an argument list {@code (v1, v2, …)} with default types.
   *
   * @throws MalformedCandidException if the text breaks the grammar
   */
  public static List<CandidValue> parseArgs(String text) {
    return TextApi.args(Objects.requireNonNull(text, "text"), null, TypeEnv.empty());
  }

  /**
   * Parses an argument list with default types; type annotations inside the text ({@code (v :
   * t)}) may use the names of {@code env}.
   */
  public static List<CandidValue> parseArgs(String text, TypeEnv env) {
    return TextApi.args(Objects.requireNonNull(text, "text"), null, Objects.requireNonNull(env));
  }

  /**
   * Parses an argument list at {@code types}; arguments beyond {@code types} are ignored, missing
   * ones read as {@code null} when their type is {@code opt}, {@code null} or {@code reserved}.
   *
   * @throws MalformedCandidException if the text breaks the grammar
   * @throws InvalidValueException if a value does not have its type
   */
  public static List<CandidValue> parseArgs(String text, List<CandidType> types) {
    return parseArgs(text, types, TypeEnv.empty());
  }

  /**
   * Parses an argument list at {@code types}; type annotations inside the text may use the names
   * of {@code env}.
   */
  public static List<CandidValue> parseArgs(String text, List<CandidType> types, TypeEnv env) {
    return TextApi.args(
        Objects.requireNonNull(text, "text"), Objects.requireNonNull(types, "types"), env);
  }

  /** Parses one value with its default type. */
  public static CandidValue parseValue(String text) {
    return TextApi.value(Objects.requireNonNull(text, "text"), null, TypeEnv.empty());
  }

  /** Parses one value at {@code type}. */
  public static CandidValue parseValue(String text, CandidType type) {
    return TextApi.value(
        Objects.requireNonNull(text, "text"), Objects.requireNonNull(type, "type"),
        TypeEnv.empty());
  }

  /**
   * Parses a type that uses no names.
   *
   * @throws MalformedCandidException if the text breaks the grammar
   * @throws InvalidTypeException if it names a type, or breaks a rule of types
   */
  public static CandidType parseType(String text) {
    return parseType(text, TypeEnv.empty());
  }

  /** Parses a type whose names are defined in {@code env}. */
  public static CandidType parseType(String text, TypeEnv env) {
    return TextApi.type(Objects.requireNonNull(text, "text"), Objects.requireNonNull(env, "env"));
  }

  /** Parses a list of types {@code (t1, t2, …)} (arguments may be named: {@code (n : nat)}). */
  public static List<CandidType> parseArgTypes(String text) {
    return parseArgTypes(text, TypeEnv.empty());
  }

  /** Parses a list of types whose names are defined in {@code env}. */
  public static List<CandidType> parseArgTypes(String text, TypeEnv env) {
    return TextApi.argTypes(
        Objects.requireNonNull(text, "text"), Objects.requireNonNull(env, "env"));
  }

  /** Parses a method signature {@code (args) -> (results) modes} (with or without {@code func}). */
  public static CandidType.Func parseSignature(String text, TypeEnv env) {
    return TextApi.signature(
        Objects.requireNonNull(text, "text"), Objects.requireNonNull(env, "env"));
  }

  /** The text of a value. */
  public static String print(CandidValue value) {
    return value.toString();
  }

  /** The text of an argument list, {@code (v1, v2, …)}, on one line. */
  public static String printArgs(List<CandidValue> values) {
    return TextPrinter.args(values, false);
  }

  /**
   * The text of an argument list with every character outside printable ASCII escaped (<code>&#92;u{…}</code>
   * in texts), for output that must survive any terminal encoding.
   */
  public static String printArgsAscii(List<CandidValue> values) {
    return TextPrinter.args(values, true);
  }

  /** The text of a type. */
  public static String print(CandidType type) {
    return type.toString();
  }

  /** The text of a list of types, {@code (t1, t2, …)}. */
  public static String printTypes(List<CandidType> types) {
    return TextPrinter.argTypes(types);
  }
}
