package org.jicp.wasm.cycles;

import java.math.BigInteger;
import org.jicp.types.Cycles;

/**
 * The IC's cycles fee schedule for a subnet ({@code rs/config/src/subnet_config.rs}, {@code
 * CyclesAccountManagerConfig}; {@code docs/references/cycle-costs.md}). Fees are given for the
 * 13-node reference subnet and every fee is scaled by {@code subnetSize / 13} (integer division
 * after multiplication, as {@code CyclesAccountManager::scale_cost}).
 *
 * @param subnetSize the number of nodes the fees are scaled for
 * @param referenceSubnetSize the size the fees are given for (13)
 * @param canisterCreationFee {@code canister_creation_fee}
 * @param updateMessageExecutionFee {@code update_message_execution_fee}
 * @param tenUpdateInstructionsExecutionFee {@code ten_update_instructions_execution_fee}
 * @param ingressMessageReceptionFee {@code ingress_message_reception_fee}
 * @param ingressByteReceptionFee {@code ingress_byte_reception_fee}
 * @param xnetCallFee {@code xnet_call_fee}
 * @param xnetByteTransmissionFee {@code xnet_byte_transmission_fee}
 * @param gibStoragePerSecondFee {@code gib_storage_per_second_fee}
 * @param computePercentAllocatedPerSecondFee {@code compute_percent_allocated_per_second_fee}
 * @param httpRequestLinearBaselineFee {@code http_request_linear_baseline_fee}
 * @param httpRequestQuadraticBaselineFee {@code http_request_quadratic_baseline_fee}
 * @param httpRequestPerByteFee {@code http_request_per_byte_fee}
 * @param httpResponsePerByteFee {@code http_response_per_byte_fee}
 */
