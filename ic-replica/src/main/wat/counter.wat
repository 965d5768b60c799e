;; The demo's counter canister, installed on application subnet 1 by `jicp demo`.
;; Candid: service : { inc : () -> (nat64); get : () -> (nat64) query }
;;   update "inc"  counter += 1; replies the new value as Candid (nat64)
;;   query  "get"  replies the counter as Candid (nat64)
;; Arguments are not read. State: the counter (u64) at address 0.
(module
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (memory 1)
  ;; the reply: "DIDL", no types, one value of type nat64 (0x78), then 8 bytes little-endian
  (data (i32.const 16) "DIDL\00\01\78")

  (func $reply_counter
    i32.const 23 i32.const 0 i64.load i64.store
    i32.const 16 i32.const 15 call $append
    call $reply)

  (func (export "canister_update inc")
    i32.const 0 i32.const 0 i64.load i64.const 1 i64.add i64.store
    call $reply_counter)

  (func (export "canister_query get")
    call $reply_counter))
