"""
Extractive MRC (KorQuAD style) from scratch on CPU: a convolutional DrQA-style reader over
[CLS] question [SEP] context [SEP] whose features include, per context token, whether its word
piece occurs in the question (DrQA's "exact match", plain and IDF-weighted) — computed inside the
graph from input_ids and token_type_ids, so the ONNX file keeps the standard QA interface. With a
few thousand questions and no pretrained encoder, those features and word-piece vectors from our
Word2Vec (--vectors) are what let the model find the answer's sentence.

    /usr/bin/python3 scripts/models/train_mrc.py --windows W.jsonl --tokenizer T.json --out DIR \
        [--vectors V.txt] [--exclude-fold K] [--epochs 8] [--hidden 128] [--layers 5]

Trains on windows holding the answer plus a share of windows without it (target [CLS]); writes
DIR/onnx/model.onnx (+ int8), config.json, tokenizer.json and torch-metrics.json.
"""
import argparse
import json
import math
import os
import random
import sys
import time
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, ConvMatchQA, EncoderMatchQA, autocast, bert_init  # noqa: E402
from export import export_reader, export_encoder_reader  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--windows', required=True)
p.add_argument('--tokenizer', required=True)
p.add_argument('--out', required=True)
p.add_argument('--exclude-fold', type=int, default=-1)
p.add_argument('--extra', default='', help='more training windows (e.g. synthetic questions); rows of the excluded fold are dropped too')
p.add_argument('--epochs', type=int, default=8)
p.add_argument('--hidden', type=int, default=128)
p.add_argument('--layers', type=int, default=5)
p.add_argument('--embedding', type=int, default=128)
p.add_argument('--batch', type=int, default=32)
p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--dropout', type=float, default=0.1)
p.add_argument('--neg-rate', type=float, default=0.3)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--seed', type=int, default=13)
p.add_argument('--vectors', default='', help='word2vec text file of word-piece vectors to start the embedding table from')
p.add_argument('--init', default='', help='state_dict to start from (e.g. a synthetic-data pretraining run)')
p.add_argument('--arch', choices=['conv', 'encoder'], default='conv',
               help='conv: the DrQA-style convolutional reader; encoder: modeling.EncoderMatchQA on a pretrained encoder (--encoder)')
p.add_argument('--encoder', default='', help='--arch encoder: encoder.pt from pretrain_electra.py')
p.add_argument('--scratch', action='store_true', help="--arch encoder: the encoder's architecture with fresh weights (the from-scratch baseline)")
p.add_argument('--warmup', type=float, default=0.05, help='fraction of steps')
p.add_argument('--device', default='cpu', help="'cuda' on a GPU machine (bf16 autocast there)")
p.add_argument('--limit', type=int, default=0, help='use only the first N training windows (smoke tests)')
p.add_argument('--no-export', action='store_true', help='write model.pt and metrics only (export later with export_trained.py)')
args = p.parse_args()
torch.set_num_threads(args.threads)
DEV = torch.device(args.device)
torch.manual_seed(args.seed)
random.seed(args.seed)

vocab = json.load(open(args.tokenizer))['model']['vocab']
V = len(vocab)
# Word pieces compare without their continuation mark: "##서울" matches "서울".
norm = list(range(V))
for piece, i in vocab.items():
    if piece.startswith('##') and piece[2:] in vocab:
        norm[i] = vocab[piece[2:]]
SEP = vocab['[SEP]']


rows = [json.loads(l) for l in open(args.windows)]
train = [r for r in rows if r['fold'] != args.exclude_fold]
held = [r for r in rows if r['fold'] == args.exclude_fold]
if args.extra:
    extra = [json.loads(l) for l in open(args.extra)]
    train += [r for r in extra if r['fold'] != args.exclude_fold]
    print(f'{sum(1 for r in extra if r["fold"] != args.exclude_fold)} extra windows from {args.extra}', flush=True)
if args.limit:
    train = train[:args.limit]
pos = [r for r in train if r['start'] > 0]
neg = [r for r in train if r['start'] == 0]
# IDF of normalized pieces over the training windows' contexts (one count per window).
df = [0] * V
for r in train:
    for i in set(norm[t] for t, ty in zip(r['ids'], r['types']) if ty == 1):
        df[i] += 1
idf = [math.log((len(train) + 1) / (d + 1)) / math.log(len(train) + 1) for d in df]
if args.arch == 'encoder':
    # A transformer reader on the pretrained encoder (modeling.EncoderMatchQA): the exact-match
    # features start at zero weight and the start/end head from BERT's initialization.
    ck = torch.load(args.encoder, map_location='cpu')
    c = Config(**{**ck['config'], 'dropout': args.dropout, 'alibi_segments': True})
    model = EncoderMatchQA(c, norm, idf, SEP)
    model.apply(bert_init)
    nn.init.zeros_(model.match.weight)
    if args.scratch:
        print(f'encoder architecture of {args.encoder}, fresh weights (from scratch)', flush=True)
    else:
        model.encoder.load_state_dict(ck['encoder'])
        print(f'encoder from {args.encoder} (pretraining step {ck["step"]})', flush=True)
