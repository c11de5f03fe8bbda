"""Which words of a sentence are the question's, and on which side of its gap they sit.

The gap model (`gap.py`) reads a sentence's words against the question's: a word is the
question's when spelled as the question spells it (or folding to a word the question
typed without diacritics), and said once: a repeat outside the question's phrases is
another word when one occurrence sits in one (`question_words`). `sides` splits the
question's content terms at its question word, for the alignment; `spelled` is what
`saying.py` reads the question's words with too.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

from retrieval.answers.asks import folded_question, lowered
from retrieval.answers.sentences import _is_accented
from retrieval.language.text import fold_word, normalize, retone
from retrieval.language.vocabulary import QUESTION_SYLLABLES, SENTENCE_WORD

__all__ = ["predicate", "question_words", "sides", "spelled"]

_WORD = SENTENCE_WORD
_WH = frozenset(QUESTION_SYLLABLES)
_WH_FOLDED = frozenset({"gi", "ai", "nao", "dau"})


@functools.lru_cache(maxsize=4096)
def spelled(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The question's words as written (lowercase, tone placed as the dictionary's), and
    those written without diacritics (folded = written). A sentence's word is the
    question's when spelled alike, or folding to a word the question typed plain: "Thu"
    of "Nguyễn Thị Thu Hà" is not the "thư" of "Bí thư"."""
    words = [retone(w) for w in _WORD.findall(lowered(question))]
    return frozenset(words), frozenset(w for w in words if fold_word(w) == w)


@functools.lru_cache(maxsize=4096)
def sides(question: str, terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The question's content terms before its question word, and those after it."""
    text = lowered(question)
    words = _WORD.findall(text)
    accented = _is_accented(text)
    wh = len(words)
    # Words folded one by one through sentences' cache: `fold` normalises each again.
    for k, word in enumerate(words):
        if (word in _WH if accented else word in _WH_FOLDED) or (
            fold_word(word) == "nhieu" and k and fold_word(words[k - 1]) == "bao"
        ):
            wh = k
            break
    before = frozenset(map(fold_word, words[:wh])) & terms
    after = frozenset(map(fold_word, words[wh + 1 :])) & terms
    return before - after, after - before


@functools.lru_cache(maxsize=4096)
def predicate(question: str, terms: frozenset[str]) -> frozenset[str]:
    """The content terms of the (up to three) lowercase words right before the question
    word: what the asked thing is the object of ("phát động" of "Phú An phát động gì?",
    "tổ chức lễ" of "… tổ chức lễ gì?"); empty when a name, "là" or nothing stands
    there."""
    words = _WORD.findall(normalize(question))
    lowered_words = [w.lower() for w in words]
    accented = _is_accented(" ".join(lowered_words))
    wh = next(
        (k for k, w in enumerate(lowered_words) if (w in _WH if accented else w in _WH_FOLDED)),
        None,
    )
    if not wh or fold_word(lowered_words[wh - 1]) == "la":
        return frozenset()  # "X là gì?" asks what X is, of no deed
    before = [w for w in words[max(0, wh - 3) : wh] if w.islower()]
    return frozenset(map(fold_word, before)) & terms


def question_words(
    question: str, terms: frozenset[str], folded: Sequence[str], syllables: Sequence[str]
) -> list[bool]:
    """Whether each word of a sentence (`folded`, and its lowercase `syllables`) is one of
    the question's content `terms`, spelled as the question spells it, and said once.

    A repeat outside the question's phrases is not the question's when another occurrence
    sits in one: for "Ban Thường vụ Thành ủy trao bằng khen cho ai?", the "vụ" of "… cho
    6 tập thể hoàn thành nhiệm vụ …" is not the question's, and does not cut the answer."""
    as_written, typed_plain = spelled(question)
    asked = [
        f in terms and (f in typed_plain or y in as_written)
        for f, y in zip(folded, syllables, strict=True)
    ]
    pairs = set(itertools.pairwise(_WORD.findall(folded_question(question))))
    n = len(folded)
    paired = [
        asked[k]
        and (
            (k > 0 and asked[k - 1] and (folded[k - 1], folded[k]) in pairs)
            or (k + 1 < n and asked[k + 1] and (folded[k], folded[k + 1]) in pairs)
        )
        for k in range(n)
    ]
    held = {folded[k] for k in range(n) if paired[k]}
    return [asked[k] and (paired[k] or folded[k] not in held) for k in range(n)]
