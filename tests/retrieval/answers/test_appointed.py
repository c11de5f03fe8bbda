"""Who an election or appointment named to the office asked (answers/appointed.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.appointed import appointed
from retrieval.answers.extractive import extract
from tests.retrieval.answers.passage import passage

COUNCIL = (
    "Về công tác nhân sự, HĐND tỉnh đã miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh đối với ông "
    "Phan Văn Hòa do nghỉ hưu theo chế độ và bầu ông Tạ Quang Nghĩa, Giám đốc Sở Kế hoạch và "
    "Đầu tư giữ chức Phó Chủ tịch UBND tỉnh nhiệm kỳ 2021–2026."
)
UNION = (
    "Tại phiên họp thứ nhất, Ban Chấp hành đã bầu Ban Thường vụ gồm 7 người; bà Đặng Thị Thu "
    "Trang, Chủ tịch Công đoàn lâm thời, được bầu giữ chức Chủ tịch Công đoàn các Khu công "
    "nghiệp tỉnh; ông Huỳnh Văn Lộc và ông Nông Văn Tài được bầu giữ chức Phó Chủ tịch."
)


@pytest.mark.parametrize(
    ("question", "text", "person"),
    [
        # the one elected, not the one relieved (was "Phan Văn Hòa")
        ("Ai được HĐND tỉnh bầu làm Phó Chủ tịch UBND tỉnh?", COUNCIL, "Tạ Quang Nghĩa"),
        # the office asked, not the deputy's (was "Nông Văn Tài")
        (
            "Ai được bầu làm Chủ tịch Công đoàn các Khu công nghiệp tỉnh?",
            UNION,
            "Đặng Thị Thu Trang",
        ),
        (
            "Ai được bổ nhiệm làm Giám đốc Sở Y tế?",
            "UBND tỉnh trao quyết định bổ nhiệm bà Ngô Thị Hạnh giữ chức Giám đốc Sở Y tế.",
            "Ngô Thị Hạnh",
        ),
    ],
)
def test_who_was_named_to_the_office(question: str, text: str, person: str) -> None:
    span = appointed(question, text)
    assert span is not None and text[span[0] : span[1]] == person


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # a deputy elected answers no question about the office itself
        (
            "Ai được bầu làm Chủ tịch UBND tỉnh?",
            "HĐND tỉnh bầu ông Lê Văn An giữ chức Phó Chủ tịch UBND tỉnh.",
        ),
        ("Ai chủ trì hội nghị?", COUNCIL),  # no appointment asked
    ],
)
def test_no_one_named_to_it(question: str, text: str) -> None:
    assert appointed(question, text) is None


def test_the_answer_marks_the_person_elected() -> None:
    found = extract(
        "Ai được HĐND tỉnh bầu làm Phó Chủ tịch UBND tỉnh?", [passage(COUNCIL, title="HĐND")]
    )
    assert found.short is not None and found.short.text == "Tạ Quang Nghĩa", found.text
