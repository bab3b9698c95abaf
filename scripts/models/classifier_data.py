"""Splits and scores shared by the PyTorch classifier recipes, so every classifier is validated on
the same examples and scored the same way."""
import random


def add_dataset_args(parser):
    """The arguments every classifier script takes: encoded train/test files (encode-dataset.ts), labels, output folder."""
    parser.add_argument('--train', required=True)
    parser.add_argument('--test', required=True)
    parser.add_argument('--labels', required=True, help='comma-separated, in label-id order')
    parser.add_argument('--out', required=True)


def validation_split(rows, seed, keep=0.95):
    """Shuffles `rows` in place with `seed` (files may be grouped by label or source) and cuts off the
    last 5 % as the validation split: (train, validation)."""
    random.Random(seed).shuffle(rows)
    cut = int(len(rows) * keep)
    return rows[:cut], rows[cut:]


def f1_per_class(pred, gold, classes):
    """F1 of each class (0 where a class is never predicted correctly)."""
    out = []
    for c in range(classes):
        tp = sum(1 for p, y in zip(pred, gold) if p == c and y == c)
        fp = sum(1 for p, y in zip(pred, gold) if p == c and y != c)
        fn = sum(1 for p, y in zip(pred, gold) if p != c and y == c)
        out.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out
