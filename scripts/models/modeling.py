"""
Transformer models kornlu trains and exports to ONNX, written out in plain PyTorch (no `transformers`
package on this machine). Shapes and ONNX input/output names follow Hugging Face's conventions
(BERT/ELECTRA encoders, optimum's encoder-decoder split), so the same files also run in
transformers.js.

- Encoder: BERT-style post-LN transformer (or pre-LN, `pre_layer_norm`) with ELECTRA's factorized
  embeddings (embedding_size may be smaller than hidden_size, joined by a projection).
- Heads: extractive QA (start/end logits), sequence classification (ELECTRA head on [CLS]),
  masked-LM / replaced-token detection are added by the training scripts.
- Seq2seq: encoder + decoder with self-attention key/value cache and precomputed cross-attention
  keys/values, the cache the runtime's generation loop carries between steps.
"""
from contextlib import nullcontext
from dataclasses import dataclass, asdict
import math
import torch
from torch import nn
import torch.nn.functional as F

NEG = -1e4  # additive mask value: large enough to zero a softmax weight, safe in fp16 too


def autocast(device):
    """bf16 autocast on a GPU (matrix products in bf16; softmax, losses and LayerNorm stay fp32 by
    autocast's own lists); nothing on the CPU, where the recipes train in fp32."""
    return torch.autocast('cuda', dtype=torch.bfloat16) if torch.device(device).type == 'cuda' else nullcontext()


@dataclass
class Config:
    vocab_size: int
    hidden_size: int = 256
    embedding_size: int = 128
    num_hidden_layers: int = 12
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    dropout: float = 0.1
    layer_norm_eps: float = 1e-12
    num_decoder_layers: int = 0
    # Pre-LN layers (LayerNorm before attention / feed-forward, one more at the end): trains stably
    # without a long warm-up, which a CPU budget cannot afford. False = BERT/ELECTRA's post-LN.
    pre_layer_norm: bool = False
    # ALiBi-style attention bias (Press et al. 2022), symmetric for an encoder: head h adds
    # -slope_h * |i - j| to its attention logits: a bias toward neighbours from the first step. On
    # our pretraining text a small MLM without it sat on the unigram plateau for 2,000+ steps; with
    # it the loss left the plateau after ~300 (models/ko-electra-small/README.md).
    alibi: bool = False
    # With token_type_ids (question / passage pairs): every cross-segment pair counts as distance 1,
    # so ALiBi's locality does not hide a question from the passage tokens hundreds of places away.
    alibi_segments: bool = False

    def to_dict(self):
        return asdict(self)


class Attention(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.h = c.num_attention_heads
        self.d = c.hidden_size // c.num_attention_heads
        self.q = nn.Linear(c.hidden_size, c.hidden_size)
        self.k = nn.Linear(c.hidden_size, c.hidden_size)
        self.v = nn.Linear(c.hidden_size, c.hidden_size)
        self.o = nn.Linear(c.hidden_size, c.hidden_size)
        self.drop = nn.Dropout(c.dropout)

    def split(self, x):  # [b, t, H] -> [b, h, t, d]
        b, t, _ = x.shape
        return x.view(b, t, self.h, self.d).transpose(1, 2)

    def attend(self, q, k, v, bias):
        w = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.d) + bias
        p = self.drop(torch.softmax(w, dim=-1))
        out = torch.matmul(p, v).transpose(1, 2)
        b, t = out.shape[0], out.shape[1]
        return self.o(out.reshape(b, t, self.h * self.d))

    def forward(self, x, bias, kv=None):
        src = x if kv is None else kv
        return self.attend(self.split(self.q(x)), self.split(self.k(src)), self.split(self.v(src)), bias)


class FeedForward(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.up = nn.Linear(c.hidden_size, c.intermediate_size)
        self.down = nn.Linear(c.intermediate_size, c.hidden_size)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x):
        return self.drop(self.down(F.gelu(self.up(x))))


class EncoderLayer(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.attn = Attention(c)
        self.ln1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.ff = FeedForward(c)
        self.ln2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.dropout)

        self.pre = c.pre_layer_norm

    def forward(self, x, bias):
        if self.pre:
            x = x + self.drop(self.attn(self.ln1(x), bias))
            return x + self.ff(self.ln2(x))
        x = self.ln1(x + self.drop(self.attn(x, bias)))
        return self.ln2(x + self.ff(x))


def alibi_slopes(heads):
    """Geometric slopes 2^-(4/h), 2^-(8/h), …: steep (local) heads to nearly flat (global) ones."""
    return torch.tensor([2.0 ** (-4.0 * (i + 1) / heads) for i in range(heads)])


def alibi_bias(length, heads, device=None):
    """[1, heads, length, length] additive bias -slope * |i - j| (traced with the length: any size)."""
    pos = torch.arange(length, device=device)
    dist = (pos[None, :] - pos[:, None]).abs().to(torch.float32)
    return -alibi_slopes(heads).to(device)[None, :, None, None] * dist[None, None]


