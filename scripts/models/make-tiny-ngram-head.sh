#!/bin/bash
# Rebuilds fixtures/models/tiny-ngram: a 3-class n-gram head (256 + 64 buckets) fit on train.tsv,
# and numpy's log-probabilities of the shipped (quantized) file on probe.tsv (expected.json), which
# test/pipelines/ngram-head.test.ts checks the TypeScript reader against.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=fixtures/models/tiny-ngram
work=$(mktemp -d)
for f in train probe; do
  npx tsx scripts/models/ngram-features.ts --input $dir/$f.tsv --format 3i4k --out "$work/$f.jsonl" --char-buckets 256 --word-buckets 64
done
/usr/bin/python3 scripts/models/train_ngram_head.py --train "$work/train.jsonl" --test "$work/probe.jsonl" --classes 3 \
  --char-buckets 256 --word-buckets 64 --C 4 --out "$work" --predict-out $dir/expected.json
cp "$work/ngram_head.bin" $dir/
rm -rf "$work"
