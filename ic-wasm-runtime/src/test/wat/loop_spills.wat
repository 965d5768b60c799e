;; Loops entered with values on the operand stack: the instrumentation moves such values into
;; locals around the loop (LoopSpills) so that the JVM can compile the loop by on-stack
;; replacement. Each export computes a known answer that the spills must not change.
(module
  (memory 1)
  (type $i2i (func (param i32) (result i32)))

  ;; 1000 + (0 + 1 + ... + (n-1)), with 1000 pushed before the loop.
  (func (export "below") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    i32.const 1000
    loop $l
      local.get $acc local.get $i i32.add local.set $acc
      local.get $i i32.const 1 i32.add local.tee $i
      local.get $n i32.lt_u
      br_if $l
    end
    local.get $acc
    i32.add)

  ;; Values of four types below an if (with a result) whose then-arm is a loop with a result:
  ;; n > 0 -> 7*2 + n + 3, n = 0 -> 7*2 - 1 + 3.
  (func (export "mixed") (param $n i64) (result i64) (local $i i64)
    i64.const 7
    f64.const 2.5
    f32.const 1.5
    i32.const 3
    local.get $n i64.const 0 i64.ne
    if (result i64)
      loop $l (result i64)
        local.get $i i64.const 1 i64.add local.tee $i
        local.get $i local.get $n i64.lt_u
        br_if $l
      end
    else
      i64.const -1
    end
    local.set $i
    i64.extend_i32_u local.get $i i64.add local.set $i
    drop
    i64.trunc_f64_s
    i64.mul
    local.get $i
    i64.add)

  ;; A value outside a block, another inside it, then the loop: 5 * (6 + n).
  (func (export "nested") (param $n i32) (result i32) (local $i i32)
    i32.const 5
    block $b (result i32)
      i32.const 6
      loop $l
        local.get $i i32.const 1 i32.add local.tee $i
        local.get $n i32.lt_u
        br_if $l
      end
      local.get $i
      i32.add
    end
    i32.mul)

  ;; return and a branch out of the loop with the spilled value still below:
  ;; n < 50 -> 100 + n; otherwise returns 50 from inside the loop.
  (func (export "early") (param $n i32) (result i32) (local $i i32)
    i32.const 100
    block $out
      loop $l
        local.get $i i32.const 1 i32.add local.tee $i
        i32.const 50 i32.eq
        if local.get $i return end
        local.get $i local.get $n i32.ge_u
        br_if $out
        br $l
      end
    end
    local.get $i
    i32.add)

  ;; A block with a parameter around the loop is left as it is (correct, not spilled):
  ;; 2 * (n + 1) for n >= 1.
  (func (export "param") (param $n i32) (result i32) (local $i i32)
    i32.const 2
    local.get $n
    block (type $i2i) (param i32) (result i32)
      loop $l
        local.get $i i32.const 1 i32.add local.tee $i
        local.get $n i32.lt_u
        br_if $l
      end
      i32.const 1 i32.add
    end
    i32.mul)

  ;; Motoko's `loop { i +%= 1 }`: a value tee'd and never consumed, a loop that never ends.
  (func (export "forever") (param $k i32) (result i32) (local $i i64)
    local.get $k
    local.tee $k
    i64.const 0
    local.set $i
    loop $l
      local.get $i i64.const 1 i64.add local.set $i
      br $l
    end
    unreachable))
