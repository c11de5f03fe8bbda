"""A question raised in a meeting is no answer to how it was answered.

Reports of a meeting with voters, a council's question session, a press conference or a
dialogue say who raised what ("Cử tri Phan Thị Út phản ánh một trang trại … gây mùi
hôi", "Đại biểu Võ Minh Tâm chất vấn bà Thủy về tình trạng sạt lở …", "Phóng viên báo …
đặt câu hỏi về …"), then who answered and how, in the sentences after it. Such a sentence
holds every word of "Sở Tài nguyên và Môi trường trả lời cử tri Phan Thị Út thế nào về
trại heo?" but the reply: asked how something raised was answered (`asks_reply`), the
sentence raising it (`raises`) is no candidate, and lends its words to the sentences
after it (`context.introducers`), as an interviewer's question does.
"""

from __future__ import annotations

import functools
import re

from retrieval.answers.asks import folded_question

__all__ = ["asks_reply", "raises"]

# Who raises a matter, then the verb raising it, within the sentence's first words.
_RAISER = r"(?:cu tri|dai bieu|phong vien|nguoi dan|ban doc|thanh nien|chi|anh|ong|ba|em)"
_RAISING = (
    r"(?:phan anh|kien nghi|chat van|dat cau hoi|hoi ve|hoi tiep|hoi lieu|hoi vi sao"
    r"|hoi bao gio|hoi khi nao|thac mac|bay to|neu y kien|neu van de)"
)
_RAISES = re.compile(rf"^(?:\S+ ){{0,8}}?{_RAISER} (?:\S+ ){{0,20}}?{_RAISING}(?: |$)")
# A voter's words are a matter raised, however reported ("Cử tri X … cho biết …").
_VOTER_SAYS = re.compile(
    r"^(?:\S+ ){0,8}?cu tri (?:\S+ ){0,20}?(?:cho biet|de nghi|mong muon|noi|neu)(?: |$)"
)
# How it was answered: "trả lời … thế nào", "ai trả lời", "giải trình", "tiếp thu".
_REPLY = re.compile(r"(?<!\w)(?:tra loi|giai trinh|tiep thu|phan hoi)(?!\w)")


@functools.lru_cache(maxsize=4096)
def asks_reply(question: str) -> bool:
    """Whether the question asks how, by whom or by when a matter raised was answered."""
    return _REPLY.search(folded_question(question)) is not None


@functools.lru_cache(maxsize=16384)
def raises(key: str) -> bool:
    """Whether a sentence (its folded `key`) reports someone raising a matter."""
    if _RAISES.search(key) is not None:
        return True
    # "Trả lời cử tri X, ông Y cho biết …" is the reply
    return _VOTER_SAYS.search(key) is not None and "tra loi cu tri" not in key
