package org.jicp.wasm.internal.exec;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jicp.wasm.ApiContext;

/**
 * The ic0 functions this runtime provides: wasm32 signature (interface specification, "Overview
 * of imports"; {@code dfinity/cdk-rs:ic0/ic0.txt}), the contexts in which each is available, and
 * its fixed instruction overhead ({@code rs/embedders/src/wasmtime_embedder/
 * system_api_complexity.rs}, {@code overhead::new}).
 */
public final class Ic0 {
  /**
   * One function: name, params and results as strings of {@code i} (i32), {@code I} (i64) and
   * {@code P} (the spec's {@code I}: i32 in a wasm32 module, i64 in a wasm64 module).
   */
  public record Function(String name, String params, String results, Set<ApiContext> contexts,
      long overhead) {}

  private static final Map<String, Function> ALL = new LinkedHashMap<>();

  private Ic0() {}

  private static Set<ApiContext> ctx(String spec) {
    EnumSet<ApiContext> s = EnumSet.noneOf(ApiContext.class);
    for (String t : spec.trim().split("\\s+")) {
      switch (t) {
        case "*" -> {
          s.addAll(EnumSet.allOf(ApiContext.class));
          s.remove(ApiContext.START);
        }
        case "s" -> s.add(ApiContext.START);
        case "Q" -> {
          s.add(ApiContext.REPLICATED_QUERY);
          s.add(ApiContext.NON_REPLICATED_QUERY);
        }
        default -> {
          boolean found = false;
          for (ApiContext c : ApiContext.values()) {
            if (c.letter().equals(t)) {
              s.add(c);
              found = true;
            }
          }
          if (!found && !t.equals("TQ")) {
            throw new IllegalStateException("unknown context " + t);
          }
        }
      }
    }
    return s;
  }

  private static void def(String name, String params, String results, String contexts,
      long overhead) {
    ALL.put(name, new Function(name, params, results, ctx(contexts), overhead));
  }

