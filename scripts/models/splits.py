"""Data splits shared by the PyTorch recipes, so every classifier is validated on the same examples."""
import random


def validation_split(rows, seed, keep=0.95):
    """Shuffles `rows` in place with `seed` (files may be grouped by label or source) and cuts off the
    last 5 % as the validation split: (train, validation)."""
    random.Random(seed).shuffle(rows)
    cut = int(len(rows) * keep)
    return rows[:cut], rows[cut:]
