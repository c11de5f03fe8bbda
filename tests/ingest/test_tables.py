"""Tables come out as rows whose cells keep their header; headings (docx styles, Markdown
"#") become a chunk's heading path."""

from __future__ import annotations

from pathlib import Path

from ingest.chunking import chunk_article
from ingest.formats.html import html_article
from ingest.formats.markdown import load_md
from ingest.formats.word import load_docx
from tests.ingest.documents import write_docx

TABLE = [
    ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
    ["Sản lượng điện", "4,8 tỷ kWh", "5,1 tỷ kWh"],
    ["Doanh thu", "7.200 tỷ đồng", "7.950 tỷ đồng"],
]


def test_docx_table_rows_keep_their_headers(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "bao-cao.docx",
        [("", "Kết quả sản xuất kinh doanh hai năm gần nhất như sau."), TABLE],
        title="Báo cáo tổng kết năm 2024",
    )
    (article,) = load_docx(path).articles
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1:] == [
        "Chỉ tiêu | Năm 2023 | Năm 2024",
        "Chỉ tiêu: Sản lượng điện | Năm 2023: 4,8 tỷ kWh | Năm 2024: 5,1 tỷ kWh",
        "Chỉ tiêu: Doanh thu | Năm 2023: 7.200 tỷ đồng | Năm 2024: 7.950 tỷ đồng",
    ]


def test_a_one_column_table_and_empty_cells_stay_plain(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "danh-sach.docx",
        [
            ("", "Danh sách đơn vị."),
            [["Phòng Đào tạo"], ["Phòng Tài vụ"]],
            [["Mục", ""], ["A", ""]],
        ],
        title="Danh sách",
    )
    (article,) = load_docx(path).articles
    assert article.text.split("\n\n")[1:] == ["Phòng Đào tạo", "Phòng Tài vụ", "Mục", "Mục: A"]


def test_docx_headings_become_the_heading_path(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "so-tay.docx",
        [
            ("Heading 1", "Chính sách nhân sự"),
            ("", "Phần này nói về chính sách chung của công ty."),
            ("Heading 2", "Nghỉ phép"),
            ("", "Mỗi nhân viên có 14 ngày nghỉ phép có lương mỗi năm."),
            ("Heading 1", "Phúc lợi"),
            ("", "Công ty đóng bảo hiểm sức khỏe cho nhân viên và gia đình."),
        ],
        title="Sổ tay nhân viên",
    )
    (article,) = load_docx(path).articles
    assert [(level, text) for _, level, text in article.headings] == [
        (1, "Chính sách nhân sự"),
        (2, "Nghỉ phép"),
        (1, "Phúc lợi"),
    ]
    for offset, _, text in article.headings:
        assert article.text[offset:].startswith(text)
    chunks = chunk_article(article.text, 100, headings=article.headings)
    heading_of = {c.text.split("\n\n")[-1][:20]: c.place.heading for c in chunks}
    assert heading_of["Mỗi nhân viên có 14 "] == "Chính sách nhân sự > Nghỉ phép"
    assert heading_of["Công ty đóng bảo hiể"] == "Phúc lợi"


def test_markdown_headings_become_the_heading_path(tmp_path: Path) -> None:
    path = tmp_path / "huong-dan.md"
    path.write_text(
        "# Hướng dẫn nhập học\n\n## Hồ sơ\n\nNộp bản sao học bạ.\n\n"
        "```\n# không phải tiêu đề\n```\n\n"
        "### Lệ phí\n\nLệ phí nhập học là 200.000 đồng.\n\n## Lịch\n\nNhập học ngày 5/9.\n",
        encoding="utf-8",
    )
    (article,) = load_md(path).articles
    assert article.title == "Hướng dẫn nhập học"
    assert [(level, text) for _, level, text in article.headings] == [
        (2, "Hồ sơ"),
        (3, "Lệ phí"),
        (2, "Lịch"),
    ]
    chunks = chunk_article(article.text, 100, headings=article.headings)
    (fee,) = [c for c in chunks if "200.000" in c.text]
    assert fee.place.heading == "Hồ sơ > Lệ phí"
    (when,) = [c for c in chunks if "5/9" in c.text]
    assert when.place.heading == "Lịch"


def test_html_headings_become_the_heading_path() -> None:
    html = (
        "<html><head><title>Sổ tay</title></head><body><article><h1>Sổ tay</h1>"
        "<p>Mở đầu của sổ tay nhân viên dành cho mọi người trong công ty.</p>"
        "<h2>Nghỉ phép</h2><p>Mỗi nhân viên có 14 ngày nghỉ phép có lương mỗi năm.</p>"
        "<h3>Nghỉ ốm</h3><p>Nghỉ ốm cần giấy của bác sĩ.</p>"
        "<h2>Phúc lợi</h2><p>Công ty đóng bảo hiểm sức khỏe cho nhân viên.</p>"
        "</article></body></html>"
    )
    article = html_article(html, location="/so-tay.html", ident="so-tay")
    # The <h1> is the title, not in the text; "Nghỉ ốm" is found as the heading paragraph,
    # not as the start of the paragraph after it.
    assert [(level, text) for _, level, text in article.headings] == [
        (2, "Nghỉ phép"),
        (3, "Nghỉ ốm"),
        (2, "Phúc lợi"),
    ]
    for offset, _, text in article.headings:
        assert article.text[offset:].split("\n\n")[0] == text
    chunks = chunk_article(article.text, 100, headings=article.headings)
    (sick,) = [c for c in chunks if "bác sĩ" in c.text]
    assert sick.place.heading == "Nghỉ phép > Nghỉ ốm"
    (opening,) = [c for c in chunks if "Mở đầu" in c.text]
    assert opening.place.heading == ""
