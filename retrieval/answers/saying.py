"""The phrase answering "Ông X đề nghị gì?": what was said.

A news report tells what a speaker said, asked or stressed after a saying verb: "ông
Nguyễn Thiện Nhân đề nghị | Ban tổ chức Thành ủy tập trung tham mưu …". A question asking
"<verb> gì?" ("đề nghị gì", "nhấn mạnh điều gì", "cho biết những gì") is answered by
those words. The gap model (`gap.py`) cannot take them: its candidates stop at the
question's words, and it likes a capitalised name ("Ban tổ chức", the speaker).

`saying_span` finds the question's verb in the sentence (spelled as the question spells
it; the occurrence with most of the question's words in the MAX_SUBJECT words before it
when it occurs more than once; without it, another saying verb after the question's
words), skips a "rằng" or "là" after it and the question's own words ("đề nghị trong
năm 2018 cần …" for "… đề nghị gì trong năm 2018?"), and reads on to the end of the
clause or MAX_WORDS words. None when the sentence says none.

A plain "… gì?" (no saying verb, no "nào") is answered the same way by a sentence that
says all the question's words it holds before a reporting verb ("Chia sẻ kinh nghiệm …,
bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 | cho biết | quận ủy đã tổ chức …" for
"Quận 8 có kinh nghiệm gì?", which marked her name).

Replayed (`bench/tune_answer.py`, `bench/dated_replay.py`): the sample article's "Ông
Nguyễn Thiện Nhân đề nghị gì?" marked "Ban tổ chức", now what he asked of it; xquad_vi's
"Chỉ thị … yêu cầu điều gì?" F1 0.57 -> 0.95 and "… đã tuyên bố điều gì …?" 0.09 -> 0.29
(all 1,190: short F1 0.4145 -> 0.4150); the reporting verbs: one xquad_vi phrase, 0.14 ->
0.67 (0.4193 -> 0.4198); dated, legal, regulations and seed unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from retrieval.answers.asked_words import question_words, spelled
from retrieval.answers.asks import lowered
from retrieval.answers.doing import clause_end
from retrieval.answers.sentences import _Candidate
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold_word, retone
from retrieval.language.vocabulary import (
    EDGE_FUNCTION_WORDS,
    REPORTING_VERBS,
    SAYING_VERBS,
    SENTENCE_WORD,
)

__all__ = ["asked_saying", "saying_span"]

_WORD = SENTENCE_WORD
MAX_WORDS = 24
MAX_SUBJECT = 12
# Between "gì" and the verb: "nhấn mạnh điều gì", "cho biết những gì".
_ASKED_NOUNS = frozenset({"điều", "những", "việc"})
_ASKED_NOUNS_FOLDED = frozenset(fold_word(w) for w in _ASKED_NOUNS)
# After the verb, before what was said: "cho biết rằng …", "khẳng định là …".
_OPENERS = frozenset({"rằng", "là"})


@functools.lru_cache(maxsize=1024)
def asked_saying(question: str) -> tuple[str, ...] | None:
    """The saying verb the question asks after ("đề nghị" of "Ông X đề nghị gì?"), as
    the question spells it (lowercase syllables); None when it asks no such thing."""
    words = [retone(w) for w in _WORD.findall(lowered(question))]
    folded = [fold_word(w) for w in words]
    for k, word in enumerate(folded):
        if word != "gi":
            continue
        end = k
        while end and folded[end - 1] in _ASKED_NOUNS_FOLDED:
            end -= 1
        for verb in SAYING_VERBS:
            start = end - len(verb)
            if start >= 0 and tuple(folded[start:end]) == tuple(map(fold_word, verb)):
                said = tuple(words[start:end])
                # Typed with diacritics, the verb must be spelled so ("nơi gì" is no "nói").
                if said == verb or all(fold_word(w) == w for w in said):
                    return said
    return None


def _occurrences(
    verb: tuple[str, ...], folded: Sequence[str], syllables: Sequence[str]
) -> list[int]:
    """Where `verb` starts in the sentence, with at least one word after it: as spelled,
    or folded when the question typed it without diacritics."""
    plain = all(fold_word(w) == w for w in verb)
    wanted = tuple(map(fold_word, verb)) if plain else verb
    words = folded if plain else syllables
    size = len(verb)
    return [k for k in range(len(words) - size) if tuple(words[k : k + size]) == wanted]


def _reporting(
    question: str, terms: frozenset[str], folded: Sequence[str], syllables: Sequence[str]
) -> list[tuple[int, int, int]]:
    """(1, -position, size) of the first reporting verb of the sentence after which it
    says none of the question's words it has not said before ("Chia sẻ kinh nghiệm …,
    bà X, Phó Bí thư Quận ủy quận 8 | cho biết …" for "Quận 8 có kinh nghiệm gì?"): what
    follows it is what the question asks; none when there is no such verb."""
    asked = question_words(question, terms, folded, syllables)
    said = {f for f, a in zip(folded, asked, strict=True) if a}
    seen: set[str] = set()
    for k in range(len(folded) - 3):  # a word after the verb
        if asked[k]:
            seen.add(folded[k])
        if seen == said and seen and tuple(syllables[k + 1 : k + 3]) in REPORTING_VERBS:
            return [(1, -(k + 1), 2)]
    return []


def saying_span(
    question: str,
    verb: tuple[str, ...] | None,
    terms: frozenset[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """The character span of what was said after `verb` in a sentence read as
    `gap._words` reads it (words' character `spans`, `folded`, lowercase `syllables`,
    `breaks[k]`: punctuation after word k); None when the sentence lacks the verb.

    Without the question's verb, another saying verb after the question's words serves:
    "Bí thư Quận ủy … chia sẻ điều gì?" is answered by what "bà …, Bí thư Quận ủy … cho
    rằng".

    With no `verb` (the question asks "… gì?" of no saying verb), what a reporting verb
    ("cho biết", "cho rằng", …) introduces once the sentence has said all the question's
    words it says (`_reporting`)."""
    n = len(spans)

    def held(k: int) -> int:
        return len(terms.intersection(folded[max(k - MAX_SUBJECT, 0) : k]))

    if verb is None:
        found = _reporting(question, terms, folded, syllables)
    else:
        found = [(held(k), -k, len(verb)) for k in _occurrences(verb, folded, syllables)]
    if not found and verb is not None:
        found = [
            (held(k), -k, len(other))
            for other in SAYING_VERBS
            if other != verb
            for k in _occurrences(other, folded, syllables)
        ]
        found = [f for f in found if f[0]]
    if not found:
        return None
    # The most of the question's words before it, the first of equals: the speaker's.
    _, at, size = max(found)
    first = -at + size
    if first >= n:
        return None  # nothing said after it
    if syllables[first] in _OPENERS and first + 1 < n:
        first += 1
    # What the question already says after the verb ("đề nghị | trong năm 2018 | cần …")
    # is not what was said.
    as_written, typed_plain = spelled(question)

    def asked(k: int) -> bool:  # spelled as the question spells it ("quan" is not "quận")
        if syllables[k] in _ASKED_NOUNS or folded[k] not in terms:
            return False  # "điều" of "chia sẻ điều gì" is no word the answer repeats
        return syllables[k] in as_written or folded[k] in typed_plain

    skip = first
    while skip < n - 1 and (asked(skip) or syllables[skip] in EDGE_FUNCTION_WORDS):
        skip += 1
    # Not into a word: "quận" of "quận ủy" is no "Quận 8" said again.
    if any(asked(k) for k in range(first, skip)) and not is_word(syllables[skip - 1 : skip + 1]):
        first = skip
    last = clause_end(first, MAX_WORDS, folded, syllables, breaks)
    return spans[first][0], spans[last][1]


# Each saying verb as written, padded, for finding one in a sentence's lowercase text.
_SAYING_WRITTEN = tuple(f" {' '.join(verb)} " for verb in SAYING_VERBS)


def speaking(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]], name_missing: int
) -> int | None:
    """For "Ông X còn nói gì nữa?" (a saying verb asked, more asked for): the position in
    `scored` of the best candidate naming the speaker (feature `name_missing` 0) with a
    saying verb ("… ông Nguyễn Thiện Nhân, Bí thư Thành ủy đề nghị …"), before one that
    names him doing something else ("… Nguyễn Thiện Nhân chủ trì hội nghị"); None when
    the best already does or none does."""
    if asked_saying(question) is None:
        return None
    for i, (_, candidate, features) in enumerate(scored):
        text = f" {lowered(candidate.sentence.text)} "
        if features[name_missing] == 0 and any(verb in text for verb in _SAYING_WRITTEN):
            return i or None
    return None
