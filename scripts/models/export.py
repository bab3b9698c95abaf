"""
ONNX export (opset 14, dynamic batch and sequence axes) with Hugging Face's input/output names,
and a Hugging Face layout folder: config.json, tokenizer.json, onnx/model.onnx.
"""
import json
import os
import shutil
import torch
from torch import nn

OPSET = 14


def _export(module, args, path, inputs, outputs, axes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def sample_inputs(vocab_size, batch=2, length=8):
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, vocab_size, (batch, length), generator=g)
    return ids, torch.ones_like(ids), torch.zeros_like(ids)


ENC_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids']
ENC_AXES = {n: {0: 'batch', 1: 'sequence'} for n in ENC_INPUTS}


def export_qa(model, path, vocab_size):
    axes = {**ENC_AXES, 'start_logits': {0: 'batch', 1: 'sequence'}, 'end_logits': {0: 'batch', 1: 'sequence'}}
    _export(model, sample_inputs(vocab_size), path, ENC_INPUTS, ['start_logits', 'end_logits'], axes)


def export_classification(model, path, vocab_size):
    _export(model, sample_inputs(vocab_size), path, ENC_INPUTS, ['logits'], {**ENC_AXES, 'logits': {0: 'batch'}})


def export_features(model, path, vocab_size):
    axes = {**ENC_AXES, 'last_hidden_state': {0: 'batch', 1: 'sequence'}}
    _export(model, sample_inputs(vocab_size), path, ENC_INPUTS, ['last_hidden_state'], axes)


