"""Files -> articles: every format, every encoding, and every way a file can be bad."""

from __future__ import annotations

import json
import random
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from ingest.article import article_id
from ingest.loaders import (
    SUPPORTED_EXTENSIONS,
    LoadError,
    LoadResult,
    Skipped,
    clean_text,
    iter_files,
    load_file,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "articles" / "000_1aedea3009184543.txt"
MAX = 20 * 1024 * 1024

TITLE = "Hội nghị tổng kết công tác xây dựng Đảng"
PARA1 = (
    "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng "
    "đảng năm 2017, triển khai chương trình công tác năm 2018."
)
PARA2 = (
    "Nhiệm vụ trọng tâm của công tác tổ chức xây dựng đảng năm 2018 là nghiên cứu đề xuất "
    "mô hình tổ chức đảng ở các doanh nghiệp."
)
BODY = f"{PARA1}\n\n{PARA2}"


def load_one(path: Path) -> LoadResult:
    result = load_file(path, max_bytes=MAX)
    assert len(result.articles) == 1
    return result


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- clean_text ----------------------------------------------------------------------------


def test_clean_text_spaces_invisibles_and_paragraphs() -> None:
    raw = "  Một\u00a0dòng\r\nnối tiếp\u200b\u2060\ufeff\x07 đây \n \n\n\tĐoạn\u00a0\u00a0hai\x00\n"
    assert clean_text(raw) == "Một dòng nối tiếp đây\n\nĐoạn hai"


def test_clean_text_keeps_a_paragraph_per_line_of_a_regulation() -> None:
    # Copied as plain text, a regulation has a paragraph per line and no blank lines: a line
    # ends a paragraph after a sentence, a lead-in or a heading, and before a clause, a
    # point or a heading; a line that only wraps joins the next.
    raw = (
        "QUY ĐỊNH CÔNG TÁC PHÍ\nĐiều 15. Phụ cấp lưu trú\n1. Phụ cấp lưu trú được tính từ"
        "\nngày bắt đầu đi công tác, cụ thể:\na) Tại Hà Nội: 200.000 đồng;\nb) Tại tỉnh khác:"
        " 150.000 đồng.\n2. Về trong ngày được hưởng 100.000 đồng.\nĐiều 16. Tiền thuê phòng"
    )
    assert clean_text(raw).split("\n\n") == [
        "QUY ĐỊNH CÔNG TÁC PHÍ",
        "Điều 15. Phụ cấp lưu trú",
        "1. Phụ cấp lưu trú được tính từ ngày bắt đầu đi công tác, cụ thể:",
        "a) Tại Hà Nội: 200.000 đồng;",
        "b) Tại tỉnh khác: 150.000 đồng.",
        "2. Về trong ngày được hưởng 100.000 đồng.",
        "Điều 16. Tiền thuê phòng",
    ]


def test_clean_text_keeps_a_row_per_line_of_a_table_written_as_text() -> None:
    # Joined, the rows read as one sentence, and an answer quoted the whole table.
    raw = (
        "1. Định mức tiêu hao nhiên liệu như sau:\nLoại xe | Định mức\nXe 4 chỗ | 9 lít/100 km"
        "\nXe 7 chỗ (động cơ dầu) | 10,5 lít/100 km\n2. Khi xe chạy đường đất thì được cộng"
        "\nthêm 10% định mức."
    )
    assert clean_text(raw).split("\n\n") == [
        "1. Định mức tiêu hao nhiên liệu như sau:",
        "Loại xe | Định mức",
        "Xe 4 chỗ | 9 lít/100 km",
        "Xe 7 chỗ (động cơ dầu) | 10,5 lít/100 km",
        "2. Khi xe chạy đường đất thì được cộng thêm 10% định mức.",
    ]


def test_clean_text_keeps_an_official_documents_header_a_field_per_line() -> None:
    # Joined, the header read as one sentence naming the decision and the team, which a
    # question about the team's secretary took for its answer.
    raw = (
        "Độc lập - Tự do - Hạnh phúc\nSố: 512/QĐ-SNNMT\nKhánh Hòa, ngày 12 tháng 8 năm 2025"
        "\nQUYẾT ĐỊNH\nVề việc thành lập Đoàn kiểm tra công tác phòng, chống hạn hán"
        "\nGIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nCăn cứ Quyết định số 1125/QĐ-UBND của UBND"
        "\ntỉnh Khánh Hòa;\nCăn cứ Công văn số 3618/UBND-KT;"
    )
    assert clean_text(raw).split("\n\n") == [
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 512/QĐ-SNNMT",
        "Khánh Hòa, ngày 12 tháng 8 năm 2025",
        "QUYẾT ĐỊNH",
        "Về việc thành lập Đoàn kiểm tra công tác phòng, chống hạn hán",
        "GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "Căn cứ Quyết định số 1125/QĐ-UBND của UBND tỉnh Khánh Hòa;",  # a wrapped line joins
        "Căn cứ Công văn số 3618/UBND-KT;",
    ]


def test_clean_text_keeps_a_documents_subject_line_apart() -> None:
    # "Tuyển sinh vào lớp 6 năm học 2025-2026" under "KẾ HOẠCH" joined the first
    # sentence after it, and that joined line was quoted for questions about the plan
    raw = (
        "KẾ HOẠCH\nTuyển sinh vào lớp 6 năm học 2025-2026\nThực hiện Kế hoạch tuyển sinh của"
        "\nUBND TP Hà Nội, Phòng ban hành kế hoạch như sau:"
    )
    assert clean_text(raw).split("\n\n") == [
        "KẾ HOẠCH",
        "Tuyển sinh vào lớp 6 năm học 2025-2026",
        "Thực hiện Kế hoạch tuyển sinh của UBND TP Hà Nội, Phòng ban hành kế hoạch như sau:",
    ]


def test_clean_text_keeps_a_field_per_line() -> None:
    # a procedure sheet's header: joined, "Tên thủ tục: … Mã thủ tục: … Lĩnh vực: …" was
    # one sentence, quoted for any question about the procedure; a wrapped value still joins
    raw = (
        "Tên thủ tục: Đăng ký tạm trú\nMã thủ tục: 1.004194.000.00.00.H47\n"
        "Lĩnh vực: Đăng ký, quản lý cư trú\nĐối tượng thực hiện: Công dân Việt Nam đến sinh"
        "\nsống tại chỗ ở hợp pháp."
    )
    assert clean_text(raw).split("\n\n") == [
        "Tên thủ tục: Đăng ký tạm trú",
        "Mã thủ tục: 1.004194.000.00.00.H47",
        "Lĩnh vực: Đăng ký, quản lý cư trú",
        "Đối tượng thực hiện: Công dân Việt Nam đến sinh sống tại chỗ ở hợp pháp.",
    ]


def test_clean_text_ends_the_addressee_with_its_line() -> None:
    # "Kính gửi: Toàn thể cán bộ" joined the notice's first sentence, which then held the
    # addressee's words and led answers about the notice
    raw = (
        "Kính gửi: Toàn thể cán bộ, nhân viên Công ty\nHưởng ứng phong trào rèn luyện thân "
        "thể, Công ty tổ chức\ngiải chạy như sau:"
    )
    assert clean_text(raw).split("\n\n") == [
        "Kính gửi: Toàn thể cán bộ, nhân viên Công ty",
        "Hưởng ứng phong trào rèn luyện thân thể, Công ty tổ chức giải chạy như sau:",
    ]


def test_clean_text_keeps_a_q_and_a_turn_per_paragraph() -> None:
    # the reader's signature ends in no stop: the answer was joined to the question, and
    # read as part of it (no answer at all)
    raw = (
        "Hỏi: Mỗi người phải đóng bao nhiêu tiền một năm? (Trần Văn Thịnh)\nTrả lời: Người "
        "thứ nhất đóng\n105.300 đồng/tháng.\nCâu 2: Anh Lực (ở Củ Chi) hỏi: Lệ phí bao nhiêu"
        "\nLuật sư Đặng Thị Nguyệt trả lời: Lệ phí là 70.000 đồng."
    )
    assert clean_text(raw).split("\n\n") == [
        "Hỏi: Mỗi người phải đóng bao nhiêu tiền một năm? (Trần Văn Thịnh)",
        "Trả lời: Người thứ nhất đóng 105.300 đồng/tháng.",
        "Câu 2: Anh Lực (ở Củ Chi) hỏi: Lệ phí bao nhiêu",
        "Luật sư Đặng Thị Nguyệt trả lời: Lệ phí là 70.000 đồng.",
    ]


def test_a_regulation_copied_line_by_line_is_cut_by_its_structure(tmp_path: Path) -> None:
    from ingest.chunking import chunk_records

    lines = [
        f"Điều {n}. Điều khoản số {n}\nNội dung của điều {n} được quy định như sau."
        for n in (1, 2, 3)
    ]
    path = tmp_path / "quy-che.jsonl"  # a record's text: its line breaks as they came
    record = {"title": "Quy chế làm việc", "text": "\n".join(lines)}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = load_file(path, max_bytes=10**6).articles
    assert [r.place.legal for r in chunk_records(article, 1000)] == ["Điều 1", "Điều 2", "Điều 3"]


def test_clean_text_is_nfc_and_keeps_tone_mark_convention() -> None:
    decomposed = unicodedata.normalize("NFD", "Thành ủy hoà bình, thuỷ lợi")
    assert clean_text(decomposed) == "Thành ủy hoà bình, thuỷ lợi"  # "hoà" is not made "hòa"
    assert clean_text("a\u200b\u0301") == "á"  # invisible removed before composing


# --- .txt ----------------------------------------------------------------------------------


def test_sample_article() -> None:
    article = load_one(SAMPLE).articles[0]
    assert article.title == "Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên"
    assert article.source == "VOH"
    # "Sáng 8/2" has no year; the text's year of writing is 2018 ("chương trình công tác
    # năm 2018"; "2020-2025" is a range, not the year of writing).
    assert (article.published, article.published_precision) == ("2018-02-08", "day")
    assert article.published_source == "text"
    assert article.text.startswith("(VOH) - Sáng 8/2, Thành ủy TPHCM")
    assert "Chờ" not in article.text
    assert "\u00a0" not in article.text
    assert article.title not in article.text
    assert "\n\n\n" not in article.text
    assert article.text.count("\n\n") == 11  # 12 paragraphs
    assert "Ban Thường vụ Thành ủy trao tặng bằng khen" in article.text
    assert article.id == article_id(str(SAMPLE.resolve()))
    assert article.origin == str(SAMPLE.resolve())
    assert article.url == ""


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("Ngày 08/02/2018", "2018-02-08"),
        ("08/02/2018 10:30", "2018-02-08"),
        ("2018-02-08", "2018-02-08"),
        ("Thứ Năm, 08/02/2018 - 10:30 (GMT+7)", "2018-02-08"),
    ],
)
def test_txt_dateline_gives_published_and_leaves_text(
    tmp_path: Path, dateline: str, published: str
) -> None:
    path = write(tmp_path, "a.txt", f"Loading...\n\n{TITLE}\n{dateline}\n\n{BODY}\n")
    article = load_one(path).articles[0]
    assert article.title == TITLE
    assert article.published == published
    assert article.text == BODY


