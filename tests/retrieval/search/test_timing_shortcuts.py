"""The time rerank's shortcuts change nothing: editions are the connected groups of the
"alike" relation over the window (pairs already joined through a third edition are not
compared again), and reranked hits are the input hits with a new score and nothing else
changed (they are copied without dataclasses.replace)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.index.chunks import Hit
from retrieval.language.text import rough_fold
from retrieval.language.timeexpr import asked_time
from retrieval.search.timing import EDITION_SIMILARITY, EDITION_WINDOW, editions, rerank


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\S+", text))


# Three blocks of words: texts drawn from one block overlap heavily, across blocks not at
# all, so random texts form editions, chains (a ~ b ~ c, a !~ c) and strangers.
BLOCKS: list[tuple[str, ...]] = [
    _words("doanh thu công ty đạt kế hoạch giao năm nay tăng trưởng mạnh"),
    _words("đội bóng vô địch giải phong trào quận nhiều cầu thủ trẻ"),
    _words("nhà máy mới xây dựng khu công nghiệp phía bắc tỉnh"),
]
TODAY = date(2026, 1, 20)
DATES = ["2023-01-12", "2024-01-12", "2025-01-12", "2026-01-12", "", "2025-06"]


def _hit(n: int, block: int, start: int, length: int, date: str, article: int) -> Hit:
    words = (BLOCKS[block] * 3)[start : start + length]
    text = " ".join(words) + "."
    return Hit(
        chunk_id=f"a{article}-v1-{n:04d}",
        article_id=f"a{article}",
        title="Tổng kết",
        source="",
        published=date,
        url="",
        origin="",
        text=text,
        start=0,
        end=len(text),
        paragraph=0,
        score=1.0 - n / 100,
    )


hit_lists = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 10),
        st.integers(4, 12),
        st.sampled_from(DATES),
        st.integers(0, 30),
    ),
    min_size=0,
    max_size=EDITION_WINDOW + 5,
).map(lambda rows: [_hit(n, *row) for n, row in enumerate(rows)])


def _word_pairs(text: str) -> set[tuple[str, str]]:
    return set(itertools.pairwise(re.findall(r"[^\W\d_]+|\d+", rough_fold(text))))


def _alike(a: Hit, b: Hit) -> bool:
    """The definition, spelled out: dated differently, different articles, word-pair
    Jaccard at least EDITION_SIMILARITY."""
    if not a.published or not b.published or a.published == b.published:
        return False
    if a.article_id == b.article_id:
        return False
    x, y = _word_pairs(a.text), _word_pairs(b.text)
    return bool(x | y) and len(x & y) >= EDITION_SIMILARITY * len(x | y)


def _components(hits: list[Hit]) -> list[list[int]]:
    """Connected groups of the relation over the window, every pair compared."""
    window = [i for i, h in enumerate(hits[:EDITION_WINDOW]) if h.published]
    group = {i: {i} for i in window}
    for i, j in itertools.combinations(window, 2):
        if _alike(hits[i], hits[j]) and group[i] is not group[j]:
            merged = group[i] | group[j]
            for m in merged:
                group[m] = merged
    seen: list[list[int]] = []
    for i in window:
        members = sorted(group[i])
        if len(members) > 1 and members not in seen:
            seen.append(members)
    return seen


@settings(max_examples=300, deadline=None)
@given(hit_lists)
def test_editions_are_the_connected_groups_of_alike_pairs(hits: list[Hit]) -> None:
    assert sorted(editions(hits)) == sorted(_components(hits))


def test_an_edition_joined_through_a_third_is_in_the_group() -> None:
    # a ~ b and b ~ c, but a and c share too little: one series all the same.
    words = [*BLOCKS[0], *BLOCKS[1]]
    a = _hit(0, 0, 0, 10, "2023-01-12", 1)
    b = dataclasses.replace(
        a, chunk_id="a2-v1-0001", article_id="a2", published="2024-01-12",
        text=" ".join(words[5:16]) + ".",
    )  # fmt: skip
    c = dataclasses.replace(
        a, chunk_id="a3-v1-0002", article_id="a3", published="2025-01-12",
        text=" ".join(words[10:21]) + ".",
    )  # fmt: skip
    assert _alike(a, b) and _alike(b, c) and not _alike(a, c)
    assert editions([a, b, c]) == [[0, 1, 2]]


@settings(max_examples=200, deadline=None)
@given(hit_lists, st.sampled_from(["Doanh thu là bao nhiêu?", "Doanh thu năm 2024?", "mới nhất"]))
def test_reranked_hits_are_the_input_hits_with_a_new_score(hits: list[Hit], q: str) -> None:
    dense = {h.chunk_id: 0.8 for h in hits}
    lexical = {h.chunk_id: 5.0 for h in hits}
    out = rerank(hits, asked_time(q, TODAY), q, dense=dense, lexical=lexical)
    by_id = {h.chunk_id: h for h in hits}
    assert sorted(h.chunk_id for h in out) == sorted(by_id)
    for h in out:
        assert h == dataclasses.replace(by_id[h.chunk_id], score=h.score)
        assert type(h) is Hit and dataclasses.is_dataclass(h)
    assert [h.score for h in out] == sorted((h.score for h in out), reverse=True)


@settings(max_examples=100, deadline=None)
@given(
    hit_lists,
    st.sampled_from(["Doanh thu là bao nhiêu?", "Doanh thu năm 2024?"]),
    st.integers(0, 6),
)
def test_reranked_top_k_is_the_top_of_all(hits: list[Hit], q: str, k: int) -> None:
    dense = {h.chunk_id: 0.8 for h in hits}
    lexical = {h.chunk_id: 5.0 for h in hits}
    asked = asked_time(q, TODAY)
    whole = rerank(hits, asked, q, dense=dense, lexical=lexical)
    assert rerank(hits, asked, q, dense=dense, lexical=lexical, k=k) == whole[:k]
