package org.jicp.wasm;

/** A scenario file line that cannot be parsed or run; the message names the line number. */
public class MalformedScenarioException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /** A problem on line {@code line} (1-based). */
  public MalformedScenarioException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }
}
