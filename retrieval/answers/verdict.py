"""The phrase answering a yes/no question: what the sentence says of the thing asked.

"Gửi đơn qua mạng xã hội thì có được tiếp nhận không?" is answered by "Đơn gửi qua mạng
xã hội, tin nhắn điện thoại không được tiếp nhận, xử lý.": the reader wants "không được
tiếp nhận" in bold, the verdict, not a name or number (a yes/no question asks for none).
The verdict opens with a run of modal or negating words ("không được", "không cần",
"miễn", "vẫn được") followed within a few words, in the same clause, by a word of the
question's predicate (its words after its last "có", "được", "phải", … and before its
closing "không" or "chưa"), and runs to the end of that clause. A run that negates comes
first: "không thuộc diện được làm việc từ xa" is the verdict on "có được làm việc tại nhà
không", and "được làm việc" alone would say the opposite. A sentence with no such run has
no verdict: its words are quoted whole, as before.

Measured on the blind sets (bench/blind_answers.py): the 81 yes/no questions whose
first sentence held the answer had no phrase and were scored on that whole sentence.
"""

from __future__ import annotations

import re

from retrieval.language.text import fold, fold_word
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES

__all__ = ["verdict"]

_WORD = re.compile(r"\w+")
# The words opening a yes/no question's predicate (asks._YES_NO_MARKS, as written).
_MARKS = frozenset({"có", "được", "đã", "phải", "cần", "nên", "bị"})
# What closes the question: its asking "không"/"chưa" and the particles after it.
_CLOSING = frozenset({"không", "chưa", "ạ", "vậy", "nhỉ", "nhé", "à", "hả", "ad", "ko", "k"})
# Modal and negating words standing before a predicate ("không được", "chưa cần").
_MODALS = frozenset(
    {"không", "chưa", "chẳng", "được", "bị", "phải", "cần", "nên", "có", "thể", "vẫn",
     "miễn", "cấm", "nghiêm", "phép", "bắt", "buộc"}
)  # fmt: skip
_NEGATIONS = frozenset({"không", "chưa", "chẳng", "miễn", "cấm"})
VERB_REACH = 6  # words after the modal run where the predicate's word may be
CLAUSE_WORDS = 8  # words after that word the verdict may run to before its clause ends
# Where a clause ends; a comma ends the verdict after the verb (a pause), not before it.
_ENDS = r";:.!?()\[\]\n"
_CLAUSE_END = re.compile(f"[{_ENDS}]")
_PAUSE = re.compile(f"[,{_ENDS}]")


def verdict(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of its verdict on yes/no `question`: a run of modal or negating
    words with a word of the question's predicate a few words after it, to the end of its
    clause; of several, the one whose clause holds the most of the predicate's words,
    then one that negates, then the earliest. None when there is none."""
    asked = _predicate(question)
    if not asked:
        return None
    # Read as the question is typed: "điện" is not "diện" unless it is typed "dien".
    spelled = fold_word if all(fold_word(w) == w for w in asked) else _same
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    found: list[tuple[int, bool, int, int, int]] = []
    i = 0
    while i < len(words):
        if words[i][2] not in _MODALS:
            i += 1
            continue
        run = i
        while i + 1 < len(words) and words[i + 1][2] in _MODALS and _joined(text, words, i):
            i += 1
        negated = any(w[2] in _NEGATIONS for w in words[run : i + 1])
        for k in range(i + 1, min(len(words), i + 1 + VERB_REACH)):
            if _CLAUSE_END.search(text[words[k - 1][1] : words[k][0]]):
                break
            if spelled(words[k][2]) in asked:
                end = _clause_end(text, words, k)
                said = {spelled(w[2]) for w in words[i + 1 : end + 1]} & asked
                found.append((-len(said), not negated, run, words[run][0], words[end][1]))
                break
        i += 1
    if not found:
        return None
    best = min(found)
    return best[3], best[4]


def _clause_end(text: str, words: list[tuple[int, int, str]], k: int) -> int:
    """The last word of the clause word `k` is in, at most CLAUSE_WORDS after it."""
    end = k
    last = min(len(words) - 1, k + CLAUSE_WORDS)
    while end < last and not _PAUSE.search(text[words[end][1] : words[end + 1][0]]):
        end += 1
    return end


def _same(word: str) -> str:
    return word


def _joined(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """Word `i` and the next are in one run of the clause (no punctuation between)."""
    return text[words[i][1] : words[i + 1][0]].strip() == ""


def _predicate(question: str) -> frozenset[str]:
    """The folded content words of the question after its last yes/no mark, without what
    closes it ("… có được tiếp nhận không ạ?": "tiep", "nhan"). The last: a mark may be
    in its subject too ("Người đang bị truy cứu … có được nộp hồ sơ không?")."""
    words = [w.lower() for w in _WORD.findall(question)]
    while words and words[-1] in _CLOSING:
        words.pop()
    marks = [i for i, w in enumerate(words[:-1]) if w in _MARKS]
    if not marks:
        return frozenset()
    typed = _same if fold(" ".join(words)) != " ".join(words) else fold_word
    return frozenset(
        typed(w)
        for w in words[marks[-1] + 1 :]
        if w not in _MODALS and w not in ANSWER_STOP_SYLLABLES
    )