class _Enc(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        return self.m.encoder(input_ids, attention_mask)


class _Dec(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states):
        cross = self.m.cross_kv(encoder_hidden_states)
        logits, present = self.m.decode(input_ids, encoder_attention_mask, cross)
        out = [logits]
        for (k, v), (ck, cv) in zip(present, cross):
            out += [k, v, ck, cv]
        return tuple(out)


class _DecPast(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, encoder_attention_mask, *flat):
        n = len(self.m.layers)
        past = [(flat[4 * i], flat[4 * i + 1]) for i in range(n)]
        cross = [(flat[4 * i + 2], flat[4 * i + 3]) for i in range(n)]
        logits, present = self.m.decode(input_ids, encoder_attention_mask, cross, past)
        out = [logits]
        for k, v in present:
            out += [k, v]
        return tuple(out)


def export_seq2seq(model, folder, vocab_size):
    """optimum's split: encoder_model, decoder_model (first step), decoder_with_past_model."""
    n = len(model.layers)
    ids, mask, _ = sample_inputs(vocab_size, 2, 7)
    _export(_Enc(model), (ids, mask), f'{folder}/onnx/encoder_model.onnx', ['input_ids', 'attention_mask'],
            ['last_hidden_state'], {'input_ids': {0: 'b', 1: 's'}, 'attention_mask': {0: 'b', 1: 's'},
                                    'last_hidden_state': {0: 'b', 1: 's'}})
    with torch.no_grad():
        enc = model.encoder(ids, mask)
    dec_ids = ids[:, :3]
    present_names = []
    for i in range(n):
        present_names += [f'present.{i}.decoder.key', f'present.{i}.decoder.value',
                          f'present.{i}.encoder.key', f'present.{i}.encoder.value']
    axes = {'input_ids': {0: 'b', 1: 't'}, 'encoder_attention_mask': {0: 'b', 1: 's'},
            'encoder_hidden_states': {0: 'b', 1: 's'}, 'logits': {0: 'b', 1: 't'}}
    for nm in present_names:
        axes[nm] = {0: 'b', 2: 's' if '.encoder.' in nm else 't'}
    _export(_Dec(model), (dec_ids, mask, enc), f'{folder}/onnx/decoder_model.onnx',
            ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states'], ['logits'] + present_names, axes)
    with torch.no_grad():
        outs = _Dec(model)(dec_ids, mask, enc)
    past_names, flat = [], []
    for i in range(n):
        past_names += [f'past_key_values.{i}.decoder.key', f'past_key_values.{i}.decoder.value',
                       f'past_key_values.{i}.encoder.key', f'past_key_values.{i}.encoder.value']
        flat += list(outs[1 + 4 * i: 5 + 4 * i])
    out_names = ['logits'] + [nm for nm in present_names if '.decoder.' in nm]
    axes = {'input_ids': {0: 'b', 1: 't'}, 'encoder_attention_mask': {0: 'b', 1: 's'}, 'logits': {0: 'b', 1: 't'}}
    for nm in past_names:
        axes[nm] = {0: 'b', 2: 's' if '.encoder.' in nm else 'p'}
    for nm in out_names[1:]:
        axes[nm] = {0: 'b', 2: 'p1'}
    _export(_DecPast(model), (dec_ids[:, :1], mask, *flat), f'{folder}/onnx/decoder_with_past_model.onnx',
            ['input_ids', 'encoder_attention_mask'] + past_names, out_names, axes)


def write_folder(folder, config, tokenizer_json, extra=None):
    """config.json in the HF shape transformers.js reads (model_type, sizes, id2label …)."""
    os.makedirs(folder, exist_ok=True)
    c = config.to_dict()
    hf = {
        'vocab_size': c['vocab_size'], 'hidden_size': c['hidden_size'], 'embedding_size': c['embedding_size'],
        'num_hidden_layers': c['num_hidden_layers'], 'num_attention_heads': c['num_attention_heads'],
        'intermediate_size': c['intermediate_size'], 'max_position_embeddings': c['max_position_embeddings'],
        'type_vocab_size': c['type_vocab_size'], 'layer_norm_eps': c['layer_norm_eps'], 'hidden_act': 'gelu',
    }
    hf.update(extra or {})
    with open(f'{folder}/config.json', 'w') as f:
        json.dump(hf, f, ensure_ascii=False, indent=2)
        f.write('\n')
    shutil.copyfile(tokenizer_json, f'{folder}/tokenizer.json')


def export_encoder_reader(model, config, tokenizer_json, folder):
    """A transformer MRC reader (modeling.EncoderMatchQA): ELECTRA-shaped config.json (with kornlu's
    pre-LN / ALiBi flags), tokenizer.json, onnx/model.onnx and its int8 version."""
    from quantize import quantize
    c = config.to_dict()
    write_folder(folder, config, tokenizer_json, {'model_type': 'electra', 'architectures': ['ElectraForQuestionAnswering'], 'pad_token_id': 0,
                                                  'kornlu_pre_layer_norm': c['pre_layer_norm'], 'kornlu_alibi': c['alibi'],
                                                  'kornlu_alibi_segments': c['alibi_segments']})
    export_qa(model, os.path.join(folder, 'onnx/model.onnx'), config.vocab_size)
    quantize(os.path.join(folder, 'onnx/model.onnx'), os.path.join(folder, 'onnx/model_quantized.onnx'))


def export_reader(model, config, tokenizer_json, folder):
    """The MRC reader's folder: config.json with only the fields it has (no attention, no position
    table: any window length works), tokenizer.json, onnx/model.onnx and its int8 version."""
    from quantize import quantize
    model.split_end_conv()
    write_folder(folder, config, tokenizer_json, {'model_type': 'kornlu-conv-reader', 'architectures': ['ConvMatchReaderForQuestionAnswering'], 'pad_token_id': 0})
    path = os.path.join(folder, 'config.json')
    cfg = json.load(open(path))
    for k in ('num_attention_heads', 'intermediate_size', 'hidden_act', 'layer_norm_eps', 'type_vocab_size'):
        cfg.pop(k, None)
    cfg['max_position_embeddings'] = 512
    with open(path, 'w') as f:
        json.dump(cfg, f, ensure_ascii=False, indent=2)
    export_qa(model, os.path.join(folder, 'onnx/model.onnx'), config.vocab_size)
    quantize(os.path.join(folder, 'onnx/model.onnx'), os.path.join(folder, 'onnx/model_quantized.onnx'))
