"""Ellipsis in a follow-up: "Còn X (thì sao)?", "Thế còn X?", "X thì sao?".

X replaces the matching slot of the previous standalone question (the year, the
district, the person, any "head + value" such as "khóa XII"), or is added to it as the
time or place it lacked ("Nhiệm vụ trọng tâm là gì?" + "Còn năm 2019?" -> "Nhiệm vụ
trọng tâm năm 2019 là gì?"); otherwise the question becomes "Về X, <previous question>".
`resolve_ellipsis` returns None for a question that is not an ellipsis. The words these
rules know are in `retrieval.language.vocabulary`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.dialogue.turns import RecentTurns
from retrieval.language.entities import (
    YEAR,
    Tok,
    cap,
    decap,
    in_,
    join,
    person_spans,
    phrase_at,
    phrase_before,
    tokens,
    value_end,
)
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, normalize
from retrieval.language.timeexpr import time_spans
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    ELLIPSIS_PREFIXES,
    ELLIPSIS_SUFFIXES,
    HONORIFICS,
    MODIFIER_HEADS,
    PARTICLES,
    REWRITE_QUESTION_WORDS,
)

__all__ = ["is_ellipsis", "resolve_ellipsis"]

# An X longer than this is a question of its own, not an ellipsis.
_MAX_ELLIPSIS_WORDS = 8


@dataclass(frozen=True)
class _Slot:
    kind: str  # "person", "headed", "year", "number", "name"
    head: tuple[str, ...]  # keys of the head words ("năm",) or ()
    value: str  # the value as typed ("2019", "Bình Thạnh")
    text: str  # the whole X


def _elided(toks: Sequence[Tok], folded: bool) -> tuple[list[Tok], int, int, list[Tok]] | None:
    """(the question's words, its prefix's and suffix's lengths, X) of "Còn X (thì
    sao)?" and its variants; None when it has neither prefix nor suffix."""
    words = list(toks)
    while words and not (words[-1].is_word or words[-1].is_number):
        words.pop()  # "?", "!", "…"
    while words and in_(words[-1], PARTICLES, folded) and len(words) > 1:
        words.pop()
    # Unaccented prefixes ("con", "va") are ambiguous, so they only count as weak ones.
    prefix = phrase_at(words, 0, ELLIPSIS_PREFIXES, folded, ambiguous=True)
    suffix = phrase_before(words, len(words), ELLIPSIS_SUFFIXES, folded)
    x = words[prefix : len(words) - suffix]
    if not (prefix or suffix) or not x or len(x) > _MAX_ELLIPSIS_WORDS:
        return None
    return words, prefix, suffix, x


def _asks_of_its_own(x: Sequence[Tok], folded: bool) -> bool:
    """ "Còn bao nhiêu cán bộ …?" is a full question."""
    return any(in_(t, REWRITE_QUESTION_WORDS, folded) or not (t.is_word or t.is_number) for t in x)


def _strong(words: Sequence[Tok], prefix: int, suffix: int, folded: bool) -> bool:
    """Said with "còn" (accented) or "thì sao": surely an ellipsis."""
    prefix_keys = {t.key for t in words[:prefix]}
    return (not folded and "còn" in prefix_keys) or (
        suffix > 0 and words[len(words) - suffix].key in ("thì", "thi")
    )


def is_ellipsis(toks: Sequence[Tok], folded: bool) -> bool:
    """Whether the question is surely an ellipsis ("Năm 2019 thì sao?", "Còn quận 8?"):
    it means nothing without a question before it."""
    elided = _elided(toks, folded)
    if elided is None:
        return False
    words, prefix, suffix, x = elided
    return not _asks_of_its_own(x, folded) and _strong(words, prefix, suffix, folded)


def resolve_ellipsis(toks: Sequence[Tok], history: RecentTurns, folded: bool) -> str | None:
    """Rewrite "Còn X (thì sao)?" and its variants against the last standalone question."""
    elided = _elided(toks, folded)
    if elided is None:
        return None
    words, prefix, suffix, x = elided
    timed = _replace_time(x, normalize(history.last.standalone))
    if timed is not None:
        return timed
    if _asks_of_its_own(x, folded):
        return None
    strong = _strong(words, prefix, suffix, folded)
    slot = _classify(x, folded)
    if slot is None and not strong:
        return None
    previous = normalize(history.last.standalone)
    if slot is not None:
        replaced = _replace_slot(previous, slot, folded)
        if replaced is not None:
            return replaced
        # Add a time or place the previous question lacked; but when it has the head
        # and asked for its value ("… với tỉnh nào?"), there is no slot to fill.
        headed = slot.kind == "headed" and _is_modifier(slot)
        if slot.kind in ("year", "number") or (
            headed and _last_head(tokens(previous), slot.head, folded) is None
        ):
            return _insert_modifier(previous, slot)
    x_text = join(x)
    if fold(x_text) in fold(previous):
        return previous
    sibling = _replace_sibling(previous, x)
    if sibling is not None:
        return sibling
    return f"Về {decap(x_text)}, {decap(previous)}"


