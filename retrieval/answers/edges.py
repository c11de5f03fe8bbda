"""Where the phrase that answers begins and ends.

The gap model (`gap.py`) picks a run of words; `settled` then fixes its edges:

- a word of the dictionary it cuts is taken whole (`segmentation.is_word`: "hóa trung" of
  "văn hóa trung học cơ sở" -> "văn hóa trung học cơ sở");
- a function word the question also says is left off either end ("Hiệu trưởng", not
  "Hiệu trưởng ra", for "Ai ra quyết định …?"), but for a determiner before its noun
  ("các nhà địa tầng học") and a capitalised word (a name's: "Anh" is England);
- a capitalised name it cuts is taken whole: its tail ("Bộ trưởng Bộ" of "Bộ trưởng Bộ
  Giao thông vận tải", whose last words the question shares) or its head ("Van Nuys" of
  "Sân bay Van Nuys"), but for a person's titles ("Tổng Thư ký LHQ Ban Ki-moon") and a
  sentence's first word ("Khi Guglielmo Marconi").

Replayed (`bench/tune_answer.py`, `bench/dated_replay.py`), short EM/F1: xquad_vi
0.201/0.397 -> 0.204/0.398 (words) -> 0.211/0.401 (names) -> 0.219/0.403 (the
question's function words); legal 0.375/0.648 -> 0.406/0.668 (words, names), regulations
F1 0.772 -> 0.773; the question's function words cost legal and regulations 0.004 F1
each, their gold answers keeping such verbs ("Hiệu trưởng ra quyết định …"). Dated and
seed unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.asks import lowered
from retrieval.answers.span import phrases
from retrieval.language.segmentation import is_word
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES, EDGE_FUNCTION_WORDS, SENTENCE_WORD

__all__ = ["settled"]

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
    i, j = _whole_words(syllables, breaks, i, j)
    i, j = _without_question_edges(question, capital, syllables, i, j)
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

    start = i
    for a in range(lo, i):  # the longest word crossing the start
        if any(word_at(a, b) for b in range(i + 1, min(a + _LONGEST_WORD, hi) + 1)):
            start = a
            break
    end = j
    for b in range(hi, j, -1):  # the longest word crossing the end
        if any(word_at(a, b) for a in range(max(b - _LONGEST_WORD, lo), j)):
            end = b
            break
    return start, end


def _without_question_edges(
    question: str, capital: Sequence[bool], syllables: Sequence[str], i: int, j: int
) -> tuple[int, int]:
    """Words [i, j) without a function word the question also says at either end."""
    asked = set(_WORD.findall(lowered(question))) & _STOP
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
