"""A document's legal basis ("Căn cứ Quyết định số 1452/QĐ-BVTA ngày 06/11/2025 của Giám
đốc Bệnh viện … về việc phê duyệt kết quả …;") is no answer, unless the question asks it.

A notice, decision or contract opens by citing the documents it rests on, and each of
those lines restates the subject of the document: the package, the body, the project.
Scored by the question's words, such a line beats the one that answers ("6. Giá trúng
thầu: 7.115.870.000 đồng") for any question naming the subject. A question asking which
document, which decision or law, or the basis itself ("căn cứ vào đâu", "theo quyết định
nào", "quyết định số mấy", "ban hành ngày nào") keeps them.

A "Căn cứ …" sentence that goes on to say something ("Căn cứ kết quả kiểm tra, ngày 4/12,
Sở Y tế … đã ban hành quyết định tạm đình chỉ …", "Căn cứ điểm trung bình …, học lực được
xếp loại như sau: …") is not a citation: only one naming a document type right after
"Căn cứ" and announcing nothing after it ("… thông báo như sau: 1. …") is.
"""

from __future__ import annotations

import re

from retrieval.answers.asks import folded_question

__all__ = ["asks_basis", "cites_basis"]

# "Căn cứ" and a document type, at the sentence's start (its list mark aside: "- Căn cứ").
_BASIS = re.compile(
    r"^\W*(?:[-–•+*]\s*)?căn cứ\s+(?:vào\s+)?(?:các\s+)?(?:hiến pháp|bộ luật|luật|nghị định"
    r"|nghị quyết|quyết định|thông tư|chỉ thị|công văn|hợp đồng|kế hoạch|quy chế|quy định"
    r"|điều lệ|văn bản|thông báo|tờ trình|pháp lệnh)\b",
    re.IGNORECASE,
)
# A sentence announcing what follows: the cited documents are its preamble only.
_GOES_ON = re.compile(r"(?:như sau|sau đây|gồm)\s*:|:\s*$")
# What a question asking for the basis, a document or its number says (folded).
_ASKS_BASIS = re.compile(
    r"\b(?:can cu|ban hanh|(?:luat|nghi dinh|nghi quyet|quyet dinh|thong tu|chi thi|cong van"
    r"|van ban|hop dong|ke hoach|quy che) (?:nao|so may|so bao nhieu|gi)|so hieu|theo (?:luat"
    r"|nghi dinh|quyet dinh|thong tu|van ban|quy dinh) nao)\b"
)


def cites_basis(text: str) -> bool:
    """The sentence only cites a document the one it is in rests on."""
    return _BASIS.match(text) is not None and _GOES_ON.search(text) is None


def asks_basis(question: str) -> bool:
    """The question asks which document, or on what basis."""
    return _ASKS_BASIS.search(folded_question(question)) is not None
