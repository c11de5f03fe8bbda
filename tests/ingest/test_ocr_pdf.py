"""Scanned PDF pages read by OCR, page numbers kept, and an answer found on a scanned page
through the real ingestion, index, model and answer (`ask`)."""

from __future__ import annotations

import bisect
import io
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from rich.console import Console

from bot import messages
from ingest.article import Article
from ingest.formats.common import Limits
from ingest.formats.pdf import load_pdf
from ingest.loaders import LoadError, load_file
from ingest.ocr import OcrOptions
from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.cli.answer_output import answer_json, print_answer
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Hit, Place, hit
from retrieval.services import build_services
from retrieval.settings import Settings
from tests.ingest.test_loaders import make_pdf
from tests.ingest.test_ocr import (
    MISSING,
    PAGE_TEXT,
    SECOND_PAGE,
    needs_tesseract,
    render_page,
)

MAX_BYTES = 50 * 1024 * 1024
COVER = ["BÁO CÁO TỔNG KẾT", "", "Trang bìa của báo cáo, không có số liệu."]


def scanned_pdf(pages: list[Image.Image]) -> bytes:
    """An image-only PDF, as a scanner makes: one picture per page, no text layer."""
    out = io.BytesIO()
    first, *rest = pages
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=200.0)
    return out.getvalue()


def mixed_pdf(parts: list[bytes], title: str = "Báo cáo") -> bytes:
    """The pages of several PDFs, in order, in one PDF (titled in its metadata, so that no
    page's text is taken for the title)."""
    writer = PdfWriter()
    writer.add_metadata({"/Title": title})
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_of(article: Article, phrase: str) -> int:
    """The page (from 1) that `phrase` is on, by `Article.pages`."""
    return bisect.bisect_right(article.pages, article.text.index(phrase))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_tesseract
def test_scanned_pdf_is_read_with_its_page_numbers(tmp_path: Path):
    pages = [render_page(COVER), render_page(PAGE_TEXT), render_page(SECOND_PAGE)]
    path = write(tmp_path, "quy-che-scan.pdf", scanned_pdf(pages))
    result = load_file(path, max_bytes=MAX_BYTES)
    (article,) = result.articles
    assert not result.warnings
    assert article.ocr_pages == (1, 2, 3)
    assert page_of(article, "18,5 triệu đồng") == 2
    assert page_of(article, "thưởng 5 triệu đồng") == 3


@needs_tesseract
def test_only_the_scanned_page_of_a_mixed_pdf_is_marked(tmp_path: Path):
    first = ["Báo cáo năm 2024", "", "Trang một có lớp chữ thật.", "", "Nhân sự tăng 12 người."]
    text_page = make_pdf([first])
    last_page = make_pdf([["Trang ba cũng có lớp chữ, nói về kế hoạch năm 2025."]])
    data = mixed_pdf([text_page, scanned_pdf([render_page(PAGE_TEXT)]), last_page])
    (article,) = load_file(write(tmp_path, "mixed.pdf", data), max_bytes=MAX_BYTES).articles
    assert article.ocr_pages == (2,)
    assert page_of(article, "18,5 triệu đồng") == 2
    assert page_of(article, "kế hoạch năm 2025") == 3
    assert page_of(article, "Nhân sự tăng 12 người") == 1


def test_scanned_pdf_without_tesseract_names_the_packages(tmp_path: Path):
    path = write(tmp_path, "scan.pdf", scanned_pdf([render_page(PAGE_TEXT)]))
    with pytest.raises(LoadError, match="tesseract-ocr and tesseract-ocr-vie"):
        load_pdf(path, Limits(ocr=MISSING))
    # With a text page beside it, the text is kept and the scanned page is a warning.
    data = mixed_pdf([make_pdf([["Trang có chữ về ngân sách năm 2024."]]), path.read_bytes()])
    result = load_pdf(write(tmp_path, "mixed.pdf", data), Limits(ocr=MISSING))
    assert "ngân sách" in result.articles[0].text
    assert result.articles[0].ocr_pages == ()
    (warning,) = result.warnings
    assert warning.startswith("page 2 scanned, left out") and "tesseract-ocr-vie" in warning


