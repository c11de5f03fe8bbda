"""A question that is its sentence with the answer taken out: "Cấp ủy đảng phải duy trì
việc gì?" of "… cấp ủy đảng phải duy trì việc tiếp công dân qua đó nghe thông tin …".

Staff (and the people who write question sets) often ask with the article's own words,
putting "gì" or "ai" where the answer was. When the words before a final "gì", at least
CLOZE_WORDS of them, stand together in the sentence, the answer is what follows them, to
its clause's end (`doing.clause_end`, at most MAX_WORDS words, no function word last);
when the asking word stands inside the question ("Quận 8 giao cho ai tham mưu ban hành
…?"), what stands between its words before and after it in the sentence ("… giao cho
Ban tổ chức quận ủy tham mưu cho Ban Thường vụ ban hành …"). Matched on folded words,
so a question typed without diacritics is read the same; for "gì" (`gap.py`) and for
"ai", a name or a place (`features._short`) it comes before the other ways of finding
the phrase. Replayed: legal short F1 sum +0.50 over two phrases ("trách nhiệm dân sự của
chủ xe cơ giới", not "xe cơ giới"); xquad_vi (translated: its questions seldom repeat
their sentence) 5 phrases, short F1 0.4209 -> 0.4229 with "bao lâu một lần" (span.py);
dated, regulations and seed unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.asks import folded_question
from retrieval.answers.doing import clause_end
from retrieval.language.text import fold
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES, SENTENCE_WORD

__all__ = ["CLOZE_WORDS", "MAX_BETWEEN", "SIDE_WORDS", "cloze_span"]

# The fewest question words, standing together in the sentence, that say where the answer
# was taken out; and of them, the fewest that are not function words.
CLOZE_WORDS = 4
CLOZE_CONTENT = 2
MAX_WORDS = 12
# Around an asking word inside the question: the fewest words on each side, the fewest
# content words of both, and the most words between them.
SIDE_WORDS = 2
BETWEEN_CONTENT = 3
MAX_BETWEEN = 10
# The words a question puts where the answer was.
_ASKING = frozenset({"gi", "ai"})
# The longest run of question words looked for.
_LONGEST = 10


def cloze_span(
    question: str,
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """The character span the question's "gì" or "ai" stands for in a sentence read as
    `gap._words` reads it: what follows the words before it (`_after`), or what stands
    between the words around it (`_between`); None when they do not stand so in it."""
    asked = SENTENCE_WORD.findall(folded_question(question))
    at = next((k for k in range(len(asked) - 1, -1, -1) if asked[k] in _ASKING), None)
    if at is None:
        return None
    before, after = asked[:at], asked[at + 1 :]
    if len(before) < (CLOZE_WORDS if not after else SIDE_WORDS):
        return None  # "Ai chủ trì …?", "… gì?" of a word or two: nothing says where
    if not after:
        return _after(before, spans, folded, syllables, breaks) if asked[at] == "gi" else None
    if len(after) < SIDE_WORDS:
        return None
    return _between(before, after, spans, folded, breaks)


def _after(
    before: Sequence[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    found = [
        (size, -end)
        for end in range(len(folded) - 1)
        if folded[end] == before[-1]
        and not breaks[end]
        and (size := _run(before, folded, breaks, end, -1)) >= CLOZE_WORDS
        and _content(before[-size:]) >= CLOZE_CONTENT
    ]
    if not found:
        return None
    _, end = max(found)  # the most of the question's words, the first of equals
    first = 1 - end
    last = clause_end(first, MAX_WORDS, folded, syllables, breaks)
    # "… có liên quan đến": a preposition cut from its object. As written: folded, the
    # "hội" of "xã hội" is the "hỏi" of the question words.
    while last > first and syllables[last] in ANSWER_STOP_SYLLABLES:
        last -= 1
    return spans[first][0], spans[last][1]


def _between(
    before: Sequence[str],
    after: Sequence[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """ "Quận 8 giao cho ai tham mưu ban hành hướng dẫn …?" of "… giao cho Ban tổ chức quận
    ủy tham mưu cho Ban Thường vụ ban hành …": the words between the question's words
    before and after its asking word (SIDE_WORDS or more of each, BETWEEN_CONTENT of them
    content words, at most MAX_BETWEEN words apart), the most of them first."""
    n = len(folded)
    lefts = [
        (k, a)
        for k in range(n)
        if folded[k] == before[-1] and (a := _run(before, folded, breaks, k, -1)) >= SIDE_WORDS
    ]
    rights = [
        (k, b)
        for k in range(n)
        if folded[k] == after[0] and (b := _run(after, folded, breaks, k, 1)) >= SIDE_WORDS
    ]
    best: tuple[int, int, int] | None = None  # (words matched, -end, start)
    for end, a in lefts:
        for start, b in rights:
            if not 1 <= start - end - 1 <= MAX_BETWEEN:
                continue
            if _content(before[-a:]) + _content(after[:b]) < BETWEEN_CONTENT:
                continue
            if best is None or (a + b, -end) > best[:2]:
                best = (a + b, -end, start)
    if best is None:
        return None
    _, end, start = best
    return spans[1 - end][0], spans[start - 1][1]


def _run(
    words: Sequence[str], folded: Sequence[str], breaks: Sequence[bool], at: int, step: int
) -> int:
    """How many of `words` (at most _LONGEST) stand in `folded` from word `at`, without
    punctuation between them: its last ones read backwards (`step` -1: the words before
    an asking word) or its first ones forwards (`step` 1: the words after it)."""
    size = 0
    while size < min(len(words), _LONGEST):
        k = at + step * size
        word = words[size] if step > 0 else words[-1 - size]
        if not 0 <= k < len(folded) or folded[k] != word:
            break
        if size and breaks[min(k, k - step)]:  # punctuation between k and the word before
            break
        size += 1
    return size


def _content(words: Sequence[str]) -> int:
    return sum(word not in _STOP for word in words)


_STOP = frozenset(fold(word) for word in ANSWER_STOP_SYLLABLES)