  static {
    String argCtx = "I U RQ NRQ TQ CQ Ry CRy F";
    def("msg_arg_data_size", "", "P", argCtx, 500);
    def("msg_arg_data_copy", "PPP", "", argCtx, 500);
    def("msg_caller_size", "", "P", "*", 500);
    def("msg_caller_copy", "PPP", "", "*", 500);
    String infoCtx = "U RQ NRQ CQ Ry Rt CRy CRt C CC F";
    def("msg_caller_info_data_size", "", "P", infoCtx, 500);
    def("msg_caller_info_data_copy", "PPP", "", infoCtx, 500);
    def("msg_caller_info_signer_size", "", "P", infoCtx, 500);
    def("msg_caller_info_signer_copy", "PPP", "", infoCtx, 500);
    def("msg_reject_code", "", "i", "Ry Rt CRy CRt C CC", 500);
    def("msg_reject_msg_size", "", "P", "Rt CRt", 500);
    def("msg_reject_msg_copy", "PPP", "", "Rt CRt", 500);
    def("msg_deadline", "", "I", "U Q CQ Ry Rt CRy CRt", 500);
    String replyCtx = "U RQ NRQ TQ CQ Ry Rt CRy CRt";
    def("msg_reply_data_append", "PP", "", replyCtx, 500);
    def("msg_reply", "", "", replyCtx, 500);
    def("msg_reject", "PP", "", replyCtx, 500);
    def("msg_method_name_size", "", "P", "F", 500);
    def("msg_method_name_copy", "PPP", "", "F", 500);
    def("accept_message", "", "", "F", 500);
    def("msg_cycles_available", "", "I", "U RQ Rt Ry", 500);
    def("msg_cycles_available128", "P", "", "U RQ Rt Ry", 500);
    def("msg_cycles_refunded", "", "I", "Rt Ry", 500);
    def("msg_cycles_refunded128", "P", "", "Rt Ry", 500);
    def("msg_cycles_accept", "I", "I", "U RQ Rt Ry", 500);
    def("msg_cycles_accept128", "IIP", "", "U RQ Rt Ry", 500);
    def("cycles_burn128", "IIP", "", "I G U RQ Ry Rt C T", 500);
    def("canister_self_size", "", "P", "*", 500);
    def("canister_self_copy", "PPP", "", "*", 500);
    def("canister_cycle_balance", "", "I", "*", 500);
    def("canister_cycle_balance128", "P", "", "*", 500);
    def("canister_liquid_cycle_balance128", "P", "", "*", 500);
    def("canister_status", "", "i", "*", 500);
    def("canister_version", "", "I", "*", 500);
    def("subnet_self_size", "", "P", "*", 500);
    def("subnet_self_copy", "PPP", "", "*", 500);
    def("subnet_self_node_count", "", "i", "*", 500);
    String callCtx = "U CQ Ry Rt CRy CRt T";
    def("call_new", "PPPPPPPP", "", callCtx, 1500);
    def("call_on_cleanup", "PP", "", callCtx, 500);
    def("call_data_append", "PP", "", callCtx, 500);
    def("call_with_best_effort_response", "i", "", callCtx, 500);
    def("call_cycles_add", "I", "", "U Ry Rt T", 500);
    def("call_cycles_add128", "II", "", "U Ry Rt T", 500);
    def("call_perform", "", "i", callCtx, 5000);
    def("stable_size", "", "i", "* s", 20);
    def("stable_grow", "i", "i", "* s", 500);
    def("stable_write", "iii", "", "* s", 20);
    def("stable_read", "iii", "", "* s", 20);
    def("stable64_size", "", "I", "* s", 20);
    def("stable64_grow", "I", "I", "* s", 500);
    def("stable64_write", "III", "", "* s", 20);
    def("stable64_read", "III", "", "* s", 20);
    def("root_key_size", "", "P", "I G U RQ Ry Rt C T", 500);
    def("root_key_copy", "PPP", "", "I G U RQ Ry Rt C T", 500);
    def("certified_data_set", "PP", "", "I G U Ry Rt T", 500);
    def("data_certificate_present", "", "i", "*", 500);
    def("data_certificate_size", "", "P", "NRQ CQ", 500);
    def("data_certificate_copy", "PPP", "", "NRQ CQ", 500);
    def("time", "", "I", "*", 500);
    def("global_timer_set", "I", "I", "I G U Ry Rt C T", 500);
    def("performance_counter", "i", "I", "* s", 200);
    def("is_controller", "PP", "i", "* s", 1000);
    def("in_replicated_execution", "", "i", "* s", 500);
    def("cost_call", "IIP", "", "* s", 500);
    def("cost_create_canister", "P", "", "* s", 500);
    def("cost_http_request", "IIP", "", "* s", 500);
    def("cost_sign_with_ecdsa", "PPiP", "i", "* s", 500);
    def("cost_sign_with_schnorr", "PPiP", "i", "* s", 500);
    def("cost_vetkd_derive_key", "PPiP", "i", "* s", 500);
    def("env_var_count", "", "P", "*", 500);
    def("env_var_name_size", "P", "P", "*", 500);
    def("env_var_name_copy", "PPPP", "", "*", 500);
    def("env_var_name_exists", "PP", "i", "*", 500);
    def("env_var_value_size", "PP", "P", "*", 500);
    def("env_var_value_copy", "PPPPP", "", "*", 500);
    def("debug_print", "PP", "", "* s", 100);
    def("trap", "PP", "", "* s", 500);
  }

  /**
   * The functions a wasm64 module may not import ({@code get_valid_system_apis_32_only} of
   * {@code rs/embedders/src/wasm_utils/validation.rs}): the 64-bit cycles and 32-bit stable memory
   * APIs.
   */
  public static final java.util.Set<String> WASM32_ONLY = java.util.Set.of("call_cycles_add",
      "stable_size", "stable_grow", "stable_read", "stable_write", "canister_cycle_balance",
      "msg_cycles_available", "msg_cycles_refunded", "msg_cycles_accept");

  /** The value types of a signature string in a wasm32 or wasm64 module (i32 0x7F, i64 0x7E). */
  public static byte[] types(String sig, boolean wasm64) {
    byte[] b = new byte[sig.length()];
    for (int i = 0; i < b.length; i++) {
      char c = sig.charAt(i);
      b[i] = c == 'i' || (c == 'P' && !wasm64) ? (byte) 0x7F : (byte) 0x7E;
    }
    return b;
  }

  /** The function {@code name}, or null if ic0 has none. */
  public static Function get(String name) {
    return ALL.get(name);
  }

  /** All functions, in table order. */
  public static Iterable<Function> all() {
    return ALL.values();
  }
}
