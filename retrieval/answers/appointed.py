"""Who an election or appointment named to the office a question asks about.

"Ai được HĐND tỉnh bầu làm Phó Chủ tịch UBND tỉnh?" is answered by the person the
sentence elects to that office, not by the one it relieves of it: "… miễn nhiệm chức vụ
Phó Chủ tịch UBND tỉnh đối với ông Phan Văn Hòa … và bầu ông Tạ Quang Nghĩa, Giám đốc
Sở Kế hoạch và Đầu tư giữ chức Phó Chủ tịch UBND tỉnh". A person is named to an office
after the verb ("bầu ông X, …, giữ chức Y", "bổ nhiệm bà X làm Y") or before it ("bà X,
Chủ tịch Công đoàn lâm thời, được bầu giữ chức Y"), and the office said must be the one
asked: a deputy's ("Phó Chủ tịch") is another office than "Chủ tịch". Matched on folded
text, one character for one (`rough_fold`), so spans line up.
"""

from __future__ import annotations

import re

from retrieval.answers.names import capitalised_runs
from retrieval.language.entities import parse_person
from retrieval.language.text import rough_fold

__all__ = ["appointed"]

_VERBS = r"bau|bau lai|bo nhiem|bo nhiem lai|chi dinh|dieu dong|phan cong|cu"
# "Ai (đã) được (HĐND tỉnh) bầu làm Phó Chủ tịch UBND tỉnh?"
_ASKED = re.compile(
    rf"^ai (?:da )?duoc (?:\S+ ){{0,5}}?({_VERBS}) (?:lam|giu chuc|vao chuc|giu|la) (.+?)\s*\??$"
)
_HONORIFIC = r"(?:(?:ong|ba|dong chi|anh|chi)\s+)?"
_TO_OFFICE = r"(?:giu chuc|lam|vao chuc|giu|la)\s+([^,;.()]+)"


def appointed(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the person elected or appointed to the office `question`
    asks who was elected or appointed to; None when it asks no such thing or the sentence
    names no one to that office."""
    asked = _ASKED.match(rough_fold(question.strip().lower()))
    if asked is None:
        return None
    verb, office = asked.groups()
    folded = rough_fold(text.lower())
    if len(folded) != len(text):
        return None
    before_verb = re.compile(rf"(?:^|\W)(?:{verb})\s+{_HONORIFIC}$")
    # the office after the name, past an apposed title ("…, Giám đốc Sở …") but not
    # past the clause (";", ".") nor another verb's object
    after_active = re.compile(rf"[^;.]{{0,90}}?(?<!\w){_TO_OFFICE}")
    after_passive = re.compile(
        rf"[^;.]{{0,90}}?(?<!\w)duoc\s+(?:\S+\s+){{0,4}}?(?:{verb})\s+{_TO_OFFICE}"
    )
    for a, b in capitalised_runs(text):
        if parse_person(text[a:b]) is None:
            continue
        if before_verb.search(folded, 0, a):
            said = after_active.match(folded, b)
        else:
            said = after_passive.match(folded, b)
        if said is not None and _same_office(said.group(1), office):
            return a, b
    return None


def _same_office(said: str, asked: str) -> bool:
    """Whether the office a sentence names is the one asked: the same first two words,
    and a deputy's ("phó …") only for a deputy's."""
    said_words, asked_words = said.split(), asked.split()
    if not said_words or not asked_words:
        return False
    if (said_words[0] == "pho") != (asked_words[0] == "pho"):
        return False
    return (
        said_words[:3] == asked_words[:3]
        if asked_words[0] == "pho"
        else (said_words[:2] == asked_words[:2])
    )
