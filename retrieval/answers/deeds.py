"""Who did what a question asks: the sentence saying the deed leads.

"Ai chủ trì hội nghị tổng kết năm 2022 của Lộc Điền Xanh?" shares most of its words with
the lead ("Sáng 28/12, Công ty … tổ chức hội nghị tổng kết … năm 2022"), which says who
held the conference, not who chaired it; "Hội nghị do ông Trần Quốc Vinh, Chủ tịch Hội
đồng quản trị, chủ trì." says the deed. `doing(question, scored)` is the position of the
best of the first candidates whose sentence says the verb the question asks who did
("Ai chủ trì …?", "… do ai chủ trì?", "Ai đã ký …?") in the best one's passage (it found
the event asked), when the best does not say it; 0 otherwise. Taken from any passage, it
cost xquad_vi's answer-hit 0.821 -> 0.818; from the best's passage, 0.821 -> 0.820 (one
question), for 0.737 -> 0.763 on bench/corpus/blind/dated (questions asked on 2025-03-01).
Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answers.sentences import _Candidate
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold

__all__ = ["doing"]

# "Ai chủ trì …", "Ai đã ký …", "Ai là người phát hiện …", "… do ai chủ trì?", folded.
_ASKED_DEED = re.compile(
    r"^ai (?:da |la nguoi |la nguoi da )?(\w+)(?: (\w+))?|\b(?:do|boi) ai (\w+)(?: (\w+))?"
)
# The deeds of one syllable asked often enough who did them, folded.
_ONE_SYLLABLE_DEEDS = frozenset({"ky", "trao", "tang"})
# How far down the ranking a sentence saying the deed may be taken from.
LOOK = 6


def doing(question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]) -> int:
    """The position in `scored` of the best candidate saying the deed asked; 0 when the
    best says it, the question asks no deed, or none of the first LOOK does."""
    deed = _deed(question)
    if not deed:
        return 0
    pattern = re.compile(rf"(?<!\w){re.escape(deed)}(?!\w)")
    # in the best's own passage: it found the event ("hội nghị tổng kết năm 2022")
    rank = scored[0][1].rank
    says = [
        i
        for i, (_, c, _) in enumerate(scored[:LOOK])
        if c.rank == rank and pattern.search(c.sentence.key)
    ]
    return says[0] if says and says[0] > 0 else 0


def _deed(question: str) -> str:
    """The verb a "who" question asks the doer of, folded: "chu tri", "ky"; "" if none."""
    lowered = question.strip().lower()
    found = _ASKED_DEED.search(fold(lowered))
    if found is None:
        return ""
    first, second = (found.group(1), found.group(2)) if found.group(1) else found.group(3, 4)
    if first == "la":
        return ""  # "Ai là Giám đốc Sở?" asks who holds an office (subject.py), no deed
    # A two-syllable verb is a dictionary word ("chủ trì"); else its first syllable ("ký").
    words = re.findall(r"\w+", lowered)
    for k in range(len(words) - 1):
        pair = (words[k], words[k + 1])
        if second and (fold(pair[0]), fold(pair[1])) == (first, second) and is_word(pair):
            return f"{first} {second}"
    # One syllable is too common a word ("đoạt" of "đoạt giải cao"), but for a few verbs.
    return first if first in _ONE_SYLLABLE_DEEDS else ""
