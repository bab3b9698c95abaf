"""
Re-exports a trained MRC reader (train_mrc.py's output folder) from its model.pt to ONNX + int8,
with the same settings it was trained with (torch-metrics.json), e.g. after a change to how the
graph is written.

    /usr/bin/python3 scripts/models/export_mrc.py DIR [DIR …]
"""
import json
import os
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, ConvMatchQA  # noqa: E402
from export import export_reader  # noqa: E402

for folder in sys.argv[1:]:
    a = json.load(open(os.path.join(folder, 'torch-metrics.json')))['args']
    vocab = json.load(open(a['tokenizer']))['model']['vocab']
    V = len(vocab)
    model = ConvMatchQA(V, a['embedding'], a['hidden'], a['layers'], a['dropout'], [0] * V, [0.0] * V, vocab['[SEP]'])
    model.load_state_dict(torch.load(os.path.join(folder, 'model.pt')))
    model.eval()
    c = Config(vocab_size=V, hidden_size=a['hidden'], embedding_size=a['embedding'], num_hidden_layers=a['layers'], max_position_embeddings=512, dropout=a['dropout'])
    export_reader(model, c, a['tokenizer'], folder)
    print(f'{folder}: re-exported', flush=True)
