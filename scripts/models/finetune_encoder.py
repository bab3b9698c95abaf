"""
Fine-tunes modeling.Classification (encoder + ELECTRA head) on a jsonl from encode-dataset.ts,
either from a pretrained encoder (--init, the encoder.pt pretrain_electra.py writes) or from scratch
with the same architecture and recipe — the comparison issue #6 asks for ("how much each task gains
from pretraining"). Validation: the same seeded random 5 % of the training file as
train_textcnn.py (the best epoch is kept); test accuracy and macro-F1 on the test file.

  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 scripts/models/finetune_encoder.py --train T.jsonl --test TEST.jsonl \
      --labels negative,positive --out DIR [--init encoder.pt] [--epochs 2]
"""
import argparse, json, math, os, random, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Classification, Config, autocast, bert_init  # noqa: E402
from classifier_data import add_dataset_args, f1_per_class, validation_split  # noqa: E402

p = argparse.ArgumentParser()
add_dataset_args(p)
p.add_argument('--init', default='', help='encoder.pt from pretrain_electra.py (omit: from scratch)')
p.add_argument('--config', default='', help='encoder config JSON when training from scratch (default: the pretraining one)')
p.add_argument('--scratch', action='store_true', help="with --init: that encoder's architecture, fresh weights (the from-scratch baseline)")
p.add_argument('--vocab-size', type=int, default=16000)
p.add_argument('--epochs', type=int, default=2)
p.add_argument('--batch', type=int, default=32)
p.add_argument('--lr', type=float, default=2e-4)
p.add_argument('--warmup', type=float, default=0.06, help='fraction of steps')
p.add_argument('--dropout', type=float, default=0.1)
p.add_argument('--max-length', type=int, default=128)
p.add_argument('--limit', type=int, default=0, help='use only the first N training examples (smoke tests)')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--seed', type=int, default=13)
p.add_argument('--export', action='store_true',
               help='also write OUT/onnx/model.onnx + model_quantized.onnx (int8) and OUT/torch-metrics.json, as train_textcnn.py does')
p.add_argument('--device', default='cpu', help="'cuda' on a GPU machine (bf16 autocast there)")
a = p.parse_args()
torch.set_num_threads(a.threads)
DEV = torch.device(a.device)
torch.manual_seed(a.seed)
random.seed(a.seed)
labels = a.labels.split(',')

if a.init:
    ck = torch.load(a.init, map_location='cpu')
    cfg = Config(**{**ck['config'], 'dropout': a.dropout})
else:
    # Default: pretrain_electra.py's encoder (pre-LN, ALiBi), so scratch and pretrained runs differ only in the weights.
    base = json.load(open(a.config)) if a.config else dict(vocab_size=a.vocab_size, hidden_size=256, embedding_size=128, num_hidden_layers=4,
                                                            num_attention_heads=4, intermediate_size=1024, max_position_embeddings=512,
                                                            pre_layer_norm=True, alibi=True)
    cfg = Config(**{**base, 'dropout': a.dropout})
model = Classification(cfg, len(labels))
if a.init and not a.scratch:
    model.encoder.load_state_dict(ck['encoder'])
    print(f'encoder from {a.init} (pretraining step {ck["step"]})', file=sys.stderr)
else:
    # The initialization the pretrained encoder started from, so the two runs differ only in pretraining.
    for m in model.modules():  # this order (not model.apply's) is the one the recorded runs drew in
        bert_init(m)
model.to(DEV)


def load(path):
    rows = [json.loads(l) for l in open(path)]
    return [(r['ids'][:a.max_length - 1] + r['ids'][-1:] if len(r['ids']) > a.max_length else r['ids'], r['label']) for r in rows]


def batches(data, size, shuffle):
    """Batches of similar length (sorted within chunks of 50 batches) so little compute goes to padding."""
    idx = list(range(len(data)))
    if shuffle:
        random.shuffle(idx)
    chunks = [sorted(idx[i:i + size * 50], key=lambda j: len(data[j][0])) for i in range(0, len(idx), size * 50)]
    groups = [c[i:i + size] for c in chunks for i in range(0, len(c), size)]
    if shuffle:
        random.shuffle(groups)
    for g in groups:
        t = max(len(data[j][0]) for j in g)
        ids = torch.zeros(len(g), t, dtype=torch.long)
        mask = torch.zeros(len(g), t, dtype=torch.long)
        for r, j in enumerate(g):
            x = data[j][0]
            ids[r, :len(x)] = torch.tensor(x)
            mask[r, :len(x)] = 1
        yield g, ids, mask, torch.tensor([data[j][1] for j in g])