def test_txt_date_inside_a_sentence_dates_but_stays(tmp_path: Path) -> None:
    body = "Ngày 08/02/2018, Thành ủy TPHCM tổ chức hội nghị.\n\nĐoạn hai."
    article = load_one(write(tmp_path, "a.txt", f"Đang tải…\n{TITLE}\n\n{body}")).articles[0]
    assert (article.title, article.published, article.text) == (TITLE, "2018-02-08", body)


def test_txt_without_blank_lines_treats_lines_as_paragraphs(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "a.txt", f"{TITLE}\n{PARA1}\n{PARA2}\n")).articles[0]
    assert article.text == BODY


def test_txt_with_only_a_title_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no article text found"):
        load_file(write(tmp_path, "a.txt", f"Chờ...\n{TITLE}\n"), max_bytes=MAX)


# --- .md -----------------------------------------------------------------------------------


def test_markdown(tmp_path: Path) -> None:
    md = f"""Some intro line

# {TITLE}

(VOH) - Sáng 8/2, **Thành ủy** TPHCM tổ chức [hội nghị](https://voh.com.vn/a) tổng kết,
xem _chi tiết_ tại <https://voh.com.vn>.

![ảnh hội nghị](anh.jpg)

## Nhiệm vụ năm 2018

- Nâng cao chất lượng đảng viên
- Kiện toàn tổ chức

```
mã nguồn giữ nguyên *như vậy*
```
"""
    article = load_one(write(tmp_path, "a.md", md)).articles[0]
    assert article.title == TITLE
    assert article.source == "VOH"
    assert article.text.split("\n\n") == [
        "Some intro line",
        "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết, xem chi tiết tại "
        "https://voh.com.vn.",
        "Nhiệm vụ năm 2018",
        "Nâng cao chất lượng đảng viên",
        "Kiện toàn tổ chức",
        "mã nguồn giữ nguyên *như vậy*",
    ]


