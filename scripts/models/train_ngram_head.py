"""Fits the n-gram head of a text classifier (src/pipelines/classify/ngram-head.ts): TF-IDF over the
hashed n-gram counts ngram-features.ts wrote, then logistic regression (scikit-learn), C chosen on
the recipes' validation split (classifier_data.validation_split: the same 5 % the encoder's epoch
was chosen on). Writes ngram_head.bin (idf u8, weights i8) and ngram-head-metrics.json, whose
val_rows list the validation examples by position in the train file.

  /usr/bin/python3 scripts/models/train_ngram_head.py --train T.jsonl --test S.jsonl --classes 2 \
      --char-buckets 1048576 --word-buckets 524288 --out DIR [--fold-char N --fold-word N] [--C 1,4,16] [--predict-out P.json]
"""
import argparse, json, os, struct, sys, time
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classifier_data import validation_split  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--train', required=True)
p.add_argument('--test', required=True)
p.add_argument('--classes', type=int, required=True)
p.add_argument('--char-buckets', type=int, required=True, help='as the features file was written')
p.add_argument('--word-buckets', type=int, required=True)
p.add_argument('--fold-char', type=int, help='fold the char block to this many buckets (a power of two)')
p.add_argument('--fold-word', type=int)
p.add_argument('--C', default='1,4,16')
p.add_argument('--seed', type=int, default=13)
p.add_argument('--out', required=True)
p.add_argument('--predict-out', help='also write the shipped (quantized) head\'s log-probabilities of the first --predict-rows test rows, computed here with numpy, for checking the TypeScript reader')
p.add_argument('--predict-rows', type=int, default=1000)
a = p.parse_args()
fc = a.fold_char or a.char_buckets
fw = a.fold_word or a.word_buckets
assert fc <= a.char_buckets and fw <= a.word_buckets and fc & (fc - 1) == 0 and fw & (fw - 1) == 0


def load(path):
    """Char and word blocks as count matrices (buckets folded by masking, as the smaller hash would)."""
    rc, cc, vc, rw, cw, vw, y = [], [], [], [], [], [], []
    for r, line in enumerate(open(path)):
        ex = json.loads(line)
        y.append(ex['label'])
        for b, c in zip(ex['i'], ex['c']):
            if b < a.char_buckets:
                rc.append(r); cc.append(b & (fc - 1)); vc.append(c)
            else:
                rw.append(r); cw.append((b - a.char_buckets) & (fw - 1)); vw.append(c)
    n = len(y)
    # Duplicate (row, col) pairs after folding are summed by csr_matrix, as counting would.
    return csr_matrix((vc, (rc, cc)), shape=(n, fc), dtype=np.float64), csr_matrix((vw, (rw, cw)), shape=(n, fw), dtype=np.float64), np.array(y)


t0 = time.time()
Xc, Xw, y = load(a.train)
Tc, Tw, ty = load(a.test)
tr_idx, va_idx = validation_split(list(range(len(y))), a.seed)
tr_idx, va_idx = np.array(tr_idx), np.array(va_idx)
# idf from the training rows only; each block is L2-normalized on its own (as the pipeline does).
tc = TfidfTransformer(sublinear_tf=True).fit(Xc[tr_idx])
tw = TfidfTransformer(sublinear_tf=True).fit(Xw[tr_idx])
feat = lambda c, w: hstack([tc.transform(c), tw.transform(w)]).tocsr()
X, T = feat(Xc, Xw), feat(Tc, Tw)
print(f'features {X.shape} in {time.time() - t0:.0f}s', file=sys.stderr)
runs = []
best = None
for C in [float(c) for c in a.C.split(',')]:
    lr = LogisticRegression(C=C, max_iter=3000)
    lr.fit(X[tr_idx], y[tr_idx])
    va = float(np.mean(lr.predict(X[va_idx]) == y[va_idx]))
    runs.append({'C': C, 'val_accuracy': round(va, 4)})
    print(f'C={C}: val {va:.4f} ({time.time() - t0:.0f}s)', file=sys.stderr)
    if best is None or va > best[0]:
        best = (va, C, lr)
va, C, lr = best
test_acc = float(np.mean(lr.predict(T) == ty))
print(f'chosen C={C}: test {test_acc:.4f} (float weights; reported, not used for choosing)', file=sys.stderr)

# Quantize: idf to u8 over its range, each weight row to i8 with its own scale.
idf = np.concatenate([tc.idf_, tw.idf_])
idf_min, idf_scale = float(idf.min()), float((idf.max() - idf.min()) / 255 or 1.0)
idf_q = np.clip(np.round((idf - idf_min) / idf_scale), 0, 255).astype(np.uint8)
coef = lr.coef_  # (1, F) for two classes, (K, F) otherwise
scales = np.abs(coef).max(axis=1) / 127
scales[scales == 0] = 1.0
w_q = np.clip(np.round(coef / scales[:, None]), -127, 127).astype(np.int8)
header = json.dumps({
    'kind': 'kornlu-ngram-head', 'charNgrams': [1, 4], 'wordNgrams': [1, 2], 'charBuckets': fc, 'wordBuckets': fw,
    'classes': a.classes, 'rows': int(coef.shape[0]), 'idfMin': idf_min, 'idfScale': idf_scale,
    'weightScale': [float(s) for s in scales], 'bias': [float(b) for b in lr.intercept_],
}).encode('utf8')
os.makedirs(a.out, exist_ok=True)
with open(os.path.join(a.out, 'ngram_head.bin'), 'wb') as f:
    f.write(b'KNGH' + struct.pack('<II', 1, len(header)) + header + idf_q.tobytes() + w_q.tobytes())
json.dump({'C': C, 'runs': runs, 'val_accuracy': round(va, 4), 'test_accuracy_float': round(test_acc, 4), 'train_rows': len(tr_idx),
           'val_rows': [int(i) for i in va_idx], 'buckets': {'char': fc, 'word': fw}, 'train_seconds': round(time.time() - t0, 1)},
          open(os.path.join(a.out, 'ngram-head-metrics.json'), 'w'))

if a.predict_out:
    # The file's own numbers, dequantized, through the serving formula: (1 + ln count) · idf, each block
    # scaled to unit length, then weights · x + bias and a log-softmax.
    idf_d = idf_min + idf_q.astype(np.float64) * idf_scale
    w_d = w_q.astype(np.float64) * scales[:, None]
    n = min(a.predict_rows, Tc.shape[0])

    def block(C, idf_part):
        X = C[:n].astype(np.float64).tocsr(copy=True)
        X.data = 1 + np.log(X.data)
        X = X.multiply(idf_part[None, :]).tocsr()
        norm = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norm[norm == 0] = 1
        return X.multiply(1 / norm[:, None]).tocsr()
    Xq = hstack([block(Tc, idf_d[:fc]), block(Tw, idf_d[fc:])]).tocsr()
    z = np.asarray(Xq @ w_d.T) + lr.intercept_[None, :]
    if z.shape[1] == 1:
        z = np.hstack([np.zeros_like(z), z])
    z = z - z.max(axis=1, keepdims=True)
    lp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    json.dump([[float(v) for v in r] for r in lp], open(a.predict_out, 'w'))
