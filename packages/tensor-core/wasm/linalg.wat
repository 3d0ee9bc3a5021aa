;; fp64 dense kernels for tensor-core's linear algebra (f64x2 SIMD; wasm has no FMA, so each step is mul + add).
;; Pointers are byte offsets into the module's memory; leading dimensions (lda, ldb, ldc, stride) count values.
;; The memory declaration below is rewritten by wasm/build-wasm.cjs into an imported shared memory for the
;; threaded build; the code is the same in both.
(module
  (memory (export "memory") 1)

  ;; gemm: C += alpha · op(A)·op(B), op(A) m×k, op(B) k×n, C m×n (row-major, ldc). ta = 0: A(i,l) at a + 8(i·lda + l);
  ;; ta = 1: at a + 8(l·lda + i) (A is stored k×m). tb likewise for B (tb = 1: B(l,j) at b + 8(j·ldb + l)).
  ;; mode 0 updates every entry; mode 1 only tiles that reach j ≤ i + diag (lower), mode 2 only tiles that reach
  ;; j ≥ i + diag (upper): 4×4 tiles crossing the boundary are written whole, so entries just past it get values too.
  ;; work: 640 KiB + 128 bytes of scratch (packed A block, packed B block, one tile). Blocking: GotoBLAS-style, with
  ;; KC = 256, MC = 64, NC = 256, a 4×4 register tile (8 f64x2 accumulators).
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $lda i32) (param $ta i32)
    (param $b i32) (param $ldb i32) (param $tb i32)
    (param $c i32) (param $ldc i32) (param $alpha f64)
    (param $mode i32) (param $diag i32) (param $work i32)
    (local $jc i32) (local $pc i32) (local $ic i32) (local $nb i32) (local $kb i32) (local $mb i32)
    (local $pa i32) (local $pb i32) (local $scratch i32)
    (local.set $pa (local.get $work))
    (local.set $pb (i32.add (local.get $work) (i32.const 131072)))
    (local.set $scratch (i32.add (local.get $work) (i32.const 655360)))
    (local.set $jc (i32.const 0))
    (block $jcDone
      (loop $jcLoop
        (br_if $jcDone (i32.ge_s (local.get $jc) (local.get $n)))
        (local.set $nb (select (i32.sub (local.get $n) (local.get $jc)) (i32.const 256)
          (i32.lt_s (i32.sub (local.get $n) (local.get $jc)) (i32.const 256))))
        (local.set $pc (i32.const 0))
        (block $pcDone
          (loop $pcLoop
            (br_if $pcDone (i32.ge_s (local.get $pc) (local.get $k)))
            (local.set $kb (select (i32.sub (local.get $k) (local.get $pc)) (i32.const 256)
              (i32.lt_s (i32.sub (local.get $k) (local.get $pc)) (i32.const 256))))
            (call $packB (local.get $b) (local.get $ldb) (local.get $tb) (local.get $pc) (local.get $kb)
              (local.get $jc) (local.get $nb) (local.get $pb))
            (local.set $ic (i32.const 0))
            (block $icDone
              (loop $icLoop
                (br_if $icDone (i32.ge_s (local.get $ic) (local.get $m)))
                (local.set $mb (select (i32.sub (local.get $m) (local.get $ic)) (i32.const 64)
                  (i32.lt_s (i32.sub (local.get $m) (local.get $ic)) (i32.const 64))))
                (if (call $blockNeeded (local.get $ic) (local.get $mb) (local.get $jc) (local.get $nb) (local.get $mode) (local.get $diag))
                  (then
                    (call $packA (local.get $a) (local.get $lda) (local.get $ta) (local.get $ic) (local.get $mb)
                      (local.get $pc) (local.get $kb) (local.get $pa))
                    (call $macro (local.get $pa) (local.get $pb) (local.get $kb) (local.get $mb) (local.get $nb)
                      (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $ic) (local.get $ldc)) (local.get $jc)) (i32.const 3)))
                      (local.get $ldc) (local.get $alpha) (local.get $mode)
                      (i32.add (local.get $diag) (i32.sub (local.get $ic) (local.get $jc))) (local.get $scratch))))
                (local.set $ic (i32.add (local.get $ic) (i32.const 64)))
                (br $icLoop)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 256)))
            (br $pcLoop)))
        (local.set $jc (i32.add (local.get $jc) (i32.const 256)))
        (br $jcLoop))))

  ;; Whether the block rows [i0, i0+mb) × columns [j0, j0+nb) has an entry the mode asks for.
  (func $blockNeeded (param $i0 i32) (param $mb i32) (param $j0 i32) (param $nb i32) (param $mode i32) (param $diag i32) (result i32)
    (if (i32.eq (local.get $mode) (i32.const 1))
      (then (return (i32.le_s (local.get $j0) (i32.add (i32.add (local.get $i0) (i32.sub (local.get $mb) (i32.const 1))) (local.get $diag))))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (return (i32.ge_s (i32.add (local.get $j0) (i32.sub (local.get $nb) (i32.const 1))) (i32.add (local.get $i0) (local.get $diag))))))
    (i32.const 1))

  ;; Packs op(A) rows [i0, i0+mb), columns [l0, l0+kb) as 4-row slivers: sliver P holds, for each l, the 4 values
  ;; A(i0+4P+r, l0+l), r = 0..3 (zeros past mb).
  (func $packA (param $a i32) (param $lda i32) (param $ta i32) (param $i0 i32) (param $mb i32) (param $l0 i32) (param $kb i32) (param $dst i32)
    (local $P i32) (local $r i32) (local $l i32) (local $i i32) (local $src i32) (local $step i32) (local $out i32) (local $rows i32)
    (local.set $P (i32.const 0))
    (block $done
      (loop $sliver
        (br_if $done (i32.ge_s (i32.shl (local.get $P) (i32.const 2)) (local.get $mb)))
        (local.set $rows (i32.sub (local.get $mb) (i32.shl (local.get $P) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.ge_s (local.get $r) (i32.const 4)))
            (local.set $out (i32.add (local.get $dst)
              (i32.shl (i32.add (i32.shl (i32.mul (local.get $P) (local.get $kb)) (i32.const 2)) (local.get $r)) (i32.const 3))))
            (if (i32.lt_s (local.get $r) (local.get $rows))
              (then
                (local.set $i (i32.add (i32.add (local.get $i0) (i32.shl (local.get $P) (i32.const 2))) (local.get $r)))
                (if (local.get $ta)
                  (then
                    (local.set $src (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $l0) (local.get $lda)) (local.get $i)) (i32.const 3))))
                    (local.set $step (i32.shl (local.get $lda) (i32.const 3))))
                  (else
                    (local.set $src (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $lda)) (local.get $l0)) (i32.const 3))))
                    (local.set $step (i32.const 8))))
                (local.set $l (i32.const 0))
                (block $lDone
                  (loop $lLoop
                    (br_if $lDone (i32.ge_s (local.get $l) (local.get $kb)))
                    (f64.store (local.get $out) (f64.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (local.get $step)))
                    (local.set $out (i32.add (local.get $out) (i32.const 32)))
                    (local.set $l (i32.add (local.get $l) (i32.const 1)))
                    (br $lLoop))))
              (else
                (local.set $l (i32.const 0))
                (block $zDone
                  (loop $zLoop
                    (br_if $zDone (i32.ge_s (local.get $l) (local.get $kb)))
                    (f64.store (local.get $out) (f64.const 0))
                    (local.set $out (i32.add (local.get $out) (i32.const 32)))
                    (local.set $l (i32.add (local.get $l) (i32.const 1)))
                    (br $zLoop)))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $P (i32.add (local.get $P) (i32.const 1)))
        (br $sliver))))

  ;; Packs op(B) rows [l0, l0+kb), columns [j0, j0+nb) as 4-column slivers: sliver Q holds, for each l, the 4 values
  ;; B(l0+l, j0+4Q+s), s = 0..3 (zeros past nb).
  (func $packB (param $b i32) (param $ldb i32) (param $tb i32) (param $l0 i32) (param $kb i32) (param $j0 i32) (param $nb i32) (param $dst i32)
    (local $Q i32) (local $s i32) (local $l i32) (local $j i32) (local $src i32) (local $step i32) (local $out i32) (local $cols i32)
    (local.set $Q (i32.const 0))
    (block $done
      (loop $sliver
        (br_if $done (i32.ge_s (i32.shl (local.get $Q) (i32.const 2)) (local.get $nb)))
        (local.set $cols (i32.sub (local.get $nb) (i32.shl (local.get $Q) (i32.const 2))))
        (if (i32.and (i32.eqz (local.get $tb)) (i32.ge_s (local.get $cols) (i32.const 4)))
          (then
            ;; Full sliver of a row-major B: 4 contiguous values per row.
            (local.set $src (i32.add (local.get $b)
              (i32.shl (i32.add (i32.mul (local.get $l0) (local.get $ldb)) (i32.add (local.get $j0) (i32.shl (local.get $Q) (i32.const 2)))) (i32.const 3))))
            (local.set $step (i32.shl (local.get $ldb) (i32.const 3)))
            (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $Q) (local.get $kb)) (i32.const 5))))
            (local.set $l (i32.const 0))
            (block $lDone
              (loop $lLoop
                (br_if $lDone (i32.ge_s (local.get $l) (local.get $kb)))
                (v128.store (local.get $out) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $step)))
                (local.set $out (i32.add (local.get $out) (i32.const 32)))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $lLoop))))
          (else
            (local.set $s (i32.const 0))
            (block $sDone
              (loop $sLoop
                (br_if $sDone (i32.ge_s (local.get $s) (i32.const 4)))
                (local.set $out (i32.add (local.get $dst)
                  (i32.shl (i32.add (i32.shl (i32.mul (local.get $Q) (local.get $kb)) (i32.const 2)) (local.get $s)) (i32.const 3))))
                (if (i32.lt_s (local.get $s) (local.get $cols))
                  (then
                    (local.set $j (i32.add (i32.add (local.get $j0) (i32.shl (local.get $Q) (i32.const 2))) (local.get $s)))
                    (if (local.get $tb)
                      (then
                        (local.set $src (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ldb)) (local.get $l0)) (i32.const 3))))
                        (local.set $step (i32.const 8)))
                      (else
                        (local.set $src (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $l0) (local.get $ldb)) (local.get $j)) (i32.const 3))))
                        (local.set $step (i32.shl (local.get $ldb) (i32.const 3)))))
                    (local.set $l (i32.const 0))
                    (block $lDone2
                      (loop $lLoop2
                        (br_if $lDone2 (i32.ge_s (local.get $l) (local.get $kb)))
                        (f64.store (local.get $out) (f64.load (local.get $src)))
                        (local.set $src (i32.add (local.get $src) (local.get $step)))
                        (local.set $out (i32.add (local.get $out) (i32.const 32)))
                        (local.set $l (i32.add (local.get $l) (i32.const 1)))
                        (br $lLoop2))))
                  (else
                    (local.set $l (i32.const 0))
                    (block $zDone
                      (loop $zLoop
                        (br_if $zDone (i32.ge_s (local.get $l) (local.get $kb)))
                        (f64.store (local.get $out) (f64.const 0))
                        (local.set $out (i32.add (local.get $out) (i32.const 32)))
                        (local.set $l (i32.add (local.get $l) (i32.const 1)))
                        (br $zLoop)))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $sLoop)))))
        (local.set $Q (i32.add (local.get $Q) (i32.const 1)))
        (br $sliver))))

  ;; Every needed 4×4 tile of an mb×nb block of C from packed slivers; diag is relative to this block's origin.
  (func $macro (param $pa i32) (param $pb i32) (param $kb i32) (param $mb i32) (param $nb i32) (param $c i32) (param $ldc i32)
    (param $alpha f64) (param $mode i32) (param $diag i32) (param $scratch i32)
    (local $P i32) (local $Q i32) (local $i0 i32) (local $j0 i32) (local $sliverBytes i32) (local $ldcBytes i32) (local $skip i32)
    (local.set $sliverBytes (i32.shl (local.get $kb) (i32.const 5)))
    (local.set $ldcBytes (i32.shl (local.get $ldc) (i32.const 3)))
    (local.set $P (i32.const 0))
    (block $pDone
      (loop $pLoop
        (local.set $i0 (i32.shl (local.get $P) (i32.const 2)))
        (br_if $pDone (i32.ge_s (local.get $i0) (local.get $mb)))
        (local.set $Q (i32.const 0))
        (block $qDone
          (loop $qLoop
            (local.set $j0 (i32.shl (local.get $Q) (i32.const 2)))
            (br_if $qDone (i32.ge_s (local.get $j0) (local.get $nb)))
            (local.set $skip (i32.const 0))
            (if (i32.eq (local.get $mode) (i32.const 1))
              (then (local.set $skip (i32.gt_s (local.get $j0) (i32.add (i32.add (local.get $i0) (i32.const 3)) (local.get $diag))))))
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then (local.set $skip (i32.lt_s (i32.add (local.get $j0) (i32.const 3)) (i32.add (local.get $i0) (local.get $diag))))))
            (if (i32.eqz (local.get $skip))
              (then
                (call $tile
                  (i32.add (local.get $pa) (i32.mul (local.get $P) (local.get $sliverBytes)))
                  (i32.add (local.get $pb) (i32.mul (local.get $Q) (local.get $sliverBytes)))
                  (local.get $kb)
                  (i32.add (local.get $c) (i32.add (i32.mul (local.get $i0) (local.get $ldcBytes)) (i32.shl (local.get $j0) (i32.const 3))))
                  (local.get $ldcBytes) (local.get $alpha)
                  (i32.sub (local.get $mb) (local.get $i0)) (i32.sub (local.get $nb) (local.get $j0)) (local.get $scratch))))
            (local.set $Q (i32.add (local.get $Q) (i32.const 1)))
            (br $qLoop)))
        (local.set $P (i32.add (local.get $P) (i32.const 1)))
        (br $pLoop))))

  ;; C[0..mr)[0..nr) += alpha · Σ_l a[l][r]·b[l][s] for one pair of slivers (mr, nr clipped to 4 by the tile).
  (func $tile (param $pa i32) (param $pb i32) (param $kb i32) (param $c i32) (param $ldcBytes i32) (param $alpha f64)
    (param $mr i32) (param $nr i32) (param $scratch i32)
    (local $end i32) (local $s v128) (local $v0 v128) (local $v1 v128) (local $av v128) (local $r i32) (local $q i32) (local $row i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kb) (i32.const 5))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
        (local.set $v0 (v128.load (local.get $pb)))
        (local.set $v1 (v128.load offset=16 (local.get $pb)))
        (local.set $s (v128.load64_splat (local.get $pa)))
        (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load64_splat offset=8 (local.get $pa)))
        (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load64_splat offset=16 (local.get $pa)))
        (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load64_splat offset=24 (local.get $pa)))
        (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $s) (local.get $v0))))
        (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $s) (local.get $v1))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
        (br $l)))
    (local.set $av (f64x2.splat (local.get $alpha)))
    (if (i32.and (i32.ge_s (local.get $mr) (i32.const 4)) (i32.ge_s (local.get $nr) (i32.const 4)))
      (then
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.mul (local.get $av) (local.get $a00))))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.mul (local.get $av) (local.get $a01))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.mul (local.get $av) (local.get $a10))))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.mul (local.get $av) (local.get $a11))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.mul (local.get $av) (local.get $a20))))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.mul (local.get $av) (local.get $a21))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.mul (local.get $av) (local.get $a30))))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (f64x2.mul (local.get $av) (local.get $a31))))
        (return)))
    ;; An edge tile: through the scratch tile, entry by entry.
    (v128.store (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a00)))
    (v128.store offset=16 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a01)))
    (v128.store offset=32 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a10)))
    (v128.store offset=48 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a11)))
    (v128.store offset=64 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a20)))
    (v128.store offset=80 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a21)))
    (v128.store offset=96 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a30)))
    (v128.store offset=112 (local.get $scratch) (f64x2.mul (local.get $av) (local.get $a31)))
    (if (i32.gt_s (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
    (if (i32.gt_s (local.get $nr) (i32.const 4)) (then (local.set $nr (i32.const 4))))
    (local.set $r (i32.const 0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $mr)))
        (local.set $row (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldcBytes))))
        (local.set $q (i32.const 0))
        (block $qDone
          (loop $qLoop
            (br_if $qDone (i32.ge_s (local.get $q) (local.get $nr)))
            (f64.store (i32.add (local.get $row) (i32.shl (local.get $q) (i32.const 3)))
              (f64.add (f64.load (i32.add (local.get $row) (i32.shl (local.get $q) (i32.const 3))))
                (f64.load (i32.add (local.get $scratch) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 2)) (local.get $q)) (i32.const 3))))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $qLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; symvUpper: y[i] += Σ_l A(i,l)·x[l] for rows i ∈ [r0, r1) of a symmetric n×n A of which only the upper triangle
  ;; is read (row i from its diagonal on, A(i,l) at a + 8(i·lda + l)); each stored entry serves both A(i,l)·x[l]
  ;; and A(l,i)·x[i]. Rows are taken four at a time (then two, then one at the end of the range), so that x and y
  ;; are read once per four rows of A; a range of rows is a share of the work that one thread can do into its own y.
  (func (export "symvUpper") (param $a i32) (param $lda i32) (param $n i32) (param $x i32) (param $y i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $l i32) (local $row0 i32) (local $row1 i32) (local $ldaBytes i32) (local $p i32)
    (local $xi f64) (local $xi1 f64) (local $a01 f64) (local $s0 f64) (local $s1 f64)
    (local $acc0 v128) (local $acc1 v128) (local $v0 v128) (local $v1 v128) (local $xv v128) (local $bx0 v128) (local $bx1 v128)
    (local.set $ldaBytes (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $i (local.get $r0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $r1)))
        (if (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $r1))
          (then
            (call $symv4 (local.get $a) (local.get $ldaBytes) (local.get $n) (local.get $x) (local.get $y) (local.get $i))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (local.set $row0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldaBytes))))
        (local.set $xi (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
        (if (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $r1))
          (then
            ;; One row alone: y[i] += A(i,i)x[i] + Σ_{l>i} A(i,l)x[l]; y[l] += A(i,l)x[i].
            (local.set $s0 (f64.mul (f64.load (i32.add (local.get $row0) (i32.shl (local.get $i) (i32.const 3)))) (local.get $xi)))
            (local.set $l (i32.add (local.get $i) (i32.const 1)))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_s (local.get $l) (local.get $n)))
                (local.set $p (i32.shl (local.get $l) (i32.const 3)))
                (local.set $s0 (f64.add (local.get $s0)
                  (f64.mul (f64.load (i32.add (local.get $row0) (local.get $p))) (f64.load (i32.add (local.get $x) (local.get $p))))))
                (f64.store (i32.add (local.get $y) (local.get $p))
                  (f64.add (f64.load (i32.add (local.get $y) (local.get $p)))
                    (f64.mul (f64.load (i32.add (local.get $row0) (local.get $p))) (local.get $xi))))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $tail)))
            (local.set $p (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $s0)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $row1 (i32.add (local.get $row0) (local.get $ldaBytes)))
        (local.set $xi1 (f64.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 3)))))
        ;; The 2×2 diagonal block.
        (local.set $p (i32.shl (local.get $i) (i32.const 3)))
        (local.set $a01 (f64.load offset=8 (i32.add (local.get $row0) (local.get $p))))
        (local.set $s0 (f64.add (f64.mul (f64.load (i32.add (local.get $row0) (local.get $p))) (local.get $xi)) (f64.mul (local.get $a01) (local.get $xi1))))
        (local.set $s1 (f64.add (f64.mul (local.get $a01) (local.get $xi)) (f64.mul (f64.load offset=8 (i32.add (local.get $row1) (local.get $p))) (local.get $xi1))))
        (local.set $acc0 (v128.const i64x2 0 0))
        (local.set $acc1 (v128.const i64x2 0 0))
        (local.set $bx0 (f64x2.splat (local.get $xi)))
        (local.set $bx1 (f64x2.splat (local.get $xi1)))
        (local.set $l (i32.add (local.get $i) (i32.const 2)))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.gt_s (i32.add (local.get $l) (i32.const 1)) (i32.sub (local.get $n) (i32.const 1))))
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (local.set $v0 (v128.load (i32.add (local.get $row0) (local.get $p))))
            (local.set $v1 (v128.load (i32.add (local.get $row1) (local.get $p))))
            (local.set $xv (v128.load (i32.add (local.get $x) (local.get $p))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $v0) (local.get $xv))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $v1) (local.get $xv))))
            (v128.store (i32.add (local.get $y) (local.get $p))
              (f64x2.add (v128.load (i32.add (local.get $y) (local.get $p)))
                (f64x2.add (f64x2.mul (local.get $v0) (local.get $bx0)) (f64x2.mul (local.get $v1) (local.get $bx1)))))
            (local.set $l (i32.add (local.get $l) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_s (local.get $l) (local.get $n))
          (then
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $row0) (local.get $p))) (f64.load (i32.add (local.get $x) (local.get $p))))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (i32.add (local.get $row1) (local.get $p))) (f64.load (i32.add (local.get $x) (local.get $p))))))
            (f64.store (i32.add (local.get $y) (local.get $p))
              (f64.add (f64.load (i32.add (local.get $y) (local.get $p)))
                (f64.add (f64.mul (f64.load (i32.add (local.get $row0) (local.get $p))) (local.get $xi))
                  (f64.mul (f64.load (i32.add (local.get $row1) (local.get $p))) (local.get $xi1)))))))
        (local.set $p (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
          (f64.add (local.get $s0) (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))))
        (f64.store offset=8 (local.get $p) (f64.add (f64.load offset=8 (local.get $p))
          (f64.add (local.get $s1) (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))

  ;; Rows i..i+3 of symvUpper: the 4×4 diagonal block entry by entry, then two columns at a time for all four rows.
  (func $symv4 (param $a i32) (param $ldaBytes i32) (param $n i32) (param $x i32) (param $y i32) (param $i i32)
    (local $r i32) (local $c i32) (local $l i32) (local $p i32) (local $v f64) (local $row i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $xv v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldaBytes))))
    (local.set $r1 (i32.add (local.get $r0) (local.get $ldaBytes)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $ldaBytes)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $ldaBytes)))
    ;; The diagonal block: y[i+r] += A(i+r,i+c)·x[i+c] for c ≥ r, y[i+c] += A(i+r,i+c)·x[i+r] for c > r.
    (local.set $r (i32.const 0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (i32.const 4)))
        (local.set $row (i32.add (local.get $r0) (i32.mul (local.get $r) (local.get $ldaBytes))))
        (local.set $c (local.get $r))
        (block $cDone
          (loop $cLoop
            (br_if $cDone (i32.ge_s (local.get $c) (i32.const 4)))
            (local.set $v (f64.load (i32.add (local.get $row) (i32.shl (i32.add (local.get $i) (local.get $c)) (i32.const 3)))))
            (local.set $p (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 3))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
              (f64.mul (local.get $v) (f64.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $i) (local.get $c)) (i32.const 3)))))))
            (if (i32.gt_s (local.get $c) (local.get $r))
              (then
                (local.set $p (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (local.get $c)) (i32.const 3))))
                (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
                  (f64.mul (local.get $v) (f64.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 3)))))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
    (local.set $p (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
    (local.set $b0 (v128.load64_splat (local.get $p)))
    (local.set $b1 (v128.load64_splat offset=8 (local.get $p)))
    (local.set $b2 (v128.load64_splat offset=16 (local.get $p)))
    (local.set $b3 (v128.load64_splat offset=24 (local.get $p)))
    (local.set $l (i32.add (local.get $i) (i32.const 4)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.gt_s (i32.add (local.get $l) (i32.const 2)) (local.get $n)))
        (local.set $p (i32.shl (local.get $l) (i32.const 3)))
        (local.set $v0 (v128.load (i32.add (local.get $r0) (local.get $p))))
        (local.set $v1 (v128.load (i32.add (local.get $r1) (local.get $p))))
        (local.set $v2 (v128.load (i32.add (local.get $r2) (local.get $p))))
        (local.set $v3 (v128.load (i32.add (local.get $r3) (local.get $p))))
        (local.set $xv (v128.load (i32.add (local.get $x) (local.get $p))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $v0) (local.get $xv))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $v1) (local.get $xv))))
        (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $v2) (local.get $xv))))
        (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $v3) (local.get $xv))))
        (v128.store (i32.add (local.get $y) (local.get $p))
          (f64x2.add (v128.load (i32.add (local.get $y) (local.get $p)))
            (f64x2.add
              (f64x2.add (f64x2.mul (local.get $v0) (local.get $b0)) (f64x2.mul (local.get $v1) (local.get $b1)))
              (f64x2.add (f64x2.mul (local.get $v2) (local.get $b2)) (f64x2.mul (local.get $v3) (local.get $b3))))))
        (local.set $l (i32.add (local.get $l) (i32.const 2)))
        (br $pairs)))
    (local.set $s0 (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
    (local.set $s1 (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1))))
    (local.set $s2 (f64.add (f64x2.extract_lane 0 (local.get $acc2)) (f64x2.extract_lane 1 (local.get $acc2))))
    (local.set $s3 (f64.add (f64x2.extract_lane 0 (local.get $acc3)) (f64x2.extract_lane 1 (local.get $acc3))))
    (if (i32.lt_s (local.get $l) (local.get $n))
      (then
        (local.set $p (i32.shl (local.get $l) (i32.const 3)))
        (local.set $v (f64.load (i32.add (local.get $x) (local.get $p))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $r0) (local.get $p))) (local.get $v))))
        (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (i32.add (local.get $r1) (local.get $p))) (local.get $v))))
        (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load (i32.add (local.get $r2) (local.get $p))) (local.get $v))))
        (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load (i32.add (local.get $r3) (local.get $p))) (local.get $v))))
        (f64.store (i32.add (local.get $y) (local.get $p))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $p)))
            (f64.add
              (f64.add (f64.mul (f64.load (i32.add (local.get $r0) (local.get $p))) (f64x2.extract_lane 0 (local.get $b0)))
                (f64.mul (f64.load (i32.add (local.get $r1) (local.get $p))) (f64x2.extract_lane 0 (local.get $b1))))
              (f64.add (f64.mul (f64.load (i32.add (local.get $r2) (local.get $p))) (f64x2.extract_lane 0 (local.get $b2)))
                (f64.mul (f64.load (i32.add (local.get $r3) (local.get $p))) (f64x2.extract_lane 0 (local.get $b3)))))))))
    (local.set $p (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
    (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $s0)))
    (f64.store offset=8 (local.get $p) (f64.add (f64.load offset=8 (local.get $p)) (local.get $s1)))
    (f64.store offset=16 (local.get $p) (f64.add (f64.load offset=16 (local.get $p)) (local.get $s2)))
    (f64.store offset=24 (local.get $p) (f64.add (f64.load offset=24 (local.get $p)) (local.get $s3))))

  ;; dotRows: out[r] = Σ_{l<len} rows[r][l]·x[l] for `count` rows at rows + 8·r·stride.
  (func (export "dotRows") (param $rows i32) (param $stride i32) (param $count i32) (param $x i32) (param $len i32) (param $out i32)
    (local $r i32) (local $l i32) (local $row i32) (local $p i32) (local $acc v128) (local $s f64)
    (local.set $r (i32.const 0))
    (block $done
      (loop $rLoop
        (br_if $done (i32.ge_s (local.get $r) (local.get $count)))
        (local.set $row (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 3))))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $l (i32.const 0))
        (block $lDone
          (loop $lLoop
            (br_if $lDone (i32.gt_s (i32.add (local.get $l) (i32.const 2)) (local.get $len)))
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (local.set $acc (f64x2.add (local.get $acc)
              (f64x2.mul (v128.load (i32.add (local.get $row) (local.get $p))) (v128.load (i32.add (local.get $x) (local.get $p))))))
            (local.set $l (i32.add (local.get $l) (i32.const 2)))
            (br $lLoop)))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_s (local.get $l) (local.get $len))
          (then
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $row) (local.get $p))) (f64.load (i32.add (local.get $x) (local.get $p))))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (local.get $s))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; axpyRows: y[l] += Σ_r coef[r]·rows[r][l] for l < len, `count` rows at rows + 8·r·stride, two rows per pass.
  (func (export "axpyRows") (param $rows i32) (param $stride i32) (param $count i32) (param $coef i32) (param $y i32) (param $len i32)
    (local $r i32) (local $l i32) (local $row0 i32) (local $row1 i32) (local $p i32) (local $c0 v128) (local $c1 v128) (local $strideBytes i32)
    (local.set $strideBytes (i32.shl (local.get $stride) (i32.const 3)))
    (local.set $r (i32.const 0))
    (block $done
      (loop $rLoop
        (br_if $done (i32.ge_s (local.get $r) (local.get $count)))
        (local.set $row0 (i32.add (local.get $rows) (i32.mul (local.get $r) (local.get $strideBytes))))
        (local.set $c0 (v128.load64_splat (i32.add (local.get $coef) (i32.shl (local.get $r) (i32.const 3)))))
        (if (i32.lt_s (i32.add (local.get $r) (i32.const 1)) (local.get $count))
          (then
            (local.set $row1 (i32.add (local.get $row0) (local.get $strideBytes)))
            (local.set $c1 (v128.load64_splat offset=8 (i32.add (local.get $coef) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $r (i32.add (local.get $r) (i32.const 2))))
          (else
            ;; The last row alone: pair it with itself at a zero coefficient.
            (local.set $row1 (local.get $row0))
            (local.set $c1 (v128.const i64x2 0 0))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))))
        (local.set $l (i32.const 0))
        (block $lDone
          (loop $lLoop
            (br_if $lDone (i32.gt_s (i32.add (local.get $l) (i32.const 2)) (local.get $len)))
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (v128.store (i32.add (local.get $y) (local.get $p))
              (f64x2.add (v128.load (i32.add (local.get $y) (local.get $p)))
                (f64x2.add (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $row0) (local.get $p))))
                  (f64x2.mul (local.get $c1) (v128.load (i32.add (local.get $row1) (local.get $p)))))))
            (local.set $l (i32.add (local.get $l) (i32.const 2)))
            (br $lLoop)))
        (if (i32.lt_s (local.get $l) (local.get $len))
          (then
            (local.set $p (i32.shl (local.get $l) (i32.const 3)))
            (f64.store (i32.add (local.get $y) (local.get $p))
              (f64.add (f64.load (i32.add (local.get $y) (local.get $p)))
                (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $c0)) (f64.load (i32.add (local.get $row0) (local.get $p))))
                  (f64.mul (f64x2.extract_lane 0 (local.get $c1)) (f64.load (i32.add (local.get $row1) (local.get $p)))))))))
        (br $rLoop))))

  ;; ldlSquares: out[s·ldo + c] = Σ_k y_k[c]²·invd[s·n + k] for the columns c < cols of the n-row block M at m (row k
  ;; at m + 8·k·ldm), where y_k = M_k − l[s·n + k]·y_{k−1} (y_{−1} = 0): for every shift s < shifts, the diagonal of
  ;; Mᵀ·(L·D·Lᵀ)⁻¹·M with L unit lower bidiagonal (subdiagonal l) and D = 1/invd — one forward substitution per
  ;; column, its squares summed on the fly. Columns go eight at a time (then two, then one); a column range is a share
  ;; that one thread can take, as every column is independent.
  (func (export "ldlSquares") (param $m i32) (param $ldm i32) (param $cols i32) (param $n i32) (param $shifts i32)
      (param $l i32) (param $invd i32) (param $out i32) (param $ldo i32)
    (local $c i32) (local $s i32) (local $k i32) (local $row i32) (local $ldmBytes i32) (local $lp i32) (local $ip i32)
    (local $o i32) (local $width i32)
    (local $bl v128) (local $bi v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $ys f64) (local $as f64)
    (local.set $ldmBytes (i32.shl (local.get $ldm) (i32.const 3)))
    (local.set $c (i32.const 0))
    (block $colsDone
      (loop $colLoop
        (br_if $colsDone (i32.ge_s (local.get $c) (local.get $cols)))
        (local.set $width
          (if (result i32) (i32.le_s (i32.add (local.get $c) (i32.const 8)) (local.get $cols))
            (then (i32.const 8))
            (else (if (result i32) (i32.le_s (i32.add (local.get $c) (i32.const 2)) (local.get $cols))
              (then (i32.const 2)) (else (i32.const 1))))))
        (local.set $s (i32.const 0))
        (block $sDone
          (loop $sLoop
            (br_if $sDone (i32.ge_s (local.get $s) (local.get $shifts)))
            (local.set $lp (i32.add (local.get $l) (i32.shl (i32.mul (local.get $s) (local.get $n)) (i32.const 3))))
            (local.set $ip (i32.add (local.get $invd) (i32.shl (i32.mul (local.get $s) (local.get $n)) (i32.const 3))))
            (local.set $row (i32.add (local.get $m) (i32.shl (local.get $c) (i32.const 3))))
            (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $s) (local.get $ldo)) (local.get $c)) (i32.const 3))))
            (local.set $k (i32.const 0))
            (if (i32.eq (local.get $width) (i32.const 8))
              (then
                (local.set $y0 (v128.const i64x2 0 0))
                (local.set $y1 (v128.const i64x2 0 0))
                (local.set $y2 (v128.const i64x2 0 0))
                (local.set $y3 (v128.const i64x2 0 0))
                (local.set $a0 (v128.const i64x2 0 0))
                (local.set $a1 (v128.const i64x2 0 0))
                (local.set $a2 (v128.const i64x2 0 0))
                (local.set $a3 (v128.const i64x2 0 0))
                (block $kDone
                  (loop $kLoop
                    (br_if $kDone (i32.ge_s (local.get $k) (local.get $n)))
                    (local.set $bl (v128.load64_splat (local.get $lp)))
                    (local.set $bi (v128.load64_splat (local.get $ip)))
                    (local.set $y0 (f64x2.sub (v128.load (local.get $row)) (f64x2.mul (local.get $bl) (local.get $y0))))
                    (local.set $y1 (f64x2.sub (v128.load offset=16 (local.get $row)) (f64x2.mul (local.get $bl) (local.get $y1))))
                    (local.set $y2 (f64x2.sub (v128.load offset=32 (local.get $row)) (f64x2.mul (local.get $bl) (local.get $y2))))
                    (local.set $y3 (f64x2.sub (v128.load offset=48 (local.get $row)) (f64x2.mul (local.get $bl) (local.get $y3))))
                    (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (f64x2.mul (local.get $y0) (local.get $y0)) (local.get $bi))))
                    (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (f64x2.mul (local.get $y1) (local.get $y1)) (local.get $bi))))
                    (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (f64x2.mul (local.get $y2) (local.get $y2)) (local.get $bi))))
                    (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (f64x2.mul (local.get $y3) (local.get $y3)) (local.get $bi))))
                    (local.set $row (i32.add (local.get $row) (local.get $ldmBytes)))
                    (local.set $lp (i32.add (local.get $lp) (i32.const 8)))
                    (local.set $ip (i32.add (local.get $ip) (i32.const 8)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $kLoop)))
                (v128.store (local.get $o) (local.get $a0))
                (v128.store offset=16 (local.get $o) (local.get $a1))
                (v128.store offset=32 (local.get $o) (local.get $a2))
                (v128.store offset=48 (local.get $o) (local.get $a3)))
              (else
                (if (i32.eq (local.get $width) (i32.const 2))
                  (then
                    (local.set $y0 (v128.const i64x2 0 0))
                    (local.set $a0 (v128.const i64x2 0 0))
                    (block $k2Done
                      (loop $k2Loop
                        (br_if $k2Done (i32.ge_s (local.get $k) (local.get $n)))
                        (local.set $y0 (f64x2.sub (v128.load (local.get $row)) (f64x2.mul (v128.load64_splat (local.get $lp)) (local.get $y0))))
                        (local.set $a0 (f64x2.add (local.get $a0)
                          (f64x2.mul (f64x2.mul (local.get $y0) (local.get $y0)) (v128.load64_splat (local.get $ip)))))
                        (local.set $row (i32.add (local.get $row) (local.get $ldmBytes)))
                        (local.set $lp (i32.add (local.get $lp) (i32.const 8)))
                        (local.set $ip (i32.add (local.get $ip) (i32.const 8)))
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (br $k2Loop)))
                    (v128.store (local.get $o) (local.get $a0)))
                  (else
                    (local.set $ys (f64.const 0))
                    (local.set $as (f64.const 0))
                    (block $k1Done
                      (loop $k1Loop
                        (br_if $k1Done (i32.ge_s (local.get $k) (local.get $n)))
                        (local.set $ys (f64.sub (f64.load (local.get $row)) (f64.mul (f64.load (local.get $lp)) (local.get $ys))))
                        (local.set $as (f64.add (local.get $as) (f64.mul (f64.mul (local.get $ys) (local.get $ys)) (f64.load (local.get $ip)))))
                        (local.set $row (i32.add (local.get $row) (local.get $ldmBytes)))
                        (local.set $lp (i32.add (local.get $lp) (i32.const 8)))
                        (local.set $ip (i32.add (local.get $ip) (i32.const 8)))
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (br $k1Loop)))
                    (f64.store (local.get $o) (local.get $as))))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $sLoop)))
        (local.set $c (i32.add (local.get $c) (local.get $width)))
        (br $colLoop))))
)
