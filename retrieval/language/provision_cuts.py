"""Where a provision copied from a PDF cuts into sentences, as it would with a line per
clause (`text.split_sentences` reads these).

A decree or law copied from a PDF runs each article into one paragraph: "Điều 36. Điều
kiện đăng ký dự tuyển công chức 1. Người có đủ các điều kiện sau đây …: a) Có một quốc
tịch …; b) Đủ 18 tuổi trở lên; … 2. Những người sau đây …". Read as written, "1." ends
the title, the points are one sentence, and "hạng D. 2." holds the next clause's number.
"""

from __future__ import annotations

import re

__all__ = ["code_before_clause", "first_clause", "point_ends"]


def first_clause(text: str, start: int, end: int) -> int | None:
    """Where the first clause's number opens its clause when it ends the sentence
    `text[start:end]` right after a title's last word ("… công chức 1."); None otherwise
    ("Điều 1.", "khoản 1.")."""
    found = _FIRST_CLAUSE.search(text, start, end)
    if found is None or found.end() != end or not _titled(text, found.start()):
        return None
    return found.start(1)


# The first clause's number right after a title's last word: "… công chức 1."; not "Điều 1.".
_FIRST_CLAUSE = re.compile(r"(?<=\w)\s+(1\.)")
# The words a number after them belongs to: "Điều 1.", "khoản 1.", "số 1.".
_NUMBERED_BY = frozenset({"điều", "khoản", "chương", "mục", "phần", "số", "điểm", "hạng", "bước"})


def _titled(text: str, end: int) -> bool:
    """Whether the word ending at `end` is a lowercase word of a title, not one a number
    after it belongs to ("Điều", "khoản")."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:end]
    return word.isalpha() and word.islower() and word not in _NUMBERED_BY


# A list of lettered points run together on one line after its lead-in: "…sau đây: a) Có
# một quốc tịch …; b) Đủ 18 tuổi trở lên; c) …". Each point is a sentence of its own, as
# it is when the list has a line per point.
_LEAD_IN_POINT = re.compile(r":\s+a\)\s")
_NEXT_POINT = re.compile(r";\s+[b-zđ]\)\s")


def point_ends(text: str, line_start: int, line_end: int) -> list[int]:
    """Where the lead-in and each point of such a list end on the line."""
    ends: list[int] = []
    for lead in _LEAD_IN_POINT.finditer(text, line_start, line_end):
        points = []
        pos = lead.end()
        while (point := _NEXT_POINT.search(text, pos, line_end)) is not None:
            # the list ends where a sentence does (". 2. Những người …")
            if re.search(r"[.!?]\s", text[pos : point.start()]):
                break
            points.append(point.start() + 1)
            pos = point.end()
        if points:  # two points at least
            ends += [lead.start() + 1, *points]
    return ends


def code_before_clause(text: str, sentence_start: int, word_start: int, dot: int) -> bool:
    """Whether the capital letter before `dot` is a code after a lowercase word ending its
    sentence before the next clause's number ("… hạng D. 2. Tuổi tối đa …"), not an initial
    ("Nguyễn Văn A.", "Nhà văn J. R. R. Tolkien")."""
    after = dot + 1
    while after < len(text) and text[after].isspace():
        after += 1
    before = text[sentence_start:word_start].rstrip().rsplit(None, 1)
    return (
        after < len(text)
        and text[after].isdigit()
        and bool(before)
        and before[-1].isalpha()
        and before[-1].islower()
    )
