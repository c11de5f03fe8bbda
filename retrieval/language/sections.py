"""A report's part headings, in plain text: "II. TÌNH HÌNH HOẠT ĐỘNG NĂM 2024", "PHẦN THỨ
HAI. MỤC TIÊU, CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN 2026–2030", "Chương III. Tổ chức thực hiện".

Ingestion gives a chunk of a plain-text article the last part heading before it as its
heading path (`ingest.chunking`), as it does a Markdown or Word heading; the answer step
reads the year a part's heading spells as that of the sentences under it
(`retrieval.answers.section_time`).
"""

from __future__ import annotations

import re

__all__ = ["PART", "is_part_heading", "part_level"]

# A Roman number ("II.", "IV)"), or "Phần"/"Chương"/"Mục" and its number ("PHẦN THỨ HAI",
# "Chương III", "Mục 2"), opening the line: not "Mục tiêu …".
PART = re.compile(
    r"(?:[IVXLC]{1,6}[.)]|(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:[IVXLC]+|\d+|THỨ|thứ)\b)"
)
# "Phần", "Chương", "Mục" hold parts numbered in Roman figures.
_OUTER = re.compile(r"(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s")
# A heading is short and ends without punctuation.
_HEADING_WORDS = 20
_ENDS_SENTENCE = ".!?…:;,\"'”’»"


def is_part_heading(line: str) -> bool:
    """Whether a line of its own (stripped) is a part's heading."""
    return (
        bool(line)
        and line[-1] not in _ENDS_SENTENCE
        and "\n" not in line
        and len(line.split()) <= _HEADING_WORDS
        and PART.match(line) is not None
    )


def part_level(heading: str) -> int:
    """1 for "Phần …", "Chương …", "Mục …"; 2 for a part in Roman figures, inside one."""
    return 1 if _OUTER.match(heading) else 2
