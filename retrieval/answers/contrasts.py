"""Whether a sentence speaks of the other side of what a question names.

"Mức chi mời cơm khách nước ngoài là bao nhiêu?" is not answered by "Mức chi mời cơm
khách trong nước tối đa 300.000 đồng/suất" (it was, with confidence 1.00), nor "Tặng
bằng khen cho bao nhiêu cá nhân?" by "… cho 6 tập thể", nor "Tốc độ tối đa trong khu
dân cư" by the rule "ngoài khu dân cư". `other_side(question, text)`: the question names
one side of a pair (`vocabulary.CONTRASTING`, or "trong X" / "ngoài X" for the same
next word X, or a bound on a number: "dưới 50 cm3" / "từ 50 cm3 trở lên") and the
sentence names only the other. A sentence naming neither side
("Người lao động được nghỉ 12 ngày" for "Lao động nữ được nghỉ bao nhiêu ngày?") may
answer for both, and does.
"""

from __future__ import annotations

import functools
import re

from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import CONTRASTING

__all__ = ["other_side", "other_side_folded", "same_side", "side_terms"]

_IN_OUT = re.compile(r"(?<!\w)(trong|ngoài) (\w+)")


# "không được thanh toán" asked: a rule saying only what "được thanh toán" (is paid) says
# the other side. Not the other way round: "không được đăng ký quá 25 tín chỉ" answers
# how many credits one may take.
# "chưa được" says it as "không được" does ("chưa được bảo hiểm y tế thanh toán").
_NOT_ALLOWED = re.compile(r"(?<!\w)(?:không|chưa) được (\w+)")


@functools.lru_cache(maxsize=256)
def _pattern(term: str, other: str) -> re.Pattern[str]:
    # "công lập" is not said inside "ngoài công lập"
    inside = re.escape(other) if term in other else None
    # "thị trường nhập khẩu hồ tiêu lớn nhất" is where the exports go, not imports
    market = r"(?<!thị trường )(?<!nước )" if term in _TRADE else ""
    word = rf"(?<!\w){market}{re.escape(term)}(?!\w)"
    return re.compile(word if inside is None else rf"(?:{inside})|({word})")


_TRADE = frozenset({"nhập khẩu", "xuất khẩu"})


# Each pair both ways: (the side a question may name, the other).
_BOTH_WAYS = tuple((a, b) for pair in CONTRASTING for a, b in (pair, pair[::-1]))


@functools.cache
def _pairs() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((_pattern(a, b), _pattern(b, a)) for a, b in _BOTH_WAYS)


def _says(pattern: re.Pattern[str], text: str) -> bool:
    if pattern.groups:  # a term inside its other side: only a match of its own group
        return any(m.group(1) for m in pattern.finditer(text))
    return pattern.search(text) is not None


_Side = tuple[re.Pattern[str], re.Pattern[str]]


@functools.lru_cache(maxsize=1024)
def _sides(question: str) -> tuple[tuple[_Side, ...], tuple[tuple[str, str], ...]]:
    """The sides the question names (its pattern, the other side's), and its "trong X" /
    "ngoài X" with the other ("ngoài X", "trong X")."""
    asked = normalize(question).lower()
    negated = tuple(
        (
            re.compile(rf"(?<!\w)(?:không|chưa) được {re.escape(verb)}(?!\w)"),
            re.compile(rf"(?<!\w)(?<!không )(?<!chưa )được {re.escape(verb)}(?!\w)"),
        )
        for verb in _NOT_ALLOWED.findall(asked)
    )
    named = negated + tuple(
        (mine, theirs)
        for mine, theirs in _pairs()
        if _says(mine, asked) and not _says(theirs, asked)
    )
    swapped = {"trong": "ngoài", "ngoài": "trong"}
    spatial = tuple(
        (f"{where} {word}", f"{swapped[where]} {word}") for where, word in _IN_OUT.findall(asked)
    )
    return named, spatial


