"""Exact match and token F1 of an answer's key phrase against gold answers.

The usual reading-comprehension measures (SQuAD's `evaluate-v1.1.py`), adapted to
Vietnamese: both sides go through `language.text.normalize` (NFC, one tone-mark
convention, so "hoà" and "hòa" agree; invisible characters dropped), are lowercased,
lose their punctuation and symbols (Unicode categories P* and S*, deleted as SQuAD
deletes them, so "1.000" and "1000" agree, as do "TP.HCM" and "TPHCM"), and have their
spaces collapsed. Diacritics are kept: "Lê" and "Lễ" are different answers. SQuAD's
English article removal has no Vietnamese counterpart and is left out. Tokens are
syllables (whitespace-separated), as in Vietnamese reading-comprehension sets.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from retrieval.language.text import normalize


def normalize_answer(text: str) -> str:
    """The comparison form of an answer (see the module docstring)."""
    text = normalize(text).lower()
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PS")
    return " ".join(kept.split())


def exact_match(prediction: str, gold: Sequence[str]) -> float:
    """1.0 when the prediction equals one of the gold answers after normalisation."""
    got = normalize_answer(prediction)
    return float(any(got == normalize_answer(g) for g in gold))


def token_f1(prediction: str, gold: Sequence[str]) -> float:
    """The best syllable-overlap F1 of the prediction against any one gold answer."""
    return max((_f1(prediction, g) for g in gold), default=0.0)


def _f1(prediction: str, gold: str) -> float:
    got = normalize_answer(prediction).split()
    want = normalize_answer(gold).split()
    if not got or not want:
        return float(got == want)  # both empty: a match; one empty: nothing in common
    common = sum((Counter(got) & Counter(want)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(got), common / len(want)
    return 2 * precision * recall / (precision + recall)
