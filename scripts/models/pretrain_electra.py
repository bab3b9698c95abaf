"""
ELECTRA-style pretraining (replaced-token detection) of a small Korean encoder on the id stream
written by encode-pretrain.ts. The discriminator is modeling.Encoder (the base the task recipes
fine-tune); a generator a quarter of its width shares its embeddings, fills 15% masked positions
with sampled tokens, and the discriminator learns which tokens were replaced (ELECTRA, Clark et
al. 2020) — every position gives a training signal, which matters on a compute budget like ours.

Resumable: a checkpoint (both models, optimizer, step, RNG) is written every --save-minutes and
when --minutes runs out; run again with the same --work to continue. The learning-rate schedule
(warmup, then linear decay) is fixed by --total-steps, so a run cut into sessions trains exactly
like one run. Progress: one line per --log-every steps, and work/log.csv for the learning curve.

--objective mlm trains the encoder itself as a BERT-style masked LM instead (no generator); the
log's rtd columns are then 0 and its accuracy columns are masked-LM accuracy.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/models/pretrain_electra.py --work DIR [--objective mlm] [--minutes 90]
  python3 scripts/models/pretrain_electra.py --work DIR --objective mlm --device cuda --fit-minutes 6   # a lent GPU
"""
import argparse, csv, json, math, os, signal, sys, time
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from modeling import Config, Encoder, autocast, bert_init  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--work', required=True, help='folder with train.u16, valid.u16, meta.json; checkpoints go here')
p.add_argument('--minutes', type=float, default=90, help='wall-clock budget of this run')
p.add_argument('--save-minutes', type=float, default=10)
p.add_argument('--total-steps', type=int, default=12000)
p.add_argument('--warmup', type=int, default=300)
p.add_argument('--batch', type=int, default=64)
p.add_argument('--length', type=int, default=128)
p.add_argument('--lr', type=float, default=5e-4)
p.add_argument('--layers', type=int, default=4)
p.add_argument('--hidden', type=int, default=256)
p.add_argument('--rtd-weight', type=float, default=50.0)
p.add_argument('--post-ln', action='store_true', help="BERT/ELECTRA's post-LN layers (default: pre-LN, see modeling.Config)")
p.add_argument('--objective', choices=['electra', 'mlm'], default='electra',
               help='electra: replaced-token detection; mlm: BERT-style masked LM on the encoder itself (80/10/10 masking)')
p.add_argument('--no-alibi', action='store_true', help='no ALiBi attention bias (see modeling.Config.alibi)')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--log-every', type=int, default=25)
p.add_argument('--valid-every', type=int, default=250)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--device', default='cpu', help="'cuda' on a GPU machine (bf16 autocast there)")
p.add_argument('--fit-minutes', type=float, default=0,
               help='GPU runs: after 50 timed steps set --total-steps so the run ends in about this many minutes '
                    '(with a warm-up longer than 60 steps the schedule is then the one a fixed --total-steps gives)')
a = p.parse_args()
torch.set_num_threads(a.threads)
DEV = torch.device(a.device)
if DEV.type == 'cuda' and a.objective != 'mlm':
    sys.exit('--device cuda is wired for --objective mlm only (the ELECTRA path samples on the CPU)')
if DEV.type == 'cuda':
    torch.backends.cuda.matmul.allow_tf32 = True

meta = json.load(open(os.path.join(a.work, 'meta.json')))
V, CLS, SEP, MASK, PAD = meta['vocabSize'], meta['cls'], meta['sep'], meta['mask'], meta['pad']
train = np.fromfile(os.path.join(a.work, 'train.u16'), dtype='<u2')
valid = np.fromfile(os.path.join(a.work, 'valid.u16'), dtype='<u2')
print(f'{len(train):,} training tokens, {len(valid):,} held out', flush=True)

