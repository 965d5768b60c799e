;; A test canister whose install hooks run long (deterministic time slicing of install_code):
;; canister_init and canister_post_upgrade spin n iterations, n being the 4-byte little-endian
;; install argument, and keep the accumulator and ic0.performance_counter(0) at its end at heap
;; offsets 16 and 24; the query "result" replies with those 16 bytes.
(module
  (import "ic0" "msg_arg_data_copy" (func $arg_copy (param i32 i32 i32)))
  (import "ic0" "msg_arg_data_size" (func $arg_size (result i32)))
  (import "ic0" "msg_reply_data_append" (func $append (param i32 i32)))
  (import "ic0" "msg_reply" (func $reply))
  (import "ic0" "performance_counter" (func $perf (param i32) (result i64)))
  (memory 1)
  (func $spin (local $n i32) (local $i i32) (local $acc i64)
    i32.const 0 i32.const 0 call $arg_size call $arg_copy
    i32.const 0 i32.load local.set $n
    block $done
      loop $l
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $acc i64.const 31 i64.mul local.get $i i64.extend_i32_u i64.add local.set $acc
        local.get $i i32.const 1 i32.add local.set $i
        br $l
      end
    end
    i32.const 16 local.get $acc i64.store
    i32.const 24 i32.const 0 call $perf i64.store)
  (func (export "canister_init") call $spin)
  (func (export "canister_post_upgrade") call $spin)
  (func (export "canister_query result") i32.const 16 i32.const 16 call $append call $reply))
