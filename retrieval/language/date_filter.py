"""The date filter typed into a question: "năm:2019 Nhiệm vụ trọng tâm là gì?".

For staff who want only a period's articles, in chat as on the command line
(`--since/--until`): "năm:2019" (that year), "từ:2019-03" (from March 2019), "đến:2020"
(to the end of 2020), with or without diacritics. `take_window` takes it out of the
question, which is then read as any other; `ask` narrows the search to the window.
"""

from __future__ import annotations

import re
from datetime import date

from retrieval.language.text import fold
from retrieval.language.timeexpr import published_period

__all__ = ["take_window"]

_WINDOW = re.compile(
    r"(?<![\w:])(từ|tu|đến|den|năm|nam):\s*(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\w-])",
    re.IGNORECASE,
)


def take_window(question: str) -> tuple[str, date | None, date | None]:
    """The question without its typed date filter, and the filter's first and last day:
    "năm:2019" (that year), "từ:2019-03" (from March 2019), "đến:2020" (to the end of
    2020), with or without diacritics. (question, None, None) when it has none."""
    since: date | None = None
    until: date | None = None
    for m in _WINDOW.finditer(question):
        period = published_period(m.group(2))
        if period is None:
            continue
        word = fold(m.group(1))
        if word in ("tu", "nam"):
            since = period.start
        if word in ("den", "nam"):
            until = period.end
    if since is None and until is None:
        return question, None, None
    rest = " ".join(_WINDOW.sub(" ", question).split())
    return rest, since, until
