;; call_on_cleanup: "go_reply" / "go_reject" (argument: the callee's id) set X, then call the
;; callee's "ping" / "nope" with a cleanup callback. The reply and reject callbacks set Y and
;; trap; the cleanup callback records the Y it sees in SEEN and its env (7) in Z. The query
;; "read" replies the 16 bytes X, Y, Z, SEEN (little-endian i32 each).
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "call_on_cleanup" (func $call_on_cleanup (param i32 i32)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (import "ic0" "trap" (func $trap (param i32 i32)))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) $on_reply $on_reject $cleanup)
  (type $callback (func (param i32)))
  ;; X at 0, Y at 4, Z at 8, SEEN at 12; names at 100; the callee id at 200.
  (data (i32.const 100) "pingnopereply callback trapsreject callback traps")

  (func $call (param $name i32) (param $len i32)
    i32.const 0 i32.const 1 i32.store
    i32.const 200 i32.const 0 call $arg_size call $arg_copy
    i32.const 200 call $arg_size
    local.get $name local.get $len
    i32.const 0 i32.const 0   ;; reply: table 0, env 0
    i32.const 1 i32.const 0   ;; reject: table 1, env 0
    call $call_new
    i32.const 2 i32.const 7 call $call_on_cleanup
    call $call_perform
    drop)
  (func (export "canister_update go_reply") i32.const 100 i32.const 4 call $call)
  (func (export "canister_update go_reject") i32.const 104 i32.const 4 call $call)

  (func $on_reply (type $callback)
    i32.const 4 i32.const 1 i32.store
    i32.const 108 i32.const 20 call $trap)
  (func $on_reject (type $callback)
    i32.const 4 i32.const 2 i32.store
    i32.const 128 i32.const 21 call $trap)
  (func $cleanup (type $callback)
    i32.const 12 i32.const 4 i32.load i32.store
    i32.const 8 local.get 0 i32.store)

  (func (export "canister_query read")
    i32.const 0 i32.const 16 call $append
    call $reply))