public record FeeSchedule(
    int subnetSize,
    int referenceSubnetSize,
    long canisterCreationFee,
    long updateMessageExecutionFee,
    long tenUpdateInstructionsExecutionFee,
    long ingressMessageReceptionFee,
    long ingressByteReceptionFee,
    long xnetCallFee,
    long xnetByteTransmissionFee,
    long gibStoragePerSecondFee,
    long computePercentAllocatedPerSecondFee,
    long httpRequestLinearBaselineFee,
    long httpRequestQuadraticBaselineFee,
    long httpRequestPerByteFee,
    long httpResponsePerByteFee) {

  /** The reference subnet size the fees are given for. */
  public static final int REFERENCE_SUBNET_SIZE = 13;
  /** The size of the fiduciary subnet. */
  public static final int FIDUCIARY_SUBNET_SIZE = 34;
  /** Memory and compute are charged this often on the IC: 10 s. */
  public static final long DURATION_BETWEEN_ALLOCATION_CHARGES_SECONDS = 10;
  /** The balance of a canister created with provisional cycles: 100T. */
  public static final Cycles DEFAULT_PROVISIONAL_CYCLES_BALANCE = Cycles.of(100_000_000_000_000L);

  /** Validates the components. */
  public FeeSchedule {
    if (subnetSize <= 0 || referenceSubnetSize <= 0) {
      throw new IllegalArgumentException("subnet sizes must be positive");
    }
    for (long f : new long[] {canisterCreationFee, updateMessageExecutionFee,
        tenUpdateInstructionsExecutionFee, ingressMessageReceptionFee, ingressByteReceptionFee,
        xnetCallFee, xnetByteTransmissionFee, gibStoragePerSecondFee,
        computePercentAllocatedPerSecondFee, httpRequestLinearBaselineFee,
        httpRequestQuadraticBaselineFee, httpRequestPerByteFee, httpResponsePerByteFee}) {
      if (f < 0) {
        throw new IllegalArgumentException("fees are non-negative");
      }
    }
  }

  /** The application subnet's fees on the 13-node reference subnet. */
  public static FeeSchedule applicationSubnet() {
    return new FeeSchedule(13, REFERENCE_SUBNET_SIZE, 500_000_000_000L, 5_000_000L, 10L,
        1_200_000L, 2_000L, 260_000L, 1_000L, 127_000L, 10_000_000L, 3_000_000L, 60_000L, 400L,
        800L);
  }

  /** The fiduciary subnet (34 nodes): the application fees scaled by 34/13. */
  public static FeeSchedule fiduciarySubnet() {
    return applicationSubnet().forSubnetSize(FIDUCIARY_SUBNET_SIZE);
  }

  /** System subnets charge nothing. */
  public static FeeSchedule systemSubnet() {
    return new FeeSchedule(13, REFERENCE_SUBNET_SIZE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The same fees on a subnet of {@code n} nodes. */
  public FeeSchedule forSubnetSize(int n) {
    return new FeeSchedule(n, referenceSubnetSize, canisterCreationFee, updateMessageExecutionFee,
        tenUpdateInstructionsExecutionFee, ingressMessageReceptionFee, ingressByteReceptionFee,
        xnetCallFee, xnetByteTransmissionFee, gibStoragePerSecondFee,
        computePercentAllocatedPerSecondFee, httpRequestLinearBaselineFee,
        httpRequestQuadraticBaselineFee, httpRequestPerByteFee, httpResponsePerByteFee);
  }

  /** {@code fee × subnetSize / referenceSubnetSize} ({@code scale_cost}). */
  public Cycles scale(BigInteger fee) {
    return new Cycles(fee.multiply(BigInteger.valueOf(subnetSize))
        .divide(BigInteger.valueOf(referenceSubnetSize)));
  }

  private Cycles scale(long fee) {
    return scale(BigInteger.valueOf(fee));
  }

  /** The fee for creating a canister. */
  public Cycles canisterCreation() {
    return scale(canisterCreationFee);
  }

  /**
   * The cost of executing {@code instructions} in an update ({@code execution_cost}): the fixed
   * message fee plus the per-instruction fee.
   */
  public Cycles executionCost(long instructions) {
    return scale(BigInteger.valueOf(updateMessageExecutionFee).add(
        BigInteger.valueOf(tenUpdateInstructionsExecutionFee)
            .multiply(BigInteger.valueOf(instructions)).divide(BigInteger.TEN)));
  }

  /** The refund for {@code instructions} prepaid but not used. */
  public Cycles instructionsRefund(long unused) {
    return scale(BigInteger.valueOf(tenUpdateInstructionsExecutionFee)
        .multiply(BigInteger.valueOf(unused)).divide(BigInteger.TEN));
  }

  /** The induction fee of an ingress message of {@code bytes} bytes. */
  public Cycles ingressInductionCost(long bytes) {
    return scale(BigInteger.valueOf(ingressMessageReceptionFee)
        .add(BigInteger.valueOf(ingressByteReceptionFee).multiply(BigInteger.valueOf(bytes))));
  }

  /** The fee for sending a request of {@code bytes} bytes (call and transmission). */
  public Cycles xnetCallCost(long bytes) {
    return scale(BigInteger.valueOf(xnetCallFee)
        .add(BigInteger.valueOf(xnetByteTransmissionFee).multiply(BigInteger.valueOf(bytes))));
  }

  /** The fee for transmitting {@code bytes} bytes (a response). */
  public Cycles xnetTransmissionCost(long bytes) {
    return scale(BigInteger.valueOf(xnetByteTransmissionFee).multiply(BigInteger.valueOf(bytes)));
  }

  /** {@code ic0.cost_call}: a call with a method name and payload of the given sizes. */
  public Cycles callCost(long methodNameSize, long payloadSize) {
    return xnetCallCost(methodNameSize + payloadSize);
  }

  /** {@code ic0.cost_http_request}: (3M + 60K·n)·n + (400·request + 800·max response)·n. */
  public Cycles httpRequestCost(long requestSize, long maxResponseBytes) {
    BigInteger n = BigInteger.valueOf(subnetSize);
    BigInteger base = BigInteger.valueOf(httpRequestLinearBaselineFee)
        .add(BigInteger.valueOf(httpRequestQuadraticBaselineFee).multiply(n)).multiply(n);
    BigInteger bytes = BigInteger.valueOf(httpRequestPerByteFee)
        .multiply(BigInteger.valueOf(requestSize))
        .add(BigInteger.valueOf(httpResponsePerByteFee)
            .multiply(BigInteger.valueOf(maxResponseBytes))).multiply(n);
    return new Cycles(base.add(bytes));
  }

  /** The storage fee for {@code bytes} bytes held for {@code seconds} seconds. */
  public Cycles memoryCost(long bytes, long seconds) {
    return scale(BigInteger.valueOf(bytes).multiply(BigInteger.valueOf(gibStoragePerSecondFee))
        .multiply(BigInteger.valueOf(seconds)).shiftRight(30));
  }

  /** The compute allocation fee for {@code percent} percent during {@code seconds} seconds. */
  public Cycles computeAllocationCost(int percent, long seconds) {
    return scale(BigInteger.valueOf(percent)
        .multiply(BigInteger.valueOf(computePercentAllocatedPerSecondFee))
        .multiply(BigInteger.valueOf(seconds)));
  }

  /**
   * The freezing threshold in cycles ({@code freeze_threshold_cycles}): what the canister burns
   * idle (memory and compute allocation) during {@code thresholdSeconds}, minus its reserved
   * balance (saturating at zero).
   */
  public Cycles freezingThreshold(long memoryBytes, int computePercent, long thresholdSeconds,
      Cycles reserved) {
    Cycles idle = memoryCost(memoryBytes, thresholdSeconds)
        .add(computeAllocationCost(computePercent, thresholdSeconds));
    return idle.saturatingSubtract(reserved);
  }
}
