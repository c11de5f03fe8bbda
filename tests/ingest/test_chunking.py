"""chunk_text: paragraphs and sentences into non-overlapping, exactly-spanned chunks."""

from __future__ import annotations

import bisect
import itertools
import random
import unicodedata
from pathlib import Path

import pytest

from ingest.chunking import Chunk, chunk_text
from retrieval.language.text import split_sentences

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "articles" / "000_1aedea3009184543.txt"


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def make_sentence(length: int, first: str = "Ông") -> str:
    """A Vietnamese-looking sentence of exactly `length` characters, ending with "."."""
    body = (first + " họp bàn kế hoạch" + " cho cán bộ" * length)[: length - 1]
    if body.endswith(" "):
        body = body[:-1] + "a"
    return body + "."


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Independent reference: maximal runs of non-blank lines, trimmed."""
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            first = offset + len(line) - len(line.lstrip())
            last = offset + len(line.rstrip())
            if current is None:
                current = [first, last]
            else:
                current[1] = last
        elif current is not None:
            spans.append((current[0], current[1]))
            current = None
        offset += len(line) + 1
    if current is not None:
        spans.append((current[0], current[1]))
    return spans


def check_chunks(text: str, chunks: list[Chunk], target: int) -> None:
    """The invariants every chunking must keep."""
    assert [c.index for c in chunks] == list(range(len(chunks)))
    paragraphs = paragraph_spans(text)
    paragraph_starts = [start for start, _ in paragraphs]
    position = 0
    gaps: list[str] = []
    for chunk in chunks:
        assert position <= chunk.start < chunk.end <= len(text)
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text == chunk.text.strip()
        gaps.append(text[position : chunk.start])
        position = chunk.end
        # the paragraph the chunk starts in
        containing = bisect.bisect_right(paragraph_starts, chunk.start) - 1
        assert chunk.paragraph == containing
        assert chunk.start < paragraphs[containing][1]
    gaps.append(text[position:])
    # every non-space character is in exactly one chunk (spans are disjoint, gaps are blank)
    assert "".join(gaps).strip() == ""
    # a paragraph that fits the target is never split between chunks
    chunk_starts = [c.start for c in chunks]
    for start, end in paragraphs:
        if end - start <= target:
            holder = chunks[bisect.bisect_right(chunk_starts, start) - 1]
            assert holder.start <= start and end <= holder.end, text[start:end]
    assert chunk_text(text, target) == chunks  # deterministic


def check_sentence_boundaries(text: str, chunks: list[Chunk]) -> None:
    """Every chunk starts at a sentence start and ends at a sentence end."""
    spans = split_sentences(text)
    starts = {start for start, _ in spans}
    ends = {end for _, end in spans}
    for chunk in chunks:
        assert chunk.start in starts and chunk.end in ends, chunk.text


# --- simple cases ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n\n\n", " \u00a0\t\r\n \n", "\n" * 10_000])
def test_blank_text_gives_no_chunks(text: str) -> None:
    assert chunk_text(text, 500) == []


@pytest.mark.parametrize("target", [0, -5])
def test_target_must_be_positive(target: int) -> None:
    with pytest.raises(ValueError, match="target_chars"):
        chunk_text("Câu một.", target)


def test_one_short_paragraph_is_one_trimmed_chunk() -> None:
    text = "\n\n  Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị.  \n\n"
    assert chunk_text(text, 500) == [
        Chunk(index=0, paragraph=0, start=4, end=47, text=text[4:47]),
    ]


def test_chunk_is_frozen() -> None:
    chunk = chunk_text("Câu một.", 100)[0]
    with pytest.raises(AttributeError):
        chunk.text = "x"  # type: ignore[misc]


# --- the sample article ----------------------------------------------------------------


@pytest.mark.parametrize("target", [150, 200, 300, 500, 800, 1000, 2000, 5000])
def test_sample_invariants(sample: str, target: int) -> None:
    chunks = chunk_text(sample, target)
    check_chunks(sample, chunks, target)
    longest_sentence = max(end - start for start, end in split_sentences(sample))
    if longest_sentence <= 2 * target:
        check_sentence_boundaries(sample, chunks)


@pytest.mark.parametrize("target", [300, 500, 800, 1000, 2000])
def test_sample_chunks_end_at_sentence_ends(sample: str, target: int) -> None:
    chunks = chunk_text(sample, target)
    check_sentence_boundaries(sample, chunks)
    for chunk in chunks:
        assert chunk.text[-1] in '.!?…"”' or sample[chunk.end : chunk.end + 1] == "\n"


def test_sample_whole_article_fits_one_chunk(sample: str) -> None:
    (chunk,) = chunk_text(sample, 5000)
    assert chunk.text == sample.strip()
    assert (chunk.start, chunk.end, chunk.paragraph) == (0, len(sample.rstrip()), 0)


def test_sample_at_1000_packs_whole_paragraphs(sample: str) -> None:
    paragraphs = paragraph_spans(sample)
    chunks = chunk_text(sample, 1000)
    # "Chờ...", the title and two short paragraphs pack together; the 971-char paragraph
    # stands alone; then pairs of medium paragraphs.
    assert [c.paragraph for c in chunks] == [0, 4, 5, 7, 9, 11]
    for chunk in chunks:
        assert any(chunk.start == start for start, _ in paragraphs)  # whole paragraphs
        assert any(chunk.end == end for _, end in paragraphs)
        assert len(chunk.text) <= 1000
    assert chunks[0].text.startswith("Chờ...\n\nChú trọng nâng cao")
    assert chunks[1].text.startswith("Báo cáo về kết quả") and "\n" not in chunks[1].text
    assert "Nhiệm vụ trọng tâm của công tác tổ chức xây dựng đảng năm 2018" in chunks[3].text
    assert chunks[-1].text.endswith("hoàn thành xuất sắc nhiệm vụ năm 2017.")


def test_sample_long_paragraph_is_split_between_its_sentences(sample: str) -> None:
    chunks = chunk_text(sample, 500)
    report = [c for c in chunks if c.paragraph == 4]
    assert len(report) == 2  # 971 chars: its two sentences, one chunk each
    assert report[0].text.endswith("được nâng lên.")
    assert report[1].text.startswith("Đồng thời,")


def test_sample_nbsp_is_kept_in_chunk_text(sample: str) -> None:
    # Chunks quote the article as written; normalisation is for matching only.
    chunks = chunk_text(sample, 300)
    assert any("TPHCM\u00a0Nguyễn" in c.text for c in chunks)


def test_sample_small_target_cuts_long_sentences_at_commas(sample: str) -> None:
    chunks = chunk_text(sample, 150)
    check_chunks(sample, chunks, 150)
    for chunk in chunks:
        assert len(chunk.text) <= 300
        # never mid-word: each end is a sentence end, after a comma/semicolon, or before a space
        after = sample[chunk.end : chunk.end + 1]
        assert chunk.text[-1] in '.,;!?…"”' or after.isspace() or after == ""


# --- packing rules ---------------------------------------------------------------------


def test_short_paragraphs_are_packed_greedily_up_to_the_target() -> None:
    paragraphs = [make_sentence(90, f"Đoạn{i}") for i in range(7)]
    text = "\n\n".join(paragraphs)
    chunks = chunk_text(text, 300)
    # 3 x 90 + 2 x 2 = 274 <= 300; a fourth would make 366
    assert [c.paragraph for c in chunks] == [0, 3, 6]
    assert chunks[0].text == "\n\n".join(paragraphs[:3])
    # the seventh paragraph (90 >= 300/4) stays on its own
    assert chunks[2].text == paragraphs[6]


def test_tiny_remainder_joins_the_previous_chunk() -> None:
    text = make_sentence(480) + "\n\n" + make_sentence(60, "Bà")
    (chunk,) = chunk_text(text, 500)  # 542 > 500, but 60 < 125 and 542 <= 750
    assert chunk.text == text and chunk.paragraph == 0


def test_remainder_of_a_quarter_target_or_more_stays_separate() -> None:
    text = make_sentence(480) + "\n\n" + make_sentence(200, "Bà")
    assert [c.paragraph for c in chunk_text(text, 500)] == [0, 1]


def test_tiny_remainder_does_not_exceed_one_and_a_half_targets() -> None:
    text = make_sentence(740) + "\n\n" + make_sentence(60, "Bà")
    assert [len(c.text) for c in chunk_text(text, 500)] == [740, 60]


def test_tiny_first_paragraph_is_not_glued_to_a_big_one() -> None:
    text = make_sentence(60, "Tựa") + "\n\n" + make_sentence(480) + "\n\n" + make_sentence(480)
    assert [len(c.text) for c in chunk_text(text, 500)] == [60, 480, 480]


def test_long_paragraph_is_split_into_balanced_runs_of_sentences() -> None:
    sentences = [make_sentence(99, f"Câu{i}") for i in range(6)]
    text = " ".join(sentences)  # 599 chars, one paragraph
    chunks = chunk_text(text, 500)
    # greedy would give 5 sentences + 1; balanced gives 3 + 3
    assert [c.text for c in chunks] == [" ".join(sentences[:3]), " ".join(sentences[3:])]
    assert all(c.paragraph == 0 for c in chunks)


def test_long_paragraph_runs_stay_within_the_target_when_sentences_are_uneven() -> None:
    # Cuts at evenly spaced positions would put the first 190-char sentence together with
    # the 10-char one (200 > target); the balancing falls back to a bounded partition.
    lengths = [10, 190, 60, 30, 5, 60, 190]
    text = " ".join(make_sentence(n, f"Câu{i}") for i, n in enumerate(lengths))
    chunks = chunk_text(text, 100)
    check_chunks(text, chunks, 100)
    check_sentence_boundaries(text, chunks)
    assert [len(c.text) for c in chunks] == [10, 190, 91, 66, 190]


def test_newline_inside_a_paragraph_does_not_split_it() -> None:
    first = "Dòng thứ nhất của đoạn\ndòng thứ hai của đoạn."  # 46 chars, two "sentences"
    text = first + "\n\n" + make_sentence(40, "Đoạn")
    chunks = chunk_text(text, 50)
    assert [(c.paragraph, c.text) for c in chunks] == [(0, first), (1, text[47:])]


@pytest.mark.parametrize("separator", ["\n\n", "\n\n\n\n", "\n \n", "\n\u00a0\t\n  ", "\r\n\r\n"])
def test_blank_line_separators_are_tolerated(separator: str) -> None:
    paragraphs = [make_sentence(300, f"Đoạn{i}") for i in range(4)]
    text = separator.join(paragraphs)
    chunks = chunk_text(text, 400)
    assert [c.text for c in chunks] == paragraphs
    assert [c.paragraph for c in chunks] == [0, 1, 2, 3]
    check_chunks(text, chunks, 400)


# --- sentences longer than twice the target --------------------------------------------


def test_very_long_sentence_is_cut_after_commas() -> None:
    clauses = [f"khoản mục thứ {i} tăng 3,5%" for i in range(40)]
    text = "Ông cho biết " + ", ".join(clauses) + "."
    chunks = chunk_text(text, 200)
    check_chunks(text, chunks, 200)
    assert len(chunks) > 1
    for chunk in chunks[:-1]:
        assert chunk.text.endswith(",") and len(chunk.text) <= 200
    # balanced: no piece is much smaller than the others
    sizes = [len(c.text) for c in chunks]
    assert min(sizes) > max(sizes) / 2


def test_sentence_up_to_twice_the_target_is_kept_whole() -> None:
    text = make_sentence(390)
    assert [c.text for c in chunk_text(text, 200)] == [text]


def test_no_punctuation_at_all_is_cut_at_spaces() -> None:
    words = [f"chữ{i}" for i in range(3000)]
    text = " ".join(words)
    chunks = chunk_text(text, 300)
    check_chunks(text, chunks, 300)
    assert " ".join(c.text for c in chunks) == text  # cut only at the single spaces
    assert all(len(c.text) <= 300 for c in chunks)


# --- pathological input ----------------------------------------------------------------


def test_a_20000_character_word_is_cut_into_target_sized_pieces() -> None:
    word = "x" * 20_000
    text = f"Mở đầu. {word} kết thúc."
    chunks = chunk_text(text, 500)
    check_chunks(text, chunks, 500)
    assert "".join(c.text for c in chunks if "x" in c.text).count("x") == 20_000
    assert all(len(c.text) <= 500 for c in chunks)


def test_long_word_with_combining_marks_is_never_cut_before_a_mark() -> None:
    word = unicodedata.normalize("NFD", "Việtnamđẹpquá") * 2_000  # no spaces, NFD
    chunks = chunk_text(word, 300)
    check_chunks(word, chunks, 300)
    assert "".join(c.text for c in chunks) == word
    for chunk in chunks:
        assert not unicodedata.combining(chunk.text[0])


def test_only_combining_marks_is_one_chunk() -> None:
    text = "a" + "\u0301" * 5_000
    assert [c.text for c in chunk_text(text, 100)] == [text]
    # the next piece after such a cluster starts trimmed
    text += " và tiếp theo là chữ" * 20
    check_chunks(text, chunk_text(text, 100), 100)


def test_emoji_sequences_are_not_cut_apart() -> None:
    family = "👨\u200d👩\u200d👧"
    text = (family + "👍🏽" + "❤\ufe0f") * 2_000
    chunks = chunk_text(text, 100)
    check_chunks(text, chunks, 100)
    assert "".join(c.text for c in chunks) == text
    for before, after in itertools.pairwise(chunks):
        assert before.text[-1] != "\u200d"
        assert after.text[0] not in "\u200d\ufe0f\U0001f3fd"


def test_emoji_text_with_sentences() -> None:
    text = "Hội nghị thành công 🎉. Ông A vui 😀!\n\n🇻🇳 Việt Nam."
    chunks = chunk_text(text, 20)
    check_chunks(text, chunks, 20)
    check_sentence_boundaries(text, chunks)


@pytest.mark.parametrize("target", [1, 2, 3])
def test_tiny_targets_terminate(target: int) -> None:
    text = "Sáng 8/2, Thành ủy TP.HCM họp.\n\nÔng Nguyễn V. A. phát biểu."
    check_chunks(text, chunk_text(text, target), target)


# --- invariants over random texts ------------------------------------------------------

POOL = [
    "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị tổng kết công tác năm 2017.",
    "Ông Nguyễn V. A. phát biểu!",
    "PGS.TS. Lê Văn B nói: “Chất lượng cán bộ là then chốt.”",
    "Giá tăng 3,5% lên 1.000 đồng?",
    "Giai đoạn 2020-2025… còn nhiều việc phải làm",
    "Xem www.voh.com.vn hoặc gửi thư về ban.bientap@voh.com.vn.",
    "Tại Q. 1 và P.5, v.v. đều có.",
    "Ủy ban nhân dân thành phố họp",
    "Đ.",
    "😀 🇻🇳 👨‍👩‍👧",
    "Nhiệm vụ trọng tâm năm 2018 là nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh "
    "nghiệp nhà nước, doanh nghiệp cổ phần có vốn nhà nước, tham mưu lấy phiếu tín nhiệm "
    "giữa nhiệm kỳ đối với các chức danh lãnh đạo chủ chốt các cấp, triển khai đề án tinh "
    "giản biên chế, cơ cấu lại đội ngũ cán bộ, công chức.",
    "không có dấu câu " * 30,
]
SEPARATORS = [" ", " ", " ", "  ", "\u00a0", "\n", "\n\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n"]


def random_text(rng: random.Random) -> str:
    parts = [rng.choice(["", " ", "\n\n"])]
    for _ in range(rng.randrange(1, 30)):
        parts += (rng.choice(POOL), rng.choice(SEPARATORS))
    return "".join(parts)


def test_invariants_on_random_texts() -> None:
    rng = random.Random(8022018)
    for _ in range(300):
        text = random_text(rng)
        if rng.random() < 0.2:
            text = unicodedata.normalize("NFD", text)
        target = rng.choice([10, 40, 80, 150, 300, 600, 1500])
        chunks = chunk_text(text, target)
        check_chunks(text, chunks, target)
        sentences = split_sentences(text)
        if max(end - start for start, end in sentences) <= 2 * target:
            check_sentence_boundaries(text, chunks)
        for chunk in chunks:
            assert len(chunk.text) <= 2 * target + 8  # + one emoji sequence after a hard cut


@pytest.mark.slow
def test_a_million_characters(sample: str) -> None:
    # Linear by construction; a quadratic step would take minutes here.
    text = (sample + "\n\n") * (1_000_000 // len(sample) + 1)
    chunks = chunk_text(text, 800)
    check_chunks(text, chunks, 800)
    assert len(chunks) == 8 * text.count("Chờ...")
    for text in ("x" * 1_000_000, "chữ " * 250_000, "." * 1_000_000, " ".join([sample] * 230)):
        check_chunks(text, chunk_text(text, 500), 500)


_REPORT = (
    "PHẦN THỨ NHẤT. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN KẾ HOẠCH 5 NĂM 2021–2025\n\n"
    "I. Kết quả đạt được\n\n"
    + "Tỷ lệ che phủ rừng duy trì ở mức 52,6%. "
    * 30
    + "\n\nMục tiêu tổng quát của tỉnh là phát triển nhanh và bền vững\n\n"
    "PHẦN THỨ HAI. MỤC TIÊU GIAI ĐOẠN 2026–2030\n\n" + "Tỷ lệ che phủ rừng ổn định ở mức 53%. " * 30
)


def test_a_plain_reports_part_headings_name_its_chunks_part() -> None:
    from ingest.chunking import chunk_article

    chunks = chunk_article(_REPORT, 400)
    # cut as a text without headings is: only the place is new
    assert [(c.start, c.end) for c in chunks] == [
        (c.start, c.end) for c in chunk_text(_REPORT, 400)
    ]
    first = "PHẦN THỨ NHẤT. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN KẾ HOẠCH 5 NĂM 2021–2025"
    at = {c.text[:20]: c.place.heading for c in chunks}
    assert f"{first} > I. Kết quả đạt được" in at.values()
    # "Mục tiêu …" is no part; a new "Phần" closes the one before and its "I."
    last = chunks[-1].place.heading
    assert last == "PHẦN THỨ HAI. MỤC TIÊU GIAI ĐOẠN 2026–2030"
    assert not any("Mục tiêu tổng quát" in h for h in at.values())


def test_a_chunk_is_cut_before_a_numbered_title_not_between_it_and_its_points() -> None:
    # a notice's second cut had its "2. Thứ Năm, ngày 18/7/2024" and "- Thời gian" at the
    # end of one chunk and its "- Khu vực", "- Lý do" in the next, read without their day
    records = []
    for n, day in enumerate(("Thứ Ba, ngày 16/7/2024", "Thứ Năm, ngày 18/7/2024"), start=1):
        records.append(
            f"{n}. {day}\n\n- Thời gian: từ 07h30 đến 11h30.\n\n"
            "- Khu vực: phường Linh Trung – Khu chế xuất Linh Trung I và một phần đường Lê "
            "Văn Chí (đoạn từ cổng khu chế xuất đến ngã ba đường số 6).\n\n"
            "- Lý do: bảo dưỡng định kỳ trạm biến áp Linh Trung 1A, thay máy cắt hợp bộ.\n\n"
            "- Số khách hàng bị ảnh hưởng: 18 doanh nghiệp và 35 hộ kinh doanh."
        )
    text = "Công ty Điện lực thông báo lịch ngừng cung cấp điện như sau:\n\n" + "\n\n".join(records)
    chunks = chunk_text(text, 500)
    assert len(chunks) > 1
    for chunk in chunks:  # each point is in the chunk of its title
        assert chunk.text == text[chunk.start : chunk.end]
        points = chunk.text.count("- Lý do")
        assert points == sum(chunk.text.count(f"{n}. Thứ") for n in (1, 2)), chunk.text
