"""The item of a list a question asks by its place (answers/ordinal.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.ordinal import ordinal_item
from tests.retrieval.answers.passage import passage

TASKS = (
    "Phát biểu chỉ đạo, ông Lê Văn Thịnh đề nghị phường tập trung vào ba nhiệm vụ trọng tâm "
    "trong năm 2025 gồm: đẩy mạnh chuyển đổi số, xử lý dứt điểm tình trạng lấn chiếm lòng lề "
    "đường và chống ngập cục bộ."
)
OVERTIME = (
    "2. Người sử dụng lao động được sử dụng người lao động làm thêm giờ khi đáp ứng đầy đủ các "
    "yêu cầu sau đây: a) Phải được sự đồng ý của người lao động; b) Bảo đảm số giờ làm thêm "
    "không quá 40 giờ trong 01 tháng; c) Bảo đảm số giờ làm thêm không quá 200 giờ trong 01 năm."
)


@pytest.mark.parametrize(
    ("question", "text", "item"),
    [
        ("Nhiệm vụ trọng tâm đầu tiên của phường trong năm 2025 là gì?", TASKS,
         "đẩy mạnh chuyển đổi số"),
        ("Nhiệm vụ thứ hai là gì?", TASKS, "xử lý dứt điểm tình trạng lấn chiếm lòng lề đường"),
        ("Nhiệm vụ cuối cùng là gì?", TASKS, "chống ngập cục bộ"),
        ("Yêu cầu đầu tiên để được huy động làm thêm giờ là gì?", OVERTIME,
         "Phải được sự đồng ý của người lao động"),
        # no place asked of a listed thing: the place belongs to something else
        ("Buổi học đầu tiên hướng dẫn theo nghị định nào?", TASKS, None),
        ("Phường xếp thứ hai về thu ngân sách là gì?", TASKS, None),
    ],
)  # fmt: skip
def test_the_item_at_the_place_asked(question: str, text: str, item: str | None) -> None:
    span = ordinal_item(question, text)
    assert (None if span is None else text[span[0] : span[1]]) == item


def test_the_item_is_the_phrase_not_the_speakers_name() -> None:
    found = extract("Nhiệm vụ trọng tâm đầu tiên là gì?", [passage(TASKS, title="Tổng kết")])
    assert found.short is not None and found.short.text == "đẩy mạnh chuyển đổi số"