disc_cfg = Config(vocab_size=V, hidden_size=a.hidden, embedding_size=128, num_hidden_layers=a.layers,
                  num_attention_heads=4, intermediate_size=4 * a.hidden, max_position_embeddings=512, dropout=0.0,
                  pre_layer_norm=not a.post_ln, alibi=not a.no_alibi)
gen_cfg = Config(vocab_size=V, hidden_size=a.hidden // 4, embedding_size=128, num_hidden_layers=a.layers,
                 num_attention_heads=1, intermediate_size=a.hidden, max_position_embeddings=512, dropout=0.0,
                 pre_layer_norm=not a.post_ln, alibi=not a.no_alibi)
# No dropout while pretraining: with one or two passes over the data nothing overfits, and on CPU
# dropout's random masks cost ~10% of a step. Fine-tuning sets its own dropout.


class Generator(nn.Module):
    """Masked-LM head on an encoder: ELECTRA's small generator sharing the discriminator's
    token/position/type embeddings, or (--objective mlm, no `shared`) the encoder being pretrained."""

    def __init__(self, c: Config, shared=None):
        super().__init__()
        self.encoder = Encoder(c)
        if shared is not None:
            self.encoder.embeddings.word = shared.word
            self.encoder.embeddings.position = shared.position
            self.encoder.embeddings.token_type = shared.token_type
        self.dense = nn.Linear(c.hidden_size, c.embedding_size)
        self.ln = nn.LayerNorm(c.embedding_size, eps=c.layer_norm_eps)
        self.bias = nn.Parameter(torch.zeros(c.vocab_size))

    def forward(self, ids, mask, at):
        h = self.encoder(ids, mask)[at]  # only the masked positions
        h = self.ln(F.gelu(self.dense(h)))
        return h @ self.encoder.embeddings.word.weight.t() + self.bias


class Discriminator(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.encoder = Encoder(c)
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.out = nn.Linear(c.hidden_size, 1)

    def forward(self, ids, mask):
        return self.out(F.gelu(self.dense(self.encoder(ids, mask)))).squeeze(-1)


torch.manual_seed(a.seed)
MLM = a.objective == 'mlm'
if MLM:
    # The masked-LM head sits on the encoder being pretrained (its output layer tied to the embeddings).
    gen = Generator(disc_cfg)
    disc = None
    encoder = gen.encoder
else:
    disc = Discriminator(disc_cfg)
    gen = Generator(gen_cfg, disc.encoder.embeddings)
    disc.apply(bert_init)
    encoder = disc.encoder
gen.apply(bert_init)
for m in (gen, disc):
    if m is not None:
        m.to(DEV)
models = [gen] if MLM else [disc, gen]
params = {id(q): q for m in models for q in m.parameters()}.values()  # shared once
decay = [q for q in params if q.dim() >= 2]
no_decay = [q for q in params if q.dim() < 2]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.01}, {'params': no_decay, 'weight_decay': 0.0}], lr=a.lr, betas=(0.9, 0.999), eps=1e-6)
lr_at = lambda step: a.lr * min((step + 1) / a.warmup, max(0.0, (a.total_steps - step) / max(1, a.total_steps - a.warmup)))
if MLM:
    print(f'masked LM: encoder {sum(q.numel() for q in encoder.parameters()) / 1e6:.2f} M parameters', flush=True)
else:
    print(f'discriminator {sum(q.numel() for q in disc.parameters()) / 1e6:.2f} M parameters, generator (own) '
          f'{sum(q.numel() for n, q in gen.named_parameters() if "embeddings.word" not in n and "embeddings.position" not in n and "embeddings.token_type" not in n) / 1e6:.2f} M', flush=True)

