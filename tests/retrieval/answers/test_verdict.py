"""A yes/no question's phrase is the sentence's verdict on what it asks (answers/verdict.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.verdict import verdict
from tests.retrieval.answers.passage import passage

RULES = (
    "Điều 5. Tiếp nhận đơn\n\n"
    "1. Đơn gửi qua mạng xã hội, tin nhắn điện thoại không được tiếp nhận, xử lý.\n\n"
    "2. Nhân viên bộ phận Lễ tân, Kho vận và Kỹ thuật hạ tầng không thuộc diện được làm "
    "việc từ xa, trừ trường hợp đặc biệt do Tổng Giám đốc quyết định.\n\n"
    "3. Thời gian nghỉ thai sản theo chế độ bảo hiểm xã hội được tính là thời gian làm việc "
    "để xét thưởng; thời gian nghỉ không hưởng lương không được tính.\n\n"
    "4. Sinh viên đã nhận học bổng tài trợ của doanh nghiệp trong cùng học kỳ vẫn được xét "
    "học bổng khuyến khích."
)


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # the negation before the verb is the answer: without it the bold says "yes"
        ("Gửi đơn qua mạng xã hội thì có được tiếp nhận không?", "không được tiếp nhận"),
        # a negation a few words before the question's verb governs it
        (
            "Nhân viên kho vận có được làm việc tại nhà không?",
            "không thuộc diện được làm việc từ xa",
        ),
        # the clause holding most of what is asked, not a later one negating another thing
        (
            "Nghỉ thai sản có được tính vào thời gian xét thưởng không?",
            "được tính là thời gian làm việc để xét thưởng",
        ),
        # the last mark opens the predicate: "Đã nhận …" is the case the question names
        (
            "Đã nhận học bổng doanh nghiệp rồi thì có còn được xét học bổng khuyến khích không?",
            "vẫn được xét học bổng khuyến khích",
        ),
    ],
)
def test_the_verdict(question: str, phrase: str) -> None:
    span = verdict(question, RULES)
    assert span is not None and RULES[span[0] : span[1]] == phrase
    found = extract(question, [passage(RULES, title="Quy chế nội bộ")])
    assert found.short is not None and found.short.text == phrase, found.text


@pytest.mark.parametrize(
    "question",
    [
        "Mức phạt khi gửi đơn qua mạng xã hội là bao nhiêu?",  # not a yes/no question
        "Có được nộp đơn qua bưu điện không?",  # no word of its predicate after a modal
    ],
)
def test_no_verdict(question: str) -> None:
    assert verdict(question, RULES) is None
