"""What a line of a passage is, before it is read as a sentence (`sentences._analysed`):
a heading ("Điều 27. …", "II. TÌNH HÌNH HOẠT ĐỘNG NĂM 2024"), a piece of a sentence
cut by chunking, or a point of a list written without a mark."""

from __future__ import annotations

import re

__all__ = ["BULLET", "TERMINAL", "is_fragment", "is_heading", "listed_line"]

BULLET = re.compile(r"^(?:[-–—•*+·]\s+)")
# What a sentence ends with.
TERMINAL = ".!?…\"'”’»)"

# A heading's line: a title after "Điều 27." / "Chương II" / "Mục 3." (split from it), or
# a line of its own.
_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+[a-zđ]?\.?[ \t]*$")
_HEADING_WORDS = 15


def is_heading(text: str, start: int, end: int) -> bool:
    """A title, not a sentence ("Điều 27. Giao thông trong hầm đường bộ", a subheading):
    a line of at most _HEADING_WORDS words with no punctuation at its end. It names what
    follows and answers nothing itself; what a provision says is quoted with its title by
    `provisions.opening`."""
    line = text[start:end].rstrip()
    if not line or line[-1] in TERMINAL or line[-1] in ":;,":
        return False
    if text[start + len(line) : start + len(line) + 1] not in ("", "\n"):
        return False
    before = text[max(0, start - 24) : start]
    if not (start == 0 or before.endswith("\n") or _LABEL_BEFORE.search(before)):
        return False
    return len(line.split()) <= _HEADING_WORDS


def is_fragment(raw: str, order: int) -> bool:
    """A piece of a sentence: a chunk that starts inside one (chunking cuts a sentence
    only when it is very long), or a piece ending at a comma."""
    stripped = BULLET.sub("", raw.strip())
    if order == 0 and stripped[:1].islower():
        return True
    return stripped[-1:] in ",;"


def listed_line(text: str, start: int, end: int) -> bool:
    """A point of a list without a mark: a line of its own, capitalised, ending in ";"
    ("Dầu diesel 0,05S: 19.570 đồng/lít (tăng 630 đồng/lít);" after "… như sau:"), not
    a piece of a sentence."""
    line = text[start:end].rstrip()
    after = start + len(line)
    return (
        line[-1:] == ";"
        and line[:1].isupper()
        and not text[text.rfind("\n", 0, start) + 1 : start].strip()
        and text[after : after + 1] in ("", "\n")
        # a sentence broken across lines goes on in lowercase ("Giá dầu tăng;\nnhưng …")
        and not text[after : after + 40].lstrip()[:1].islower()
    )
