"""Time in questions and passages: the forms staff type, the numbers that are not years,
relative words against a fixed today or an article's own date, and the chat's filter."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.language.date_filter import take_window
from retrieval.language.timeexpr import (
    Period,
    asked_time,
    compared_figures,
    mentioned_periods,
    onward,
    placed_periods,
    published_period,
    time_spans,
    without_time,
)

TODAY = date(2026, 1, 20)


def _span(question: str, today: date = TODAY) -> tuple[date, date] | None:
    asked = asked_time(question, today)
    if asked is None or asked.period is None:
        return None
    return asked.period.start, asked.period.end


def _year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", _year(2018)),
        ("nhiem vu trong tam nam 2018 la gi", _year(2018)),
        ("Kế hoạch 2019 có gì mới?", _year(2019)),
        ("Chủ đề năm trước nữa là gì?", _year(2024)),  # not "năm trước" (2025)
        ("Năm sau nữa công ty làm gì?", _year(2028)),
        ("Tháng trước nữa ai được khen?", (date(2025, 11, 1), date(2025, 11, 30))),
        ("Còn 2019?", _year(2019)),
        ("Doanh thu tháng 3/2019?", (date(2019, 3, 1), date(2019, 3, 31))),
        ("Tháng 3 năm 2019 có sự kiện gì?", (date(2019, 3, 1), date(2019, 3, 31))),
        ("Tháng 12-2020 ai được khen?", (date(2020, 12, 1), date(2020, 12, 31))),
        ("Kết quả quý I/2019 ra sao?", (date(2019, 1, 1), date(2019, 3, 31))),
        ("Quý IV năm 2019 thế nào?", (date(2019, 10, 1), date(2019, 12, 31))),
        ("Quý 2 năm 2020 doanh thu bao nhiêu?", (date(2020, 4, 1), date(2020, 6, 30))),
        ("Số liệu từ 2018 đến 2020?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Từ năm 2018 tới năm 2020 tăng bao nhiêu?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Giai đoạn 2020-2025 có mục tiêu gì?", (date(2020, 1, 1), date(2025, 12, 31))),
        ("Kết quả 2018 - 2020?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("6 tháng đầu năm 2019 đạt bao nhiêu?", (date(2019, 1, 1), date(2019, 6, 30))),
        ("Ngày 14/01/2026 có gì?", (date(2026, 1, 14), date(2026, 1, 14))),
        ("Trước năm 2019 ra sao?", (date(1900, 1, 1), date(2018, 12, 31))),
        ("Từ năm 2024 đã làm gì?", (date(2024, 1, 1), TODAY)),
        # A range's second year whatever word follows it ("2020 công …" is no count).
        ("Từ 2018 đến 2020 công ty làm gì?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("tu 2018 den 2020 cong ty lam gi", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Từ năm 2018 đến 2020 doanh thu tăng bao nhiêu?", (date(2018, 1, 1), date(2020, 12, 31))),
        ("Từ năm 2019 đến nay công ty làm gì?", (date(2019, 1, 1), TODAY)),
        ("Từ 2019 tới nay đã làm gì?", (date(2019, 1, 1), TODAY)),
        # every word of vocabulary.UNTIL_WORDS and NOW_WORDS
        ("Từ năm 2019 cho đến nay công ty làm gì?", (date(2019, 1, 1), TODAY)),
        ("Từ 2019 đến hiện nay công ty làm gì?", (date(2019, 1, 1), TODAY)),
        ("Từ 2018 cho đến 2020 công ty làm gì?", (date(2018, 1, 1), date(2020, 12, 31))),
        # relative to today
        ("Nhiệm vụ năm nay là gì?", _year(2026)),
        ("Năm ngoái công ty đạt gì?", _year(2025)),
        ("nam ngoai cong ty dat gi", _year(2025)),
        ("Năm trước ai được khen?", _year(2025)),
        ("Năm kia thế nào?", _year(2024)),
        ("Kế hoạch năm tới?", _year(2027)),
        ("Tháng trước có gì?", (date(2025, 12, 1), date(2025, 12, 31))),
        ("Tháng này có gì?", (date(2026, 1, 1), date(2026, 1, 31))),
        ("Quý trước đạt bao nhiêu?", (date(2025, 10, 1), date(2025, 12, 31))),
        ("Trong 5 năm qua đã làm gì?", (date(2021, 1, 20), TODAY)),
        ("Doanh thu 3 năm gần nhất là bao nhiêu?", (date(2023, 1, 20), TODAY)),
        # a count back from today: that year, month or quarter, not "năm trước"'s last year
        ("Hai năm trước công ty làm gì?", _year(2024)),
        ("hai nam truoc doanh thu la bao nhieu", _year(2024)),
        ("3 năm về trước doanh thu bao nhiêu?", _year(2023)),
        ("Một năm trước đây ai được khen?", _year(2025)),
        ("Cách đây hai năm công ty làm gì?", _year(2024)),
        ("cach day 3 nam phu an tap trung vao gi", _year(2023)),
        ("Hai tháng trước có gì?", (date(2025, 11, 1), date(2025, 11, 30))),
        ("Hai quý trước đạt bao nhiêu?", (date(2025, 7, 1), date(2025, 9, 30))),
        # counted from another event, not from today: left to "năm trước"
        ("Hai năm trước đó công ty làm gì?", _year(2025)),
        # a quarter, half or month of a year said relatively: of that year
        ("Quý 3 năm ngoái lợi nhuận bao nhiêu?", (date(2025, 7, 1), date(2025, 9, 30))),
        ("quy 3 nam ngoai loi nhuan bao nhieu", (date(2025, 7, 1), date(2025, 9, 30))),
        ("6 tháng cuối năm ngoái đạt bao nhiêu?", (date(2025, 7, 1), date(2025, 12, 31))),
        ("Nửa đầu năm nay có gì?", (date(2026, 1, 1), date(2026, 6, 30))),
        # March of last year, not "3 năm trước" (three years ago)
        ("Tháng 3 năm trước có gì?", (date(2025, 3, 1), date(2025, 3, 31))),
        ("Quý 2/2025 lãi bao nhiêu?", (date(2025, 4, 1), date(2025, 6, 30))),  # not February
        # a month by its name, with its year
        ("Tháng Ba năm 2024 có sự kiện gì?", (date(2024, 3, 1), date(2024, 3, 31))),
        ("Tháng Chạp/2023 ai được khen?", (date(2023, 12, 1), date(2023, 12, 31))),
        ("Tháng mười một năm 2024 có gì?", (date(2024, 11, 1), date(2024, 11, 30))),
        # a day or a week counted from today (Tuesday 20 January 2026)
        ("Hôm qua có tin gì mới?", (date(2026, 1, 19), date(2026, 1, 19))),
        ("hom nay co lich hop khong", (TODAY, TODAY)),
        ("Tuần trước ai đến thăm công ty?", (date(2026, 1, 12), date(2026, 1, 18))),
        ("Tuần này có lịch họp không?", (date(2026, 1, 19), date(2026, 1, 25))),
        ("Tuần qua có bao nhiêu vụ tai nạn?", (date(2026, 1, 14), TODAY)),  # seven days
        # this year so far
        ("Từ đầu năm đến nay có bao nhiêu vụ tai nạn?", (date(2026, 1, 1), TODAY)),
        ("Từ đầu năm 2024 đến nay đã làm gì?", (date(2024, 1, 1), TODAY)),
        # the first or last months of a year; asked in January, last year's
        ("9 tháng đầu năm 2024 có bao nhiêu vụ?", (date(2024, 1, 1), date(2024, 9, 30))),
        ("Ba tháng cuối năm 2023 thế nào?", (date(2023, 10, 1), date(2023, 12, 31))),
        ("Nửa đầu năm xuất siêu bao nhiêu?", (date(2025, 1, 1), date(2025, 6, 30))),
        ("9 tháng đầu năm xảy ra bao nhiêu vụ?", (date(2025, 1, 1), date(2025, 9, 30))),
        # the time compared with is not the time asked
        # beside the time asked, both: each year's figure is given (answers/by_year.py)
        ("Năm 2024 tăng bao nhiêu so với năm 2023?", (date(2023, 1, 1), date(2024, 12, 31))),
        ("Quý 3 năm ngoái tăng bao nhiêu so với cùng kỳ?", (date(2025, 7, 1), date(2025, 9, 30))),
    ],
)
def test_times_in_questions(question: str, span: tuple[date, date]) -> None:
    assert _span(question) == span


def test_a_time_only_compared_with_is_no_time_asked() -> None:
    assert asked_time("Lượng nguyện vọng tăng bao nhiêu phần trăm so với năm trước?", TODAY) is None
    assert asked_time("Tăng bao nhiêu so với cùng kỳ năm ngoái?", TODAY) is None
    assert asked_time("Điểm chuẩn cao hơn năm trước bao nhiêu?", TODAY) is None
    assert _span("Cùng kỳ năm ngoái có bao nhiêu vụ?") == _year(2025)
    # beside the time asked, a relative one compared with is not asked (was the span of
    # both); two years spelled are both asked (answers/by_year.py)
    assert _span("CPI tháng 11/2024 tăng bao nhiêu so với tháng trước?") == (
        date(2024, 11, 1),
        date(2024, 11, 30),
    )


def test_the_first_months_of_a_year_without_dau() -> None:
    # "tính chung 11 tháng năm 2024" is its first eleven months, not the year
    found = mentioned_periods("Tính chung 11 tháng năm 2024, CPI bình quân tăng 3,41%.", None)
    assert [(p.start, p.end) for p in found] == [(date(2024, 1, 1), date(2024, 11, 30))]
    assert _span("Bình quân 11 tháng năm nay CPI tăng bao nhiêu?") == (
        date(TODAY.year, 1, 1),
        date(TODAY.year, 11, 30),
    )
    assert asked_time("Trong 3 tháng năm học mới có gì?", TODAY) is None


def test_just_ended_year_depends_on_the_month() -> None:
    # In January a review of "năm qua" is about the year just ended; in December, this one.
    assert _span("Năm qua công ty đạt gì?") == _year(2025)
    assert _span("Năm qua công ty đạt gì?", date(2025, 12, 20)) == _year(2025)
    assert _span("Năm qua công ty đạt gì?", date(2025, 3, 2)) == _year(2024)


@pytest.mark.parametrize(
    "question",
    [
        "Có 1.000 người tham gia không?",
        "2018 người tham gia hội thao là ai?",
        "Điều 2018 nói gì?",
        "Thông tư số 01/2018/TT-BGDĐT quy định gì?",
        "Sáng 8/2 ai chủ trì hội nghị?",
        "Giá trị 2.019 tỷ đồng là của ai?",
        "Ai chủ trì hội nghị?",
        "Super Bowl 50 diễn ra ở đâu?",
        "Tháng 13/2019 có gì?",
        "Quân đội Đức tái xuất hiện tại Rhineland vào khi nào?",
        # folded, "tối đa" is "tới đa": no next month ("tháng tới")
        "Tiền bồi thường trừ vào lương mỗi tháng tối đa bao nhiêu?",
        "Mỗi năm tối thiểu phải học bao nhiêu giờ?",
        # how long, no "năm rồi" (last year) nor "năm nay"
        "Mình công tác được 12 năm rồi thì phép năm được mấy ngày?",
        "Làm được 3 tháng nay thì có được nghỉ phép không?",
    ],
)
def test_numbers_and_words_that_are_no_time(question: str) -> None:
    assert asked_time(question, TODAY) is None


@pytest.mark.parametrize(
    "question", ["Quy định mới nhất là gì?", "Gần đây công ty làm gì?", "Hiện nay ai là giám đốc?"]
)
def test_asking_for_the_newest(question: str) -> None:
    asked = asked_time(question, TODAY)
    assert asked is not None and asked.recent and asked.period is None


def test_several_times_give_their_span() -> None:
    assert _span("So sánh năm 2018 và 2020") == (date(2018, 1, 1), date(2020, 12, 31))


def test_relative_words_in_an_article_count_from_its_date() -> None:
    text = (
        "Năm qua, doanh thu đạt 820 tỷ đồng. Trọng tâm công tác năm nay là mở rộng. "
        "Trong năm, công ty tuyển thêm 200 người. Năm tới sẽ xây nhà máy mới."
    )
    years = [p.start.year for p in mentioned_periods(text, date(2020, 1, 15))]
    assert years == [2019, 2020, 2020, 2021]
    # A December article's "năm qua" is its own year.
    assert mentioned_periods("Một năm qua, công ty đã làm được nhiều việc.", date(2020, 12, 28))[
        0
    ] == Period(date(2020, 1, 1), date(2020, 12, 31), "nam qua")


def test_a_month_or_quarter_of_a_relative_year_in_an_article_is_one_period() -> None:
    text = (
        "Trong quý 3 năm nay, công ty đạt 200 tỷ đồng. Tháng 3 năm ngoái, nhà máy số 2 "
        "khởi công. Từ đầu năm đến nay có 3 vụ tai nạn lao động."
    )
    assert [(p.start, p.end) for p in mentioned_periods(text, date(2024, 11, 2))] == [
        (date(2024, 7, 1), date(2024, 9, 30)),
        (date(2023, 3, 1), date(2023, 3, 31)),  # not also the whole of 2023
        (date(2024, 1, 1), date(2024, 11, 2)),
    ]
    # "hôm qua" in an article is the day before its date
    assert mentioned_periods("Hôm qua, đoàn công tác làm việc với Sở Y tế.", date(2026, 1, 14)) == [
        Period(date(2026, 1, 13), date(2026, 1, 13), "hom qua")
    ]


def test_a_day_without_its_year_in_an_article_is_near_its_date() -> None:
    lead = (
        "Sáng 14/1, tại hội trường nhà máy số 1, công ty tổ chức hội nghị người lao động, "
        "đánh giá kết quả năm qua và bàn kế hoạch năm mới."
    )
    assert [(p.start, p.end) for p in mentioned_periods(lead, date(2023, 1, 14))] == [
        (date(2023, 1, 14), date(2023, 1, 14)),
        _year(2022),  # "năm qua"
        _year(2023),  # "năm mới" in January: the year begun
    ]
    # The latest such day, or a plan's day shortly after the article's date.
    assert [p.start for p in mentioned_periods("Chiều 26/12, công ty …", date(2023, 1, 14))] == [
        date(2022, 12, 26)
    ]
    assert [p.start for p in mentioned_periods("Ngày 20/1 sẽ khai mạc.", date(2023, 1, 14))] == [
        date(2023, 1, 20)
    ]
    assert [p.start for p in mentioned_periods("ngày 2/1 tới", date(2024, 12, 26))] == [
        date(2025, 1, 2)
    ]
    # "năm mới" late in a year is the next one; a fraction is no day; 31/2 is none.
    assert mentioned_periods("Chúc mừng năm mới!", date(2024, 12, 30))[0].start.year == 2025
    # years counted are no new year ("mấy năm mới được hưởng lương hưu" was 2026, and the
    # law's article of 2025 was off time)
    assert (
        asked_time("Phải đóng tối thiểu mấy năm mới được hưởng lương hưu?", date(2026, 1, 15))
        is None
    )
    assert mentioned_periods("Đóng đủ 15 năm mới được hưởng lương hưu.", date(2026, 1, 15)) == []
    assert mentioned_periods("Tỷ lệ 1/2 số hộ, ngày 31/2.", date(2023, 1, 14)) == []


def test_an_undated_passage_keeps_only_the_times_it_spells_out() -> None:
    periods = mentioned_periods("Năm nay, doanh thu năm 2019 tăng, như tháng 3/2018.", None)
    assert [(p.start, p.end) for p in periods] == [
        _year(2019),
        (date(2018, 3, 1), date(2018, 3, 31)),
    ]


def test_a_sentence_is_not_about_the_time_it_compares_with() -> None:
    text = "Năm 2024, quận số hóa 95% hồ sơ, cao hơn 12% so với năm 2023."
    assert [p.start.year for p in mentioned_periods(text, date(2024, 12, 20))] == [2024]
    text = "Kim ngạch tăng 8% so với cùng kỳ năm 2023."
    assert mentioned_periods(text, date(2024, 7, 3)) == []
    # the end of a period compared with is that period too (the year-end report was read
    # as about the third quarter, and answered "nợ xấu cuối quý 3" with the year's figure)
    text = "Tỷ lệ nợ xấu cuối năm ở mức 1,85%, giảm so với cuối quý 3."
    assert mentioned_periods(text, date(2025, 1, 22)) == []


@pytest.mark.parametrize(
    ("published", "span"),
    [
        ("2026-01-14", (date(2026, 1, 14), date(2026, 1, 14))),
        ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
        ("2024", _year(2024)),
    ],
)
def test_published_dates_of_each_precision(published: str, span: tuple[date, date]) -> None:
    period = published_period(published)
    assert period is not None and (period.start, period.end) == span


@pytest.mark.parametrize("published", ["", "14/01/2026", "2026-13-01", "2026-02-30", "mới"])
def test_no_published_date(published: str) -> None:
    assert published_period(published) is None


def test_typed_window() -> None:
    assert take_window("năm:2019 Nhiệm vụ trọng tâm là gì?") == (
        "Nhiệm vụ trọng tâm là gì?",
        date(2019, 1, 1),
        date(2019, 12, 31),
    )
    assert take_window("Doanh thu? tu:2019-03 den:2020") == (
        "Doanh thu?",
        date(2019, 3, 1),
        date(2020, 12, 31),
    )
    assert take_window("Nhiệm vụ năm 2019 là gì?") == ("Nhiệm vụ năm 2019 là gì?", None, None)
    assert take_window("Giờ họp 10:30 là khi nào?") == ("Giờ họp 10:30 là khi nào?", None, None)


def test_without_time_and_time_spans() -> None:
    assert without_time("Doanh thu năm 2019 của công ty là bao nhiêu?", TODAY) == (
        "Doanh thu của công ty là bao nhiêu?"
    )
    assert without_time("Năm ngoái, ai được khen thưởng?", TODAY) == "Ai được khen thưởng?"
    assert without_time("Ai chủ trì hội nghị?", TODAY) == "Ai chủ trì hội nghị?"
    text = "Doanh thu quý II/2021 và năm ngoái"
    assert [text[a:b] for a, b in time_spans(text)] == ["quý II/2021", "năm ngoái"]


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Quý vừa rồi thành phố thu ngân sách bao nhiêu?", date(2024, 1, 1), date(2024, 3, 31)),
        ("Riêng quý rồi thu bao nhiêu?", date(2024, 1, 1), date(2024, 3, 31)),
        ("Quý trước nữa thu bao nhiêu?", date(2023, 10, 1), date(2023, 12, 31)),
        ("Tuần vừa rồi có mấy vụ tai nạn?", date(2024, 4, 8), date(2024, 4, 14)),
    ],
)
def test_the_quarter_or_week_just_ended_in_its_everyday_words(
    question: str, start: date, end: date
) -> None:
    asked = asked_time(question, date(2024, 4, 20))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (start, end)


def test_through_the_end_of_a_month_or_quarter_is_the_year_so_far() -> None:
    asked = asked_time("Tính đến hết tháng 6 năm nay thu nội địa được bao nhiêu?", date(2024, 8, 1))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(2024, 1, 1), date(2024, 6, 30))
    plain = asked_time("Tháng 6 năm nay thu nội địa được bao nhiêu?", date(2024, 8, 1))
    assert plain is not None and plain.period is not None
    assert (plain.period.start, plain.period.end) == (date(2024, 6, 1), date(2024, 6, 30))


def test_a_figure_to_a_day_is_the_year_so_far() -> None:
    def spans(text: str) -> list[tuple[date, date]]:
        return [(p.start, p.end) for p in mentioned_periods(text, date(2024, 7, 5))]

    so_far = [(date(2024, 1, 1), date(2024, 6, 30))]
    assert spans("Tỷ lệ giải ngân đến ngày 30/6/2024 đạt 34,5% kế hoạch.") == so_far
    assert spans("Tính đến hết ngày 30/6/2024, toàn tỉnh thu 8.160 tỷ đồng.") == so_far
    # a range of days is that span; a deadline, a dateline: the day itself
    assert spans("Từ ngày 01/7/2024 đến ngày 30/9/2024 có 12 vụ.") == [
        (date(2024, 7, 1), date(2024, 9, 30))
    ]
    assert spans("Hồ sơ nộp trước ngày 30/6/2024.") == [(date(2024, 6, 30), date(2024, 6, 30))]
    assert spans("Ngày 30/6/2024, Sở Tài chính công bố báo cáo.") == [
        (date(2024, 6, 30), date(2024, 6, 30))
    ]
    # asked so too; a day alone may be of any year (no time), and a holiday's name is none
    to_september = (date(2024, 1, 1), date(2024, 9, 30))
    assert _span("Đến 30/9 năm nay tỷ lệ giải ngân là bao nhiêu?", date(2024, 10, 10)) == (
        to_september
    )
    assert _span("Tính đến ngày 30/9/2024 giải ngân bao nhiêu?") == to_september
    assert _span("Dịp nghỉ lễ 30/4 – 1/5 năm nay đón bao nhiêu khách?", date(2025, 5, 5)) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert _span("Đến 30/9 tỷ lệ giải ngân là bao nhiêu?", date(2024, 10, 10)) is None


def test_prices_base_year_is_no_time_a_figure_is_for() -> None:
    text = "Tốc độ tăng trưởng giá trị sản xuất (theo giá so sánh 2010) ước đạt 9,2%."
    assert mentioned_periods(text, date(2025, 1, 10)) == []
    assert mentioned_periods("GRDP theo giá so sánh năm 2010 tăng 7%.", date(2025, 1, 10)) == []
    # "so với cùng vụ năm 2024": the season compared with
    assert (
        mentioned_periods(
            "Năng suất đạt 6,1 tấn/ha, tăng 0,3 tấn/ha so với cùng vụ năm 2024.", date(2025, 10, 3)
        )
        == []
    )


def test_the_figure_compared_with_is_its_times_own() -> None:
    # "so với mức 81,9 tỷ đồng của quý II/2023": the year-before figure compared with, which
    # answers "Lợi nhuận quý II/2023 là bao nhiêu" (the time was left out, and it did not)
    said = (
        "Lợi nhuận sau thuế đạt 96,8 tỷ đồng, tăng 18,2% so với mức 81,9 tỷ đồng của quý II/2023."
    )
    placed = placed_periods(said, date(2024, 7, 22))
    assert [p.text for _, p in placed] == ["quy ii/2023"]
    assert [(p.text, said[a:b]) for p, a, b in compared_figures(said, placed)] == [
        ("quy ii/2023", "81,9 tỷ đồng")
    ]
    # a time named for its own figure stays ("của quý II/2024" after "đạt")
    assert mentioned_periods("Lợi nhuận của quý II/2024 đạt 96,8 tỷ đồng.", date(2024, 7, 22))


def test_the_latest_quarter_asked_is_the_one_just_ended() -> None:
    asked = asked_time("Quý gần nhất doanh thu của công ty đạt bao nhiêu?", date(2024, 10, 25))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(2024, 7, 1), date(2024, 9, 30))


@pytest.mark.parametrize(
    ("question", "today", "first"),
    [
        # one school year, September to August: no span of two calendar years
        ("Năm học 2023-2024 toàn huyện có bao nhiêu học sinh?", date(2025, 7, 1), 2023),
        ("Năm học 2023 - 2024 có mấy trường mới?", date(2025, 7, 1), 2023),
        ("Năm học này có bao nhiêu lớp?", date(2024, 11, 20), 2024),
        ("Năm học này có bao nhiêu lớp?", date(2025, 3, 1), 2024),
        ("Năm học trước toàn huyện có bao nhiêu lớp?", date(2024, 11, 20), 2023),
        # just ended in summer; in the autumn, the one before the year under way
        ("Năm học vừa qua có bao nhiêu học sinh?", date(2025, 7, 1), 2024),
        ("Năm học vừa qua có bao nhiêu học sinh?", date(2024, 11, 20), 2023),
        ("Năm học tới tuyển sinh bao nhiêu lớp 1?", date(2025, 7, 1), 2025),
    ],
)
def test_a_school_year_asked(question: str, today: date, first: int) -> None:
    asked = asked_time(question, today)
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(first, 9, 1), date(first + 1, 8, 31))


def test_a_school_year_in_an_article() -> None:
    said = mentioned_periods("Năm học 2023-2024, toàn huyện có 69 trường.", date(2024, 7, 5))
    assert [(p.start, p.end) for p in said] == [(date(2023, 9, 1), date(2024, 8, 31))]
    # a span of years is still one
    said = mentioned_periods("Giai đoạn 2021-2025, huyện xây 12 trường.", date(2024, 7, 5))
    assert [(p.start, p.end) for p in said] == [(date(2021, 1, 1), date(2025, 12, 31))]


def test_a_records_frame_is_no_time_of_the_figure() -> None:
    said = "Có 2.905/2.917 học sinh tốt nghiệp, tỷ lệ 99,59% – mức cao nhất trong 5 năm gần đây."
    assert mentioned_periods(said, date(2025, 6, 20)) == []


@pytest.mark.parametrize(
    ("question", "span"),
    [
        # a numbered week is an ISO week, Monday to Sunday; without its year, the latest begun
        ("Tuần 30/2024 Cần Thơ có bao nhiêu ca?", (date(2024, 7, 22), date(2024, 7, 28))),
        ("Tuần thứ 31 năm 2024 có bao nhiêu ca?", (date(2024, 7, 29), date(2024, 8, 4))),
        ("Tuần 31 có bao nhiêu ca?", (date(2024, 7, 29), date(2024, 8, 4))),
        ("Tuần 40 có bao nhiêu ca?", (date(2023, 10, 2), date(2023, 10, 8))),  # not begun in 2024
        # "tuần 12/2024" is a week, not December
        ("Tuần 12/2024 có bao nhiêu ca?", (date(2024, 3, 18), date(2024, 3, 24))),
        # the year so far through a week; a span of days is one span
        ("Từ đầu năm đến hết tuần 30 có bao nhiêu ca?", (date(2024, 1, 1), date(2024, 7, 28))),
        ("Từ ngày 22/7 đến ngày 28/7/2024 có mấy ca?", (date(2024, 7, 22), date(2024, 7, 28))),
        ("Từ ngày 29/12 đến ngày 4/1/2025 có mấy ca?", (date(2024, 12, 29), date(2025, 1, 4))),
        # twice a week, a week of a month: no numbered week
        ("Mỗi tuần 2 lần thì được bao nhiêu?", None),
    ],
)  # fmt: skip
def test_numbered_weeks_and_spans_of_days(question: str, span: tuple[date, date] | None) -> None:
    assert _span(question, date(2024, 8, 6)) == span


def test_a_weekly_reports_figures_are_its_weeks() -> None:
    text = (
        "Trong tuần 30/2024 (từ ngày 22/7 đến ngày 28/7/2024), toàn thành phố ghi nhận 186 ca, "
        "tăng 24 ca so với tuần 29 (162 ca). Cộng dồn từ đầu năm 2024 đến hết tuần 30, toàn "
        "thành phố có 2.415 ca."
    )
    week_30 = (date(2024, 7, 22), date(2024, 7, 28))
    assert [(p.start, p.end) for p in mentioned_periods(text, date(2024, 7, 29))] == [
        week_30,  # "tuần 30/2024"
        week_30,  # "từ ngày 22/7 đến ngày 28/7/2024"
        # "so với tuần 29" is compared with, but "(162 ca)" after it is week 29's figure
        (date(2024, 7, 15), date(2024, 7, 21)),
        (date(2024, 1, 1), date(2024, 7, 28)),
    ]
    # compared with and no figure of its own: no time of the sentence
    said = "Toàn thành phố ghi nhận 186 ca, tăng 24 ca so với tuần 29."
    assert mentioned_periods(said, date(2024, 7, 29)) == []


def test_a_month_or_a_round_of_this_year_is_no_length_of_time() -> None:
    asked = asked_time("Tháng 3 năm nay bán được bao nhiêu?", TODAY)
    assert asked is not None and asked.period is not None
    assert (asked.period.start.month, asked.period.end.month) == (3, 3)
    asked = asked_time("Năm rồi doanh thu bao nhiêu?", TODAY)
    assert asked is not None and asked.period is not None
    assert asked.period.start.year == TODAY.year - 1


def test_a_time_from_which_a_rule_holds_has_no_end() -> None:
    # "từ năm 2014 trở đi" was the year 2014 alone, and a question about 2016 was declined
    # "cho giai đoạn từ năm 2016 đến nay"
    said = "b) 02 tháng mức bình quân tiền lương cho những năm đóng từ năm 2014 trở đi."
    ((_, period),) = placed_periods(said, date(2025, 4, 25))
    assert period.start == date(2014, 1, 1) and period.end.year > 2090
    assert onward(period)
    ((_, before),) = placed_periods("a) 1,5 tháng cho những năm đóng trước năm 2014;", None)
    assert not onward(before) and before.end == date(2014, 12, 31)


def test_a_week_named_by_its_days_is_no_numbered_week() -> None:
    # "tuần 20-24/10" was week 20 of the year (12/5 to 18/5), and the schedule of late
    # October was declined "cho giai đoạn từ ngày 12/05/2025 đến ngày 18/05/2025"
    asked = asked_time("Họp Ban tổ chức Techfest trong tuần 20-24/10 diễn ra lúc mấy giờ?",
                       date(2025, 11, 10))  # fmt: skip
    assert asked is None or asked.period.start.month == 10
    week = asked_time("Tuần 30/2024 có bao nhiêu ca?", date(2025, 1, 10))
    assert week is not None and week.period.start == date(2024, 7, 22)


def test_two_days_of_a_month_are_one_span() -> None:
    # a weekly schedule's "Cả ngày (23 – 24/10)": both days, in the week they fall in
    said = mentioned_periods("- Cả ngày (23 – 24/10): Giám đốc Sở đi công tác.", date(2025, 10, 17))
    assert [(p.start, p.end) for p in said] == [(date(2025, 10, 23), date(2025, 10, 24))]
    said = mentioned_periods("Hội nghị diễn ra ngày 30-31/12/2024.", date(2025, 1, 5))
    assert [(p.start, p.end) for p in said] == [(date(2024, 12, 30), date(2024, 12, 31))]
    asked = asked_time("Đoàn đi Hà Nội ngày 23-24/10/2025 làm gì?", date(2025, 11, 1))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(2025, 10, 23), date(2025, 10, 24))
    # no days: a share, a score; a year-less pair asked may be of any year
    assert mentioned_periods("Tỷ lệ 10 – 15/100 hộ.", date(2025, 1, 5)) == []
    assert asked_time("Đoàn đi Hà Nội ngày 23-24/10 làm gì?", date(2025, 11, 1)) is None


def test_months_up_to_now_are_no_last_month() -> None:
    # "11 tháng qua" was read "tháng qua", last month alone
    asked = asked_time("11 tháng qua xuất khẩu tôm thu về bao nhiêu?", date(2025, 12, 28))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(2025, 1, 1), date(2025, 12, 28))
    said = mentioned_periods("Sáu tháng qua, tỉnh thu ngân sách 5.000 tỷ đồng.", date(2025, 7, 10))
    assert [(p.start, p.end) for p in said] == [(date(2025, 1, 1), date(2025, 7, 10))]
    asked = asked_time("Tháng qua có bao nhiêu ca?", date(2025, 12, 28))
    assert asked is not None and asked.period is not None
    assert (asked.period.start, asked.period.end) == (date(2025, 11, 1), date(2025, 11, 30))
