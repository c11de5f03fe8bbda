"""Abbreviations an article defines: "sốt xuất huyết (SXH)", "giải phóng mặt bằng (GPMB)".

A report spells a term out once, with its abbreviation in brackets, and writes the
abbreviation from then on: "Cộng dồn từ đầu năm 2024 đến hết tuần 30, toàn thành phố có
2.415 ca mắc SXH" lacks the question's "sốt xuất huyết", and lost to a sentence that
spells it ("… ghi nhận 186 ca mắc sốt xuất huyết (SXH)", one week's). `spelled_out` lends
a sentence writing an abbreviation the question's words of its spelling
(`context.lend`). Only an abbreviation of its spelling's initials counts ("Trung tâm Kiểm
soát bệnh tật (CDC)" is a name, not a spelling), and what any retrieved passage defines
holds for all of them: the article's definition is often in a passage not retrieved, and
the abbreviation means the same in its other articles.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.answers.context import lend
from retrieval.answers.sentences import _Query, _Sentence
from retrieval.index.chunks import Hit
from retrieval.language.text import fold

__all__ = ["spelled_out"]

# The abbreviation in brackets, after the words it stands for: "sốt xuất huyết (SXH)".
_BRACKETED = re.compile(r"\s\(([A-ZĐ]{2,8})\)")
_WORD = re.compile(r"[^\W\d_]+")
_BEFORE = 80  # characters before the bracket: eight words and more
# At least so many letters: "(TP)" is too short to be sure of.
_MIN_LETTERS = 3


@functools.lru_cache(maxsize=1024)
def _defined(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The abbreviations `text` defines, folded, each with its spelling's folded words."""
    out = []
    for m in _BRACKETED.finditer(text):
        letters = fold(m.group(1).lower())
        before = text[max(0, m.start() - _BEFORE) : m.start()]
        words = _WORD.findall(before.rsplit(",", 1)[-1])[-len(letters) :]
        if len(letters) < _MIN_LETTERS or len(words) < len(letters):
            continue
        spelling = [fold(w.lower()) for w in words]
        if "".join(w[0] for w in spelling) == letters:
            out.append((letters, frozenset(spelling)))
    return tuple(out)


def spelled_out(
    query: _Query, hits: Sequence[Hit], by_hit: list[tuple[_Sentence, ...]]
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with each sentence writing an abbreviation the passages define holding the
    question's words of its spelling."""
    defined = {a: words & query.folded for h in hits for a, words in _defined(h.text)}
    defined = {a: terms for a, terms in defined.items() if terms and a not in query.folded}
    if not defined:
        return by_hit
    return [tuple(_lent(query, defined, s) for s in sentences) for sentences in by_hit]


def _lent(query: _Query, defined: dict[str, frozenset[str]], sentence: _Sentence) -> _Sentence:
    for abbreviation, terms in defined.items():
        if abbreviation in sentence.folded:
            sentence = lend(query, terms, sentence)
    return sentence
