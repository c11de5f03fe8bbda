"""A sentence setting two periods' figures side by side: the phrase is the figure for the
time asked (figure_time.py). Pure functions: no model, no index."""

from __future__ import annotations

from datetime import date

from retrieval.answers.extractive import extract
from retrieval.answers.figure_time import figure_for
from retrieval.language.timeexpr import Period, asked_time
from tests.retrieval.answers.passage import passage

REPORT = (
    "Chiều 29/3/2024, Cục Thống kê tỉnh Tân Hòa công bố báo cáo kinh tế – xã hội quý I/2024. "
    "Theo đó, GRDP quý I/2024 ước tăng 6,15% so với cùng kỳ năm trước, cao hơn mức tăng "
    "5,38% của quý I/2023. Quy mô nền kinh tế đạt 98.420 tỷ đồng."
)


def _period(question: str, today: date = date(2024, 12, 15)) -> Period:
    asked = asked_time(question, today)
    assert asked is not None and asked.period is not None
    return asked.period


def _figure(sentence: str, figure: str, question: str, published: str = "") -> str:
    start = sentence.index(figure)
    span = figure_for(sentence, (start, start + len(figure)), _period(question), published)
    return sentence[span[0] : span[1]]


def _quarter(question: str) -> str | None:
    hit = passage(REPORT, title="GRDP quý I/2024 tăng 6,15%", published="2024-03-29")
    found = extract(question, [hit], dense=[0.9], period=_period(question))
    return found.short.text if found.short else None


def test_the_figure_named_with_the_quarter_asked_answers_for_it() -> None:
    assert _quarter("Quý I năm 2023 kinh tế tỉnh Tân Hòa tăng trưởng bao nhiêu?") == "5,38%"
    # the quarter the sentence is about keeps its own figure
    assert _quarter("Quý I năm 2024 kinh tế tỉnh Tân Hòa tăng trưởng bao nhiêu?") == "6,15%"


def test_a_figure_is_for_the_last_time_named_before_it() -> None:
    sentence = "Năm 2022 công ty đạt 1.100 tỷ đồng, năm 2023 đạt 1.415 tỷ đồng."
    assert _figure(sentence, "1.100 tỷ đồng", "Doanh thu năm 2023?") == "1.415 tỷ đồng"
    assert _figure(sentence, "1.415 tỷ đồng", "Doanh thu năm 2022?") == "1.100 tỷ đồng"
    # "năm nay" counts from the article's date
    sentence = "Năm ngoái xã thu 12 tỷ đồng, năm nay thu 15 tỷ đồng."
    assert _figure(sentence, "15 tỷ đồng", "Năm 2023 xã thu bao nhiêu?", "2024-12-20") == (
        "12 tỷ đồng"
    )


def test_a_figure_stays_when_no_other_fits_the_time_asked() -> None:
    # another unit: a count is no answer for a sum
    sentence = "Năm 2022 có 120 doanh nghiệp, năm 2023 đạt 1.415 tỷ đồng."
    assert _figure(sentence, "1.415 tỷ đồng", "Doanh thu năm 2022?") == "1.415 tỷ đồng"
    # one time named: every figure is for it
    sentence = "Năm 2023 công ty đạt 1.415 tỷ đồng, nộp ngân sách 120 tỷ đồng."
    assert _figure(sentence, "1.415 tỷ đồng", "Năm 2022 nộp ngân sách bao nhiêu?") == (
        "1.415 tỷ đồng"
    )
    # a time compared with is none a figure is for
    sentence = "Năm 2023 đạt 1.415 tỷ đồng, tăng 28,6 tỷ đồng so với năm 2022."
    assert _figure(sentence, "1.415 tỷ đồng", "Doanh thu năm 2022?") == "1.415 tỷ đồng"


def _number(text: str, question: str) -> str | None:
    found = extract(question, [passage(text, title="Tin tức")], dense=[0.9])
    return found.short.text if found.short else None


