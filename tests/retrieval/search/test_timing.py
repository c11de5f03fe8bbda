"""Time in ranking, on hand-built hits: the asked year's edition first, "năm qua" counted
from the article's date, the newest edition for a question with no time, nothing moved
among undated passages, and the date window."""

from __future__ import annotations

from datetime import date

from retrieval.index.chunks import Hit
from retrieval.language.timeexpr import asked_time
from retrieval.search.timing import (
    answer_question,
    editions,
    in_window,
    one_edition,
    rerank,
    time_match,
)

TODAY = date(2026, 1, 20)


def _plan(year: int, focus: str, revenue: str) -> str:
    return (
        f"Sáng 12/1, công ty Minh Long tổ chức hội nghị tổng kết. Năm qua, doanh thu của "
        f"công ty đạt {revenue} tỷ đồng. Nhiệm vụ trọng tâm trong năm nay là {focus}. "
        "Các phòng ban báo cáo tiến độ hằng quý."
    )


def _hit(pid: str, text: str, published: str, score: float, title: str = "") -> Hit:
    return Hit(
        chunk_id=f"{pid}-v1-0000",
        article_id=pid,
        title=title or "Minh Long tổng kết năm",
        source="",
        published=published,
        url="",
        origin=f"x.jsonl#{pid}",
        text=text,
        start=0,
        end=len(text),
        paragraph=0,
        score=score,
    )


PLANS = {
    2023: ("mở rộng xưởng in", "700"),
    2024: ("số hóa kho hàng", "820"),
    2025: ("xuất khẩu sang Nhật Bản", "910"),
    2026: ("xây nhà máy mới", "1.050"),
}


def _editions(scores: dict[int, float]) -> list[Hit]:
    hits = [
        _hit(f"plan{y}", _plan(y, *PLANS[y]), f"{y}-01-12", score) for y, score in scores.items()
    ]
    return sorted(hits, key=lambda h: -h.score)


def _ranked(question: str, hits: list[Hit]) -> list[str]:
    return [h.article_id for h in rerank(hits, asked_time(question, TODAY), question)]


def test_the_asked_years_edition_ranks_first() -> None:
    hits = _editions({2023: 0.9, 2024: 1.0, 2025: 0.6, 2026: 0.8})
    assert _ranked("Nhiệm vụ trọng tâm năm 2025 là gì?", hits)[0] == "plan2025"
    assert _ranked("Nhiệm vụ trọng tâm năm nay là gì?", hits)[0] == "plan2026"
    assert _ranked("Năm ngoái nhiệm vụ trọng tâm là gì?", hits)[0] == "plan2025"


def test_nam_qua_is_the_year_before_a_january_article() -> None:
    # 2024's revenue is in the article of January 2025 ("Năm qua, doanh thu …"), not in
    # the one dated 2024 (whose "năm qua" is 2023).
    hits = _editions({2023: 0.7, 2024: 1.0, 2025: 0.5, 2026: 0.9})
    assert _ranked("Doanh thu năm 2024 đạt bao nhiêu?", hits)[0] == "plan2025"
    plan2024 = next(h for h in hits if h.article_id == "plan2024")
    plan2025 = next(h for h in hits if h.article_id == "plan2025")
    period = asked_time("Doanh thu năm 2024", TODAY)
    assert period is not None and period.period is not None
    words = {"doanh": 1.0, "thu": 1.0}
    assert time_match(plan2025, period.period, words) == 1.0
    assert time_match(plan2024, period.period, words) == 0.0


def _awards(year: int, honoured: int) -> str:
    return (
        f"Chiều 27/12, công ty Minh Long tổ chức lễ tôn vinh người lao động. Năm nay có "
        f"{honoured} công nhân được khen thưởng. Mỗi cá nhân được tặng giấy khen và tiền "
        "thưởng; các tổ có thành tích tốt được ưu tiên tham quan trong năm tới."
    )


def test_the_edition_dated_in_the_year_asked_wins_a_tie() -> None:
    # The 2021 awards' "… tiền thưởng … trong năm tới" is about 2022 with the question's
    # words, as much as the 2022 awards' count: it ranked first, and its count (about
    # 2021) made the answer decline "cho năm 2022".
    hits = [
        _hit("awards2021", _awards(2021, 71), "2021-12-28", 0.925),
        _hit("awards2022", _awards(2022, 80), "2022-12-27", 0.913),
    ]
    assert _ranked("Năm 2022 có bao nhiêu người được khen thưởng?", hits)[0] == "awards2022"
    assert _ranked("Năm 2021 có bao nhiêu người được khen thưởng?", hits)[0] == "awards2021"


