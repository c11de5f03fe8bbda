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

A question ending in how something is done ("… như thế nào?", "ra sao", "bằng cách nào")
is read as one ending in "gì" (`how_only` for the "manner" kind, which also holds lists
asked: "bao gồm gì"); a "nội dung" or "vấn đề" before the final "gì" is what the sentence
says in its place ("Ông X báo cáo về nội dung gì?" of "Báo cáo về kết quả …"), three words
standing together then saying where. A phrase the word limit cuts, not its clause's end,
ends before its last "và", which adds another deed (not "hoặc": a rule's alternatives are
one answer). Replayed: xquad_vi two phrases, short F1 sum +0.05; dated, legal,
regulations and seed unchanged.

The question's words may also stand apart in the sentence ("Người khiếm thị đi trên
đường phải có gì?" of "Người khiếm thị khi đi trên đường bộ phải có người dắt …"): when
its last word before the gap follows all its content words in its order, within
SPREAD_REACH words, what follows it answers (`_spread`). Replayed: xquad_vi two phrases
better (short F1 0.426 -> 0.427), the other sets unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.asks import folded_question
from retrieval.answers.doing import clause_end
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES, SENTENCE_WORD, TIME_WORDS

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
# A question ending in how something is done asks what follows its words as a final
# "gì" does: "Quận 8 tổ chức sinh hoạt chi bộ mẫu như thế nào?" of "… quận ủy đã tổ chức
# sinh hoạt chi bộ mẫu theo từng loại hình để rút kinh nghiệm …".
_MANNER_ENDS = (("nhu", "the", "nao"), ("the", "nao"), ("ra", "sao"), ("bang", "cach", "nao"),
                ("nhu", "nao"))  # fmt: skip
# A word before a final "gì" that only says a content is asked ("Ông X báo cáo về nội
# dung gì?", "… tham mưu những việc gì?"): the sentence says the content in its place,
# so the run ends before it, and then three words stand for four. Longest first.
_CONTENT_HEADS = (
    ("nhung", "noi", "dung"), ("nhung", "van", "de"), ("nhung", "viec"), ("nhung", "dieu"),
    ("noi", "dung"), ("van", "de"), ("viec",), ("dieu",),
)  # fmt: skip
HEADLESS_CLOZE_WORDS = 3
# The longest run of question words looked for.
_LONGEST = 10
# The question's content words standing apart before its gap (`_spread`): the fewest,
# and how many words back they may stand.
SPREAD_CONTENT = 3
SPREAD_REACH = 20


def cloze_span(
    question: str,
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
    *,
    how_only: bool = False,
    after_ai: bool = False,
) -> tuple[int, int] | None:
    """The character span the question's "gì" or "ai" (or its ending "như thế nào")
    stands for in a sentence read as `gap._words` reads it: what follows the words before
    it (`_after`), or what stands between the words around it (`_between`); None when
    they do not stand so in it. `how_only`: only for a question ending in how something
    is done (not "… bao gồm gì?", which also asks the "manner" kind, `asks.py`);
    `after_ai`: a final "ai" as a final "gì"."""
    asked = SENTENCE_WORD.findall(folded_question(question))
    manner = next((e for e in _MANNER_ENDS if tuple(asked[-len(e) :]) == e), None)
    if manner is None and how_only:
        return None
    at = (
        len(asked) - len(manner)
        if manner is not None
        else next((k for k in range(len(asked) - 1, -1, -1) if asked[k] in _ASKING), None)
    )
    if at is None:
        return None
    asking = "gi" if manner is not None else asked[at]
    before, after = asked[:at], [] if manner else asked[at + 1 :]
    if len(before) < (CLOZE_WORDS if not after else SIDE_WORDS):
        return None  # "Ai chủ trì …?", "… gì?" of a word or two: nothing says where
    if not after:
        # A final "ai" is most often answered by the name nearest the question's words
        # (span.py); what follows them only when that name is the question's own
        # (`after_ai`, features._short).
        if asking != "gi" and not after_ai:
            return None
        found = _after(before, spans, folded, syllables, breaks)
        head = next((h for h in _CONTENT_HEADS if tuple(before[-len(h) :]) == h), None)
        if found is None and head is not None and manner is None:
            found = _after(before[: -len(head)], spans, folded, syllables, breaks,
                           least=HEADLESS_CLOZE_WORDS)  # fmt: skip
        if found is None and head is None:
            found = _spread(before, spans, folded, syllables, breaks)
        return found
    if len(after) < SIDE_WORDS:
        return None
    return _between(before, after, spans, folded, breaks)


