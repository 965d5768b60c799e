;; Calls the management canister (aaaaa-aa): update "call" with the argument
;; [cycles: u64 LE][n: u8][method name: n bytes][Candid payload...] attaches the cycles and
;; calls the method with the payload. It replies 0x00 followed by the reply's bytes, or 0x01,
;; the reject code (one byte) and the reject message.
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
  (import "ic0" "call_cycles_add" (func $call_cycles_add (param i64)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $on_reply $on_reject)
  (type $callback (func (param i32)))

  ;; The argument at 1000: cycles at 1000, n at 1008, name at 1009, payload after it.
  (func (export "canister_update call") (local $n i32)
    i32.const 1000 i32.const 0 call $arg_size call $arg_copy
    i32.const 1008 i32.load8_u local.set $n
    i32.const 0 i32.const 0           ;; callee: the empty principal
    i32.const 1009 local.get $n       ;; method name
    i32.const 0 i32.const 0
    i32.const 1 i32.const 0
    call $call_new
    i32.const 1009 local.get $n i32.add
    call $arg_size i32.const 9 i32.sub local.get $n i32.sub
    call $call_data_append
    i32.const 1000 i64.load call $call_cycles_add
    call $call_perform
    drop)

  (func $on_reply (type $callback)
    i32.const 5000 i32.const 0 i32.store8
    i32.const 5001 i32.const 0 call $arg_size call $arg_copy
    i32.const 5000 call $arg_size i32.const 1 i32.add call $append
    call $reply)
  (func $on_reject (type $callback)
    i32.const 5000 i32.const 1 i32.store8
    i32.const 5001 call $reject_code i32.store8
    i32.const 5002 i32.const 0 call $reject_msg_size call $reject_msg_copy
    i32.const 5000 call $reject_msg_size i32.const 2 i32.add call $append
    call $reply))
