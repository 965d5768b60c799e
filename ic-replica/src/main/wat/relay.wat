;; The demo's relay canister, installed on application subnet 2 by `jicp demo`: it calls the
;; counter canister wherever that lives (another subnet: the call and its answer travel in the
;; subnets' certified streams).
;; Candid: service : { inc_on : (principal) -> (nat64) }
;;   update "inc_on"  arg = Candid (principal) naming a counter canister; calls its "inc" with ()
;;                    and replies the counter's answer unchanged (Candid nat64); a rejected call
;;                    is rejected with "relay: the call was rejected"; another argument traps.
(module
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject" (func $reject (param i32 i32)))
  (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "ic0" "call_data_append" (func $call_data_append (param i32 i32)))
  (import "ic0" "call_perform" (func $call_perform (result i32)))
  (import "ic0" "trap" (func $trap (param i32 i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $on_reply $on_reject)
  (type $callback (func (param i32)))
  ;; 0: "inc"; 3: the empty Candid argument "DIDL\00\00"; 9: the expected argument prefix
  ;; "DIDL", no types, one value of type principal (0x68), tag 1 (id follows);
  ;; 32, 80, 112: messages
  (data (i32.const 0) "incDIDL\00\00DIDL\00\01\68\01")
  (data (i32.const 32) "relay: expected the argument (principal)")
  (data (i32.const 80) "relay: the call was rejected")
  (data (i32.const 112) "relay: call_perform failed")

  (func $bad_arg
    i32.const 32 i32.const 40 call $trap)

  (func (export "canister_update inc_on")
    (local $n i32) (local $len i32)
    call $arg_size local.set $n
    ;; 9 bytes of prefix and length, then at most 29 bytes of id
    local.get $n i32.const 9 i32.lt_u
    local.get $n i32.const 38 i32.gt_u
    i32.or
    if call $bad_arg end
    i32.const 200 i32.const 0 local.get $n call $arg_copy
    ;; the 8-byte prefix must match
    i32.const 200 i64.load i32.const 9 i64.load i64.ne
    if call $bad_arg end
    ;; one-byte LEB128 length, and nothing after the id
    i32.const 208 i32.load8_u local.set $len
    local.get $len i32.const 9 i32.add local.get $n i32.ne
    if call $bad_arg end
    i32.const 209 local.get $len     ;; callee
    i32.const 0 i32.const 3          ;; "inc"
    i32.const 0 i32.const 0          ;; reply: table 0, env 0
    i32.const 1 i32.const 0          ;; reject: table 1, env 0
    call $call_new
    i32.const 3 i32.const 6 call $call_data_append
    call $call_perform
    if i32.const 112 i32.const 26 call $trap end)

  (func $on_reply (type $callback)
    (local $n i32)
    call $arg_size local.set $n
    local.get $n i32.const 256 i32.gt_u
    if i32.const 80 i32.const 28 call $reject return end
    i32.const 400 i32.const 0 local.get $n call $arg_copy
    i32.const 400 local.get $n call $append
    call $reply)

  (func $on_reject (type $callback)
    i32.const 80 i32.const 28 call $reject))
