"""Asked who holds an office, a sentence naming the office and nobody does not answer
(answers/subject.py: asks_holder, names_no_holder)."""

from __future__ import annotations

import pytest

from retrieval.answers.asks import folded_question
from retrieval.answers.extractive import extract
from retrieval.answers.subject import asks_holder
from retrieval.index.chunks import Hit


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Ai là Hiệu trưởng của trường?", True),
        ("Giám đốc Sở Y tế là ai?", True),
        ("Ai là Phó Bí thư Quận ủy quận 8?", True),
        ("ai la chu tich ubnd quan 3", True),  # typed without diacritics
        ("Ai là người chủ trì hội nghị?", False),  # no office
        ("Ai ra quyết định buộc thôi học?", False),  # a deed: the office may answer it
        ("Nguyễn Thiện Nhân là ai?", False),  # the person named: the office answers
    ],
)
def test_questions_asking_who_holds_an_office(question: str, holder: bool) -> None:
    assert asks_holder(folded_question(question)) == holder


def _hit(text: str) -> Hit:
    return Hit(
        chunk_id="a:0", article_id="a", title="Quy chế đào tạo", source="", published="",
        url="", origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


_NOBODY = (
    "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Phòng Đào tạo để "
    "tổng hợp, trình Hiệu trưởng xem xét sửa đổi, bổ sung."
)
_SOMEBODY = "Hiệu trưởng Nguyễn Văn An ký quyết định ban hành quy chế đào tạo."


def test_an_office_named_with_nobody_in_it_does_not_say_who_holds_it() -> None:
    found = extract("Ai là Hiệu trưởng của trường?", [_hit(_NOBODY)], dense=[0.9])
    assert found.confidence == 0.0  # was "Phòng Đào tạo", confidence 0.83
    found = extract("Ai là Hiệu trưởng của trường?", [_hit(_SOMEBODY)], dense=[0.9])
    assert found.short is not None and found.short.text == "Nguyễn Văn An"
    assert found.confidence > 0.5
    # asked what the office does, the sentence naming it answers
    found = extract("Ai xem xét sửa đổi, bổ sung quy chế?", [_hit(_NOBODY)], dense=[0.9])
    assert found.confidence > 0.0
