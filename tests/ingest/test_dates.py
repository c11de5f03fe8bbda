"""Article dates: the pure parser, every loader, the admin's date files, and the way to a Hit."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from ingest import dates
from ingest.dates import FoundDate, date_from_path, date_from_url, lede_date, parse_date
from ingest.loaders import iter_files, load_file
from ingest.manifest import manifest_path, read_manifest
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.registry import Index
from retrieval.search.snapshot import Snapshot
from retrieval.settings import Settings
from tests.ingest.test_loaders import BODY, PARA1, PARA2, PDF_PAGES, SAMPLE, make_pdf

MAX = 20 * 1024 * 1024


def day(value: str, source: str = "x") -> FoundDate:
    return FoundDate(value, dates.DAY, source)


# --- the parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-02-08", ("2018-02-08", "day")),
        ("2018-02-08T10:30:00+07:00", ("2018-02-08", "day")),
        ("2018/2/8", ("2018-02-08", "day")),
        ("08/02/2018", ("2018-02-08", "day")),
        ("8/2/2018", ("2018-02-08", "day")),
        ("8-2-2018", ("2018-02-08", "day")),
        ("08.02.2018", ("2018-02-08", "day")),
        ("ngày 8/2/2018", ("2018-02-08", "day")),
        ("ngày 8 tháng 2 năm 2018", ("2018-02-08", "day")),
        ("Ngày 08 tháng 02, năm 2018", ("2018-02-08", "day")),
        ("TP.HCM, ngày 8 tháng 2 năm 2018", ("2018-02-08", "day")),
        ("Thứ Năm, 08/02/2018 - 14:30", ("2018-02-08", "day")),
        ("Cập nhật lúc 14:30 08/02/2018 (GMT+7)", ("2018-02-08", "day")),
        ("Thu, 08 Feb 2018 10:30:00 +0700", ("2018-02-08", "day")),
        ("20180208", ("2018-02-08", "day")),
        ("tháng 2/2018", ("2018-02", "month")),
        ("Tháng 02-2018", ("2018-02", "month")),
        ("tháng 2 năm 2018", ("2018-02", "month")),
        ("2/2018", ("2018-02", "month")),
        ("2018-02", ("2018-02", "month")),
        ("năm 2018", ("2018", "year")),
        ("2018", ("2018", "year")),
        ("  2018. ", ("2018", "year")),
    ],
)
def test_parse_date_reads_vietnamese_and_iso_forms(value: str, expected: tuple[str, str]) -> None:
    found = parse_date(value, "meta")
    assert found is not None, value
    assert (found.value, found.precision, found.source) == (*expected, "meta")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "8/2",  # a day and month alone: a ratio as easily as a date
        "tỷ lệ 8/2",
        "1.2.3",  # a version number
        "v2.1.2018.5",
        "0903.123.456",  # phone numbers
        "028 3829 2018",
        "1.500.000",  # money
        "2020-2025",  # a range of years
        "31/2/2018",  # no such day
        "8/13/2018",  # month-first is not Vietnamese; 13 is no month
        "13/2018",
        "1850",  # out of range
        "ba mươi",
        "Số 12/2018/NĐ-CP",  # a decree number is not a month
    ],
)
def test_parse_date_refuses_what_is_not_a_date(value: str) -> None:
    assert parse_date(value) is None


def test_the_first_full_date_wins_over_partial_ones() -> None:
    assert parse_date("năm 2017, ngày 8/2/2018") == day("2018-02-08", "")
    assert dates.first(None, day("2018-02-08"), day("2019-01-01")) == day("2018-02-08")
    assert dates.first(None, None) is None


def test_pdf_date_values() -> None:
    assert dates.pdf_date("D:20180208103000+07'00'") == FoundDate("2018-02-08", "day")
    assert dates.pdf_date("D:2018") == FoundDate("2018", "year")
    assert dates.pdf_date("garbage") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.vn/2018/02/08/hoi-nghi", ("2018-02-08", "day")),
        ("https://x.vn/tin/2018-02-08-hoi-nghi.html", ("2018-02-08", "day")),
        ("https://x.vn/a?id=3&date=2018-02-08", ("2018-02-08", "day")),
        ("https://tuoitre.vn/hoi-nghi-20180208103254428.htm", ("2018-02-08", "day")),
        ("https://x.vn/2018/02/hoi-nghi", ("2018-02", "month")),
    ],
)
def test_dates_in_urls(url: str, expected: tuple[str, str]) -> None:
    found = date_from_url(url)
    assert found is not None and (found.value, found.precision, found.source) == (*expected, "url")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://x.vn/hoi-nghi-123456.htm",
        "https://x.vn/p/20181399",  # digits that are no date
        "https://x.vn/2018-2025/ke-hoach",  # a range
        "https://x.vn/tin?id=20180208",  # an id, not a date field
    ],
)
def test_urls_without_dates(url: str) -> None:
    assert date_from_url(url) is None


def test_dates_in_paths() -> None:
    assert date_from_path("/d/2018/02/08/a.txt") == FoundDate("2018-02-08", "day", "path")
    assert date_from_path("/d/2018-02-08-hoi-nghi.md") == FoundDate("2018-02-08", "day", "path")
    assert date_from_path("/d/tin/2018/a.pdf") == FoundDate("2018", "year", "path")
    assert date_from_path("/home/backup-2019/tin/a.txt") is None  # a word with a year in it
    assert date_from_path("/d/tin/a.txt") is None


@pytest.mark.parametrize(
    ("lede", "year", "expected"),
    [
        ("(VOH) - Sáng 8/2, Thành ủy tổng kết năm 2017, triển khai năm 2018.", None, "2018-02-08"),
        ("(VOH) - Sáng 8/2, Thành ủy họp.", 2016, "2016-02-08"),  # the source's year
        ("TP.HCM, ngày 8/2/2018, Thành ủy họp.", None, "2018-02-08"),
        ("Hà Nội - Chiều 8-2, hội nghị năm 2019 khai mạc.", None, "2019-02-08"),
        ("TTO - Sáng nay 8/2, hội nghị năm 2019 khai mạc.", None, "2019-02-08"),
        ("(VOH) - Ngày 8 tháng 2 năm 2018, Thành ủy họp.", None, "2018-02-08"),
        ("Ngày 8/2, hội nghị năm 2018 và kế hoạch đến năm 2030.", None, "2018-02-08"),
        # a year reviewed and the next one's tasks: December writes in the first, January
        # in the second
        (
            "(VOH) - Chiều 20/12, UBND quận 3 tổng kết công tác năm 2024 và triển khai "
            "nhiệm vụ năm 2025.",
            None,
            "2024-12-20",
        ),
        (
            "(VOH) - Sáng 14/1, Công ty tổng kết năm 2025, triển khai nhiệm vụ năm 2026.",
            None,
            "2026-01-14",
        ),
        ("(VOH) - Chiều 26/12, lễ tôn vinh năm 2025, đặt mục tiêu năm 2026.", None, "2025-12-26"),
        ("(VOH) - Sáng 15/3, quận triển khai nhiệm vụ trọng tâm năm 2018.", None, "2018-03-15"),
    ],
)
def test_lede_dates(lede: str, year: int | None, expected: str) -> None:
    assert lede_date(lede, year) == FoundDate(expected, "day", "text")


@pytest.mark.parametrize(
    "lede",
    [
        "(VOH) - Sáng 8/2, Thành ủy họp.",  # no year anywhere
        "Sáng 8/2, kế hoạch đến năm 2020 được thông qua.",  # only a plan's year
        "Sáng 8/2, giai đoạn 2021-2025 được bàn.",  # only a range
        "Tỷ lệ 8/2 được giữ trong năm 2018.",  # a ratio, not a lede date
        "Thành ủy họp sáng 8/2 năm 2018.",  # not at the start of the lede
    ],
)
def test_ledes_without_a_date(lede: str) -> None:
    assert lede_date(lede) is None


def test_text_year_skips_plans_and_ranges() -> None:
    text = "Năm 2017 tăng trưởng; kế hoạch đến năm 2030; giai đoạn 2021-2025; năm 2018 tốt."
    assert dates.text_year(text) == 2018


# --- every loader ----------------------------------------------------------------------------


def load(path: Path) -> tuple[str, str, str]:
    (article,) = load_file(path, max_bytes=MAX).articles
    return article.published, article.published_precision, article.published_source


def test_sample_article_dated_from_its_lede_and_text() -> None:
    assert load(SAMPLE) == ("2018-02-08", "day", "text")


def test_txt_dateline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Tiêu đề\n\nThứ Năm, 08/02/2018 - 14:30\n\n{PARA2}\n", encoding="utf-8")
    assert load(path) == ("2018-02-08", "day", "dateline")


def test_txt_without_any_date_stays_undated(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Tiêu đề\n\n(VOH) - Sáng 8/2, Thành ủy họp.\n", encoding="utf-8")
    assert load(path) == ("", "", "")


def test_txt_year_from_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "2016"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text("Tiêu đề\n\n(VOH) - Sáng 8/2, Thành ủy họp.\n", encoding="utf-8")
    assert load(path) == ("2016-02-08", "day", "text")
    other = folder / "b.txt"
    other.write_text("Tiêu đề\n\nThành ủy họp.\n", encoding="utf-8")
    assert load(other) == ("2016", "year", "path")


def test_markdown_front_matter_date_wins(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Tiêu đề\ndate: 2019-03-04\n---\n\n{BODY}\n", encoding="utf-8")
    assert load(path) == ("2019-03-04", "day", "front-matter")
    partial = tmp_path / "b.md"
    partial.write_text(f"---\ndate: tháng 3/2019\n---\n# T\n\n{PARA2}\n", encoding="utf-8")
    assert load(partial) == ("2019-03", "month", "front-matter")


def test_markdown_lede(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"# Tiêu đề\n\n{BODY}\n", encoding="utf-8")
    assert load(path) == ("2018-02-08", "day", "text")


def html(head: str, body: str = f"<p>{PARA2}</p><p>{PARA2} Thêm.</p>") -> str:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tiêu đề</title>'
        f"{head}</head><body><article><h1>Tiêu đề</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<meta property="article:published_time" content="2018-02-08T10:30:00+07:00">'
            '<meta property="article:modified_time" content="2020-01-01T00:00:00+07:00">',
            "",
            ("2018-02-08", "day", "meta"),
        ),
        ('<meta itemprop="datePublished" content="2018-02-08">', "", ("2018-02-08", "day", "meta")),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
            '[{"@type": "NewsArticle", "dateModified": "2021-01-01", '
            '"datePublished": "2018-02-08T10:30:00+07:00"}]}</script>',
            "",
            ("2018-02-08", "day", "json-ld"),
        ),
        ("", '<time datetime="2018-02-08">8/2</time>', ("2018-02-08", "day", "html-time")),
        ("", f"<p>{PARA1}</p>", ("2018-02-08", "day", "text")),
    ],
)
def test_html_dates(tmp_path: Path, head: str, body: str, expected: tuple[str, str, str]) -> None:
    path = tmp_path / "a.html"
    path.write_text(html(head, body + f"<p>{PARA2}</p><p>{PARA2} Thêm.</p>"), encoding="utf-8")
    assert load(path) == expected


def test_html_canonical_url_date(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    head = '<link rel="canonical" href="https://voh.com.vn/tin/2018/02/08/hoi-nghi.html">'
    path.write_text(html(head), encoding="utf-8")
    assert load(path) == ("2018-02-08", "day", "url")


def test_json_and_jsonl_fields(tmp_path: Path) -> None:
    records = [
        {"id": "a", "title": "A", "text": PARA2, "published": "2018-02-08T10:00:00+07:00"},
        {"id": "b", "title": "B", "text": PARA2, "date": "08/02/2018"},
        {"id": "c", "title": "C", "text": PARA2, "published_at": "tháng 2/2018"},
        {"id": "d", "title": "D", "text": PARA2, "url": "https://x.vn/2018/02/08/d"},
        {"id": "e", "title": "E", "text": PARA1},
        {"id": "f", "title": "F", "text": PARA2},
    ]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    got = [
        (a.published, a.published_precision, a.published_source)
        for a in load_file(path, max_bytes=MAX).articles
    ]
    assert got == [
        ("2018-02-08", "day", "json-field"),
        ("2018-02-08", "day", "json-field"),
        ("2018-02", "month", "json-field"),
        ("2018-02-08", "day", "url"),
        ("2018-02-08", "day", "text"),
        ("", "", ""),
    ]
    lines = tmp_path / "b.jsonl"
    lines.write_text(json.dumps(records[1], ensure_ascii=False) + "\n", encoding="utf-8")
    assert load(lines) == ("2018-02-08", "day", "json-field")


def _docx(path: Path, paragraphs: list[str], created: str | None, modified: str | None) -> Path:
    from datetime import datetime

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    core = document.core_properties
    for name, value in (("created", created), ("modified", modified)):
        if value:
            setattr(core, name, datetime.fromisoformat(value))
        else:  # the template's own date would stand otherwise
            element = core._element.find(qn(f"dcterms:{name}"))
            if element is not None:
                core._element.remove(element)
    document.save(str(path))
    return path


def test_docx_dates(tmp_path: Path) -> None:
    # A date in the document beats its properties; "created" beats "modified".
    dated = _docx(tmp_path / "a.docx", ["Tiêu đề", PARA1, PARA2], "2017-05-05", "2020-01-01")
    assert load(dated) == ("2018-02-08", "day", "text")
    created = _docx(tmp_path / "b.docx", ["Tiêu đề", PARA2], "2017-05-05T10:00:00", "2020-01-01")
    assert load(created) == ("2017-05-05", "day", "docx-properties")
    modified = _docx(tmp_path / "c.docx", ["Tiêu đề", PARA2], None, "2020-01-01T10:00:00")
    assert load(modified) == ("2020-01-01", "day", "docx-modified")
    headed = _docx(
        tmp_path / "d.docx", ["Tiêu đề", "Hà Nội, ngày 8 tháng 2 năm 2018", PARA2], None, None
    )
    assert load(headed) == ("2018-02-08", "day", "dateline")


def test_pdf_dates(tmp_path: Path) -> None:
    plain = tmp_path / "a.pdf"
    plain.write_bytes(make_pdf([[PDF_PAGES[0][0], "", *PDF_PAGES[0][4:7]]]))
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.add_metadata({"/CreationDate": "D:20170505103000+07'00'"})
    with_meta = tmp_path / "b.pdf"
    with with_meta.open("wb") as handle:
        writer.write(handle)
    assert load(with_meta) == ("2017-05-05", "day", "pdf-properties")
    lede = tmp_path / "c.pdf"
    lede.write_bytes(make_pdf(PDF_PAGES))
    assert load(lede) == ("2018-02-08", "day", "text")


# --- the admin's dates -----------------------------------------------------------------------


def _txt(folder: Path, name: str, body: str = PARA1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"Tiêu đề\n\n{body}\n", encoding="utf-8")
    return path


def test_sidecar_file_wins(tmp_path: Path) -> None:
    path = _txt(tmp_path, "a.txt")
    (tmp_path / "a.txt.date").write_text("# set by hand\n\n5/2018\n", encoding="utf-8")
    assert load(path) == ("2018-05", "month", "sidecar")


def test_folder_mapping(tmp_path: Path) -> None:
    (tmp_path / "dates.toml").write_text(
        '# dates\n"a.txt" = "2016-01-02"\n"sub/*.txt" = "ngày 3 tháng 4 năm 2015"\n'
        '"*.txt" = "2014"\n"p.txt" = 2013-06-07\n',
        encoding="utf-8",
    )
    assert load(_txt(tmp_path, "a.txt")) == ("2016-01-02", "day", "sidecar")
    assert load(_txt(tmp_path / "sub", "b.txt")) == ("2015-04-03", "day", "sidecar")
    assert load(_txt(tmp_path / "other", "c.txt")) == ("2014", "year", "sidecar")
    assert load(_txt(tmp_path, "p.txt")) == ("2013-06-07", "day", "sidecar")  # a TOML date
    # A subfolder's own mapping wins over its parent's; <file>.date over both.
    (tmp_path / "sub" / "dates.toml").write_text('"b.txt" = "2012"\n', encoding="utf-8")
    assert load(tmp_path / "sub" / "b.txt") == ("2012", "year", "sidecar")
    (tmp_path / "sub" / "b.txt.date").write_text("2011-11-11", encoding="utf-8")
    assert load(tmp_path / "sub" / "b.txt") == ("2011-11-11", "day", "sidecar")
    # Neither kind of file is an article.
    names = [p.name for p in iter_files(tmp_path)]
    assert "dates.toml" not in names and "b.txt.date" not in names and "b.txt" in names


def test_bad_admin_dates_are_reported_and_the_found_date_kept(tmp_path: Path) -> None:
    path = _txt(tmp_path, "a.txt")
    (tmp_path / "a.txt.date").write_text("hôm qua", encoding="utf-8")
    result = load_file(path, max_bytes=MAX)
    assert result.articles[0].published_source == "text"
    assert "is not a date" in result.warnings[0] and "a.txt.date" in result.warnings[0]
    (tmp_path / "a.txt.date").unlink()
    (tmp_path / "dates.toml").write_text("this is = = not toml", encoding="utf-8")
    result = load_file(path, max_bytes=MAX)
    assert result.articles[0].published_source == "text"
    assert "not valid TOML" in result.warnings[0]


# --- through the pipeline ---------------------------------------------------------------------


def _age(*paths: Path) -> None:
    past = time.time_ns() - 3600 * 10**9
    for path in paths:
        os.utime(path, ns=(past, past))


def test_dates_reach_hits_and_admin_edits_are_picked_up(
    settings: Settings, embedder: Embedder
) -> None:
    folder = Path(settings.ingest_sources[0])
    undated = _txt(folder, "khong-ngay.txt", "Hội nghị bàn về nhiệm vụ trọng tâm của công ty.")
    _age(*folder.iterdir())
    first = run(settings, embedder)
    assert [r.origin for r in first.undated] == [str(undated.resolve())]

    with Index(settings) as index:
        store = index.active()
        snapshot = Snapshot.load(index.snapshot_folder(store.generation))
        records = store.committed()
    sample = next(r for r in records.values() if r.title.startswith("Chú trọng"))
    assert (sample.published, sample.published_precision, sample.published_source) == (
        "2018-02-08",
        "day",
        "text",
    )
    hits = snapshot.passages.hits({cid: 1.0 for cid in snapshot.lexical.chunk_ids})
    by_article = {h.article_id: h for h in hits.values()}
    hit = by_article[sample.id]
    assert (hit.published, hit.published_precision, hit.published_source) == (
        "2018-02-08",
        "day",
        "text",
    )
    assert by_article[first.undated[0].id].published == ""

    # A date file added beside an unchanged article makes the next run read it again.
    (folder / "khong-ngay.txt.date").write_text("2024-12", encoding="utf-8")
    second = run(settings, embedder)
    assert [r.origin for r in second.updated] == [str(undated.resolve())]
    assert second.chunks_embedded == 0 and not second.undated
    updated = second.updated[0]
    assert (updated.published, updated.published_precision, updated.published_source) == (
        "2024-12",
        "month",
        "sidecar",
    )
    # ... and a run with nothing changed opens nothing.
    with Index(settings) as index:
        entries = read_manifest(manifest_path(index, index.active_generation()))
    assert entries[str(undated.resolve())].dates  # the date file's fingerprint is kept
    third = run(settings, embedder)
    assert len(third.unchanged) == 2 and not third.updated and not third.undated


def test_a_date_deep_in_the_first_paragraph_is_not_the_article_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Tesla\n\nTesla nổi tiếng vì những thành tựu của mình và qua đời ngày 7/1/1943 tại "
        "New York.\n",
        encoding="utf-8",
    )
    assert load(path) == ("", "", "")
    assert dates.leading_date("TP.HCM, ngày 8/2/2018, Thành ủy họp") == FoundDate(
        "2018-02-08", "day"
    )


@pytest.mark.parametrize(
    "line",
    [
        "1. Thời gian: từ ngày 15/4/2025 đến ngày 18/4/2025.",  # a notice's point
        "a) Ngày 8/2/2018: khai mạc hội nghị.",
        "Từ ngày 15/4/2025 đến 18/4/2025, phường tổ chức hội thao.",  # a span announced
    ],
)
def test_a_point_or_a_span_at_the_top_dates_nothing(line: str) -> None:
    assert dates.leading_date(line) is None


def test_a_notice_whose_top_lines_give_the_event_time_stays_undated(tmp_path: Path) -> None:
    path = tmp_path / "thong-bao.txt"
    path.write_text(
        "Thông báo tổ chức Hội thao năm 2025\n\nBan Tổ chức thông báo như sau:\n\n"
        "1. Thời gian: từ ngày 15/4/2025 đến ngày 18/4/2025.\n\n2. Địa điểm: Nhà thi đấu "
        "Phú Thọ.\n",
        encoding="utf-8",
    )
    assert load(path) == ("", "", "")  # was 2025-04-15, "dateline"
