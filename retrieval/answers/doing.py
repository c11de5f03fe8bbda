"""The phrase answering "… làm gì?": what its subject does.

"Quận ủy quận 8 đã làm gì để nâng cao chất lượng chi bộ?" is answered by the words a
sentence says after its subject: "… quận ủy đã | tổ chức sinh hoạt chi bộ mẫu theo từng
loại hình | để rút kinh nghiệm …". The gap model (`gap.py`) cannot take that phrase: its
candidates stop at the question's words, and a doing often repeats them ("chi bộ").
`doing_span` finds the question's last words before "làm gì" (its subject) in the
sentence (the run of them holding the most), skips an auxiliary after them ("đã", "sẽ",
"đang"), and reads on to the end of the clause, to the word the question says after "gì"
("để", "khi"), or MAX_WORDS words; after an aside between commas that follows the subject
("Washington, cùng với …, gây bất ngờ cho …"), from the aside's end. None when the
sentence does not say the subject, or the question asks "để làm gì" (a purpose:
`span.py`'s reason).

Replayed (`bench/tune_answer.py`, `bench/dated_replay.py`): xquad_vi's 15 "làm gì"
questions short F1 0.243 -> 0.388 (all 1,190: 0.403 -> 0.405), the sample article's
"Quận ủy quận 8 đã làm gì …" 0.0 -> 1.0 (seed short EM/F1 0.500/0.721 -> 0.625/0.846);
dated, legal and regulations unchanged. The aside: xquad_vi's "Sau khi biết …, Washington
đã làm gì?" 0.0 -> 0.81, nothing else changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answers.asks import folded_question
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold_word
from retrieval.language.vocabulary import SENTENCE_WORD

__all__ = ["asks_doing", "clause_end", "doing_span"]

_WORD = SENTENCE_WORD
MAX_WORDS = 16
# An aside between commas after the subject is at most this many words.
ASIDE_WORDS = 12
# The question's words right before "làm gì" that say its subject ("các hoạt động của
# con người đang làm gì", not the "Nhà hoạch định chính sách" earlier).
SUBJECT_WORDS = 4
# Between a subject and what it does: tense, manner and modal words, not the doing (as
# the sentence writes them, lowercase: folded, "đã" would be "đá" and "đang" "Đảng").
_AUXILIARIES = frozenset(
    {"đã", "sẽ", "đang", "cũng", "vừa", "mới", "thường", "luôn", "đều", "vẫn", "còn", "phải",
     "nên", "cần"}
)  # fmt: skip
_FOLDED_AUXILIARIES = frozenset(fold_word(w) for w in _AUXILIARIES)


def asks_doing(question: str) -> bool:
    """Whether `question` asks what someone does ("… đã làm gì?"), not what for."""
    padded = f" {' '.join(_WORD.findall(folded_question(question)))} "
    return " lam gi " in padded and " de lam gi " not in padded


def doing_span(
    question: str,
    terms: frozenset[str],
    spans: Sequence[tuple[int, int]],
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
) -> tuple[int, int] | None:
    """The character span of what the subject of a "làm gì" question does in a sentence,
    read as `gap._words` reads it: its words' character `spans`, `folded` and lowercase
    `syllables`, and `breaks[k]`, punctuation after word k."""
    folded_q = folded_question(question)
    m = re.search(r"\blam gi\b", folded_q)
    if m is None:
        return None
    # The subject is said right before "làm gì", after any clause before it: "Sau khi
    # biết …, Washington đã làm gì?" asks what Washington did.
    clause = _WORD.findall(re.split(r"[,;:]", folded_q[: m.start()])[-1])
    auxiliary = clause[-1] if clause and clause[-1] in _FOLDED_AUXILIARIES else None
    before = [w for w in clause if w not in _FOLDED_AUXILIARIES][-SUBJECT_WORDS:]
    subject = {w for w in before if w in terms}
    rest = _WORD.findall(folded_q[m.end() :])
    after = rest[0] if rest else None
    n = len(spans)
    # The run of the subject's words holding most of them, one more when it ends in the
    # question's own auxiliary ("quận ủy đã"), the last of equals: "các hoạt động của con
    # người", not the "nhà" of "khí nhà kính".
    best, best_end, k = 0, -1, 0
    while k < n:
        if folded[k] not in subject:
            k += 1
            continue
        start, held = k, set()
        while (
            k < n
            and (folded[k] in subject or syllables[k] in _AUXILIARIES)
            and (k == start or not breaks[k - 1])
        ):
            held.add(folded[k])
            k += 1
        score = len(held & subject) + (auxiliary is not None and folded[k - 1] == auxiliary)
        if score >= best:
            best, best_end = score, k
    if best == 0 or best_end >= n:
        return None
    first = best_end
    if breaks[best_end - 1]:
        # An aside between commas after the subject ("Washington, cùng với …, đã …"):
        # what it does is said after it.
        aside = next(
            (k for k in range(best_end, min(best_end + ASIDE_WORDS, n)) if breaks[k]), None
        )
        if aside is None or aside + 1 >= n:
            return None
        first = aside + 1
        while first < n - 1 and syllables[first] in _AUXILIARIES and not breaks[first]:
            first += 1
    last = clause_end(first, MAX_WORDS, folded, syllables, breaks, after)
    return spans[first][0], spans[last][1]


def clause_end(
    first: int,
    max_words: int,
    folded: Sequence[str],
    syllables: Sequence[str],
    breaks: Sequence[bool],
    stop: str | None = None,
) -> int:
    """The last word of a phrase read from word `first` to its clause's end, at most
    `max_words` words, or before the word `stop` (folded); a dictionary word the limit
    cuts is taken whole: "Ấn Độ tự do", not "Ấn Độ tự"."""
    n = len(folded)
    last = first
    while last + 1 < n and last + 1 - first < max_words and not breaks[last]:
        if stop is not None and folded[last + 1] == stop:
            break
        last += 1
    if last + 1 < n and not breaks[last] and is_word(syllables[last : last + 2]):
        last += 1
    return last
