"""
Transformer models kornlu trains and exports to ONNX, written out in plain PyTorch (no `transformers`
package on this machine). Shapes and ONNX input/output names follow Hugging Face's conventions
(BERT/ELECTRA encoders, optimum's encoder-decoder split), so the same files also run in
transformers.js.

- Encoder: BERT-style post-LN transformer with ELECTRA's factorized embeddings
  (embedding_size may be smaller than hidden_size, joined by a projection).
- Heads: extractive QA (start/end logits), sequence classification (ELECTRA head on [CLS]),
  masked-LM / replaced-token detection are added by the training scripts.
- Seq2seq: encoder + decoder with self-attention key/value cache and precomputed cross-attention
  keys/values, the cache the runtime's generation loop carries between steps.
"""
from dataclasses import dataclass, asdict
import math
import torch
from torch import nn
import torch.nn.functional as F

NEG = -1e4  # additive mask value: large enough to zero a softmax weight, safe in fp16 too


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

    def forward(self, x, bias):
        x = self.ln1(x + self.drop(self.attn(x, bias)))
        return self.ln2(x + self.ff(x))


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

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        bias = padding_bias(attention_mask)
        x = self.embeddings(input_ids, token_type_ids)
        for layer in self.layers:
            x = layer(x, bias)
        return x


class QuestionAnswering(nn.Module):
    """Encoder + start/end logits (HF's *ForQuestionAnswering outputs)."""

    def __init__(self, c: Config):
        super().__init__()
        self.encoder = Encoder(c)
        self.qa = nn.Linear(c.hidden_size, 2)

    def forward(self, input_ids, attention_mask, token_type_ids):
        logits = self.qa(self.encoder(input_ids, attention_mask, token_type_ids))
        return logits[..., 0], logits[..., 1]


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
