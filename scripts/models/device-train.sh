#!/usr/bin/env bash
# Runs on a lent GPU machine (the `device` tool): pretrains the encoder, then fine-tunes the
# sentiment and intent classifiers and the transformer MRC reader (5 article folds + final) from
# it, all at once on the one GPU. Data: .gpu/data.tar.xz, made on the CPU machine from the recipes'
# encoded files by pack-device-data.sh (pt/{train,valid}.u16 + meta.json from encode-pretrain.ts,
# tasks/*.jsonl from encode-dataset.ts, qa/{windows,synthetic}.jsonl from encode-qa.ts / synth-qa.ts). Weights come
# back in fp16 (half.py) under $OUT, at most four a call; `fetch NAME…` copies more from the same
# (still warm) machine. Fixed hyperparameters, never tuned on test figures (the QA readers' were
# changed once, with the architecture fix, after the first run failed: models/ko-qa/README.md).
#
#   bash scripts/models/device-train.sh all        # pretraining + 8 fine-tunings; returns encoder, sentiment, intent, qa-0
#   KORNLU_DEVICE_DATA=.gpu/qa.tar.xz bash scripts/models/device-train.sh qa   # readers only; returns qa-0 … qa-3
#   bash scripts/models/device-train.sh fetch qa-4 qa-final
#   QA_SEED=14 …                       # the readers with another seed (a second ensemble member)
#   KORNLU_DEVICE_DATA=.gpu/scratch.tar.xz bash scripts/models/device-train.sh scratch   # from-scratch baselines (metrics only)
set -euo pipefail
W=${KORNLU_DEVICE_WORK:-/tmp/kornlu-device}
PRETRAIN_MINUTES=${PRETRAIN_MINUTES:-4}
DEV=${KORNLU_DEVICE:-cuda}
# Smoke runs on the CPU machine: KORNLU_DEVICE=cpu PRETRAIN_EXTRA='--batch 4 --length 64 ...' FT_EXTRA='--limit 64 --epochs 1'.
read -r -a PRETRAIN_EXTRA <<<"${PRETRAIN_EXTRA:-}"
read -r -a FT_EXTRA <<<"${FT_EXTRA:-}"
export PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
mkdir -p "$W" "$OUT"
half() { python3 scripts/models/half.py "$1" "$OUT/$2.pt"; }
where() {
  case $1 in
    encoder) echo "$W/pt/encoder.pt" ;;
    sentiment | intent) echo "$W/ft/$1/classifier.pt" ;;
    qa-*) echo "$W/qa/${1#qa-}/model.pt" ;;
  esac
}

if [ "$1" = fetch ]; then
  shift
  for name in "$@"; do half "$(where "$name")" "$name"; done
  exit 0
fi

[ "$DEV" = cuda ] && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
[ -f "$W/unpacked" ] || { python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "${KORNLU_DEVICE_DATA:-.gpu/data.tar.xz}" "$W" && touch "$W/unpacked"; }
python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")'

STAGE=$1
if [ "$STAGE" = all ]; then
# 1. Masked-LM pretraining: 6 layers (the 1,200-step CPU encoder had 4), 384-token windows (the MRC
# reader's), batch 128, as many steps as fit in PRETRAIN_MINUTES.
python3 scripts/models/pretrain_electra.py --work "$W/pt" --objective mlm --device "$DEV" --fit-minutes "$PRETRAIN_MINUTES" \
  --batch 128 --length 384 --layers 6 --hidden 256 --lr 1e-3 --warmup 500 --valid-every 500 --log-every 250 --save-minutes 100 \
  "${PRETRAIN_EXTRA[@]}" 2>&1 | tee "$W/pretrain.log"
half "$W/pt/encoder.pt" encoder
fi

# 2. Fine-tunings, all at once (each is small for an H100). Stage `qa`: the readers alone, from the
# encoder.pt in the data archive (pt/encoder.pt, fp16 as an earlier call returned it).
ENC="$W/pt/encoder.pt"
# Stage `scratch`: the same fine-tunings with the encoder's architecture and fresh weights (the
# baseline "how much does pretraining give"); only their metrics come back.
SCRATCH=()
[ "$STAGE" = scratch ] && SCRATCH=(--scratch)
# A deadline per fine-tuning keeps the call inside the tool's 10 minutes: one that runs out is
# missing from the results (and can be rerun) instead of costing all the others.
FT=(timeout "${FT_SECONDS:-240}" python3)
mkdir -p "$W/logs"
if [ "$STAGE" != qa ]; then
"${FT[@]}" scripts/models/finetune_encoder.py --train "$W/tasks/sentiment-train.jsonl" --test "$W/tasks/sentiment-test.jsonl" \
  --labels negative,positive --out "$W/ft/sentiment" --epochs 2 --init "$ENC" "${SCRATCH[@]}" --device "$DEV" "${FT_EXTRA[@]}" >"$W/logs/sentiment.log" 2>&1 &
"${FT[@]}" scripts/models/finetune_encoder.py --train "$W/tasks/intent-train.jsonl" --test "$W/tasks/intent-test.jsonl" \
  --labels fragment,statement,question,command,rhetorical_question,rhetorical_command,intonation_dependent \
  --out "$W/ft/intent" --epochs 3 --init "$ENC" "${SCRATCH[@]}" --device "$DEV" "${FT_EXTRA[@]}" >"$W/logs/intent.log" 2>&1 &
fi
for k in 0 1 2 3 4 final; do
  fold=$k; [ "$k" = final ] && fold=-1
  "${FT[@]}" scripts/models/train_mrc.py --arch encoder --encoder "$ENC" --windows "$W/qa/windows.jsonl" --extra "$W/qa/synthetic.jsonl" \
    --tokenizer models/ko-wordpiece-16k/tokenizer.json --out "$W/qa/$k" --exclude-fold "$fold" --epochs 6 --lr 3e-4 --warmup 0.1 --seed "${QA_SEED:-13}" \
    --batch 32 --device "$DEV" --no-export "${SCRATCH[@]}" "${FT_EXTRA[@]}" >"$W/logs/qa-$k.log" 2>&1 &
done
wait || true
tail -n 3 "$W"/logs/*.log
RETURN=(sentiment intent qa-0)
[ "$STAGE" = qa ] && RETURN=(qa-0 qa-1 qa-2 qa-3)
[ "$STAGE" = scratch ] && RETURN=()
for name in "${RETURN[@]+"${RETURN[@]}"}"; do [ -f "$(where $name)" ] && half "$(where $name)" "$name"; done
tar -czf "$OUT/logs.tar.gz" -C "$W" $(cd "$W" && ls pretrain.log pt/log.csv 2>/dev/null) logs $(cd "$W" && ls ft/*/metrics.json qa/*/torch-metrics.json qa/*/model-config.json 2>/dev/null)
ls -la "$OUT"
