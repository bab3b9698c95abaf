"""
Exports a trained SpacingCNN (train_spacing.py's model.pt) to a kornlu model folder:
config.json (kornlu_receptive_field tells the pipeline how much context a window needs),
tokenizer.json, onnx/model.onnx and its int8 version (quantize.py: int8 embedding rows, int8
convolution weights behind DequantizeLinear).

    /usr/bin/python3 scripts/models/export_spacing.py --run DIR --tokenizer T.json --out FOLDER
"""
import argparse
import json
import os
import shutil
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import SpacingCNN  # noqa: E402
from quantize import quantize  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--run', required=True)
p.add_argument('--tokenizer', required=True)
p.add_argument('--out', required=True)
a = p.parse_args()

ck = torch.load(os.path.join(a.run, 'model.pt'))
args = ck['args']
model = SpacingCNN(ck['vocab_size'], args['embedding'], args['hidden'], [int(d) for d in args['dilations'].split(',')])
model.load_state_dict(ck['state'])
model.eval()
os.makedirs(os.path.join(a.out, 'onnx'), exist_ok=True)
ids = torch.randint(2, ck['vocab_size'], (2, 40), generator=torch.Generator().manual_seed(0))
with torch.no_grad():
    torch.onnx.export(model, (ids, torch.ones_like(ids)), os.path.join(a.out, 'onnx/model.onnx'),
                      input_names=['input_ids', 'attention_mask'], output_names=['logits'],
                      dynamic_axes={'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
                                    'logits': {0: 'batch', 1: 'sequence'}},
                      opset_version=14, do_constant_folding=True)
quantize(os.path.join(a.out, 'onnx/model.onnx'), os.path.join(a.out, 'onnx/model_quantized.onnx'))
config = {
    'model_type': 'kornlu-spacing-cnn',
    'architectures': ['SpacingCNN'],
    'vocab_size': ck['vocab_size'],
    'embedding_size': args['embedding'],
    'hidden_size': args['hidden'],
    'dilations': [int(d) for d in args['dilations'].split(',')],
    'kornlu_receptive_field': model.radius,
    'pad_token_id': 0,
    'kornlu_task': 'word-spacing',
}
with open(os.path.join(a.out, 'config.json'), 'w') as f:
    json.dump(config, f, ensure_ascii=False, indent=2)
    f.write('\n')
shutil.copyfile(a.tokenizer, os.path.join(a.out, 'tokenizer.json'))
print(f'exported {a.out}: receptive field ±{model.radius}', flush=True)
