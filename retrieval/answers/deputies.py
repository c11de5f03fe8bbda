"""A deputy is not the office: "Phó Bí thư" does not answer for "Bí thư".

A news report names several officials by their titles, and the deputies' titles hold the
office's words: "ông Tất Thành Cang, Phó Bí thư Thường trực Thành ủy đề nghị …" has every
word of "Bí thư Thành ủy đề nghị gì?", as much as "ông Nguyễn Thiện Nhân, Bí thư Thành ủy
đề nghị …" does, and the two tied on the rest. `without_deputies` reads each sentence
without the title words it says only after "Phó" when the question names that title
without "Phó": Cang's sentence then lacks "bí thư", and the sentence answering for the
Bí thư wins. A question that says "Phó" ("Ai là Phó Bí thư Quận ủy quận 8?") is read
as before; so is a sentence that also names the office itself.

When every candidate that could answer holds the office only as a deputy's, the articles
do not say who holds it: "Ai là Bí thư Quận ủy quận 8?" asked of the sample article
(which quotes only its Phó Bí thư, bà Nguyễn Thanh Xuân) is declined (`by_deputy`,
read by `subject.on_subject`), not answered with the deputy's name.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from retrieval.answers.sentences import _Query, _Sentence
from retrieval.language.text import fold, fold_word
from retrieval.language.vocabulary import SENTENCE_WORD, TITLE_OPENERS

__all__ = ["by_deputy", "deputy_only", "plain_titles", "titles_at", "without_deputies"]

_DEPUTY = "pho"
# "đối phó", "ứng phó" (to cope) and "thành phố" (city) are no deputies.
_NOT_DEPUTY_AFTER = frozenset({"doi", "ung", "thanh"})
# Titles, folded, longest first: "tổng giám đốc" before "tổng".
_TITLES = tuple(
    sorted(
        {tuple(fold(t).split()) for t in TITLE_OPENERS if fold(t) != _DEPUTY}
        | {("tong", "giam", "doc"), ("tong", "thong"), ("tong", "bi", "thu"),
           ("chanh", "an"), ("chanh", "van", "phong"), ("chi", "huy", "truong"),
           ("tong", "bien", "tap"), ("thi", "truong")},
        key=len,
        reverse=True,
    )
)  # fmt: skip


def _titles(words: Sequence[str]) -> list[tuple[int, int, bool]]:
    """(start, end, after "phó") of each title in folded `words`, left to right."""
    out = []
    k = 0
    while k < len(words):
        title = next((t for t in _TITLES if tuple(words[k : k + len(t)]) == t), None)
        if title is None:
            k += 1
            continue
        deputy = words[k - 1] == _DEPUTY if k else False
        deputy = deputy and (k < 2 or words[k - 2] not in _NOT_DEPUTY_AFTER)
        out.append((k, k + len(title), deputy))
        k += len(title)
    return out


def titles_at(words: Sequence[str], k: int) -> bool:
    """Whether a title opens at `words[k]` (folded), "Phó" included."""
    return words[k : k + 1] == [_DEPUTY] or any(tuple(words[k : k + len(t)]) == t for t in _TITLES)


@functools.lru_cache(maxsize=1024)
def plain_titles(folded_question: str) -> frozenset[str]:
    """The folded words of the titles a question names without "Phó"."""
    words = SENTENCE_WORD.findall(folded_question)  # "Ai là Chủ tịch?": no "tich?"
    return frozenset(w for a, b, deputy in _titles(words) if not deputy for w in words[a:b])


@functools.lru_cache(maxsize=8192)
def deputy_only(key: str) -> frozenset[str]:
    """The folded words of a sentence (its `key`) that it says only in a deputy's title."""
    if f"{_DEPUTY} " not in key:
        return frozenset()
    words = key.split(" ")
    deputy, plain, titled = set[str](), set[str](), set[int]()
    for a, b, is_deputy in _titles(words):
        (deputy if is_deputy else plain).update(words[a:b])
        titled.update(range(a, b))
    outside = {w for k, w in enumerate(words) if k not in titled}
    return frozenset(deputy - plain - outside)


def without_deputies(
    query: _Query, folded_question: str, by_hit: list[tuple[_Sentence, ...]]
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with each sentence read without the words of the titles the question
    names that the sentence says only after "Phó"."""
    asked = plain_titles(folded_question) & query.folded
    if not asked:
        return by_hit
    out = []
    for sentences in by_hit:
        read = []
        for s in sentences:
            gone = deputy_only(s.key) & asked
            if gone:
                s = dataclasses.replace(
                    s,
                    folded=s.folded - gone,
                    exact=frozenset(t for t in s.exact if fold_word(t) not in gone),
                )
            read.append(s)
        out.append(tuple(read))
    return out


def by_deputy(query: _Query, folded_question: str, sentence: _Sentence) -> bool:
    """Whether `sentence` holds a title the question names without "Phó" only as a
    deputy's: it speaks of the deputy, not of the office asked."""
    asked = plain_titles(folded_question) & query.folded
    return bool(asked) and bool(deputy_only(sentence.key) & asked)
