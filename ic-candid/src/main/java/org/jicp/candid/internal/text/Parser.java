package org.jicp.candid.internal.text;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jicp.candid.CandidType;
import org.jicp.candid.InvalidTypeException;
import org.jicp.candid.Label;
import org.jicp.candid.MalformedCandidException;
import org.jicp.candid.internal.text.Lexer.Kind;
import org.jicp.candid.internal.text.Lexer.Token;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.CryptoException;
import org.jicp.crypto.Principal;

/**
 * A recursive-descent parser of the Candid text syntax: values ({@code <annval>}, {@code <arg>}),
 * types ({@code <datatype>}, {@code <tuptype>}, {@code <functype>}, {@code <actortype>}) and the
 * pieces of an interface description, which {@link DidParser} assembles.
 */
final class Parser {
  /** Resolves a type name used at a position. */
  interface Names {
    CandidType resolve(String name, int pos);
  }

  private static final int MAX_DEPTH = 1024;

  final String src;
  final String source;
  private final List<Token> toks;
  private int p;
  private int depth;

  Parser(String src, String source) {
    this.src = src;
    this.source = source;
    this.toks = Lexer.tokenize(src, source);
  }

  // ---- tokens ----

  Token peek() {
    return toks.get(p);
  }

  Token peek(int k) {
    return toks.get(Math.min(p + k, toks.size() - 1));
  }

  Token next() {
    Token t = toks.get(p);
    if (t.kind() != Kind.EOF) {
      p++;
    }
    return t;
  }

  boolean at(Kind k) {
    return peek().kind() == k;
  }

  boolean atKeyword(String kw) {
    Token t = peek();
    return t.kind() == Kind.ID && t.text.equals(kw);
  }

  Token expect(Kind k, String what) {
    Token t = peek();
    if (t.kind() != k) {
      throw error(t.pos, "expected " + what + ", found " + t);
    }
    return next();
  }

  void expectKeyword(String kw) {
    if (!atKeyword(kw)) {
      throw error(peek().pos, "expected '" + kw + "', found " + peek());
    }
    next();
  }

  void expectEnd() {
    if (!at(Kind.EOF)) {
      throw error(peek().pos, "unexpected " + peek() + " after the end");
    }
  }

  MalformedCandidException error(int pos, String problem) {
    return Lexer.error(src, source, pos, problem);
  }

  InvalidTypeException invalidType(int pos, String problem) {
    MalformedCandidException m = error(pos, problem);
    return new InvalidTypeException(m.getMessage());
  }

