package org.jicp.candid.internal;

/** Unicode helpers: scalar-value checks and code point order (the order of UTF-8 bytes). */
public final class CodePoints {
  private CodePoints() {}

  /** Whether {@code s} has no unpaired surrogate, i.e. is a sequence of Unicode scalar values. */
  public static boolean isScalarValues(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /** Compares by Unicode code points, which is the unsigned order of the UTF-8 encodings. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
