"""The bot's passage buttons say where each quoted passage is ("Điều 4, trang 3"), from
the journal that keeps what an answer cited; older journal rows have no place."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.journal import Cited, Journal
from bot.messages import OCR_MARK, passages_html
from retrieval.answers.types import Answer, Citation
from retrieval.index.chunks import Hit


def _hit(chunk_id: str, text: str, start: int, **place: object) -> Hit:
    return Hit(
        chunk_id=chunk_id, article_id="a1", title="Quy chế đào tạo", source="",
        published="", url="", origin="/q.pdf", text=text, start=start,
        end=start + len(text), paragraph=0, score=0.9, **place,  # type: ignore[arg-type]
    )  # fmt: skip


def _cited_back(tmp_path: Path, first: Hit, second: Hit, text: str) -> Cited:
    """Both hits' passages cited as [1] (from `first`'s article), recorded in a journal and
    read back."""
    both = (*Citation.from_hit(1, first).passages, *Citation.from_hit(1, second).passages)
    citation = dataclasses.replace(Citation.from_hit(1, first), passages=both)
    answer = Answer(question="q", standalone="q", text=text, citations=(citation,))
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        entry = journal.get(journal.record(answer, user_id=1, chat_id=1, thread_id=None))
    finally:
        journal.close()
    assert entry is not None
    cited = entry.cited(1)
    assert cited is not None
    return cited


def test_passage_buttons_name_each_passage_s_place(tmp_path: Path) -> None:
    first = _hit("a1-v-0000", "Điều 4. Thời gian học tập <6 năm>", 10, page=3, page_end=3,
                 legal="Chương II|Điều 4")  # fmt: skip
    second = _hit("a1-v-0001", "Điều 5. Học bổng", 80, page=3, page_end=4, legal="Điều 5")
    html = passages_html(_cited_back(tmp_path, first, second, "Sáu năm. [1]"))
    assert "<i>Điều 4, trang 3</i>\n<blockquote expandable>Điều 4. Thời gian học tập &lt;6" in html
    assert "<i>Điều 5, trang 3–4</i>" in html


def test_a_passage_read_by_ocr_says_so_in_its_button(tmp_path: Path) -> None:
    # Page 2 of the document was a scan: its passage is marked, page 1's is not.
    scanned = _hit("a1-v-0001", "Học phí 18,5 triệu đồng.", 50, page=2, page_end=2,
                   ocr_pages="2")  # fmt: skip
    typed = _hit("a1-v-0000", "Điều 1. Phạm vi", 0, page=1, page_end=1, ocr_pages="2")
    cited = _cited_back(tmp_path, typed, scanned, "18,5 triệu. [1]")
    assert [p.ocr for p in cited.passages] == [False, True]
    html = passages_html(cited)
    assert f"<i>trang 2 {OCR_MARK}</i>\n<blockquote expandable>Học phí" in html
    assert "<i>trang 1</i>\n<blockquote expandable>Điều 1." in html
    # Without a place, the mark stands alone.
    unplaced = dataclasses.replace(cited.passages[1], location="")
    alone = passages_html(dataclasses.replace(cited, passages=(unplaced,)))
    assert f"<i>{OCR_MARK}</i>\n<blockquote expandable>Học phí" in alone


def test_an_older_journal_row_has_no_place() -> None:
    cited = Cited.from_json(
        {
            "n": 1, "article_id": "a1", "title": "Tin", "url": "",
            "passages": [{"chunk_id": "a1-v-0000", "start": 0, "end": 5, "quote": "Chữ."}],
        }
    )  # fmt: skip
    assert passages_html(cited) == "[1] Tin\n<blockquote expandable>Chữ.</blockquote>"
    assert not cited.passages[0].ocr  # nor an OCR mark
