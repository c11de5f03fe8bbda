"""How `ask` and `chat` show an answer in the terminal, and the JSON of `ask --json`: the
phrase that answers highlighted, one source per article with all its quoted passages, a
declined answer's related passages (not as an answer)."""

from __future__ import annotations

import io
import json

from rich.console import Console

from retrieval.answers.citations import answer_by_article
from retrieval.answers.types import Answer, Citation, CitedPassage, ShortAnswer
from retrieval.cli.answer_output import RELATED, answer_json, print_answer


def cite(n: int, chunk: str, article: str, quote: str) -> Citation:
    return Citation(
        n=n,
        article_id=article,
        title=f"Bài [{article}]",  # brackets: rich markup must not eat them
        source="VOH",
        published="2018-02-08",
        url="https://voh.com.vn/x",
        origin="",
        passages=(CitedPassage(chunk, 10 * n, 10 * n + len(quote), quote, 0.5),),
    )


PHRASE = "Phó Trưởng Ban [Tổ chức]"
TEXT = f"Ông Việt là {PHRASE}. [1] Câu khác. [2] Câu ba. [3]"
ANSWER = answer_by_article(
    Answer(
        "Ông Việt giữ chức vụ gì?",
        "Ông Việt giữ chức vụ gì?",
        TEXT,
        (
            cite(1, "x-0", "x", "Đoạn một."),
            cite(2, "y-0", "y", "Đoạn hai."),
            cite(3, "x-1", "x", "Đoạn ba."),
        ),
        short=ShortAnswer(PHRASE, TEXT.index(PHRASE), TEXT.index(PHRASE) + len(PHRASE), 1, 5, 30),
    )
)


def printed(answer: Answer, *, colour: bool) -> str:
    out = Console(
        file=io.StringIO(),
        force_terminal=colour,
        width=10_000,
        color_system="standard" if colour else None,
    )
    print_answer(out, answer)
    value = out.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(value, str)
    return value


def test_the_short_answer_is_highlighted_and_each_article_listed_once() -> None:
    plain = printed(ANSWER, colour=False)
    lines = plain.splitlines()
    assert lines[0] == f"Ông Việt là {PHRASE}. [1] Câu khác. [2] Câu ba. [1]"
    sources = lines[lines.index("Nguồn:") + 1 :]
    assert sources == [
        "[1] Bài [x] — VOH · 2018-02-08 · https://voh.com.vn/x",
        "    “Đoạn một.”",
        "    “Đoạn ba.”",
        "[2] Bài [y] — VOH · 2018-02-08 · https://voh.com.vn/x",
        "    “Đoạn hai.”",
    ]
    colour = printed(ANSWER, colour=True)
    # Bold + reverse video around exactly the phrase.
    assert f"\x1b[1;7m{PHRASE}\x1b[0m" in colour


def test_a_declined_answer_lists_related_passages_without_markers() -> None:
    declined = answer_by_article(
        Answer(
            "Q?",
            "Q?",
            "Xin lỗi, tôi không tìm thấy câu trả lời.",
            found=False,
            mode="none",
            related=(cite(1, "x-0", "x", "Đoạn một."), cite(2, "x-3", "x", "Đoạn bốn.")),
        )
    )
    lines = printed(declined, colour=False).splitlines()
    assert lines == [
        "Xin lỗi, tôi không tìm thấy câu trả lời.",
        "",
        RELATED,
        "1. Bài [x] — VOH · 2018-02-08 · https://voh.com.vn/x",
        "    “Đoạn một.”",
        "    “Đoạn bốn.”",
    ]


def test_ask_json_holds_every_passage_the_short_answer_and_related() -> None:
    data = json.loads(json.dumps(answer_json(ANSWER), ensure_ascii=False))
    assert data["answer"] == ANSWER.text
    first, second = data["citations"]
    assert (first["n"], first["article_id"], second["n"]) == (1, "x", 2)
    assert [p["chunk_id"] for p in first["passages"]] == ["x-0", "x-1"]
    assert first["passages"][1] == {
        "chunk_id": "x-1",
        "span": [30, 38],
        "score": 0.5,
        "quote": "Đoạn ba.",
    }
    # The first passage at the top, as before articles were merged.
    assert (first["chunk_id"], first["span"], first["quote"]) == ("x-0", [10, 19], "Đoạn một.")
    short = data["short"]
    assert short["text"] == PHRASE and short["n"] == 1 and short["article_span"] == [5, 30]
    start, end = short["span"]
    assert data["answer"][start:end] == PHRASE
    assert data["related"] == []
    assert answer_json(Answer("Q?", "Q?", "Không.", found=False))["short"] is None
