"""
The speed-benchmark QA model: KoELECTRA-small-v3's shape (12 layers, hidden 256, embedding 128,
4 heads, intermediate 1024, vocabulary 35,000 with KoELECTRA v3's tokenizer.json) with random
weights — quality is irrelevant for speed. Writes a Hugging Face layout folder that both kornlu
and transformers.js load, the int8 file, and the PyTorch weights for the eager peer.

    /usr/bin/python3 scripts/models/make_bench_qa.py OUT_DIR [SHARED_DIR]
"""
import json
import os
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, QuestionAnswering  # noqa: E402
from export import export_qa, write_folder  # noqa: E402
from quantize import quantize  # noqa: E402

out = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared')
tok = os.path.join(shared, 'models-third-party', 'koelectra-v3-vocab', 'tokenizer.json')
if not os.path.exists(tok):
    sys.exit(f'missing {tok}; pass the shared/ folder as the second argument')
vocab = len(json.load(open(tok))['model']['vocab'])
torch.manual_seed(0)
c = Config(vocab_size=vocab)  # the defaults are KoELECTRA-small's shape
model = QuestionAnswering(c).eval()
write_folder(out, c, tok, {'model_type': 'electra', 'architectures': ['ElectraForQuestionAnswering']})
with open(os.path.join(out, 'tokenizer_config.json'), 'w') as f:
    json.dump({'model_max_length': 512, 'do_lower_case': False, 'tokenizer_class': 'ElectraTokenizer',
               'unk_token': '[UNK]', 'sep_token': '[SEP]', 'pad_token': '[PAD]', 'cls_token': '[CLS]',
               'mask_token': '[MASK]'}, f)
export_qa(model, f'{out}/onnx/model.onnx', vocab)
quantize(f'{out}/onnx/model.onnx', f'{out}/onnx/model_quantized.onnx')
torch.save(model.state_dict(), f'{out}/pytorch_model.pt')
params = sum(p.numel() for p in model.parameters())
print(json.dumps({'vocab': vocab, 'parameters': params, 'onnx_mb': os.path.getsize(f'{out}/onnx/model.onnx') / 2**20,
                  'onnx_int8_mb': os.path.getsize(f'{out}/onnx/model_quantized.onnx') / 2**20}))
