package org.jicp.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.ErrorCode;
import org.jicp.types.MessageId;
import org.jicp.wasm.execution.ManagementApi;

/**
 * Management canister calls for tests: as ingress messages (the answer with the error code the
 * ingress history records, or the ingress filter's reject) and from a canister ({@code
 * management_proxy.wat}, which relays a call and answers 0x00 + reply or 0x01 + code + message).
 */
public final class ManagementCalls {
  private ManagementCalls() {}

  /**
   * An answer.
   *
   * @param reply the reply, if replied
   * @param code the reject code (0 if replied)
   * @param error the error code, if known (ingress rejects recorded in the history)
   * @param message the reject message ("" if replied)
   * @param filtered whether the ingress filter refused the message (it never entered a block)
   */
  public record Answer(Optional<byte[]> reply, int code, Optional<ErrorCode> error,
      String message, boolean filtered) {
    /** The reply bytes; fails the test if rejected. */
    public byte[] replied() {
      assertThat(reply).as("expected a reply, got reject %s %s %s", code, error, message)
          .isPresent();
      return reply.get();
    }

    /** "code message" of a reject; fails the test if replied. */
    public String rejected() {
      assertThat(reply).as("expected a reject").isEmpty();
      return code + " " + message;
    }

    /** "code IC0xxx message" of a reject with its error code. */
    public String rejectedWithError() {
      assertThat(reply).as("expected a reject").isEmpty();
      return code + " " + error.map(ErrorCode::text).orElse("-") + " " + message;
    }
  }

  /** Management method {@code method} as an ingress message of {@code caller}. */
  public static Answer ingress(Subnet s, Principal caller, CanisterId effective, String method,
      byte[] arg) {
    Set<MessageId> before = new HashSet<>(s.state().metadata().ingressHistory().asMap()
        .keySet());
    CallResult r = s.callManagement(method, arg, effective, caller);
    IngressStatus st = null;
    for (var e : s.state().metadata().ingressHistory().asMap().entrySet()) {
      if (!before.contains(e.getKey())) {
        st = e.getValue();
      }
    }
    if (r instanceof CallResult.Reply rep) {
      return new Answer(Optional.of(rep.data().toByteArray()), 0, Optional.empty(), "", false);
    }
    CallResult.Reject j = (CallResult.Reject) r;
    if (st == null) {
      return new Answer(Optional.empty(), j.code().code(), Optional.empty(), j.message(), true);
    }
    return new Answer(Optional.empty(), (int) st.rejectCode(), st.errorCode(),
        st.rejectMessage().orElseThrow(), false);
  }

  /** Management method {@code method} with an argument record, as an ingress message. */
  public static Answer ingress(Subnet s, Principal caller, CanisterId effective, String method,
      Object arg) {
    return ingress(s, caller, effective, method, ManagementApi.encode(arg));
  }

  /** A canister that relays management calls ({@code management_proxy.wat}). */
  public static CanisterId proxy(Subnet s) {
    CanisterId id = s.createCanister();
    assertThat(s.install(id, TestModules.wasm("management_proxy"), new byte[0],
        InstallMode.INSTALL)).hasToString("reply 0x");
    return id;
  }

  /** Management method {@code method} called by canister {@code proxy} with {@code cycles}. */
  public static Answer fromCanister(Subnet s, CanisterId proxy, long cycles, String method,
      byte[] payload) {
    ByteArrayOutputStream arg = new ByteArrayOutputStream();
    arg.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(cycles)
        .array());
    arg.write(method.length());
    arg.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
    arg.writeBytes(payload);
    CallResult r = s.update(proxy, "call", arg.toByteArray());
    assertThat(r).as(r.toString()).isInstanceOf(CallResult.Reply.class);
    byte[] a = ((CallResult.Reply) r).data().toByteArray();
    if (a[0] == 0) {
      return new Answer(Optional.of(Arrays.copyOfRange(a, 1, a.length)), 0, Optional.empty(),
          "", false);
    }
    return new Answer(Optional.empty(), a[1], Optional.empty(),
        new String(a, 2, a.length - 2, StandardCharsets.UTF_8), false);
  }

  /** {@link #fromCanister} with an argument record and no cycles. */
  public static Answer fromCanister(Subnet s, CanisterId proxy, String method, Object arg) {
    return fromCanister(s, proxy, 0, method, ManagementApi.encode(arg));
  }
}
