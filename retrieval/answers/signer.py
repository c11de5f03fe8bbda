"""Who signed a document: the signature block at its end.

An official Vietnamese document (a decision, a plan, a notice) ends with its signer:
the capacity and title in capitals, often "(Đã ký)", then the name, each on a line:

    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH
    (Đã ký)
    Lê Thị Minh Huệ

"Quyết định số 2145/QĐ-UBND do ai ký?" or "Ai ký Kế hoạch cải cách hành chính năm 2025?"
asks for that block. Search seldom ranks it (it shares no word with the question), and
the answer step drops its lines as headings, so those questions were declined or
answered from the document's first sentence. `asks_signer` reads the question;
`ask.py` finds the document asked among the passages found (an article whose title opens
with the kind of document the question names), takes its last passage, and
`signed_answer` quotes the block from it. A document without such a block is answered
as any question is ("… do Chủ tịch UBND tỉnh Phạm Quốc Hưng ký ban hành" in a news
report about it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answers.types import Citation, ShortAnswer
from retrieval.index.chunks import Hit
from retrieval.language.text import normalize

__all__ = ["SIGNED_CONFIDENCE", "asks_signer", "document_asked", "signature", "signed_answer"]

# The kinds of document a question may ask the signer of, as an article's title opens
# with them ("Quyết định số 2145/QĐ-UBND về việc …", "Kế hoạch cải cách hành chính …").
DOCUMENT_KINDS = (
    "quyết định", "kế hoạch", "thông báo", "công văn", "nghị quyết", "chỉ thị", "tờ trình",
    "giấy mời", "thông tư", "nghị định", "quy chế", "quy định", "hướng dẫn", "đề án",
    "chương trình", "báo cáo", "công điện", "văn bản",
)  # fmt: skip
_KINDS = "|".join(sorted(DOCUMENT_KINDS, key=len, reverse=True))
# "do ai ký", "ai ký", "ai là người ký", "người ký … là ai"; not "ký kết" (a contract, an
# agreement: who signed it is in its text, not under it).
_ASKS = re.compile(r"(?<!\w)(?:ai(?: là người)? ký|người ký)(?!\w)(?! kết)")
_KIND = re.compile(rf"(?<!\w)({_KINDS})(?!\w)")
# The line of a signed copy: "(Đã ký)", "(đã ký và đóng dấu)", "(Ký, ghi rõ họ tên)".
_SIGNED = re.compile(r"\(\s*(?:đã\s+)?ký[^()\n]*\)", re.IGNORECASE)
# … joined by ingestion to the name after it: "(Đã ký) Hoàng Nghĩa Thắng".
_SIGNED_BEFORE = re.compile(rf"\s*{_SIGNED.pattern}\s*", re.IGNORECASE)
# A name: two to five capitalised words ("Lê Thị Minh Huệ").
_NAME = re.compile(r"[^\W\d_][^\W\d_]*(?: [^\W\d_]+){1,4}")
# At most this many lines of capacity and title above the name ("TM. ỦY BAN NHÂN DÂN",
# "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
_TITLE_LINES = 3
# How sure a signer quoted from the block of the document asked is: the block is what the
# question asks for, in the document it names (the gate's signals read word overlap,
# which a block of capitals and a name does not have).
SIGNED_CONFIDENCE = 0.9


def asks_signer(question: str) -> str:
    """The kind of document whose signer `question` asks ("quyết định" of "Quyết định
    số 2145/QĐ-UBND do ai ký?"); "" when it asks no signer of a document."""
    lowered = normalize(question).lower()
    if _ASKS.search(lowered) is None:
        return ""
    kind = _KIND.search(lowered)
    return kind.group(1) if kind else ""


def document_asked(kind: str, hits: Sequence[Hit]) -> Hit | None:
    """The first of `hits` whose article is a document of `kind`: its title opens so."""
    for hit in hits:
        if normalize(hit.title).lower().startswith(kind):
            return hit
    return None


def signature(text: str) -> tuple[int, int, int] | None:
    """Where the signature block at the end of `text` starts, and the span of the
    signer's name (start, name start, name end); None when `text` does not end in one."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if len(lines) < 2:
        return None
    at, last = lines[-1]
    signed = _SIGNED_BEFORE.match(last)
    name = last[signed.end() if signed else 0 :].strip()
    words = name.split()
    if not _NAME.fullmatch(name) or not all(w[0].isupper() and w[1:].islower() for w in words):
        return None
    name_start = at + last.index(name)
    k = len(lines) - 2
    if signed is None and _SIGNED.fullmatch(lines[k][1].strip()):
        k -= 1
    start = None
    while k >= 0 and len(lines) - 2 - k <= _TITLE_LINES + 1:
        line = lines[k][1].strip()
        if not (line.isupper() and any(c.isalpha() for c in line)):
            break
        start = lines[k][0]
        k -= 1
    if start is None:
        return None
    return start, name_start, name_start + len(name)


def signed_answer(hit: Hit, n: int = 1) -> tuple[str, Citation, ShortAnswer] | None:
    """The signature block of `hit` (a document's last passage) quoted as an answer: its
    lines joined ("KT. CHỦ TỊCH – PHÓ CHỦ TỊCH – Lê Thị Minh Huệ [1]"), its
    citation numbered `n`, and the name as the phrase that answers; None without one."""
    found = signature(hit.text)
    if found is None:
        return None
    start, name_start, name_end = found
    block = [line.strip() for line in hit.text[start:name_start].splitlines() if line.strip()]
    block = [line for line in block if not _SIGNED.fullmatch(line)]  # "(Đã ký)" adds nothing
    name = hit.text[name_start:name_end]
    lead = " – ".join(block) + " – "
    text = f"{lead}{name} [{n}]"
    short = ShortAnswer(
        text=name,
        start=len(lead),
        end=len(lead) + len(name),
        n=n,
        article_start=hit.start + name_start,
        article_end=hit.start + name_end,
    )
    return text, Citation.from_hit(n, hit), short
