package org.jicp.candid.internal.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jicp.candid.MalformedCandidException;

/**
 * Splits Candid text into tokens (Candid spec, "Values" and "Core Grammar"): identifiers and
 * keywords, number literals (decimal, hexadecimal, with {@code _} separators, signs, fractions and
 * exponents), text literals with their escapes ({@code \xx}, {@code \n}, <code>&#92;u{…}</code>, …), and
 * punctuation. Line comments {@code //…} and properly nesting block comments are skipped.
 */
final class Lexer {
  enum Kind {
    ID,
    NUMBER,
    TEXT,
    LPAREN,
    RPAREN,
    LBRACE,
    RBRACE,
    SEMI,
    COMMA,
    COLON,
    EQUALS,
    DOT,
    ARROW,
    EOF
  }

  /** A token: its kind, character offset and source text; text literals carry their bytes. */
  static final class Token {
    final Kind kind;
    final int pos;
    final String text;
    /** The decoded bytes of a text literal, otherwise {@code null}. */
    final byte[] bytes;
    /** For numbers: whether it has a fraction or an exponent, or is {@code inf}/{@code nan}. */
    final boolean isFloat;

    Token(Kind kind, int pos, String text, byte[] bytes, boolean isFloat) {
      this.kind = kind;
      this.pos = pos;
      this.text = text;
      this.bytes = bytes;
      this.isFloat = isFloat;
    }

    Kind kind() {
      return kind;
    }

    @Override
    public String toString() {
      return kind == Kind.EOF ? "end of input" : "'" + text + "'";
    }
  }

  private final String src;
  private final String source;
  private int i;

  private Lexer(String src, String source) {
    this.src = src;
    this.source = source;
  }

  static List<Token> tokenize(String src, String source) {
    Lexer lx = new Lexer(src, source);
    List<Token> out = new ArrayList<>();
    while (true) {
      Token t = lx.next();
      out.add(t);
      if (t.kind() == Kind.EOF) {
        return out;
      }
    }
  }

  /** A malformed-text exception at {@code pos}, naming line and column. */
  static MalformedCandidException error(String src, String source, int pos, String problem) {
    return new MalformedCandidException(pos, where(src, source, pos) + ": " + problem);
  }

