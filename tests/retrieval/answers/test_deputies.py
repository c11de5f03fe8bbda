"""A deputy is not the office (answers/deputies.py): "Phó Chủ tịch" does not answer for
"Chủ tịch"."""

from __future__ import annotations

import pytest

from retrieval.answers.deputies import deputy_only, plain_titles
from retrieval.answers.extractive import extract
from retrieval.index.chunks import Hit
from retrieval.language.text import fold

# Without the rule the deputy's sentence wins: it says every word of the question and
# follows the office holder's ("previous").
_TEXT = (
    "Tại buổi làm việc với các phường về chỉnh trang đô thị, ông Trần Quốc Bảo, Chủ tịch "
    "UBND quận 3 đề nghị mở rộng vỉa hè trên đường Võ Văn Tần. Phó Chủ tịch UBND quận 3 Lê "
    "Văn Minh đề nghị các phường tăng cường kiểm tra an toàn thực phẩm."
)


def _hit(text: str) -> Hit:
    return Hit(
        chunk_id="a:0", article_id="a", title="Quận 3 họp giao ban", source="", published="",
        url="", origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("question", "titles"),
    [
        ("Chủ tịch UBND quận 3 đề nghị gì?", {"chu", "tich"}),
        ("Phó Chủ tịch UBND quận 3 là ai?", set()),  # asks for the deputy
        ("chu tich ubnd quan 3 de nghi gi", {"chu", "tich"}),  # typed without diacritics
        ("Tổng thống Mỹ là ai?", {"tong", "thong"}),
        ("Thành phố có bao nhiêu quận?", set()),
        ("Ai là Chủ tịch?", {"chu", "tich"}),  # the title at the end, before "?"
    ],
)
def test_the_titles_a_question_names_without_pho(question: str, titles: set[str]) -> None:
    assert plain_titles(fold(question)) == titles


@pytest.mark.parametrize(
    ("sentence", "only"),
    [
        ("ông a, phó chủ tịch ubnd quận 3 đề nghị", {"chu", "tich"}),
        # the office named too: the deputy's words are the office's as well
        ("phó chủ tịch và chủ tịch ubnd quận 3 dự họp", set()),
        # "đối phó", "thành phố": no deputy
        ("các phường đối phó chủ tịch", set()),
        ("thành phố chủ tịch", set()),
        ("phó tổng thống mỹ phát biểu", {"tong", "thong"}),
    ],
)
def test_the_words_a_sentence_says_only_in_a_deputys_title(sentence: str, only: set[str]) -> None:
    assert deputy_only(fold(sentence)) == only


def test_the_office_asked_is_answered_by_its_holder_not_the_deputy() -> None:
    found = extract("Chủ tịch UBND quận 3 đề nghị gì?", [_hit(_TEXT)], dense=[0.9])
    assert "Trần Quốc Bảo" in found.text.split(" [", 1)[0]
    assert found.short is not None and found.short.text == ("mở rộng vỉa hè trên đường Võ Văn Tần")
    # asked for the deputy, the deputy's sentence
    found = extract("Phó Chủ tịch UBND quận 3 đề nghị gì?", [_hit(_TEXT)], dense=[0.9])
    assert "Lê Văn Minh" in found.text.split(" [", 1)[0]


# Only the deputy is named: the articles do not say who holds the office.
_DEPUTY_ONLY = (
    "Tại buổi làm việc với các phường về chỉnh trang đô thị, Phó Chủ tịch UBND quận 3 Lê "
    "Văn Minh đề nghị các phường tăng cường kiểm tra an toàn thực phẩm. Chủ tịch UBND quận 5 "
    "Nguyễn Văn Hòa đề nghị lắp thêm đèn chiếu sáng."
)


@pytest.mark.parametrize(
    "question", ["Ai là Chủ tịch UBND quận 3?", "Chủ tịch UBND quận 3 đề nghị gì?"]
)
def test_an_office_only_its_deputy_is_named_for_is_declined(question: str) -> None:
    found = extract(question, [_hit(_DEPUTY_ONLY)], dense=[0.9])
    # the deputy's sentence is no answer, nor the office holder of another district's
    assert found.confidence == 0.0


def test_the_deputy_asked_for_is_answered() -> None:
    found = extract("Ai là Phó Chủ tịch UBND quận 3?", [_hit(_DEPUTY_ONLY)], dense=[0.9])
    assert found.confidence > 0.5
    assert found.short is not None and found.short.text == "Lê Văn Minh"
    found = extract("Ai là Chủ tịch UBND quận 5?", [_hit(_DEPUTY_ONLY)], dense=[0.9])
    assert found.short is not None and found.short.text == "Nguyễn Văn Hòa"
