"""PDF tables come out as rows whose cells keep their header, like docx tables; a PDF
without a table reads exactly as before (pypdf's plain text)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.formats import pdf_tables
from ingest.formats.pdf import load_pdf
from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.services import build_services
from retrieval.settings import Settings
from tests.ingest.documents import FONT, REGULATION_PAGES, REGULATION_TITLE, write_pdf
from tests.ingest.test_loaders import PDF_PAGES, make_pdf

pytest.importorskip("fpdf")

TITLE = "Báo cáo tổng kết năm 2024"
INTRO = (
    "Kết quả sản xuất kinh doanh hai năm gần nhất của Tổng công ty Điện lực Sông Lam được"
    " tổng hợp trong bảng dưới đây, theo số liệu đã được kiểm toán."
)
OUTRO = "Năm 2025, Tổng công ty phấn đấu tăng sản lượng điện thêm 6%."
TABLE = [
    ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
    ["Sản lượng điện", "4,8 tỷ kWh", "5,1 tỷ kWh"],
    ["Doanh thu", "7.200 tỷ đồng", "7.950 tỷ đồng"],
    ["Số lao động", "1.250 người", "1.310 người"],
]
ROWS = [
    "Chỉ tiêu | Năm 2023 | Năm 2024",
    "Chỉ tiêu: Sản lượng điện | Năm 2023: 4,8 tỷ kWh | Năm 2024: 5,1 tỷ kWh",
    "Chỉ tiêu: Doanh thu | Năm 2023: 7.200 tỷ đồng | Năm 2024: 7.950 tỷ đồng",
    "Chỉ tiêu: Số lao động | Năm 2023: 1.250 người | Năm 2024: 1.310 người",
]


def write_table_pdf(
    path: Path,
    table: Sequence[Sequence[str]],
    *,
    widths: Sequence[int] | None = None,
    borders: str = "ALL",
) -> Path:
    """A one-page report: a title, a paragraph, a table (fpdf2's, header row first) and a
    closing paragraph."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in (TITLE, INTRO):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    with pdf.table(
        headings_style=FontFace(emphasis=""), col_widths=widths, borders_layout=borders
    ) as drawn:
        for cells in table:
            row = drawn.row()
            for text in cells:
                row.cell(text)
    pdf.ln(3)
    pdf.multi_cell(0, 6, OUTRO, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_pdf_table_comes_out_as_rows_keyed_by_their_header(tmp_path: Path) -> None:
    (article,) = load_pdf(write_table_pdf(tmp_path / "bao-cao.pdf", TABLE)).articles
    assert article.title == TITLE
    assert article.text.split("\n\n") == [INTRO, *ROWS, OUTRO]


def test_a_wrapped_cell_stays_in_its_row(tmp_path: Path) -> None:
    table = [
        ["STT", "Ngành đào tạo", "Học phí"],
        ["1", "Công nghệ thông tin và truyền thông đa phương tiện", "18,5 triệu đồng"],
        ["2", "Kế toán", "15 triệu đồng"],
        ["3", "Ngôn ngữ Anh", "16,2 triệu đồng"],
    ]
    path = write_table_pdf(tmp_path / "hoc-phi.pdf", table, widths=(30, 60, 40), borders="NONE")
    (article,) = load_pdf(path).articles
    assert article.text.split("\n\n")[1:5] == [
        "STT | Ngành đào tạo | Học phí",
        "STT: 1 | Ngành đào tạo: Công nghệ thông tin và truyền thông đa phương tiện"
        " | Học phí: 18,5 triệu đồng",
        "STT: 2 | Ngành đào tạo: Kế toán | Học phí: 15 triệu đồng",
        "STT: 3 | Ngành đào tạo: Ngôn ngữ Anh | Học phí: 16,2 triệu đồng",
    ]


def _letterhead_pdf(path: Path) -> Path:
    """A decision's letterhead and signature block: two columns, not a table."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for left, right in (
        ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("TRƯỜNG ĐẠI HỌC SÔNG LAM", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 12/QĐ-ĐHSL", "Nghệ An, ngày 5 tháng 3 năm 2024"),
    ):
        pdf.cell(80, 6, left, align="C")
        pdf.cell(110, 6, right, align="C")
        pdf.ln(6)
    pdf.ln(4)
    for line in ("QUYẾT ĐỊNH", "Điều 1. Ban hành kèm theo Quyết định này Quy chế đào tạo."):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for left, right in (("Nơi nhận:", "HIỆU TRƯỞNG"), ("- Lưu: VT.", "Nguyễn Văn A")):
        pdf.cell(80, 6, left)
        pdf.cell(110, 6, right, align="C")
        pdf.ln(6)
    pdf.output(str(path))
    return path


def test_pdfs_without_a_table_read_exactly_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [
        write_pdf(tmp_path / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE),
        tmp_path / "tin.pdf",
        _letterhead_pdf(tmp_path / "quyet-dinh.pdf"),
    ]
    paths[1].write_bytes(make_pdf(PDF_PAGES))
    now = [load_pdf(path) for path in paths]
    # Before: pypdf's plain text, no table look-up at all.
    monkeypatch.setattr(pdf_tables, "looks_tabular", lambda runs: False)
    assert now == [load_pdf(path) for path in paths]


def test_layout_mode_is_asked_for_only_on_pages_that_look_tabular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    looks = pdf_tables.looks_tabular

    def spy(runs: Sequence[tuple[float, float]]) -> bool:
        asked.append(looks(runs))
        return asked[-1]

    monkeypatch.setattr(pdf_tables, "looks_tabular", spy)
    load_pdf(write_pdf(tmp_path / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE))
    assert asked == [False, False, False]
    load_pdf(write_table_pdf(tmp_path / "bao-cao.pdf", TABLE))
    assert asked[-1] is True


def test_table_blocks_need_aligned_columns_and_plain_text_that_holds_them() -> None:
    layout = "\n".join(
        [
            "Chỉ tiêu         Năm 2023        Năm 2024",
            "Điện             4,8             5,1",
            "Than             2,0             2,2",
            "Một dòng văn bản thường chạy qua mọi cột của bảng ở trên.",
        ]
    )
    (table,) = pdf_tables.table_blocks(layout)
    assert table.rows == (("Chỉ tiêu", "Năm 2023", "Năm 2024"), ("Điện", "4,8", "5,1"),
                          ("Than", "2,0", "2,2"))  # fmt: skip
    plain = "Bảng\nChỉ tiêu Năm 2023 Năm 2024\nĐiện 4,8 5,1\nThan 2,0 2,2\nHết."
    text, rows = pdf_tables.with_tables(plain, [table])
    assert text.split("\n") == ["Bảng", "", rows[0], "", rows[1], "", rows[2], "", "Hết."]
    assert rows[1] == "Chỉ tiêu: Điện | Năm 2023: 4,8 | Năm 2024: 5,1"
    # Plain text that does not hold the table's words is left as it is.
    assert pdf_tables.with_tables("Khác hẳn.", [table]) == ("Khác hẳn.", [])
    # A header and one row, or columns that wander, are not a table.
    assert pdf_tables.table_blocks("\n".join(layout.splitlines()[:2])) == []
    ragged = "A          B\nxx           y\n   zzzzz          w"
    assert pdf_tables.table_blocks(ragged) == []


def test_a_question_about_one_cell_is_answered_from_its_row(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_table_pdf(docs / "bao-cao.pdf", TABLE)
    settings = settings.model_copy(update={"ingest_sources": [str(docs)]})
    report = run(settings, embedder)
    assert not report.failed and len(report.added) == 1
    services = build_services(settings, embedder)
    try:
        answer = ask("Doanh thu năm 2024 là bao nhiêu?", None, services)
    finally:
        services.close()
    assert answer.found
    assert "Năm 2024: 7.950 tỷ đồng" in answer.text, answer.text
    assert answer.citations[0].title == TITLE