def _after(
    before: Sequence[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
    least: int = CLOZE_WORDS,
) -> tuple[int, int] | None:
    found = [
        (size, -end)
        for end in range(len(folded) - 1)
        if folded[end] == before[-1]
        and not breaks[end]
        and (size := _run(before, folded, breaks, end, -1)) >= least
        # the sentence's words as written: folded, the "báo" of "báo cáo" is "bao"
        and _content(syllables[end - size + 1 : end + 1], _STOP_WRITTEN) >= CLOZE_CONTENT
    ]
    if not found:
        return None
    _, end = max(found)  # the most of the question's words, the first of equals
    return _following(1 - end, spans, folded, syllables, breaks)


def _spread(
    before: Sequence[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """What follows the question's last word before its "gì" where the question's words
    stand apart in the sentence: "Người khiếm thị đi trên đường phải có gì?" of "Người
    khiếm thị khi đi trên đường bộ phải có người dắt …". All the question's content words
    before its last (SPREAD_CONTENT or more in all) stand in its order within SPREAD_REACH
    words before it; the first place they do."""
    need = [w for w in before[:-1] if w not in _STOP]
    if len(need) + (before[-1] not in _STOP) < SPREAD_CONTENT:
        return None
    for end in range(len(folded) - 1):
        if folded[end] != before[-1] or breaks[end]:
            continue
        j, pos = len(need) - 1, end - 1
        while j >= 0 and pos >= max(0, end - SPREAD_REACH):
            j -= folded[pos] == need[j]
            pos -= 1
        if j < 0:
            return _following(end + 1, spans, folded, syllables, breaks)
    return None


def _following(
    first: int,
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """The phrase from word `first` to its clause's end (`doing.clause_end`)."""
    last = clause_end(first, MAX_WORDS, folded, syllables, breaks)
    if last + 1 < len(folded) and not breaks[last]:
        # Cut by the limit, not at its clause's end: to before its last "và" ("theo từng
        # loại hình để rút kinh nghiệm | và giao cho Ban …"), which adds another deed.
        joined = [k for k in range(first + CLOZE_CONTENT, last + 1) if folded[k] == "va"]
        last = joined[-1] - 1 if joined else last
    # "… có liên quan đến": a preposition cut from its object. As written: folded, the
    # "hội" of "xã hội" is the "hỏi" of the question words. Not the end of a word: the
    # "làm" of "việc làm".
    while (
        last > first
        and syllables[last] in ANSWER_STOP_SYLLABLES
        and not is_word(syllables[last - 1 : last + 1])
    ):
        last -= 1
    # "Hội nghị bàn điều gì?" is not answered by "vào sáng 8/2": a time alone fills no "gì"
    words = [w for w in syllables[first : last + 1] if w not in ANSWER_STOP_SYLLABLES]
    if words and all(w[:1].isdigit() or w in _TIME_WORDS for w in words):
        return None
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


def _content(words: Sequence[str], stop: frozenset[str] | None = None) -> int:
    return sum(word not in (_STOP if stop is None else stop) for word in words)


_STOP = frozenset(fold(word) for word in ANSWER_STOP_SYLLABLES)
_TIME_WORDS = frozenset(w for w in TIME_WORDS if " " not in w) | {
    "vào", "lúc", "hồi", "từ", "đến", "tới", "trong", "khoảng"
}  # fmt: skip
_STOP_WRITTEN = frozenset(ANSWER_STOP_SYLLABLES)
