"""
A small convolutional text classifier (Kim 2014 style) on subword ids, trained on CPU in minutes,
exported to ONNX with HF-style inputs so kornlu's text-classification pipeline serves it.

    /usr/bin/python3 scripts/models/train_textcnn.py --train T.jsonl --test TEST.jsonl --labels neg,pos \
        --out models/ko-sentiment [--epochs 4] [--dim 128] [--filters 128] [--vectors V.txt]

Validation: a seeded random 5 % of the training file (the epoch with the best validation accuracy is kept).
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
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from quantize import quantize  # noqa: E402
from classifier_data import add_dataset_args, f1_per_class, validation_split  # noqa: E402

p = argparse.ArgumentParser()
add_dataset_args(p)
p.add_argument('--vocab-size', type=int, required=True)
p.add_argument('--epochs', type=int, default=4)
p.add_argument('--dim', type=int, default=128)
p.add_argument('--filters', type=int, default=128)
p.add_argument('--kernels', default='1,3,5')
p.add_argument('--batch', type=int, default=128)
p.add_argument('--lr', type=float, default=2e-3)
p.add_argument('--dropout', type=float, default=0.5)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--seed', type=int, default=13)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
random.seed(args.seed)
labels = args.labels.split(',')


def load(path):
    rows = [json.loads(l) for l in open(path)]
    return [(r['ids'], r['label']) for r in rows]


class TextCNN(nn.Module):
    def __init__(self, vocab, dim, filters, kernels, classes, dropout):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        # Odd kernels with 'same' padding: one output per token, so padding is masked exactly.
        self.convs = nn.ModuleList([nn.Conv1d(dim, filters, k, padding=k // 2) for k in kernels])
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(filters * len(kernels), classes)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.to(torch.float32)
        x = (self.emb(input_ids) * m[:, :, None]).transpose(1, 2)      # [b, dim, t]
        pooled = []
        for conv in self.convs:
            h = F.relu(conv(x)) - (1.0 - m[:, None, :]) * 1e4             # pads never win the max
            pooled.append(h.max(dim=2).values)
        return self.out(self.drop(torch.cat(pooled, dim=1)))


def batches(data, size, shuffle):
    idx = list(range(len(data)))
    if shuffle:
        random.shuffle(idx)
    for i in range(0, len(idx), size):
        chunk = [data[j] for j in idx[i:i + size]]
        t = max(1, max(len(ids) for ids, _ in chunk))
        ids = torch.zeros(len(chunk), t, dtype=torch.long)
        mask = torch.zeros(len(chunk), t, dtype=torch.long)
        for r, (x, _) in enumerate(chunk):
            ids[r, :len(x)] = torch.tensor(x)
            mask[r, :len(x)] = 1
        yield ids, mask, torch.tensor([y for _, y in chunk])


def accuracy(model, data):
    model.eval()
    right = 0
    preds = []
    with torch.no_grad():
        for ids, mask, y in batches(data, 512, False):
            p = model(ids, mask).argmax(1)
            right += int((p == y).sum())
            preds += p.tolist()
    return right / max(1, len(data)), preds


train, val = validation_split(load(args.train), args.seed)
test = load(args.test)
kernels = [int(k) for k in args.kernels.split(',')]
model = TextCNN(args.vocab_size, args.dim, args.filters, kernels, len(labels), args.dropout)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
steps = args.epochs * math.ceil(len(train) / args.batch)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
best, best_state, curve = -1.0, None, []
t0 = time.time()
for ep in range(1, args.epochs + 1):
    model.train()
    seen, loss_sum = 0, 0.0
    for ids, mask, y in batches(train, args.batch, True):
        opt.zero_grad()
        loss = F.cross_entropy(model(ids, mask), y)
        loss.backward()
        opt.step()
        sched.step()
        seen += len(y)
        loss_sum += float(loss) * len(y)
    val_acc, _ = accuracy(model, val)
    curve.append({'epoch': ep, 'train_loss': loss_sum / seen, 'val_accuracy': val_acc})
    print(f'epoch {ep}: loss {loss_sum / seen:.4f} val {val_acc:.4f} ({time.time() - t0:.0f} s)', file=sys.stderr)
    if val_acc > best:
        best, best_state = val_acc, {k: v.clone() for k, v in model.state_dict().items()}
train_seconds = time.time() - t0
model.load_state_dict(best_state)
model.eval()
test_acc, test_pred = accuracy(model, test)

# macro-F1 on test
f1s = f1_per_class(test_pred, [y for _, y in test], len(labels))

os.makedirs(f'{args.out}/onnx', exist_ok=True)


class Wrapper(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m(input_ids, attention_mask)


ids = torch.randint(5, args.vocab_size, (2, 9))
with torch.no_grad():
    torch.onnx.export(Wrapper(model), (ids, torch.ones_like(ids)), f'{args.out}/onnx/model.onnx',
                      input_names=['input_ids', 'attention_mask'], output_names=['logits'],
                      dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
                                    'logits': {0: 'batch'}}, opset_version=14)
quantize(f'{args.out}/onnx/model.onnx', f'{args.out}/onnx/model_quantized.onnx', min_elements=1024)
params = sum(p.numel() for p in model.parameters())
json.dump({'test_accuracy': test_acc, 'test_macro_f1': sum(f1s) / len(f1s), 'test_f1_per_class': f1s,
           'best_val_accuracy': best, 'train_examples': len(train), 'val_examples': len(val),
           'test_examples': len(test), 'parameters': params, 'train_seconds': round(train_seconds, 1),
           'epochs': args.epochs, 'curve': curve, 'args': vars(args)},
          open(f'{args.out}/torch-metrics.json', 'w'), indent=2)
print(json.dumps({'test_accuracy': test_acc, 'macro_f1': sum(f1s) / len(f1s), 'params': params}))