def _replace_sibling(previous: str, x: Sequence[Tok]) -> str | None:
    """The previous question with the one word of two syllables that shares a syllable,
    in the same place, with X (two syllables itself) replaced by X: "Còn giấy
    khen thì sao?" after "Bao nhiêu tập thể được tặng bằng khen?" asks how many got a
    "giấy khen", not "about giấy khen, how many got a bằng khen"; "Còn xe tải?" after
    "… xe khách …". None when X is no such word or the previous question has no such
    word, or more than one."""
    if len(x) != 2 or not all(t.is_word and not t.is_title for t in x):
        return None
    toks = tokens(previous)

    def sibling(a: Tok, b: Tok) -> bool:
        # lowercase words (the question's first may be capitalised): no names
        if not (a.is_word and b.is_word) or (a.is_title and a.start) or b.is_title:
            return False
        if a.key == x[0].key and b.key != x[1].key:
            # the same head: a word of the dictionary ("xe khách", not the "xe ô" of "xe
            # ô tô")
            return is_word([a.key, b.key])
        # the same last syllable ("bằng khen", "giấy khen"), a content one
        return a.key != x[0].key and b.key == x[1].key and b.key not in ANSWER_STOP_SYLLABLES

    found = [j for j in range(len(toks) - 1) if sibling(toks[j], toks[j + 1])]
    if len(found) != 1:
        return None
    return _splice(previous, toks, found[0], found[0] + 2, decap(join(x)))


def _source(x: Sequence[Tok]) -> str:
    """The tokens as typed: a space only where there was one ("quý II/2021")."""
    out = x[0].text
    for before, tok in itertools.pairwise(x):
        out += (" " if tok.start > before.end else "") + tok.text
    return out


def _replace_time(x: Sequence[Tok], previous: str) -> str | None:
    """X that is only a time other than a plain year ("tháng 3/2020", "quý II/2021",
    "giai đoạn 2020-2025", "6 tháng đầu năm"): it replaces the previous question's time
    (a month or quarter without a year keeps the previous one's year: "Còn tháng 5?"
    after "tháng 3/2019" is "tháng 5/2019"), or is added as a modifier. None for other
    X; a year ("năm 2020", "2020", "năm ngoái") is the year slot's (`_replace_slot`)."""
    text = _source(x)
    spans = time_spans(text)
    if not spans:
        return None
    left = fold(" ".join(text[a:b] for a, b in _gaps(text, spans)))
    if any(w not in _TIME_HEADS for w in left.split()):
        return None  # more than a time: "Còn doanh thu tháng 3?"
    if len(spans) == 1 and _PLAIN_YEAR.fullmatch(fold(text[spans[0][0] : spans[0][1]])):
        return None
    before = time_spans(previous)
    if not before:
        return _insert_modifier(previous, _Slot("headed", (), text, text))
    start, end = before[0][0], before[-1][1]
    replaced = previous[start:end]
    if _MONTH_OR_QUARTER.fullmatch(fold(text)):
        # Its year, written as the previous question wrote it ("/2019", " năm 2024").
        year = _YEAR_AFTER.search(fold(replaced))
        suffix = replaced[year.start() :] if year else ""
        text += f" {suffix}" if suffix[:1].isalpha() else suffix
    return previous[:start] + (cap(text) if start == 0 else decap(text)) + previous[end:]


