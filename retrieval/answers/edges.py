"""Where the phrase that answers begins and ends.

The gap model (`gap.py`) picks a run of words; `settled` then fixes its edges:

- a word of the dictionary it cuts is taken whole (`segmentation.is_word`: "hóa trung" of
  "văn hóa trung học cơ sở" -> "văn hóa trung học cơ sở");
- a function word the question also says is left off either end ("Hiệu trưởng", not
  "Hiệu trưởng ra", for "Ai ra quyết định …?"), but for a determiner before its noun
  ("các nhà địa tầng học") and a capitalised word (a name's: "Anh" is England);
- its last word gets what it needs after it (`_whole_end`): a conjunction its second
  conjunct ("người dắt hoặc có công cụ", not "dắt hoặc"; left off when the question names
  that conjunct), a numeral or determiner its noun ("xe mô tô hai bánh"); a preposition
  without its object is left off ("liên quan", not "liên quan đến");
- a lone generic noun ("người", "việc", "điều", "cái") takes the word after it, and a
  conjunction after that ("phải có người | dắt hoặc có công cụ" -> "người dắt hoặc có
  công cụ"; legal replay: that phrase 0.17 -> 0.71, xquad_vi unchanged);
- a capitalised name it cuts is taken whole: its tail ("Bộ trưởng Bộ" of "Bộ trưởng Bộ
  Giao thông vận tải", whose last words the question shares) or its head ("Van Nuys" of
  "Sân bay Van Nuys"), but for a person's titles ("Tổng Thư ký LHQ Ban Ki-moon") and a
  sentence's first word ("Khi Guglielmo Marconi").

A phrase starting in the rest of a time phrase whose unit is the question's word ("nay là
khôi phục sản xuất …": the question said "năm 2022", the article "năm nay là …") starts
after it and the link after it (`past_time_rest`, applied by `gap.gap_span` to the phrase
it finds whichever way, and by `gap.cloze_in`): the article's time is no part of the
answer. A phrase opening with the question's own
words before a comma starts after it (`past_named_lead`: "Võ Thị Thu, tổ trưởng tổ đóng
gói" -> "tổ trưởng tổ đóng gói" for "Chị Võ Thị Thu làm gì?"). No replayed phrase changed
with either (xquad_vi, dated, legal, regulations, seed).

Any phrase (`features._short`) is then cut at a bracket it opens or closes without the
other (`within_brackets`): it keeps its side before the bracket ("Acura, Lexus và
Infiniti", not "Acura, Lexus và Infiniti) để tách biệt …"), or after it when nothing is
before.

Replayed (`bench/tune_answer.py`, `bench/dated_replay.py`), short EM/F1: xquad_vi
0.201/0.397 -> 0.204/0.398 (words) -> 0.211/0.401 (names) -> 0.219/0.403 (the
question's function words); legal 0.375/0.648 -> 0.406/0.668 (words, names), regulations
F1 0.772 -> 0.773; the question's function words cost legal and regulations 0.004 F1
each, their gold answers keeping such verbs ("Hiệu trưởng ra quyết định …"). Dated and
seed unchanged. The last word's needs: 11 xquad_vi phrases changed, short F1 sum -0.32
(one "cảm biến từ" of "từ xa" lost its "từ", -0.40; the rest read better, F1 the same),
legal short F1 +0.012 (2 phrases: "dắt hoặc có công cụ", "xe mô tô hai bánh"); the
brackets: 10 xquad_vi phrases, F1 sum +0.35.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.asks import lowered
from retrieval.answers.span import phrases
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    EDGE_FUNCTION_WORDS,
    RELATIVE_VALUES,
    SENTENCE_WORD,
)

__all__ = ["past_named_lead", "past_time_rest", "settled", "within_brackets"]

_WORD = SENTENCE_WORD
_STOP = ANSWER_STOP_SYLLABLES | EDGE_FUNCTION_WORDS
# Before a noun, the noun phrase's own ("các nhà địa tầng học").
_DETERMINERS = frozenset({"các", "những", "một", "mọi", "mỗi"})
_LONGEST_WORD = 4  # syllables: the dictionary's words of more are few and rarely cut


def settled(
    question: str,
    kind: str,
    text: str,
    spans: Sequence[tuple[int, int]],
    breaks: Sequence[bool],
    capital: Sequence[bool],
    syllables: Sequence[str],
    i: int,
    j: int,
) -> tuple[int, int]:
    """The character span of words [i, j) of `text` (their `spans`; `breaks[k]`:
    punctuation after word k; `capital[k]`: it is capitalised; `syllables[k]`: it
    lowercase, its tone placed as the dictionary's), edges settled."""
    asked = frozenset(_WORD.findall(lowered(question)))
    i, j = _whole_words(syllables, breaks, i, j)
    i, j = _without_question_edges(asked, capital, syllables, i, j)
    i, j = _with_modifier(syllables, breaks, i, j)
    i, j = _whole_end(asked, syllables, breaks, capital, i, j)
    return _whole_names(text, kind, spans[i][0], spans[j - 1][1])


def _whole_words(
    syllables: Sequence[str], breaks: Sequence[bool], i: int, j: int
) -> tuple[int, int]:
    """Words [i, j) widened to whole dictionary words where they cut one, within their
    clause."""
    lo = max(i - _LONGEST_WORD + 1, 0)
    hi = min(j + _LONGEST_WORD - 1, len(syllables))

    def word_at(a: int, b: int) -> bool:
        if any(breaks[k] for k in range(a, b - 1)):
            return False
        return is_word(syllables[a:b])

    # A word crossing an edge at the phrase's first or last syllable, when that syllable
    # already makes a word with its neighbour inside, is another reading, not a cut word:
    # "Phòng Đào tạo | lập" ends on "đào tạo", though "tạo lập" is a word too.
    first_taken = i + 2 <= j and word_at(i, i + 2)
    last_taken = j - 2 >= i and word_at(j - 2, j)
    start = i
    for a in range(lo, i):  # the longest word crossing the start
        if any(
            word_at(a, b) and not (b == i + 1 and first_taken)
            for b in range(i + 1, min(a + _LONGEST_WORD, hi) + 1)
        ):
            start = a
            break
    end = j
    for b in range(hi, j, -1):  # the longest word crossing the end
        if any(
            word_at(a, b) and not (a == j - 1 and last_taken)
            for a in range(max(b - _LONGEST_WORD, lo), j)
        ):
            end = b
            break
    return start, end


# The unit of a time ("năm", the question's word in "năm 2022") and what completes it in
# the sentence ("năm nay", "năm qua"); then what may link it to the rest ("… năm nay là
# khôi phục sản xuất").
_TIME_UNITS = frozenset({"năm", "tháng", "quý", "tuần", "ngày"})
_TIME_RESTS = RELATIVE_VALUES | {"qua", "này", "mới", "vừa"}
_LINKS = frozenset({"là", "thì", "sẽ", "đã"})


def past_time_rest(text: str, start: int, end: int) -> tuple[int, int]:
    """The span `text[start:end]` moved past the rest of a time phrase it starts in ("nay
    là khôi phục sản xuất …" after the question's "năm" -> "khôi phục sản xuất …"), and a
    link after it: that time is the article's, not the answer."""
    before = _WORD.findall(text[max(0, start - 12) : start].lower())
    if not before or before[-1] not in _TIME_UNITS:
        return start, end
    words = list(_WORD.finditer(text, start, end))
    k = 0
    while k < len(words) - 1 and words[k].group().lower() in _TIME_RESTS:
        k += 1  # "năm vừa qua"
    if k == 0:
        return start, end
    if k < len(words) - 1 and words[k].group().lower() in _LINKS:
        k += 1
    return words[k].start(), end


def past_named_lead(text: str, start: int, end: int, asked: frozenset[str]) -> tuple[int, int]:
    """The span `text[start:end]` without what it opens with before a comma when that is
    all the question's words (`asked`, folded): "Võ Thị Thu, tổ trưởng tổ đóng gói" ->
    "tổ trưởng tổ đóng gói" for "Chị Võ Thị Thu làm gì ở Phú An?"."""
    comma = text.find(", ", start, end)
    if comma < 0 or not text[comma + 2 : end].strip():
        return start, end
    lead = _WORD.findall(fold(text[start:comma].lower()))
    if lead and all(word in asked for word in lead):
        return comma + 2, end
    return start, end


# A noun that says nothing alone ("phải có người | dắt hoặc có công cụ"): the phrase
# takes the word after it, and a conjunction after that (`_whole_end` then its conjunct).
_GENERIC_NOUNS = frozenset({"người", "việc", "điều", "cái"})


def _with_modifier(
    syllables: Sequence[str], breaks: Sequence[bool], i: int, j: int
) -> tuple[int, int]:
    """Words [i, j), a lone generic noun with the word that says which."""
    n = len(syllables)
    if j - i != 1 or syllables[i] not in _GENERIC_NOUNS or j >= n or breaks[i]:
        return i, j
    end = _whole_words(syllables, breaks, j, j + 1)[1]
    if end < n and not breaks[end - 1] and syllables[end] in _CONJUNCTIONS:
        end += 1
    return i, end


# A phrase ending in one of these is cut before what completes it: a conjunction before
# its second conjunct ("người dắt hoặc | có công cụ để báo hiệu"), a numeral or a
# determiner before its noun ("xe mô tô hai | bánh"), a preposition before its object.
_CONJUNCTIONS = frozenset({"và", "hoặc", "hay"})
_BEFORE_NOUN = frozenset(
    {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "các", "những",
     "mỗi", "mọi"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"của", "cho", "với", "từ", "đến", "tới", "về", "tại", "theo", "bằng", "như", "để", "là",
     "thì", "mà", "do", "bởi", "vào", "trong", "ở", "nhưng"}
)  # fmt: skip
# A second conjunct is read to its clause's end within this many words; a longer clause
# gives it as many words as the first conjunct has (at least 3).
CONJUNCT_WORDS = 8


def _whole_end(
    asked: frozenset[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
    capital: Sequence[bool],
    i: int,
    j: int,
) -> tuple[int, int]:
    """Words [i, j) with what their last word needs after it: a conjunction's second
    conjunct (CONJUNCT_WORDS; none at the clause's end), a numeral's or determiner's noun
    (one word of the dictionary, or one syllable; not after "thứ": "thứ hai" is whole),
    never a preposition without its object (left off, but for a word it ends: "tiếp
    theo"). A capitalised last word is a name's ("Chiến tranh Ba mươi Năm"). A second
    conjunct the question says (most of its words) is what the question names, not the
    answer: the conjunction is left off instead."""
    n = len(syllables)
    last = syllables[j - 1] if j - i > 1 and not capital[j - 1] else ""
    cut = j < n and not breaks[j - 1]
    if last in _BEFORE_NOUN and syllables[j - 2] == "thứ":
        return i, j
    if last in _CONJUNCTIONS:
        if not cut:
            return i, j - 1
        end = j
        while end < n and end - j < CONJUNCT_WORDS and not (end > j and breaks[end - 1]):
            end += 1
        if end - j >= CONJUNCT_WORDS and end < n and not breaks[end - 1]:
            # A long clause: the second conjunct as long as the first, or three words
            # ("người dắt hoặc có công cụ"), to the end of the word its last syllable begins.
            end = _whole_words(syllables, breaks, i, j + min(max(j - 1 - i, 3), end - j))[1]
        named = sum(syllable in asked for syllable in syllables[j:end])
        return (i, j - 1) if 2 * named > end - j else (i, end)
    if last in _BEFORE_NOUN and cut:
        for b in range(min(j + _LONGEST_WORD, n), j, -1):
            if not any(breaks[k] for k in range(j, b - 1)) and is_word(syllables[j:b]):
                return i, b
        return i, j + 1
    if last in _PREPOSITIONS and not is_word(syllables[j - 2 : j]):
        return i, j - 1
    return i, j


def _without_question_edges(
    words: frozenset[str], capital: Sequence[bool], syllables: Sequence[str], i: int, j: int
) -> tuple[int, int]:
    """Words [i, j) without a function word the question also says (its `words`) at
    either end."""
    asked = words & _STOP
    if not asked:
        return i, j
    said = [
        "" if capitalised else syllable
        for syllable, capitalised in zip(syllables[i:j], capital[i:j], strict=True)
    ]
    first, last = 0, len(said)
    while last - first > 1 and said[last - 1] in asked:
        last -= 1
    while last - first > 1 and said[first] in asked and said[first] not in _DETERMINERS:
        first += 1
    if last - first == 1 and said[first] in _STOP:
        return i, j  # a function word alone is no answer
    return i + first, i + last


def _whole_names(text: str, kind: str, start: int, end: int) -> tuple[int, int]:
    """The character span widened over a capitalised name it cuts."""
    for phrase in phrases(text):
        if phrase.kind != "capitalised" or phrase.end <= start or phrase.start >= end:
            continue
        if phrase.end > end:
            end = phrase.end
        if phrase.start < start and kind != "person":
            widened = phrase.start
            first = _WORD.match(text, phrase.start)
            if phrase.start == 0 and first and first.group().lower() in _STOP:
                second = _WORD.search(text, first.end())
                widened = second.start() if second else start
            start = min(start, widened)
    return start, end


_BRACKETS = {")": "(", "]": "[", "”": "“", "»": "«"}
_EDGE_MARKS = " \t,;:.-–—"


def within_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """The character span [start, end) cut at a bracket it opens or closes alone."""
    opened: list[int] = []
    cut = -1
    for k in range(start, end):
        ch = text[k]
        if ch in _BRACKETS.values():
            opened.append(k)
        elif ch in _BRACKETS:
            if opened and text[opened[-1]] == _BRACKETS[ch]:
                opened.pop()
            else:
                cut = k  # closes what opened before the phrase
                break
    if cut < 0 and opened:
        cut = opened[0]  # opens what closes after the phrase
    if cut < 0:
        return start, end
    before = _trimmed(text, start, cut)
    if _WORD.search(text, before[0], before[1]):
        return before
    after = _trimmed(text, cut + 1, end)
    return after if _WORD.search(text, after[0], after[1]) else (start, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_MARKS:
        start += 1
    while end > start and text[end - 1] in _EDGE_MARKS:
        end -= 1
    return start, end
