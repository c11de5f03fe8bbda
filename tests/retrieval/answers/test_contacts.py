"""A telephone number or an e-mail address, when a question asks for one
(answers/contacts.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.contacts import contact_asked
from retrieval.answers.extractive import extract
from tests.retrieval.answers.passage import passage

NOTICE = "Mọi thắc mắc liên hệ ông Lê Văn Tâm, Chánh Văn phòng, số điện thoại 028 3822 1234."
FILING = "Hồ sơ gửi về vanphong@benthanh.gov.vn hoặc gọi 0903.123.456 trước ngày 5/4/2025."


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Số điện thoại liên hệ là gì?", NOTICE, "028 3822 1234"),
        ("sdt lien he la gi", NOTICE, "028 3822 1234"),  # typed without diacritics
        ("Gọi số điện thoại nào để nộp hồ sơ?", FILING, "0903.123.456"),  # not the date
        ("Email nộp hồ sơ là gì?", FILING, "vanphong@benthanh.gov.vn"),
        ("Email liên hệ là gì?", NOTICE, None),  # the sentence has none
        ("Ông Tâm giữ chức vụ gì?", NOTICE, None),  # asks for neither
        # a comma after the number ends its clause
        (
            "Số điện thoại liên hệ là gì?",
            "Số điện thoại: 024 3795 6218, máy lẻ 215.",
            "024 3795 6218",
        ),
    ],
)
def test_the_contact_asked(question: str, text: str, expected: str | None) -> None:
    span = contact_asked(question, text)
    assert (text[span[0] : span[1]] if span else None) == expected


def test_asked_a_phone_number_the_number_is_the_phrase_not_the_name() -> None:
    found = extract(
        "Số điện thoại liên hệ là gì?", [passage(NOTICE, title="Thông báo")], dense=[0.9]
    )
    assert found.short is not None and found.short.text == "028 3822 1234"  # was "Lê Văn Tâm"
