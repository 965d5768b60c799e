;; The callee of the call tests: a query "get" replying "42", updates "ping" (replies "pong"),
;; "nope" (rejects with "nope!") and "inc" (replies "inc").
(module
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_reject" (func $reject (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "42pongnope!inc")
  (func $answer (param $at i32) (param $len i32)
    local.get $at local.get $len call $append
    call $reply)
  (func (export "canister_query get") i32.const 0 i32.const 2 call $answer)
  (func (export "canister_update ping") i32.const 2 i32.const 4 call $answer)
  (func (export "canister_update nope") i32.const 6 i32.const 5 call $reject)
  (func (export "canister_update inc") i32.const 11 i32.const 3 call $answer))
