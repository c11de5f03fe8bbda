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

from retrieval.language.text import fold

__all__ = ["resolve_relative_year"]

# Folded, after "năm": "trước đó", "trước nữa", "liền trước" (the year before); "sau đó",
# "sau nữa", "tiếp theo", "kế tiếp", "liền sau" (the year after).
_RELATIVE = re.compile(
    r"\bnam (?P<before>truoc (?:do|nua)|lien truoc)\b"
    r"|\bnam (?P<after>sau (?:do|nua)|tiep theo|ke tiep|lien sau)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What may stand beside the year in a follow-up that is only the year: "Năm sau đó?",
# "Vậy năm trước đó?".
_ONLY_YEAR = re.compile(r"^((?:vay|the|con) )?nam \d{4}(?: (?:thi sao|the nao|ra sao))?[ ?.!]*$")


def resolve_relative_year(text: str, previous: str) -> str:
    """`text` (normalised) with "năm trước đó" / "năm sau đó" … written as the year before
    or after the last year `previous` (the last standalone question) names; unchanged
    when it names none or `text` counts from no year."""
    folded = fold(text)
    match = _RELATIVE.search(folded)
    years = _YEAR.findall(previous)
    if match is None or not years or len(folded) != len(text):
        return text
    year = int(years[-1]) + (-1 if match.group("before") else 1)
    # Folded, each character stays where it was (checked above): the span is the text's.
    head = "Năm" if match.start() == 0 else "năm"
    out = f"{text[: match.start()]}{head} {year}{text[match.end() :]}"
    only = _ONLY_YEAR.match(fold(out))
    return f"Còn {out[0].lower()}{out[1:]}" if only and not only.group(1) else out
