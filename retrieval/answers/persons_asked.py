"""A sentence about another person than the one the question names.

A trial report says what was asked of each defendant in turn ("… đề nghị mức án 19–20 năm
tù đối với bị cáo Khải và 14–15 năm tù đối với bị cáo Diệp"), a meeting report what each
delegate said: such a sentence shares every word of "Viện kiểm sát đề nghị mức án bao
nhiêu đối với bị cáo Nguyễn Văn Sơn?" but the person, and names others of the same
standing instead. `about_someone_else` tells such a sentence: the question names a
person (a full name of three words or more, or one called by an honorific or a role:
"bị cáo Sơn", "bà Nguyệt"; not a body after a role: "phóng viên Báo …"),
the sentence never says the name they are called by (a Vietnamese is called by the last
word of the name), and names other people. `extractive.extract` then leads with the best
sentence within reach that names the person, and with none declines: the articles do not
say it of them.
"""

from __future__ import annotations

import functools
import re

from retrieval.language.entities import _persons
from retrieval.language.text import normalize

__all__ = ["about_someone_else", "names_asked_person"]

# Who a text calls by a name: an honorific or a role, then capitalised words.
_CALLED = re.compile(
    r"(?<!\w)(?i:ông|bà|anh|chị|ngài|bị cáo|bị hại|đại biểu|cử tri|thẩm phán|luật sư"
    r"|đồng chí|thí sinh|bác sĩ|kỹ sư|tiến sĩ|thạc sĩ|nhà báo|phóng viên)"
    r"\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,3})"
)


# What a body's name opens with, after a role ("phóng viên Báo …", "đại biểu Đoàn …").
_BODIES = frozenset(
    {"báo", "đài", "sở", "bộ", "ban", "hội", "trường", "bệnh", "công", "tổng", "phòng",
     "viện", "tòa", "ủy", "thành", "tỉnh", "huyện", "xã", "phường", "quận", "tổ", "đoàn",
     "cục", "chi", "tập", "ngân", "quỹ", "khu", "nhà", "đảng", "mặt"}
)  # fmt: skip


def _called(text: str) -> list[str]:
    """The names a text calls people by (their capitalised words after an honorific or a
    role), and the full names of three words or more it writes ("Ninh Bình" is a
    province as often as a name)."""
    names = [person.name for person in _persons(text) if person.name.count(" ") >= 2]
    for found in _CALLED.finditer(text):
        words = []
        for word in found.group(1).split():
            if not word[:1].isupper() or word.isupper():  # "CNTT" is no one's name
                break
            words.append(word)
        # "phóng viên Báo Kinh tế …", "đại biểu Tổ …": a body, no one's name
        if words and words[0].lower() not in _BODIES:
            names.append(" ".join(words))
    return names


@functools.lru_cache(maxsize=1024)
def _asked_given(question: str) -> frozenset[str]:
    """The last words of the names the question calls people by ("Sơn" of "bị cáo
    Nguyễn Văn Sơn")."""
    return frozenset(name.split()[-1] for name in _called(normalize(question)))


def names_asked_person(question: str, text: str) -> bool:
    """Whether `text` says a name the question calls someone by."""
    given = _asked_given(question)
    return any(re.search(rf"(?<!\w){re.escape(g)}(?!\w)", text) for g in given)


@functools.lru_cache(maxsize=8192)
def about_someone_else(question: str, text: str) -> bool:
    """Whether `text` names people but never the one the question names."""
    if not _asked_given(question) or names_asked_person(question, text):
        return False
    return bool(_called(text))
