package org.jicp.nns.governance;

/** The proposal topics of {@code governance.proto} ({@code Topic}), with their reward weights. */
public enum Topic {
  /** Catch-all following; not a topic of proposals. */
  UNSPECIFIED(0),
  /** Proposals that manage a neuron (only its neuron-management followees vote). */
  NEURON_MANAGEMENT(1),
  /** ICP/XDR rate proposals (short voting period, reward weight 0.01). */
  EXCHANGE_RATE(2),
  /** Network economics. */
  NETWORK_ECONOMICS(3),
  /** Governance (motions; reward weight 20). */
  GOVERNANCE(4),
  /** Node machines. */
  NODE_ADMIN(5),
  /** Data centers, node operators, node providers. */
  PARTICIPANT_MANAGEMENT(6),
  /** Subnets: create, change, split, merge, canister migrations. */
  SUBNET_MANAGEMENT(7),
  /** NNS canisters. */
  NETWORK_CANISTER_MANAGEMENT(8),
  /** KYC. */
  KYC(9),
  /** Node provider rewards. */
  NODE_PROVIDER_REWARDS(10),
  /** IC OS deployment. */
  IC_OS_VERSION_DEPLOYMENT(12),
  /** IC OS election. */
  IC_OS_VERSION_ELECTION(13),
  /** SNS and the Neurons' Fund (reward weight 20). */
  SNS_AND_COMMUNITY_FUND(14),
  /** API boundary nodes. */
  API_BOUNDARY_NODE_MANAGEMENT(15),
  /** Subnet rental. */
  SUBNET_RENTAL(16),
  /** Protocol canisters. */
  PROTOCOL_CANISTER_MANAGEMENT(17),
  /** Service nervous systems. */
  SERVICE_NERVOUS_SYSTEM_MANAGEMENT(18);

  private final int number;

  Topic(int number) {
    this.number = number;
  }

  /** The proto number. */
  public int number() {
    return number;
  }

  /**
   * {@code Topic::reward_weight}: Governance and SnsAndCommunityFund count 20×, ExchangeRate
   * 0.01×, the rest 1×.
   */
  public double rewardWeight() {
    switch (this) {
      case GOVERNANCE:
      case SNS_AND_COMMUNITY_FUND:
        return 20.0;
      case EXCHANGE_RATE:
        return 0.01;
      default:
        return 1.0;
    }
  }

  private static final Topic[] ALL = values();

  /** The topic with proto number {@code n}. */
  public static Topic of(int n) {
    for (Topic t : ALL) {
      if (t.number == n) {
        return t;
      }
    }
    throw new GovernanceException(GovernanceException.ErrorType.INVALID_COMMAND, "not a known topic number: " + n);
  }
}
