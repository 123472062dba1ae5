;; Dense float32 kernels for scoring and k-center, in WebAssembly SIMD (f32x4).
;;
;; Assembled by `npm run build:wasm` into dense-wasm.ts (committed; a test checks the two agree).
;; All pointers are byte offsets into the exported memory; the caller (wasm.ts) lays the data out:
;;   - matrices are row-major float32 with a row stride of `dp` floats (for k-center's candidates dp
;;     is a multiple of 4 with zero padding, so every row is whole 16-byte vectors);
;;   - weights and the labeled set come feature-major (transposed), outputs padded to 4 or 8;
;;   - row counts are padded to the 4-row block with rows the caller makes harmless (zero rows, a
;;     norm of +inf, a bias of -inf, or a minimum of -1).
;; Register blocking: one weight (or labeled) vector feeds 4 rows and one broadcast input feeds 2
;; vectors, so a 4 × 8 block does 8 multiply-adds per 6 loads.
(module
  (memory (export "memory") 1)

  ;; Reduces four f32x4 accumulators to one vector of their four lane sums (a0, a1, a2, a3),
  ;; with interleaves instead of four separate horizontal sums.
  (func $sum4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $u0 v128) (local $u1 v128)
    ;; u0 = [a0₀+a0₂, a1₀+a1₂, a0₁+a0₃, a1₁+a1₃], u1 likewise for a2, a3
    (local.set $u0
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $u1
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u0) (local.get $u1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u0) (local.get $u1))))

  ;; Squared distance from (dot, norms) clipped at 0: max(0, na + nb − 2·dot), lane-wise.
  (func $sqdist (param $na v128) (param $nb v128) (param $dot v128) (result v128)
    (f32x4.pmax
      (f32x4.splat (f32.const 0))
      (f32x4.sub (f32x4.add (local.get $na) (local.get $nb)) (f32x4.add (local.get $dot) (local.get $dot)))))

  ;; Z = X·W + b. X: rows × dp (rows a multiple of 4; only the first d columns are read);
  ;; W: d × kp feature-major, kp a multiple of 4; b: kp; Z: rows × kp.
  ;; A block is 4 rows × 8 outputs (8 accumulators): per feature, two weight vectors and four
  ;; broadcast inputs feed 8 multiply-adds. An odd last group of 4 outputs takes a 4 × 4 block.
  (func (export "scores")
    (param $x i32) (param $rows i32) (param $d i32) (param $dp i32)
    (param $w i32) (param $kp i32) (param $b i32) (param $z i32)
    (local $rb i32) (local $kb i32) (local $r i32) (local $k i32) (local $end i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $pw i32) (local $pz i32)
    (local $w0 v128) (local $w1 v128) (local $s v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $rb (i32.shl (local.get $dp) (i32.const 2)))
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (block $rows_done
      (loop $each_block
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $k (i32.const 0))
        (block $pairs_done
          (loop $each_pair
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (local.get $kp)))
            (local.set $pw (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 2))))
            (local.set $a00 (v128.load (local.get $pw)))
            (local.set $a01 (v128.load offset=16 (local.get $pw)))
            (local.set $a10 (local.get $a00)) (local.set $a11 (local.get $a01))
            (local.set $a20 (local.get $a00)) (local.set $a21 (local.get $a01))
            (local.set $a30 (local.get $a00)) (local.set $a31 (local.get $a01))
            (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rb))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $rb)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $rb)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $rb)))
            (local.set $end (i32.add (local.get $p0) (i32.shl (local.get $d) (i32.const 2))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2))))
            (block $features_done
              (loop $each_feature
                (br_if $features_done (i32.ge_u (local.get $p0) (local.get $end)))
                (local.set $w0 (v128.load (local.get $pw)))
                (local.set $w1 (v128.load offset=16 (local.get $pw)))
                (local.set $s (v128.load32_splat (local.get $p0)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p1)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p2)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p3)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $p0 (i32.add (local.get $p0) (i32.const 4)))
                (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
                (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
                (local.set $p3 (i32.add (local.get $p3) (i32.const 4)))
                (local.set $pw (i32.add (local.get $pw) (local.get $kb)))
                (br $each_feature)))
            (local.set $pz
              (i32.add (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $kb))) (i32.shl (local.get $k) (i32.const 2))))
            (v128.store (local.get $pz) (local.get $a00))
            (v128.store offset=16 (local.get $pz) (local.get $a01))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a10))
            (v128.store offset=16 (local.get $pz) (local.get $a11))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a20))
            (v128.store offset=16 (local.get $pz) (local.get $a21))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a30))
            (v128.store offset=16 (local.get $pz) (local.get $a31))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $each_pair)))
        (if (i32.lt_u (local.get $k) (local.get $kp))
          (then
            (local.set $a00 (v128.load (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 2)))))
            (local.set $a10 (local.get $a00))
            (local.set $a20 (local.get $a00))
            (local.set $a30 (local.get $a00))
            (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rb))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $rb)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $rb)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $rb)))
            (local.set $end (i32.add (local.get $p0) (i32.shl (local.get $d) (i32.const 2))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2))))
            (block $features_done
              (loop $each_feature
                (br_if $features_done (i32.ge_u (local.get $p0) (local.get $end)))
                (local.set $w0 (v128.load (local.get $pw)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (v128.load32_splat (local.get $p0)) (local.get $w0))))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (v128.load32_splat (local.get $p1)) (local.get $w0))))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (v128.load32_splat (local.get $p2)) (local.get $w0))))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (v128.load32_splat (local.get $p3)) (local.get $w0))))
                (local.set $p0 (i32.add (local.get $p0) (i32.const 4)))
                (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
                (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
                (local.set $p3 (i32.add (local.get $p3) (i32.const 4)))
                (local.set $pw (i32.add (local.get $pw) (local.get $kb)))
                (br $each_feature)))
            (local.set $pz
              (i32.add (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $kb))) (i32.shl (local.get $k) (i32.const 2))))
            (v128.store (local.get $pz) (local.get $a00))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a10))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a20))
            (local.set $pz (i32.add (local.get $pz) (local.get $kb)))
            (v128.store (local.get $pz) (local.get $a30))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $each_block))))

  ;; e^x lane-wise in float32 (Cephes expf: x = n·ln 2 + r, |r| ≤ ½ ln 2, a degree-6 polynomial
  ;; for e^r, then 2^n put into the exponent bits); relative error about 1e-7. Inputs below −87.3
  ;; give about 1e-38 instead of a denormal or 0.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.pmax (f32x4.splat (f32.const -87.3)) (f32x4.pmin (f32x4.splat (f32.const 88.3)) (local.get $x))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504088896341)))))
    (local.set $r
      (f32x4.sub
        (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
        (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $p (f32x4.splat (f32.const 1.9875691500e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.3981999507e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 8.3334519073e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 4.1665795894e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.6666665459e-1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 5.0000001201e-1))))
    (local.set $p
      (f32x4.add
        (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
        (f32x4.splat (f32.const 1))))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; Soft-max of each row of Z (rows × kp, padding lanes −∞), written densely to out (rows × K).
  ;; Rows are written in order with whole-vector stores, so a store running past a row's K values
  ;; is overwritten by the next row; out needs 3 floats of room after the last row.
  (func (export "softmax_rows") (param $z i32) (param $rows i32) (param $kp i32) (param $K i32) (param $out i32)
    (local $kb i32) (local $zr i32) (local $zend i32) (local $p i32) (local $o i32) (local $m v128) (local $s v128) (local $e v128)
    (local.set $kb (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $zr (local.get $z))
    (local.set $zend (i32.add (local.get $z) (i32.mul (local.get $rows) (local.get $kb))))
    (local.set $o (local.get $out))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $zr) (local.get $zend)))
        ;; the row's maximum, in every lane
        (local.set $m (v128.load (local.get $zr)))
        (local.set $p (i32.add (local.get $zr) (i32.const 16)))
        (block $done
          (loop $each_vector
            (br_if $done (i32.ge_u (local.get $p) (i32.add (local.get $zr) (local.get $kb))))
            (local.set $m (f32x4.pmax (local.get $m) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $each_vector)))
        (local.set $m (f32x4.pmax (local.get $m) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
        (local.set $m (f32x4.pmax (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
        ;; e^(z − max) in place, and their sum in every lane
        (local.set $s (f32x4.splat (f32.const 0)))
        (local.set $p (local.get $zr))
        (block $done
          (loop $each_vector
            (br_if $done (i32.ge_u (local.get $p) (i32.add (local.get $zr) (local.get $kb))))
            (local.set $e (call $exp4 (f32x4.sub (v128.load (local.get $p)) (local.get $m))))
            (v128.store (local.get $p) (local.get $e))
            (local.set $s (f32x4.add (local.get $s) (local.get $e)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $each_vector)))
        (local.set $s (f32x4.add (local.get $s) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s))))
        (local.set $s (f32x4.add (local.get $s) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $s) (local.get $s))))
        (local.set $s (f32x4.div (f32x4.splat (f32.const 1)) (local.get $s)))
        (local.set $p (local.get $zr))
        (block $done
          (loop $each_vector
            (br_if $done (i32.ge_u (local.get $p) (i32.add (local.get $zr) (local.get $kb))))
            (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $p)) (local.get $s)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $each_vector)))
        ;; back from the end of the padded row to the end of its K values
        (local.set $o (i32.sub (local.get $o) (i32.shl (i32.sub (local.get $kp) (local.get $K)) (i32.const 2))))
        (local.set $zr (i32.add (local.get $zr) (local.get $kb)))
        (br $each_row))))

  ;; out[r] = ‖X[r]‖² for rows × dp (any row count).
  (func (export "sq_norms") (param $x i32) (param $rows i32) (param $dp i32) (param $out i32)
    (local $rb i32) (local $p i32) (local $end i32) (local $o i32) (local $oend i32) (local $acc v128) (local $v v128)
    (local.set $rb (i32.shl (local.get $dp) (i32.const 2)))
    (local.set $p (local.get $x))
    (local.set $o (local.get $out))
    (local.set $oend (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $o) (local.get $oend)))
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $end (i32.add (local.get $p) (local.get $rb)))
        (block $done
          (loop $each_vector
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $each_vector)))
        (f32.store (local.get $o)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $each_row))))

  ;; For every row i of A: mind[i] = min(mind[i], min over rows j of B of ‖A[i] − B[j]‖²).
  ;; A: arows × dp (arows a multiple of 4; the first d columns are read) with norms an. B comes
  ;; transposed, bt: d × mp (bt[c·mp + j]), mp a multiple of 8, with norms bn (+inf on padding
  ;; columns). The products are blocked exactly as in `scores` (4 rows of A × 8 rows of B, each
  ;; weight vector feeding 4 rows); each block's 32 distances are reduced to 4 minima at once.
  ;; The caller passes B in tiles small enough to stay in cache.
  (func (export "min_dist_to_set")
    (param $a i32) (param $an i32) (param $arows i32) (param $d i32) (param $dp i32)
    (param $bt i32) (param $bn i32) (param $mp i32) (param $mind i32)
    (local $rb i32) (local $kb i32) (local $i i32) (local $j i32) (local $end i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $pw i32) (local $pn i32)
    (local $w0 v128) (local $w1 v128) (local $s v128) (local $m v128) (local $nb0 v128) (local $nb1 v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $rb (i32.shl (local.get $dp) (i32.const 2)))
    (local.set $kb (i32.shl (local.get $mp) (i32.const 2)))
    (block $a_done
      (loop $each_a_block
        (br_if $a_done (i32.ge_u (local.get $i) (local.get $arows)))
        (local.set $m (v128.load (i32.add (local.get $mind) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.const 0))
        (block $b_done
          (loop $each_b_group
            (br_if $b_done (i32.ge_u (local.get $j) (local.get $mp)))
            (local.set $a00 (v128.const i32x4 0 0 0 0)) (local.set $a01 (v128.const i32x4 0 0 0 0))
            (local.set $a10 (v128.const i32x4 0 0 0 0)) (local.set $a11 (v128.const i32x4 0 0 0 0))
            (local.set $a20 (v128.const i32x4 0 0 0 0)) (local.set $a21 (v128.const i32x4 0 0 0 0))
            (local.set $a30 (v128.const i32x4 0 0 0 0)) (local.set $a31 (v128.const i32x4 0 0 0 0))
            (local.set $p0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rb))))
            (local.set $p1 (i32.add (local.get $p0) (local.get $rb)))
            (local.set $p2 (i32.add (local.get $p1) (local.get $rb)))
            (local.set $p3 (i32.add (local.get $p2) (local.get $rb)))
            (local.set $end (i32.add (local.get $p0) (i32.shl (local.get $d) (i32.const 2))))
            (local.set $pw (i32.add (local.get $bt) (i32.shl (local.get $j) (i32.const 2))))
            (block $features_done
              (loop $each_feature
                (br_if $features_done (i32.ge_u (local.get $p0) (local.get $end)))
                (local.set $w0 (v128.load (local.get $pw)))
                (local.set $w1 (v128.load offset=16 (local.get $pw)))
                (local.set $s (v128.load32_splat (local.get $p0)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p1)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p2)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p3)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $p0 (i32.add (local.get $p0) (i32.const 4)))
                (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
                (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
                (local.set $p3 (i32.add (local.get $p3) (i32.const 4)))
                (local.set $pw (i32.add (local.get $pw) (local.get $kb)))
                (br $each_feature)))
            ;; row r's 8 distances → their minimum, for the 4 rows at once
            (local.set $pn (i32.add (local.get $bn) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $nb0 (v128.load (local.get $pn)))
            (local.set $nb1 (v128.load offset=16 (local.get $pn)))
            (local.set $pn (i32.add (local.get $an) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $m
              (f32x4.pmin (local.get $m)
                (call $min4
                  (call $min8 (v128.load32_splat (local.get $pn)) (local.get $nb0) (local.get $nb1) (local.get $a00) (local.get $a01))
                  (call $min8 (v128.load32_splat offset=4 (local.get $pn)) (local.get $nb0) (local.get $nb1) (local.get $a10) (local.get $a11))
                  (call $min8 (v128.load32_splat offset=8 (local.get $pn)) (local.get $nb0) (local.get $nb1) (local.get $a20) (local.get $a21))
                  (call $min8 (v128.load32_splat offset=12 (local.get $pn)) (local.get $nb0) (local.get $nb1) (local.get $a30) (local.get $a31)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $each_b_group)))
        (v128.store (i32.add (local.get $mind) (i32.shl (local.get $i) (i32.const 2))) (local.get $m))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each_a_block))))

  ;; One row's squared distances to 8 others (norm na in every lane, their norms nb0 | nb1, the dot
  ;; products c0 | c1), reduced lane-wise to 4.
  (func $min8 (param $na v128) (param $nb0 v128) (param $nb1 v128) (param $c0 v128) (param $c1 v128) (result v128)
    (f32x4.pmin (call $sqdist (local.get $na) (local.get $nb0) (local.get $c0)) (call $sqdist (local.get $na) (local.get $nb1) (local.get $c1))))

  ;; Like $sum4 with min: the vector (min of a0's lanes, of a1's, of a2's, of a3's).
  (func $min4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $u0 v128) (local $u1 v128)
    (local.set $u0
      (f32x4.pmin
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $u1
      (f32x4.pmin
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
    (f32x4.pmin
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u0) (local.get $u1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u0) (local.get $u1))))

  ;; For every row i of X: mind[i] = min(mind[i], ‖X[i] − X[row]‖²). X: rows × dp, rows a multiple
  ;; of 4, norms xn. Four rows at a time share each load of X[row]. One pass over X, bound by memory
  ;; bandwidth: k-center uses it for the first pick when there is no labeled set (every row needs
  ;; it); the later picks go through `fold_pending`, for the rows that need them.
  (func (export "fold_row")
    (param $x i32) (param $xn i32) (param $rows i32) (param $dp i32) (param $row i32) (param $mind i32)
    (local $rb i32) (local $i i32) (local $o i32) (local $y i32) (local $nb v128)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $v v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $pm i32)
    (local.set $rb (i32.shl (local.get $dp) (i32.const 2)))
    (local.set $y (i32.add (local.get $x) (i32.mul (local.get $row) (local.get $rb))))
    (local.set $nb (v128.load32_splat (i32.add (local.get $xn) (i32.shl (local.get $row) (i32.const 2)))))
    (block $rows_done
      (loop $each_block
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $rb))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $rb)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $rb)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $rb)))
        (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
        (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
        (local.set $o (i32.const 0))
        (block $features_done
          (loop $each_vector
            (br_if $features_done (i32.ge_u (local.get $o) (local.get $rb)))
            (local.set $v (v128.load (i32.add (local.get $y) (local.get $o))))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load (i32.add (local.get $p0) (local.get $o))) (local.get $v))))
            (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load (i32.add (local.get $p1) (local.get $o))) (local.get $v))))
            (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load (i32.add (local.get $p2) (local.get $o))) (local.get $v))))
            (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load (i32.add (local.get $p3) (local.get $o))) (local.get $v))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $each_vector)))
        (local.set $pm (i32.add (local.get $mind) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (local.get $pm)
          (f32x4.pmin (v128.load (local.get $pm))
            (call $sqdist
              (v128.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $nb)
              (call $sum4 (local.get $c0) (local.get $c1) (local.get $c2) (local.get $c3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each_block))))

  ;; Lazy k-center: for each candidate r = list[i] (i < n), folds the picks it has not seen yet,
  ;; picks[done[r]] … picks[np − 1] (candidate row numbers), into mind[r], and sets done[r] = np.
  ;; Every distance is computed as `fold_row` computes it (the same products, lane sums, reduction
  ;; and clipping; only the roles of the 4 lanes swap from 4 rows to 4 picks), so the minima are bit
  ;; for bit those of folding every pick into every row. Four picks share each load of the candidate
  ;; row. `picks` and their norms `pn` hold copies of the last pick up to 3 places past np, so the last
  ;; group of 4 is whole: a repeated distance leaves the minimum as it is.
  (func (export "fold_pending")
    (param $x i32) (param $xn i32) (param $dp i32) (param $picks i32) (param $pn i32) (param $np i32)
    (param $done i32) (param $list i32) (param $n i32) (param $mind i32)
    (local $rb i32) (local $end i32) (local $r i32) (local $q i32) (local $px i32) (local $o i32) (local $pq i32)
    (local $y0 i32) (local $y1 i32) (local $y2 i32) (local $y3 i32)
    (local $v v128) (local $na v128) (local $m v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $rb (i32.shl (local.get $dp) (i32.const 2)))
    (local.set $end (i32.add (local.get $list) (i32.shl (local.get $n) (i32.const 2))))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $list) (local.get $end)))
        (local.set $r (i32.shl (i32.load (local.get $list)) (i32.const 2)))
        (local.set $px (i32.add (local.get $x) (i32.mul (i32.load (local.get $list)) (local.get $rb))))
        (local.set $na (v128.load32_splat (i32.add (local.get $xn) (local.get $r))))
        (local.set $m (v128.load32_splat (i32.add (local.get $mind) (local.get $r))))
        (local.set $q (i32.load (i32.add (local.get $done) (local.get $r))))
        (block $picks_done
          (loop $each_group
            (br_if $picks_done (i32.ge_u (local.get $q) (local.get $np)))
            (local.set $pq (i32.add (local.get $picks) (i32.shl (local.get $q) (i32.const 2))))
            (local.set $y0 (i32.add (local.get $x) (i32.mul (i32.load (local.get $pq)) (local.get $rb))))
            (local.set $y1 (i32.add (local.get $x) (i32.mul (i32.load offset=4 (local.get $pq)) (local.get $rb))))
            (local.set $y2 (i32.add (local.get $x) (i32.mul (i32.load offset=8 (local.get $pq)) (local.get $rb))))
            (local.set $y3 (i32.add (local.get $x) (i32.mul (i32.load offset=12 (local.get $pq)) (local.get $rb))))
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $o (i32.const 0))
            (block $features_done
              (loop $each_vector
                (br_if $features_done (i32.ge_u (local.get $o) (local.get $rb)))
                (local.set $v (v128.load (i32.add (local.get $px) (local.get $o))))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y0) (local.get $o))))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y1) (local.get $o))))))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y2) (local.get $o))))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $y3) (local.get $o))))))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $each_vector)))
            (local.set $m
              (f32x4.pmin (local.get $m)
                (call $sqdist
                  (local.get $na)
                  (v128.load (i32.add (local.get $pn) (i32.shl (local.get $q) (i32.const 2))))
                  (call $sum4 (local.get $c0) (local.get $c1) (local.get $c2) (local.get $c3)))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $each_group)))
        ;; the minimum of the 4 lanes
        (local.set $m (f32x4.pmin (local.get $m) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
        (local.set $m (f32x4.pmin (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
        (f32.store (i32.add (local.get $mind) (local.get $r)) (f32x4.extract_lane 0 (local.get $m)))
        (i32.store (i32.add (local.get $done) (local.get $r)) (local.get $np))
        (local.set $list (i32.add (local.get $list) (i32.const 4)))
        (br $each_row))))
)
