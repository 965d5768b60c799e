package org.jicp.state.replicated;

/** A subnet's type, with its text in the certified state tree ({@code /subnet/<id>/type}). */
public enum SubnetType {
  /** An application subnet. */
  APPLICATION("application"),
  /** A system subnet (NNS and other system canisters). */
  SYSTEM("system"),
  /** A verified application subnet. */
  VERIFIED_APPLICATION("verified_application"),
  /** A cloud engine subnet. */
  CLOUD_ENGINE("cloud_engine");

  private final String text;

  SubnetType(String text) {
    this.text = text;
  }

  /** The text of the state tree. */
  public String text() {
    return text;
  }
}