def evaluate(data):
    model.eval()
    pred = [0] * len(data)
    with torch.no_grad():
        for g, ids, mask, _ in batches(data, 256, False):
            ids, mask = ids.to(DEV), mask.to(DEV)
            with autocast(DEV):
                out = model(ids, mask, torch.zeros_like(ids))
            for j, q in zip(g, out.argmax(1).tolist()):
                pred[j] = q
    model.train()
    acc = sum(int(q == y) for q, (_, y) in zip(pred, data)) / max(1, len(data))
    f1s = f1_per_class(pred, [y for _, y in data], len(labels))
    return acc, sum(f1s) / len(f1s)


train, val = validation_split(load(a.train), a.seed)  # the same split as train_textcnn.py
if a.limit:
    train = train[:a.limit]
test = load(a.test)
decay = [q for n, q in model.named_parameters() if q.dim() >= 2]
no_decay = [q for n, q in model.named_parameters() if q.dim() < 2]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': no_decay, 'weight_decay': 0.0}], lr=a.lr)
steps = a.epochs * math.ceil(len(train) / a.batch)
warm = max(1, int(steps * a.warmup))
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
os.makedirs(a.out, exist_ok=True)
best, curve, t0, step = -1.0, [], time.time(), 0
for ep in range(1, a.epochs + 1):
    loss_sum, seen = 0.0, 0
    for _, ids, mask, y in batches(train, a.batch, True):
        ids, mask, y = ids.to(DEV), mask.to(DEV), y.to(DEV)
        with autocast(DEV):
            logits = model(ids, mask, torch.zeros_like(ids))
        loss = F.cross_entropy(logits.float(), y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        loss_sum += loss.item() * len(y)
        seen += len(y)
        if step % 200 == 0:
            print(f'epoch {ep} step {step}/{steps} loss {loss_sum / seen:.4f} ({time.time() - t0:.0f} s)', file=sys.stderr, flush=True)
    val_acc, _ = evaluate(val)
    curve.append({'epoch': ep, 'train_loss': loss_sum / max(1, seen), 'val_accuracy': val_acc, 'seconds': round(time.time() - t0)})
    print(f'epoch {ep}: loss {loss_sum / max(1, seen):.4f} val {val_acc:.4f} ({time.time() - t0:.0f} s)', file=sys.stderr, flush=True)
    if val_acc > best:
        best = val_acc
        torch.save(model.state_dict(), os.path.join(a.out, 'classifier.pt'))
model.load_state_dict(torch.load(os.path.join(a.out, 'classifier.pt'), map_location=DEV))
test_acc, test_f1 = evaluate(test)
result = {'test_accuracy': test_acc, 'test_macro_f1': test_f1, 'best_val_accuracy': best, 'init': 'scratch' if a.scratch or not a.init else a.init,
          'train_examples': len(train), 'test_examples': len(test), 'parameters': sum(q.numel() for q in model.parameters()),
          'train_seconds': round(time.time() - t0, 1), 'curve': curve, 'config': cfg.to_dict(), 'args': vars(a)}
json.dump(result, open(os.path.join(a.out, 'metrics.json'), 'w'), indent=2)
if a.export:
    model.cpu()
    from export import export_classification
    from quantize import quantize
    export_classification(model, os.path.join(a.out, 'onnx/model.onnx'), cfg.vocab_size)
    quantize(os.path.join(a.out, 'onnx/model.onnx'), os.path.join(a.out, 'onnx/model_quantized.onnx'))
    json.dump({k: v for k, v in result.items() if k != 'args'}, open(os.path.join(a.out, 'torch-metrics.json'), 'w'), indent=2)
print(json.dumps({k: result[k] for k in ('test_accuracy', 'test_macro_f1', 'best_val_accuracy', 'init', 'train_seconds')}))
