package org.jicp.types;

/**
 * The IC's user-facing error codes ({@code IC0xxx}), as {@code /request_status/<id>/error_code}
 * certifies them and agents print them. The hundreds digit is the {@link RejectCode} the error is
 * reported with (dfinity/ic {@code rs/types/error_types}, "ErrorCode"; interface specification,
 * "Error codes").
 */
public enum ErrorCode {
  /** {@code IC0101}. */
  SUBNET_OVERSUBSCRIBED(101),
  /** {@code IC0102}. */
  MAX_NUMBER_OF_CANISTERS_REACHED(102),
  /** {@code IC0201}. */
  CANISTER_QUEUE_FULL(201),
  /** {@code IC0202}. */
  INGRESS_MESSAGE_TIMEOUT(202),
  /** {@code IC0203}. */
  CANISTER_QUEUE_NOT_EMPTY(203),
  /** {@code IC0204}. */
  INGRESS_HISTORY_FULL(204),
  /** {@code IC0205}. */
  CANISTER_ID_ALREADY_EXISTS(205),
  /** {@code IC0206}. */
  STOP_CANISTER_REQUEST_TIMEOUT(206),
  /** {@code IC0207}. */
  CANISTER_OUT_OF_CYCLES(207),
  /** {@code IC0208}. */
  CERTIFIED_STATE_UNAVAILABLE(208),
  /** {@code IC0209}. */
  CANISTER_INSTALL_CODE_RATE_LIMITED(209),
  /** {@code IC0210}. */
  CANISTER_HEAP_DELTA_RATE_LIMITED(210),
  /** {@code IC0301}. */
  CANISTER_NOT_FOUND(301),
  /** {@code IC0305}. */
  CANISTER_SNAPSHOT_NOT_FOUND(305),
  /** {@code IC0402}. */
  INSUFFICIENT_MEMORY_ALLOCATION(402),
  /** {@code IC0403}. */
  INSUFFICIENT_CYCLES_FOR_CREATE_CANISTER(403),
  /** {@code IC0404}. */
  SUBNET_NOT_FOUND(404),
  /** {@code IC0405}. */
  CANISTER_NOT_HOSTED_BY_SUBNET(405),
  /** {@code IC0406}. */
  CANISTER_REJECTED_MESSAGE(406),
  /** {@code IC0407}. */
  UNKNOWN_MANAGEMENT_MESSAGE(407),
  /** {@code IC0408}. */
  INVALID_MANAGEMENT_PAYLOAD(408),
  /** {@code IC0409}: only snapshots made by metadata upload can be written to. */
  CANISTER_SNAPSHOT_IMMUTABLE(409),
  /** {@code IC0502}. */
  CANISTER_TRAPPED(502),
  /** {@code IC0503}. */
  CANISTER_CALLED_TRAP(503),
  /** {@code IC0504}. */
  CANISTER_CONTRACT_VIOLATION(504),
  /** {@code IC0505}. */
  CANISTER_INVALID_WASM(505),
  /** {@code IC0506}. */
  CANISTER_DID_NOT_REPLY(506),
  /** {@code IC0507}. */
  CANISTER_OUT_OF_MEMORY(507),
  /** {@code IC0508}. */
  CANISTER_STOPPED(508),
  /** {@code IC0509}. */
  CANISTER_STOPPING(509),
  /** {@code IC0510}. */
  CANISTER_NOT_STOPPED(510),
  /** {@code IC0511}. */
  CANISTER_STOPPING_CANCELLED(511),
  /** {@code IC0512}. */
  CANISTER_INVALID_CONTROLLER(512),
  /** {@code IC0513}. */
  CANISTER_FUNCTION_NOT_FOUND(513),
  /** {@code IC0514}. */
  CANISTER_NON_EMPTY(514),
  /** {@code IC0517}. */
  QUERY_CALL_GRAPH_LOOP_DETECTED(517),
  /** {@code IC0520}. */
  INSUFFICIENT_CYCLES_IN_CALL(520),
  /** {@code IC0521}. */
  CANISTER_WASM_ENGINE_ERROR(521),
  /** {@code IC0522}. */
  CANISTER_INSTRUCTION_LIMIT_EXCEEDED(522),
  /** {@code IC0524}. */
  CANISTER_MEMORY_ACCESS_LIMIT_EXCEEDED(524),
  /** {@code IC0525}. */
  QUERY_CALL_GRAPH_TOO_DEEP(525),
  /** {@code IC0526}. */
  QUERY_CALL_GRAPH_TOTAL_INSTRUCTION_LIMIT_EXCEEDED(526),
  /** {@code IC0527}. */
  COMPOSITE_QUERY_CALLED_IN_REPLICATED_MODE(527),
  /** {@code IC0528}. */
  QUERY_TIME_LIMIT_EXCEEDED(528),
  /** {@code IC0529}. */
  QUERY_CALL_GRAPH_INTERNAL(529),
  /** {@code IC0530}. */
  INSUFFICIENT_CYCLES_IN_COMPUTE_ALLOCATION(530),
  /** {@code IC0531}. */
  INSUFFICIENT_CYCLES_IN_MEMORY_ALLOCATION(531),
  /** {@code IC0532}. */
  INSUFFICIENT_CYCLES_IN_MEMORY_GROW(532),
  /** {@code IC0533}. */
  RESERVED_CYCLES_LIMIT_EXCEEDED_IN_MEMORY_ALLOCATION(533),
  /** {@code IC0534}. */
  RESERVED_CYCLES_LIMIT_EXCEEDED_IN_MEMORY_GROW(534),
  /** {@code IC0535}. */
  INSUFFICIENT_CYCLES_IN_MESSAGE_MEMORY_GROW(535),
  /** {@code IC0536}. */
  CANISTER_METHOD_NOT_FOUND(536),
  /** {@code IC0537}. */
  CANISTER_WASM_MODULE_NOT_FOUND(537),
  /** {@code IC0538}. */
  CANISTER_ALREADY_INSTALLED(538),
  /** {@code IC0539}. */
  CANISTER_WASM_MEMORY_LIMIT_EXCEEDED(539),
  /** {@code IC0601}. */
  DEADLINE_EXPIRED(601),
  /** {@code IC0602}. */
  RESPONSE_DROPPED(602);

  private final int number;

  ErrorCode(int number) {
    this.number = number;
  }

  /** The number, e.g. 503. */
  public int number() {
    return number;
  }

  /** The reject code this error is reported with: its hundreds digit. */
  public RejectCode rejectCode() {
    return RejectCode.of(number / 100);
  }

  /** The text form the IC certifies, e.g. {@code IC0503}. */
  public String text() {
    return String.format("IC%04d", number);
  }

  /** The code with text {@code text} ({@code IC0503}). */
  public static ErrorCode fromText(String text) {
    for (ErrorCode c : values()) {
      if (c.text().equals(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no error code " + text);
  }

  /** The code with number {@code n}. */
  public static ErrorCode of(int n) {
    for (ErrorCode c : values()) {
      if (c.number == n) {
        return c;
      }
    }
    throw new IllegalArgumentException("no error code " + n);
  }

  /** {@link #text()}. */
  @Override
  public String toString() {
    return text();
  }
}
