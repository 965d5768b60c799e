package org.jicp.consensus.sim;

/**
 * What a simulated node does: {@link #HONEST}, or one Byzantine behaviour (after the IC's {@code
 * MaliciousFlags} and the scenarios of reference notes §4.3).
 */
public enum Behaviour {
  /** Follows the protocol. */
  HONEST("honest"),
  /** As a block maker, signs two different blocks per height and sends each to half the peers. */
  EQUIVOCATE("equivocate"),
  /**
   * Signs a notarization share for every valid block it sees at every open height, ignoring rank
   * and delays, and a finalization share for every notarized block ({@code notarize_all} and
   * {@code finalize_all} of the IC's safety test).
   */
  NOTARIZE_ALL("notarize-all"),
  /** Makes its shares but never sends them (notarization, finalization, beacon, tape, CUP). */
  WITHHOLD("withhold"),
  /** Sends its proposals, shares and dealings with corrupted signatures. */
  INVALID_SIG("invalid-sig"),
  /** Sends everything, but delays each message to the network's delay limit. */
  DELAY("delay"),
  /** Proposes correctly signed blocks whose payload breaks a rule (an ingress message twice). */
  INVALID_PAYLOAD("invalid-payload"),
  /** Crashes (and, if configured, restarts later from its pool and peers' catch-up packages). */
  CRASH("crash"),
  /**
   * Follows the protocol, and sends along with each of its artifacts malformed and invalid
   * variants: truncated and bit-flipped encodings, a corrupted signature, a correctly signed
   * proposal at the wrong height, one over the 4 MiB payload limit and one with an invalid stream
   * slice; certification shares with a corrupted signature, under the name of a node outside the
   * subnet, and replayed at the next height.
   */
  BAD_INPUT("bad-input");

  private final String cliName;

  Behaviour(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  /**
   * The behaviour named {@code name} on the command line.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Behaviour fromCliName(String name) {
    for (Behaviour b : values()) {
      if (b.cliName.equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown behaviour '" + name + "'");
  }
}
