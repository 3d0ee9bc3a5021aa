;; Two fp64 kernels for ridge.
;; gram: G += Σ_i x_i x_iᵀ (upper triangle, row-major fp64), four rows at a time with f64x2 SIMD.
;; x: rows × d at byte offset xPtr, rows a multiple of 4 (the caller pads with zero rows), plus 2 spare values;
;; g: d × d at gPtr, plus 2 spare values. Each row a is updated from column (a & ~1): the one extra value left of the
;; diagonal, and the one past the end of the row when d is odd, fall in the lower triangle (or the spare), which the
;; caller overwrites by mirroring the upper triangle.
(module
  (memory (export "memory") 1)
  (func (export "gram") (param $x i32) (param $rows i32) (param $d i32) (param $g i32)
    (local $i i32) (local $a i32) (local $b i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $rowBytes i32)
    (local $ga i32) (local $p i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $a) (local.get $d)))
            (local.set $p (i32.shl (local.get $a) (i32.const 3)))
            (local.set $s0 (f64x2.splat (f64.load (i32.add (local.get $r0) (local.get $p)))))
            (local.set $s1 (f64x2.splat (f64.load (i32.add (local.get $r1) (local.get $p)))))
            (local.set $s2 (f64x2.splat (f64.load (i32.add (local.get $r2) (local.get $p)))))
            (local.set $s3 (f64x2.splat (f64.load (i32.add (local.get $r3) (local.get $p)))))
            (local.set $b (i32.and (local.get $a) (i32.const -2)))
            (local.set $ga (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $rowBytes))))
            (block $innerDone
              (loop $inner
                (br_if $innerDone (i32.ge_u (local.get $b) (local.get $d)))
                (local.set $p (i32.shl (local.get $b) (i32.const 3)))
                (v128.store (i32.add (local.get $ga) (local.get $p))
                  (f64x2.add
                    (f64x2.add
                      (f64x2.add
                        (v128.load (i32.add (local.get $ga) (local.get $p)))
                        (f64x2.mul (local.get $s0) (v128.load (i32.add (local.get $r0) (local.get $p)))))
                      (f64x2.mul (local.get $s1) (v128.load (i32.add (local.get $r1) (local.get $p)))))
                    (f64x2.add
                      (f64x2.mul (local.get $s2) (v128.load (i32.add (local.get $r2) (local.get $p))))
                      (f64x2.mul (local.get $s3) (v128.load (i32.add (local.get $r3) (local.get $p)))))))
                (local.set $b (i32.add (local.get $b) (i32.const 2)))
                (br $inner)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $colsLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowsLoop))))
  ;; matmul: C += A·B for row-major A (rows × d, rows a multiple of 4, zero-padded by the caller), B (d × m) and C
  ;; (rows × m), m even (the caller pads B and C with a zero column when needed). Four rows of C per pass over B.
  (func (export "matmul") (param $a i32) (param $rows i32) (param $d i32) (param $b i32) (param $m i32) (param $c i32)
    (local $i i32) (local $k i32) (local $j i32)
    (local $aRow i32) (local $aBytes i32) (local $cBytes i32) (local $c0 i32) (local $bk i32) (local $p i32) (local $q i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $bv v128)
    (local.set $aBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $cBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $aRow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aBytes))))
        (local.set $c0 (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cBytes))))
        (local.set $k (i32.const 0))
        (block $kDone
          (loop $kLoop
            (br_if $kDone (i32.ge_u (local.get $k) (local.get $d)))
            (local.set $p (i32.add (local.get $aRow) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $s0 (f64x2.splat (f64.load (local.get $p))))
            (local.set $s1 (f64x2.splat (f64.load (i32.add (local.get $p) (local.get $aBytes)))))
            (local.set $s2 (f64x2.splat (f64.load (i32.add (local.get $p) (i32.shl (local.get $aBytes) (i32.const 1))))))
            (local.set $s3 (f64x2.splat (f64.load (i32.add (local.get $p) (i32.mul (local.get $aBytes) (i32.const 3))))))
            (local.set $bk (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $cBytes))))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $m)))
                (local.set $q (i32.shl (local.get $j) (i32.const 3)))
                (local.set $bv (v128.load (i32.add (local.get $bk) (local.get $q))))
                (local.set $p (i32.add (local.get $c0) (local.get $q)))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $s0) (local.get $bv))))
                (local.set $p (i32.add (local.get $p) (local.get $cBytes)))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $s1) (local.get $bv))))
                (local.set $p (i32.add (local.get $p) (local.get $cBytes)))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $s2) (local.get $bv))))
                (local.set $p (i32.add (local.get $p) (local.get $cBytes)))
                (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $s3) (local.get $bv))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $jLoop)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowsLoop)))))
