;; fp64 kernels for ridge (f64x2 SIMD).
;;
;; syrk: G[a][b] += sign · Σ_i x[i][a]·x[i][b] over the tile a ∈ [a0, a1), b ∈ [max(b0, a), b1), upper triangle only.
;; x and G share one column indexing: x[i][c] is at x + 8(i·xs + c), G[a][b] at g + 8(a·gs + b). Rows of x are taken
;; four at a time (rows a multiple of 4), rows of G two at a time (a0 even): the pair (a, a+1) runs from column a,
;; so row a+1 also writes G[a+1][a] (lower triangle, which callers ignore or overwrite), a pair past a1 writes the row
;; after (callers leave one spare row), and an odd b1 writes and reads one value past it (callers leave 2 spare
;; values). sign is 1 (gram: XᵀX) or -1 (Cholesky: the trailing update A -= UᵀU).
(module
  (memory (export "memory") 1)
  (func (export "syrk")
    (param $x i32) (param $rows i32) (param $xs i32) (param $a0 i32) (param $a1 i32) (param $b0 i32) (param $b1 i32)
    (param $g i32) (param $gs i32) (param $sign f64)
    (local $i i32) (local $a i32) (local $b i32) (local $p i32) (local $xBytes i32) (local $gBytes i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $g0 i32) (local $g1 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $xBytes (i32.shl (local.get $xs) (i32.const 3)))
    (local.set $gBytes (i32.shl (local.get $gs) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $xBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $xBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $xBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $xBytes)))
        (local.set $a (local.get $a0))
        (block $pairsDone
          (loop $pairsLoop
            (br_if $pairsDone (i32.ge_u (local.get $a) (local.get $a1)))
            (local.set $p (i32.shl (local.get $a) (i32.const 3)))
            (local.set $s0 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r0) (local.get $p))))))
            (local.set $s1 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r1) (local.get $p))))))
            (local.set $s2 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r2) (local.get $p))))))
            (local.set $s3 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r3) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $t0 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r0) (local.get $p))))))
            (local.set $t1 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r1) (local.get $p))))))
            (local.set $t2 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r2) (local.get $p))))))
            (local.set $t3 (f64x2.splat (f64.mul (local.get $sign) (f64.load (i32.add (local.get $r3) (local.get $p))))))
            (local.set $g0 (i32.add (local.get $g) (i32.mul (local.get $a) (local.get $gBytes))))
            (local.set $g1 (i32.add (local.get $g0) (local.get $gBytes)))
            (local.set $b (select (local.get $a) (local.get $b0) (i32.gt_u (local.get $a) (local.get $b0))))
            (block $colsDone
              (loop $colsLoop
                (br_if $colsDone (i32.ge_u (local.get $b) (local.get $b1)))
                (local.set $p (i32.shl (local.get $b) (i32.const 3)))
                (local.set $v0 (v128.load (i32.add (local.get $r0) (local.get $p))))
                (local.set $v1 (v128.load (i32.add (local.get $r1) (local.get $p))))
                (local.set $v2 (v128.load (i32.add (local.get $r2) (local.get $p))))
                (local.set $v3 (v128.load (i32.add (local.get $r3) (local.get $p))))
                (v128.store (i32.add (local.get $g0) (local.get $p))
                  (f64x2.add
                    (f64x2.add
                      (v128.load (i32.add (local.get $g0) (local.get $p)))
                      (f64x2.add (f64x2.mul (local.get $s0) (local.get $v0)) (f64x2.mul (local.get $s1) (local.get $v1))))
                    (f64x2.add (f64x2.mul (local.get $s2) (local.get $v2)) (f64x2.mul (local.get $s3) (local.get $v3)))))
                (v128.store (i32.add (local.get $g1) (local.get $p))
                  (f64x2.add
                    (f64x2.add
                      (v128.load (i32.add (local.get $g1) (local.get $p)))
                      (f64x2.add (f64x2.mul (local.get $t0) (local.get $v0)) (f64x2.mul (local.get $t1) (local.get $v1))))
                    (f64x2.add (f64x2.mul (local.get $t2) (local.get $v2)) (f64x2.mul (local.get $t3) (local.get $v3)))))
                (local.set $b (i32.add (local.get $b) (i32.const 2)))
                (br $colsLoop)))
            (local.set $a (i32.add (local.get $a) (i32.const 2)))
            (br $pairsLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowsLoop))))
