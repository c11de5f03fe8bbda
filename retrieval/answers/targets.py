"""A target asked is answered by a sentence that sets one, not by a result.

"Chỉ tiêu kim ngạch xuất khẩu năm 2024 là bao nhiêu?" asks what the province aims at: "năm
2024 tỉnh phấn đấu … kim ngạch xuất khẩu đạt 4.900 triệu USD" answers, "Kim ngạch xuất khẩu
quý I/2024 ước đạt 1.152 triệu USD" (a result of the same year, nearer the question's
words) does not. With no sentence setting a target for the thing, the articles do not say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import lowered
from retrieval.answers.sentences import _Candidate
from retrieval.answers.subject import measured, names_thing
from retrieval.language.text import fold

__all__ = ["aiming", "asks_target"]

# Words asking a target: "chỉ tiêu", "mục tiêu", "kế hoạch", "phấn đấu". Not when they
# are counted ("bao nhiêu chỉ tiêu", "mấy mục tiêu"), or a result is measured against them
# ("vượt kế hoạch bao nhiêu", "đạt bao nhiêu phần trăm chỉ tiêu", "so với kế hoạch"); as
# written, since folded "đạt" is "đặt" ("đặt mục tiêu" asks one).
_TARGET_WORDS = ("chỉ tiêu", "mục tiêu", "kế hoạch", "phấn đấu")
_AGAINST = ("bao nhiêu", "mấy", "vượt", "đạt", "hoàn thành", "so với", "bằng")


def _asking(spell: Callable[[str], str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    target = f"(?:{'|'.join(spell(w) for w in _TARGET_WORDS)})"
    against = f"(?:{'|'.join(spell(w) for w in _AGAINST)})"
    return (
        re.compile(rf"(?<!\w){target}(?!\w)"),
        re.compile(rf"(?<!\w){against}(?:\s+\w+){{0,3}}\s+{target}(?!\w)"),
    )


_WRITTEN = _asking(lambda word: word)
_PLAIN = _asking(fold)
# What a sentence setting a target says, folded: "đặt mục tiêu", "chỉ tiêu", "phấn đấu",
# "kế hoạch … đạt", "đề ra", "dự kiến".
_SETS = re.compile(r"(?<!\w)(?:muc tieu|chi tieu|phan dau|ke hoach|de ra|dat ra|du kien)(?!\w)")


def asks_target(question: str) -> bool:
    """Whether `question` asks what is aimed at ("Chỉ tiêu … năm 2024 là bao nhiêu?")."""
    text = lowered(question)
    asked, against = _PLAIN if text == fold(text) else _WRITTEN
    return bool(asked.search(text)) and not against.search(text)


def aiming(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int | None:
    """The position in `scored` (best first) of the best candidate setting a target for
    the thing the question measures: 0 when the question asks no target or the best sets
    it; None when no candidate does."""
    if not asks_target(question):
        return 0
    thing = frozenset(measured(question).split())
    return next(
        (
            i
            for i, (_, candidate, _) in enumerate(scored)
            if _SETS.search(candidate.sentence.key)
            and (not thing or names_thing(thing, candidate.sentence))
        ),
        None,
    )
