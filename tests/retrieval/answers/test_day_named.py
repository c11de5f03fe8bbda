"""The day a question names against the day a sentence gives its figures for (day_named.py),
and the figures of a price report: a range with spaced dashes is one, a change is no level."""

from __future__ import annotations

from retrieval.answers.day_named import days_named
from retrieval.answers.extractive import extract
from retrieval.answers.granularity import writes_weekday
from retrieval.answers.span import phrases
from tests.retrieval.answers.passage import passage

GOLD = (
    "Vàng miếng SJC tăng hơn 4 triệu đồng/lượng. Ghi nhận sáng 3/11, Công ty Vàng bạc Đá quý "
    "Phương Đông niêm yết giá vàng miếng SJC ở mức 145,8 triệu đồng/lượng mua vào và 147,8 "
    "triệu đồng/lượng bán ra. Đến ngày 14/11, giá vàng miếng SJC tăng lên 148,5 triệu "
    "đồng/lượng mua vào và 150,5 triệu đồng/lượng bán ra, tăng 2,7 triệu đồng/lượng ở cả hai "
    "chiều so với ngày 3/11."
)


def test_a_day_compared_with_is_not_the_sentences_own() -> None:
    assert days_named("Đến ngày 14/11, giá tăng 2,7 triệu so với ngày 3/11.") == {(14, 11)}
    assert days_named("Hôm 3/11 giá mua vào vàng SJC bao nhiêu") == {(3, 11)}
    assert days_named("Tỷ lệ đạt 2.905/2.917 học sinh.") == frozenset()  # no day


def test_asked_a_day_the_sentence_giving_that_days_figures_answers() -> None:
    # "Đến ngày 14/11, … so với ngày 3/11" led, and the 14th's price answered the 3rd's
    hit = passage(GOLD, title="Giá vàng tháng 11")
    found = extract("Hôm 3/11 giá mua vào vàng SJC bao nhiêu", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "145,8 triệu đồng/lượng", found.text
    found = extract("Ngày 14/11 giá mua vào vàng SJC bao nhiêu", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "148,5 triệu đồng/lượng", found.text


def test_a_price_range_with_spaced_dashes_is_one_figure() -> None:
    text = "ở mức 5.600 – 5.700 đồng/kg; lúa OM 18 giảm nhẹ 100 đồng/kg, còn 6.100 – 6.300 đồng/kg"
    numbers = [text[p.start : p.end] for p in phrases(text) if p.kind == "number"]
    assert numbers == ["5.600 – 5.700 đồng/kg", "100 đồng/kg", "6.100 – 6.300 đồng/kg"]


def test_a_change_does_not_answer_a_level_asked() -> None:
    text = "Giá lúa OM 18 giảm nhẹ 100 đồng/kg, còn 6.100 – 6.300 đồng/kg."
    hit = passage(text, title="Giá lúa gạo")
    found = extract("Lúa OM 18 thương lái mua giá bao nhiêu?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "6.100 – 6.300 đồng/kg", found.text
    found = extract("Lúa OM 18 giảm bao nhiêu?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "100 đồng/kg", found.text


def test_an_autumn_crop_is_no_thursday() -> None:
    assert writes_weekday("báo cáo vào thứ Sáu hằng tuần")
    assert not writes_weekday("phục vụ sản xuất vụ Hè Thu năm 2025")
