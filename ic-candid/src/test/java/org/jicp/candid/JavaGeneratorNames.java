package org.jicp.candid;

/** The generator's type naming, for the test (UpperCamelCase, as JavaGenerator names types). */
final class JavaGeneratorNames {
  private JavaGeneratorNames() {}

  static String typeName(String candid) {
    StringBuilder b = new StringBuilder();
    boolean up = true;
    for (char c : candid.toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128) {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      } else {
        up = true;
      }
    }
    return b.length() > 0 && Character.isDigit(b.charAt(0)) ? "T" + b : b.toString();
  }
}
