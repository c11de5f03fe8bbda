"""A label asked ("Tháng hành động năm 2023 mang chủ đề gì?"): answered by a sentence
naming one ("… mang chủ đề “…”", `vocabulary.LABEL_NOUNS`). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.sentences import _Candidate
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import LABEL_NOUNS

__all__ = ["labelling"]


def labelling(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int | None:
    """Asked a label ("Tháng hành động năm 2023 mang chủ đề gì?"), the position in `scored`
    of the best candidate naming one (`vocabulary.LABEL_NOUNS`: "… mang chủ đề “…”"); 0
    when the best does or none is asked, None when no candidate names one ("ban an toàn
    nhắc người lao động …" is no theme)."""
    if not _label_asked(question):
        return 0
    return next((i for i, (_, c, _) in enumerate(scored) if _LABEL.search(c.sentence.text)), None)


def _label_asked(question: str) -> bool:
    # As typed, or without diacritics ("chu de thang an toan … la gi")
    return bool(_LABEL_ASKED.search(normalize(question).lower())) or bool(
        _LABEL_ASKED_FOLDED.search(fold(question.lower()))
    )


def _label_asking(spell: Callable[[str], str]) -> re.Pattern[str]:
    """The label asked, with its words spelled by `spell` (as typed, or folded): "chủ đề
    gì", "với khẩu hiệu nào", "Chủ đề … là gì?"; not topics ("những chủ đề nào": what it
    is about)."""
    labels = "|".join(spell(label) for label in sorted(LABEL_NOUNS, key=len, reverse=True))
    plural = "".join(f"(?<!{spell(w)} )" for w in ("những", "các"))
    which = "|".join(spell(w) for w in ("gì", "nào"))
    return re.compile(
        rf"(?<!\w){plural}(?:{labels}) (?:{which})(?!\w)"
        rf"|^(?:{labels})(?!\w).* {spell('là')} {spell('gì')}\W*$"
    )


_LABEL = re.compile(
    rf"(?<!\w)(?:{'|'.join(sorted(LABEL_NOUNS, key=len, reverse=True))})(?!\w)", re.IGNORECASE
)
_LABEL_ASKED = _label_asking(lambda word: word)
_LABEL_ASKED_FOLDED = _label_asking(fold)
