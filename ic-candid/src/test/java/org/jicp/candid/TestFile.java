package org.jicp.candid;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .test.did} file of the Candid conformance suite: type definitions followed by {@code
 * assert} statements (grammar in {@code test/README.md} of the suite). Only the assert syntax is
 * read here; inputs, types and descriptions are handed to the library under test.
 */
record TestFile(String definitions, List<TestFile.Assert> asserts) {
  enum Kind {
    DECODES,
    FAILS,
    EQUAL,
    NOT_EQUAL
  }

  /** An input: binary ({@code blob "…"}) or text ({@code "…"}). */
  static final class Input {
    private final byte[] blob;
    private final String text;

    Input(byte[] blob, String text) {
      this.blob = blob;
      this.text = text;
    }

    byte[] blob() {
      return blob;
    }

    String text() {
      return text;
    }

    @Override
    public String toString() {
      return blob != null ? "blob" : "text";
    }
  }

  record Assert(int line, Kind kind, Input left, Input right, String types, String description) {
    String describe() {
      String op =
          switch (kind) {
            case DECODES -> ":";
            case FAILS -> "!:";
            case EQUAL -> "==";
            case NOT_EQUAL -> "!=";
          };
      return (description == null ? "" : description + " ") + "[" + left
          + (right == null ? "" : " " + op + " " + right) + " " + (right == null ? op : ":")
          + " " + types + "]";
    }
  }

  static TestFile parse(String src) {
    StringBuilder defs = new StringBuilder();
    List<Assert> asserts = new ArrayList<>();
    for (Statement s : statements(src)) {
      String t = s.text.strip();
      if (t.startsWith("type")) {
        defs.append(t).append(";\n");
      } else if (t.startsWith("assert")) {
        asserts.add(new Reader(t.substring("assert".length()), s.line).read());
      } else if (!t.isEmpty()) {
        throw new IllegalArgumentException("line " + s.line + ": unexpected statement " + t);
      }
    }
    return new TestFile(defs.toString(), asserts);
  }

  private record Statement(String text, int line) {}

  /** Splits at top-level ';', dropping comments, keeping strings intact. */
  private static List<Statement> statements(String src) {
    List<Statement> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    int line = 1;
    int startLine = -1;
    for (int i = 0; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
        i--;
        continue;
      }
      if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
        int nest = 0;
        do {
          if (src.charAt(i) == '\n') {
            line++;
          }
          if (src.startsWith("/*", i)) {
            nest++;
            i += 2;
          } else if (src.startsWith("*/", i)) {
            nest--;
            i += 2;
          } else {
            i++;
          }
        } while (nest > 0);
        i--;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      if (startLine < 0 && !Character.isWhitespace(c)) {
        startLine = line;
      }
      if (c == '"') {
        int j = i + 1;
        while (src.charAt(j) != '"') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        cur.append(src, i, j + 1);
        i = j;
        continue;
      }
      if (c == '(' || c == '{') {
        depth++;
      } else if (c == ')' || c == '}') {
        depth--;
      }
      if (c == ';' && depth == 0) {
        out.add(new Statement(cur.toString(), startLine));
        cur.setLength(0);
        startLine = -1;
        continue;
      }
      cur.append(c);
    }
    if (!cur.toString().isBlank()) {
      out.add(new Statement(cur.toString(), startLine));
    }
    return out;
  }

  private static final class Reader {
    private final String s;
    private final int line;
    private int i;

    Reader(String s, int line) {
      this.s = s;
      this.line = line;
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private String literal() {
      ws();
      if (s.charAt(i) != '"') {
        throw new IllegalArgumentException("line " + line + ": expected a text literal at " + i);
      }
      int j = i + 1;
      while (s.charAt(j) != '"') {
        j += s.charAt(j) == '\\' ? 2 : 1;
      }
      String lit = s.substring(i, j + 1);
      i = j + 1;
      return lit;
    }

    private Input input() {
      ws();
      if (s.startsWith("blob", i)) {
        i += 4;
        CandidValue v = CandidText.parseValue("blob " + literal());
        return new Input(((CandidValue.Blob) v).toByteArray(), null);
      }
      CandidValue v = CandidText.parseValue(literal());
      return new Input(null, ((CandidValue.Text) v).value());
    }

    Assert read() {
      Input left = input();
      ws();
      Kind kind;
      Input right = null;
      if (s.startsWith("==", i) || s.startsWith("!=", i)) {
        kind = s.startsWith("==", i) ? Kind.EQUAL : Kind.NOT_EQUAL;
        i += 2;
        right = input();
        ws();
        expect(":");
      } else if (s.startsWith("!:", i)) {
        kind = Kind.FAILS;
        i += 2;
      } else {
        kind = Kind.DECODES;
        expect(":");
      }
      ws();
      int start = i;
      int depth = 0;
      do {
        char c = s.charAt(i);
        if (c == '"') {
          literal();
          continue;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        }
        i++;
      } while (depth > 0);
      String types = s.substring(start, i);
      ws();
      String desc = null;
      if (i < s.length()) {
        desc = ((CandidValue.Text) CandidText.parseValue(literal())).value();
      }
      return new Assert(line, kind, left, right, types, desc);
    }

    private void expect(String tok) {
      if (!s.startsWith(tok, i)) {
        throw new IllegalArgumentException("line " + line + ": expected " + tok + " at " + s);
      }
      i += tok.length();
    }
  }
}
