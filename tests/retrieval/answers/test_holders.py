"""Who holds an office is said by a sentence naming that office (answers/holders.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.holders import asked_office, holder_named
from tests.retrieval.answers.passage import passage

MEETING = (
    "Báo cáo tại cuộc họp, bà Nguyễn Thị Bích Ngọc, Trưởng phòng Lao động - Thương binh và "
    "Xã hội huyện cho biết, toàn huyện có 2.146 hộ nghèo. Đại biểu Vũ Đức Thịnh chất vấn "
    "Giám đốc Sở Y tế Ngô Thị Hạnh về việc bệnh viện tuyến huyện thiếu thuốc."
)


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("Ai là Chủ tịch UBND huyện Đức Thạnh?", ("chu", "tich")),
        ("Giám đốc Sở Y tế là ai?", ("giam", "doc")),
        ("Ai đang giữ chức Phó Chủ tịch HĐQT?", ("pho", "chu", "tich")),
        ("Ai là người phát biểu?", ()),  # no office
        ("Ai là đại biểu chất vấn?", ()),  # a role, not a body's office
    ],
)
def test_the_office_asked(question: str, office: tuple[str, ...]) -> None:
    assert asked_office(question) == office


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # named after the office, not the delegate asking (was "Vũ Đức Thịnh")
        ("Giám đốc Sở Y tế là ai?", "Ngô Thị Hạnh"),
        # named before it and a comma
        ("Ai là Trưởng phòng Lao động - Thương binh và Xã hội huyện?", "Nguyễn Thị Bích Ngọc"),
    ],
)
def test_the_holder_named(question: str, holder: str) -> None:
    span = holder_named(question, MEETING)
    assert span is not None and MEETING[span[0] : span[1]] == holder
    found = extract(question, [passage(MEETING, title="Họp chuẩn bị Tết")])
    assert found.short is not None and found.short.text == holder, found.text


@pytest.mark.parametrize(
    "question",
    [
        # no sentence names the office (answered "Nguyễn Thị Bích Ngọc" at 0.56)
        "Ai là Chủ tịch UBND huyện Đức Thạnh?",
        "Ai là Phó Giám đốc Sở Y tế?",  # a deputy's office is another office
    ],
)
def test_an_office_no_sentence_names_is_declined(question: str) -> None:
    found = extract(question, [passage(MEETING, title="Họp chuẩn bị Tết")])
    assert found.confidence == 0.0, found.text
