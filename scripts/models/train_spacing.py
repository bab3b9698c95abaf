"""
Word-spacing model from raw text on CPU: SpacingCNN (modeling.py) over the character streams that
encode-spacing.ts writes. Random crops of the packed stream; binary cross-entropy on "a space
follows"; validation word-boundary F1 on the held-out stream after each epoch, best kept.

    /usr/bin/python3 scripts/models/train_spacing.py --data DIR --out DIR [--epochs 3] [--steps 3000]
        [--hidden 128] [--embedding 96] [--dilations 1,2,4,8,1,2,4,8] [--batch 64] [--length 256]

Fine-tuning (in-domain text under cross-validation): --init a model.pt, --domain the stream
prefixes to mix in (e.g. DIR/korquad-fold-1,DIR/korquad-fold-2), --domain-share of each batch
drawn from them (the rest from the general stream, so nothing is forgotten).

Writes OUT/model.pt, OUT/torch-metrics.json (per-epoch loss and validation P/R/F1, timing).
"""
import argparse
import json
import math
import os
import sys
import time
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import SpacingCNN  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--data', required=True)
p.add_argument('--out', required=True)
p.add_argument('--epochs', type=int, default=3)
p.add_argument('--steps', type=int, default=3000, help='steps per epoch')
p.add_argument('--hidden', type=int, default=128)
p.add_argument('--embedding', type=int, default=96)
p.add_argument('--dilations', default='1,2,4,8,1,2,4,8')
p.add_argument('--batch', type=int, default=64)
p.add_argument('--length', type=int, default=256)
p.add_argument('--lr', type=float, default=2e-3)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--init', help='model.pt to start from (fine-tuning)')
p.add_argument('--domain', default='', help='comma-separated stream prefixes to mix in')
p.add_argument('--domain-share', type=float, default=0.5)
p.add_argument('--warmup', type=int, default=200)
a = p.parse_args()
torch.manual_seed(a.seed)
torch.set_num_threads(a.threads)
rng = np.random.default_rng(a.seed)

ids = np.fromfile(os.path.join(a.data, 'train.ids'), dtype=np.uint16)
labels = np.fromfile(os.path.join(a.data, 'train.labels'), dtype=np.uint8)
vids = np.fromfile(os.path.join(a.data, 'val.ids'), dtype=np.uint16)
vlabels = np.fromfile(os.path.join(a.data, 'val.labels'), dtype=np.uint8)
vocab = json.load(open(os.path.join(a.data, 'tokenizer.json')))['model']['vocab']
model = SpacingCNN(len(vocab), a.embedding, a.hidden, [int(d) for d in a.dilations.split(',')])
if a.init:
    model.load_state_dict(torch.load(a.init)['state'])
domain = [(np.fromfile(f + '.ids', dtype=np.uint16), np.fromfile(f + '.labels', dtype=np.uint8)) for f in a.domain.split(',') if f]
if domain:
    dids = np.concatenate([d[0] for d in domain])
    dlabels = np.concatenate([d[1] for d in domain])
    print(f'{len(dids):,} in-domain characters, {a.domain_share:.0%} of each batch', flush=True)
print(f'{sum(p.numel() for p in model.parameters()):,} parameters, receptive field ±{model.radius}, '
      f'{len(ids):,} training characters', flush=True)
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
total = a.epochs * a.steps
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / a.warmup) * 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
loss_fn = torch.nn.BCEWithLogitsLoss()


def crops(src, lab, n):
    starts = rng.integers(0, len(src) - a.length, n)
    return [src[s:s + a.length] for s in starts], [lab[s:s + a.length] for s in starts]


def batch():
    n_dom = int(round(a.batch * a.domain_share)) if domain else 0
    x, y = crops(ids, labels, a.batch - n_dom)
    if n_dom:
        dx, dy = crops(dids, dlabels, n_dom)
        x, y = x + dx, y + dy
    return torch.from_numpy(np.stack(x).astype(np.int64)), torch.from_numpy(np.stack(y).astype(np.float32))


def evaluate():
    """Word-boundary P/R/F1 over the validation stream, in 2,048-character chunks."""
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for s in range(0, len(vids), 2048):
            x = torch.from_numpy(vids[s:s + 2048].astype(np.int64))[None]
            pred = (model(x, torch.ones_like(x))[0] > 0).numpy()
            gold = vlabels[s:s + 2048].astype(bool)
            tp += int((pred & gold).sum()); fp += int((pred & ~gold).sum()); fn += int((~pred & gold).sum())
    model.train()
    pr, rc = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {'precision': pr, 'recall': rc, 'f1': 2 * pr * rc / max(1e-9, pr + rc)}


history, best, t0 = [], -1.0, time.time()
os.makedirs(a.out, exist_ok=True)
for epoch in range(a.epochs):
    total_loss = 0.0
    for step in range(a.steps):
        x, y = batch()
        loss = loss_fn(model(x, torch.ones_like(x)), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        total_loss += loss.item()
        if (step + 1) % 500 == 0:
            done = epoch * a.steps + step + 1
            rate = done * a.batch * a.length / (time.time() - t0)
            print(f'epoch {epoch + 1} step {step + 1}/{a.steps} loss {total_loss / (step + 1):.4f} '
                  f'{rate / 1000:.0f}k chars/s', flush=True)
    v = evaluate()
    history.append({'epoch': epoch + 1, 'loss': total_loss / a.steps, **v, 'seconds': round(time.time() - t0)})
    print(json.dumps(history[-1]), flush=True)
    if v['f1'] > best:
        best = v['f1']
        torch.save({'state': model.state_dict(), 'args': vars(a), 'vocab_size': len(vocab)}, os.path.join(a.out, 'model.pt'))
json.dump({'history': history, 'best_val_f1': best, 'parameters': sum(p.numel() for p in model.parameters()),
           'receptive_field': model.radius, 'train_seconds': round(time.time() - t0), 'args': vars(a)},
          open(os.path.join(a.out, 'torch-metrics.json'), 'w'), indent=2)
