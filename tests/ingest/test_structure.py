"""Regulations cut where they are structured (Chương/Mục/Điều/Khoản/Điểm), and a question
that names an article ("khoản 2 điều 3") finds that article first."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_article, chunk_records, chunk_text
from ingest.legal import structure
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Place, indexed_text, text_hash
from retrieval.index.registry import Index
from retrieval.language.legalref import LegalRef, legal_reference
from retrieval.search.follow import open_retriever
from retrieval.search.legal import EXACT, SAME_ARTICLE, named_chunks
from retrieval.settings import Settings
from tests.conftest import SAMPLE_ARTICLE
from tests.ingest.documents import write_docx

LONG_CLAUSE = " ".join(
    f"Trường hợp thứ {n}, sinh viên nộp đơn tại phòng đào tạo kèm theo minh chứng hợp lệ."
    for n in range(1, 9)
)
REGULATION = f"""QUY CHẾ CÔNG TÁC SINH VIÊN

Căn cứ Luật Giáo dục đại học ngày 18 tháng 6 năm 2012;

Chương I

QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh

Quy chế này quy định về công tác sinh viên của trường.

Điều 2: Quyền của sinh viên

1. Được nhận vào học đúng ngành nghề đã đăng ký dự tuyển.

2. Được tôn trọng và đối xử bình đẳng. {LONG_CLAUSE}

3. Được tham gia các hoạt động sau:

a) Hoạt động đoàn thể và câu lạc bộ;

b) Hoạt động tình nguyện vì cộng đồng.

Chương II. KHEN THƯỞNG VÀ KỶ LUẬT

Mục 1. KHEN THƯỞNG

Điều 3. Hình thức khen thưởng