# A bound on a number: "dưới 50 cm3", "không quá 40 giờ", "trên 30 chỗ", "từ 50 cm3 trở
# lên". The words bounding from above, then from below; "từ N" alone starts a range.
_BELOW = ("không vượt quá", "không quá", "chưa đến", "chưa tới", "ít hơn", "tối đa", "dưới")
_ABOVE = ("không dưới", "không ít hơn", "tối thiểu", "ít nhất", "trên", "hơn", "quá", "từ")
_BOUND = re.compile(
    rf"(?<!\w)({'|'.join(sorted(_BELOW + _ABOVE, key=len, reverse=True))})\s+"
    r"(\d+(?:[.,]\d+)*)(?:\s*([^\W\d_]+\d?))?(?:\s+(trở lên|trở xuống))?(?!\w)"
)


@functools.lru_cache(maxsize=4096)
def _bounds(text: str) -> frozenset[tuple[str, str, bool]]:
    """The bounded numbers of a lowercase text: (number, the word after it, bounded from
    below); "từ 3,20 đến 3,59" bounds nothing."""
    out = set()
    for m in _BOUND.finditer(text):
        word, number, unit, onward = m.groups()
        if onward:
            above = onward == "trở lên"
        elif word == "từ":
            continue
        else:
            above = word in _ABOVE
        out.add((number, unit or "", above))
    return frozenset(out)


def _other_bound(asked: str, said: str) -> bool:
    """Whether `said` bounds a number `asked` bounds the other way only: "từ 50 cm3 trở
    lên" for "dưới 50 cm3"."""
    mine = _bounds(asked)
    if not mine:
        return False
    theirs = _bounds(said)
    return any(
        any(n == number and (u == unit or not u or not unit) and a != above for n, u, a in theirs)
        and not any(n == number and a == above for n, _, a in theirs)
        for number, unit, above in mine
    )


def other_side(question: str, text: str) -> bool:
    """Whether `text` names only the other side of a side `question` names."""
    named, spatial = _sides(question)
    asked = normalize(question).lower()
    if not (named or spatial or _bounds(asked)):
        return False
    said = normalize(text).lower()
    return (
        any(_says(theirs, said) and not _says(mine, said) for mine, theirs in named)
        or any(other in said and mine not in said for mine, other in spatial)
        or _other_bound(asked, said)
    )


def same_side(question: str, text: str) -> bool:
    """Whether `text` names a side `question` names: what may answer in place of a
    sentence on the other side (a sentence naming neither says nothing of the side)."""
    named, spatial = _sides(question)
    said = normalize(text).lower()
    bounded = _bounds(normalize(question).lower()) & _bounds(said)
    return (
        any(_says(mine, said) for mine, _ in named)
        or any(mine in said for mine, _ in spatial)
        or bool(bounded)
    )


@functools.lru_cache(maxsize=1024)
def side_terms(question: str) -> tuple[frozenset[str], ...]:
    """The folded words of each side the question names ("xe gắn máy"): what a sentence
    holds, itself or lent by its lead-in (`context.in_lead`), to be on that side."""
    asked = normalize(question).lower()
    return tuple(
        frozenset(fold(a).split())
        for (a, _), (mine, theirs) in zip(_BOTH_WAYS, _pairs(), strict=True)
        if _says(mine, asked) and not _says(theirs, asked)
    )


@functools.cache
def _folded_pairs() -> tuple[tuple[frozenset[str], str, str], ...]:
    return tuple((frozenset(fold(a).split()), fold(a), fold(b)) for a, b in _BOTH_WAYS)


def other_side_folded(terms: frozenset[str], folded: str) -> bool:
    """`other_side` for a question known by its folded content `terms` alone (the phrase
    that answers, `span.short_span`), against a folded part of a sentence: its words are
    those of one side and not all of the other's ("tối đa" asked, "tối thiểu là 14 tín
    chỉ" read)."""
    said = f" {folded} "
    return any(
        words <= terms
        and not frozenset(theirs.split()) <= terms
        and f" {theirs} " in said
        and f" {mine} " not in said
        for words, mine, theirs in _folded_pairs()
    )
