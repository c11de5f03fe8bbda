"""One source per article (retrieval/answers/citations.py), on hand-built citations."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from retrieval.answers.citations import answer_by_article, by_article, merge_articles
from retrieval.answers.types import Answer, Citation, CitedPassage, ShortAnswer

VOH = "Hội nghị tổng kết công tác tổ chức xây dựng Đảng năm 2017"


def cite(n: int, chunk: str, article: str, title: str = VOH, quote: str = "") -> Citation:
    return Citation(
        n=n,
        article_id=article,
        title=title,
        source="VOH",
        published="2018-02-08",
        url="https://voh.com.vn/a",
        origin="data/articles",
        passages=(
            CitedPassage(chunk, 10 * n, 10 * n + 9, quote or f"Đoạn {chunk}.", 0.9 - n / 10),
        ),
    )


def short_in(text: str, phrase: str, n: int) -> ShortAnswer:
    start = text.index(phrase)
    return ShortAnswer(phrase, start, start + len(phrase), n, 100, 100 + len(phrase))


def test_three_sentences_of_one_article_are_one_source() -> None:
    text = "Câu một. [1] Câu hai. [2] Câu ba. [3]"
    citations = [cite(1, "x:0", "x"), cite(2, "x:1", "x"), cite(3, "x:2", "x")]
    result = by_article(text, citations)
    assert result.text == "Câu một. [1] Câu hai. [1] Câu ba. [1]"
    assert len(result.citations) == 1
    (only,) = result.citations
    assert (only.n, only.article_id, only.title) == (1, "x", VOH)
    assert only.chunk_ids == ("x:0", "x:1", "x:2")
    assert [p.quote for p in only.passages] == ["Đoạn x:0.", "Đoạn x:1.", "Đoạn x:2."]
    assert [(p.start, p.end) for p in only.passages] == [(10, 19), (20, 29), (30, 39)]
    # The first passage stands for the citation where one passage is read.
    assert (only.chunk_id, only.quote, only.start) == ("x:0", "Đoạn x:0.", 10)


def test_two_articles_interleaved_are_numbered_by_first_appearance() -> None:
    text = "A. [1] B. [2] C. [3] D. [4]"
    citations = [
        cite(1, "x:0", "x"),
        cite(2, "y:0", "y", "Bài Y"),
        cite(3, "x:4", "x"),
        cite(4, "y:2", "y", "Bài Y"),
    ]
    result = by_article(text, citations)
    assert result.text == "A. [1] B. [2] C. [1] D. [2]"
    assert [(c.n, c.article_id, c.chunk_ids) for c in result.citations] == [
        (1, "x", ("x:0", "x:4")),
        (2, "y", ("y:0", "y:2")),
    ]
    assert result.citations[1].title == "Bài Y"


def test_markers_are_renumbered_in_order_of_first_appearance() -> None:
    # An LLM answer may name [2] before [1]; numbers follow the text.
    text = "Theo bài Y [2], còn bài X [1][3]; bài Z [4]."
    citations = [
        cite(1, "x:0", "x"),
        cite(2, "y:0", "y", "Bài Y"),
        cite(3, "x:1", "x"),
        cite(4, "z:0", "z", "Bài Z"),
    ]
    result = by_article(text, citations)
    # "[1][3]" names article X twice: kept once.
    assert result.text == "Theo bài Y [1], còn bài X [2]; bài Z [3]."
    assert [(c.n, c.article_id) for c in result.citations] == [(1, "y"), (2, "x"), (3, "z")]
    assert result.citations[1].chunk_ids == ("x:0", "x:1")


def test_adjacent_duplicates_collapse_with_the_space_between() -> None:
    citations = [cite(1, "x:0", "x"), cite(2, "x:1", "x"), cite(3, "y:0", "y")]
    assert by_article("A [1][2].", citations).text == "A [1]."
    assert by_article("A [1] [2] [3].", citations).text == "A [1] [2]."
    assert by_article("A [2][3][1].", citations).text == "A [1][2]."
    # Not a run: a sentence between them.
    assert by_article("A [1] B [2]", citations).text == "A [1] B [1]"


def test_other_bracketed_numbers_are_text() -> None:
    text = "Năm 1945 [12] độc lập. [1] Câu hai. [2]"
    citations = [cite(1, "x:0", "x"), cite(2, "y:0", "y")]
    assert by_article(text, citations).text == text


def test_unnamed_citations_keep_their_place_after_the_named() -> None:
    citations = [cite(1, "x:0", "x"), cite(2, "y:0", "y"), cite(3, "z:0", "z")]
    result = by_article("Chỉ một câu. [2]", citations)
    assert result.text == "Chỉ một câu. [1]"
    assert [(c.n, c.article_id) for c in result.citations] == [(1, "y"), (2, "x"), (3, "z")]


def test_the_same_passage_twice_is_quoted_once() -> None:
    citations = [cite(1, "x:0", "x"), cite(2, "x:0", "x")]
    (only,) = by_article("A [1] B [2]", citations).citations
    assert only.chunk_ids == ("x:0",)


def test_the_short_answer_moves_with_the_text() -> None:
    phrase = "Phó Trưởng Ban Tổ chức Thành ủy"
    text = f"Mở đầu. [1] Ý khác [2][3] rồi ông Việt là {phrase}. [10]"
    citations = [
        cite(1, "x:0", "x"),
        cite(2, "y:0", "y"),
        cite(3, "y:1", "y"),
        *(cite(n, f"w:{n}", f"w{n}") for n in range(4, 10)),
        cite(10, "x:3", "x"),
    ]
    short = short_in(text, phrase, 10)
    result = by_article(text, citations, short)
    assert result.text == f"Mở đầu. [1] Ý khác [2] rồi ông Việt là {phrase}. [1]"
    moved = result.short
    assert moved is not None
    assert result.text[moved.start : moved.end] == phrase == moved.text
    assert moved.n == 1  # the sentence's article is source [1] now
    assert (moved.article_start, moved.article_end) == (short.article_start, short.article_end)


def test_a_short_answer_before_every_marker_stays_put() -> None:
    text = "Ông Việt là Phó Trưởng Ban. [2] Câu khác. [1]"
    citations = [cite(1, "x:0", "x"), cite(2, "y:0", "y")]
    short = short_in(text, "Phó Trưởng Ban", 2)
    result = by_article(text, citations, short)
    assert result.text == "Ông Việt là Phó Trưởng Ban. [1] Câu khác. [2]"
    assert result.short == ShortAnswer(
        "Phó Trưởng Ban", short.start, short.end, 1, short.article_start, short.article_end
    )


def test_a_short_answer_cut_by_a_marker_or_of_no_citation_is_dropped() -> None:
    citations = [cite(1, "x:0", "x"), cite(2, "x:1", "x")]
    text = "Câu [2] một. [1]"
    assert by_article(text, citations, ShortAnswer("Câu [2] một", 0, 11, 1, 0, 11)).short is None
    assert by_article(text, citations, ShortAnswer("Câu", 0, 3, 7, 0, 3)).short is None


def test_answer_by_article_merges_related_passages_too() -> None:
    text = "A. [1] B. [2]"
    answer = Answer(
        question="Q?",
        standalone="Q?",
        text=text,
        citations=(cite(1, "x:0", "x"), cite(2, "x:1", "x")),
        short=short_in(text, "B", 2),
    )
    merged = answer_by_article(answer)
    assert merged.text == "A. [1] B. [1]" and len(merged.citations) == 1
    assert merged.short is not None and merged.short.n == 1
    assert merged.text[merged.short.start : merged.short.end] == "B"
    declined = Answer(
        "Q?",
        "Q?",
        "Không tìm thấy.",
        found=False,
        mode="none",
        related=(cite(1, "x:0", "x"), cite(2, "x:3", "x"), cite(3, "y:0", "y")),
    )
    again = answer_by_article(declined)
    assert again.text == "Không tìm thấy." and again.citations == ()
    assert [(c.n, c.chunk_ids) for c in again.related] == [(1, ("x:0", "x:3")), (2, ("y:0",))]
    assert merge_articles([]) == ()


@given(
    st.lists(st.tuples(st.sampled_from("xyz"), st.booleans()), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=7),
)
def test_any_answer_gets_one_number_per_article(
    sentences: list[tuple[str, bool]], pick: int
) -> None:
    """Sentences of articles x, y, z, each with its own passage number (some followed by a
    second marker of the same passage): every article one number, numbers 1..k in order of
    first appearance, every passage kept, the short answer still on its phrase."""
    citations = [cite(i, f"{a}:{i}", a) for i, (a, _) in enumerate(sentences, start=1)]
    pieces, phrases = [], []
    for i, (_, twice) in enumerate(sentences, start=1):
        phrases.append(f"Câu số {i} nói điều {i}")
        pieces.append(f"{phrases[-1]}. [{i}]" + (f"[{i}]" if twice else ""))
    text = " ".join(pieces)
    chosen = pick % len(sentences)
    short = short_in(text, f"điều {chosen + 1}.", chosen + 1)
    result = by_article(text, citations, short)

    articles = list(dict.fromkeys(a for a, _ in sentences))
    assert [c.article_id for c in result.citations] == articles
    assert [c.n for c in result.citations] == list(range(1, len(articles) + 1))
    numbers = [int(m) for m in re.findall(r"\[(\d+)\]", result.text)]
    assert numbers == [articles.index(a) + 1 for a, _ in sentences]  # runs collapsed
    assert sorted(p for c in result.citations for p in c.chunk_ids) == sorted(
        c.chunk_id for c in citations
    )
    assert result.short is not None
    assert result.text[result.short.start : result.short.end] == short.text
    assert result.short.n == articles.index(sentences[chosen][0]) + 1