ckpt_path = os.path.join(a.work, 'checkpoint.pt')
step = 0
rng = np.random.default_rng(a.seed)
ck_loaded = os.path.exists(ckpt_path)
if ck_loaded:
    ck = torch.load(ckpt_path, map_location=DEV)
    if ck['args'].get('objective', 'electra') != a.objective:
        sys.exit(f'{ckpt_path} was trained with --objective {ck["args"].get("objective", "electra")}; move it away to start over')
    if disc is not None:
        disc.load_state_dict(ck['disc'])
    gen.load_state_dict(ck['gen'])
    opt.load_state_dict(ck['opt'])
    step = ck['step']
    a.total_steps = ck['args'].get('total_steps', a.total_steps) if a.fit_minutes else a.total_steps
    rng = np.random.default_rng()
    rng.bit_generator.state = ck['rng']
    torch.set_rng_state(ck['torch_rng'])
    print(f'resumed at step {step}', flush=True)


def save():
    tmp = ckpt_path + '.tmp'
    torch.save({'disc': disc.state_dict() if disc is not None else None, 'gen': gen.state_dict(), 'opt': opt.state_dict(), 'step': step,
                'rng': rng.bit_generator.state, 'torch_rng': torch.get_rng_state(),
                'config': disc_cfg.to_dict(), 'args': vars(a)}, tmp)
    os.replace(tmp, ckpt_path)
    torch.save({'config': disc_cfg.to_dict(), 'encoder': {k: v.cpu() for k, v in encoder.state_dict().items()}, 'step': step,
                'objective': a.objective}, os.path.join(a.work, 'encoder.pt'))


def windows(stream, starts):
    """[CLS] + length-1 ids from each start: lines run on across windows (packed, RoBERTa style)."""
    n = a.length - 1
    x = np.stack([stream[s:s + n] for s in starts]).astype(np.int64)
    return torch.from_numpy(np.concatenate([np.full((len(starts), 1), CLS), x], axis=1))


def corrupt(ids, g):
    """Masks 15% of the real tokens, fills them from the generator; returns everything the losses need."""
    special = (ids == CLS) | (ids == SEP) | (ids == PAD)
    probs = torch.full(ids.shape, 0.15).masked_fill(special, 0.0)
    at = torch.bernoulli(probs, generator=g).bool()
    masked = ids.masked_fill(at, MASK)
    attn = torch.ones_like(ids)
    logits = gen(masked, attn, at)
    with torch.no_grad():
        # Inverse-CDF sampling: one uniform per row (multinomial draws one per vocabulary entry).
        cdf = F.softmax(logits.float(), dim=-1).cumsum(-1)
        u = torch.rand(cdf.shape[0], 1, generator=g) * cdf[:, -1:]
        sampled = torch.searchsorted(cdf, u).squeeze(-1).clamp_(max=V - 1)
    fake = ids.clone()
    fake[at] = sampled
    replaced = (fake != ids).float()
    return logits, at, fake, attn, replaced


def mlm_losses(ids, g):
    """BERT masking: 15 % of real tokens predicted; of those 80 % shown as [MASK], 10 % random, 10 % kept."""
    special = (ids == CLS) | (ids == SEP) | (ids == PAD)
    at = torch.bernoulli(torch.full(ids.shape, 0.15).masked_fill(special, 0.0), generator=g).bool()
    u = torch.rand(ids.shape, generator=g)
    shown = ids.masked_fill(at & (u < 0.8), MASK)
    rand = at & (u >= 0.8) & (u < 0.9)
    shown = torch.where(rand, torch.randint(5, V, ids.shape, generator=g), shown)
    ids, shown, at = ids.to(DEV), shown.to(DEV), at.to(DEV)
    with autocast(DEV):
        logits = gen(shown, torch.ones_like(ids), at)
    mlm = F.cross_entropy(logits.float(), ids[at])
    zero = torch.zeros((), device=DEV)
    return mlm, zero, (logits.argmax(-1) == ids[at]).float().mean(), zero


def losses(ids, g):
    if MLM:
        return mlm_losses(ids, g)
    logits, at, fake, attn, replaced = corrupt(ids, g)
    mlm = F.cross_entropy(logits, ids[at])
    d = disc(fake, attn)
    rtd = F.binary_cross_entropy_with_logits(d, replaced)
    acc = ((d > 0).float() == replaced).float().mean()
    return mlm, rtd, acc, replaced[at].mean()


