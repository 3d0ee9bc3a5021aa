;; float32 kernels for tfjs' wasm backend, run on its own heap (the memory is imported: unshared, or shared where
;; tfjs runs its threaded build), f32x4 SIMD (wasm has no FMA: each step is a multiply and an add, both rounded):
;; matrix products, and one optimizer step per variable. Pointers are byte offsets; leading dimensions count values.
;; The memory declaration below is rewritten by wasm/build-wasm.cjs.
(module
  (memory (export "memory") 1)

  ;; gemm: C = op(A)·op(B), op(A) m×k, op(B) k×n, C m×n row-major (ldc). ta = 0: A(i,l) at a + 4(i·lda + l);
  ;; ta = 1: at a + 4(l·lda + i) (A stored k×m). tb likewise for B (tb = 1: B(l,j) at b + 4(j·ldb + l)).
  ;; op(A) is read in place; op(B) is packed by blocks of KC = 256 rows and NC = 256 columns into 8-column slivers
  ;; at `work` + 128 (the first 128 bytes are a 4×8 tile of scratch; the slivers take min(k, 256)·min(n', 256)
  ;; floats, n' = n rounded up to a multiple of 8). Each entry is the sum over l in order, KC terms at a time
  ;; added to C: one fixed order for given shapes.
  (func (export "gemm")
    (param $a i32) (param $lda i32) (param $ta i32) (param $b i32) (param $ldb i32) (param $tb i32)
    (param $c i32) (param $ldc i32) (param $m i32) (param $n i32) (param $k i32) (param $work i32)
    (local $j0 i32) (local $nb i32) (local $l0 i32) (local $kb i32) (local $q i32) (local $i i32)
    (local $aRow i32) (local $aCol i32) (local $tile i32) (local $nr i32) (local $pa i32)
    (local.set $tile (local.get $work))
    (local.set $work (i32.add (local.get $work) (i32.const 128)))
    (if (local.get $ta)
      (then
        (local.set $aRow (i32.const 4))
        (local.set $aCol (i32.shl (local.get $lda) (i32.const 2))))
      (else
        (local.set $aRow (i32.shl (local.get $lda) (i32.const 2)))
        (local.set $aCol (i32.const 4))))
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j0) (local.get $n)))
        (local.set $nb (select (i32.sub (local.get $n) (local.get $j0)) (i32.const 256)
          (i32.lt_s (i32.sub (local.get $n) (local.get $j0)) (i32.const 256))))
        (local.set $l0 (i32.const 0))
        (block $lDone
          (loop $lLoop
            (br_if $lDone (i32.ge_s (local.get $l0) (local.get $k)))
            (local.set $kb (select (i32.sub (local.get $k) (local.get $l0)) (i32.const 256)
              (i32.lt_s (i32.sub (local.get $k) (local.get $l0)) (i32.const 256))))
            (call $packB (local.get $b) (local.get $ldb) (local.get $tb) (local.get $l0) (local.get $kb)
              (local.get $j0) (local.get $nb) (local.get $work))
            ;; Each 8-column sliver of the block against every 4-row sliver of op(A).
            (local.set $q (i32.const 0))
            (block $qDone
              (loop $qLoop
                (br_if $qDone (i32.ge_s (local.get $q) (local.get $nb)))
                (local.set $nr (select (i32.sub (local.get $nb) (local.get $q)) (i32.const 8)
                  (i32.lt_s (i32.sub (local.get $nb) (local.get $q)) (i32.const 8))))
                (local.set $i (i32.const 0))
                (block $iDone
                  (loop $iLoop
                    (br_if $iDone (i32.ge_s (local.get $i) (local.get $m)))
                    ;; op(A)(i, l0) by the strides of its storage.
                    (local.set $pa (i32.add (local.get $a)
                      (i32.add (i32.mul (local.get $i) (local.get $aRow)) (i32.mul (local.get $l0) (local.get $aCol)))))
                    (call $tile
                      (local.get $pa) (local.get $aRow) (local.get $aCol)
                      (i32.add (local.get $work) (i32.mul (local.get $q) (i32.shl (local.get $kb) (i32.const 2))))
                      (local.get $kb)
                      (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc))
                        (i32.add (local.get $j0) (local.get $q))) (i32.const 2)))
                      (i32.shl (local.get $ldc) (i32.const 2))
                      (select (i32.sub (local.get $m) (local.get $i)) (i32.const 4)
                        (i32.lt_s (i32.sub (local.get $m) (local.get $i)) (i32.const 4)))
                      (local.get $nr)
                      (local.get $l0)
                      (local.get $tile))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $iLoop)))
                (local.set $q (i32.add (local.get $q) (i32.const 8)))
                (br $qLoop)))
            (local.set $l0 (i32.add (local.get $l0) (i32.const 256)))
            (br $lLoop)))
        (local.set $j0 (i32.add (local.get $j0) (i32.const 256)))
        (br $jLoop))))

  ;; Packs op(B) rows [l0, l0+kb), columns [j0, j0+nb) as 8-column slivers: sliver Q (columns j0+8Q..) holds, for
  ;; each l, the 8 values B(l0+l, j0+8Q+s), s = 0..7, zeros past nb. Sliver Q starts at dst + 32·Q·kb.
  (func $packB (param $b i32) (param $ldb i32) (param $tb i32) (param $l0 i32) (param $kb i32) (param $j0 i32)
    (param $nb i32) (param $dst i32)
    (local $q i32) (local $l i32) (local $s i32) (local $src i32) (local $out i32) (local $rowBytes i32) (local $j i32)
    (local.set $rowBytes (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $out (local.get $dst))
    (block $qDone
      (loop $qLoop
        (br_if $qDone (i32.ge_s (local.get $q) (local.get $nb)))
        (local.set $j (i32.add (local.get $j0) (local.get $q)))
        (if (i32.and (i32.eqz (local.get $tb)) (i32.le_s (i32.add (local.get $q) (i32.const 8)) (local.get $nb)))
          (then
            ;; A full sliver of a row-major B: 8 contiguous values per row.
            (local.set $src (i32.add (local.get $b)
              (i32.shl (i32.add (i32.mul (local.get $l0) (local.get $ldb)) (local.get $j)) (i32.const 2))))
            (local.set $l (i32.const 0))
            (block $lDone
              (loop $lLoop
                (br_if $lDone (i32.ge_s (local.get $l) (local.get $kb)))
                (v128.store (local.get $out) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
                (local.set $out (i32.add (local.get $out) (i32.const 32)))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $lLoop))))
          (else
            ;; Value by value (a transposed B, or the last, partial sliver).
            (local.set $l (i32.const 0))
            (block $lDone2
              (loop $lLoop2
                (br_if $lDone2 (i32.ge_s (local.get $l) (local.get $kb)))
                (local.set $s (i32.const 0))
                (block $sDone
                  (loop $sLoop
                    (br_if $sDone (i32.ge_s (local.get $s) (i32.const 8)))
                    (f32.store (local.get $out)
                      (if (result f32) (i32.lt_s (i32.add (local.get $q) (local.get $s)) (local.get $nb))
                        (then
                          (f32.load (i32.add (local.get $b) (i32.shl
                            (if (result i32) (local.get $tb)
                              (then (i32.add (i32.mul (i32.add (local.get $j) (local.get $s)) (local.get $ldb))
                                (i32.add (local.get $l0) (local.get $l))))
                              (else (i32.add (i32.mul (i32.add (local.get $l0) (local.get $l)) (local.get $ldb))
                                (i32.add (local.get $j) (local.get $s)))))
                            (i32.const 2)))))
                        (else (f32.const 0))))
                    (local.set $out (i32.add (local.get $out) (i32.const 4)))
                    (local.set $s (i32.add (local.get $s) (i32.const 1)))
                    (br $sLoop)))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $lLoop2)))))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $qLoop))))

  ;; One 4×8 tile: C[i+r][j+s] (+)= Σ_{l<kb} A(i+r, l)·Bsliver[l][s] for r < mr, s < nr. Row r of op(A) starts at
  ;; pa + r·aRow and steps by aCol; rows past mr read row 0 (their sums are never written). With l0 = 0 the tile
  ;; is stored, else added to C. Partial tiles go through the scratch tile.
  (func $tile (param $pa i32) (param $aRow i32) (param $aCol i32) (param $pb i32) (param $kb i32) (param $c i32)
    (param $ldcBytes i32) (param $mr i32) (param $nr i32) (param $l0 i32) (param $scratch i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $end i32)
    (local $s v128) (local $v0 v128) (local $v1 v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $r i32) (local $col i32) (local $dst i32) (local $src i32)
    (local.set $p0 (local.get $pa))
    (local.set $p1 (select (i32.add (local.get $pa) (local.get $aRow)) (local.get $pa) (i32.gt_s (local.get $mr) (i32.const 1))))
    (local.set $p2 (select (i32.add (local.get $pa) (i32.shl (local.get $aRow) (i32.const 1))) (local.get $pa)
      (i32.gt_s (local.get $mr) (i32.const 2))))
    (local.set $p3 (select (i32.add (local.get $pa) (i32.mul (local.get $aRow) (i32.const 3))) (local.get $pa)
      (i32.gt_s (local.get $mr) (i32.const 3))))
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kb) (i32.const 5))))
    (block $lDone
      (loop $lLoop
        (br_if $lDone (i32.ge_u (local.get $pb) (local.get $end)))
        (local.set $v0 (v128.load (local.get $pb)))
        (local.set $v1 (v128.load offset=16 (local.get $pb)))
        (local.set $s (v128.load32_splat (local.get $p0)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $v0))))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load32_splat (local.get $p1)))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $v0))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load32_splat (local.get $p2)))
        (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $v0))))
        (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $v1))))
        (local.set $s (v128.load32_splat (local.get $p3)))
        (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $v0))))
        (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $v1))))
        (local.set $p0 (i32.add (local.get $p0) (local.get $aCol)))
        (local.set $p1 (i32.add (local.get $p1) (local.get $aCol)))
        (local.set $p2 (i32.add (local.get $p2) (local.get $aCol)))
        (local.set $p3 (i32.add (local.get $p3) (local.get $aCol)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
        (br $lLoop)))
    (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
      (then
        (call $put (local.get $c) (local.get $a00) (local.get $a01) (local.get $l0))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (call $put (local.get $c) (local.get $a10) (local.get $a11) (local.get $l0))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (call $put (local.get $c) (local.get $a20) (local.get $a21) (local.get $l0))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (call $put (local.get $c) (local.get $a30) (local.get $a31) (local.get $l0))
        (return)))
    (v128.store (local.get $scratch) (local.get $a00))
    (v128.store offset=16 (local.get $scratch) (local.get $a01))
    (v128.store offset=32 (local.get $scratch) (local.get $a10))
    (v128.store offset=48 (local.get $scratch) (local.get $a11))
    (v128.store offset=64 (local.get $scratch) (local.get $a20))
    (v128.store offset=80 (local.get $scratch) (local.get $a21))
    (v128.store offset=96 (local.get $scratch) (local.get $a30))
    (v128.store offset=112 (local.get $scratch) (local.get $a31))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_s (local.get $r) (local.get $mr)))
        (local.set $col (i32.const 0))
        (block $cDone
          (loop $cLoop
            (br_if $cDone (i32.ge_s (local.get $col) (local.get $nr)))
            (local.set $dst (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldcBytes)))
              (i32.shl (local.get $col) (i32.const 2))))
            (local.set $src (i32.add (local.get $scratch)
              (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $col)) (i32.const 2))))
            (f32.store (local.get $dst)
              (if (result f32) (local.get $l0)
                (then (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
                (else (f32.load (local.get $src)))))
            (local.set $col (i32.add (local.get $col) (i32.const 1)))
            (br $cLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; C[0..8) at c = (lo, hi), or += with `add`.
  (func $put (param $c i32) (param $lo v128) (param $hi v128) (param $add i32)
    (if (local.get $add)
      (then
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $lo)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $hi))))
      (else
        (v128.store (local.get $c) (local.get $lo))
        (v128.store offset=16 (local.get $c) (local.get $hi)))))

  ;; biasAct: C[i][j] = act(C[i][j] + bias[j]) for a rows×cols row-major C; bias may be 0 (none); relu ≠ 0:
  ;; act = max(·, 0) as tfjs' Relu (x < 0 → 0, else x), else the identity.
  (func (export "biasAct") (param $c i32) (param $rows i32) (param $cols i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $p i32) (local $v v128) (local $x f32) (local $zero v128) (local $vecEnd i32)
    (local.set $vecEnd (i32.and (local.get $cols) (i32.const -4)))
    (local.set $p (local.get $c))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_s (local.get $j) (local.get $vecEnd)))
            (local.set $v (v128.load (local.get $p)))
            (if (local.get $bias)
              (then (local.set $v (f32x4.add (local.get $v)
                (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
            (if (local.get $relu)
              (then (local.set $v (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (local.get $zero))))))
            (v128.store (local.get $p) (local.get $v))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jLoop)))
        (block $tDone
          (loop $tLoop
            (br_if $tDone (i32.ge_s (local.get $j) (local.get $cols)))
            (local.set $x (f32.load (local.get $p)))
            (if (local.get $bias)
              (then (local.set $x (f32.add (local.get $x)
                (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
            (if (i32.and (local.get $relu) (f32.lt (local.get $x) (f32.const 0)))
              (then (local.set $x (f32.const 0))))
            (f32.store (local.get $p) (local.get $x))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))

  ;; denseBackward: for a dense layer's output gradient dy and output y (rows×cols, row-major): with relu ≠ 0,
  ;; dz = dy·step(y), step 1 where y > 0, 0 elsewhere and NaN where y is NaN — tfjs' Relu gradient, dy·step(x) of
  ;; the pre-activation x, which is positive or NaN exactly where y = relu(x) is — written at dz; db[j] =
  ;; Σ_i dz[i][j], summed in row order (relu = 0: of dy itself, and dz is not written).
  (func (export "denseBackward") (param $dy i32) (param $y i32) (param $dz i32) (param $db i32) (param $rows i32)
    (param $cols i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $o i32) (local $v v128) (local $x f32) (local $zero v128) (local $vecEnd i32)
    (local $q i32) (local $yv v128) (local $yx f32) (local $one v128)
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $vecEnd (i32.and (local.get $cols) (i32.const -4)))
    ;; db = 0
    (block $zDone
      (loop $zLoop
        (br_if $zDone (i32.ge_s (local.get $j) (local.get $cols)))
        (f32.store (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $zLoop)))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_s (local.get $j) (local.get $vecEnd)))
            (local.set $v (v128.load (i32.add (local.get $dy) (local.get $o))))
            (if (local.get $relu)
              (then
                (local.set $yv (v128.load (i32.add (local.get $y) (local.get $o))))
                (local.set $v (f32x4.mul (local.get $v)
                  (v128.bitselect (local.get $yv)
                    (v128.and (f32x4.gt (local.get $yv) (local.get $zero)) (local.get $one))
                    (f32x4.ne (local.get $yv) (local.get $yv)))))
                (v128.store (i32.add (local.get $dz) (local.get $o)) (local.get $v))))
            (local.set $q (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $q) (f32x4.add (v128.load (local.get $q)) (local.get $v)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jLoop)))
        (block $tDone
          (loop $tLoop
            (br_if $tDone (i32.ge_s (local.get $j) (local.get $cols)))
            (local.set $x (f32.load (i32.add (local.get $dy) (local.get $o))))
            (if (local.get $relu)
              (then
                (local.set $yx (f32.load (i32.add (local.get $y) (local.get $o))))
                (local.set $x (f32.mul (local.get $x)
                  (select (local.get $yx) (select (f32.const 1) (f32.const 0) (f32.gt (local.get $yx) (f32.const 0)))
                    (f32.ne (local.get $yx) (local.get $yx)))))
                (f32.store (i32.add (local.get $dz) (local.get $o)) (local.get $x))))
            (local.set $q (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2))))
            (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (local.get $x)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop))))

  ;; One optimizer step over float32 arrays. Each function handles the first `bytes` bytes (a multiple of 16) of its
  ;; arrays; the caller does the last 0–3 values. The operations are tfjs 4.22's optimizers', in their order, in IEEE
  ;; single precision, so the results are bit-identical to tf.train.*'s on the wasm backend. A state input may be
  ;; the same array as its output (read before written, element by element).

  ;; out = negRate·g + x
  (func (export "sgd") (param $x i32) (param $g i32) (param $out i32) (param $bytes i32) (param $negRate f32)
    (local $o i32) (local $c v128)
    (local.set $c (f32x4.splat (local.get $negRate)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul (local.get $c) (v128.load (i32.add (local.get $g) (local.get $o))))
            (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; acc' = m·acc + g; out = negRate·acc' + x
  (func (export "momentum")
    (param $x i32) (param $g i32) (param $acc i32) (param $out i32) (param $accOut i32) (param $bytes i32)
    (param $negRate f32) (param $m f32)
    (local $o i32) (local $c v128) (local $mv v128) (local $a v128)
    (local.set $c (f32x4.splat (local.get $negRate)))
    (local.set $mv (f32x4.splat (local.get $m)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $a
          (f32x4.add
            (f32x4.mul (local.get $mv) (v128.load (i32.add (local.get $acc) (local.get $o))))
            (v128.load (i32.add (local.get $g) (local.get $o)))))
        (v128.store (i32.add (local.get $accOut) (local.get $o)) (local.get $a))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul (local.get $c) (local.get $a))
            (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; ms' = ms·decay + g²·(1 − decay); mo' = mo·momentum + g·rate / √(ms' + ε); out = x − mo'
  (func (export "rmsprop")
    (param $x i32) (param $g i32) (param $ms i32) (param $mo i32) (param $out i32) (param $msOut i32) (param $moOut i32)
    (param $bytes i32) (param $rate f32) (param $decay f32) (param $oneMinusDecay f32) (param $momentum f32) (param $eps f32)
    (local $o i32) (local $gi v128) (local $s v128) (local $m v128)
    (local $r v128) (local $d v128) (local $od v128) (local $mm v128) (local $e v128)
    (local.set $r (f32x4.splat (local.get $rate)))
    (local.set $d (f32x4.splat (local.get $decay)))
    (local.set $od (f32x4.splat (local.get $oneMinusDecay)))
    (local.set $mm (f32x4.splat (local.get $momentum)))
    (local.set $e (f32x4.splat (local.get $eps)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $s
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $ms) (local.get $o))) (local.get $d))
            (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $od))))
        (local.set $m
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $mo) (local.get $o))) (local.get $mm))
            (f32x4.div
              (f32x4.mul (local.get $gi) (local.get $r))
              (f32x4.sqrt (f32x4.add (local.get $s) (local.get $e))))))
        (v128.store (i32.add (local.get $msOut) (local.get $o)) (local.get $s))
        (v128.store (i32.add (local.get $moOut) (local.get $o)) (local.get $m))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $m)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))

  ;; m' = m·β1 + g·(1 − β1); v' = v·β2 + g²·(1 − β2); out = (m'/c1) / (√(v'/c2) + ε) · negRate + x
  (func (export "adam")
    (param $x i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $mOut i32) (param $vOut i32)
    (param $bytes i32) (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $c1 f32) (param $c2 f32) (param $eps f32) (param $negRate f32)
    (local $o i32) (local $gi v128) (local $mi v128) (local $vi v128)
    (local $b1 v128) (local $ob1 v128) (local $b2 v128) (local $ob2 v128)
    (local $k1 v128) (local $k2 v128) (local $e v128) (local $c v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $ob1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $ob2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $k1 (f32x4.splat (local.get $c1)))
    (local.set $k2 (f32x4.splat (local.get $c2)))
    (local.set $e (f32x4.splat (local.get $eps)))
    (local.set $c (f32x4.splat (local.get $negRate)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $gi (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $mi
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
            (f32x4.mul (local.get $gi) (local.get $ob1))))
        (local.set $vi
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $ob2))))
        (v128.store (i32.add (local.get $mOut) (local.get $o)) (local.get $mi))
        (v128.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vi))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mi) (local.get $k1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vi) (local.get $k2))) (local.get $e)))
              (local.get $c))
            (v128.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $next))))
)
