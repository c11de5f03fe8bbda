"""A telephone number or an e-mail address, when a question asks for one.

Notices end with whom to contact: "Mọi thắc mắc liên hệ ông Lê Văn Tâm, Chánh Văn phòng,
số điện thoại 028 3822 1234." Asked "Số điện thoại liên hệ là gì?", the phrase that
answers is the number, not the name a "… là gì?" reading finds first.
`contact_asked(question, text)` is the span of the number or address the question asks
for, or None when it asks for neither or the sentence has none. Pure functions.
"""

from __future__ import annotations

import re

from retrieval.language.text import fold

__all__ = ["contact_asked"]

# Asked, folded: "số điện thoại", "điện thoại", "hotline", "đường dây nóng", "số máy".
_PHONE_ASKED = re.compile(r"\b(?:dien thoai|hotline|duong day nong|so may|sdt|dt)\b")
_MAIL_ASKED = re.compile(r"\b(?:e-?mail|thu dien tu|hop thu)\b")
# A Vietnamese telephone number: 8 to 11 digits in groups ("028 3822 1234", "0903.123.456",
# "(028) 38221234", "1900 1234"), maybe "+84" before it; a comma after it ends a clause
# ("số điện thoại: 024 3795 6218, máy lẻ 215"), not "3,5".
_PHONE = re.compile(r"(?<![\w.,/])(?:\+84[\s.]?|\(0\d{1,3}\)\s?)?\d[\d\s.-]{6,14}\d(?![\w/]|,\d)")
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def contact_asked(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the telephone number or e-mail address `question` asks for."""
    folded = fold(question.lower())
    if _MAIL_ASKED.search(folded):
        found = _MAIL.search(text)
        return (found.start(), found.end()) if found else None
    if _PHONE_ASKED.search(folded):
        for found in _PHONE.finditer(text):
            digits = sum(ch.isdigit() for ch in found.group())
            if 8 <= digits <= 12:
                return found.start(), found.end()
    return None
