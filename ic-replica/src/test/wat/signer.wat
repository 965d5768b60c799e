;; A canister that signs as Internet Identity does (interface specification, "Canister
;; signatures"): the caller computes the tree holding /sig/<sha256(seed)>/<sha256(message)>,
;; `certify` stores its root hash (the argument, raw bytes) as certified data, and the query
;; `certificate` answers ic0.data_certificate (the subnet's certificate of that data) for the
;; signature {certificate, tree}. `whoami` (query) and `whoami_update` answer the caller, Candid
;; (principal).
;; Built into ../resources/org/jicp/replica/http/signer.wasm by ./build.sh (wabt's wat2wasm).
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_caller_size" (func $caller_size (result i32)))
  (import "ic0" "msg_caller_copy" (func $caller_copy (param i32 i32 i32)))
  (import "ic0" "certified_data_set" (func $certify (param i32 i32)))
  (import "ic0" "data_certificate_present" (func $cert_present (result i32)))
  (import "ic0" "data_certificate_size" (func $cert_size (result i32)))
  (import "ic0" "data_certificate_copy" (func $cert_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "trap" (func $trap (param i32 i32)))
  (memory 2)
  (data (i32.const 0) "no data certificate")
  (data (i32.const 32) "DIDL\00\01\68\01")
  (func (export "canister_update certify") (local $n i32)
    call $arg_size
    local.set $n
    (call $arg_copy (i32.const 1024) (i32.const 0) (local.get $n))
    (call $certify (i32.const 1024) (local.get $n))
    call $reply)
  (func (export "canister_query certificate") (local $n i32)
    call $cert_present
    i32.eqz
    if
      (call $trap (i32.const 0) (i32.const 19))
    end
    call $cert_size
    local.set $n
    (call $cert_copy (i32.const 1024) (i32.const 0) (local.get $n))
    (call $append (i32.const 1024) (local.get $n))
    call $reply)
  (func $whoami (local $n i32)
    call $caller_size
    local.set $n
    ;; DIDL, no types, one value of type principal (0x68), tag 1, length (< 128), bytes
    (i32.store8 (i32.const 40) (local.get $n))
    (call $caller_copy (i32.const 41) (i32.const 0) (local.get $n))
    (call $append (i32.const 32) (i32.add (i32.const 9) (local.get $n)))
    call $reply)
  (export "canister_query whoami" (func $whoami))
  (export "canister_update whoami_update" (func $whoami)))