def test_scan_over_the_page_cap_is_refused_before_any_ocr(tmp_path: Path):
    page = render_page(SECOND_PAGE)
    path = write(tmp_path, "dai.pdf", scanned_pdf([page] * 6))
    started = time.monotonic()
    with pytest.raises(LoadError, match=r"6 scanned pages need OCR, over OCR_MAX_PAGES=5"):
        load_pdf(path, Limits(ocr=OcrOptions(max_pages=5)))
    assert time.monotonic() - started < 3


@needs_tesseract
def test_blank_scan_is_refused_with_a_reason(tmp_path: Path):
    blank = Image.new("L", (1240, 1754), 255)
    path = write(tmp_path, "trang.pdf", scanned_pdf([blank, blank]))
    with pytest.raises(LoadError, match="scanned, and OCR found no text"):
        load_file(path, max_bytes=MAX_BYTES)


@needs_tesseract
def test_answer_found_on_a_scanned_page_is_cited_as_ocr(
    tmp_path: Path, settings: Settings, embedder: Embedder
):
    folder = Path(settings.ingest_sources[0])
    pages = [render_page(COVER), render_page(PAGE_TEXT), render_page(SECOND_PAGE)]
    (folder / "quy-che-dao-tao.pdf").write_bytes(scanned_pdf(pages))
    report = run(settings, embedder)
    assert not report.failed, report.failed
    assert len(report.added) == 2  # the sample article and the scan
    services = build_services(settings, embedder)
    answer = ask("Học phí năm học 2024-2025 là bao nhiêu?", None, services)
    assert "18,5 triệu" in answer.text, answer.text
    cited = [c for c in answer.citations if "18,5 triệu" in " ".join(p.quote for p in c.passages)]
    assert cited and cited[0].ocr
    assert cited[0].title == "BÁO CÁO TỔNG KẾT"  # the first page's first line
    assert f"{messages.OCR_MARK}" in messages.answer_html(answer)
    # The console and --json say so too.
    shown = io.StringIO()
    print_answer(Console(file=shown, width=200), answer)
    assert "(OCR)" in shown.getvalue()
    cited_json = next(c for c in answer_json(answer)["citations"] if "18,5 triệu" in c["quote"])
    assert cited_json["ocr"] is True
    # The sample article (text, not OCR) is never marked.
    other = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    assert other.citations and not any(c.ocr for c in other.citations)
    assert messages.OCR_MARK not in messages.answer_html(other)


def test_tesseract_cmd_setting_missing_fails_only_the_image(settings: Settings, embedder: Embedder):
    """TESSERACT_CMD pointing nowhere: the image is reported with the packages to install,
    the other articles are ingested."""
    folder = Path(settings.ingest_sources[0])
    render_page(PAGE_TEXT).save(folder / "anh-quet.png")
    settings = settings.model_copy(update={"tesseract_cmd": "/nonexistent/bin/tesseract"})
    report = run(settings, embedder)
    assert len(report.added) == 1  # the sample article
    (failed,) = report.failed
    assert failed.origin.endswith("anh-quet.png")
    assert "TESSERACT_CMD=/nonexistent/bin/tesseract" in failed.reason
    assert "tesseract-ocr and tesseract-ocr-vie" in failed.reason


def test_a_passage_is_ocr_when_its_pages_were_read_by_ocr():
    def at(page: int, page_end: int, ocr_pages: str) -> Hit:
        fields = ("T", "", "", "", "/x.pdf", "", "", ocr_pages)
        return hit("a-v-0000", "a", fields, "text", (0, 4, 0), 1.0, Place(page, page_end))

    assert at(2, 2, "2,5").ocr and at(1, 2, "2").ocr and at(5, 5, "2,5").ocr
    assert not at(1, 1, "2,5").ocr and not at(3, 4, "2,5").ocr and not at(2, 2, "").ocr
    assert at(0, 0, "1").ocr  # page unknown (e.g. an article carried over): marked
    # Citation fields kept before OCR_PAGES existed (an older snapshot) read as no OCR.
    old = hit("a-v-0000", "a", ("T", "", "", "", "/x.pdf", "", ""), "t", (0, 1, 0), 1.0)
    assert old.ocr_pages == "" and not old.ocr