  /** {@code source:line:column} of {@code pos} (without the source when there is none). */
  static String where(String src, String source, int pos) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < pos && k < src.length(); k++) {
      if (src.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return (source == null ? "" : source + ":") + line + ":" + col;
  }

  private MalformedCandidException error(int pos, String problem) {
    return error(src, source, pos, problem);
  }

  private void skipSpaceAndComments() {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        i++;
      } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
        int start = i;
        int nest = 0;
        do {
          if (i + 1 >= src.length()) {
            throw error(start, "unterminated block comment");
          }
          if (src.charAt(i) == '/' && src.charAt(i + 1) == '*') {
            nest++;
            i += 2;
          } else if (src.charAt(i) == '*' && src.charAt(i + 1) == '/') {
            nest--;
            i += 2;
          } else {
            i++;
          }
        } while (nest > 0);
      } else {
        return;
      }
    }
  }

  private Token simple(Kind k, int start, int len) {
    i = start + len;
    return new Token(k, start, src.substring(start, start + len), null, false);
  }

  private Token next() {
    skipSpaceAndComments();
    int start = i;
    if (i >= src.length()) {
      return new Token(Kind.EOF, start, "", null, false);
    }
    char c = src.charAt(i);
    switch (c) {
      case '(':
        return simple(Kind.LPAREN, start, 1);
      case ')':
        return simple(Kind.RPAREN, start, 1);
      case '{':
        return simple(Kind.LBRACE, start, 1);
      case '}':
        return simple(Kind.RBRACE, start, 1);
      case ';':
        return simple(Kind.SEMI, start, 1);
      case ',':
        return simple(Kind.COMMA, start, 1);
      case ':':
        return simple(Kind.COLON, start, 1);
      case '=':
        return simple(Kind.EQUALS, start, 1);
      case '.':
        return simple(Kind.DOT, start, 1);
      case '"':
        return text(start);
      default:
        break;
    }
    if (c == '-' && i + 1 < src.length() && src.charAt(i + 1) == '>') {
      return simple(Kind.ARROW, start, 2);
    }
    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
      return number(start);
    }
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      int j = i + 1;
      while (j < src.length() && isIdChar(src.charAt(j))) {
        j++;
      }
      return simple(Kind.ID, start, j - start);
    }
    throw error(start, "unexpected character '" + new String(Character.toChars(src.codePointAt(i)))
        + "'");
  }

  private static boolean isIdChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Digits with single {@code _} separators; returns the index after them. */
  private int digits(int j, boolean hex) {
    int start = j;
    while (j < src.length()) {
      char c = src.charAt(j);
      if (hex ? isHex(c) : (c >= '0' && c <= '9')) {
        j++;
      } else if (c == '_' && j > start && j + 1 < src.length()
          && (hex ? isHex(src.charAt(j + 1)) : Character.isDigit(src.charAt(j + 1)))) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  private Token number(int start) {
    int j = i;
    if (src.charAt(j) == '-' || src.charAt(j) == '+') {
      j++;
    }
    // Special values for floats.
    for (String word : new String[] {"inf", "nan", "NaN", "infinity"}) {
      if (src.startsWith(word, j) && (j + word.length() >= src.length()
          || !isIdChar(src.charAt(j + word.length())))) {
        i = j + word.length();
        return new Token(Kind.NUMBER, start, src.substring(start, i), null, true);
      }
    }
    if (j >= src.length() || !Character.isDigit(src.charAt(j))) {
      throw error(start, "a sign must be followed by a number");
    }
    boolean isFloat = false;
    boolean hex = src.startsWith("0x", j) || src.startsWith("0X", j);
    if (hex) {
      j += 2;
      int d = digits(j, true);
      if (d == j) {
        throw error(start, "hexadecimal number without digits");
      }
      j = d;
      if (j < src.length() && src.charAt(j) == '.' && !(j + 1 < src.length()
          && src.charAt(j + 1) == '.')) {
        isFloat = true;
        j = digits(j + 1, true);
      }
      if (j < src.length() && (src.charAt(j) == 'p' || src.charAt(j) == 'P')) {
        isFloat = true;
        j = exponent(start, j + 1);
      }
    } else {
      j = digits(j, false);
      if (j < src.length() && src.charAt(j) == '.') {
        isFloat = true;
        j = digits(j + 1, false);
      }
      if (j < src.length() && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
        isFloat = true;
        j = exponent(start, j + 1);
      }
    }
    if (j < src.length() && (isIdChar(src.charAt(j)))) {
      throw error(j, "unexpected character '" + src.charAt(j) + "' in a number");
    }
    i = j;
    return new Token(Kind.NUMBER, start, src.substring(start, j), null, isFloat);
  }

  private int exponent(int start, int j) {
    if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
      j++;
    }
    int d = digits(j, false);
    if (d == j) {
      throw error(start, "exponent without digits");
    }
    return d;
  }

  private Token text(int start) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int j = start + 1;
    while (true) {
      if (j >= src.length()) {
        throw error(start, "unterminated text literal");
      }
      char c = src.charAt(j);
      if (c == '"') {
        j++;
        break;
      }
      if (c == '\n' || c == '\r') {
        throw error(j, "line break inside a text literal (write \\n)");
      }
      if (c != '\\') {
        int cp = src.codePointAt(j);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          throw error(j, "unpaired surrogate in a text literal");
        }
        byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(enc, 0, enc.length);
        j += Character.charCount(cp);
        continue;
      }
      if (j + 1 >= src.length()) {
        throw error(j, "unterminated escape");
      }
      char e = src.charAt(j + 1);
      switch (e) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case '"' -> out.write('"');
        case '\'' -> out.write('\'');
        case 'u' -> {
          if (j + 2 >= src.length() || src.charAt(j + 2) != '{') {
            throw error(j, "a unicode escape is written \\u{hex}");
          }
          int k = digits(j + 3, true);
          if (k == j + 3 || k >= src.length() || src.charAt(k) != '}') {
            throw error(j, "unterminated unicode escape (expected \\u{hex})");
          }
          String hexText = src.substring(j + 3, k).replace("_", "");
          int cp;
          try {
            cp = hexText.length() > 6 ? -1 : Integer.parseInt(hexText, 16);
          } catch (NumberFormatException ex) {
            cp = -1;
          }
          if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw error(j, "\\u{" + hexText + "} is not a Unicode scalar value");
          }
          byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          out.write(enc, 0, enc.length);
          j = k + 1;
          continue;
        }
        default -> {
          if (j + 2 < src.length() && isHex(e) && isHex(src.charAt(j + 2))) {
            out.write(Integer.parseInt(src.substring(j + 1, j + 3), 16));
            j += 3;
            continue;
          }
          throw error(j, "unknown escape \\" + e);
        }
      }
      j += 2;
    }
    i = j;
    return new Token(Kind.TEXT, start, src.substring(start, j), out.toByteArray(), false);
  }
}
