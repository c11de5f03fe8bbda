"""A sentence on the other side of what the question names does not answer it
(answers/contrasts.py): "khách trong nước" for "khách nước ngoài", "tập thể" for "cá
nhân", "ngoài khu dân cư" for "trong khu dân cư"."""

from __future__ import annotations

import pytest

from retrieval.answers.asks import asked_head, asks
from retrieval.answers.contrasts import other_side, same_side
from retrieval.answers.extractive import extract
from retrieval.answers.sentences import _query
from retrieval.answers.span import short_span
from tests.retrieval.answers.passage import passage


@pytest.mark.parametrize(
    ("question", "text", "other"),
    [
        (
            "Mức chi mời cơm khách nước ngoài là bao nhiêu?",
            "Mời cơm khách trong nước: 300.000 đồng.",
            True,
        ),
        (
            "Mức chi mời cơm khách trong nước là bao nhiêu?",
            "Mời cơm khách trong nước: 300.000 đồng.",
            False,
        ),
        ("Tặng bằng khen cho bao nhiêu cá nhân?", "Tặng bằng khen cho 6 tập thể.", True),
        ("Tặng bằng khen cho bao nhiêu cá nhân?", "Tặng bằng khen cho tập thể và cá nhân.", False),
        # "công lập" is not said inside "ngoài công lập"
        ("Trường công lập thu học phí bao nhiêu?", "Trường ngoài công lập thu 5 triệu đồng.", True),
        (
            "Trường ngoài công lập thu học phí bao nhiêu?",
            "Trường ngoài công lập thu 5 triệu đồng.",
            False,
        ),
        (
            "Tốc độ tối đa trong khu dân cư là bao nhiêu?",
            "b) Ngoài khu vực đông dân cư: 70 km/h.",
            True,
        ),
        ("Hạng B2 có thời hạn bao lâu?", "Giấy phép lái xe không thời hạn gồm hạng A1.", True),
        ("Được nghỉ hưởng lương mấy ngày?", "Được nghỉ không hưởng lương 1 ngày.", True),
        # "không được" asked: what is allowed answers the other side; not the other way
        (
            "Những trường hợp nào không được thanh toán công tác phí?",
            "Những ngày nghỉ hằng năm chưa nghỉ hết được thanh toán bằng tiền.",
            True,
        ),
        (
            "Những trường hợp nào không được thanh toán công tác phí?",
            "Người đi công tác không được thanh toán khi tự ý ở lại.",
            False,
        ),
        ("Sinh viên được đăng ký bao nhiêu tín chỉ?", "Không được đăng ký quá 25 tín chỉ.", False),
        # a number bounded the other way: "từ 50 cm3 trở lên" for "dưới 50 cm3"
        (
            "Người đủ bao nhiêu tuổi thì được lái xe gắn máy dưới 50 cm3?",
            "b) Người đủ 18 tuổi trở lên được lái xe mô tô có dung tích từ 50 cm3 trở lên;",
            True,
        ),
        (
            "Người đủ bao nhiêu tuổi thì được lái xe gắn máy dưới 50 cm3?",
            "a) Người đủ 16 tuổi trở lên được lái xe gắn máy có dung tích dưới 50 cm3;",
            False,
        ),
        (
            "Làm thêm trên 200 giờ một năm thì cần điều kiện gì?",
            "Tổng số giờ làm thêm không quá 200 giờ trong một năm.",
            True,
        ),
        # a range bounds nothing; another number is no other side
        (
            "Xe chở người trên 30 chỗ cần giấy phép hạng nào?",
            "Hạng D cấp cho người lái xe ô tô chở người từ 10 đến 30 chỗ ngồi.",
            False,
        ),
        ("Xe trên 30 chỗ cần giấy phép hạng nào?", "Xe dưới 9 chỗ cần hạng B2.", False),
        # vehicles: the rule for a bicycle is not the rule for a motorbike
        (
            "Trẻ em bao nhiêu tuổi thì được chở thêm trên xe gắn máy?",
            "Người điều khiển xe đạp chỉ được chở thêm một trẻ em dưới 7 tuổi.",
            True,
        ),
        ("Xe đạp máy được chở mấy người?", "Xe đạp máy được chở một người.", False),
        # kinds of leave: a student's leave is not annual leave; "nghỉ phép" is
        (
            "Muốn nghỉ phép năm thì phải gửi đơn trước mấy ngày?",
            "Sinh viên nghỉ học tạm thời phải viết đơn ít nhất 1 tuần trước khi học kỳ bắt đầu.",
            True,
        ),
        (
            "Muốn nghỉ phép năm thì phải gửi đơn trước mấy ngày?",
            "Người lao động muốn nghỉ phép năm phải gửi đơn trước ít nhất 3 ngày làm việc.",
            False,
        ),
        # "chưa được" is "không được"
        (
            "Chi phí không được bảo hiểm y tế thanh toán thì bệnh viện hỗ trợ bao nhiêu?",
            "Chi phí dùng robot chưa được bảo hiểm y tế thanh toán nên bệnh viện hỗ trợ 50%.",
            False,
        ),
        (
            "Chi phí không được bảo hiểm y tế thanh toán thì bệnh viện hỗ trợ bao nhiêu?",
            "Chi phí được bảo hiểm y tế thanh toán khoảng 128 triệu đồng.",
            True,
        ),
        # the market importing is where the exports go, not imports
        (
            "Mỹ chiếm bao nhiêu thị phần trong xuất khẩu hồ tiêu?",
            "Mỹ là thị trường nhập khẩu hồ tiêu lớn nhất của Việt Nam, chiếm 24,7% thị phần.",
            False,
        ),
        ("Kim ngạch xuất khẩu là bao nhiêu?", "Kim ngạch nhập khẩu đạt 5 tỷ USD.", True),
        # a sentence naming neither side may answer for both
        ("Lao động nữ được nghỉ bao nhiêu ngày?", "Người lao động được nghỉ 12 ngày.", False),
        ("Doanh thu năm 2019 là bao nhiêu?", "Doanh thu xuất khẩu đạt 905 tỷ đồng.", False),
    ],
)
def test_the_other_side(question: str, text: str, other: bool) -> None:
    assert other_side(question, text) == other