  private void enter(int pos) {
    if (++depth > MAX_DEPTH) {
      throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void leave() {
    depth--;
  }

  /** The UTF-8 text of a text literal token. */
  String textOf(Token t) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(t.bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(t.pos, "text literal is not valid UTF-8 (use blob for bytes)");
    }
  }

  // ---- labels and names ----

  /** Whether the next token can start a label ({@code <nat>}, {@code <id>} or {@code <text>}). */
  boolean atLabel() {
    Kind k = peek().kind();
    return k == Kind.ID || k == Kind.TEXT || k == Kind.NUMBER;
  }

  Label label() {
    Token t = next();
    switch (t.kind()) {
      case ID:
        return Label.named(t.text);
      case TEXT:
        return Label.named(textOf(t));
      case NUMBER:
        {
          BigInteger v = natLiteral(t);
          if (v.bitLength() > 32) {
            throw error(t.pos, "field id " + v + " does not fit in 32 bits");
          }
          return Label.id(v.longValue());
        }
      default:
        throw error(t.pos, "expected a field name or number, found " + t);
    }
  }

  /** A {@code <name>}: an identifier or a text. */
  String name(String what) {
    Token t = next();
    if (t.kind() == Kind.ID) {
      return t.text;
    }
    if (t.kind() == Kind.TEXT) {
      return textOf(t);
    }
    throw error(t.pos, "expected " + what + ", found " + t);
  }

  BigInteger natLiteral(Token t) {
    if (t.isFloat || t.text.startsWith("-") || t.text.startsWith("+")) {
      throw error(t.pos, "expected a natural number, found " + t);
    }
    return Numbers.integer(t.text);
  }

  // ---- values ----

  /** {@code ( <annval>,* )}. */
  List<Ast> args() {
    expect(Kind.LPAREN, "'(' to start the argument list");
    List<Ast> out = new ArrayList<>();
    while (!at(Kind.RPAREN)) {
      out.add(annval());
      if (!at(Kind.RPAREN)) {
        expect(Kind.COMMA, "',' or ')'");
      }
    }
    next();
    return out;
  }

  private Names annotationNames = (n, pos) -> {
    throw invalidType(pos, "type " + n + " is not defined");
  };

  void setAnnotationNames(Names names) {
    annotationNames = names;
  }

  /** {@code <val> (: <datatype>)?}. */
  Ast annval() {
    Ast v = val();
    if (at(Kind.COLON)) {
      next();
      CandidType t = datatype(annotationNames);
      return new Ast.Annotated(v.pos(), v, t);
    }
    return v;
  }

  Ast val() {
    Token t = peek();
    enter(t.pos);
    try {
      switch (t.kind()) {
        case NUMBER:
          next();
          return new Ast.Num(t.pos, t.text, t.isFloat);
        case TEXT:
          next();
          return new Ast.Text(t.pos, textOf(t));
        case LPAREN:
          {
            next();
            Ast inner = annval();
            expect(Kind.RPAREN, "')'");
            return inner;
          }
        case ID:
          return keywordValue(t);
        default:
          throw error(t.pos, "expected a value, found " + t);
      }
    } finally {
      leave();
    }
  }

  private Ast keywordValue(Token t) {
    switch (t.text) {
      case "true":
        next();
        return new Ast.Bool(t.pos, true);
      case "false":
        next();
        return new Ast.Bool(t.pos, false);
      case "null":
        next();
        return new Ast.Null(t.pos);
      case "opt":
        next();
        return new Ast.Opt(t.pos, val());
      case "vec":
        {
          next();
          expect(Kind.LBRACE, "'{' after vec");
          List<Ast> es = new ArrayList<>();
          while (!at(Kind.RBRACE)) {
            es.add(annval());
            if (!at(Kind.RBRACE)) {
              expect(Kind.SEMI, "';' or '}'");
            }
          }
          next();
          return new Ast.Vec(t.pos, es);
        }
      case "blob":
        {
          next();
          Token s = expect(Kind.TEXT, "a text literal after blob");
          return new Ast.Blob(t.pos, Bytes.of(s.bytes));
        }
      case "record":
        {
          next();
          expect(Kind.LBRACE, "'{' after record");
          List<Ast.Field> fs = new ArrayList<>();
          long nextId = 0;
          while (!at(Kind.RBRACE)) {
            int fpos = peek().pos;
            Label l;
            Ast v;
            if (atLabel() && peek(1).kind() == Kind.EQUALS) {
              l = label();
              next();
              v = annval();
            } else {
              if (nextId > Label.MAX_ID) {
                throw error(fpos, "too many fields");
              }
              l = Label.id(nextId);
              v = annval();
            }
            nextId = l.id() + 1;
            fs.add(new Ast.Field(fpos, l, v));
            if (!at(Kind.RBRACE)) {
              expect(Kind.SEMI, "';' or '}'");
            }
          }
          next();
          return new Ast.Record(t.pos, fs);
        }
      case "variant":
        {
          next();
          expect(Kind.LBRACE, "'{' after variant");
          if (at(Kind.RBRACE)) {
            throw error(peek().pos, "a variant value has exactly one case");
          }
          if (!atLabel()) {
            throw error(peek().pos, "expected a variant case, found " + peek());
          }
          Label l = label();
          Ast v;
          if (at(Kind.EQUALS)) {
            next();
            v = annval();
          } else {
            v = new Ast.Null(t.pos);
          }
          if (at(Kind.SEMI)) {
            next();
          }
          if (!at(Kind.RBRACE)) {
            throw error(peek().pos, "a variant value has exactly one case; found " + peek());
          }
          next();
          return new Ast.Variant(t.pos, l, v);
        }
      case "nan", "NaN", "inf", "infinity":
        next();
        return new Ast.Num(t.pos, t.text, true);
      case "principal":
        {
          next();
          return new Ast.PrincipalLit(t.pos, principal());
        }
      case "service":
        {
          next();
          return new Ast.ServiceLit(t.pos, principal());
        }
      case "func":
        {
          next();
          Principal s = principal();
          expect(Kind.DOT, "'.' between the service and the method name");
          String m = name("a method name");
          return new Ast.FuncLit(t.pos, s, m);
        }
      default:
        throw error(t.pos, "expected a value, found " + t);
    }
  }

  private Principal principal() {
    Token s = expect(Kind.TEXT, "a principal in quotes");
    try {
      return Principal.fromText(textOf(s));
    } catch (CryptoException e) {
      throw error(s.pos, e.getMessage());
    }
  }

  // ---- types ----

  /** {@code <datatype>}. */
  CandidType datatype(Names names) {
    Token t = peek();
    if (t.kind() != Kind.ID) {
      throw error(t.pos, "expected a type, found " + t);
    }
    enter(t.pos);
    try {
      next();
      switch (t.text) {
        case "opt":
          return new CandidType.Opt(datatype(names));
        case "vec":
          return new CandidType.Vec(datatype(names));
        case "blob":
          return CandidType.BLOB;
        case "record":
          return new CandidType.Record(fields(names, true));
        case "variant":
          return new CandidType.Variant(fields(names, false));
        case "func":
          return functype(names);
        case "service":
          return actortype(names);
        default:
          {
            var prim = CandidType.Primitive.ofKeyword(t.text);
            if (prim.isPresent()) {
              return prim.get();
            }
            if (TextPrinter.KEYWORDS.contains(t.text)) {
              throw error(t.pos, "'" + t.text + "' is a keyword, not a type");
            }
            return names.resolve(t.text, t.pos);
          }
      }
    } finally {
      leave();
    }
  }

  private List<CandidType.Field> fields(Names names, boolean record) {
    expect(Kind.LBRACE, "'{'");
    List<CandidType.Field> fs = new ArrayList<>();
    Map<Long, Label> seen = new HashMap<>();
    long nextId = 0;
    while (!at(Kind.RBRACE)) {
      int fpos = peek().pos;
      Label l;
      CandidType type;
      if (atLabel() && peek(1).kind() == Kind.COLON) {
        l = label();
        next();
        type = datatype(names);
      } else if (!record && atLabel()
          && (peek(1).kind() == Kind.SEMI || peek(1).kind() == Kind.RBRACE)) {
        l = label();
        type = CandidType.NULL;
      } else if (record) {
        if (nextId > Label.MAX_ID) {
          throw error(fpos, "too many fields");
        }
        l = Label.id(nextId);
        type = datatype(names);
      } else {
        throw error(fpos, "expected a variant case (name, number, or name : type), found "
            + peek());
      }
      Label prev = seen.put(l.id(), l);
      if (prev != null) {
        throw invalidType(
            fpos,
            (record ? "record field " : "variant case ") + l + " has the same id (" + l.id()
                + ") as " + prev);
      }
      nextId = l.id() + 1;
      fs.add(new CandidType.Field(l, type));
      if (!at(Kind.RBRACE)) {
        expect(Kind.SEMI, "';' or '}'");
      }
    }
    next();
    return fs;
  }

  /** {@code ( <argtype>,* )}, where an argument may be named ({@code name : type}). */
  List<CandidType> tuptype(Names names) {
    expect(Kind.LPAREN, "'('");
    List<CandidType> out = new ArrayList<>();
    Set<String> argNames = new HashSet<>();
    while (!at(Kind.RPAREN)) {
      if ((at(Kind.ID) || at(Kind.TEXT)) && peek(1).kind() == Kind.COLON) {
        int npos = peek().pos;
        String n = name("an argument name");
        if (!argNames.add(n)) {
          throw invalidType(npos, "argument name " + n + " appears twice");
        }
        next();
      }
      out.add(datatype(names));
      if (!at(Kind.RPAREN)) {
        expect(Kind.COMMA, "',' or ')'");
      }
    }
    next();
    return out;
  }

  /** {@code <tuptype> -> <tuptype> <funcann>*}. */
  CandidType.Func functype(Names names) {
    int pos = peek().pos;
    List<CandidType> args = tuptype(names);
    expect(Kind.ARROW, "'->'");
    List<CandidType> rets = tuptype(names);
    EnumSet<CandidType.FuncMode> modes = EnumSet.noneOf(CandidType.FuncMode.class);
    while (at(Kind.ID)) {
      String w = peek().text;
      CandidType.FuncMode m =
          switch (w) {
            case "query" -> CandidType.FuncMode.QUERY;
            case "oneway" -> CandidType.FuncMode.ONEWAY;
            case "composite_query" -> CandidType.FuncMode.COMPOSITE_QUERY;
            default -> null;
          };
      if (m == null) {
        break;
      }
      next();
      modes.add(m);
    }
    if (modes.contains(CandidType.FuncMode.ONEWAY) && !rets.isEmpty()) {
      throw invalidType(pos, "a oneway function has no results");
    }
    return new CandidType.Func(args, rets, modes);
  }

  /** {@code { <methtype>;* }}. */
  CandidType.Service actortype(Names names) {
    expect(Kind.LBRACE, "'{'");
    List<CandidType.Method> ms = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (!at(Kind.RBRACE)) {
      int mpos = peek().pos;
      String n = name("a method name");
      if (!seen.add(n)) {
        throw invalidType(mpos, "method " + n + " is defined twice");
      }
      expect(Kind.COLON, "':' after the method name");
      CandidType type;
      if (at(Kind.LPAREN)) {
        type = functype(names);
      } else if (at(Kind.ID)) {
        Token id = next();
        if (TextPrinter.KEYWORDS.contains(id.text) || !(names.resolve(id.text, id.pos)
            instanceof CandidType.Ref)) {
          throw invalidType(id.pos, "method " + n + " must have a function type");
        }
        type = names.resolve(id.text, id.pos);
      } else {
        throw error(peek().pos, "expected a function type or a type name, found " + peek());
      }
      ms.add(new CandidType.Method(n, type));
      if (!at(Kind.RBRACE)) {
        expect(Kind.SEMI, "';' or '}'");
      }
    }
    next();
    return new CandidType.Service(ms);
  }
}
