;; A stateful test canister for snapshots and forks: a counter kept three times (in a mutable
;; global, at heap offset 0 and at stable memory offset 0) and as certified data, so that a
;; snapshot, a load and a fork can be checked on each; "fill" grows the heap to n wasm pages and
;; writes a byte in every 4 KiB page (large canisters for benchmarks); "print" writes its argument
;; to the canister log.
(module
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "stable64_size" (func $stable_size (result i64)))
  (import "ic0" "stable64_grow" (func $stable_grow (param i64) (result i64)))
  (import "ic0" "stable64_write" (func $stable_write (param i64 i64 i64)))
  (import "ic0" "stable64_read" (func $stable_read (param i64 i64 i64)))
  (import "ic0" "certified_data_set" (func $certify (param i32 i32)))
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "debug_print" (func $print (param i32 i32)))
  (memory 1)
  (global $count (mut i64) (i64.const 0))
  ;; replies with v as 8 bytes, little-endian (scratch at 16..24)
  (func $reply_i64 (param $v i64)
    i32.const 16 local.get $v i64.store
    i32.const 16 i32.const 8 call $append
    call $reply)
  (func (export "canister_update inc")
    global.get $count i64.const 1 i64.add global.set $count
    i32.const 0 i32.const 0 i64.load i64.const 1 i64.add i64.store
    call $stable_size i64.eqz
    if i64.const 1 call $stable_grow drop end
    i32.const 16 global.get $count i64.store
    i64.const 0 i64.const 16 i64.const 8 call $stable_write
    i32.const 16 i32.const 8 call $certify
    global.get $count call $reply_i64)
  (func (export "canister_query global") global.get $count call $reply_i64)
  (func (export "canister_query heap") i32.const 0 i64.load call $reply_i64)
  (func (export "canister_query stable")
    call $stable_size i64.eqz
    if i64.const 0 call $reply_i64 return end
    i64.const 16 i64.const 0 i64.const 8 call $stable_read
    i32.const 16 i64.load call $reply_i64)
  (func (export "canister_update fill") (local $n i32) (local $p i32)
    i32.const 24 i32.const 0 i32.const 4 call $arg_copy
    i32.const 24 i32.load local.set $n
    local.get $n memory.size i32.gt_u
    if local.get $n memory.size i32.sub memory.grow drop end
    i32.const 65536 local.set $p
    block $done
      loop $l
        local.get $p local.get $n i32.const 65536 i32.mul i32.ge_u br_if $done
        local.get $p local.get $p i32.store8
        local.get $p i32.const 4096 i32.add local.set $p
        br $l
      end
    end
    memory.size i64.extend_i32_u call $reply_i64)
  (func (export "canister_update print")
    i32.const 32 i32.const 0 call $arg_size call $arg_copy
    i32.const 32 call $arg_size call $print
    i64.const 0 call $reply_i64))
