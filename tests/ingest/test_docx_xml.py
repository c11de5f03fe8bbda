""".docx text is read by streaming its XML (ingest/formats/docx_xml.py): the same blocks,
styles, title and dates as python-docx gives (its reading, kept here as the reference),
and a large file stops at MAX_ARTICLE_CHARS with the reason."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table

from ingest.formats import word
from ingest.formats.common import Limits, LoadError, table_rows
from ingest.formats.word import load_docx
from ingest.loaders import load_file
from tests.ingest.documents import write_docx

TABLE = [
    ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
    ["Sản lượng điện", "4,8 tỷ kWh", "5,1 tỷ kWh"],
    ["Doanh thu", "7.200 tỷ đồng", "7.950 tỷ đồng"],
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _python_docx(path: Path) -> tuple[list[tuple[str, str]], str, Any]:
    """What `word._docx_blocks` returned when it read through python-docx (before the
    XML was streamed): (text, style) blocks, the core title and the property date."""
    document = docx.Document(str(path))
    styles = {s.style_id: (s.name or "").lower() for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "").lower() if default is not None else ""
    blocks: list[tuple[str, str]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.extend((row, "") for row in table_rows(rows))
        else:
            style_id = item._p.style
            style = styles.get(style_id, default_name) if style_id else default_name
            blocks.append((item.text, style))
    core = document.core_properties
    kept = [(text, style) for text, style in blocks if text.strip()]
    return kept, core.title or "", word._property_date(core)


def _same(path: Path) -> tuple[list[tuple[str, str]], str, Any]:
    expected = _python_docx(path)
    assert word._docx_blocks(path, 10**7) == expected
    return expected


def _rich(path: Path) -> Path:
    """Headings, a title, runs with tabs, breaks and hyperlinks, merged table cells,
    a nested table, NFD text, and dates in the properties."""
    document = docx.Document()
    core = document.core_properties
    core.title = "Báo cáo tổng kết năm 2024"
    core.created = datetime(2024, 12, 30, 23, 0)
    document.add_paragraph("Báo cáo tổng kết năm 2024", style="Title")
    document.add_heading("I. Kết quả đạt được", level=1)
    paragraph = document.add_paragraph("Hà Nội,\tngày 8 tháng 2 năm 2018")
    run = paragraph.add_run("dòng hai")
    run.add_break()
    run.add_text("sau ngắt dòng")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("1. Sản xuất", level=2)
    document.add_paragraph("Thuỷ điện hoà lưới, uỷ ban".replace("ỷ", "y\u0309"))
    link = parse_xml(
        f'<w:hyperlink xmlns:w="{W}"><w:r><w:t xml:space="preserve"> liên kết </w:t></w:r>'
        "<w:r><w:noBreakHyphen/><w:t>2024</w:t></w:r></w:hyperlink>"
    )
    linked = document.add_paragraph("Xem")
    linked._p.append(link)
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [*TABLE, ["Ghi chú", "", ""]], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.cell(3, 1).merge(table.cell(3, 2)).text = "gộp ngang"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(0, 2).add_table(rows=1, cols=1).cell(0, 0).text = "bảng lồng"
    table.cell(0, 2).add_paragraph("đoạn thứ hai trong ô")
    document.add_heading("II. Phương hướng", level=1)
    document.add_paragraph("  ")
    document.add_paragraph("Năm 2025 tiếp tục đẩy mạnh chuyển đổi số.", style="List Bullet")
    path = path.with_suffix(".docx")
    document.save(str(path))
    return path


def test_the_streamed_reading_is_python_docx_s(tmp_path: Path) -> None:
    blocks, title, date = _same(_rich(tmp_path / "rich"))
    assert title == "Báo cáo tổng kết năm 2024" and date is not None
    assert ("Hà Nội,\tngày 8 tháng 2 năm 2018dòng hai\nsau ngắt dòng", "normal") in blocks
    assert ("Xem liên kết -2024", "normal") in blocks
    assert any("gộp ngang" in text for text, _ in blocks)
    assert not any("bảng lồng" in text for text, _ in blocks)  # as python-docx: not read
    headings = [s for _, s in blocks if s.startswith("heading")]
    assert headings == ["heading 1", "heading 2", "heading 1"]


@pytest.mark.parametrize(
    ("created", "modified"),
    [
        ("2017-05-05T10:00:00Z", "2020-01-01T00:00:00Z"),
        ("2017-05-05T01:00:00+07:00", None),  # the day before, in UTC, as python-docx
        ("2017-05", "2020-01-01"),
        ("not a date", "2019"),
        (None, None),
    ],
)
def test_property_dates_are_python_docx_s(
    tmp_path: Path, created: str | None, modified: str | None
) -> None:
    document = docx.Document()
    document.add_paragraph("Tiêu đề")
    document.add_paragraph("Nội dung.")
    core = document.core_properties._element
    for name, value in (("created", created), ("modified", modified)):
        element = core.find(qn(f"dcterms:{name}"))
        if value is None:
            core.remove(element)
        else:
            element.text = value
    path = tmp_path / "a.docx"
    document.save(str(path))
    _same(path)


@pytest.mark.parametrize(
    "blocks",
    [
        [("Heading 1", "Chính sách"), ("", "Nội dung"), TABLE, ("Heading 3", "Mục nhỏ")],
        [[["Phòng Đào tạo"], ["Phòng Tài vụ"]], [["Mục", ""], ["A", ""]]],
        [("Title", "Tiêu đề"), ("Quote", "Trích dẫn"), ("", "")],
    ],
)
def test_generated_documents_read_the_same(tmp_path: Path, blocks: list[Any]) -> None:
    _same(write_docx(tmp_path / "a.docx", blocks, title="Sổ tay"))
    _same(write_docx(tmp_path / "b.docx", blocks))


def _rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def test_without_a_styles_part_headings_still_count(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "a.docx", [("Heading 2", "Mục một"), ("", "Nội dung.")])
    bare = _rezip(path, tmp_path / "bare.docx", {"word/styles.xml": None})
    blocks, _, _ = word._docx_blocks(bare, 10**6)
    assert ("Mục một", "heading 2") in blocks


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "a.docx", [("", "Nội dung.")])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    laughs = b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    head, rest = xml.split(b"?>", 1)
    bad = _rezip(path, tmp_path / "bad.docx", {"word/document.xml": head + b"?>" + laughs + rest})
    with pytest.raises(LoadError, match=r"DOCX is damaged or not a Word file.*DOCTYPE"):
        load_docx(bad)


def _many_paragraphs(path: Path, count: int) -> Path:
    """A .docx of `count` short numbered paragraphs, its document part written directly."""
    template = io.BytesIO()
    docx.Document().save(template)
    body = "".join(f"<w:p><w:r><w:t>Đoạn văn số {i // 3}.</w:t></w:r></w:p>" for i in range(count))
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    source = path.with_name("template.docx")
    source.write_bytes(template.getvalue())
    return _rezip(source, path, {"word/document.xml": xml})


def test_a_large_docx_stops_at_max_article_chars(tmp_path: Path) -> None:
    path = _many_paragraphs(tmp_path / "large.docx", 60_000)  # ~1 M characters
    with pytest.raises(LoadError, match="over 100,000 characters, over MAX_ARTICLE_CHARS"):
        load_file(path, max_bytes=10**8, limits=Limits(max_article_chars=100_000))
    (article,) = load_file(path, max_bytes=10**8).articles  # under the default cap
    assert article.text.startswith("Đoạn văn số 0.")


def test_one_huge_paragraph_stops_at_max_article_chars(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "a.docx", [("", "Nội dung. " * 50_000)])
    with pytest.raises(LoadError, match="MAX_ARTICLE_CHARS"):
        load_docx(path, Limits(max_article_chars=100_000))
