;; A small stateful canister for the replicated-execution property tests:
;;   update "inc"      counter += 1, replies the counter (u64 LE)
;;   update "forward"  arg = a canister id (10 bytes): calls its "inc"; the reply callback adds
;;                     the callee's answer to "received" and replies it; the reject callback
;;                     replies 0xEE and the reject code
;;   update "rand"     calls aaaaa-aa raw_rand; the callback folds the 32 bytes into "entropy"
;;   update "boom"     counter += 1000, then traps (everything rolled back)
;;   update "timer"    sets the global timer to now + arg (u64 LE nanoseconds)
;;   global timer      ticks += 1
;;   query  "get"      replies counter, received, entropy, ticks (4 x u64 LE)
;; State: counter at 0, received at 8, entropy at 16, ticks at 24.
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject_code" (func $reject_code (result i32)))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "call_data_append" (func $call_data_append (param i32 i32)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (import "ic0" "global_timer_set" (func $timer_set (param i64) (result i64)))
  (import "ic0" "time" (func $time (result i64)))
  (import "ic0" "trap" (func $trap (param i32 i32)))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) $on_reply $on_reject $on_rand $on_reject)
  (type $callback (func (param i32)))
  (data (i32.const 100) "incraw_randDIDL\00\00boom")

  (func $reply_u64 (param $at i32)
    local.get $at i32.const 8 call $append
    call $reply)

  (func (export "canister_update inc")
    i32.const 0 i32.const 0 i64.load i64.const 1 i64.add i64.store
    i32.const 0 call $reply_u64)

  (func (export "canister_update forward")
    i32.const 200 i32.const 0 i32.const 10 call $arg_copy
    i32.const 200 i32.const 10        ;; callee
    i32.const 100 i32.const 3         ;; "inc"
    i32.const 0 i32.const 0           ;; reply: table 0, env 0
    i32.const 1 i32.const 0           ;; reject: table 1, env 0
    call $call_new
    call $call_perform
    drop)

  (func $on_reply (type $callback)
    i32.const 300 i32.const 0 i32.const 8 call $arg_copy
    i32.const 8 i32.const 8 i64.load i32.const 300 i64.load i64.add i64.store
    i32.const 300 call $reply_u64)

  (func $on_reject (type $callback)
    i32.const 310 i32.const 238 i32.store8
    i32.const 311 call $reject_code i32.store8
    i32.const 310 i32.const 2 call $append
    call $reply)

  (func (export "canister_update rand")
    i32.const 0 i32.const 0           ;; the management canister
    i32.const 103 i32.const 8         ;; "raw_rand"
    i32.const 2 i32.const 0
    i32.const 3 i32.const 0
    call $call_new
    i32.const 111 i32.const 6 call $call_data_append   ;; DIDL 00 00
    call $call_perform
    drop)

  (func $on_rand (type $callback)
    ;; the reply is DIDL 01 6d 7b 01 00 20 <32 bytes>: fold the last 8 bytes into entropy
    i32.const 400 i32.const 0 call $arg_size call $arg_copy
    i32.const 16 i32.const 16 i64.load
    i32.const 400 call $arg_size i32.add i32.const 8 i32.sub i64.load
    i64.xor i64.store
    i32.const 16 call $reply_u64)

  (func (export "canister_update boom")
    i32.const 0 i32.const 0 i64.load i64.const 1000 i64.add i64.store
    i32.const 117 i32.const 4 call $trap)

  (func (export "canister_update timer")
    i32.const 500 i32.const 0 i32.const 8 call $arg_copy
    call $time i32.const 500 i64.load i64.add call $timer_set drop
    i32.const 24 call $reply_u64)

  (func (export "canister_global_timer")
    i32.const 24 i32.const 24 i64.load i64.const 1 i64.add i64.store)

  (func (export "canister_query get")
    i32.const 0 i32.const 32 call $append
    call $reply))
