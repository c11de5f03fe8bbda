"""Diacritics put back on a question typed without them, from the index's own words.

A question typed without diacritics ("nhiem vu trong tam nam 2018 la gi") is found by
BM25 through its folded terms (`terms.py`), but the e5 model reads it poorly (dense hit@1
0.21 against 0.88 with diacritics on xquad_vi, `hybrid.py`), and the answer step matches
each syllable with every word that folds alike ("ban": bàn, bản, bạn, ban). `Accents`
reads such a question back as the indexed articles write it:

- a question or time phrase is spelled as asked ("bao nhieu" -> "bao nhiêu", "la gi" ->
  "là gì", "moi nhat" -> "mới nhất");
- every other syllable becomes one the index holds that folds to it (or one of the
  dictionary's, `segmentation.py`), choosing the sequence that the articles most often
  write (a Viterbi pass): each pair of neighbours scores by how many chunks hold it as a
  bigram ("nhiệm_vụ", "năm_2018", weighed BIGRAM_WEIGHT) and whether it is a word of the
  dictionary, each syllable by how many chunks hold it; the function words the index
  does not keep ("là", "của", "có") count as commoner than any it keeps, so "có" wins
  over the "Cổ" of every "Công ty Cổ phần" and a bigram the articles use ("cơ_quan")
  still wins over "có".

Search embeds the question so restored and the answer step reads it (`HybridResult`'s
`restored`); BM25 keeps the folded question, which loses nothing to a wrong guess.
Syllables restored right (questions of each set typed folded, against as written):
xquad_vi 0.963, dated 0.960, legal 0.961, regulations 0.898 (one of its questions is
typed without diacritics in the set itself), seed 0.914 (one article says little; "diễn
ra" and "xảy ra" are spelled as asked, as question phrases are). Built
on first use from the snapshot's index, 0.12 s at 10,000 articles (136k terms), then
0.8 ms a question. `retrieval eval` on the sets typed without diacritics, before ->
after: xquad_vi answer-hit 0.742 -> 0.791 (0.804 typed with them), declined answerable
0.073 -> 0.034, short F1 0.360 -> 0.390; half indexed, at the floor, answered 0.924 ->
0.965 and declined 0.626 -> 0.694; dated answer-hit 0.816 -> 0.947; regulations 0.900 ->
0.975; legal 0.969 -> 1.000. A question with diacritics on a few words only (under a
third: `mostly_plain`) keeps those and has the rest restored: xquad_vi with a random
quarter of each question's words left accented, answer-hit 0.629 -> 0.773, answerable
questions declined 0.233 -> 0.050.

A question with diacritics on more of its words is restored when one of its lowercase
words is written plain as neither the articles nor the dictionary write it ("duoc",
"nguoi": `lacks_diacritics`); a plain word that is a word as typed ("trong",
"thua") is no sign. None of xquad_vi's 1,190 questions as written is so read. With half
of each question's words left accented (`bench/plain_questions.py --keep 0.5`), 720
more questions are restored: hit@1 0.905 -> 0.929, answer-hit 0.742 -> 0.794,
answerable questions declined 0.096 -> 0.033, short F1 0.348 -> 0.392; with three
quarters (`--keep 0.75`): 0.920 -> 0.925, 0.776 -> 0.791, 0.066 -> 0.037, 0.369 ->
0.387.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from retrieval.language.segmentation import is_word
from retrieval.language.segmentation import syllables as dictionary_syllables
from retrieval.language.text import fold
from retrieval.language.vocabulary import (
    ASKED_FORMS,
    JUST_ENDED_YEAR,
    LAST_YEARS_TAILS,
    LETTERS_OR_DIGITS,
    NOW_WORDS,
    QUESTION_PHRASES,
    RECENT_WORDS,
    RELATIVE_MONTHS,
    RELATIVE_QUARTERS,
    RELATIVE_YEARS,
    SEARCH_QUESTION_PHRASES,
    SEARCH_STOPWORDS,
    TOPIC_TRAILING_VERBS,
    UNTIL_WORDS,
    YEAR_PARTS,
)
from retrieval.search.terms import has_diacritics

__all__ = ["Accents", "lacks_diacritics", "mostly_plain", "unknown_plain"]

# A pair written together in the articles counts this much more than one syllable, and a
# pair that is a word of the dictionary (`segmentation.is_word`) gets this much more.
BIGRAM_WEIGHT = 3.0
DICTIONARY_WORD = 1.5
# Ties a small index leaves (one article: most syllables in one chunk) go to the syllable
# of more of the dictionary's words, the commoner in the language.
TIE_BREAK = 0.01
# A function word the index leaves out is commoner than any syllable it keeps ("có" over
# the "Cổ" of every "Công ty Cổ phần …"), by this much (log).
FUNCTION_WORD_MARGIN = 1.0
# Spellings that are one syllable of the index's bigram terms ("~" folded, "_" joins).
_FOLDED, _JOIN = "~", "_"


# A question with diacritics on fewer of its words than this share was typed without them,
# but for a few ("nhiem vu trọng tâm nam 2018 la gi"): its plain words are restored, the
# others kept. A question typed with them has them on ~70% of its words (xquad_vi: 4 of
# 1,190 below a third, mostly English names).
TYPED_PLAIN_BELOW = 1 / 3


def mostly_plain(question: str) -> bool:
    """Whether `question` was typed (mostly) without diacritics."""
    words = LETTERS_OR_DIGITS.findall(question)
    marked = sum(map(has_diacritics, words))
    return bool(words) and marked < TYPED_PLAIN_BELOW * len(words)


def lacks_diacritics(question: str, accents: Callable[[], Accents]) -> bool:
    """Whether `question` was typed without diacritics, all or in part: mostly
    (`mostly_plain`), or on a lowercase word that neither the articles nor the dictionary
    write so, while the articles write it with them ("người ta gọi nguoi đó là gì"). A
    plain word that is a word as typed ("trong", "thua", "do") is no sign: restoring every
    question would turn "thua" into "thừa" and "do" into "đó" (58 of xquad_vi's 1,190
    questions, as written, changed for the worse). `accents` (the index's restorer) is
    called only when a word is in doubt: a question typed with diacritics never builds
    it."""
    if mostly_plain(question):
        return True
    words = unknown_plain(question)
    return bool(words) and accents().writes_otherwise(words)


def unknown_plain(question: str) -> list[str]:
    """The lowercase words of `question` typed without diacritics that are no syllable of
    the dictionary's ("nguoi", "duoc"; not "trong", "ban", "thua", which are words as
    typed): the cheap first look of `lacks_diacritics`."""
    language = dictionary_syllables()
    return [
        word
        for word in LETTERS_OR_DIGITS.findall(question)
        if word.islower() and word.isalpha() and not has_diacritics(word) and word not in language
    ]


# Units written plain that fold as a word does ("ha" as "hả", "hà"), and the words a count
# follows ("bao nhieu", "may"), folded.
_PLAIN_UNITS = frozenset({"ha"})
_COUNTING = frozenset({"nhieu", "may"})


class Accents:
    """Puts diacritics back on a question typed without any, by the index's `vocabulary`
    (exact syllables and bigrams, `terms.Analyzer`) and each term's document frequency
    `df` (chunks holding it)."""

    def __init__(self, vocabulary: Sequence[str], term_ids: dict[str, int], df: np.ndarray):
        self._term_ids = term_ids
        self._df = df
        # The function and question words search leaves out of the index count as commoner
        # than any it keeps (FUNCTION_WORD_MARGIN); the dictionary's syllables the index
        # lacks, as held by no chunk (a word of the dictionary still picks them: `_pair`).
        everywhere = math.log1p(int(df.max()) if len(df) else 1)
        scores: dict[str, float] = {}
        for term, count in zip(vocabulary, df.tolist(), strict=True):
            if term[0] != _FOLDED and _JOIN not in term and term.isalpha():
                scores[term] = math.log1p(count)
        dropped = set(SEARCH_STOPWORDS)
        for phrase in (*QUESTION_PHRASES, *SEARCH_QUESTION_PHRASES):
            dropped |= frozenset(phrase.split())
        for word in sorted(dropped):
            scores.setdefault(word, everywhere + FUNCTION_WORD_MARGIN)
        language = dictionary_syllables()
        for syllable in sorted(language):
            scores.setdefault(syllable, 0.0)
        spellings: dict[str, list[tuple[str, float]]] = {}
        for spelled, score in scores.items():
            score += TIE_BREAK * math.log1p(language.get(spelled, 0))
            spellings.setdefault(fold(spelled), []).append((spelled, score))
        for options in spellings.values():
            options.sort(key=lambda option: (-option[1], option[0]))
        self._spellings = spellings
        # Question and time phrases of two words or more ("bao nhiêu", "năm ngoái", "mới
        # nhất"), spelled as asked: a lone "mấy" may be "may" ("dệt may").
        asked = {p for _, forms in ASKED_FORMS for p in forms}
        times = {*RELATIVE_YEARS, *JUST_ENDED_YEAR, *RELATIVE_MONTHS, *RELATIVE_QUARTERS,
                 *RECENT_WORDS, *LAST_YEARS_TAILS, *YEAR_PARTS,
                 *(f"{until} {now}" for until in UNTIL_WORDS for now in NOW_WORDS)}  # fmt: skip
        # "diễn ra", "xảy ra": what a question asks of an event, which the dictionary
        # lacks (one article writes "điện" more than "diễn").
        events = set(TOPIC_TRAILING_VERBS)
        phrases = sorted(
            (
                p
                for p in {*QUESTION_PHRASES, *SEARCH_QUESTION_PHRASES, *asked, *times, *events}
                if " " in p
            ),
            key=lambda p: (-len(p), p),
        )
        self._phrases = [(fold(p).split(), p.split()) for p in phrases]

    def writes_otherwise(self, words: Sequence[str]) -> bool:
        """Whether the articles write one of these plain `words` (`unknown_plain`) only
        with diacritics: it is not one of their terms, and folds from one of theirs."""
        return any(
            word not in self._term_ids
            and any(spelled != word for spelled, _ in self._spellings.get(word, ()))
            for word in words
        )

    def restore(self, question: str) -> str | None:
        """`question` with its syllables accented as the articles write them; None when
        nothing changes (no syllable the index knows)."""
        matches = list(LETTERS_OR_DIGITS.finditer(question))
        lowered = [m.group().lower() for m in matches]
        fixed = self._question_phrases(lowered)
        # "bao nhieu ha dat lua", "12 ha": a unit written plain after a count stays so
        # (the particle "hả" is commoner than any word the index keeps)
        for k in range(1, len(lowered)):
            if lowered[k] in _PLAIN_UNITS and (
                lowered[k - 1] in _COUNTING or lowered[k - 1][:1].isdigit()
            ):
                fixed.setdefault(k, lowered[k])
        options: list[list[tuple[str, float]]] = []
        for k, word in enumerate(lowered):
            if k in fixed:
                options.append([(fixed[k], 0.0)])
            else:
                options.append(self._spellings.get(word) or [(word, 0.0)])
        chosen = self._best(options)
        if chosen == lowered:
            return None
        out, last = [], 0
        for m, word in zip(matches, chosen, strict=True):
            written = m.group()
            if written.isupper() and len(written) > 1:
                word = word.upper()
            elif written[0].isupper():
                word = word[0].upper() + word[1:]
            out.append(question[last : m.start()] + word)
            last = m.end()
        return "".join(out) + question[last:]

    def _question_phrases(self, words: list[str]) -> dict[int, str]:
        """Positions of the words of question phrases ("bao nhieu"), spelled as asked."""
        fixed: dict[int, str] = {}
        for k in range(len(words)):
            if k in fixed:
                continue
            for folded, spelled in self._phrases:
                if words[k : k + len(folded)] == folded:
                    fixed.update(zip(range(k, k + len(folded)), spelled, strict=True))
                    break
        return fixed

    def _best(self, options: list[list[tuple[str, float]]]) -> list[str]:
        """The sequence of spellings with the highest score (Viterbi over neighbours)."""
        if not options:
            return []
        scores = [score for _, score in options[0]]
        back: list[list[int]] = []
        for previous, current in itertools.pairwise(options):
            step_scores, step_back = [], []
            for word, own in current:
                best, arg = -math.inf, 0
                for i, (before, _) in enumerate(previous):
                    value = scores[i] + BIGRAM_WEIGHT * self._pair(before, word)
                    if value > best:
                        best, arg = value, i
                step_scores.append(best + own)
                step_back.append(arg)
            scores = step_scores
            back.append(step_back)
        k = int(np.argmax(scores))
        path = [k]
        for step in reversed(back):
            k = step[k]
            path.append(k)
        path.reverse()
        return [options[i][j][0] for i, j in enumerate(path)]

    def _pair(self, first: str, second: str) -> float:
        term = self._term_ids.get(f"{first}{_JOIN}{second}")
        held = 0.0 if term is None else math.log1p(int(self._df[term]))
        return held + (DICTIONARY_WORD if is_word((first, second)) else 0.0)