def bert_init(m):
    """BERT/ELECTRA initialization, for `module.apply`: N(0, 0.02) weights, zero biases (PyTorch's
    N(0, 1) embeddings would give tied output logits a scale of ~10 and a first MLM loss of ~45)."""
    if isinstance(m, (nn.Linear, nn.Embedding)):
        nn.init.normal_(m.weight, std=0.02)
    if isinstance(m, nn.Linear) and m.bias is not None:
        nn.init.zeros_(m.bias)


def padding_bias(attention_mask):
    """[b, s] 0/1 mask -> additive [b, 1, 1, s] bias."""
    return (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * NEG


class Embeddings(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.word = nn.Embedding(c.vocab_size, c.embedding_size)
        self.position = nn.Embedding(c.max_position_embeddings, c.embedding_size)
        self.token_type = nn.Embedding(c.type_vocab_size, c.embedding_size) if c.type_vocab_size > 0 else None
        self.ln = nn.LayerNorm(c.embedding_size, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.dropout)
        self.project = nn.Linear(c.embedding_size, c.hidden_size) if c.embedding_size != c.hidden_size else None

    def forward(self, input_ids, token_type_ids=None, offset=0):
        t = input_ids.shape[1]
        pos = torch.arange(offset, offset + t, device=input_ids.device)[None, :]
        x = self.word(input_ids) + self.position(pos)
        if self.token_type is not None and token_type_ids is not None:
            x = x + self.token_type(token_type_ids)
        x = self.drop(self.ln(x))
        return self.project(x) if self.project is not None else x


class Encoder(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.config = c
        self.embeddings = Embeddings(c)
        self.layers = nn.ModuleList([EncoderLayer(c) for _ in range(c.num_hidden_layers)])
        if c.pre_layer_norm:
            self.final_ln = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, input_ids, attention_mask, token_type_ids=None, added=None):
        bias = padding_bias(attention_mask)
        if self.config.alibi:
            h = self.config.num_attention_heads
            ab = alibi_bias(input_ids.shape[1], h, input_ids.device)
            if self.config.alibi_segments and token_type_ids is not None:
                cross = (token_type_ids[:, :, None] != token_type_ids[:, None, :])[:, None]
                ab = torch.where(cross, -alibi_slopes(h).to(input_ids.device)[None, :, None, None], ab)
            bias = bias + ab
        x = self.embeddings(input_ids, token_type_ids)
        if added is not None:
            x = x + added
        for layer in self.layers:
            x = layer(x, bias)
        return self.final_ln(x) if self.config.pre_layer_norm else x


class QuestionAnswering(nn.Module):
    """Encoder + start/end logits (HF's *ForQuestionAnswering outputs)."""

    def __init__(self, c: Config):
        super().__init__()
        self.encoder = Encoder(c)
        self.qa = nn.Linear(c.hidden_size, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        logits = self.qa(self.encoder(input_ids, attention_mask, token_type_ids))
        return logits[..., 0], logits[..., 1]


def match_features(input_ids, attention_mask, token_type_ids, norm, idf, sep):
    """DrQA's exact-match features per token (the piece, without its `##` mark, occurs in the
    question; the same weighted by IDF), plus the question and passage masks."""
    valid = attention_mask > 0
    is_q = (token_type_ids == 0) & valid & (input_ids >= SPECIAL)
    is_c = (token_type_ids == 1) & valid & (input_ids != sep)  # [UNK] can be (part of) an answer
    n = norm[input_ids]
    eq = ((n[:, :, None] == n[:, None, :]) & is_q[:, None, :]).to(torch.float32)
    return eq.amax(dim=-1), (eq * idf[n][:, None, :]).amax(dim=-1), is_q, is_c


def answer_block(is_c):
    """Additive logits that keep answers inside the passage: NEG on question, special and padding
    tokens, 0 on passage tokens and on [CLS] ("not in this window")."""
    block = (1.0 - is_c.to(torch.float32)) * NEG
    block[:, 0] = 0.0
    return block


class EncoderMatchQA(nn.Module):
    """A pretrained encoder as MRC reader: QuestionAnswering plus the conv reader's two exact-match
    features added to the token embeddings (a zero-initialized projection, so training starts
    from the pretrained function), question / special tokens blocked from being answers, and
    `alibi_segments` on. Same ONNX interface as QuestionAnswering."""

    def __init__(self, c: Config, norm, idf, sep):
        super().__init__()
        self.sep = sep
        self.encoder = Encoder(c)
        self.register_buffer('norm', torch.tensor(norm, dtype=torch.long))
        self.register_buffer('idf', torch.tensor(idf, dtype=torch.float32))
        self.match = nn.Linear(2, c.hidden_size, bias=False)
        self.qa = nn.Linear(c.hidden_size, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        exact, weighted, _, is_c = match_features(input_ids, attention_mask, token_type_ids, self.norm, self.idf, self.sep)
        added = self.match(torch.stack([exact, weighted], dim=-1))
        logits = self.qa(self.encoder(input_ids, attention_mask, token_type_ids, added))
        block = answer_block(is_c)
        return logits[..., 0] + block, logits[..., 1] + block


class Classification(nn.Module):
    """Encoder + ELECTRA's classification head on the first token."""

    def __init__(self, c: Config, num_labels: int):
        super().__init__()
        self.encoder = Encoder(c)
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.drop = nn.Dropout(c.dropout)
        self.out = nn.Linear(c.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids, attention_mask, token_type_ids)[:, 0]
        return self.out(self.drop(F.gelu(self.dense(self.drop(h)))))


class FeatureExtraction(nn.Module):
    """Encoder returning last_hidden_state (pooling happens in the runtime)."""

    def __init__(self, c: Config):
        super().__init__()
        self.encoder = Encoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.encoder(input_ids, attention_mask, token_type_ids)


# ---------------------------------------------------------------- extractive QA reader

SPECIAL = 5  # [PAD] [UNK] [CLS] [SEP] [MASK] (ids 0–4) never count as a question match


class ConvMatchQA(nn.Module):
    """
    DrQA's reader with convolutions in place of LSTMs (CPU-cheap, and no position embeddings, so any
    window length works). Per context token: its word-piece embedding, exact match with the question
    (plain and IDF-weighted), the question attended from it (aligned question embedding), and the
    question's pooled vector; then residual dilated convolutions (receptive field ±2^L tokens) and
    start/end logits. Question tokens and specials get a large negative logit.
    `norm` maps each word-piece id to the id of its form without `##`; `idf` is per normalized id.
    """

    def __init__(self, vocab_size, dim, hidden, layers, dropout, norm, idf, sep):
        super().__init__()
        self.sep = sep
        self.word = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.register_buffer('norm', torch.tensor(norm, dtype=torch.long))
        self.register_buffer('idf', torch.tensor(idf, dtype=torch.float32))
        self.align = nn.Linear(dim, dim)
        self.inp = nn.Linear(dim * 3 + 2, hidden)
        self.convs = nn.ModuleList([nn.Conv1d(hidden, hidden, 3, padding=2 ** i, dilation=2 ** i) for i in range(layers)])
        self.lns = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(layers)])
        self.drop = nn.Dropout(dropout)
        self.start = nn.Linear(hidden, 1)
        # The end head also sees the start logits of the tokens up to 8 before it: answers are short.
        self.end_conv = nn.Conv1d(hidden + 1, hidden, 9, padding=8)
        self.end = nn.Linear(hidden, 1)
        self.end_split = None

    def split_end_conv(self):
        """For export: the end convolution over [x; start] as two convolutions whose outputs are
        summed (the same function). onnxruntime-web's WebGPU Conv computes the 129-channel form
        wrongly; 128 + 1 channels it gets right."""
        h = self.end_conv.in_channels - 1
        on_x = nn.Conv1d(h, self.end_conv.out_channels, 9, padding=8)
        on_s = nn.Conv1d(1, self.end_conv.out_channels, 9, padding=8, bias=False)
        with torch.no_grad():
            on_x.weight.copy_(self.end_conv.weight[:, :h])
            on_x.bias.copy_(self.end_conv.bias)
            on_s.weight.copy_(self.end_conv.weight[:, h:])
        self.end_split = nn.ModuleList([on_x, on_s])

    def forward(self, input_ids, attention_mask, token_type_ids):
        valid = attention_mask > 0
        exact, weighted, is_q, is_c = match_features(input_ids, attention_mask, token_type_ids, self.norm, self.idf, self.sep)
        qf = is_q.to(torch.float32)
        w = self.drop(self.word(input_ids))
        a = torch.relu(self.align(w))
        scores = torch.matmul(a, a.transpose(1, 2)) + (1.0 - qf[:, None, :]) * -1e4
        aligned = torch.matmul(torch.softmax(scores, dim=-1), w)
        qvec = (w * qf[..., None]).sum(1) / qf.sum(1, keepdim=True).clamp(min=1.0)
        feats = torch.cat([w, aligned, qvec[:, None, :].expand_as(w), exact[..., None], weighted[..., None]], dim=-1)
        x = torch.relu(self.inp(feats)) * valid.to(torch.float32)[..., None]
        for conv, ln in zip(self.convs, self.lns):
            y = torch.relu(conv(self.drop(x).transpose(1, 2))).transpose(1, 2)
            x = ln(x + y) * valid.to(torch.float32)[..., None]
        block = answer_block(is_c)
        start = self.start(x)[..., 0]
        t = x.shape[1]
        # Padding 8 on both sides, first t outputs kept: the end at i sees tokens (and starts) i-8 … i.
        if self.end_split is None:
            e_in = torch.cat([x, start[..., None]], dim=-1).transpose(1, 2)
            e = self.end_conv(e_in)
        else:
            e = self.end_split[0](x.transpose(1, 2)) + self.end_split[1](start[:, None, :])
        e = torch.relu(e)[:, :, :t].transpose(1, 2)
        end = self.end(self.drop(e) + x)[..., 0]
        return start + block, end + block


# ---------------------------------------------------------------- seq2seq

class DecoderLayer(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.self_attn = Attention(c)
        self.ln1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.cross = Attention(c)
        self.ln2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.ff = FeedForward(c)
        self.ln3 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x, self_bias, cross_bias, past_k, past_v, cross_k, cross_v):
        a = self.self_attn
        k_new, v_new = a.split(a.k(x)), a.split(a.v(x))
        k = k_new if past_k is None else torch.cat([past_k, k_new], dim=2)
        v = v_new if past_v is None else torch.cat([past_v, v_new], dim=2)
        x = self.ln1(x + a.attend(a.split(a.q(x)), k, v, self_bias))
        x = self.ln2(x + self.cross.attend(self.cross.split(self.cross.q(x)), cross_k, cross_v, cross_bias))
        return self.ln3(x + self.ff(x)), k, v


class Seq2Seq(nn.Module):
    """Encoder–decoder with tied input/output embeddings (decoder shares the encoder's word table)."""

    def __init__(self, c: Config):
        super().__init__()
        self.config = c
        self.encoder = Encoder(c)
        self.dec_embeddings = Embeddings(Config(**{**c.to_dict(), 'type_vocab_size': 0}))
        self.dec_embeddings.word = self.encoder.embeddings.word
        self.layers = nn.ModuleList([DecoderLayer(c) for _ in range(c.num_decoder_layers)])
        self.lm_head = nn.Linear(c.hidden_size, c.vocab_size)

    def cross_kv(self, enc):
        return [(l.cross.split(l.cross.k(enc)), l.cross.split(l.cross.v(enc))) for l in self.layers]

    def decode(self, input_ids, encoder_attention_mask, cross, past=None):
        offset = 0 if past is None else past[0][0].shape[2]
        t = input_ids.shape[1]
        total = offset + t
        # Causal bias over [past + new] keys: query i (absolute offset+i) sees keys <= offset+i.
        qpos = torch.arange(offset, total, device=input_ids.device)[:, None]
        kpos = torch.arange(0, total, device=input_ids.device)[None, :]
        self_bias = ((kpos > qpos).to(torch.float32) * NEG)[None, None, :, :]
        cross_bias = padding_bias(encoder_attention_mask)
        x = self.dec_embeddings(input_ids, None, offset)
        present = []
        for i, layer in enumerate(self.layers):
            pk, pv = (None, None) if past is None else past[i]
            x, k, v = layer(x, self_bias, cross_bias, pk, pv, cross[i][0], cross[i][1])
            present.append((k, v))
        return self.lm_head(x), present

    def forward(self, input_ids, attention_mask, decoder_input_ids):
        enc = self.encoder(input_ids, attention_mask)
        logits, _ = self.decode(decoder_input_ids, attention_mask, self.cross_kv(enc))
        return logits


class SpacingCNN(nn.Module):
    """Word spacing as tagging: per character (spaces removed), the logit that a space follows it.
    Residual dilated convolutions over character embeddings; positions outside attention_mask are
    zeroed after every layer, so padding never leaks into real characters and any batch or window
    gives the same logits as the text alone (the receptive field is ±sum(dilations) characters)."""

    def __init__(self, vocab_size, embedding=96, hidden=128, dilations=(1, 2, 4, 8, 1, 2, 4, 8), kernel=3):
        super().__init__()
        self.dilations = list(dilations)
        self.kernel = kernel
        self.emb = nn.Embedding(vocab_size, embedding, padding_idx=0)
        self.inp = nn.Conv1d(embedding, hidden, 1)
        self.convs = nn.ModuleList(nn.Conv1d(hidden, hidden, kernel, dilation=d, padding=d * (kernel - 1) // 2) for d in dilations)
        self.out = nn.Conv1d(hidden, 1, 1)

    @property
    def radius(self):
        return sum(d * (self.kernel - 1) // 2 for d in self.dilations)

    def forward(self, input_ids, attention_mask):
        m = attention_mask.unsqueeze(1).to(torch.float32)
        h = self.inp(self.emb(input_ids).transpose(1, 2)) * m
        for conv in self.convs:
            h = (h + torch.relu(conv(h))) * m
        return self.out(h).squeeze(1)
