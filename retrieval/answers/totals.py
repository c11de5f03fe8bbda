"""A total and its parts in one sentence: "Dự toán thu ngân sách năm 2024 là 15.280 tỷ
đồng, trong đó thu nội địa 13.080 tỷ đồng và thu từ xuất nhập khẩu 2.200 tỷ đồng."

Reports give a figure and then, after "trong đó", the parts it is made of, each named
before or after its own figure ("trong đó 45 ca ở huyện A, 12 ca ở huyện B"). Asked
"Dự toán thu ngân sách là bao nhiêu?", the total answers: a part answers only a
question that names it ("thu nội địa bao nhiêu?", "huyện A có mấy ca?"). `a_part` says
whether a figure is such a part whose name the question does not say.
"""

from __future__ import annotations

import re

from retrieval.answers.units import figure_unit
from retrieval.language.vocabulary import LETTERS

__all__ = ["a_part"]

# "trong đó" opening the parts, folded.
_PARTS = re.compile(r"\btrong do\b")
# Where one part's words end: a comma, a semicolon, "và", the sentence's end.
_BETWEEN = re.compile(r"[;:(]|,(?!\d)|\bva\b|\.(?!\d)")
# Words that name no part: links and the words a figure is said with.
_LINKS = frozenset(
    {"o", "tai", "la", "cua", "dat", "chiem", "khoang", "gan", "hon", "tren", "duoi", "con",
     "lai", "co", "voi", "cho", "tu", "thuoc", "rieng", "bang", "muc", "so", "tong"}
)  # fmt: skip


def a_part(folded: str, start: int, end: int, question_terms: frozenset[str]) -> bool:
    """Whether the figure at `folded[start:end]` (a folded sentence) is a part listed after
    "trong đó" of a total said before it, and the question names not that part."""
    opened = list(_PARTS.finditer(folded, 0, start))
    if not opened:
        return False
    total = folded[: opened[-1].start()]
    # the total is said in the part's unit: "1.284 căn nhà …, trong đó 23 căn …" (not
    # "12 trường học mới, trong đó … tổng vốn đầu tư 168 tỷ đồng")
    unit = figure_unit(folded[start:end]).split()[:1]  # "căn", "%", or none
    if not re.search(rf"\d\s*{re.escape(unit[0]) if unit else ''}", total):
        return False
    cuts = [m.end() for m in _BETWEEN.finditer(folded, opened[-1].end(), start)]
    left = max([opened[-1].end(), *cuts])
    after = _BETWEEN.search(folded, end)
    right = after.start() if after else len(folded)
    words = LETTERS.findall(folded[left:start]) + LETTERS.findall(folded[end:right])
    # what names the part and not the total ("nội địa" of "thu nội địa"; not "thu")
    own = {w for w in words if w not in _LINKS} - set(LETTERS.findall(total))
    return bool(own) and own.isdisjoint(question_terms)