def test_no_time_prefers_the_newest_of_equal_editions() -> None:
    hits = _editions({2023: 1.0, 2024: 0.95, 2025: 0.9, 2026: 0.85})
    dense = {h.chunk_id: 0.88 for h in hits}
    lexical = {h.chunk_id: 10.0 for h in hits}
    order = [
        h.article_id
        for h in rerank(hits, None, "Nhiệm vụ trọng tâm là gì?", dense=dense, lexical=lexical)
    ]
    assert order == ["plan2026", "plan2025", "plan2024", "plan2023"]


def test_no_time_keeps_an_edition_that_answers_clearly_better() -> None:
    # Only the 2023 edition holds the words asked for: BM25 says so, the date does not win.
    hits = _editions({2023: 1.0, 2024: 0.6, 2025: 0.5, 2026: 0.4})
    dense = {h.chunk_id: 0.88 for h in hits}
    lexical = {h.chunk_id: 4.0 for h in hits} | {"plan2023-v1-0000": 12.0}
    order = [
        h.article_id
        for h in rerank(hits, None, "Xưởng in mở rộng khi nào?", dense=dense, lexical=lexical)
    ]
    assert order[0] == "plan2023"


def test_asking_for_the_newest_moves_it_first() -> None:
    hits = _editions({2023: 1.0, 2024: 0.95, 2025: 0.9, 2026: 0.5})
    assert _ranked("Nhiệm vụ trọng tâm mới nhất là gì?", hits)[0] == "plan2026"


def test_undated_passages_keep_their_order() -> None:
    hits = [
        _hit("a", "Năm nay trường mở thêm ngành mới.", "", 1.0, "Tuyển sinh"),
        _hit("b", "Năm 2019 trường có 3.000 sinh viên.", "", 0.9, "Tuyển sinh"),
        _hit("c", "Thư viện mở cửa cả tuần.", "", 0.8, "Thư viện"),
    ]
    assert _ranked("Trường tuyển bao nhiêu sinh viên?", hits) == ["a", "b", "c"]
    assert editions(hits) == []
    # With a year asked, the passage that names it gets the boost: it matched already.
    assert _ranked("Năm 2019 trường có bao nhiêu sinh viên?", hits)[0] == "b"


def test_different_articles_are_not_editions() -> None:
    hits = [
        _hit("a", _plan(2024, *PLANS[2024]), "2024-01-12", 1.0),
        _hit("b", "Đội bóng của công ty vô địch giải phong trào của quận.", "2025-06-01", 0.9),
    ]
    assert editions(hits) == []
    assert one_edition(hits) == hits
    assert _ranked("Đội bóng vô địch giải gì?", hits) == ["a", "b"]


def test_one_edition_keeps_the_best_ranked() -> None:
    hits = _editions({2023: 1.0, 2024: 0.9, 2025: 0.8})
    other = _hit("x", "Đội bóng của công ty vô địch giải phong trào.", "2025-06-01", 0.7)
    assert [h.article_id for h in one_edition([*hits, other])] == ["plan2023", "x"]


def test_window() -> None:
    hit = _hit("a", "x", "2024-05-06", 1.0)
    assert in_window(hit, None, None)
    assert in_window(hit, date(2024, 1, 1), date(2024, 12, 31))
    assert not in_window(hit, date(2025, 1, 1), None)
    assert not in_window(hit, None, date(2024, 5, 5))
    assert not in_window(_hit("b", "x", "", 1.0), date(2024, 1, 1), None)
    # A date known to the year only is in any window that overlaps the year.
    assert in_window(_hit("c", "x", "2024", 1.0), date(2024, 6, 1), date(2024, 6, 30))


def test_the_answer_weighs_sentences_without_a_year_the_passage_never_names() -> None:
    question = "Nhiệm vụ trọng tâm năm 2025 là gì?"
    asked = asked_time(question, TODAY)
    dated = _hit("plan2025", _plan(2025, *PLANS[2025]), "2025-01-12", 1.0)
    assert answer_question(question, [dated], asked, TODAY) == "Nhiệm vụ trọng tâm là gì?"
    spelled = _hit("p", "Nhiệm vụ trọng tâm năm 2025 là mở rộng.", "2025-01-12", 1.0)
    assert answer_question(question, [spelled], asked, TODAY) == question
    undated = _hit("u", _plan(2025, *PLANS[2025]), "", 1.0)
    assert answer_question(question, [undated], asked, TODAY) == question


def _so_far(times: int, day: str) -> str:
    return (
        f"Như vậy, tính từ đầu năm đến nay, giá xăng trong nước đã trải qua {times} kỳ điều "
        f"chỉnh. Giá mới áp dụng từ 15 giờ ngày {day}. Các cửa hàng niêm yết giá ngay."
    )


