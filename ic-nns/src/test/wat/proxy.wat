;; Calls any canister: update "call" with the argument
;; [n: u8][callee principal: n bytes][m: u8][method name: m bytes][payload...] calls the method
;; of the callee with the payload (no cycles). It replies 0x00 followed by the reply's bytes, or
;; 0x01, the reject code (one byte) and the reject message. Used by ic-nns's tests: a wasm
;; canister beside the NNS canisters, calling the ledger through the replicated round.
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject_code" (func $reject_code (result i32)))
  (import "ic0" "msg_reject_msg_size" (func $reject_msg_size (result i32)))
  (import "ic0" "msg_reject_msg_copy" (func $reject_msg_copy (param i32 i32 i32)))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "call_data_append" (func $call_data_append (param i32 i32)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (memory 2)
  (table 2 funcref)
  (elem (i32.const 0) $on_reply $on_reject)
  (type $callback (func (param i32)))

  ;; The argument at 1000: n at 1000, callee at 1001, m at 1001 + n, method after it, payload after.
  (func (export "canister_update call") (local $n i32) (local $m i32)
    i32.const 1000 i32.const 0 call $arg_size call $arg_copy
    i32.const 1000 i32.load8_u local.set $n
    i32.const 1001 local.get $n i32.add i32.load8_u local.set $m
    i32.const 1001 local.get $n                              ;; callee
    i32.const 1002 local.get $n i32.add local.get $m         ;; method name
    i32.const 0 i32.const 0
    i32.const 1 i32.const 0
    call $call_new
    i32.const 1002 local.get $n i32.add local.get $m i32.add ;; payload
    call $arg_size i32.const 2 i32.sub local.get $n i32.sub local.get $m i32.sub
    call $call_data_append
    call $call_perform
    drop)

  (func $on_reply (type $callback)
    i32.const 70000 i32.const 0 i32.store8
    i32.const 70001 i32.const 0 call $arg_size call $arg_copy
    i32.const 70000 call $arg_size i32.const 1 i32.add call $append
    call $reply)
  (func $on_reject (type $callback)
    i32.const 70000 i32.const 1 i32.store8
    i32.const 70001 call $reject_code i32.store8
    i32.const 70002 i32.const 0 call $reject_msg_size call $reject_msg_copy
    i32.const 70000 call $reject_msg_size i32.const 2 i32.add call $append
    call $reply))
