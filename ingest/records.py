"""A numbered title and the bulleted points under it, kept in one chunk: `record_start`.

A notice, a schedule or a decision writes its records as a numbered title and points that
are each said of it ("2. Thứ Năm, ngày 18/7/2024", then "- Thời gian: …", "- Khu vực: …",
"- Lý do: …"; "3. Phó Giám đốc Phan Thị Thu Hà", then "- Phụ trách lĩnh vực …"). Cut
between them, a point is read without the day or the person it is about, so a chunk is
cut before the title instead (`chunking._pack`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.language.sections import is_part_heading

__all__ = ["record_start"]

# A numbered title ("2. Thứ Năm, ngày 18/7/2024", "3. Phó Giám đốc Phan Thị Thu Hà": a
# number or letter mark, at most _TITLE_WORDS words, no closing mark) and the bulleted
# points under it ("- Thời gian: …", "- Lý do: …"), each said of what the title names.
_NUMBERED = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])[.)]\s")
_BULLETED = re.compile(r"[-–•+]\s")
_TITLE_WORDS = 15


def record_start(text: str, group: Sequence[tuple[int, int]], after: int) -> int:
    """The position in `group` (a chunk's paragraphs so far, as spans of `text`) of the
    numbered title whose bulleted points run to its end and go on in the paragraph
    starting at `after`; 0 when there is none, or it opens the group."""
    if not text or not _BULLETED.match(text, after):
        return 0
    for k in range(len(group) - 1, 0, -1):
        line = text[group[k][0] : group[k][1]].rstrip()
        if _BULLETED.match(line):
            continue
        short = len(line.split()) <= _TITLE_WORDS
        if not (_NUMBERED.match(line) and line[-1] not in ".:;,!?" and short):
            return 0
        # the part's heading right above goes with it ("VI. KẾ HOẠCH NĂM 2025" over "1.
        # Các chỉ tiêu chủ yếu"): it says the year of every figure below
        while k > 1 and is_part_heading(text[group[k - 1][0] : group[k - 1][1]].strip()):
            k -= 1
        return k
    return 0
