package org.jicp.candid;

/**
 * A hand-written, excerpt-sized interface in the style of the management canister's {@code ic.did}
 * (IC interface specification): the shapes that matter for a Candid implementation — named types,
 * nested optional records, variants with and without values, blobs, a function reference inside a
 * record, a named service with query methods. The real {@code ic.did} is not part of the shared
 * material and is not copied here.
 */
final class ManagementCanisterExcerpt {
  private ManagementCanisterExcerpt() {}

  static final String DID = """
      // Excerpt in the style of the management canister interface.
      type canister_id = principal;
      type wasm_module = blob;

      type log_visibility = variant {
        controllers;
        public;
        allowed_viewers : vec principal;
      };

      type canister_settings = record {
        controllers : opt vec principal;
        compute_allocation : opt nat;
        memory_allocation : opt nat;
        freezing_threshold : opt nat;
        log_visibility : opt log_visibility;
      };

      type definite_canister_settings = record {
        controllers : vec principal;
        compute_allocation : nat;
        memory_allocation : nat;
        freezing_threshold : nat;
        log_visibility : log_visibility;
      };

      type http_header = record { name : text; value : text };

      type http_request_result = record {
        status : nat;
        headers : vec http_header;
        body : blob;
      };

      type http_request_args = record {
        url : text;
        max_response_bytes : opt nat64;
        method : variant { get; head; post };
        headers : vec http_header;
        body : opt blob;
        transform : opt record {
          function : func (record { response : http_request_result; context : blob })
              -> (http_request_result) query;
          context : blob;
        };
      };

      type canister_install_mode = variant {
        install;
        reinstall;
        upgrade : opt record {
          skip_pre_upgrade : opt bool;
          wasm_memory_persistence : opt variant { keep; replace };
        };
      };

      type install_code_args = record {
        mode : canister_install_mode;
        canister_id : canister_id;
        wasm_module : wasm_module;
        arg : blob;
        sender_canister_version : opt nat64;
      };

      type create_canister_args = record {
        settings : opt canister_settings;
        sender_canister_version : opt nat64;
      };

      type create_canister_result = record { canister_id : canister_id };

      type canister_status_args = record { canister_id : canister_id };

      type canister_status_result = record {
        status : variant { running; stopping; stopped };
        settings : definite_canister_settings;
        module_hash : opt blob;
        memory_size : nat;
        cycles : nat;
        idle_cycles_burned_per_day : nat;
      };

      type canister_log_record = record {
        idx : nat64;
        timestamp_nanos : nat64;
        content : blob;
      };

      type fetch_canister_logs_result = record {
        canister_log_records : vec canister_log_record;
      };

      service ic : {
        create_canister : (create_canister_args) -> (create_canister_result);
        install_code : (install_code_args) -> ();
        canister_status : (canister_status_args) -> (canister_status_result);
        raw_rand : () -> (blob);
        http_request : (http_request_args) -> (http_request_result);
        fetch_canister_logs : (canister_status_args) -> (fetch_canister_logs_result) query;
      };
      """;
}
