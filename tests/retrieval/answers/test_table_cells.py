"""A table written as text: the row asked and the cell under the header asked (table_cells.py)."""

from __future__ import annotations

from retrieval.answers.extractive import extract
from retrieval.answers.table_cells import cell_asked, header_of
from tests.retrieval.answers.passage import passage

REPORT = (
    "2. Về nước sinh hoạt: có 4.870 hộ với khoảng 18.900 nhân khẩu thiếu nước sinh hoạt, "
    "nhiều nhất tại huyện Thuận Bắc.\n\n"
    "Số liệu chi tiết theo từng huyện (tính đến ngày 10/9/2025):\n\n"
    "STT | Đơn vị | Diện tích cây trồng bị thiệt hại (ha) | Số hộ thiếu nước sinh hoạt (hộ)\n\n"
    "1 | Huyện Ninh Sơn | 812 | 640\n\n"
    "2 | Huyện Thuận Bắc | 446 | 1.120\n\n"
    "3 | Huyện Bác Ái | 389 | 905\n\n"
    " | Tổng cộng | 2.647 | 2.665"
)


def test_the_cell_under_the_header_the_question_names() -> None:
    header = (
        "STT | Đơn vị | Diện tích cây trồng bị thiệt hại (ha) | Số hộ thiếu nước sinh hoạt (hộ)"
    )
    row = "2 | Huyện Thuận Bắc | 446 | 1.120"
    span = cell_asked(frozenset({"ho", "thieu", "nuoc", "sinh", "hoat"}), row, header)
    assert span is not None and row[slice(*span)] == "1.120"
    span = cell_asked(frozenset({"dien", "tich", "cay", "trong"}), row, header)
    assert span is not None and row[slice(*span)] == "446"
    assert cell_asked(frozenset({"gia", "suc"}), row, header) is None  # no column says it
    assert header_of(REPORT.index("2 | Huyện"), REPORT) == header
    assert header_of(REPORT.index("2. Về"), REPORT) == ""  # no table above


def test_the_row_naming_what_is_asked_answers_over_a_total_naming_it() -> None:
    # the total ("4.870 hộ … nhiều nhất tại huyện Thuận Bắc") led, its phrase the wrong figure
    hit = passage(REPORT, title="Báo cáo tình hình hạn hán")
    found = extract("Huyện Thuận Bắc có bao nhiêu hộ thiếu nước sinh hoạt?", [hit], dense=[0.9])
    assert found.text.startswith("2 | Huyện Thuận Bắc"), found.text
    assert found.short is not None and found.short.text == "1.120"
    found = extract("Huyện Bác Ái bị thiệt hại bao nhiêu ha cây trồng?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "389", found.text


def test_a_report_table_gives_the_figure_done_unless_a_plan_is_asked() -> None:
    # a header naming its columns with a year or a period ("Kế hoạch năm 2025") is still a
    # header; a question naming no column gets the figure done, not the plan before it
    table = (
        "1. Các chỉ tiêu chính\n"
        "Chỉ tiêu | Kế hoạch năm 2025 | Thực hiện 9 tháng | Tỷ lệ KH (%)\n"
        "Doanh thu (tỷ đồng) | 899,0 | 684,2 | 76,1\n"
        "Lợi nhuận trước thuế (tỷ đồng) | 55,0 | 38,5 | 70,0"
    )
    row = "Lợi nhuận trước thuế (tỷ đồng) | 55,0 | 38,5 | 70,0"
    header = header_of(table.index(row), table)
    assert header.startswith("Chỉ tiêu | Kế hoạch")
    span = cell_asked(frozenset({"loi", "nhuan", "truoc", "thue"}), row, header)
    assert span is not None and row[slice(*span)] == "38,5"
    span = cell_asked(frozenset({"loi", "nhuan", "ke", "hoach"}), row, header)
    assert span is not None and row[slice(*span)] == "55,0"