vg = torch.Generator().manual_seed(1234)
v_starts = np.random.default_rng(99).integers(0, len(valid) - a.length, size=128)
v_ids = windows(valid, v_starts)


def validate():
    for m in models:
        m.eval()
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        out = [losses(v_ids[i:i + 64], g) for i in range(0, len(v_ids), 64)]
    for m in models:
        m.train()
    return [float(sum(o[k] for o in out) / len(out)) for k in range(4)]


log_file = os.path.join(a.work, 'log.csv')
new_log = not os.path.exists(log_file)
log = open(log_file, 'a', newline='')
w = csv.writer(log)
if new_log:
    w.writerow(['step', 'tokens', 'mlm', 'rtd', 'rtd_acc', 'replaced', 'valid_mlm', 'valid_rtd', 'valid_acc', 'lr', 'seconds'])
# SIGTERM / Ctrl-C: finish the step, save, stop (the next run resumes from there).
stop = {'asked': False}
def ask_stop(*_):
    stop['asked'] = True
signal.signal(signal.SIGTERM, ask_stop)
signal.signal(signal.SIGINT, ask_stop)
t0 = time.time()
last_save = t0
g = torch.Generator().manual_seed(a.seed * 1000 + step)
acc_sum = [0.0, 0.0, 0.0, 0.0]
n_sum = 0
while step < a.total_steps and (time.time() - t0) < a.minutes * 60 and not stop['asked']:
    for group in opt.param_groups:
        group['lr'] = lr_at(step)
    ids = windows(train, rng.integers(0, len(train) - a.length, size=a.batch))
    mlm, rtd, acc, rep = losses(ids, g)
    loss = mlm + a.rtd_weight * rtd
    if a.fit_minutes and step == 10:
        t_fit = time.time()
    if a.fit_minutes and step == 60 and not ck_loaded:
        a.total_steps = max(a.warmup + 1, int(a.fit_minutes * 60 / ((time.time() - t_fit) / 50)))
        print(f'--fit-minutes {a.fit_minutes}: {(time.time() - t_fit) / 50 * 1000:.1f} ms a step → --total-steps {a.total_steps}', flush=True)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(list(params), 1.0)
    opt.step()
    step += 1
    for k, v in enumerate((mlm, rtd, acc, rep)):
        acc_sum[k] += float(v.detach())
    n_sum += 1
    valid_row = ['', '', '']
    if step % a.valid_every == 0 or step == a.total_steps:
        valid_row = [f'{x:.4f}' for x in validate()[:3]]
    if step % a.log_every == 0 or valid_row[0]:
        m = [x / n_sum for x in acc_sum]
        el = time.time() - t0
        print(f'step {step}/{a.total_steps}  mlm {m[0]:.3f}  rtd {m[1]:.4f}  acc {m[2]:.3f}  replaced {m[3]:.2f}  lr {lr_at(step):.2e}  '
              f'{el / 60:.1f} min{"  valid " + " / ".join(valid_row) if valid_row[0] else ""}', flush=True)
        w.writerow([step, step * a.batch * a.length, f'{m[0]:.4f}', f'{m[1]:.5f}', f'{m[2]:.4f}', f'{m[3]:.3f}', *valid_row, f'{lr_at(step):.3e}', f'{el:.0f}'])
        log.flush()
        acc_sum = [0.0, 0.0, 0.0, 0.0]
        n_sum = 0
    if time.time() - last_save > a.save_minutes * 60:
        save()
        last_save = time.time()
save()
why = 'done' if step >= a.total_steps else ('stopped on request' if stop['asked'] else 'budget spent') + '; run again to continue'
print(f'stopped at step {step} ({why}), '
      f'{(time.time() - t0) / 60:.1f} min this run', flush=True)
