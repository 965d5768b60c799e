package org.jicp.types;

import java.time.Duration;

/**
 * The subnet types of the IC registry ({@code rs/registry/subnet_type}, {@code subnet.proto}),
 * with their consequences for consensus (default delays), execution (cycles charged) and the NNS
 * (who may create canisters). Their text is the one of the certified state tree ({@code
 * /subnet/<id>/type}) and of the registry's Candid variant.
 */
public enum SubnetType {
  /** Open to all; canisters pay cycles, scaled by subnet size (13-node baseline). */
  APPLICATION("application", 1, true, false, Duration.ofMillis(1000)),
  /** Privileged (NNS, II, …): no cycles charged, canister creation restricted to the NNS. */
  SYSTEM("system", 2, false, true, Duration.ofMillis(3000)),
  /** Like application, with additional features. */
  VERIFIED_APPLICATION("verified_application", 4, true, false, Duration.ofMillis(1000)),
  /** A private application-specific subnet under NNS rules. */
  CLOUD_ENGINE("cloud_engine", 5, true, false, Duration.ofMillis(1000));

  /** The number of nodes of a fiduciary subnet (an application subnet of this size). */
  public static final int FIDUCIARY_NODE_COUNT = 34;

  /** The subnet size that cycle prices are quoted for. */
  public static final int REFERENCE_SUBNET_SIZE = 13;

  /** The initial notary delay of every subnet type: 300 ms ({@code SubnetRecord}). */
  public static final Duration INITIAL_NOTARY_DELAY = Duration.ofMillis(300);

  private final String text;
  private final int protoNumber;
  private final boolean chargesCycles;
  private final boolean restrictedCanisterCreation;
  private final Duration unitDelay;

  SubnetType(String text, int protoNumber, boolean chargesCycles,
      boolean restrictedCanisterCreation, Duration unitDelay) {
    this.text = text;
    this.protoNumber = protoNumber;
    this.chargesCycles = chargesCycles;
    this.restrictedCanisterCreation = restrictedCanisterCreation;
    this.unitDelay = unitDelay;
  }

  /** The text of the state tree and the Candid variant label, e.g. {@code verified_application}. */
  public String text() {
    return text;
  }

  /** The {@code SubnetType} enum number of the registry's {@code subnet.proto}. */
  public int protoNumber() {
    return protoNumber;
  }

  /** Whether canisters on such subnets are charged cycles. */
  public boolean chargesCycles() {
    return chargesCycles;
  }

  /** Whether only the NNS may create and install canisters on such subnets. */
  public boolean restrictedCanisterCreation() {
    return restrictedCanisterCreation;
  }

  /** The default unit delay (the block-maker delay per rank): 1 s, 3 s on system subnets. */
  public Duration unitDelay() {
    return unitDelay;
  }

  /** The default initial notary delay (the notary delay of a rank-0 block): 300 ms. */
  public Duration initialNotaryDelay() {
    return INITIAL_NOTARY_DELAY;
  }

  /**
   * The factor by which cycle fees on a subnet of this type with {@code nodeCount} nodes are
   * scaled, as a fraction {numerator, denominator}: 0 for system subnets, otherwise {@code
   * max(nodeCount, 13) / 13} (a 34-node fiduciary subnet pays 34/13 ≈ 2.6× the 13-node price).
   */
  public long[] feeScale(int nodeCount) {
    if (!chargesCycles) {
      return new long[] {0, 1};
    }
    return new long[] {Math.max(nodeCount, REFERENCE_SUBNET_SIZE), REFERENCE_SUBNET_SIZE};
  }

  /** The type with the given {@code subnet.proto} number. */
  public static SubnetType fromProtoNumber(int n) {
    for (SubnetType s : values()) {
      if (s.protoNumber == n) {
        return s;
      }
    }
    throw new IllegalArgumentException("no subnet type with proto number " + n);
  }

  /** The type with the given text ({@link #text()}). */
  public static SubnetType fromText(String text) {
    for (SubnetType s : values()) {
      if (s.text.equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no subnet type '" + text + "'");
  }
}
