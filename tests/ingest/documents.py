"""Documents the tests write for themselves: a paged Vietnamese PDF (fpdf2 with a DejaVu
subset that has every Vietnamese letter, tests/data/fonts) and Word files (python-docx)
holding a regulation, headings and a table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.conftest import TEST_DATA

FONT = TEST_DATA / "fonts" / "DejaVuSans-vi.ttf"

# A short regulation, one page each; every fact sits on a known page.
REGULATION_TITLE = "Quy chế đào tạo trình độ đại học của Trường Đại học Sông Lam"
REGULATION_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng",
        "1. Quy chế này quy định về chương trình đào tạo, tổ chức giảng dạy và đánh giá kết"
        " quả học tập của sinh viên trình độ đại học.",
        "2. Quy chế này áp dụng đối với sinh viên hệ chính quy tại các khoa của trường.",
        "Điều 2. Tín chỉ",
        "Một tín chỉ được quy định bằng 15 tiết học lý thuyết hoặc 30 tiết thực hành, thí"
        " nghiệm hoặc thảo luận.",
    ),
    (
        "Chương II",
        "TỔ CHỨC ĐÀO TẠO",
        "Điều 3. Đăng ký học phần",
        "1. Đầu mỗi học kỳ, sinh viên đăng ký các học phần dự định sẽ học trên cổng thông tin"
        " đào tạo của trường.",
        "2. Khối lượng học tập tối thiểu mà mỗi sinh viên phải đăng ký trong mỗi học kỳ chính"
        " là 14 tín chỉ, trừ học kỳ cuối khóa học.",
        "3. Sinh viên được rút bớt học phần đã đăng ký trong thời hạn hai tuần kể từ đầu"
        " học kỳ chính.",
    ),
    (
        "Điều 4. Thời gian học tập",
        "Thời gian tối đa để sinh viên hoàn thành khóa học là sáu năm đối với chương trình"
        " đào tạo bốn năm.",
        "Điều 5. Học bổng khuyến khích học tập",
        "Sinh viên có điểm trung bình học kỳ từ 3,2 trở lên và không có học phần bị điểm F"
        " được xét cấp học bổng khuyến khích học tập.",
    ),
)


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    title: str = "",
    password: str | None = None,
) -> Path:
    """A PDF with one page per entry of `pages`, one paragraph per string."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    if title:
        pdf.set_title(title)
    if password is not None:
        pdf.set_encryption(owner_password="owner", user_password=password)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line)
            pdf.ln(3)
    pdf.output(str(path))
    return path


def write_docx(
    path: Path,
    blocks: Sequence[tuple[str, str] | list[list[str]]],
    *,
    title: str = "",
) -> Path:
    """A .docx of `blocks`: (style, text) paragraphs ("" for the default style,
    "Heading 2" ...) and tables (lists of rows of cell texts, the header row first)."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
        document.add_paragraph(title, style="Title")
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for row, cells in zip(table.rows, block, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        else:
            style, text = block
            document.add_paragraph(text, style=style or None)
    document.save(str(path))
    return path