def _gaps(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out, done = [], 0
    for a, b in spans:
        out.append((done, a))
        done = max(done, b)
    return [*out, (done, len(text))]


# Words that may stand around a time in an elided follow-up ("giai đoạn 2020-2025",
# "vào tháng 5"), folded.
_TIME_HEADS = frozenset(
    fold(w)
    for w in ("giai đoạn", "nhiệm kỳ", "thời kỳ", "trong", "vào", "từ", "đến", "tới")
    for w in w.split()
)
_PLAIN_YEAR = re.compile(r"(?:nam\s+)?(?:(?:19|20)\d\d|nay|nay|ngoai|truoc|toi|sau|kia|qua)")
_YEAR_AFTER = re.compile(r"(?:\s*[/-]\s*|(?:^|\s+)nam\s+)(?:19|20)\d\d$")
_MONTH_OR_QUARTER = re.compile(r"(?:thang\s+\d{1,2}|quy\s+(?:i{1,3}|iv|[1-4]))")


def _is_modifier(slot: _Slot) -> bool:
    return " ".join(slot.head) in MODIFIER_HEADS or (
        len(slot.head) == 1 and fold(slot.head[0]) in {fold(h) for h in MODIFIER_HEADS}
    )


def _classify(x: Sequence[Tok], folded: bool) -> _Slot | None:
    """What kind of value an ellipsis X is, or None for free text ("doanh nghiệp")."""
    text = join(x)
    spans = person_spans(x)
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(x):
        return _Slot("person", (), spans[0][2].name, text)
    if len(x) == 1 and x[0].is_number:
        return _Slot("year" if YEAR.fullmatch(x[0].text) else "number", (), x[0].text, text)
    # A head cannot end inside a capitalised run: "Hải Phòng" is a name, not "Hải" + value.
    for h in range(1, min(3, len(x) - 1) + 1):
        if not all(t.is_word for t in x[:h]) or (x[h - 1].is_title and x[h].is_title):
            continue
        if value_end(x, h, relative=True, folded=folded) == len(x):
            head = tuple(t.key for t in x[:h])
            return _Slot("headed", head, join(x[h:]), text)
    if all(t.is_title or t.is_caps for t in x) and len(x) <= 4:
        return _Slot("name", (), text, text)
    return None


def _replace_slot(previous: str, slot: _Slot, folded: bool) -> str | None:
    """The previous question with its slot of the same kind replaced by X, or None."""
    toks = tokens(previous)
    if slot.kind == "person":
        spans = person_spans(toks)
        if not spans:
            return None
        start, end, _ = spans[-1]
        return _splice(previous, toks, start, end, slot.text)
    if slot.kind == "headed":
        span = _last_headed(toks, slot.head, folded)
        if span is not None:
            return _splice(previous, toks, span[0], span[1], slot.value)
        year = YEAR.fullmatch(slot.value)
        if year and slot.head in (("năm",), ("nam",)):
            years = [j for j, t in enumerate(toks) if YEAR.fullmatch(t.text)]
            if years:
                return _splice(previous, toks, years[-1], years[-1] + 1, slot.value)
        if slot.head and slot.head[0] in {fold(h) for h in HONORIFICS} | set(HONORIFICS):
            spans = person_spans(toks)
            if spans:
                return _splice(previous, toks, spans[-1][0], spans[-1][1], slot.text)
        return None
    if slot.kind == "year":
        years = [j for j, t in enumerate(toks) if YEAR.fullmatch(t.text)]
        return _splice(previous, toks, years[-1], years[-1] + 1, slot.value) if years else None
    if slot.kind == "number":
        nums = [j for j, t in enumerate(toks) if t.is_number and not YEAR.fullmatch(t.text)]
        return _splice(previous, toks, nums[-1], nums[-1] + 1, slot.value) if nums else None
    # A bare name: the last named value after a head ("quận Bình Thạnh"), else a person.
    names = [
        (j, end)
        for j in range(1, len(toks))
        if toks[j - 1].is_word
        and not toks[j - 1].is_title
        and (end := value_end(toks, j, relative=False)) > j
        and toks[j].is_title
    ]
    if names:
        return _splice(previous, toks, names[-1][0], names[-1][1], slot.value)
    spans = person_spans(toks)
    if spans:
        return _splice(previous, toks, spans[-1][0], spans[-1][1], slot.text)
    return None


def _last_head(toks: Sequence[Tok], head: tuple[str, ...], folded: bool) -> int | None:
    """Index of the token after the last occurrence of `head`, or None."""
    keys = [fold(k) for k in head] if folded else list(head)
    n = len(keys)
    found = None
    for j in range(len(toks) - n + 1):
        if [fold(t.key) if folded else t.key for t in toks[j : j + n]] == keys:
            found = j + n
    return found


def _last_headed(
    toks: Sequence[Tok], head: tuple[str, ...], folded: bool
) -> tuple[int, int] | None:
    """Token span of the value after the last occurrence of `head` in the question."""
    keys = [fold(k) for k in head] if folded else list(head)
    n = len(keys)
    found = None
    for j in range(len(toks) - n + 1):
        window = [fold(t.key) if folded else t.key for t in toks[j : j + n]]
        if window == keys:
            end = value_end(toks, j + n, relative=True)
            if end > j + n:
                found = (j + n, end)
    return found


def _splice(text: str, toks: Sequence[Tok], start: int, end: int, value: str) -> str:
    a, b = toks[start].start, toks[end - 1].end
    value = cap(value) if a == 0 else value
    return text[:a] + value + text[b:]


def _insert_modifier(previous: str, slot: _Slot) -> str:
    """Add a time/place modifier: before a final "là <question word>", else at the end."""
    phrase = f"năm {slot.value}" if slot.kind == "year" else decap(slot.text)
    toks = tokens(previous)
    end = len(toks)
    while end and not (toks[end - 1].is_word or toks[end - 1].is_number):
        end -= 1
    for j in range(end - 1, -1, -1):
        if toks[j].key == "là" and all(
            t.key in REWRITE_QUESTION_WORDS or t.key in PARTICLES or t.key == "bao"
            for t in toks[j + 1 : end]
        ):
            at = toks[j].start
            return previous[:at].rstrip() + f" {phrase} " + previous[at:]
    at = toks[end - 1].end if end else len(previous)
    return previous[:at] + f" {phrase}" + previous[at:]
