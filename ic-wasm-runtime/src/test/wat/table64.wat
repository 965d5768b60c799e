;; table64 rules (the memory64 proposal: i64 table indices for call_indirect, table.get,
;; table.size and element offsets) for MemoryLoweringTest.
(module
  (type $t (func (param i64) (result i64)))
  (table $tab i64 4 funcref)
  (elem (table $tab) (i64.const 1) func $double $inc)
  (memory i64 1)
  (func $double (type $t) (i64.mul (local.get 0) (i64.const 2)))
  (func $inc (type $t) (i64.add (local.get 0) (i64.const 1)))
  (func (export "dispatch") (param $i i64) (param $x i64) (result i64)
    (call_indirect $tab (type $t) (local.get $x) (local.get $i)))
  (func (export "tsize") (result i64) (table.size $tab))
  (func (export "tget_null") (param $i i64) (result i32) (ref.is_null (table.get $tab (local.get $i))))
)
