#!/usr/bin/env bash
# Packs the CPU recipes' encoded files for scripts/models/device-train.sh into .gpu/ (add `/.gpu/`
# to .git/info/exclude; the device tool carries it with `carry: [".gpu/<archive>"]`):
#
#   bash scripts/models/pack-device-data.sh all                # .gpu/data.tar.xz: pt/{train,valid}.u16 + meta.json,
#                                                              #   tasks/{sentiment,intent}-{train,test}.jsonl, qa/{windows,synthetic}.jsonl
#   bash scripts/models/pack-device-data.sh qa ENCODER.pt      # .gpu/qa.tar.xz: pt/encoder.pt + qa/
#   bash scripts/models/pack-device-data.sh scratch ENCODER.pt # .gpu/scratch.tar.xz: pt/encoder.pt + tasks/ + qa/
#
# Inputs: $TMPDIR/kornlu-recipe-ko-electra (recipe:electra's encode steps) and
# $TMPDIR/kornlu-recipe-ko-qa (recipe:qa's encode-qa.ts and synth-qa.ts).
set -euo pipefail
T=${TMPDIR:-/tmp}
E=$T/kornlu-recipe-ko-electra
Q=$T/kornlu-recipe-ko-qa
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/pt" .gpu
tasks() { mkdir -p "$stage/tasks" && cp "$E"/sentiment-{train,test}.jsonl "$E"/intent-{train,test}.jsonl "$stage/tasks/"; }
qa() { mkdir -p "$stage/qa" && cp "$Q/windows.jsonl" "$Q/synthetic.jsonl" "$stage/qa/"; }
case $1 in
  all) cp "$E/train.u16" "$E/valid.u16" "$E/meta.json" "$stage/pt/"; tasks; qa; name=data ;;
  qa) cp "$2" "$stage/pt/encoder.pt"; qa; name=qa ;;
  scratch) cp "$2" "$stage/pt/encoder.pt"; tasks; qa; name=scratch ;;
  *) echo "usage: $0 all | qa ENCODER.pt | scratch ENCODER.pt" >&2; exit 2 ;;
esac
(cd "$stage" && tar -cf - *) | xz -T2 -6 >".gpu/$name.tar.xz"
ls -l ".gpu/$name.tar.xz"
