"""
Exports weights trained elsewhere (a lent GPU machine, device-train.sh; fp16 from half.py) into
the folders the CPU recipes read, exactly as the trainers' own export steps would have written them:

  # a classifier from finetune_encoder.py → DIR/onnx/model.onnx, classifier.pt, torch-metrics.json
  /usr/bin/python3 scripts/models/export_trained.py classifier --state S.pt --metrics METRICS.json --out DIR
  # an MRC reader from train_mrc.py --arch encoder → DIR/config.json, tokenizer.json, onnx/*, model.pt
  /usr/bin/python3 scripts/models/export_trained.py reader --state S.pt --config MODEL-CONFIG.json --tokenizer T.json --out DIR
"""
import argparse
import json
import os
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Classification, Config, EncoderMatchQA  # noqa: E402
from export import export_classification, export_encoder_reader  # noqa: E402


def load_fp32(path):
    return {k: (v.float() if v.is_floating_point() else v) for k, v in torch.load(path, map_location='cpu').items()}


p = argparse.ArgumentParser()
p.add_argument('kind', choices=['classifier', 'reader'])
p.add_argument('--state', required=True)
p.add_argument('--out', required=True)
p.add_argument('--metrics', help='classifier: the metrics.json finetune_encoder.py wrote next to it')
p.add_argument('--config', help='reader: the model-config.json train_mrc.py wrote next to it')
p.add_argument('--tokenizer', default='models/ko-wordpiece-16k/tokenizer.json')
a = p.parse_args()
state = load_fp32(a.state)
os.makedirs(a.out, exist_ok=True)
if a.kind == 'classifier':
    m = json.load(open(a.metrics))
    cfg = Config(**m['config'])
    model = Classification(cfg, state['out.weight'].shape[0])
    model.load_state_dict(state)
    torch.save(model.state_dict(), os.path.join(a.out, 'classifier.pt'))
    json.dump(m, open(os.path.join(a.out, 'metrics.json'), 'w'), indent=2)
    export_classification(model, os.path.join(a.out, 'onnx/model.onnx'), cfg.vocab_size)
    json.dump({k: v for k, v in m.items() if k != 'args'}, open(os.path.join(a.out, 'torch-metrics.json'), 'w'), indent=2)
else:
    cfg = Config(**json.load(open(a.config)))
    V = cfg.vocab_size
    model = EncoderMatchQA(cfg, list(range(V)), [0.0] * V, 0)
    model.load_state_dict(state)  # norm / idf buffers come with the state
    model.sep = json.load(open(a.tokenizer))['model']['vocab']['[SEP]']
    model.eval()
    torch.save(model.state_dict(), os.path.join(a.out, 'model.pt'))
    export_encoder_reader(model, cfg, a.tokenizer, a.out)
print(f'{a.kind} → {a.out}')
