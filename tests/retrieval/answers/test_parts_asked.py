"""The figure or time the question asks among several of a sentence: the one compared with
the reference it names, the new level, one end of a span of days (answers/parts_asked.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.parts_asked import part_asked
from tests.retrieval.answers.passage import passage

CPI = (
    "Chỉ số giá tiêu dùng (CPI) tháng 10/2024 trên địa bàn thành phố tăng 0,41% so với tháng "
    "trước, tăng 1,18% so với tháng 12/2023 và tăng 2,86% so với cùng kỳ năm trước."
)
MEAL = (
    "Công đoàn đã đề nghị thành công việc tăng lương 7% và nâng tiền ăn ca từ 25.000 đồng lên "
    "30.000 đồng/bữa cho hơn 3.500 công nhân."
)
CHECKS = (
    "Trung tâm Y tế huyện chủ trì đoàn kiểm tra liên ngành về an toàn thực phẩm, hoạt động từ "
    "ngày 25/12/2024 đến ngày 15/2/2025."
)
APPEALS = (
    "Thí sinh nộp đơn phúc khảo từ ngày 17/7 đến 17 giờ ngày 26/7/2024 tại nơi đăng ký dự thi."
)


@pytest.mark.parametrize(
    ("question", "text", "part"),
    [
        # "cùng kỳ năm ngoái" is the report's "cùng kỳ năm trước" (was "0,41%", the first)
        ("CPI tháng 10 tăng bao nhiêu so với cùng kỳ năm ngoái?", CPI, "2,86%"),
        ("CPI tháng 10 tăng bao nhiêu so với cùng kỳ?", CPI, "2,86%"),
        ("So với tháng 12/2023 thì CPI tháng 10 tăng bao nhiêu?", CPI, "1,18%"),
        ("CPI tháng 10 tăng bao nhiêu so với tháng trước?", CPI, "0,41%"),
        # the new level, not the old one (was "25.000 đồng")
        ("Công đoàn thương lượng nâng tiền ăn ca lên bao nhiêu?", MEAL, "30.000 đồng/bữa"),
        (
            "Số đảng bộ phường giảm xuống còn bao nhiêu?",
            "Số đảng bộ giảm từ 16 xuống còn 14.",
            "14",
        ),
        # with what it counts
        (
            "Mạng lưới mở rộng lên bao nhiêu trạm?",
            "Nhóm mở rộng mạng lưới lên 50 trạm tại 3 huyện.",
            "50 trạm",
        ),
        # a change with what it counts (was "487")
        (
            "Số thí sinh dự thi năm nay tăng bao nhiêu so với năm trước?",
            "Năm nay có 15.472 thí sinh đăng ký dự thi, tăng 487 thí sinh so với năm trước.",
            "487 thí sinh",
        ),
        # the change in the part naming the thing asked (was the first: "220 đồng")
        (
            "Xăng RON95-III giảm bao nhiêu một lít?",
            "Giá xăng E5 RON92 giảm 220 đồng/lít; xăng RON95-III giảm 320 đồng/lít.",
            "320 đồng/lít",
        ),
        # the figure right after the noun asked (was "18 tài khoản")
        (
            "Công an phong tỏa tài khoản với số dư bao nhiêu?",
            "Công an phong tỏa 18 tài khoản ngân hàng với tổng số dư khoảng 3,7 tỷ đồng.",
            "khoảng 3,7 tỷ đồng",
        ),
        # its own phrase: unit, bound, score
        (
            "Khối u kích thước bao nhiêu?",
            "Khối u kích thước khoảng 3,2 cm nằm ở phế quản.",
            "khoảng 3,2 cm",
        ),
        ("Trận đấu tỷ số bao nhiêu?", "Đội nhà thắng với tỷ số 3-1 ở vòng 23.", "3-1"),
        # what follows a breach: after "bị", to its clause's end
        (
            "Đi làm muộn quá 3 lần thì bị xử lý thế nào?",
            "Người lao động đi muộn quá 3 lần trong tháng bị khiển trách bằng văn bản.",
            "khiển trách bằng văn bản",
        ),
        (
            "Nộp học phí trễ quá 15 ngày thì sinh viên bị gì?",
            "Sinh viên nộp học phí chậm quá 15 ngày sẽ bị khóa tài khoản đăng ký học phần cho "
            "đến khi hoàn thành nghĩa vụ học phí.",
            "khóa tài khoản đăng ký học phần",
        ),
        # one end of a span of days (was "ngày 25/12/2024" for its end)
        ("Đoàn kiểm tra liên ngành hoạt động đến ngày nào?", CHECKS, "ngày 15/2/2025"),
        ("Hạn chót nộp đơn phúc khảo là khi nào?", APPEALS, "17 giờ ngày 26/7/2024"),
        ("Thí sinh bắt đầu nộp đơn phúc khảo từ ngày nào?", APPEALS, "ngày 17/7"),
    ],
)
def test_the_part_asked(question: str, text: str, part: str) -> None:
    span = part_asked(question, text)
    assert span is not None and text[span[0] : span[1]] == part


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("CPI tháng 10 là bao nhiêu?", CPI),  # no reference named: the usual phrase
        ("CPI tháng 10 là bao nhiêu so với tháng 9/2023?", CPI),  # a reference not said
        ("Đoàn kiểm tra liên ngành hoạt động khi nào?", CHECKS),  # the whole span
        # a bound the question states is no noun (was "30.000 đồng/người/buổi")
        (
            "Mời cơm khách thì mỗi suất được chi tối đa bao nhiêu?",
            "Chi giải khát tối đa 30.000 đồng/người/buổi; chi mời cơm tối đa 300.000 đồng/suất.",
        ),
        # what is left, no new level
        ("Toàn tỉnh còn bao nhiêu phòng học tạm?", "Toàn tỉnh còn 146 phòng học tạm, học nhờ."),
    ],
)
def test_no_part_asked_or_said(question: str, text: str) -> None:
    assert part_asked(question, text) is None


def test_the_answer_marks_the_part_asked() -> None:
    found = extract("CPI tháng 10 tăng bao nhiêu so với cùng kỳ?", [passage(CPI, title="CPI")])
    assert found.short is not None and found.short.text == "2,86%", found.text
