"""
Reply model (encoder–decoder transformer, modeling.Seq2Seq) from scratch on CPU, on the pairs
encode-chatbot.ts writes. Teacher forcing, label-smoothed cross-entropy, AdamW with warm-up and
cosine decay; 5% of the training pairs are held back for the loss curve and the best epoch is kept.
Exports optimum's three-graph layout (encoder_model, decoder_model, decoder_with_past_model) and
int8 versions, with config.json and tokenizer.json, for kornlu's text2text-generation pipeline.

    /usr/bin/python3 scripts/models/train_seq2seq.py --data DIR --out FOLDER [--epochs 40]
        [--hidden 256] [--layers 3] [--heads 4] [--ffn 1024]
"""
import argparse
import json
import math
import os
import random
import sys
import time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, Seq2Seq  # noqa: E402
from export import export_seq2seq, write_folder  # noqa: E402
from quantize import quantize  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--data', required=True)
p.add_argument('--out', required=True)
p.add_argument('--epochs', type=int, default=40)
p.add_argument('--hidden', type=int, default=256)
p.add_argument('--layers', type=int, default=3)
p.add_argument('--heads', type=int, default=4)
p.add_argument('--ffn', type=int, default=1024)
p.add_argument('--batch', type=int, default=64)
p.add_argument('--lr', type=float, default=7e-4)
p.add_argument('--dropout', type=float, default=0.2)
p.add_argument('--smoothing', type=float, default=0.1)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--threads', type=int, default=2)
a = p.parse_args()
random.seed(a.seed)
torch.manual_seed(a.seed)
torch.set_num_threads(a.threads)

PAD, BOS, EOS, MAXLEN = 0, 2, 3, 64
pairs = [json.loads(l) for l in open(os.path.join(a.data, 'train.jsonl')) if l.strip()]
pairs = [(s[:MAXLEN], t[:MAXLEN]) for s, t in ((x['src'], x['tgt']) for x in pairs)]
random.shuffle(pairs)
n_dev = len(pairs) // 20
dev, train = pairs[:n_dev], pairs[n_dev:]
vocab = len(json.load(open(os.path.join(a.data, 'tokenizer.json')))['model']['vocab'])
cfg = Config(vocab_size=vocab, hidden_size=a.hidden, embedding_size=a.hidden, num_hidden_layers=a.layers,
             num_attention_heads=a.heads, intermediate_size=a.ffn, max_position_embeddings=MAXLEN,
             type_vocab_size=0, dropout=a.dropout, num_decoder_layers=a.layers)
model = Seq2Seq(cfg)
params = sum(q.numel() for q in model.parameters())
print(f'{params:,} parameters; {len(train)} training pairs, {len(dev)} held back', flush=True)


def batches(data, shuffle):
    idx = list(range(len(data)))
    if shuffle:
        random.shuffle(idx)
    for b in range(0, len(idx), a.batch):
        chunk = [data[i] for i in idx[b:b + a.batch]]
        S = max(len(s) for s, _ in chunk)
        T = max(len(t) for _, t in chunk) - 1
        src = torch.full((len(chunk), S), PAD)
        dec = torch.full((len(chunk), T), PAD)
        tgt = torch.full((len(chunk), T), -100)
        for i, (s, t) in enumerate(chunk):
            src[i, :len(s)] = torch.tensor(s)
            dec[i, :len(t) - 1] = torch.tensor(t[:-1])
            tgt[i, :len(t) - 1] = torch.tensor(t[1:])
        yield src, (src != PAD).long(), dec, tgt


steps = a.epochs * math.ceil(len(train) / a.batch)
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01, betas=(0.9, 0.98))
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 400) * 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
history, best, t0 = [], float('inf'), time.time()
os.makedirs(a.out, exist_ok=True)
for epoch in range(a.epochs):
    model.train()
    tot, n = 0.0, 0
    for src, mask, dec, tgt in batches(train, True):
        logits = model(src, mask, dec)
        loss = F.cross_entropy(logits.reshape(-1, vocab), tgt.reshape(-1), ignore_index=-100, label_smoothing=a.smoothing)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        tot, n = tot + loss.item(), n + 1
    model.eval()
    dl, dn = 0.0, 0
    with torch.no_grad():
        for src, mask, dec, tgt in batches(dev, False):
            logits = model(src, mask, dec)
            dl += F.cross_entropy(logits.reshape(-1, vocab), tgt.reshape(-1), ignore_index=-100, reduction='sum').item()
            dn += int((tgt != -100).sum())
    history.append({'epoch': epoch + 1, 'train_loss': round(tot / n, 4), 'dev_nll': round(dl / dn, 4), 'seconds': round(time.time() - t0)})
    print(json.dumps(history[-1]), flush=True)
    if dl / dn < best:
        best = dl / dn
        torch.save(model.state_dict(), os.path.join(a.out, 'model.pt'))

model.load_state_dict(torch.load(os.path.join(a.out, 'model.pt')))
model.eval()
write_folder(a.out, cfg, os.path.join(a.data, 'tokenizer.json'),
             {'model_type': 'kornlu-seq2seq', 'is_encoder_decoder': True, 'num_decoder_layers': a.layers,
              'decoder_start_token_id': BOS, 'eos_token_id': EOS, 'pad_token_id': PAD})
export_seq2seq(model, a.out, vocab)
for g in ('encoder_model', 'decoder_model', 'decoder_with_past_model'):
    quantize(os.path.join(a.out, f'onnx/{g}.onnx'), os.path.join(a.out, f'onnx/{g}_quantized.onnx'))
json.dump({'history': history, 'best_dev_nll': best, 'parameters': params, 'train_seconds': round(time.time() - t0), 'args': vars(a)},
          open(os.path.join(a.out, 'torch-metrics.json'), 'w'), indent=2)
print(f'exported {a.out}', flush=True)
