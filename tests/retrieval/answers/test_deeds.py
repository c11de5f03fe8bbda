"""Who did what a question asks: the sentence saying the deed leads (answers/deeds.py)."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.answers.deeds import _deed, doing
from retrieval.answers.extractive import extract
from retrieval.answers.features import _ranked
from retrieval.language.timeexpr import asked_time
from tests.retrieval.answers.passage import passage

REVIEW = (
    "Sáng 28/12, Công ty Cổ phần Nông sản Lộc Điền Xanh tổ chức hội nghị tổng kết hoạt động "
    "sản xuất kinh doanh năm 2022 tại hội trường trụ sở công ty. Hội nghị do ông Trần Quốc "
    "Vinh, Chủ tịch Hội đồng quản trị, chủ trì. Năm 2022 công ty đạt doanh thu 1.240 tỷ đồng."
)


@pytest.mark.parametrize(
    ("question", "deed"),
    [
        ("Ai chủ trì hội nghị tổng kết năm 2022 của Lộc Điền Xanh?", "chu tri"),
        ("Hội nghị tổng kết do ai chủ trì?", "chu tri"),
        ("Ai đã ký quyết định khen thưởng?", "ky"),
        ("Ai là Giám đốc Sở Y tế?", ""),  # an office asked: subject.py
        ("Ai là người đoạt giải Nhất?", ""),  # "đoạt" alone is too common a word
    ],
)
def test_the_deed_a_who_question_asks(question: str, deed: str) -> None:
    assert _deed(question) == deed


def test_the_sentence_saying_the_deed_answers_who_did_it() -> None:
    hit = passage(REVIEW, title="Lộc Điền Xanh tổng kết năm 2022", published="2022-12-28")
    question = "Ai chủ trì hội nghị tổng kết năm 2022 của Lộc Điền Xanh?"
    asked = asked_time(question, date(2025, 3, 1))
    assert asked is not None
    # the lead says all of it but who chaired, the year too
    found = extract(question, [hit], dense=[0.9], period=asked.period)
    assert found.text.startswith("Hội nghị do ông Trần Quốc Vinh"), found.text
    assert found.short is not None and found.short.text == "Trần Quốc Vinh"


def test_a_ranking_led_by_the_lead_is_led_by_the_deed_instead() -> None:
    hit = passage(REVIEW, title="Lộc Điền Xanh tổng kết năm 2022")
    question = "Ai chủ trì hội nghị tổng kết năm 2022 của Lộc Điền Xanh?"
    ranked = _ranked(question, [hit], [0.9])
    assert ranked is not None
    # as a multi-year search ranks them: the lead (which names the year) first
    lead_first = sorted(ranked.scored, key=lambda e: not e[1].sentence.text.startswith("Sáng"))
    at = doing(question, lead_first)
    assert lead_first[at][1].sentence.text.startswith("Hội nghị do ông Trần Quốc Vinh")
    assert doing("Ai là Giám đốc Sở Y tế?", lead_first) == 0


def test_asked_why_the_next_sentence_giving_the_reason_leads() -> None:
    text = (
        "Tuy nhiên, ông Phúc cũng thẳng thắn nhìn nhận hai chỉ tiêu chưa đạt là tỷ lệ hộ gia "
        "đình văn hóa và số trường học đạt chuẩn quốc gia. Ông giải thích chỉ tiêu về trường "
        "chuẩn chưa hoàn thành do Trường Tiểu học Nguyễn Trãi đang được xây dựng lại."
    )
    question = "Vì sao phường chưa đạt chỉ tiêu về trường học đạt chuẩn quốc gia?"
    found = extract(question, [passage(text, title="Phường tổng kết năm 2024")])
    assert found.text.startswith("Ông giải thích"), found.text
    assert found.short is not None and "Nguyễn Trãi đang được xây dựng lại" in found.short.text


def test_asked_why_a_sentence_of_the_article_further_on_giving_the_reason_leads() -> None:
    # what happened is said first, its cause a few sentences on: the cause leads
    text = (
        "Từ 15h ngày 9/10, giá xăng trong nước được điều chỉnh giảm 220 đồng/lít. Giá xăng "
        "E5 RON92 còn 19.840 đồng/lít, xăng RON95-III còn 20.930 đồng/lít. Giá dầu diesel "
        "tăng nhẹ 50 đồng/lít. Theo liên bộ, giá xăng giảm do lo ngại dư cung khi nhóm "
        "OPEC+ tiếp tục nâng sản lượng từ tháng 11."
    )
    hit = passage(text, title="Giá xăng giảm nhẹ", published="2025-10-09")
    found = extract("Vì sao giá xăng giảm?", [hit], dense=[0.9])
    assert found.text.startswith("Theo liên bộ"), found.text
    assert found.short is not None and "dư cung" in found.short.text


def test_asked_what_someone_proposed_the_next_sentence_saying_it_leads() -> None:
    text = (
        "TPO - Chiều 2/6, huyện Tháp Mười tổng kết Lễ hội Sen lần thứ V. Ông Huỳnh Quốc Bảo, "
        "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Tháp, đánh giá lễ hội đã góp "
        "phần định vị thương hiệu du lịch sen của địa phương. Ông đề nghị huyện sớm xây dựng "
        "bộ nhận diện riêng cho lễ hội."
    )
    hit = passage(text, title="Lễ hội Sen Tháp Mười", published="2025-06-03")
    question = "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch Đồng Tháp đề nghị huyện làm gì?"
    found = extract(question, [hit], dense=[0.9])
    # was the sentence naming him, with "sen của địa phương" marked
    assert found.text.startswith("Ông đề nghị huyện sớm xây dựng bộ nhận diện riêng")
