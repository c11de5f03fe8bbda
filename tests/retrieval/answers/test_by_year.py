"""The years of a question's span that are answered one by one (answers/by_year.py); the
answers themselves are tested on the dated set (tests/retrieval/test_dated.py)."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.answers.by_year import MAX_YEARS, _spans_years, years_asked
from retrieval.answers.extractive import Extract
from retrieval.answers.types import Citation, CitedPassage
from retrieval.language.timeexpr import asked_time

TODAY = date(2026, 1, 20)


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("Doanh thu giai đoạn 2019-2021 thế nào?", [2019, 2020, 2021]),
        ("Năm 2021 doanh thu tăng hay giảm so với năm 2020?", [2020, 2021]),
        ("Từ năm 2023 đến nay ai được khen?", [2023, 2024, 2025, 2026]),
        # the latest MAX_YEARS of a longer span, none after today
        ("Từ năm 2010 đến nay đã làm gì?", list(range(2027 - MAX_YEARS, 2027))),
        ("Kế hoạch 2025-2030 là gì?", [2025, 2026]),
        # one year, or an open span back to any time: answered as any question
        ("Doanh thu năm 2020 là bao nhiêu?", []),
        ("Trước năm 2020 doanh thu là bao nhiêu?", []),
        # a school year is one year, across two calendar years (was answered "Năm 2023:
        # …", "Năm 2024: …" from the wrong reports)
        ("Năm học 2023-2024 toàn huyện có bao nhiêu học sinh?", []),
        ("Từ quý IV/2023 đến quý I/2024 doanh thu thế nào?", []),
    ],
)
def test_years_asked(question: str, years: list[int]) -> None:
    asked = asked_time(question, TODAY)
    assert asked is not None and asked.period is not None
    assert years_asked(asked.period, TODAY) == years


def _found(text: str, published: str) -> Extract:
    passage = CitedPassage(chunk_id="c", start=0, end=len(text), quote=text, score=1.0)
    citation = Citation(
        n=1, article_id="a", title="t", source="", published=published, url="", origin="",
        passages=(passage,),
    )  # fmt: skip
    return Extract(text=f"{text} [1]", citations=[citation], short=None, confidence=0.9)


def test_an_answer_about_several_years_is_no_years_answer() -> None:
    # A plan for 2021-2025 answers the span as a whole: no line per year.
    assert _spans_years(_found("Mục tiêu giai đoạn 2021-2025 là tăng trưởng 7%.", "2021-03-01"))
    assert _spans_years(_found("Trong 5 năm qua, doanh thu tăng gấp đôi.", "2021-03-01"))
    assert not _spans_years(_found("Năm qua, doanh thu đạt 905 tỷ đồng.", "2020-01-11"))
