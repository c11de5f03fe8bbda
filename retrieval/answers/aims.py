"""What a question asks, or a sentence says, is aimed at: a target, not a result.

"Chỉ tiêu kim ngạch xuất khẩu năm 2024 là bao nhiêu?" asks a target (`asks_target`);
"năm 2024 tỉnh phấn đấu … kim ngạch xuất khẩu đạt 4.900 triệu USD" sets one
(`sets_target`). `targets.py` answers the first with the second; `sentence_time.py` keeps
the second from answering "Năm 2024 kim ngạch xuất khẩu đạt bao nhiêu?".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.answers.asks import lowered
from retrieval.language.text import fold

__all__ = ["asks_target", "sets_target"]

# Words asking a target: "chỉ tiêu", "mục tiêu", "kế hoạch", "phấn đấu", "dự kiến". Not when
# they are counted ("bao nhiêu chỉ tiêu", "mấy mục tiêu"), or a result is measured against them
# ("vượt kế hoạch bao nhiêu", "đạt bao nhiêu phần trăm chỉ tiêu", "so với kế hoạch"); as
# written, since folded "đạt" is "đặt" ("đặt mục tiêu" asks one).
_TARGET_WORDS = ("chỉ tiêu", "mục tiêu", "kế hoạch", "phấn đấu", "dự kiến")
_AGAINST = ("bao nhiêu", "mấy", "vượt", "đạt", "hoàn thành", "so với", "bằng")


def _asking(spell: Callable[[str], str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    target = f"(?:{'|'.join(spell(w) for w in _TARGET_WORDS)})"
    against = f"(?:{'|'.join(spell(w) for w in _AGAINST)})"
    return (
        re.compile(rf"(?<!\w){target}(?!\w)"),
        re.compile(rf"(?<!\w){against}(?:\s+[\w%]+){{0,3}}\s+{target}(?!\w)"),
    )


_WRITTEN = _asking(lambda word: word)
_PLAIN = _asking(fold)
# What a sentence setting a target says, folded: "đặt mục tiêu", "chỉ tiêu", "phấn đấu",
# "kế hoạch … đạt", "đề ra", "dự kiến".
_SETS = re.compile(r"(?<!\w)(?:muc tieu|chi tieu|phan dau|ke hoach|de ra|dat ra|du kien)(?!\w)")


def asks_target(question: str) -> bool:
    """Whether `question` asks what is aimed at ("Chỉ tiêu … năm 2024 là bao nhiêu?")."""
    text = lowered(question)
    asked, against = _PLAIN if text == fold(text) else _WRITTEN
    return bool(asked.search(text)) and not against.search(text)


def sets_target(text: str) -> bool:
    """Whether a sentence (its `text`) sets a target ("năm 2024 tỉnh phấn đấu …"), not
    only measures a result against one ("doanh thu thuần đạt 3.284 tỷ đồng, vượt 4,3% kế
    hoạch")."""
    return _SETS.search(fold(_RESULT.sub(" ", text.lower()))) is not None


# A result measured against a target, as written ("đạt" is no "đặt"): "vượt 4,3% kế
# hoạch", "hoàn thành 95,2% kế hoạch năm", "vượt kế hoạch".
# Not "để đạt mục tiêu tăng trưởng … từ 7,5% trở lên", which says the target.
_RESULT = re.compile(
    r"(?<!\w)(?:(?:vượt|đạt|hoàn thành|bằng)\s+[\d.,]+\s*%|vượt|hoàn thành)\s+"
    r"(?:chỉ tiêu|mục tiêu|kế hoạch|dự kiến)(?!\w)"
)
