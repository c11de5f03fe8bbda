"""Asked what holds now, the newer article's figure answers (answers/newest.py)."""

from __future__ import annotations

from retrieval.answers.extractive import extract
from tests.retrieval.answers.passage import passage

_NEWS = (
    "Về giá nước, hiện nay công ty vẫn áp dụng biểu giá nước sạch theo quyết định của UBND "
    "tỉnh ban hành năm 2020; trong đó giá nước sinh hoạt hộ gia đình bậc 1 (10 m3 đầu tiên) "
    "là 7.200 đồng/m3, chưa bao gồm thuế giá trị gia tăng."
)
_NOTICE = (
    "Công ty Cổ phần Cấp nước Thị Nại thông báo: kể từ ngày 01/3/2025, công ty áp dụng biểu "
    "giá nước sạch mới như sau:\n"
    "1. Nước sinh hoạt hộ gia đình (tính cho từng hộ/đồng hồ/tháng):\n"
    "- Bậc 1 (10 m3 đầu tiên): 8.300 đồng/m3 (giá cũ 7.200 đồng/m3);\n"
    "- Bậc 2 (trên 10 m3 đến 20 m3): 9.800 đồng/m3 (giá cũ 8.600 đồng/m3)."
)
_QUESTION = "Hiện tại giá nước sinh hoạt bậc 1 của Thị Nại bao nhiêu tiền một mét khối?"


def test_asked_for_now_the_newer_articles_figure_answers() -> None:
    hits = [
        passage(_NEWS, title="Cấp nước Thị Nại đưa nhà máy vào vận hành", published="2023-09-18",
                chunk_id="news:0"),
        passage(_NOTICE, title="Thông báo điều chỉnh giá nước", published="2025-02-14",
                chunk_id="notice:0"),
    ]  # fmt: skip
    now = extract(_QUESTION, hits, dense=[0.84, 0.85], recent=True)
    assert now.short is not None and now.short.text == "8.300 đồng/m3"
    # Not asked for now, the sentence saying it best answers, as before.
    asked = "Giá nước sinh hoạt bậc 1 của Thị Nại là bao nhiêu tiền một mét khối?"
    plain = extract(asked, hits, dense=[0.84, 0.85])
    assert plain.short is not None and plain.short.text == "7.200 đồng/m3"


def test_a_newer_article_about_something_else_does_not_answer() -> None:
    # a flood's "Tổng thiệt hại ước tính khoảng 1.900 tỷ đồng", published a week later,
    # answered the damage of the fire the question names
    fire = (
        "Theo ước tính sơ bộ của doanh nghiệp, thiệt hại khoảng 45 tỷ đồng. Công ty TNHH Bao "
        "bì Hưng Phát hoạt động tại KCN Quế Võ từ năm 2016."
    )
    flood = (
        "Mưa lũ kéo dài khiến hàng nghìn ngôi nhà bị ngập sâu tại Quảng Ngãi. Tổng thiệt hại "
        "ước tính khoảng 1.900 tỷ đồng."
    )
    hits = [
        passage(fire, title="Cháy kho hàng trong KCN Quế Võ, thiệt hại ước khoảng 45 tỷ đồng",
                published="2025-11-06", chunk_id="fire:0"),
        passage(flood, title="Quảng Ngãi lập quỹ cứu trợ", published="2025-11-12",
                chunk_id="flood:0"),
    ]  # fmt: skip
    found = extract("Thiệt hại vụ cháy kho Hưng Phát ước tính khoảng bao nhiêu", hits,
                    dense=[0.84, 0.85])  # fmt: skip
    assert found.short is not None and found.short.text == "45 tỷ đồng", found.text


def test_asked_who_holds_an_office_now_a_newer_article_on_a_deputy_does_not_answer() -> None:
    elected = passage(
        "Lục Nam, ngày 26/6/2021 - Ngày 25/6, HĐND huyện Lục Nam tổ chức kỳ họp thứ hai.\n"
        "Với 37/38 đại biểu có mặt tán thành (đạt 97,37%), ông Hoàng Văn Dũng, Phó Bí thư "
        "Huyện ủy, được bầu giữ chức Chủ tịch UBND huyện nhiệm kỳ 2021 - 2026.",
        title="Ông Hoàng Văn Dũng được bầu làm Chủ tịch UBND huyện Lục Nam",
        published="2021-06-26", chunk_id="a:0",
    )  # fmt: skip
    deputy = passage(
        "Lục Nam, ngày 12/10/2023 - Ngày 11/10, HĐND huyện Lục Nam bầu bổ sung Phó Chủ tịch "
        "UBND huyện nhiệm kỳ 2021 - 2026.\nHĐND huyện đã bầu ông Ngô Thanh Bình, Trưởng phòng "
        "Tài chính - Kế hoạch huyện, giữ chức Phó Chủ tịch UBND huyện. Ông Ngô Thanh Bình có "
        "trình độ thạc sĩ kinh tế, nhiều năm công tác trong lĩnh vực tài chính của huyện.",
        title="HĐND huyện Lục Nam bầu bổ sung Phó Chủ tịch UBND huyện",
        published="2023-10-12", chunk_id="b:0",
    )  # fmt: skip
    found = extract(
        "Chủ tịch UBND huyện Lục Nam hiện nay là ai", [elected, deputy], dense=[0.9, 0.9],
        recent=True,
    )  # fmt: skip
    assert found.short is not None and found.short.text == "Hoàng Văn Dũng", found.text
