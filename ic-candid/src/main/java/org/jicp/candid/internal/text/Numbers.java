package org.jicp.candid.internal.text;

import java.math.BigInteger;

/** Reads the number literals of the Candid text syntax. */
final class Numbers {
  private Numbers() {}

  /** An integer literal: optional sign, decimal or {@code 0x} hexadecimal, {@code _} separators. */
  static BigInteger integer(String literal) {
    String s = literal.replace("_", "");
    boolean neg = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    BigInteger v;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      v = new BigInteger(s.substring(2), 16);
    } else {
      v = new BigInteger(s, 10);
    }
    return neg ? v.negate() : v;
  }

  /** A float literal (or integer literal) as a double. */
  static double float64(String literal) {
    return Double.parseDouble(javaFloat(literal));
  }

  /** A float literal (or integer literal) as a float, rounded once. */
  static float float32(String literal) {
    return Float.parseFloat(javaFloat(literal));
  }

  private static String javaFloat(String literal) {
    String s = literal.replace("_", "");
    String sign = "";
    if (s.startsWith("-") || s.startsWith("+")) {
      sign = s.substring(0, 1);
      s = s.substring(1);
    }
    switch (s) {
      case "inf", "infinity" -> {
        return sign + "Infinity";
      }
      case "nan", "NaN" -> {
        return "NaN";
      }
      default -> {}
    }
    if (s.startsWith("0x") || s.startsWith("0X")) {
      if (s.indexOf('p') < 0 && s.indexOf('P') < 0) {
        s = s + "p0";
      }
      if (s.contains(".p") || s.contains(".P")) {
        s = s.replace(".p", ".0p").replace(".P", ".0P");
      }
    }
    return sign + s;
  }
}
