"""What an answer looks like in Telegram, through the real Application and the local Bot API
server: one source per article, and its button showing every passage of that article the
answer quoted; the phrase that answers in bold; a declined answer that says so and offers
the closest passages as "có thể liên quan", not as an answer. Plus the HTML alone (any text,
any span) and journal rows written before sources were merged."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot import messages
from bot.buttons import related_label
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from bot.split import TELEGRAM_MAX_CHARS, split_html, utf16_length
from retrieval.answers.citations import answer_by_article
from retrieval.answers.types import Answer, Citation, ShortAnswer
from retrieval.ask import NOT_FOUND, ask
from retrieval.index.chunks import Hit
from retrieval.language.text import split_sentences
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings
from tests.bot.sample import SPECIAL
from tests.bot.test_bot import ALLOWED, SAMPLE_TITLE, running
from tests.telegram_html import assert_valid_html, visible_text
from tests.telegram_server import Call, TelegramServer, callback_query, private_text

QUESTION = "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2017 diễn ra vào ngày nào?"


@pytest.fixture
def bot_settings(
    indexed: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> BotSettings:
    return make_bot_settings(indexed[0], server, tmp_path, users=[ALLOWED])


@pytest.fixture(scope="module")
def chunks(indexed: tuple[Settings, Services]) -> dict[str, list[Hit]]:
    """Every chunk of the two indexed articles, in article order: "sample" and "special"."""
    hits = indexed[1].search("hội nghị công tác tổ chức đảng điện lực", 50).hits
    by_title: dict[str, list[Hit]] = {}
    for hit in hits:
        by_title.setdefault(hit.title, []).append(hit)
    out = {
        "sample": sorted(by_title[SAMPLE_TITLE], key=lambda h: h.start),
        "special": sorted(by_title[SPECIAL["title"]], key=lambda h: h.start),
    }
    assert len(out["sample"]) >= 4 and out["special"]
    return out


@pytest.fixture
def answering(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Answer], None]]:
    """Make the bot answer with a given Answer (the rest of the path is real): for answers
    the current retrieval does not give on its own sample (a short answer, a declined one
    with related passages, one quoting every chunk of an article)."""

    def use(answer: Answer) -> None:
        monkeypatch.setattr("bot.questions.ask", lambda *_args, **_kw: answer)

    yield use


async def ask_and_tap(
    server: TelegramServer, question: str, *, tap: str | None = None
) -> tuple[Call, list[Call]]:
    """Ask in ALLOWED's private chat; tap the button labelled `tap` under the answer. The
    answer, and the messages the tap brought."""
    asked = len(server.calls("sendMessage"))
    server.push(private_text(ALLOWED, question))
    answer = (await server.wait_for("sendMessage", count=asked + 1))[asked]
    if tap is None:
        return answer, []
    button = next(b for row in keyboard(answer) for b in row if b["text"] == tap)
    before = len(server.calls("sendMessage"))
    tapped = len(server.calls("answerCallbackQuery"))
    under = {"message": server.result_of(answer)}
    server.push(callback_query(ALLOWED, button["callback_data"], under))
    await server.wait_for("answerCallbackQuery", count=tapped + 1)
    await server.wait_for("sendMessage", count=before + 1)
    # A reply split in parts is sent part after part: wait until no more come.
    sent = server.calls("sendMessage")
    while True:
        try:
            sent = await server.wait_for("sendMessage", count=len(sent) + 1, timeout=1.0)
        except TimeoutError:
            break
    return answer, sent[before:]


def keyboard(call: Call) -> list[list[dict[str, Any]]]:
    markup = call.params.get("reply_markup")
    assert isinstance(markup, dict), f"no buttons on {call.params.get('text', '')[:60]!r}"
    rows: list[list[dict[str, Any]]] = markup["inline_keyboard"]
    return rows


def sources_of(html: str) -> list[str]:
    """The lines under "Nguồn:" of an answer, as shown."""
    shown = visible_text(html)
    assert "\nNguồn:\n" in shown, shown
    return shown.split("\nNguồn:\n", 1)[1].splitlines()


def first_sentence(hit: Hit) -> str:
    spans = split_sentences(hit.text)
    return hit.text[spans[0][0] : spans[0][1]] if spans else hit.text


def quoting(hits: list[Hit], question: str = "Q?") -> Answer:
    """An extractive-like answer: the first sentence of each hit, cited [1], [2], … by
    passage, then merged per article the way ask() does."""
    text = " ".join(f"{first_sentence(h)} [{n}]" for n, h in enumerate(hits, start=1))
    citations = tuple(Citation.from_hit(n, h) for n, h in enumerate(hits, start=1))
    return answer_by_article(Answer(question, question, text, citations, mode="extractive"))


def quotes_in(html_parts: list[str]) -> str:
    return " ".join(" ".join(visible_text(p).split()) for p in html_parts)


# --- one source per article ---------------------------------------------------------------


async def test_a_real_answer_names_each_article_once_and_its_button_shows_all_its_passages(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    direct = ask(QUESTION, None, indexed[1])
    assert direct.found and direct.citations
    async with running(bot_settings, indexed[1]):
        answer, passages = await ask_and_tap(server, QUESTION, tap="[1]")
    html = answer.params["text"]
    assert_valid_html(html)
    journal = Journal(bot_settings.bot_data_dir / JOURNAL_FILE)
    entry = journal.get(1)
    journal.close()
    assert entry is not None and entry.citations
    articles = [c.article_id for c in entry.citations]
    assert len(articles) == len(set(articles))  # one number per article
    lines = sources_of(html)
    assert len(lines) == len(entry.citations)
    assert all(line.startswith(f"[{c.n}] ") for line, c in zip(lines, entry.citations, strict=True))
    assert sum(SAMPLE_TITLE in line for line in lines) == 1
    assert set(re.findall(r"\[(\d+)\]", entry.answer)) == {str(c.n) for c in entry.citations}
    # The button of source [1]: every passage of that article the answer quoted.
    shown = quotes_in([p.params["text"] for p in passages])
    for quoted in entry.citations[0].passages:
        assert " ".join(quoted.quote.split()) in shown
    assert len(entry.citations[0].passages) == len(direct.citations[0].passages)
    for part in passages:
        assert_valid_html(part.params["text"])


async def test_sentences_from_one_article_share_one_number_and_one_button(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    chunks: dict[str, list[Hit]],
    answering: Callable[[Answer], None],
) -> None:
    sample, special = chunks["sample"], chunks["special"]
    # Sentences from every chunk of the sample article, one from the special article
    # second: "[1] [2] [3] …" by passage becomes "[1] [2] [1] [1] …" by article.
    hits = [sample[0], special[0], *sample[1:]]
    answer = quoting(hits)
    answering(answer)
    assert [c.n for c in answer.citations] == [1, 2]
    async with running(bot_settings, indexed[1]):
        sent, passages = await ask_and_tap(server, "Câu hỏi bất kỳ?", tap="[1]")
        _, special_passages = await ask_and_tap(server, "Câu hỏi khác?", tap="[2]")

    html = sent.params["text"]
    assert_valid_html(html)
    lines = sources_of(html)
    assert len(lines) == 2
    assert lines[0].startswith(f"[1] {SAMPLE_TITLE} — ") and SPECIAL["title"] in lines[1]
    markers = re.findall(r"\[(\d)\]", visible_text(html).split("\nNguồn:")[0])
    assert markers == ["1", "2"] + ["1"] * (len(sample) - 1)
    assert [b["text"] for b in keyboard(sent)[0]] == ["[1]", "[2]"]
    # All the sample article's chunks run past one message: sent in parts, each valid and
    # within Telegram's limit, the first naming the source, together every passage.
    texts = [p.params["text"] for p in passages]
    assert sum(utf16_length(h.text) for h in sample) > TELEGRAM_MAX_CHARS
    assert len(texts) >= 2
    assert texts[0].startswith(f"[1] {escape(SAMPLE_TITLE, quote=False)}")
    for text in texts:
        assert_valid_html(text)
        assert utf16_length(visible_text(text)) <= TELEGRAM_MAX_CHARS
        assert "<blockquote expandable>" in text
    shown = quotes_in(texts)
    for hit in sample:
        assert " ".join(hit.text.split()) in shown
    assert " ".join(special[0].text.split()) not in shown
    # The other article's button: its passage, escaped, its title linked.
    (special_text,) = [p.params["text"] for p in special_passages]
    assert_valid_html(special_text)
    assert special_text.startswith('[2] <a href="https://example.vn/tin?id=1&amp;lang=vi">')
    assert "&lt;Bến Nghé&gt;" in special_text


# --- the phrase that answers --------------------------------------------------------------


async def test_the_short_answer_is_bold_inside_the_answer(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    chunks: dict[str, list[Hit]],
    answering: Callable[[Answer], None],
) -> None:
    special = chunks["special"][0]
    phrase = "<Bến Nghé>"
    answer = quoting([special])
    start = answer.text.index(phrase)
    answering(replace(answer, short=ShortAnswer(phrase, start, start + len(phrase), 1, 0, 10)))
    async with running(bot_settings, indexed[1]):
        sent, _ = await ask_and_tap(server, "Cắt điện ở đâu?")
    html = sent.params["text"]
    assert_valid_html(html)
    assert "<b>&lt;Bến Nghé&gt;</b>" in html
    assert visible_text(html).startswith(answer.text)


LONG = "Câu rất dài về lưới điện & trạm <biến áp> " * 200


@given(
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=300),
)
@example(LONG, 4080, 40)
@example(LONG, 4090, 300)
@example("a & b < c", 2, 3)
@example("<b>x</b>", 0, 8)
def test_answer_html_with_any_short_span_is_valid_and_splits(
    text: str, start: int, length: int
) -> None:
    text = text.replace("\ud800", "")  # the loaders scrub lone surrogates
    citation = Citation.from_hit(1, _hit("Bài <1> & tin", "https://x.vn/?a=1&b=2"))
    start = min(start, len(text))
    end = min(start + length, len(text))
    short = ShortAnswer(text[start:end], start, end, 1, 0, 0)
    answer = Answer("?", "?", text + " [1]", (citation,), short=short)
    html = messages.answer_html(answer)
    assert_valid_html(html)
    assert visible_text(html).startswith(answer.text)
    if text[start:end].strip():
        assert f"<b>{escape(text[start:end], quote=False)}</b>" in html
    else:
        assert "<b>" not in html.split("\n<b>Nguồn:</b>")[0]
    parts = split_html(html)
    for part in parts:
        assert_valid_html(part)
        assert utf16_length(visible_text(part)) <= TELEGRAM_MAX_CHARS
    # A span that is not where it says is not shown in bold (never a misplaced <b>).
    moved = replace(answer, text="x" + answer.text)
    bold = "<b>" in messages.answer_html(moved).split("\n<b>Nguồn:</b>")[0]
    assert bold == (moved.text[start:end] == short.text and bool(short.text.strip()))


def _hit(title: str, url: str, text: str = "Đoạn trích.", chunk: str = "c1") -> Hit:
    return Hit(
        chunk_id=chunk, article_id="a1", title=title, source="Báo <X>", published="2024-05-01",
        url=url, origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


# --- a declined answer ----------------------------------------------------------------------


async def test_a_declined_answer_offers_related_passages_not_an_answer(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    chunks: dict[str, list[Hit]],
    answering: Callable[[Answer], None],
) -> None:
    question = "Thành ủy TPHCM có bao nhiêu đảng bộ trực thuộc?"
    related = (
        Citation.from_hit(1, chunks["sample"][1]),
        Citation.from_hit(2, chunks["special"][0]),
    )
    declined = answer_by_article(
        Answer(question, question, NOT_FOUND, found=False, mode="none", related=related)
    )
    answering(declined)
    async with running(bot_settings, indexed[1]):
        sent, passages = await ask_and_tap(server, question, tap=related_label(2))

    html = sent.params["text"]
    assert_valid_html(html)
    shown = visible_text(html)
    assert shown.startswith(NOT_FOUND)
    assert f"\n{messages.RELATED}\n" in shown
    assert "Nguồn:" not in shown and not re.search(r"\[\d+\]", shown)  # not an answer
    listed = shown.split(f"{messages.RELATED}\n", 1)[1].splitlines()
    assert listed[0].startswith(f"1. {SAMPLE_TITLE} — VOH")
    assert listed[1].startswith(f"2. {SPECIAL['title']} — {SPECIAL['source']} · 2024-05-01")
    # Titles escaped; linked only where the article has an absolute http(s) URL.
    assert '<a href="https://example.vn/tin?id=1&amp;lang=vi">' in html
    assert escape(SPECIAL["title"], quote=False) in html
    rows = keyboard(sent)
    assert [b["text"] for row in rows for b in row] == [related_label(1), related_label(2)]
    # The button shows that passage, marked as possibly related, escaped.
    (text,) = [p.params["text"] for p in passages]
    assert_valid_html(text)
    assert visible_text(text).startswith(f"Có thể liên quan · 2. {SPECIAL['title']}")
    assert "&lt;Bến Nghé&gt;" in text
    journal = Journal(bot_settings.bot_data_dir / JOURNAL_FILE)
    entry = journal.get(1)
    journal.close()
    assert entry is not None and not entry.found
    assert [c.chunk_ids for c in entry.citations] == [c.chunk_ids for c in related]


def test_a_declined_answer_without_related_passages_has_no_buttons() -> None:
    from bot.buttons import answer_keyboard

    declined = Answer("Q?", "Q?", NOT_FOUND, found=False, mode="none")
    assert messages.answer_html(declined) == escape(NOT_FOUND, quote=False)
    assert answer_keyboard(1, declined) is None


# --- the journal ------------------------------------------------------------------------------


def test_journal_rows_from_before_the_merge_still_show_their_passage(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL_FILE
    Journal(path).close()  # the schema
    old = [
        {
            "n": 1,
            "chunk_id": "a-0001",
            "article_id": "a",
            "title": "Bài <cũ>",
            "url": "javascript:alert(1)",
            "quote": "Đoạn & trích cũ.",
        }
    ]
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO entries (at, user_id, chat_id, thread_id, question, standalone,"
            " answer, found, mode, chunk_ids, citations)"
            " VALUES (1, 1, 1, NULL, 'Q?', 'Q?', 'A. [1]', 1, 'extractive', 'a-0001', ?)",
            (json.dumps(old, ensure_ascii=False),),
        )
    journal = Journal(path)
    entry = journal.get(1)
    journal.close()
    assert entry is not None
    cited = entry.cited(1)
    assert cited is not None and cited.chunk_ids == ("a-0001",)
    html = messages.passages_html(cited)
    assert_valid_html(html)
    assert html == "[1] Bài &lt;cũ&gt;\n<blockquote expandable>Đoạn &amp; trích cũ.</blockquote>"


def test_the_journal_keeps_every_passage_of_a_source(tmp_path: Path) -> None:
    hits = [
        _hit("Bài", "https://x.vn/a", "Đoạn hai.", "a-2"),
        _hit("Bài", "https://x.vn/a", "Đoạn một.", "a-1"),
    ]
    hits = [replace(hits[0], start=50, end=59), replace(hits[1], start=0, end=9)]
    answer = quoting(hits)
    journal = Journal(tmp_path / JOURNAL_FILE)
    entry_id = journal.record(answer, user_id=1, chat_id=1, thread_id=None)
    entry = journal.get(entry_id)
    journal.close()
    assert entry is not None and len(entry.citations) == 1
    (cited,) = entry.citations
    assert cited.chunk_ids == ("a-2", "a-1")  # in order of citation
    assert (cited.source, cited.published) == ("Báo <X>", "2024-05-01")
    html = messages.passages_html(cited)
    # Shown in article order.
    assert html.index("Đoạn một.") < html.index("Đoạn hai.")
    assert html.startswith('[1] <a href="https://x.vn/a">Bài</a> — Báo &lt;X&gt; · 2024-05-01\n')
