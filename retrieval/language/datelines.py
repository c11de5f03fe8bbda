"""Whether a sentence opens with a day, as a news lead does ("Chiều 26/12, …")."""

from __future__ import annotations

import re
from functools import cache

from retrieval.language.text import fold, rough_fold
from retrieval.language.vocabulary import TIME_WORDS

__all__ = ["is_dateline"]


@cache
def _dateline() -> re.Pattern[str]:
    words = "|".join(sorted({fold(w) for w in TIME_WORDS}))
    return re.compile(
        rf"\s*(?:(?:{words})(?:\s+[a-z]{{2,4}})?\s+)?\(?\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)?\s*,"
    )


def is_dateline(sentence: str) -> bool:
    """Whether `sentence` opens with a day, as a news lead does: "Chiều 26/12, …",
    "Sáng 8/2/2018, …", "Ngày 5/5, …", "Hôm qua (8/2), …". Such a sentence states the
    event an article reports (who held what, when, where), not what came of it."""
    return _dateline().match(rough_fold(sentence)) is not None