Sinh viên đạt thành tích xuất sắc được hiệu trưởng tặng giấy khen."""


def _covers(text: str, chunks: list) -> None:
    """Chunks are ordered, disjoint, exact spans covering every non-space character."""
    pos = 0
    for c in chunks:
        assert c.text == text[c.start : c.end] and c.start >= pos
        assert not text[pos : c.start].strip()
        pos = c.end
    assert not text[pos:].strip()


def test_an_article_that_fits_stays_whole_with_its_path() -> None:
    chunks = chunk_article(REGULATION, 2000)
    _covers(REGULATION, chunks)
    by_path = {c.place.legal: c for c in chunks}
    assert list(by_path) == [
        "",
        "Chương I|Điều 1",
        "Chương I|Điều 2",
        "Chương II|Mục 1|Điều 3",
    ]
    assert by_path[""].text.startswith("QUY CHẾ") and "Căn cứ" in by_path[""].text
    # The chapter heading opens its first article's chunk; the chunk says what it is about.
    first = by_path["Chương I|Điều 1"]
    assert first.text.startswith("Chương I\n\nQUY ĐỊNH CHUNG\n\nĐiều 1.")
    # Its heading path: the titles above the Điều (its own title is in the chunk).
    assert first.place.heading == "Chương I. QUY ĐỊNH CHUNG"
    third = by_path["Chương II|Mục 1|Điều 3"]
    assert third.place.heading == "Chương II. KHEN THƯỞNG VÀ KỶ LUẬT > Mục 1. KHEN THƯỞNG"


def test_an_article_too_long_is_split_by_clause_each_piece_naming_it() -> None:
    chunks = chunk_article(REGULATION, 300)
    _covers(REGULATION, chunks)
    article_2 = [c for c in chunks if "Điều 2" in c.place.legal]
    paths = [c.place.legal for c in article_2]
    assert paths[0] == "Chương I|Điều 2|Khoản 1"
    assert article_2[0].text.startswith("Điều 2: Quyền của sinh viên\n\n1. Được nhận")
    # Clause 2 is longer than the target: cut by sentences, every piece still "Khoản 2".
    assert paths.count("Chương I|Điều 2|Khoản 2") >= 2
    assert paths[-1] == "Chương I|Điều 2|Khoản 3"
    assert "a) Hoạt động đoàn thể" in article_2[-1].text
    # Pieces after the first say which Điều they belong to.
    for c in article_2[1:]:
        assert c.place.heading == "Chương I. QUY ĐỊNH CHUNG > Điều 2: Quyền của sinh viên"
        assert len(c.text) <= 1.5 * 300 + len("Điều 2: Quyền của sinh viên\n\n")
    # No chunk mixes two articles.
    for c in chunks:
        assert c.text.count("Điều ") <= 1


def test_points_are_named_when_a_clause_is_cut_between_them() -> None:
    points = "\n\n".join(
        f"{letter}) Trường hợp {letter} được xét theo hồ sơ và ý kiến của khoa quản lý."
        for letter in "abcdef"
    )
    text = (
        f"Điều 1. Miễn học phí\n\n1. Các trường hợp sau:\n\n{points}"
        "\n\nĐiều 2. Hiệu lực\n\nCó hiệu lực."
    )
    chunks = chunk_article(text, 200)
    _covers(text, chunks)
    paths = [c.place.legal for c in chunks if c.place.legal.startswith("Điều 1")]
    assert len(paths) >= 2
    assert all(p.startswith("Điều 1|Khoản 1|Điểm ") for p in paths), paths
    assert paths[0].startswith("Điều 1|Khoản 1|Điểm a")


def test_text_without_structure_chunks_exactly_as_before() -> None:
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    for target in (200, 500, 1000):
        assert chunk_article(text, target) == chunk_text(text, target)
    # One "Điều 5" in a news story is not a structure.
    news = "Theo Điều 5 của luật, người dân được hỗ trợ.\n\nĐiều 5. Không ai bị bỏ lại."
    assert not structure(news, [(0, 44), (46, len(news))]).articles
    assert chunk_article(news, 1000) == chunk_text(news, 1000)
    story = "Điều 5 Luật Đất đai được sửa đổi.\n\nQuốc hội thông qua luật sửa đổi hôm qua."
    assert chunk_article(story, 20) == chunk_text(story, 20)


def test_a_passage_that_is_one_article_is_named_by_it() -> None:
    text = "Điều 5. Thời gian làm việc\n\nThời gian làm việc không quá 8 giờ trong một ngày."
    (chunk,) = chunk_article(text, 1000)
    assert chunk.text == text and chunk.place.legal == "Điều 5" and chunk.place.heading == ""
    # Its lines joined into one paragraph by a loader: the title is its first words.
    joined = "Điều 7. Nghỉ hằng năm " + "Người lao động được nghỉ hằng năm. " * 8
    (chunk,) = chunk_article(joined.strip(), 1000)
    assert chunk.place.legal == "Điều 7"
    pieces = chunk_article(joined.strip(), 100)
    assert all(p.place.legal == "Điều 7" for p in pieces) and len(pieces) > 1
    assert (
        pieces[1].place.heading.startswith("Điều 7. Nghỉ hằng năm")
        and len(pieces[1].place.heading) <= 102
    )


def test_embedded_text_and_indexed_text_are_one(tmp_path: Path) -> None:
    from ingest.article import Article

    article = Article(id="a1", title="Quy chế công tác sinh viên", text=REGULATION, origin="x")
    meta_of = {
        "title": article.title,
    }
    for record in chunk_records(article, 300):
        meta = meta_of | ({"heading": record.place.heading} if record.place else {})
        assert record.text_hash == text_hash(indexed_text(meta, record.text))
        if record.place.heading:
            assert indexed_text(meta, record.text).startswith(
                f"{article.title}\n{record.place.heading}\n"
            )


@pytest.mark.parametrize(
    ("question", "ref"),
    [
        ("Điều 5 quy định gì?", LegalRef("5")),
        ("khoản 2 điều 14 nói gì?", LegalRef("14", "2")),
        ("Theo Điều 5 khoản 2, sinh viên được gì?", LegalRef("5", "2")),
        ("dieu 5 khoan 2 diem a", LegalRef("5", "2", "a")),
        ("Điểm b khoản 1 Điều 3 quy định thế nào?", LegalRef("3", "1", "b")),
        ("Điều kiện tốt nghiệp là gì?", None),
        ("khoản 2 quy định gì?", None),
    ],
)
def test_a_question_names_an_article(question: str, ref: LegalRef | None) -> None:
    assert legal_reference(question) == ref


def test_named_chunks_prefer_the_clause_asked() -> None:
    places = {
        "whole": Place(legal="Chương I|Điều 3"),
        "k1": Place(legal="Điều 14|Khoản 1"),
        "k2-3": Place(legal="Điều 14|Khoản 2-3"),
        "other": Place(legal="Điều 4|Khoản 2"),
        "news": Place(page=2),
    }
    assert named_chunks(places, LegalRef("14", "2")) == {"k1": SAME_ARTICLE, "k2-3": EXACT}
    assert named_chunks(places, LegalRef("3", "2")) == {"whole": EXACT}
    assert named_chunks(places, LegalRef("9")) == {}


def test_a_named_article_is_found_first(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "cong-tac-sinh-vien.txt").write_text(REGULATION, encoding="utf-8")
    blocks: list = [
        ("", "Chương I"),
        ("", "NHỮNG QUY ĐỊNH CHUNG"),
        ("", "Điều 1. Phạm vi áp dụng"),
        ("", "Quy định này áp dụng cho cán bộ, viên chức của trường."),
        ("", "Điều 2. Giờ làm việc"),
        ("", "1. Giờ làm việc buổi sáng từ 7 giờ 30 đến 11 giờ 30."),
        ("", "2. Giờ làm việc buổi chiều từ 13 giờ 30 đến 17 giờ."),
        ("", "Điều 3. Nghỉ phép năm"),
        (
            "",
            "1. Viên chức được nghỉ phép năm 12 ngày làm việc, được hưởng nguyên lương"
            " và phụ cấp, do trưởng đơn vị sắp xếp theo kế hoạch công tác.",
        ),
        ("", "2. Cứ năm năm công tác được nghỉ thêm một ngày."),
    ]
    write_docx(docs / "noi-quy.docx", blocks, title="Nội quy lao động của trường")
    settings = settings.model_copy(
        update={"ingest_sources": [str(docs)], "chunk_target_chars": 120}
    )
    report = run(settings, embedder)
    assert not report.failed and len(report.added) == 2
    with Index(settings) as index:
        retriever = open_retriever(settings, embedder, index)
        top = retriever.retrieve("khoản 2 điều 3 nội quy lao động quy định gì?", 3)[0]
        assert top.legal == "Chương I|Điều 3|Khoản 2" and top.title.startswith("Nội quy")
        assert "nghỉ thêm một ngày" in top.text
        top = retriever.retrieve("Điều 3 quy chế công tác sinh viên", 3)[0]
        assert top.legal == "Chương II|Mục 1|Điều 3" and "giấy khen" in top.text
        # Without diacritics, too; Điều 2 of the Nội quy is short, so whole (it holds khoản 1).
        top = retriever.retrieve("dieu 2 khoan 1 noi quy lao dong", 3)[0]
        assert top.legal == "Chương I|Điều 2" and top.title.startswith("Nội quy")
