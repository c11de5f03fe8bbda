"""Pages of a PDF: every chunk knows its page, citations say "trang N", and a bad PDF
(encrypted) costs only itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.messages import answer_html
from ingest.chunking import chunk_article
from ingest.formats.pdf import load_pdf
from ingest.layout import page_starts
from ingest.pipeline import run
from retrieval.answers.location import place_label
from retrieval.ask import ask
from retrieval.cli.answer_output import answer_json
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Place
from retrieval.index.registry import Index
from retrieval.services import build_services
from retrieval.settings import Settings
from tests.ingest.documents import REGULATION_PAGES, REGULATION_TITLE, write_pdf

pytest.importorskip("fpdf")

# (a phrase, the page it is printed on)
FACTS = (
    ("15 tiết học lý thuyết", 1),
    ("là 14 tín chỉ", 2),
    ("sáu năm đối với chương trình", 3),
    ("từ 3,2 trở lên", 3),
)


def test_every_chunk_knows_its_page(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE)
    (article,) = load_pdf(pdf).articles
    assert article.title == REGULATION_TITLE
    assert len(article.pages) == 3 and article.pages[0] == 0
    for target in (150, 300, 1000):
        chunks = chunk_article(article.text, target, pages=article.pages)
        for phrase, page in FACTS:
            (chunk,) = [c for c in chunks if phrase in c.text]
            assert chunk.place.page <= page <= chunk.place.page_end, (phrase, target)
            if target <= 300:
                assert chunk.place.page == chunk.place.page_end == page


def test_a_chunk_over_a_page_break_names_both_pages() -> None:
    text = "Đoạn một ở trang đầu.\n\nĐoạn hai ở trang hai.\n\nĐoạn ba ở trang ba."
    pages = page_starts(text, ["Đoạn một ở trang đầu.", "Đoạn hai ở trang hai.", None])
    # Page 3 starts no paragraph of its own: it begins where the text ends.
    assert pages == (0, text.index("Đoạn hai"), len(text))
    (chunk,) = chunk_article(text, 1000, pages=pages)
    assert (chunk.place.page, chunk.place.page_end) == (1, 2)
    assert place_label(chunk.place) == "trang 1–2"


def test_a_page_that_became_the_title_starts_where_the_next_does() -> None:
    text = "Đoạn một.\n\nĐoạn hai."
    assert page_starts(text, ["Tiêu đề", "Đoạn một.", "Đoạn hai."]) == (0, 0, 11)
    assert page_starts(text, ["Không có", None]) == ()


def test_place_labels_read_like_a_citation() -> None:
    assert place_label(Place(12, 12, "Chương II > Điều 5", "Chương II|Điều 5|Khoản 2")) == (
        "Điều 5, khoản 2, trang 12"
    )
    assert place_label(Place(0, 0, "", "Chương I|Điều 3|Khoản 1-2|Điểm a-c")) == (
        "Điều 3, khoản 1–2, điểm a–c"
    )
    assert place_label(Place(0, 0, "Chương I. QUY ĐỊNH CHUNG", "Chương I")) == "Chương I"
    assert place_label(Place(4, 5, "Giới thiệu > Học bổng", "")) == "mục Học bổng, trang 4–5"
    assert place_label(Place()) == ""


def test_citations_name_the_article_and_page_in_the_bot_the_console_and_json(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_pdf(docs / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE)
    settings = settings.model_copy(update={"ingest_sources": [str(docs)]})
    report = run(settings, embedder)
    assert not report.failed and len(report.added) == 1
    services = build_services(settings, embedder)
    try:
        answer = ask("Thời gian tối đa để hoàn thành khóa học là bao lâu?", None, services)
    finally:
        services.close()
    assert answer.found
    cited = answer.citations[0]
    assert cited.title == REGULATION_TITLE
    assert cited.location == "Điều 4, trang 3"
    assert "Điều 4, trang 3" in answer_html(answer)
    data = json.loads(json.dumps(answer_json(answer), ensure_ascii=False))
    assert data["citations"][0]["location"] == "Điều 4, trang 3"
    assert data["citations"][0]["passages"][0]["location"] == "Điều 4, trang 3"
    # The hits carry the page and legal path themselves (for `--json` consumers of hits).
    top = answer.hits[0]
    assert (top.page, top.page_end, top.legal) == (3, 3, "Chương II|Điều 4")


def test_an_encrypted_pdf_gives_a_reason_and_loses_nothing_indexed(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    pdf = write_pdf(docs / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE)
    settings = settings.model_copy(update={"ingest_sources": [str(docs)]})
    assert len(run(settings, embedder).added) == 1
    # The same file, now saved with a password, and another encrypted one beside it.
    write_pdf(pdf, REGULATION_PAGES, title=REGULATION_TITLE, password="mat-khau")
    shutil.copy(pdf, docs / "khac.pdf")
    report = run(settings, embedder)
    reasons = {Path(p.origin).name: p.reason for p in report.failed}
    assert set(reasons) == {"quy-che.pdf", "khac.pdf"}
    assert all("encrypted" in r and "password" in r for r in reasons.values())
    assert not report.removed
    with Index(settings) as index:
        titles = [a.title for a in index.active().committed().values()]
    assert titles == [REGULATION_TITLE]


def test_records_and_snapshots_from_before_places_read_back_with_none(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    from retrieval.index.chunks import chunk_from, hit_from, place
    from retrieval.search.snapshot import Snapshot

    old_meta = {
        "article_id": "a1", "version": "v1", "index": 0, "paragraph": 0, "start": 0,
        "end": 5, "text_hash": "x", "title": "Tin", "source": "", "published": "",
        "url": "", "origin": "/a.txt",
    }  # fmt: skip
    assert place(old_meta) == Place() and not chunk_from("a1-v1-0000", old_meta, "Chữ.").place
    old_hit = hit_from("a1-v1-0000", old_meta, "Chữ.", 0.2)
    assert (old_hit.page, old_hit.legal, place_label(old_hit.place)) == (0, "", "")

    docs = tmp_path / "docs"
    docs.mkdir()
    write_pdf(docs / "quy-che.pdf", REGULATION_PAGES, title=REGULATION_TITLE)
    settings = settings.model_copy(update={"ingest_sources": [str(docs)]})
    run(settings, embedder)
    with Index(settings) as index:
        store = index.active()
        folder = index.snapshot_folder(store.generation)
    snapshot = Snapshot.load(folder)
    places = snapshot.passages.places
    assert sorted({(p.page, p.legal) for p in places.values()})[:2] == [
        (1, "Chương I|Điều 1"),
        (1, "Chương I|Điều 2"),
    ]
    # A snapshot saved before places existed (no "places" in meta.json) still loads.
    meta_path = folder / (folder / "CURRENT").read_text(encoding="utf-8") / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["places"]
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    older = Snapshot.load(folder)
    assert older.passages.places == {} and len(older) == len(snapshot)
    hits = older.passages.hits({cid: 0.5 for cid in places})
    assert hits and all(h.page == 0 and h.legal == "" for h in hits.values())
