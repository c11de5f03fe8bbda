"""A year counted from the one the conversation is about: "năm trước đó", "năm sau đó".

"Chủ đề Tháng hành động năm 2022 là gì?" then "Năm trước đó thì sao?" asks about 2021,
and "Năm sau đó?" after "Còn năm 2020 thì sao?" about 2021: the year before or after the
last year the previous standalone question named, not the year before today ("năm
trước", which `timeexpr` reads against today). `resolve_relative_year` writes the year
out, so that the ellipsis rules (`ellipsis.py`) replace the previous question's year
with it; a follow-up that is only the year ("Năm sau đó?") is read as "Còn năm 2021?".
"""

from __future__ import annotations

import re
from datetime import date

from retrieval.language.text import fold
from retrieval.language.timeexpr import asked_time, time_spans

__all__ = ["resolve_relative_year"]

# Folded, after "năm": "trước đó", "trước nữa", "liền trước" (the year before); "sau đó",
# "sau nữa", "tiếp theo", "kế tiếp", "liền sau" (the year after).
_RELATIVE = re.compile(
    r"\bnam (?P<before>truoc (?:do(?: nua)?|nua)|lien truoc)\b"
    r"|\bnam (?P<after>sau (?:do(?: nua)?|nua)|tiep theo|ke tiep|lien sau)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What may stand beside the year in a follow-up that is only the year: "Năm sau đó?",
# "Vậy năm trước đó?".
_ONLY_YEAR = re.compile(
    r"^((?:vay|the|con) )?(?:nam \d{4}|nam (?:nay|ngoai|kia|sau)|\d+ nam (?:truoc|sau))"
    r"(?: (?:thi sao|the nao|ra sao))?[ ?.!]*$"
)


def resolve_relative_year(text: str, previous: str) -> str:
    """`text` (normalised) with "năm trước đó" / "năm sau đó" … written as the year before
    or after the last year `previous` (the last standalone question) names, as a number
    or counted from today ("năm ngoái" -> "2 năm trước"); unchanged when it names none or
    `text` counts from no year."""
    folded = fold(text)
    match = _RELATIVE.search(folded)
    if match is None or len(folded) != len(text):
        return text
    step = -1 if match.group("before") else 1
    years = _YEAR.findall(previous)
    if years:
        year = str(int(years[-1]) + step)
    else:
        # "Năm ngoái …?" then "Còn năm trước nữa?": the year before last, still counted
        # from today, which `timeexpr` knows and this does not.
        ago = _years_from_now(previous)
        if ago is None:
            return text
        year = _from_now(ago + step)
    # Folded, each character stays where it was (checked above): the span is the text's.
    said = year if " " in year else f"năm {year}"
    said = said[0].upper() + said[1:] if match.start() == 0 else said
    out = f"{text[: match.start()]}{said}{text[match.end() :]}"
    only = _ONLY_YEAR.match(fold(out))
    if only and not years:
        # the previous question with its time counted anew: "2 năm trước" is no year
        # slot the ellipsis rules could fill ("Còn năm ngoái?" would leave its "2")
        spans = time_spans(previous)
        if spans:
            start, end = spans[0]
            said = said if start == 0 else said[0].lower() + said[1:]
            return f"{previous[:start]}{said}{previous[end:]}"
    return f"Còn {out[0].lower()}{out[1:]}" if only and not only.group(1) else out


# A day to count from: the offset of a year counted from today ("năm ngoái": -1, "hai
# năm trước": -2) is the same from any day, and `timeexpr` knows them all.
_ANY_DAY = date(2000, 7, 1)


def _years_from_now(question: str) -> int | None:
    """How many years from today the year `question` names is counted; None when it names
    no whole year counted from today."""
    asked = asked_time(question, _ANY_DAY)
    period = asked.period if asked is not None else None
    if period is None or period.start.year != period.end.year or _YEAR.search(question):
        return None
    if (period.start.month, period.start.day, period.end.month, period.end.day) != (1, 1, 12, 31):
        return None
    return period.start.year - _ANY_DAY.year


def _from_now(offset: int) -> str:
    """How to say the year `offset` years from today: after "năm", "nay", "ngoái" or
    "sau"; further, the whole "N năm trước" / "N năm sau"."""
    words = {0: "nay", -1: "ngoái", 1: "sau"}  # not "kia": also "that year"
    if offset in words:
        return words[offset]
    return f"{abs(offset)} năm trước" if offset < 0 else f"{offset} năm sau"