def test_a_total_answers_unless_the_question_names_one_of_its_parts() -> None:
    budget = (
        "Dự toán thu ngân sách nhà nước năm 2024 được Hội đồng nhân dân thành phố thông qua "
        "tại kỳ họp cuối năm 2023 là 15.280 tỷ đồng, trong đó thu nội địa 13.080 tỷ đồng và "
        "thu từ hoạt động xuất nhập khẩu 2.200 tỷ đồng."
    )
    question = "Dự toán thu ngân sách năm nay HĐND thành phố giao là bao nhiêu?"
    assert _number(budget, question) == "15.280 tỷ đồng"
    assert _number(budget, "Dự toán thu nội địa là bao nhiêu?") == "13.080 tỷ đồng"
    cases = (
        "Từ đầu năm đến nay, toàn tỉnh ghi nhận 1.240 ca sốt xuất huyết, trong đó 45 ca ở "
        "huyện Tân Phú, 12 ca ở huyện Định Quán."
    )
    assert (_number(cases, "Toàn tỉnh có bao nhiêu ca sốt xuất huyết?") or "").startswith("1.240")
    assert (_number(cases, "Huyện Định Quán có bao nhiêu ca sốt?") or "").startswith("12 ca")


QUARTER = (
    "Công ty Cổ phần Dược phẩm Trường An vừa công bố báo cáo tài chính quý III/2024.\n\n"
    "Kết quả quý III/2024:\n"
    "- Doanh thu thuần: 1.356,2 tỷ đồng, tăng 9,8% so với quý III/2023 (1.235,2 tỷ đồng);\n"
    "- Lợi nhuận sau thuế: 104,5 tỷ đồng, tăng 7,1% so với cùng kỳ (quý III/2023 đạt 97,6 "
    "tỷ đồng);\n"
    "- EPS quý: 1.568 đồng."
)


def test_a_bracket_after_the_figure_compared_with_leaves_the_sentence_the_articles() -> None:
    # The bracket's "quý III/2023" is the time compared with: the point is still the
    # report's, of Q3/2024 (sentence_time.in_time). It was read as about 2023 only and no
    # candidate for 2024: declined.
    hit = passage(
        QUARTER,
        title="TAP công bố kết quả kinh doanh quý III/2024",
        published="2024-10-21",
    )
    question = "Lợi nhuận sau thuế quý III/2024 tăng bao nhiêu so với cùng kỳ?"
    found = extract(question, [hit], dense=[0.9], period=_period(question))
    assert found.short is not None and found.short.text == "7,1%", found.text
    # asked of the year before, the bracket answers
    question = "Quý III năm 2023 lợi nhuận sau thuế là bao nhiêu?"
    found = extract(question, [hit], dense=[0.9], period=_period(question))
    assert found.short is not None and found.short.text == "97,6 tỷ đồng", found.text


def test_a_day_listed_before_a_date_is_no_figure() -> None:
    # The exam of the school year 2024-2025 is held in June 2024, before the school year:
    # the figure stays the candidates' count, not the "04" of "04 và 05/6/2024".
    sentence = (
        "Kỳ thi tuyển sinh vào lớp 10 THPT năm học 2024–2025 được tổ chức trong hai ngày 04 "
        "và 05/6/2024 tại 45 điểm thi với 16.820 thí sinh."
    )
    question = "Kỳ tuyển sinh lớp 10 năm học 2024–2025 có bao nhiêu thí sinh dự thi?"
    assert _figure(sentence, "16.820", question, "2024-07-08") == "16.820"


COFFEE = (
    "Ngày 27/10, giá cà phê nhân xô tại Đắk Lắk dao động 119.000–119.400 đồng/kg. "
    "So với cùng thời điểm năm 2024 (khoảng 108.000 đồng/kg), giá cà phê hiện cao hơn khoảng "
    "11.000 đồng/kg."
)


def test_the_figure_in_brackets_after_a_time_compared_with_is_that_times() -> None:
    # The compared year was no time of the article: "năm ngoái" asked in November 2025
    # was declined "cho năm 2024", and its figure was the difference.
    hit = passage(COFFEE, title="Giá cà phê tăng liên tiếp", published="2025-10-28")
    question = "Cùng thời điểm năm ngoái, giá cà phê nhân ở Đắk Lắk khoảng bao nhiêu?"
    found = extract(question, [hit], dense=[0.9], period=_period(question, date(2025, 11, 5)))
    assert found.confidence > 0.3
    assert found.short is not None and found.short.text == "khoảng 108.000 đồng/kg"
    # a compared time without its figure is still no time of the sentence
    sentence = "Giá cà phê hiện cao hơn khoảng 11.000 đồng/kg so với cùng thời điểm năm 2024."
    assert _figure(sentence, "11.000 đồng/kg", "Năm 2024 giá bao nhiêu?", "2025-10-28") == (
        "11.000 đồng/kg"
    )