else:
    c = Config(vocab_size=V, hidden_size=args.hidden, embedding_size=args.embedding, num_hidden_layers=args.layers,
               max_position_embeddings=512, dropout=args.dropout)
    model = ConvMatchQA(V, args.embedding, args.hidden, args.layers, args.dropout, norm, idf, SEP)
if args.vectors and args.arch == 'conv':
    with open(args.vectors) as f:
        n_vec, dim = map(int, f.readline().split())
        if dim != args.embedding:
            sys.exit(f'{args.vectors} has {dim}-dim vectors; --embedding is {args.embedding}')
        hit = 0
        with torch.no_grad():
            for line in f:
                parts = line.rstrip().split(' ')
                i = vocab.get(parts[0])
                if i is not None and i > 0:
                    model.word.weight[i] = torch.tensor([float(v) for v in parts[1:]])
                    hit += 1
    print(f'{hit}/{V} word pieces start from {args.vectors}', flush=True)
if args.init:
    model.load_state_dict(torch.load(args.init))
model.to(DEV)
params = sum(p.numel() for p in model.parameters())
print(f'train windows: {len(pos)} with answer, {len(neg)} without (using {args.neg_rate:.0%}); held-out windows {len(held)}; {params:,} parameters', flush=True)


def batches(data, shuffle):
    data = sorted(data, key=lambda r: len(r['ids']))
    chunks = [data[i:i + args.batch] for i in range(0, len(data), args.batch)]
    if shuffle:
        random.shuffle(chunks)
    for ch in chunks:
        L = max(len(r['ids']) for r in ch)
        ids = torch.zeros(len(ch), L, dtype=torch.long)
        types = torch.zeros(len(ch), L, dtype=torch.long)
        mask = torch.zeros(len(ch), L, dtype=torch.long)
        for i, r in enumerate(ch):
            n = len(r['ids'])
            ids[i, :n] = torch.tensor(r['ids'])
            types[i, :n] = torch.tensor(r['types'])
            mask[i, :n] = 1
        yield ids, mask, types, torch.tensor([r['start'] for r in ch]), torch.tensor([r['end'] for r in ch])


def epoch_data():
    return pos + [r for r in neg if random.random() < args.neg_rate]


steps_per_epoch = math.ceil(len(epoch_data()) / args.batch)
total = steps_per_epoch * args.epochs
warm = max(1, int(total * args.warmup + 1e-9))  # 0.05: total // 20, as before the option existed
opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
ce = nn.CrossEntropyLoss()
t0 = time.time()
history = []
step = 0
for ep in range(args.epochs):
    model.train()
    tot, n = 0.0, 0
    for ids, mask, types, s, e in batches(epoch_data(), True):
        ids, mask, types, s, e = ids.to(DEV), mask.to(DEV), types.to(DEV), s.to(DEV), e.to(DEV)
        with autocast(DEV):
            ls, le = model(ids, mask, types)
        loss = (ce(ls.float(), s) + ce(le.float(), e)) / 2
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        tot += loss.item() * len(s)
        n += len(s)
        step += 1
        if step % 50 == 0:
            print(f'  step {step}/{total} loss {tot / n:.3f} ({time.time() - t0:.0f}s)', flush=True)
    entry = {'epoch': ep + 1, 'train_loss': round(tot / n, 4), 'seconds': round(time.time() - t0, 1)}
    if held:  # token-level start/end accuracy on held-out windows holding the answer: a cheap progress signal
        model.eval()
        hit, cnt = 0, 0
        with torch.no_grad():
            for ids, mask, types, s, e in batches([r for r in held if r['start'] > 0], False):
                ids, mask, types, s, e = ids.to(DEV), mask.to(DEV), types.to(DEV), s.to(DEV), e.to(DEV)
                with autocast(DEV):
                    ls, le = model(ids, mask, types)
                hit += ((ls.argmax(-1) == s) & (le.argmax(-1) == e)).sum().item()
                cnt += len(s)
        entry['heldout_span_exact'] = round(hit / max(cnt, 1), 4)
    history.append(entry)
    print(json.dumps(entry), flush=True)

os.makedirs(args.out, exist_ok=True)
model.eval()
model.cpu()
torch.save(model.state_dict(), os.path.join(args.out, 'model.pt'))
json.dump(c.to_dict(), open(os.path.join(args.out, 'model-config.json'), 'w'), indent=2)
if args.no_export:
    pass
elif args.arch == 'encoder':
    export_encoder_reader(model, c, args.tokenizer, args.out)
else:
    export_reader(model, c, args.tokenizer, args.out)
json.dump({'parameters': params, 'arch': args.arch, 'train_seconds': round(time.time() - t0, 1), 'history': history, 'args': vars(args)},
          open(os.path.join(args.out, 'torch-metrics.json'), 'w'), indent=2)
print(f'done in {time.time() - t0:.0f}s', flush=True)
