"""A target asked is answered by the sentence setting it, not by a result (answers/targets.py)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from retrieval.answers.aims import asks_target, sets_target
from retrieval.answers.extractive import extract
from retrieval.language.timeexpr import asked_time
from tests.retrieval.answers.passage import passage

REVIEW = (
    "Sáng 28/12/2023, Cục Thống kê tỉnh Hòa Lâm công bố số liệu kinh tế năm 2023. Kim ngạch "
    "xuất khẩu năm 2023 đạt 4.210 triệu USD, tăng 8,2%. Về mục tiêu năm 2024, tỉnh phấn đấu "
    "tốc độ tăng GRDP đạt 7,0–7,5%; kim ngạch xuất khẩu đạt 4.900 triệu USD."
)
QUARTER = (
    "Chiều 29/3/2024, Cục Thống kê tỉnh Hòa Lâm công bố tình hình kinh tế quý I/2024. Kim "
    "ngạch xuất khẩu hàng hóa quý I/2024 ước đạt 1.152 triệu USD, tăng 12,4% so với cùng kỳ."
)


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("Chỉ tiêu kim ngạch xuất khẩu năm 2024 của tỉnh là bao nhiêu?", True),
        ("Năm 2024 tỉnh đặt mục tiêu tăng trưởng GRDP bao nhiêu?", True),
        ("Kim ngạch xuất khẩu năm 2024 đạt bao nhiêu?", False),
        ("Phường hoàn thành bao nhiêu chỉ tiêu?", False),  # the targets counted
        ("Thu ngân sách vượt kế hoạch bao nhiêu phần trăm?", False),  # a result against one
        ("9 tháng công ty hoàn thành bao nhiêu % kế hoạch lợi nhuận?", False),
    ],
)
def test_a_target_asked(question: str, target: bool) -> None:
    assert asks_target(question) is target


def _ask(question: str, hits: list) -> tuple[str, float]:
    asked = asked_time(question, date(2024, 12, 15))
    period = asked.period if asked is not None else None
    found = extract(question, hits, dense=[0.9] * len(hits), period=period)
    return (found.short.text if found.short else ""), found.confidence


def test_the_sentence_setting_the_target_answers_not_a_result_of_that_year() -> None:
    hits = [
        passage(QUARTER, title="Quý I/2024", published="2024-03-29", chunk_id="q:0"),
        passage(REVIEW, title="Kinh tế năm 2023", published="2023-12-28", chunk_id="r:0"),
    ]
    short, sure = _ask("Chỉ tiêu kim ngạch xuất khẩu năm 2024 của tỉnh là bao nhiêu?", hits)
    assert short == "4.900 triệu USD" and sure > 0.3
    # asked the result, the quarter's figure still answers
    short, _ = _ask("Kim ngạch xuất khẩu quý I/2024 đạt bao nhiêu?", hits)
    assert short == "1.152 triệu USD"


def test_a_target_no_sentence_sets_is_declined() -> None:
    hits = [passage(QUARTER, title="Quý I/2024", published="2024-03-29", chunk_id="q:0")]
    assert _ask("Chỉ tiêu kim ngạch xuất khẩu năm 2024 của tỉnh là bao nhiêu?", hits)[1] == 0.0


HALF = (
    "Ngày 29/6/2024, Cục Thống kê tỉnh Hòa Lâm công bố tình hình kinh tế 6 tháng đầu năm "
    "2024. Kim ngạch xuất khẩu hàng hóa 6 tháng đầu năm ước đạt 2.390 triệu USD, tăng 13,1% "
    "so với cùng kỳ năm trước."
)


def test_a_result_asked_for_a_year_is_neither_its_target_nor_a_part_of_it() -> None:
    # asked in December 2024 what 2024 achieved: the articles hold its target and its
    # first half, not the year (was the target, 4.900 triệu USD, or the half's 2.390)
    hits = [
        passage(REVIEW, title="Kinh tế năm 2023", published="2023-12-28", chunk_id="r:0"),
        passage(HALF, title="6 tháng đầu năm 2024", published="2024-06-29", chunk_id="h:0"),
    ]
    assert _ask("Năm 2024 kim ngạch xuất khẩu của tỉnh đạt bao nhiêu?", hits)[1] == 0.0
    # the year 2023, which the review reports whole
    short, sure = _ask("Năm 2023 kim ngạch xuất khẩu của tỉnh đạt bao nhiêu?", hits)
    assert short == "4.210 triệu USD" and sure > 0.3
    # and the half asked is the half's figure
    short, _ = _ask("6 tháng đầu năm 2024 kim ngạch xuất khẩu đạt bao nhiêu?", hits)
    assert short == "2.390 triệu USD"


def test_a_part_of_the_year_the_question_names_is_answered_by_that_part() -> None:
    text = (
        "Ngày 29/9/2023, Cục Thống kê tỉnh Hòa Lâm công bố tình hình kinh tế 9 tháng đầu "
        "năm 2023. Chỉ số giá tiêu dùng (CPI) bình quân 9 tháng năm 2023 tăng 3,12% so với "
        "cùng kỳ năm trước. Riêng CPI tháng 9/2023 tăng 0,86% so với tháng trước do nhiều cơ "
        "sở giáo dục điều chỉnh học phí."
    )
    hits = [passage(text, title="9 tháng đầu năm 2023", published="2023-09-29")]
    # a month asked beside the one compared with: not the year they span
    assert _ask("CPI tháng 9/2023 tăng bao nhiêu so với tháng 8?", hits)[0] == "0,86%"


def test_a_figure_of_a_longer_part_of_the_year_does_not_answer_for_a_month() -> None:
    hits = [passage(HALF, title="6 tháng đầu năm 2024", published="2024-06-29")]
    # the half's figure is no June's (was "2.390 triệu USD")
    assert _ask("Kim ngạch xuất khẩu tháng 6/2024 đạt bao nhiêu?", hits)[1] == 0.0


TARGETS = (
    "Mục tiêu tổng quát năm 2025 là phát triển kinh tế nhanh, bền vững. Các chỉ tiêu chủ yếu:\n"
    "1. Tốc độ tăng trưởng giá trị sản xuất từ 9,0% đến 9,5%.\n"
    "2. Tổng thu ngân sách nhà nước trên địa bàn đạt 430 tỷ đồng trở lên.\n"
    "3. Thu nhập bình quân đầu người đạt 68 triệu đồng."
)


def _target(text: str, start: int) -> tuple[float, str | None]:
    """The confidence and phrase answering a target asked of `text`, a passage starting at
    `start` in its article."""
    hit = passage(text, title="Báo cáo kinh tế - xã hội năm 2024", published="2025-01-10")
    hit = dataclasses.replace(hit, start=start, end=start + len(text))
    found = extract("Chỉ tiêu thu ngân sách năm 2025 là bao nhiêu?", [hit], dense=[0.9])
    return found.confidence, found.short.text if found.short else None


def test_a_point_sets_the_target_its_lead_in_announces() -> None:
    assert _target(TARGETS, 0)[1] == "430 tỷ đồng trở lên"
    # a chunk starting inside the list: its lead-in is in the chunk before, unseen
    points = TARGETS[TARGETS.index("2. Tổng") :]
    sure, short = _target(points, 900)
    assert short == "430 tỷ đồng trở lên" and sure > 0
    # a list opening its article has no lead-in before it: no target is set
    assert _target(points, 0)[0] == 0.0


@pytest.mark.parametrize(
    ("sentence", "sets"),
    [
        ("Năm nay, SLB đặt kế hoạch doanh thu thuần 2.150 tỷ đồng, tăng 9,5%.", True),
        ("Để đạt mục tiêu tăng trưởng 7,0–7,5% cả năm, GRDP cần tăng tối thiểu 7,2%.", True),
        # a result measured against the plan sets none
        ("Năm 2023 công ty đạt doanh thu thuần 2.208 tỷ đồng, vượt 2,7% kế hoạch.", False),
        ("Doanh thu đạt 2.712 tỷ đồng, hoàn thành 95,2% kế hoạch.", False),
        ("Lợi nhuận năm 2024 vượt kế hoạch.", False),
    ],
)
def test_a_result_against_the_plan_sets_no_target(sentence: str, sets: bool) -> None:
    assert sets_target(sentence) is sets


def test_the_plan_asked_is_the_one_set_not_a_result_measured_against_it() -> None:
    meeting = passage(
        "Đại hội đồng cổ đông thường niên năm 2024 của SLB diễn ra ngày 24/4. Năm 2023 công "
        "ty đạt doanh thu thuần 2.208 tỷ đồng, vượt 2,7% kế hoạch; lợi nhuận trước thuế 191 "
        "tỷ đồng, vượt 2,7% kế hoạch.",
        title="ĐHĐCĐ SLB 2024", published="2024-04-24", chunk_id="b:0",
    )  # fmt: skip
    plan = passage(
        "Ngày 21/4, SLB tổ chức đại hội cổ đông. Năm nay, SLB đặt kế hoạch doanh thu thuần "
        "2.150 tỷ đồng, tăng 9,5%, và lợi nhuận trước thuế 186 tỷ đồng, tăng 8,5% so với "
        "thực hiện năm 2022.",
        title="ĐHĐCĐ SLB 2023", published="2023-04-21",
    )  # fmt: skip
    short, _ = _ask("Kế hoạch lợi nhuận năm 2023 của SLB là bao nhiêu?", [meeting, plan])
    assert short == "186 tỷ đồng"
