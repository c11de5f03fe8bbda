"""A question is read in its passages' wording (answers/wording.py): abbreviations and
the everyday words of rules."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.wording import as_passages_say
from tests.retrieval.answers.passage import passage

_NEWS = "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị sáng 12/1."
_RULES = (
    "a) Kết hôn: nghỉ 3 ngày; c) Cha đẻ, mẹ đẻ, cha nuôi, mẹ nuôi của người lao động chết: "
    "nghỉ 3 ngày. Làm thêm giờ vào ngày nghỉ hằng tuần được trả bằng 200% tiền lương."
)


@pytest.mark.parametrize(
    ("question", "passages", "read"),
    [
        (
            "Bí thư Thành ủy Thành phố Hồ Chí Minh là ai?",
            _NEWS,
            "Bí thư Thành ủy TPHCM là ai?",
        ),
        ("Bí thư Thành ủy TP.HCM là ai?", _NEWS, "Bí thư Thành ủy TPHCM là ai?"),
        (
            "Được nghỉ mấy ngày khi bố mẹ mất?",  # "bố" and "mất", each on its own
            _RULES,
            "Được nghỉ mấy ngày khi cha mẹ chết?",
        ),
        ("Tăng ca ngày nghỉ được trả bao nhiêu?", _RULES, "Làm thêm giờ ngày nghỉ"),
        (
            "Giải năm nay có bao nhiêu VĐV tham gia?",  # staff's everyday abbreviations
            "Giải có sự tham gia của 6.800 vận động viên.",
            "bao nhiêu vận động viên tham gia",
        ),
        (
            "Hạn hoàn thành GPMB dự án?",
            "Hoàn thành giải phóng mặt bằng trong quý II.",
            "giải phóng mặt bằng",
        ),
        (
            "Quy chế nghỉ phép mới áp dụng từ bao giờ?",  # when it takes effect
            "2. Quy chế áp dụng đối với người lao động. 3. Quy chế này có hiệu lực kể từ "
            "ngày 01/01/2025.",
            "Quy chế nghỉ phép mới có hiệu lực kể từ bao giờ?",
        ),
        (
            "Thông tư này áp dụng từ ngày nào?",
            "1. Thông tư này có hiệu lực thi hành kể từ ngày 01/7/2025.",
            "Thông tư này có hiệu lực thi hành kể từ ngày nào?",
        ),
        (  # what staff type for a procedure sheet's words
            "Đổi bằng lái online hết bao nhiêu tiền?",
            "Lệ phí: Nộp hồ sơ trực tiếp: 135.000 đồng; nộp trực tuyến đổi giấy phép lái xe: "
            "115.000 đồng.",
            "Đổi giấy phép lái xe trực tuyến hết bao nhiêu tiền?",
        ),
        (
            "Tuần sau phường Linh Trung cúp điện mấy giờ?",
            "Ngừng cung cấp điện khu vực phường Linh Trung từ 7h30 đến 11h30.",
            "Tuần sau phường Linh Trung ngừng cung cấp điện mấy giờ?",
        ),
        (
            "Ngày mai cúp nước mấy tiếng?",
            "1. Thời gian ngưng cung cấp nước: từ 22g00 thứ Bảy đến 06g00 Chủ nhật (08 giờ).",
            "Ngày mai ngưng cung cấp nước mấy tiếng?",
        ),
        (
            "Làm lại sổ đỏ bị mất ở đâu?",
            "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất: nộp tại UBND cấp xã.",
            "Cấp lại giấy chứng nhận quyền sử dụng đất bị mất ở đâu?",
        ),
        (  # the department merged in 2025, as staff shorten it
            "Vì sao theo Sở NN&MT nhiều người mất niềm tin vào việc phân loại rác?",
            "Ông Phan Quốc Hưng, Phó Giám đốc Sở Nông nghiệp và Môi trường: rác đã phân loại "
            "lại bị đổ chung lên xe thu gom.",
            "Sở Nông nghiệp và Môi trường",
        ),
        # the passages say it as the question does: nothing to read otherwise
        ("Bố mẹ mất thì được nghỉ mấy ngày?", "Bố mẹ mất thì được nghỉ 3 ngày.", None),
        ("Chủ tịch UBND quận 3 là ai?", "Chủ tịch UBND quận 3 là ông A.", None),
        # no wording of the question is another's
        ("Doanh thu năm 2019 là bao nhiêu?", _RULES, None),
    ],
)
def test_a_question_in_its_passages_wording(question: str, passages: str, read: str | None) -> None:
    said = as_passages_say(question, [passages])
    if read is None:
        assert said == question
    else:
        assert read in said


def test_a_name_written_short_in_the_article_is_no_missing_name() -> None:
    # declined before (0.08): "Thành phố Hồ Chí Minh" was a name the passage lacked
    hit = passage(_NEWS, title="Hội nghị Thành ủy", published="2018-01-12")
    found = extract("Bí thư Thành ủy Thành phố Hồ Chí Minh là ai?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "Nguyễn Thiện Nhân"
    assert found.confidence > 0.5


def test_an_abbreviation_matches_a_name_written_with_an_en_dash() -> None:
    passages = ["Bà Nguyệt giữ chức Giám đốc Sở Lao động – Thương binh và Xã hội thành phố."]
    assert as_passages_say("Giám đốc Sở LĐTBXH hiện nay là ai?", passages) == (
        "Giám đốc Sở Lao động – Thương binh và Xã hội hiện nay là ai?"
    )


@pytest.mark.parametrize(
    ("question", "passages", "read"),
    [
        (
            "Quý trước công ty lãi sau thuế bao nhiêu?",
            "Lợi nhuận sau thuế: 104,5 tỷ đồng, tăng 7,1% so với cùng kỳ.",
            "Quý trước công ty lợi nhuận sau thuế bao nhiêu?",
        ),
        (
            "Chiến dịch tầm soát lao diễn ra khi nào?",
            "Chiến dịch sàng lọc, phát hiện chủ động bệnh lao được triển khai từ ngày 5/5.",
            "Chiến dịch sàng lọc lao diễn ra khi nào?",
        ),
        # the passages say it as asked: nothing to read otherwise
        ("Công ty lãi sau thuế bao nhiêu?", "Công ty báo lãi sau thuế 96,8 tỷ đồng.", None),
    ],
)
def test_a_companys_results_in_its_reports_words(
    question: str, passages: str, read: str | None
) -> None:
    assert as_passages_say(question, [passages]) == (read or question)


_PLOTS = (
    "Thửa đất ở sau khi tách thửa phải bảo đảm: 1. Tại các phường: diện tích không nhỏ hơn "
    "50 m2; 2. Tại các thị trấn: diện tích không nhỏ hơn 60 m2; 3. Tại các xã: diện tích "
    "không nhỏ hơn 80 m2."
)


@pytest.mark.parametrize(
    ("question", "passages", "read"),
    [
        ("Tách thửa ở thị trấn tối thiểu mấy mét vuông?", _PLOTS, "tối thiểu mấy m2?"),
        ("Tuyến đường dài bao nhiêu cây số?", "Tuyến đường dài 12,5 km.", "bao nhiêu km?"),
        ("Bể chứa bao nhiêu mét khối nước?", "Bể chứa 500 m3 nước sạch.", "bao nhiêu m3 nước?"),
        # written out in the passages too: read as asked
        ("Dài bao nhiêu cây số?", "Dài 12 cây số.", None),
    ],
)
def test_a_unit_spelled_out_is_read_as_the_passages_symbol(
    question: str, passages: str, read: str | None
) -> None:
    said = as_passages_say(question, [passages])
    assert said == question if read is None else said.endswith(read)


def test_a_minimum_asked_in_square_metres_is_answered_by_the_m2_its_rule_gives() -> None:
    # declined before (0.15): "mét" and "vuông" were rare words the passage lacked
    hit = passage(_PLOTS, title="Diện tích tối thiểu được tách thửa đối với đất ở")
    found = extract(
        "Tách thửa đất ở tại thị trấn cần tối thiểu bao nhiêu mét vuông?", [hit], dense=[0.9]
    )
    assert found.text and found.short is not None and "60 m2" in found.short.text
