"""The item of a list a question asks by its place: "Nhiệm vụ trọng tâm đầu tiên … là gì?".

A sentence lists after "gồm", "là" or a colon ("… tập trung vào ba nhiệm vụ trọng tâm
gồm: đẩy mạnh chuyển đổi số …, xử lý dứt điểm … và chống ngập"), or by lettered points
("… các yêu cầu sau đây: a) Phải được sự đồng ý của người lao động; b) …"). Asked the
first ("đầu tiên", "thứ nhất"), the second … or the last ("cuối cùng") of them, the
phrase that answers is that item, not the name the "… là gì?" reading finds first.
`ordinal_item(question, text)` is its span, or None when the question asks no place or
the sentence lists nothing. Pure functions.
"""

from __future__ import annotations

import re

from retrieval.language.text import fold

__all__ = ["PLACES", "ordinal_item"]

# The place asked, folded, after a noun that a list enumerates ("nhiệm vụ trọng tâm đầu
# tiên", "yêu cầu thứ hai", "bước cuối cùng"), in a question asking what it is ("… là
# gì?"): not "Buổi học đầu tiên … theo nghị định nào?", which asks something of it.
_PLACE = re.compile(
    r"\b(?:nhiem vu|yeu cau|buoc|dieu kien|giai phap|noi dung|muc tieu|tieu chi|tieu chuan"
    r"|chi tieu|de xuat|kien nghi)(?: \w+){0,2} "
    r"(dau tien|thu nhat|thu hai|thu ba|thu tu|thu nam|cuoi cung)\b.*\bgi\b"
)
PLACES = {"dau tien": 1, "thu nhat": 1, "thu hai": 2, "thu ba": 3, "thu tu": 4, "thu nam": 5,
           "cuoi cung": -1}  # fmt: skip
# Where a list starts: after "gồm", "bao gồm", "là" followed by a colon, or a colon.
_LIST_START = re.compile(r"(?:\bgồm\s*:?|:)\s*", re.IGNORECASE)
_POINT = re.compile(r"(?:^|[;.]\s*|\s)([a-zđ])\)\s+")
# Items of a run-on list: commas and semicolons, and "và" before the last.
_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+và\s+")


def ordinal_item(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the list item at the place `question` asks."""
    folded = fold(question.lower())
    asked = _PLACE.search(folded)
    if asked is None:
        return None
    place = PLACES[asked.group(1)]
    start = _LIST_START.search(text)
    if start is None:
        return None
    items = _points(text, start.end()) or _run_on(text, start.end())
    if len(items) < 2 or place > len(items):
        return None
    return items[place - 1 if place > 0 else -1]


def _points(text: str, begin: int) -> list[tuple[int, int]]:
    """The lettered points after `begin` ("a) …; b) …"), each to the next or the end."""
    marks = list(_POINT.finditer(text, max(0, begin - 1)))
    spans = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        spans.append(_trimmed(text, mark.end(), end))
    return [s for s in spans if s[1] > s[0]]


def _run_on(text: str, begin: int) -> list[tuple[int, int]]:
    """The items of a list written in one run after `begin`, to the sentence's end."""
    end = text.find(". ", begin)
    end = len(text) if end < 0 else end
    spans, at = [], begin
    for separator in _SEPARATOR.finditer(text, begin, end):
        spans.append(_trimmed(text, at, separator.start()))
        at = separator.end()
    spans.append(_trimmed(text, at, end))
    return [s for s in spans if s[1] > s[0]]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " .;,:":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end
