package org.jicp.nns.registry;

import org.jicp.candid.mapping.CandidName;

/**
 * The subnet types of {@code rs/registry/subnet_type} and {@code subnet.proto}, with their
 * consequences. Candid: {@code variant { application; system; verified_application;
 * cloud_engine }}.
 */
public enum SubnetType {
  /** Open to all; canisters pay cycles, scaled by subnet size (13-node baseline). */
  @CandidName("application")
  APPLICATION(1, true, false),
  /** Privileged (NNS, II, …): no cycles charged, canister creation restricted to the NNS. */
  @CandidName("system")
  SYSTEM(2, false, true),
  /** Like application, with additional features. */
  @CandidName("verified_application")
  VERIFIED_APPLICATION(4, true, false),
  /** A private application-specific subnet under NNS rules (free cost schedule allowed). */
  @CandidName("cloud_engine")
  CLOUD_ENGINE(5, true, false);

  /** The number of nodes of a fiduciary subnet (a specialization of application subnets). */
  public static final int FIDUCIARY_NODE_COUNT = 34;

  /** The subnet size that cycle prices are quoted for. */
  public static final int REFERENCE_SUBNET_SIZE = 13;

  private final int protoNumber;
  private final boolean chargesCycles;
  private final boolean restrictedCanisterCreation;

  SubnetType(int protoNumber, boolean chargesCycles, boolean restrictedCanisterCreation) {
    this.protoNumber = protoNumber;
    this.chargesCycles = chargesCycles;
    this.restrictedCanisterCreation = restrictedCanisterCreation;
  }

  /** The {@code SubnetType} enum number of {@code subnet.proto}. */
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

  /**
   * The factor by which cycle fees on a subnet of this type with {@code nodeCount} nodes are scaled,
   * as a fraction {numerator, denominator}: 0 for system subnets, otherwise {@code nodeCount / 13}
   * (a 34-node fiduciary subnet pays 34/13 ≈ 2.6× the 13-node price).
   */
  public long[] feeScale(int nodeCount) {
    if (!chargesCycles) {
      return new long[] {0, 1};
    }
    return new long[] {Math.max(nodeCount, REFERENCE_SUBNET_SIZE), REFERENCE_SUBNET_SIZE};
  }

  /** The type with the given {@code subnet.proto} number. */
  public static SubnetType fromProto(org.jicp.nns.registry.pb.SubnetType t) {
    for (SubnetType s : values()) {
      if (s.protoNumber == t.getNumber()) {
        return s;
      }
    }
    throw new InvariantViolationException("subnet-type", "unknown subnet type " + t);
  }

  /** The {@code subnet.proto} enum value. */
  public org.jicp.nns.registry.pb.SubnetType toProto() {
    return org.jicp.nns.registry.pb.SubnetType.forNumber(protoNumber);
  }
}
