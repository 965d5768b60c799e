;; Composite queries (argument: the callee's id). "combine" calls the callee's query "get" and
;; replies "callee says " followed by its reply; "try_update" calls the callee's update "inc"
;; and replies the reject it gets: code (one byte) then message. Any reject of "combine"'s call
;; is answered the same way.
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject_code" (func $reject_code (result i32)))
  (import "ic0" "msg_reject_msg_size" (func $reject_msg_size (result i32)))
  (import "ic0" "msg_reject_msg_copy" (func $reject_msg_copy (param i32 i32 i32)))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $got $failed)
  (type $callback (func (param i32)))
  ;; names at 100; the callee id at 200; replies built at 1000.
  (data (i32.const 100) "getinccallee says ")

  (func $call (param $name i32) (param $len i32)
    i32.const 200 i32.const 0 call $arg_size call $arg_copy
    i32.const 200 call $arg_size
    local.get $name local.get $len
    i32.const 0 i32.const 0
    i32.const 1 i32.const 0
    call $call_new
    call $call_perform
    drop)
  (func (export "canister_composite_query combine") i32.const 100 i32.const 3 call $call)
  (func (export "canister_composite_query try_update") i32.const 103 i32.const 3 call $call)

  (func $got (type $callback)
    i32.const 106 i32.const 12 call $append
    i32.const 1000 i32.const 0 call $arg_size call $arg_copy
    i32.const 1000 call $arg_size call $append
    call $reply)
  (func $failed (type $callback)
    i32.const 1000 call $reject_code i32.store8
    i32.const 1001 i32.const 0 call $reject_msg_size call $reject_msg_copy
    i32.const 1000 call $reject_msg_size i32.const 1 i32.add call $append
    call $reply))
