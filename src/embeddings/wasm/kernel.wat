;; word2vec with negative sampling in WebAssembly SIMD (f32x4), on a shared memory that all
;; training threads use without locks (Hogwild, as word2vec.c). JavaScript subsamples a sentence
;; and hands it to `sg_sentence` / `cbow_sentence`, which draw the dynamic windows and negatives
;; from the same xorshift32 stream as the JavaScript kernel (state in and out through `rng`).
;; Addresses are byte offsets into memory; `dim` must be a multiple of 4.
;; Build: npm run build:w2v-wasm (wabt) → kernel-wasm-bytes.ts.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (global $dim (mut i32) (i32.const 0))   ;; floats per vector
  (global $syn0 (mut i32) (i32.const 0))  ;; input vectors
  (global $syn1 (mut i32) (i32.const 0))  ;; output vectors (negative sampling)
  (global $exp (mut i32) (i32.const 0))   ;; 1000-entry sigmoid table
  (global $rng (mut i32) (i32.const 1))   ;; xorshift32 state (this instance = one thread)

  (func (export "set_rng") (param $s i32) (global.set $rng (local.get $s)))
  (func (export "get_rng") (result i32) (global.get $rng))

  ;; Rng.next(): x ^= x << 13; x ^= x >>> 17; x ^= x << 5
  (func $rand (result i32)
    (local $x i32)
    (local.set $x (global.get $rng))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
    (global.set $rng (local.get $x))
    (local.get $x))

  ;; targets[0] = word, then `neg` draws from the unigram table, skipping the word itself; returns the count.
  (func $draw (param $word i32) (param $t i32) (param $neg i32) (param $table i32) (param $tsize i32) (result i32)
    (local $n i32) (local $k i32) (local $x i32)
    (i32.store (local.get $t) (local.get $word))
    (local.set $n (i32.const 1))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $k) (local.get $neg)))
      (local.set $x (i32.load (i32.add (local.get $table) (i32.shl (i32.rem_u (call $rand) (local.get $tsize)) (i32.const 2)))))
      (if (i32.ne (local.get $x) (local.get $word))
        (then
          (i32.store (i32.add (local.get $t) (i32.shl (local.get $n) (i32.const 2))) (local.get $x))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.get $n))

  ;; Skip-gram over one sentence of word ids at $sent: each word predicts its dynamic window.
  (func (export "sg_sentence") (param $sent i32) (param $len i32) (param $window i32) (param $neg i32)
      (param $table i32) (param $tsize i32) (param $e i32) (param $t i32) (param $alpha f32)
    (local $pos i32) (local $word i32) (local $a i32) (local $end i32) (local $c i32)
    (block $done (loop $words
      (br_if $done (i32.ge_s (local.get $pos) (local.get $len)))
      (local.set $word (i32.load (i32.add (local.get $sent) (i32.shl (local.get $pos) (i32.const 2)))))
      (local.set $a (i32.rem_u (call $rand) (local.get $window)))
      (local.set $end (i32.sub (i32.add (i32.shl (local.get $window) (i32.const 1)) (i32.const 1)) (local.get $a)))
      (block $wd (loop $win
        (br_if $wd (i32.ge_s (local.get $a) (local.get $end)))
        (local.set $c (i32.add (i32.sub (local.get $pos) (local.get $window)) (local.get $a)))
        (if (i32.and (i32.ne (local.get $a) (local.get $window))
              (i32.and (i32.ge_s (local.get $c) (i32.const 0)) (i32.lt_s (local.get $c) (local.get $len))))
          (then (call $sg
            (i32.load (i32.add (local.get $sent) (i32.shl (local.get $c) (i32.const 2))))
            (local.get $e) (local.get $t)
            (call $draw (local.get $word) (local.get $t) (local.get $neg) (local.get $table) (local.get $tsize))
            (local.get $alpha))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $win)))
      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
      (br $words))))

  ;; CBOW over one sentence: the mean of each word's dynamic window predicts the word.
  (func (export "cbow_sentence") (param $sent i32) (param $len i32) (param $window i32) (param $neg i32)
      (param $table i32) (param $tsize i32) (param $ctx i32) (param $h i32) (param $e i32) (param $t i32) (param $alpha f32)
    (local $pos i32) (local $word i32) (local $a i32) (local $end i32) (local $c i32) (local $cw i32)
    (block $done (loop $words
      (br_if $done (i32.ge_s (local.get $pos) (local.get $len)))
      (local.set $word (i32.load (i32.add (local.get $sent) (i32.shl (local.get $pos) (i32.const 2)))))
      (local.set $a (i32.rem_u (call $rand) (local.get $window)))
      (local.set $end (i32.sub (i32.add (i32.shl (local.get $window) (i32.const 1)) (i32.const 1)) (local.get $a)))
      (local.set $cw (i32.const 0))
      (block $wd (loop $win
        (br_if $wd (i32.ge_s (local.get $a) (local.get $end)))
        (local.set $c (i32.add (i32.sub (local.get $pos) (local.get $window)) (local.get $a)))
        (if (i32.and (i32.ne (local.get $a) (local.get $window))
              (i32.and (i32.ge_s (local.get $c) (i32.const 0)) (i32.lt_s (local.get $c) (local.get $len))))
          (then
            (i32.store (i32.add (local.get $ctx) (i32.shl (local.get $cw) (i32.const 2)))
              (i32.load (i32.add (local.get $sent) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $cw (i32.add (local.get $cw) (i32.const 1)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $win)))
      (if (i32.gt_u (local.get $cw) (i32.const 0))
        (then (call $cbow (local.get $ctx) (local.get $cw) (local.get $h) (local.get $e) (local.get $t)
          (call $draw (local.get $word) (local.get $t) (local.get $neg) (local.get $table) (local.get $tsize))
          (local.get $alpha))))
      (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
      (br $words))))

  (func (export "init") (param $dim i32) (param $syn0 i32) (param $syn1 i32) (param $exp i32)
    (global.set $dim (local.get $dim))
    (global.set $syn0 (local.get $syn0))
    (global.set $syn1 (local.get $syn1))
    (global.set $exp (local.get $exp)))

  ;; v[0..dim) = 0
  (func $zero (param $v i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $v) (i32.shl (global.get $dim) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
      (v128.store (local.get $v) (v128.const i32x4 0 0 0 0))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (br $l))))

  ;; a[0..dim) += s * b[0..dim)
  (func $axpy (param $a i32) (param $b i32) (param $s f32)
    (local $end i32) (local $sv v128)
    (local.set $sv (f32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $a) (i32.shl (global.get $dim) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
      (v128.store (local.get $a)
        (f32x4.add (v128.load (local.get $a)) (f32x4.mul (local.get $sv) (v128.load (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br $l))))

  ;; For each target: f = h·syn1[t], g = (label − σ(f))·alpha, e += g·syn1[t], syn1[t] += g·h.
  (func $ns (param $h i32) (param $e i32) (param $t i32) (param $n i32) (param $alpha f32)
    (local $k i32) (local $l2 i32) (local $d i32) (local $bytes i32)
    (local $acc v128) (local $f f32) (local $g f32) (local $label f32) (local $gv v128) (local $o v128) (local $hv v128)
    (local.set $bytes (i32.shl (global.get $dim) (i32.const 2)))
    (block $done (loop $targets
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $l2 (i32.add (global.get $syn1)
        (i32.mul (i32.load (i32.add (local.get $t) (i32.shl (local.get $k) (i32.const 2)))) (local.get $bytes))))
      (local.set $label (select (f32.const 1) (f32.const 0) (i32.eqz (local.get $k))))
      ;; dot product
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $dd (loop $dl
        (br_if $dd (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $h) (local.get $d))) (v128.load (i32.add (local.get $l2) (local.get $d))))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $dl)))
      (local.set $f (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
        (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
      ;; gradient, with word2vec.c's clipped sigmoid table
      (if (f32.gt (local.get $f) (f32.const 6))
        (then (local.set $g (f32.mul (f32.sub (local.get $label) (f32.const 1)) (local.get $alpha))))
        (else (if (f32.lt (local.get $f) (f32.const -6))
          (then (local.set $g (f32.mul (local.get $label) (local.get $alpha))))
          (else (local.set $g (f32.mul (local.get $alpha) (f32.sub (local.get $label)
            (f32.load (i32.add (global.get $exp) (i32.shl
              (i32.trunc_f32_s (f32.mul (f32.add (local.get $f) (f32.const 6)) (f32.const 83.33333333)))
              (i32.const 2)))))))))))
      ;; updates
      (local.set $gv (f32x4.splat (local.get $g)))
      (local.set $d (i32.const 0))
      (block $ud (loop $ul
        (br_if $ud (i32.ge_u (local.get $d) (local.get $bytes)))
        (local.set $o (v128.load (i32.add (local.get $l2) (local.get $d))))
        (local.set $hv (v128.load (i32.add (local.get $h) (local.get $d))))
        (v128.store (i32.add (local.get $e) (local.get $d))
          (f32x4.add (v128.load (i32.add (local.get $e) (local.get $d))) (f32x4.mul (local.get $gv) (local.get $o))))
        (v128.store (i32.add (local.get $l2) (local.get $d))
          (f32x4.add (local.get $o) (f32x4.mul (local.get $gv) (local.get $hv))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $ul)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $targets))))

  ;; One skip-gram example: context word row $w predicts the targets; $e is scratch for neu1e.
  (func $sg (param $w i32) (param $e i32) (param $t i32) (param $n i32) (param $alpha f32)
    (local $h i32)
    (local.set $h (i32.add (global.get $syn0) (i32.mul (local.get $w) (i32.shl (global.get $dim) (i32.const 2)))))
    (call $zero (local.get $e))
    (call $ns (local.get $h) (local.get $e) (local.get $t) (local.get $n) (local.get $alpha))
    (call $axpy (local.get $h) (local.get $e) (f32.const 1)))

  ;; CBOW example: the mean of $c context rows (ids at $ctx) predicts the targets; $h, $e scratch.
  (func $cbow (param $ctx i32) (param $c i32) (param $h i32) (param $e i32) (param $t i32) (param $n i32) (param $alpha f32)
    (local $i i32) (local $bytes i32)
    (local.set $bytes (i32.shl (global.get $dim) (i32.const 2)))
    (call $zero (local.get $h))
    (block $s (loop $sl
      (br_if $s (i32.ge_u (local.get $i) (local.get $c)))
      (call $axpy (local.get $h)
        (i32.add (global.get $syn0) (i32.mul (i32.load (i32.add (local.get $ctx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $bytes)))
        (f32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sl)))
    ;; h /= c, as h = 0 + (1/c)·h
    (call $scale (local.get $h) (f32.div (f32.const 1) (f32.convert_i32_u (local.get $c))))
    (call $zero (local.get $e))
    (call $ns (local.get $h) (local.get $e) (local.get $t) (local.get $n) (local.get $alpha))
    (local.set $i (i32.const 0))
    (block $u (loop $ul
      (br_if $u (i32.ge_u (local.get $i) (local.get $c)))
      (call $axpy
        (i32.add (global.get $syn0) (i32.mul (i32.load (i32.add (local.get $ctx) (i32.shl (local.get $i) (i32.const 2)))) (local.get $bytes)))
        (local.get $e) (f32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $ul))))

  ;; v[0..dim) *= s
  (func $scale (param $v i32) (param $s f32)
    (local $end i32) (local $sv v128)
    (local.set $sv (f32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $v) (i32.shl (global.get $dim) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
      (v128.store (local.get $v) (f32x4.mul (v128.load (local.get $v)) (local.get $sv)))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (br $l)))))