def test_markdown_front_matter(tmp_path: Path) -> None:
    md = f"---\ntitle: {TITLE}\ndate: 2018-02-08\nurl: https://voh.com.vn/a\n---\n\n{BODY}\n"
    article = load_one(write(tmp_path, "a.markdown", md)).articles[0]
    assert (article.title, article.published, article.url) == (
        TITLE,
        "2018-02-08",
        "https://voh.com.vn/a",
    )
    assert article.text == BODY


# --- .html ---------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} - VOH</title>
<meta property="og:site_name" content="VOH Online">
<meta property="og:title" content="{TITLE}">
<meta property="article:published_time" content="2018-02-08T10:30:00+07:00">
<link rel="canonical" href="https://voh.com.vn/thoi-su/hoi-nghi-123.html">
</head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li></ul></nav>
<article><h1>{TITLE}</h1>
<p>{PARA1}</p>
<p>{PARA2}</p>
<p>Ông Tất Thành Cang, Phó Bí thư Thường trực Thành ủy đề nghị cần tiếp tục chú trọng
việc nâng cao chất lượng đảng viên, tổ chức cơ sở đảng.</p>
</article>
<footer><p>Bản quyền thuộc Đài Tiếng nói Nhân dân TP.HCM. Ghi rõ nguồn khi sao chép.</p></footer>
</body></html>
"""


def test_html(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "a.html", PAGE)).articles[0]
    assert article.title == TITLE
    assert article.published == "2018-02-08"
    assert article.source == "VOH"  # the "(VOH) -" prefix wins over og:site_name
    assert article.url == "https://voh.com.vn/thoi-su/hoi-nghi-123.html"
    assert article.text.startswith(f"{PARA1}\n\n{PARA2}\n\nÔng Tất Thành Cang")
    assert "Trang chủ" not in article.text
    assert "Bản quyền" not in article.text
    assert article.text.count("\n\n") == 2


def test_html_site_name_when_no_prefix(tmp_path: Path) -> None:
    html = PAGE.replace("(VOH) - ", "")
    assert load_one(write(tmp_path, "a.htm", html)).articles[0].source == "VOH Online"


def test_html_declared_windows_1258(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="windows-1258"><title>{TITLE}</title></head>'
    html += f"<body><article><p>{PARA1}</p><p>{PARA2}</p></article></body></html>"
    article = load_one(write(tmp_path, "a.html", to_cp1258(html))).articles[0]
    assert article.title == TITLE
    assert article.text == BODY


def test_malformed_html_extracts_what_it_can(tmp_path: Path) -> None:
    html = f"<html><body><div><p>{PARA1}<p>{PARA2}</div></span><table><tr><td>"
    article = load_one(write(tmp_path, "a.html", html)).articles[0]
    assert PARA1 in article.text and PARA2 in article.text


@pytest.mark.parametrize("html", ["<<<>>><<", "<html><body><script>x=1</script></body></html>"])
def test_html_without_text(tmp_path: Path, html: str) -> None:
    with pytest.raises(LoadError, match="no article text found"):
        load_file(write(tmp_path, "a.html", html), max_bytes=MAX)


# --- .json / .jsonl ------------------------------------------------------------------------


def test_json_list(tmp_path: Path) -> None:
    records = [
        {"id": "a-1", "title": "Một", "text": PARA1, "published": "08/02/2018"},
        {"title": "Hai", "body": PARA2, "url": "https://voh.com.vn/b", "source": "Báo X"},
        {"title": "Ba", "text": "Đoạn\n\n\nthứ  ba"},
    ]
    path = write(tmp_path, "a.json", json.dumps(records, ensure_ascii=False))
    result = load_file(path, max_bytes=MAX)
    base = str(path.resolve())
    assert [a.origin for a in result.articles] == [
        f"{base}#a-1",
        f"{base}#https://voh.com.vn/b",
        f"{base}#index-2",
    ]
    assert [a.id for a in result.articles] == [article_id(a.origin) for a in result.articles]
    first, second, third = result.articles
    assert (first.title, first.source, first.published) == ("Một", "VOH", "2018-02-08")
    assert (second.text, second.url, second.source) == (PARA2, "https://voh.com.vn/b", "Báo X")
    assert third.text == "Đoạn\n\nthứ ba"
    assert result.warnings == ()


def test_json_single_object(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", json.dumps({"title": TITLE, "text": BODY}))
    article = load_one(path).articles[0]
    assert (article.title, article.text) == (TITLE, BODY)


def test_jsonl_bad_line_is_a_warning(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Một", "text": PARA1}, ensure_ascii=False),
        '{"title": "Hỏng", "text": ',
        "",
        json.dumps({"title": "Không có nội dung"}),
        json.dumps({"pid": 7, "title": "Hai", "text": PARA2}, ensure_ascii=False),
        "[1, 2]",
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(lines))
    result = load_file(path, max_bytes=MAX)
    assert [a.title for a in result.articles] == ["Một", "Hai"]
    assert result.articles[0].origin.endswith("#line-1")
    assert result.articles[1].origin.endswith("#7")
    assert len(result.warnings) == 3
    assert result.warnings[0].startswith("line 2: invalid JSON")
    assert result.warnings[1].startswith("line 4: no text")
    assert result.warnings[2].startswith("line 6: expected an object")


def test_jsonl_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    lines = [json.dumps({"id": 1, "title": t, "text": t}) for t in ("first", "second")]
    result = load_file(write(tmp_path, "a.jsonl", "\n".join(lines)), max_bytes=MAX)
    assert [a.title for a in result.articles] == ["first"]
    assert "duplicate" in result.warnings[0]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.jsonl", "{oops\n[]\n", "no article text found"),
        ("a.json", '{"title": "x", ', "invalid JSON"),
        ("a.json", '"just a string"', "object or a list"),
    ],
)
def test_json_nothing_usable(tmp_path: Path, name: str, data: str, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load_file(write(tmp_path, name, data), max_bytes=MAX)


# --- .docx ---------------------------------------------------------------------------------


def test_docx_title_from_heading_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph("Ngày 08/02/2018")
    document.add_paragraph(PARA1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Chỉ tiêu"
    table.rows[0].cells[1].text = "Kết quả"
    document.add_paragraph(PARA2)
    path = tmp_path / "a.docx"
    document.save(str(path))
    article = load_one(path).articles[0]
    assert (article.title, article.source, article.published) == (TITLE, "VOH", "2018-02-08")
    assert article.text == f"{PARA1}\n\nChỉ tiêu | Kết quả\n\n{PARA2}"


def test_docx_title_from_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_paragraph(PARA1)
    document.add_paragraph(PARA2)
    path = tmp_path / "a.docx"
    document.save(str(path))
    article = load_one(path).articles[0]
    assert (article.title, article.text) == (TITLE, BODY)


def test_damaged_docx(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="DOCX is damaged"):
        load_file(write(tmp_path, "a.docx", b"PK\x03\x04 not really a zip"), max_bytes=MAX)


# --- .pdf ----------------------------------------------------------------------------------

PDF_PAGES = [
    [
        TITLE,
        "",
        "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ",
        "chức xây dựng đảng năm 2017, triển khai chương trình công tác năm 2018.",
        "Nhiệm vụ trọng tâm là nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh",
        "nghiệp nhà nước và các công ty có vốn nhà nước, theo quy định của Trung ư-",
        "ơng. Đây là việc lớn.",
        "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị và phát biểu chỉ",
        "1",
    ],
    [
        "đạo tại hội nghị về công tác cán bộ trong năm 2018 và những năm tiếp theo.",
        "2",
    ],
]


def test_pdf(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", make_pdf(PDF_PAGES))
    article = load_one(path).articles[0]
    assert article.title == TITLE
    assert article.source == "VOH"
    assert article.text.split("\n\n") == [
        "(VOH) - Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng "
        "đảng năm 2017, triển khai chương trình công tác năm 2018. Nhiệm vụ trọng tâm là "
        "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước và các công ty "
        "có vốn nhà nước, theo quy định của Trung ương. Đây là việc lớn.",
        "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị và phát biểu chỉ đạo tại "
        "hội nghị về công tác cán bộ trong năm 2018 và những năm tiếp theo.",
    ]


def test_pdf_title_from_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", make_pdf([PDF_PAGES[0][2:4]], title="Tổng kết năm 2017"))
    article = load_one(path).articles[0]
    assert article.title == "Tổng kết năm 2017"
    assert article.text.startswith("(VOH) - Sáng 8/2")


def test_pdf_junk_metadata_title_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", make_pdf(PDF_PAGES, title="Microsoft Word - bai viet.docx"))
    assert load_one(path).articles[0].title == TITLE


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(PDF_PAGES)
    with pytest.raises(LoadError, match="PDF is damaged: truncated"):
        load_file(write(tmp_path, "a.pdf", data[: len(data) // 2]), max_bytes=MAX)


def test_garbage_pdf(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="PDF is damaged"):
        load_file(write(tmp_path, "a.pdf", b"%PDF-1.7\nnothing here\n%%EOF\n"), max_bytes=MAX)


def test_encrypted_pdf(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.pdf", make_pdf(PDF_PAGES))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(LoadError, match="encrypted"):
        load_file(path, max_bytes=MAX)


def test_pdf_without_text(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="OCR"):
        load_file(write(tmp_path, "a.pdf", make_pdf([[""]])), max_bytes=MAX)


# --- encodings -----------------------------------------------------------------------------

TXT = f"{TITLE}\n\n{BODY}\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + TXT.encode("utf-8"),
        b"\xff\xfe" + TXT.encode("utf-16-le"),
        b"\xfe\xff" + TXT.encode("utf-16-be"),
        TXT.encode("utf-16-le"),  # no BOM: found by its NUL bytes
        TXT.encode("utf-16-be"),
        unicodedata.normalize("NFD", TXT).encode("utf-8"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf8-nfd"],
)
def test_unicode_encodings(tmp_path: Path, data: bytes) -> None:
    article = load_one(write(tmp_path, "a.txt", data)).articles[0]
    assert (article.title, article.text, article.source) == (TITLE, BODY, "VOH")


def test_windows_1258(tmp_path: Path) -> None:
    data = to_cp1258(TXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = load_one(write(tmp_path, "a.txt", data)).articles[0]
    assert (article.title, article.text) == (TITLE, BODY)


def test_windows_1258_sample_article(tmp_path: Path) -> None:
    original = load_one(SAMPLE).articles[0]
    legacy = load_one(write(tmp_path, "a.txt", to_cp1258(SAMPLE.read_text("utf-8"))))
    assert (legacy.articles[0].title, legacy.articles[0].text) == (original.title, original.text)


def test_utf8_cut_mid_character_keeps_the_rest(tmp_path: Path) -> None:
    data = f"{TXT}\n".encode() + "Việ".encode()[:-1]  # a copy cut inside "ệ"
    article = load_one(write(tmp_path, "a.txt", data)).articles[0]
    assert article.text == f"{BODY}\n\nVi\ufffd"


def test_tcvn3(tmp_path: Path) -> None:
    # The classic TCVN3 ("ABC", .VnTime fonts) heading, as Latin-1 shows its bytes.
    tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n\n§éc lËp - Tù do - H¹nh phóc\n"
    article = load_one(write(tmp_path, "a.txt", tcvn3.encode("latin-1"))).articles[0]
    assert article.title == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert article.text == "Độc lập - Tự do - Hạnh phúc"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text file \\(looks like a PNG"),
        (random.Random(0).randbytes(4096), "not a text file"),
        (b"%PDF-1.4\n" + bytes(range(256)), "rename it to .pdf"),
        (b"\x00\x01\x02\x03" * 100, "not a text file"),
    ],
    ids=["png", "random", "pdf", "nul"],
)
def test_binary_renamed_txt(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load_file(write(tmp_path, "a.txt", data), max_bytes=MAX)


def test_zip_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x.txt", TXT)
    with pytest.raises(LoadError, match="not a text file"):
        load_file(path, max_bytes=MAX)


def test_legacy_text_that_is_not_vietnamese(tmp_path: Path) -> None:
    # Greek in Windows-1253: not UTF-8, and under Windows-1258 or TCVN3 it is letters, but
    # not Vietnamese syllables. Refuse rather than store mojibake.
    data = ("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.\n" * 20).encode("cp1253")
    with pytest.raises(LoadError) as info:
        load_file(write(tmp_path, "a.txt", data), max_bytes=MAX)
    assert str(info.value) == "cannot decode: not UTF-8, UTF-16, Windows-1258 or TCVN3 text"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\n", b"\xef\xbb\xbf", "\u00a0\u200b\n".encode(), b"\xff\xfe"],
    ids=["zero", "spaces", "bom", "nbsp", "utf16-bom"],
)
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(LoadError, match=r"^empty file$"):
        load_file(write(tmp_path, "a.txt", data), max_bytes=MAX)


def test_file_over_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: instant, and takes no disk space
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(LoadError) as info:
        load_file(path, max_bytes=MAX)
    assert str(info.value) == "file is 50.0 MB, over MAX_FILE_MB=20 (raise it to ingest this file)"


# --- the rest ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "reason"), [("a.xyz", r"\.xyz"), ("README", "no extension")])
def test_unsupported_file_is_skipped(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(Skipped, match=f"^skipped: .*{reason}"):
        load_file(write(tmp_path, name, "text"), max_bytes=MAX)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="file not found"):
        load_file(tmp_path / "gone.txt", max_bytes=MAX)


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    assert load_one(write(tmp_path, "A.TXT", TXT)).articles[0].title == TITLE
    assert ".txt" in SUPPORTED_EXTENSIONS


def test_ids_are_stable(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TXT)
    first = load_one(path).articles[0]
    relative = Path("a.txt")
    again = load_one(tmp_path / ".." / tmp_path.name / relative).articles[0]
    assert (again.id, again.version, again.origin) == (first.id, first.version, first.origin)
    other = load_one(write(tmp_path, "b.txt", TXT)).articles[0]
    assert other.id != first.id and other.version == first.version


def test_iter_files(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.md", "a/b/c.pdf", ".hidden.txt", ".git/x.txt", "~$lock.docx"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)]
    assert found == ["a/b/c.pdf", "a/z.md", "b.txt"]


def test_iter_files_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a folder"):
        list(iter_files(tmp_path / "missing"))


# --- builders ------------------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as legacy Vietnamese software wrote them.

    Python's cp1258 codec maps characters one to one, and most toned vowels ("ệ") have no
    single byte: it must be given the base letter ("ê", which has one) plus a combining
    tone mark, which is how Windows-1258 spells them.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def make_pdf(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """A minimal PDF whose text pypdf can extract, Vietnamese included.

    Text is drawn with a Type0 font in Identity-H encoding; its ToUnicode map gives each
    character a two-byte code. Each list item is one line ("" = an empty line).
    """
    chars = sorted({char for page in pages for line in page for char in line})
    code = {char: number + 1 for number, char in enumerate(chars)}
    mapping = "".join(f"<{code[c]:04X}> <{ord(c):04X}>\n" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{mapping}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    info = b"<< >>"
    if title:
        info = b"<< /Title <" + ("\ufeff" + title).encode("utf-16-be").hex().encode() + b"> >>"
    kids = " ".join(f"{7 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        _pdf_stream(cmap),
        info,
    ]
    for number, page in enumerate(pages):
        ops = ["BT /F1 11 Tf 14 TL 50 800 Td"]
        for line in page:
            if line:
                ops.append("<" + "".join(f"{code[c]:04X}" for c in line) + "> Tj")
            ops.append("T*")
        ops.append("ET")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (8 + 2 * number)
        )
        objects.append(_pdf_stream("\n".join(ops).encode()))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _pdf_stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)
