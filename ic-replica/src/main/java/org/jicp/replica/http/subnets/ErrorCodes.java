package org.jicp.replica.http.subnets;

import org.jicp.types.ErrorCode;
import org.jicp.types.RejectCode;

/**
 * The error code ({@code IC0xxx}) of a reject that {@code org.jicp.wasm.Subnet} reports with a
 * code and a message only: read from the message where its wording says which error it is,
 * otherwise the usual code of the reject code. Temporary, like {@link SubnetsBackend}: replicated
 * execution will carry error codes itself.
 */
final class ErrorCodes {
  private ErrorCodes() {}

  static ErrorCode of(RejectCode code, String message) {
    ErrorCode e = byMessage(message);
    if (e != null && e.rejectCode() == code) {
      return e;
    }
    return switch (code) {
      case SYS_FATAL, SYS_UNKNOWN -> firstOf(code);
      case SYS_TRANSIENT -> ErrorCode.CANISTER_OUT_OF_CYCLES;
      case DESTINATION_INVALID -> ErrorCode.CANISTER_NOT_FOUND;
      case CANISTER_REJECT -> ErrorCode.CANISTER_REJECTED_MESSAGE;
      case CANISTER_ERROR -> ErrorCode.CANISTER_TRAPPED;
    };
  }

  private static ErrorCode firstOf(RejectCode code) {
    for (ErrorCode e : ErrorCode.values()) {
      if (e.rejectCode() == code) {
        return e;
      }
    }
    return ErrorCode.CANISTER_TRAPPED;
  }

  private static ErrorCode byMessage(String m) {
    if (m.contains("trapped explicitly")) {
      return ErrorCode.CANISTER_CALLED_TRAP;
    } else if (m.contains("did not reply")) {
      return ErrorCode.CANISTER_DID_NOT_REPLY;
    } else if (m.contains("has no update method") || m.contains("has no query method")) {
      return ErrorCode.CANISTER_METHOD_NOT_FOUND;
    } else if (m.contains("contains no Wasm module")) {
      return ErrorCode.CANISTER_WASM_MODULE_NOT_FOUND;
    } else if (m.contains("is stopped")) {
      return ErrorCode.CANISTER_STOPPED;
    } else if (m.contains("is stopping")) {
      return ErrorCode.CANISTER_STOPPING;
    } else if (m.contains("Only the controllers")) {
      return ErrorCode.CANISTER_INVALID_CONTROLLER;
    } else if (m.contains("instruction limit") || m.contains("instructions limit")) {
      return ErrorCode.CANISTER_INSTRUCTION_LIMIT_EXCEEDED;
    } else if (m.contains("out of cycles")) {
      return ErrorCode.CANISTER_OUT_OF_CYCLES;
    } else if (m.contains("not found")) {
      return ErrorCode.CANISTER_NOT_FOUND;
    } else if (m.contains("canister_inspect_message")) {
      return ErrorCode.CANISTER_REJECTED_MESSAGE;
    } else if (m.contains("trapped")) {
      return ErrorCode.CANISTER_TRAPPED;
    }
    return null;
  }
}
