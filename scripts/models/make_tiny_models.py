"""
Tiny random-weight models for the runtime tests (step 2; step 1 is scripts/fixtures/tiny-tokenizer.ts):
an ELECTRA-shaped encoder with a QA head (fp32 and int8), a 3-label classifier, a feature
extractor and a small encoder–decoder. Each folder gets PyTorch's outputs on the inputs of
fixtures/models/inputs.json in expected.json; the tests pin onnxruntime's outputs through our
pipelines to those numbers.

    npm run fixtures:models      (= tsx scripts/fixtures/tiny-tokenizer.ts && /usr/bin/python3 this)
"""
import json
import os
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, QuestionAnswering, Classification, FeatureExtraction, Seq2Seq  # noqa: E402
from export import export_qa, export_classification, export_features, export_seq2seq, write_folder  # noqa: E402
from quantize import quantize  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'models')
inputs = json.load(open(os.path.join(ROOT, 'inputs.json')))
V = inputs['vocab_size']
TOK = os.path.join(ROOT, 'tokenizer.json')


def tiny(**kw):
    return Config(vocab_size=V, hidden_size=32, embedding_size=16, num_hidden_layers=2, num_attention_heads=2,
                  intermediate_size=64, max_position_embeddings=128, **kw)


def run(model, item):
    ids = torch.tensor([item['input_ids']])
    types = torch.tensor([item['token_type_ids']])
    with torch.no_grad():
        return model(ids, torch.ones_like(ids), types)


def dump(folder, obj):
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump(obj, f)
        f.write('\n')


torch.manual_seed(1234)

# question answering
c = tiny()
qa = QuestionAnswering(c).eval()
with torch.no_grad():  # spread the logits so spans are well separated
    qa.qa.weight.mul_(20)
d = os.path.join(ROOT, 'tiny-qa')
write_folder(d, c, TOK, {'model_type': 'electra', 'architectures': ['ElectraForQuestionAnswering']})
export_qa(qa, f'{d}/onnx/model.onnx', V)
quantize(f'{d}/onnx/model.onnx', f'{d}/onnx/model_quantized.onnx', min_elements=256)
outs = [run(qa, x) for x in inputs['inputs']]
dump(d, {'start_logits': [o[0][0].tolist() for o in outs], 'end_logits': [o[1][0].tolist() for o in outs]})

# classification
labels = ['부정', '중립', '긍정']
cls = Classification(c, len(labels)).eval()
d = os.path.join(ROOT, 'tiny-cls')
write_folder(d, c, TOK, {'model_type': 'electra', 'architectures': ['ElectraForSequenceClassification'],
                         'id2label': {str(i): l for i, l in enumerate(labels)},
                         'label2id': {l: i for i, l in enumerate(labels)}})
export_classification(cls, f'{d}/onnx/model.onnx', V)
dump(d, {'logits': [run(cls, x)[0].tolist() for x in inputs['inputs']]})

# feature extraction
fe = FeatureExtraction(c).eval()
d = os.path.join(ROOT, 'tiny-encoder')
write_folder(d, c, TOK, {'model_type': 'electra', 'architectures': ['ElectraModel']})
export_features(fe, f'{d}/onnx/model.onnx', V)
dump(d, {'last_hidden_state': [run(fe, x)[0].tolist() for x in inputs['inputs'][:3]]})

# seq2seq: greedy reference decoded WITHOUT a cache (full recompute each step), so the runtime's
# cached loop is checked against the plain definition.
c2 = tiny(num_decoder_layers=2, type_vocab_size=0)
s2s = Seq2Seq(c2).eval()
with torch.no_grad():
    s2s.lm_head.weight.mul_(8)
d = os.path.join(ROOT, 'tiny-seq2seq')
START, EOS, PAD = 2, 3, 0
write_folder(d, c2, TOK, {'model_type': 'kornlu-seq2seq', 'is_encoder_decoder': True, 'num_decoder_layers': 2,
                          'decoder_start_token_id': START, 'eos_token_id': EOS, 'pad_token_id': PAD})
export_seq2seq(s2s, d, V)
greedy, first_logits = [], []
for x in inputs['inputs'][:3]:
    ids = torch.tensor([x['input_ids']])
    mask = torch.ones_like(ids)
    out = [START]
    with torch.no_grad():
        for step in range(10):
            logits = s2s(ids, mask, torch.tensor([out]))[0, -1]
            if step == 0:
                first_logits.append(logits.tolist())
            nxt = int(logits.argmax())
            out.append(nxt)
            if nxt == EOS:
                break
    greedy.append(out[1:])
dump(d, {'greedy_ids': greedy, 'first_step_logits': first_logits, 'max_new_tokens': 10})
print('wrote', ROOT)