;; syrkPacked: G[4P+r][4Q+c] += sign · Σ_i p_P[i][r]·p_Q[i][c] for panel blocks P0 ≤ P < P1, P ≤ Q < nb (a range of block
;; rows, so that threads can share one update, each writing its own blocks), where panel P holds
;; columns 4P..4P+3 of R rows packed row by row (R·4 values) and panels follow each other from p. Each 4×4 block is
;; accumulated in registers over all R rows, then added to G (stride gs, a multiple of 4 whose padding callers own);
;; diagonal blocks are computed whole, so their lower triangles get values too.
  (func (export "syrkPacked") (param $p i32) (param $R i32) (param $nb i32) (param $g i32) (param $gs i32) (param $sign f64)
    (param $P0 i32) (param $P1 i32)
    (local $pa i32) (local $pb i32) (local $pA i32) (local $pB i32) (local $end i32) (local $panelBytes i32)
    (local $gBytes i32) (local $q i32)
    (local $s v128) (local $v0 v128) (local $v1 v128) (local $sv v128)
    (local $a00 v128)
    (local $a01 v128)
    (local $a10 v128)
    (local $a11 v128)
    (local $a20 v128)
    (local $a21 v128)
    (local $a30 v128)
    (local $a31 v128)
    (local.set $panelBytes (i32.shl (local.get $R) (i32.const 5)))
    (local.set $gBytes (i32.shl (local.get $gs) (i32.const 3)))
    (local.set $sv (f64x2.splat (local.get $sign)))
    (local.set $pa (local.get $P0))
    (block $paDone
      (loop $paLoop
        (br_if $paDone (i32.ge_u (local.get $pa) (local.get $P1)))
        (local.set $pb (local.get $pa))
        (block $pbDone
          (loop $pbLoop
            (br_if $pbDone (i32.ge_u (local.get $pb) (local.get $nb)))
            (local.set $a00 (v128.const i64x2 0 0))
            (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0))
            (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a20 (v128.const i64x2 0 0))
            (local.set $a21 (v128.const i64x2 0 0))
            (local.set $a30 (v128.const i64x2 0 0))
            (local.set $a31 (v128.const i64x2 0 0))
            (local.set $pA (i32.add (local.get $p) (i32.mul (local.get $pa) (local.get $panelBytes))))
            (local.set $pB (i32.add (local.get $p) (i32.mul (local.get $pb) (local.get $panelBytes))))
            (local.set $end (i32.add (local.get $pA) (local.get $panelBytes)))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $pA) (local.get $end)))
                (local.set $v0 (v128.load (local.get $pB)))
                (local.set $v1 (v128.load offset=16 (local.get $pB)))
                (local.set $s (v128.load64_splat (local.get $pA)))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $s) (local.get $v0))))
                (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load64_splat offset=8 (local.get $pA)))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $s) (local.get $v0))))
                (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load64_splat offset=16 (local.get $pA)))
                (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $s) (local.get $v0))))
                (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load64_splat offset=24 (local.get $pA)))
                (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $s) (local.get $v0))))
                (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $s) (local.get $v1))))
                (local.set $pA (i32.add (local.get $pA) (i32.const 32)))
                (local.set $pB (i32.add (local.get $pB) (i32.const 32)))
                (br $iLoop)))
            (local.set $q (i32.add (local.get $g)
              (i32.shl (i32.add (i32.mul (i32.shl (local.get $pa) (i32.const 2)) (local.get $gs)) (i32.shl (local.get $pb) (i32.const 2))) (i32.const 3))))
            (v128.store (local.get $q)
              (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a00))))
            (v128.store offset=16 (local.get $q)
              (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a01))))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (v128.store (local.get $q)
              (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a10))))
            (v128.store offset=16 (local.get $q)
              (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a11))))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (v128.store (local.get $q)
              (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a20))))
            (v128.store offset=16 (local.get $q)
              (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a21))))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (v128.store (local.get $q)
              (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a30))))
            (v128.store offset=16 (local.get $q)
              (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $sv) (local.get $a31))))
            (local.set $pb (i32.add (local.get $pb) (i32.const 1)))
            (br $pbLoop)))
        (local.set $pa (i32.add (local.get $pa) (i32.const 1)))
        (br $paLoop))))
  ;; syrkPacked32: the same block update as syrkPacked from fp32 panels (panel P: columns 4P..4P+3 of R rows, R·4
  ;; floats, panels following each other from p): each 4×8 block (panels P and Q, Q+1) is accumulated over the R rows
  ;; in f32x4 registers (8 of them), then widened and added to the fp64 G (stride gs doubles), for block rows
  ;; P0 ≤ P < P1 and P ≤ Q < nb; a last lone panel is a 4×4 block. Twice the multiply-adds per instruction of the
  ;; fp64 kernel, for a Gram matrix good to about 1e-6 relative: callers refine the solution against exact products.
  ;; sign is 1 (the Gram matrix) or -1 (the fp32 Cholesky's trailing update A -= UᵀU).
  (func (export "syrkPacked32") (param $p i32) (param $R i32) (param $nb i32) (param $g i32) (param $gs i32) (param $sign f64)
    (param $P0 i32) (param $P1 i32)
    (local $pa i32) (local $pb i32) (local $pA i32) (local $pB i32) (local $pC i32) (local $end i32) (local $panelBytes i32)
    (local $gBytes i32) (local $q i32) (local $r i32) (local $two i32)
    (local $s v128) (local $v0 v128) (local $v1 v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $sign)))
    (local.set $panelBytes (i32.shl (local.get $R) (i32.const 4)))
    (local.set $gBytes (i32.shl (local.get $gs) (i32.const 3)))
    (local.set $pa (local.get $P0))
    (block $paDone
      (loop $paLoop
        (br_if $paDone (i32.ge_u (local.get $pa) (local.get $P1)))
        (local.set $pb (local.get $pa))
        (block $pbDone
          (loop $pbLoop
            (br_if $pbDone (i32.ge_u (local.get $pb) (local.get $nb)))
            (local.set $two (i32.lt_u (i32.add (local.get $pb) (i32.const 1)) (local.get $nb)))
            (local.set $a00 (v128.const i64x2 0 0))
            (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0))
            (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a20 (v128.const i64x2 0 0))
            (local.set $a21 (v128.const i64x2 0 0))
            (local.set $a30 (v128.const i64x2 0 0))
            (local.set $a31 (v128.const i64x2 0 0))
            (local.set $pA (i32.add (local.get $p) (i32.mul (local.get $pa) (local.get $panelBytes))))
            (local.set $pB (i32.add (local.get $p) (i32.mul (local.get $pb) (local.get $panelBytes))))
            ;; With one panel left, its own rows stand in for the second (their sums are never written).
            (local.set $pC (select (i32.add (local.get $pB) (local.get $panelBytes)) (local.get $pB) (local.get $two)))
            (local.set $end (i32.add (local.get $pA) (local.get $panelBytes)))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $pA) (local.get $end)))
                (local.set $v0 (v128.load (local.get $pB)))
                (local.set $v1 (v128.load (local.get $pC)))
                (local.set $s (v128.load32_splat (local.get $pA)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=4 (local.get $pA)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=8 (local.get $pA)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $s (v128.load32_splat offset=12 (local.get $pA)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $v0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $v1))))
                (local.set $pA (i32.add (local.get $pA) (i32.const 16)))
                (local.set $pB (i32.add (local.get $pB) (i32.const 16)))
                (local.set $pC (i32.add (local.get $pC) (i32.const 16)))
                (br $iLoop)))
            (local.set $q (i32.add (local.get $g)
              (i32.shl (i32.add (i32.mul (i32.shl (local.get $pa) (i32.const 2)) (local.get $gs)) (i32.shl (local.get $pb) (i32.const 2))) (i32.const 3))))
            (call $addWidened (local.get $q) (local.get $a00) (local.get $a01) (local.get $two) (local.get $sv))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (call $addWidened (local.get $q) (local.get $a10) (local.get $a11) (local.get $two) (local.get $sv))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (call $addWidened (local.get $q) (local.get $a20) (local.get $a21) (local.get $two) (local.get $sv))
            (local.set $q (i32.add (local.get $q) (local.get $gBytes)))
            (call $addWidened (local.get $q) (local.get $a30) (local.get $a31) (local.get $two) (local.get $sv))
            (local.set $pb (i32.add (local.get $pb) (i32.const 2)))
            (br $pbLoop)))
        (local.set $pa (i32.add (local.get $pa) (i32.const 1)))
        (br $paLoop))))
  ;; G[q..q+4) += sv·widen(lo); with `two`, G[q+4..q+8) += sv·widen(hi) too.
  (func $addWidened (param $q i32) (param $lo v128) (param $hi v128) (param $two i32) (param $sv v128)
    (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $sv) (f64x2.promote_low_f32x4 (local.get $lo)))))
    (v128.store offset=16 (local.get $q) (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.mul (local.get $sv)
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $lo) (local.get $lo))))))
    (if (local.get $two)
      (then
        (v128.store offset=32 (local.get $q) (f64x2.add (v128.load offset=32 (local.get $q)) (f64x2.mul (local.get $sv) (f64x2.promote_low_f32x4 (local.get $hi)))))
        (v128.store offset=48 (local.get $q) (f64x2.add (v128.load offset=48 (local.get $q)) (f64x2.mul (local.get $sv)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $hi) (local.get $hi)))))))))
  ;; factorRows: rows [g, g1) of the upper Cholesky factor in place in the n×n row-major A at a (row stride lda), once the panel's
  ;; earlier row groups have been applied: each row takes the updates of the rows above it in the group
  ;; (row r −= A[q][r]·row q from column r on), then its pivot is checked (returns 0 when it is at or below floor:
  ;; not positive definite), square-rooted, and the rest of the row divided by it.
  (func (export "factorRows") (param $a i32) (param $n i32) (param $g i32) (param $g1 i32) (param $floor f64) (param $lda i32) (result i32)
    (local $r i32) (local $q i32) (local $j i32) (local $row i32) (local $qrow i32) (local $f f64) (local $fv v128)
    (local $pivot f64) (local $u f64) (local $uv v128) (local $nBytes i32) (local $p i32)
    (local.set $nBytes (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $r (local.get $g))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $g1)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $nBytes))))
        (local.set $q (local.get $g))
        (block $qDone
          (loop $qLoop
            (br_if $qDone (i32.ge_s (local.get $q) (local.get $r)))
            (local.set $qrow (i32.add (local.get $a) (i32.mul (local.get $q) (local.get $nBytes))))
            (local.set $f (f64.load (i32.add (local.get $qrow) (i32.shl (local.get $r) (i32.const 3)))))
            (if (f64.ne (local.get $f) (f64.const 0))
              (then
                (local.set $fv (f64x2.splat (local.get $f)))
                (local.set $j (local.get $r))
                (block $pDone
                  (loop $pLoop
                    (br_if $pDone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
                    (local.set $p (i32.shl (local.get $j) (i32.const 3)))
                    (v128.store (i32.add (local.get $row) (local.get $p))
                      (f64x2.sub (v128.load (i32.add (local.get $row) (local.get $p)))
                        (f64x2.mul (local.get $fv) (v128.load (i32.add (local.get $qrow) (local.get $p))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 2)))
                    (br $pLoop)))
                (if (i32.lt_s (local.get $j) (local.get $n))
                  (then
                    (local.set $p (i32.shl (local.get $j) (i32.const 3)))
                    (f64.store (i32.add (local.get $row) (local.get $p))
                      (f64.sub (f64.load (i32.add (local.get $row) (local.get $p)))
                        (f64.mul (local.get $f) (f64.load (i32.add (local.get $qrow) (local.get $p))))))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $qLoop)))
        (local.set $p (i32.add (local.get $row) (i32.shl (local.get $r) (i32.const 3))))
        (local.set $pivot (f64.load (local.get $p)))
        (if (i32.eqz (f64.gt (local.get $pivot) (local.get $floor))) (then (return (i32.const 0))))
        (local.set $u (f64.sqrt (local.get $pivot)))
        (f64.store (local.get $p) (local.get $u))
        (local.set $uv (f64x2.splat (local.get $u)))
        (local.set $j (i32.add (local.get $r) (i32.const 1)))
        (block $dDone
          (loop $dLoop
            (br_if $dDone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
            (local.set $p (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $p) (f64x2.div (v128.load (local.get $p)) (local.get $uv)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $dLoop)))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $p (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $p) (f64.div (f64.load (local.get $p)) (local.get $u)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
    (i32.const 1))
  ;; packPanel: rows [k0, k1) of the factor in A (n×n at a, row stride lda), columns [k1, n), as 4-column panels of k1 − k0 rows
  ;; (zeros past column n) at dst, the layout syrkPacked reads; returns the number of panels.
  (func (export "packPanel") (param $a i32) (param $n i32) (param $k0 i32) (param $k1 i32) (param $dst i32) (param $lda i32) (result i32)
    (local $rows i32) (local $blocks i32) (local $P i32) (local $r i32) (local $c i32) (local $src i32) (local $out i32) (local $col i32)
    (local.set $rows (i32.sub (local.get $k1) (local.get $k0)))
    (local.set $blocks (i32.shr_u (i32.add (i32.sub (local.get $n) (local.get $k1)) (i32.const 3)) (i32.const 2)))
    (local.set $out (local.get $dst))
    (local.set $P (i32.const 0))
    (block $PDone
      (loop $PLoop
        (br_if $PDone (i32.ge_s (local.get $P) (local.get $blocks)))
        (local.set $col (i32.add (local.get $k1) (i32.shl (local.get $P) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
            (local.set $src (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (i32.add (local.get $k0) (local.get $r)) (local.get $lda)) (local.get $col)) (i32.const 3))))
            (if (i32.le_s (i32.add (local.get $col) (i32.const 4)) (local.get $n))
              (then
                (v128.store (local.get $out) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $src))))
              (else
                (local.set $c (i32.const 0))
                (block $cDone
                  (loop $cLoop
                    (br_if $cDone (i32.ge_s (local.get $c) (i32.const 4)))
                    (f64.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3)))
                      (select (f64.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3)))) (f64.const 0)
                        (i32.lt_s (i32.add (local.get $col) (local.get $c)) (local.get $n))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $cLoop)))))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $P (i32.add (local.get $P) (i32.const 1)))
        (br $PLoop)))
    (local.get $blocks))
  ;; packPanel32: packPanel's panels as fp32 (rows [k0, k1) of the fp64 factor, columns [k1, n), 4-column panels of
  ;; k1 − k0 rows, zeros past column n), the layout syrkPacked32 reads; returns the number of panels.
  (func (export "packPanel32") (param $a i32) (param $n i32) (param $k0 i32) (param $k1 i32) (param $dst i32) (param $lda i32) (result i32)
    (local $rows i32) (local $blocks i32) (local $P i32) (local $r i32) (local $c i32) (local $src i32) (local $out i32) (local $col i32)
    (local.set $rows (i32.sub (local.get $k1) (local.get $k0)))
    (local.set $blocks (i32.shr_u (i32.add (i32.sub (local.get $n) (local.get $k1)) (i32.const 3)) (i32.const 2)))
    (local.set $out (local.get $dst))
    (local.set $P (i32.const 0))
    (block $PDone
      (loop $PLoop
        (br_if $PDone (i32.ge_s (local.get $P) (local.get $blocks)))
        (local.set $col (i32.add (local.get $k1) (i32.shl (local.get $P) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
            (local.set $src (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (i32.add (local.get $k0) (local.get $r)) (local.get $lda)) (local.get $col)) (i32.const 3))))
            (if (i32.le_s (i32.add (local.get $col) (i32.const 4)) (local.get $n))
              (then
                (v128.store (local.get $out)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                    (f32x4.demote_f64x2_zero (v128.load (local.get $src)))
                    (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $src))))))
              (else
                (local.set $c (i32.const 0))
                (block $cDone
                  (loop $cLoop
                    (br_if $cDone (i32.ge_s (local.get $c) (i32.const 4)))
                    (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
                      (select (f32.demote_f64 (f64.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3))))) (f32.const 0)
                        (i32.lt_s (i32.add (local.get $col) (local.get $c)) (local.get $n))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $cLoop)))))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $P (i32.add (local.get $P) (i32.const 1)))
        (br $PLoop)))
    (local.get $blocks))
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
        (br $rowsLoop))))
  ;; solveUpperT: z ← U⁻ᵀ·z in place (forward substitution), U upper triangular, row-major n×n at u with row stride
  ;; lda (only its upper triangle and diagonal are read), z n contiguous values. Each z_j takes the same operations
  ;; in the same order as the scalar loop, two at a time.
  (func (export "solveUpperT") (param $u i32) (param $n i32) (param $z i32) (param $lda i32)
    (local $i i32) (local $j i32) (local $row i32) (local $zi f64) (local $zv v128) (local $p i32) (local $q i32)
    (local $nBytes i32)
    (local.set $nBytes (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $row (i32.add (local.get $u) (i32.mul (local.get $i) (local.get $nBytes))))
        (local.set $p (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $zi (f64.div (f64.load (local.get $p)) (f64.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))))
        (f64.store (local.get $p) (local.get $zi))
        (local.set $zv (f64x2.splat (local.get $zi)))
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (local.set $p (i32.add (local.get $z) (local.get $q)))
            (v128.store (local.get $p)
              (f64x2.sub (v128.load (local.get $p)) (f64x2.mul (local.get $zv) (v128.load (i32.add (local.get $row) (local.get $q))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jLoop)))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (local.set $p (i32.add (local.get $z) (local.get $q)))
            (f64.store (local.get $p)
              (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $zi) (f64.load (i32.add (local.get $row) (local.get $q))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))
  ;; solveUpper: z ← U⁻¹·z in place (back substitution), U as for solveUpperT.
  (func (export "solveUpper") (param $u i32) (param $n i32) (param $z i32) (param $lda i32)
    (local $i i32) (local $j i32) (local $row i32) (local $acc v128) (local $s f64) (local $q i32) (local $nBytes i32)
    (local.set $nBytes (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.lt_s (local.get $i) (i32.const 0)))
        (local.set $row (i32.add (local.get $u) (i32.mul (local.get $i) (local.get $nBytes))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (local.set $acc (f64x2.add (local.get $acc)
              (f64x2.mul (v128.load (i32.add (local.get $row) (local.get $q))) (v128.load (i32.add (local.get $z) (local.get $q))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jLoop)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (local.set $s (f64.add (local.get $s)
              (f64.mul (f64.load (i32.add (local.get $row) (local.get $q))) (f64.load (i32.add (local.get $z) (local.get $q))))))))
        (local.set $q (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $q)
          (f64.div (f64.sub (f64.load (local.get $q)) (local.get $s))
            (f64.load (i32.add (local.get $row) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $iLoop))))
  ;; normalBlocks: for each block b ∈ [b0, b1) of blockRows rows of x (row-major, row stride ds even, n4 rows in all,
  ;; a multiple of 4, zero rows and columns past the data), out_b = Σ_{i ∈ block b} (x_i·v)·x_i, overwritten at
  ;; partials + 8·b·ds: Xᵀ(X·v) one block at a time, each group of 4 rows read from memory once for both products.
  (func (export "normalBlocks") (param $x i32) (param $n4 i32) (param $ds i32) (param $v i32) (param $partials i32)
    (param $blockRows i32) (param $b0 i32) (param $b1 i32)
    (local $b i32) (local $i i32) (local $i1 i32) (local $j i32) (local $q i32) (local $out i32) (local $rowBytes i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $vv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $o i32)
    (local.set $rowBytes (i32.shl (local.get $ds) (i32.const 3)))
    (local.set $b (local.get $b0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_s (local.get $b) (local.get $b1)))
        (local.set $out (i32.add (local.get $partials) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (block $zDone
          (loop $zLoop
            (br_if $zDone (i32.ge_s (local.get $j) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $out) (local.get $j)) (v128.const i64x2 0 0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $zLoop)))
        (local.set $i (i32.mul (local.get $b) (local.get $blockRows)))
        (local.set $i1 (i32.add (local.get $i) (local.get $blockRows)))
        (if (i32.gt_s (local.get $i1) (local.get $n4)) (then (local.set $i1 (local.get $n4))))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_s (local.get $i) (local.get $i1)))
            (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
            (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
            (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
            (local.set $a0 (f64x2.splat (f64.const 0)))
            (local.set $a1 (f64x2.splat (f64.const 0)))
            (local.set $a2 (f64x2.splat (f64.const 0)))
            (local.set $a3 (f64x2.splat (f64.const 0)))
            (local.set $j (i32.const 0))
            (block $dDone
              (loop $dLoop
                (br_if $dDone (i32.ge_s (local.get $j) (local.get $ds)))
                (local.set $q (i32.shl (local.get $j) (i32.const 3)))
                (local.set $vv (v128.load (i32.add (local.get $v) (local.get $q))))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $q))) (local.get $vv))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $q))) (local.get $vv))))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load (i32.add (local.get $r2) (local.get $q))) (local.get $vv))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load (i32.add (local.get $r3) (local.get $q))) (local.get $vv))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $dLoop)))
            (local.set $t0 (f64x2.splat (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))))
            (local.set $t1 (f64x2.splat (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1)))))
            (local.set $t2 (f64x2.splat (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2)))))
            (local.set $t3 (f64x2.splat (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3)))))
            (local.set $j (i32.const 0))
            (block $aDone
              (loop $aLoop
                (br_if $aDone (i32.ge_s (local.get $j) (local.get $ds)))
                (local.set $q (i32.shl (local.get $j) (i32.const 3)))
                (local.set $o (i32.add (local.get $out) (local.get $q)))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o))
                    (f64x2.add
                      (f64x2.add (f64x2.mul (local.get $t0) (v128.load (i32.add (local.get $r0) (local.get $q))))
                        (f64x2.mul (local.get $t1) (v128.load (i32.add (local.get $r1) (local.get $q)))))
                      (f64x2.add (f64x2.mul (local.get $t2) (v128.load (i32.add (local.get $r2) (local.get $q))))
                        (f64x2.mul (local.get $t3) (v128.load (i32.add (local.get $r3) (local.get $q))))))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $aLoop)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop))))
  ;; centreRows: x_i ← s_i·(x_i − mean) in place for rows [0, rows) of x (row stride ds even, ds values per row, mean
  ;; ds values), s_i = scale[i] when hasScale, else 1: the centring of the resident rows, exactly as copyRows computes it.
  (func (export "centreRows") (param $x i32) (param $rows i32) (param $ds i32) (param $mean i32) (param $scale i32) (param $hasScale i32)
    (local $i i32) (local $j i32) (local $row i32) (local $rowBytes i32) (local $sv v128) (local $p i32)
    (local.set $rowBytes (i32.shl (local.get $ds) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $row (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (if (local.get $hasScale)
          (then
            (local.set $sv (v128.load64_splat (i32.add (local.get $scale) (i32.shl (local.get $i) (i32.const 3)))))
            (block $sDone
              (loop $sLoop
                (br_if $sDone (i32.ge_s (local.get $j) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $row) (local.get $j)))
                (v128.store (local.get $p)
                  (f64x2.mul (local.get $sv) (f64x2.sub (v128.load (local.get $p)) (v128.load (i32.add (local.get $mean) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $sLoop))))
          (else
            (block $cDone
              (loop $cLoop
                (br_if $cDone (i32.ge_s (local.get $j) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $row) (local.get $j)))
                (v128.store (local.get $p) (f64x2.sub (v128.load (local.get $p)) (v128.load (i32.add (local.get $mean) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $cLoop)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))
  ;; packRows32: rows [r0, r0 + rows) of x (fp64, row stride ds) as fp32 4-column panels of `rows` rows at dst (the
  ;; layout syrkPacked32 reads), `panels` of them, columns at or past d zero.
  (func (export "packRows32") (param $x i32) (param $ds i32) (param $d i32) (param $r0 i32) (param $rows i32) (param $panels i32)
    (param $dst i32)
    (local $r i32) (local $P i32) (local $c i32) (local $src i32) (local $out i32) (local $panelBytes i32) (local $col i32)
    (local $full i32)
    (local.set $panelBytes (i32.shl (local.get $rows) (i32.const 4)))
    (local.set $full (i32.shr_u (local.get $d) (i32.const 2)))
    (if (i32.gt_s (local.get $full) (local.get $panels)) (then (local.set $full (local.get $panels))))
    (local.set $r (i32.const 0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $src (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (local.get $r0) (local.get $r)) (local.get $ds)) (i32.const 3))))
        (local.set $out (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 4))))
        (local.set $P (i32.const 0))
        (block $PDone
          (loop $PLoop
            (br_if $PDone (i32.ge_s (local.get $P) (local.get $full)))
            (v128.store (local.get $out)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (v128.load (local.get $src)))
                (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $src)))))
            (local.set $src (i32.add (local.get $src) (i32.const 32)))
            (local.set $out (i32.add (local.get $out) (local.get $panelBytes)))
            (local.set $P (i32.add (local.get $P) (i32.const 1)))
            (br $PLoop)))
        (block $tDone
          (loop $tLoop
            (br_if $tDone (i32.ge_s (local.get $P) (local.get $panels)))
            (local.set $c (i32.const 0))
            (block $cDone
              (loop $cLoop
                (br_if $cDone (i32.ge_s (local.get $c) (i32.const 4)))
                (local.set $col (i32.add (i32.shl (local.get $P) (i32.const 2)) (local.get $c)))
                ;; Columns past d are not read (the last row's may lie past the rows' memory).
                (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
                  (if (result f32) (i32.lt_s (local.get $col) (local.get $d))
                    (then (f32.demote_f64 (f64.load (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 3))))))
                    (else (f32.const 0))))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $cLoop)))
            (local.set $src (i32.add (local.get $src) (i32.const 32)))
            (local.set $out (i32.add (local.get $out) (local.get $panelBytes)))
            (local.set $P (i32.add (local.get $P) (i32.const 1)))
            (br $tLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))
  ;; crossBlocks: for each block b ∈ [b0, b1) of blockRows rows of x (as for normalBlocks), out_b = Σ_{i ∈ block b}
  ;; w_i·x_i (w: n4 values), overwritten at partials + 8·b·ds: Xᵀw one block at a time.
  (func (export "crossBlocks") (param $x i32) (param $n4 i32) (param $ds i32) (param $w i32) (param $partials i32)
    (param $blockRows i32) (param $b0 i32) (param $b1 i32)
    (local $b i32) (local $i i32) (local $i1 i32) (local $j i32) (local $q i32) (local $out i32) (local $rowBytes i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $o i32) (local $wi i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $ds) (i32.const 3)))
    (local.set $b (local.get $b0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_s (local.get $b) (local.get $b1)))
        (local.set $out (i32.add (local.get $partials) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (block $zDone
          (loop $zLoop
            (br_if $zDone (i32.ge_s (local.get $j) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $out) (local.get $j)) (v128.const i64x2 0 0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $zLoop)))
        (local.set $i (i32.mul (local.get $b) (local.get $blockRows)))
        (local.set $i1 (i32.add (local.get $i) (local.get $blockRows)))
        (if (i32.gt_s (local.get $i1) (local.get $n4)) (then (local.set $i1 (local.get $n4))))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_s (local.get $i) (local.get $i1)))
            (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
            (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
            (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
            (local.set $wi (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $t0 (v128.load64_splat (local.get $wi)))
            (local.set $t1 (v128.load64_splat offset=8 (local.get $wi)))
            (local.set $t2 (v128.load64_splat offset=16 (local.get $wi)))
            (local.set $t3 (v128.load64_splat offset=24 (local.get $wi)))
            (local.set $j (i32.const 0))
            (block $aDone
              (loop $aLoop
                (br_if $aDone (i32.ge_s (local.get $j) (local.get $ds)))
                (local.set $q (i32.shl (local.get $j) (i32.const 3)))
                (local.set $o (i32.add (local.get $out) (local.get $q)))
                (v128.store (local.get $o)
                  (f64x2.add (v128.load (local.get $o))
                    (f64x2.add
                      (f64x2.add (f64x2.mul (local.get $t0) (v128.load (i32.add (local.get $r0) (local.get $q))))
                        (f64x2.mul (local.get $t1) (v128.load (i32.add (local.get $r1) (local.get $q)))))
                      (f64x2.add (f64x2.mul (local.get $t2) (v128.load (i32.add (local.get $r2) (local.get $q))))
                        (f64x2.mul (local.get $t3) (v128.load (i32.add (local.get $r3) (local.get $q))))))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $aLoop)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $iLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop))))
  ;; packShifted: the first `full` 4-column panels of rows [0, rows) of x − shift (x fp64 at raw, row stride d; shift
  ;; d values) at dst, the layout syrkPacked reads (panel P: rows·4 values, row by row); returns 0 when a value of x
  ;; fails |v| ≤ max (NaN fails), else 1.
  (func (export "packShifted") (param $raw i32) (param $rows i32) (param $d i32) (param $shift i32) (param $full i32)
    (param $dst i32) (param $max f64) (result i32)
    (local $r i32) (local $P i32) (local $src i32) (local $out i32) (local $sh i32) (local $panelBytes i32)
    (local $a v128) (local $b v128) (local $ok v128) (local $mv v128)
    (local.set $panelBytes (i32.shl (local.get $rows) (i32.const 5)))
    (local.set $mv (f64x2.splat (local.get $max)))
    (local.set $ok (v128.const i64x2 -1 -1))
    (local.set $r (i32.const 0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $src (i32.add (local.get $raw) (i32.shl (i32.mul (local.get $r) (local.get $d)) (i32.const 3))))
        (local.set $out (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 5))))
        (local.set $sh (local.get $shift))
        (local.set $P (i32.const 0))
        (block $PDone
          (loop $PLoop
            (br_if $PDone (i32.ge_s (local.get $P) (local.get $full)))
            (local.set $a (v128.load (local.get $src)))
            (local.set $b (v128.load offset=16 (local.get $src)))
            (local.set $ok (v128.and (local.get $ok)
              (v128.and (f64x2.le (f64x2.abs (local.get $a)) (local.get $mv)) (f64x2.le (f64x2.abs (local.get $b)) (local.get $mv)))))
            (v128.store (local.get $out) (f64x2.sub (local.get $a) (v128.load (local.get $sh))))
            (v128.store offset=16 (local.get $out) (f64x2.sub (local.get $b) (v128.load offset=16 (local.get $sh))))
            (local.set $src (i32.add (local.get $src) (i32.const 32)))
            (local.set $sh (i32.add (local.get $sh) (i32.const 32)))
            (local.set $out (i32.add (local.get $out) (local.get $panelBytes)))
            (local.set $P (i32.add (local.get $P) (i32.const 1)))
            (br $PLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
    (i64x2.all_true (local.get $ok)))
  ;; packColumns32: columns [j0, j0 + cols) of x (fp64, row stride ds, rows a multiple of 4: 4·panels of them) as fp32
  ;; panels of Xᵀ at dst: panel P holds rows 4P..4P+3 of x, one 4-value group per column (cols·4 floats a panel), the
  ;; layout syrkPacked32 reads for XXᵀ. cols even (ds even: callers pad with a zero column).
  (func (export "packColumns32") (param $x i32) (param $ds i32) (param $j0 i32) (param $cols i32) (param $panels i32)
    (param $dst i32)
    (local $P i32) (local $j i32) (local $r0 i32) (local $rowBytes i32) (local $out i32) (local $q i32)
    (local $t01 v128) (local $t23 v128)
    (local.set $rowBytes (i32.shl (local.get $ds) (i32.const 3)))
    (local.set $out (local.get $dst))
    (local.set $P (i32.const 0))
    (block $PDone
      (loop $PLoop
        (br_if $PDone (i32.ge_s (local.get $P) (local.get $panels)))
        (local.set $r0 (i32.add (local.get $x)
          (i32.add (i32.mul (i32.shl (local.get $P) (i32.const 2)) (local.get $rowBytes)) (i32.shl (local.get $j0) (i32.const 3)))))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_s (local.get $j) (local.get $cols)))
            (local.set $q (i32.add (local.get $r0) (i32.shl (local.get $j) (i32.const 3))))
            ;; rows 0, 1 and 2, 3 at columns j, j+1: [a0 b0 a1 b1] and [c0 e0 c1 e1], then [a0 b0 c0 e0], [a1 b1 c1 e1].
            (local.set $t01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (f32x4.demote_f64x2_zero (v128.load (local.get $q)))
              (f32x4.demote_f64x2_zero (v128.load (i32.add (local.get $q) (local.get $rowBytes))))))
            (local.set $q (i32.add (local.get $q) (i32.shl (local.get $rowBytes) (i32.const 1))))
            (local.set $t23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (f32x4.demote_f64x2_zero (v128.load (local.get $q)))
              (f32x4.demote_f64x2_zero (v128.load (i32.add (local.get $q) (local.get $rowBytes))))))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t01) (local.get $t23)))
            (v128.store offset=16 (local.get $out)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t01) (local.get $t23)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jLoop)))
        (local.set $P (i32.add (local.get $P) (i32.const 1)))
        (br $PLoop)))
    (return))
  ;; rowDots: out[i] = x_i·u for the rows of blocks [b0, b1) of blockRows rows (as for normalBlocks: row stride ds even,
  ;; n4 rows, zero rows and columns past the data): X·u, each row's sum in the same order whatever the split.
  (func (export "rowDots") (param $x i32) (param $n4 i32) (param $ds i32) (param $u i32) (param $out i32)
    (param $blockRows i32) (param $b0 i32) (param $b1 i32)
    (local $i i32) (local $i1 i32) (local $j i32) (local $q i32) (local $rowBytes i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $uv v128) (local $o i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $ds) (i32.const 3)))
    (local.set $i (i32.mul (local.get $b0) (local.get $blockRows)))
    (local.set $i1 (i32.mul (local.get $b1) (local.get $blockRows)))
    (if (i32.gt_s (local.get $i1) (local.get $n4)) (then (local.set $i1 (local.get $n4))))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $i1)))
        (local.set $r0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (block $dDone
          (loop $dLoop
            (br_if $dDone (i32.ge_s (local.get $j) (local.get $ds)))
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (local.set $uv (v128.load (i32.add (local.get $u) (local.get $q))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (i32.add (local.get $r0) (local.get $q))) (local.get $uv))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load (i32.add (local.get $r1) (local.get $q))) (local.get $uv))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load (i32.add (local.get $r2) (local.get $q))) (local.get $uv))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load (i32.add (local.get $r3) (local.get $q))) (local.get $uv))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $dLoop)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (f64.store offset=8 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
        (f64.store offset=16 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2))))
        (f64.store offset=24 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iLoop))))
)
