package org.jicp.candid.internal.text;

import java.util.ArrayList;
import java.util.List;
import org.jicp.candid.CandidType;
import org.jicp.candid.CandidValue;
import org.jicp.candid.TypeEnv;
import org.jicp.candid.internal.text.Lexer.Kind;

/** The entry points of the text layer for the public API. */
public final class TextApi {
  private TextApi() {}

  private static Parser.Names namesOf(Parser p, TypeEnv env) {
    return (n, pos) -> {
      if (!env.contains(n)) {
        throw p.invalidType(pos, "type " + n + " is not defined");
      }
      return env.ref(n);
    };
  }

  /** Parses an argument list; with {@code types}, gives the values those types. */
  public static List<CandidValue> args(String text, List<CandidType> types, TypeEnv env) {
    Parser p = new Parser(text, null);
    p.setAnnotationNames(namesOf(p, env));
    List<Ast> asts = p.args();
    p.expectEnd();
    TextValues tv = new TextValues(text, null);
    if (types == null) {
      List<CandidValue> out = new ArrayList<>(asts.size());
      for (Ast a : asts) {
        out.add(tv.infer(a));
      }
      return out;
    }
    return tv.annotateArgs(asts, types);
  }

  /** Parses one value; with {@code type}, gives it that type. */
  public static CandidValue value(String text, CandidType type, TypeEnv env) {
    Parser p = new Parser(text, null);
    p.setAnnotationNames(namesOf(p, env));
    Ast a = p.annval();
    p.expectEnd();
    TextValues tv = new TextValues(text, null);
    return type == null ? tv.infer(a) : tv.annotate(a, type);
  }

  /** Parses a type whose names are defined in {@code env}. */
  public static CandidType type(String text, TypeEnv env) {
    Parser p = new Parser(text, null);
    CandidType t = p.datatype(namesOf(p, env));
    p.expectEnd();
    return t;
  }

  /** Parses {@code (t1, t2, …)} (argument names allowed) whose names are defined in {@code env}. */
  public static List<CandidType> argTypes(String text, TypeEnv env) {
    Parser p = new Parser(text, null);
    List<CandidType> ts = p.tuptype(namesOf(p, env));
    p.expectEnd();
    return ts;
  }

  /** Parses a method signature {@code (args) -> (results) modes}. */
  public static CandidType.Func signature(String text, TypeEnv env) {
    Parser p = new Parser(text, null);
    if (p.atKeyword("func")) {
      p.next();
    }
    CandidType.Func f = p.functype(namesOf(p, env));
    if (!p.at(Kind.EOF)) {
      p.expectEnd();
    }
    return f;
  }
}
