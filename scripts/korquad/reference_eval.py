"""
An independent Python implementation of the KorQuAD 1.0 metric as its official script defines it
(see ../shared/data/korquad-v1/SOURCE.md), used to produce the golden numbers the TypeScript
evaluator is tested against (fixtures/korquad/expected.json). Not needed at run time or in CI.

    /usr/bin/python3 scripts/korquad/reference_eval.py DATA.json PREDS.json [--per-question]
"""
import json
import re
import string
import sys
from collections import Counter


def normalize(s):
    s = re.sub("'", " ", s)
    s = re.sub('"', " ", s)
    for ch in '《》<>〈〉()‘’':
        s = s.replace(ch, ' ')
    s = s.lower()
    s = ''.join(ch for ch in s if ch not in set(string.punctuation))
    return ' '.join(s.split())


def f1(pred, gold):
    p = [c for tok in normalize(pred).split() for c in tok]
    g = [c for tok in normalize(gold).split() for c in tok]
    same = sum((Counter(p) & Counter(g)).values())
    if same == 0:
        return 0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def evaluate(dataset, predictions, per_question=None):
    em = f = total = 0
    for article in dataset:
        for para in article['paragraphs']:
            for qa in para['qas']:
                total += 1
                if qa['id'] not in predictions:
                    continue
                golds = [a['text'] for a in qa['answers']]
                pred = predictions[qa['id']]
                e = max(float(normalize(pred) == normalize(g)) for g in golds)
                s = max(f1(pred, g) for g in golds)
                em += e
                f += s
                if per_question is not None:
                    per_question[qa['id']] = [e, s]
    return {'exact_match': 100.0 * em / total, 'f1': 100.0 * f / total}


if __name__ == '__main__':
    data = json.load(open(sys.argv[1]))['data']
    preds = json.load(open(sys.argv[2]))
    per = {} if '--per-question' in sys.argv else None
    out = evaluate(data, preds, per)
    if per is not None:
        out['per_question'] = per
    print(json.dumps(out, ensure_ascii=False))
