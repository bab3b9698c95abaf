"""
One system of the QA benchmark: PyTorch eager (CPU) with the same weights. Python has no
tokenizer here, so it runs on the token ids kornlu's tokenizer produced (identical to HF's, see the
tokenizer parity tests); its time covers the model and the span choice, not tokenization.

    /usr/bin/python3 benchmarks/qa/torch_worker.py WINDOWS.jsonl MODEL_DIR THREADS OUT.json
"""
import json
import os
import resource
import sys
import time
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'scripts', 'models'))
from modeling import Config, QuestionAnswering  # noqa: E402

windows_file, model_dir, threads, out = sys.argv[1:5]
torch.set_num_threads(int(threads))
cfg = json.load(open(os.path.join(model_dir, 'config.json')))
t0 = time.perf_counter()
c = Config(vocab_size=cfg['vocab_size'], hidden_size=cfg['hidden_size'], embedding_size=cfg['embedding_size'],
           num_hidden_layers=cfg['num_hidden_layers'], num_attention_heads=cfg['num_attention_heads'],
           intermediate_size=cfg['intermediate_size'], max_position_embeddings=cfg['max_position_embeddings'])
model = QuestionAnswering(c)
model.load_state_dict(torch.load(os.path.join(model_dir, 'pytorch_model.pt')))
model.eval()
load_ms = (time.perf_counter() - t0) * 1000
rows = [json.loads(l) for l in open(windows_file)]
lat, answers = [], []
with torch.inference_mode():
    for i, r in enumerate(rows):
        s = time.perf_counter()
        ids = torch.tensor([r['input_ids']])
        start, end = model(ids, torch.ones_like(ids), torch.tensor([r['token_type_ids']]))
        a, b = r['context_from'], r['context_to']
        ls = torch.log_softmax(start[0, a:b], -1)
        le = torch.log_softmax(end[0, a:b], -1)
        scores = ls[:, None] + le[None, :]
        n = b - a
        band = torch.triu(torch.ones(n, n, dtype=torch.bool)) & ~torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=30)
        scores = scores.masked_fill(~band, float('-inf'))
        k = int(scores.argmax())
        lat.append((time.perf_counter() - s) * 1000)
        answers.append([a + k // n, a + k % n])
        if i % 500 == 0:
            print(f'pytorch: {i}/{len(rows)}', file=sys.stderr)
json.dump({'system': 'pytorch-eager', 'loadMs': load_ms, 'latencies': lat, 'answers': answers,
           'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'threads': int(threads)}, open(out, 'w'))