def test_the_same_side() -> None:
    question = "Mức chi mời cơm khách nước ngoài là bao nhiêu?"
    assert same_side(question, "Mời cơm khách nước ngoài: 500.000 đồng.")
    assert not same_side(question, "Mức chi giải khát: 20.000 đồng.")


_RULES = passage(
    "Mức chi mời cơm khách trong nước tối đa 300.000 đồng/suất. Mức chi giải khát giữa giờ "
    "tối đa 20.000 đồng/người/buổi.",
    title="Quy chế chi tiêu nội bộ",
)
_AWARDS = passage(
    "Ban Thường vụ Thành ủy trao tặng bằng khen cho tập thể và cá nhân hoàn thành xuất sắc "
    "nhiệm vụ. Tại hội nghị, Ban Thường vụ Thành ủy đã trao tặng bằng khen cho 6 tập thể.",
    title="Hội nghị",
)


def test_a_rate_or_count_of_the_other_side_is_no_answer() -> None:
    # answered with the domestic rate (1.00) and "6 tập thể" (0.99) before
    found = extract("Mức chi mời cơm khách nước ngoài là bao nhiêu?", [_RULES], dense=[0.9])
    assert found.confidence == 0.0
    found = extract("Mức chi mời cơm khách trong nước là bao nhiêu?", [_RULES], dense=[0.9])
    assert found.short is not None and found.short.text.startswith("tối đa 300.000")
    question = "Ban Thường vụ Thành ủy tặng bằng khen cho bao nhiêu cá nhân?"
    assert extract(question, [_AWARDS], dense=[0.9]).confidence == 0.0
    question = "Ban Thường vụ Thành ủy tặng bằng khen cho bao nhiêu tập thể?"
    found = extract(question, [_AWARDS], dense=[0.9])
    assert found.short is not None and found.short.text == "6 tập thể"


def test_the_part_of_a_sentence_on_the_side_asked_holds_the_phrase() -> None:
    text = (
        "Khối lượng học tập được quy định như sau: a) Khối lượng tối thiểu là 14 tín chỉ, trừ "
        "học kỳ cuối khóa; b) Khối lượng tối đa là 25 tín chỉ."
    )
    for question, number in (
        ("Mỗi học kỳ được đăng ký tối đa bao nhiêu tín chỉ?", "25"),  # was "14"
        ("Mỗi học kỳ được đăng ký tối thiểu bao nhiêu tín chỉ?", "14"),
    ):
        span = short_span(_query(question).span_terms, asks(question), text, asked_head(question))
        assert span is not None and text[span[0] : span[1]] == number


def test_a_point_is_on_the_side_its_lead_in_names() -> None:
    law = passage(
        "Điều 30. Người điều khiển xe mô tô, xe gắn máy\n1. Người điều khiển xe mô tô hai "
        "bánh, xe gắn máy chỉ được chở một người, trừ những trường hợp sau thì được chở tối "
        "đa hai người:\na) Chở người bệnh đi cấp cứu;\nb) Trẻ em dưới 14 tuổi.\nĐiều 31. "
        "Người điều khiển xe đạp\n1. Người điều khiển xe đạp chỉ được chở một người, trừ "
        "trường hợp chở thêm một trẻ em dưới 7 tuổi thì được chở tối đa hai người.",
        title="Luật Giao thông đường bộ",
    )
    question = "Trẻ em bao nhiêu tuổi thì được chở thêm trên xe gắn máy?"
    found = extract(question, [law], dense=[0.9])  # was the bicycle's "dưới 7 tuổi"
    assert found.short is not None and found.short.text == "dưới 14 tuổi"