def test_asked_so_far_the_newest_edition_of_the_year_comes_first() -> None:
    # both dated in "từ đầu năm đến nay"; the older ranked first and its "3 kỳ" answered
    hits = [
        _hit("fuel0206", _so_far(3, "6/2/2025"), "2025-02-06", 0.93),
        _hit("fuel0220", _so_far(4, "20/2/2025"), "2025-02-20", 0.92),
    ]
    question = "Từ đầu năm đến nay giá xăng đã điều chỉnh mấy lần?"
    asked = asked_time(question, date(2025, 2, 25))
    assert asked is not None and asked.recent
    assert rerank(hits, asked, question)[0].article_id == "fuel0220"
    # "từ đầu năm" alone asks no newest
    plain = asked_time("Từ đầu năm giá xăng điều chỉnh mấy lần?", date(2025, 2, 25))
    assert plain is not None and not plain.recent


def _monthly(month: int, visitors: str, day: str) -> str:
    return (
        f"Ninh Bình, ngày {day} – Sở Du lịch vừa công bố số liệu hoạt động du lịch trên địa "
        f"bàn tỉnh. Toàn tỉnh đón {visitors} lượt khách, tăng so với cùng kỳ năm 2024. "
        "Công suất sử dụng phòng bình quân tăng nhẹ."
    )


def test_a_report_is_about_the_month_its_title_names_not_the_month_it_came_out() -> None:
    # January's report came out on 5 February: dated in February, it ranked first for
    # "tháng vừa qua" asked in March, and February's report (out on 5 March) was dropped
    # as its edition; the answer declined "cho tháng 02/2025".
    hits = [
        _hit(
            "jan",
            _monthly(1, "285.000", "05/02/2025"),
            "2025-02-05",
            0.95,
            title="Du lịch Ninh Bình tháng 1/2025",
        ),
        _hit(
            "feb",
            _monthly(2, "342.000", "05/3/2025"),
            "2025-03-05",
            0.93,
            title="Tình hình hoạt động du lịch tháng 2 và 2 tháng đầu năm 2025",
        ),
    ]
    question = "Tháng vừa qua tỉnh đón bao nhiêu lượt khách du lịch?"
    asked = asked_time(question, date(2025, 3, 10))
    assert asked is not None and asked.period is not None
    assert one_edition(rerank(hits, asked, question))[0].article_id == "feb"
    # asked in February about January, January's report answers
    asked = asked_time(question, date(2025, 2, 20))
    assert asked is not None
    assert one_edition(rerank(hits, asked, question))[0].article_id == "jan"
    # the report's own dateline day is no time its figures are for
    words = {"khach": 1.0, "luot": 1.0}
    february = asked_time("tháng 2/2025", TODAY)
    assert february is not None and february.period is not None
    assert time_match(hits[0], february.period, words) == 0.0


def test_a_report_of_a_part_of_the_span_asked_matches_it_in_part() -> None:
    # Asked the first half, the first quarter's report (dated inside it) ranked first and
    # its figures answered; the first half's report is the one asked for.
    hits = [
        _hit(
            "q1",
            "Tính chung quý I/2025, tổng mức bán lẻ hàng hóa ước đạt 48.652 tỷ đồng, đạt "
            "24,1% kế hoạch năm (kế hoạch năm 2025 là 202.000 tỷ đồng).",
            "2025-04-07",
            0.95,
            title="Thanh Hóa: tổng mức bán lẻ quý I/2025 tăng khá",
        ),
        _hit(
            "h1",
            "Lũy kế 6 tháng đầu năm 2025, tổng mức bán lẻ hàng hóa ước đạt 98.970 tỷ đồng, "
            "đạt 49,0% kế hoạch năm.",
            "2025-07-08",
            0.90,
            title="Thanh Hóa: thương mại quý II và 6 tháng đầu năm 2025",
        ),
    ]
    question = "Sáu tháng đầu năm, tổng mức bán lẻ của tỉnh đạt bao nhiêu phần trăm kế hoạch?"
    asked = asked_time(question, date(2025, 7, 30))
    assert asked is not None and asked.period is not None
    words = {"tong": 1.0, "ban": 1.0, "le": 1.0}
    assert time_match(hits[0], asked.period, words) < 0.6
    assert time_match(hits[1], asked.period, words) == 1.0
    assert rerank(hits, asked, question)[0].article_id == "h1"
    # asked the first quarter, its own report matches whole
    quarter = asked_time("Quý I/2025 tổng mức bán lẻ đạt bao nhiêu?", date(2025, 7, 30))
    assert quarter is not None and quarter.period is not None
    assert time_match(hits[0], quarter.period, words) == 1.0
