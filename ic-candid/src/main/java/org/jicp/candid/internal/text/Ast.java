package org.jicp.candid.internal.text;

import java.util.List;
import org.jicp.candid.CandidType;
import org.jicp.candid.Label;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/** A value as written in text, before it is given a type; numbers are kept as literals. */
sealed interface Ast {
  /** The character offset where the value starts. */
  int pos();

  /** A number literal. */
  record Num(int pos, String text, boolean isFloat) implements Ast {}

  /** {@code true} or {@code false}. */
  record Bool(int pos, boolean value) implements Ast {}

  /** {@code null}. */
  record Null(int pos) implements Ast {}

  /** A text literal. */
  record Text(int pos, String value) implements Ast {}

  /** {@code blob "…"}. */
  record Blob(int pos, Bytes bytes) implements Ast {}

  /** {@code opt v}. */
  record Opt(int pos, Ast value) implements Ast {}

  /** {@code vec { … }}. */
  record Vec(int pos, List<Ast> elements) implements Ast {}

  /** A field of a record value. */
  record Field(int pos, Label label, Ast value) {}

  /** {@code record { … }}. */
  record Record(int pos, List<Field> fields) implements Ast {}

  /** {@code variant { l = v }}. */
  record Variant(int pos, Label label, Ast value) implements Ast {}

  /** {@code principal "…"}. */
  record PrincipalLit(int pos, Principal principal) implements Ast {}

  /** {@code service "…"}. */
  record ServiceLit(int pos, Principal principal) implements Ast {}

  /** {@code func "…".m}. */
  record FuncLit(int pos, Principal service, String method) implements Ast {}

  /** {@code (v : t)}. */
  record Annotated(int pos, Ast value, CandidType type) implements Ast {}
}
