"""Staff-facing chat, end to end: the real Application long-polling the local Bot API server,
real services over a real index. Groups and forum topics, the buttons under an answer
(passages, 👍/👎) across a restart, the question journal behind them, /stats and
/unanswered, long answers split in parts, the rate limit, non-text hints. Assertions are on
the requests the bot made. Plus unit tests of the journal and the rate limiter."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import messages
from bot.buttons import MAX_CALLBACK_BYTES
from bot.journal import JOURNAL_FILE, Journal, period_starts
from bot.ratelimit import RateLimiter
from bot.settings import BotSettings
from bot.split import TELEGRAM_MAX_CHARS, utf16_length, visible_text
from ingest.pipeline import run
from retrieval.answers.types import Answer, Citation, CitedPassage
from retrieval.ask import ask
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings, send
from tests.bot.test_bot import ADMIN, ALLOWED, GROUP, STRANGER, running
from tests.bot.test_split import assert_balanced
from tests.chroma_server import ChromaServer
from tests.telegram_html import assert_valid_html
from tests.telegram_server import (
    BOT_USERNAME,
    Call,
    TelegramServer,
    callback_query,
    group_text,
    message,
    private_document,
    private_media,
    private_text,
)

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
ANSWER_PART = "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước"
OFF_TOPIC = "Giá vé máy bay từ Hà Nội đi Tokyo tháng 12 là bao nhiêu?"


@pytest.fixture
def bot_settings(
    indexed: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> BotSettings:
    return _for_bot(indexed[0], server, tmp_path)


def _for_bot(settings: Settings, server: TelegramServer, tmp_path: Path) -> BotSettings:
    return make_bot_settings(
        settings, server, tmp_path, users=[ALLOWED], admins=[ADMIN], chats=[GROUP]
    )


def journal_of(settings: BotSettings) -> Journal:
    return Journal(settings.bot_data_dir / JOURNAL_FILE)


def keyboard(call: Call) -> list[list[dict[str, Any]]]:
    markup = call.params.get("reply_markup")
    assert isinstance(markup, dict), f"no buttons on {call.params.get('text', '')[:60]!r}"
    rows: list[list[dict[str, Any]]] = markup["inline_keyboard"]
    return rows


def group_chat(thread_id: int | None = None) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": GROUP, "type": "supergroup", "title": "Phòng Tổ chức"}
    if thread_id is not None:
        chat["is_forum"] = True
    return chat


# --- groups and forum topics ------------------------------------------------------------


async def test_in_a_group_the_bot_answers_mentions_replies_and_hoi_in_their_topic(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        # Not addressed to the bot: ignored (no typing, no reply, nothing journalled).
        server.push(group_text(GROUP, ALLOWED, QUESTION, thread_id=7))
        mention = group_text(GROUP, ALLOWED, f"Cho hỏi @{BOT_USERNAME}, {QUESTION}", thread_id=7)
        first = await send(server, mention)
        # A reply to the bot's answer, with no mention, in the same topic.
        bot_message = server.result_of(first)
        follow = message(
            group_chat(7),
            ALLOWED,
            "Ông Ma Xuân Việt báo cáo về nội dung gì?",
            thread_id=7,
            reply_to=bot_message,
        )
        second = await send(server, follow)
        hoi = group_text(GROUP, ALLOWED, f"/hoi@{BOT_USERNAME} Ông ấy giữ chức vụ gì?", thread_id=7)
        third = await send(server, hoi)
        # Another topic: /hoi alone gets the usage hint, and the topic has no history.
        usage = await send(server, group_text(GROUP, ALLOWED, "/hoi", thread_id=9))
        # A reply to someone else's message is not for the bot.
        other = message(group_chat(7), ALLOWED, QUESTION, thread_id=7, reply_to=mention["message"])
        server.push(other)
        ids = await send(server, group_text(GROUP, ALLOWED, "/id", thread_id=7))
        await asyncio.sleep(0.3)  # time enough to start on a question taken by mistake

    assert ANSWER_PART in first.params["text"]
    for call, update in ((first, mention), (second, follow), (third, hoi)):
        assert call.params["chat_id"] == GROUP and call.params["message_thread_id"] == 7
        # In a group the answer quotes the question it answers.
        assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
        assert_valid_html(call.params["text"])
    assert "Phó Trưởng Ban Tổ chức Thành ủy" in third.params["text"]  # the topic's thread
    assert usage.params["message_thread_id"] == 9
    assert usage.params["text"] == messages.ASK_USAGE
    assert ids.params["message_thread_id"] == 7
    # Only the three addressed questions were worked on.
    assert len(server.calls("sendChatAction")) == 3
    assert all(c.params["message_thread_id"] == 7 for c in server.calls("sendChatAction"))
    journal = journal_of(bot_settings)
    entries = [journal.get(i) for i in (1, 2, 3, 4)]
    journal.close()
    assert entries[3] is None
    questions = [e.question for e in entries[:3] if e is not None]
    assert questions == [
        f"Cho hỏi, {QUESTION}",  # the mention left out
        "Ông Ma Xuân Việt báo cáo về nội dung gì?",
        "Ông ấy giữ chức vụ gì?",
    ]
    assert all(e is not None and (e.chat_id, e.thread_id) == (GROUP, 7) for e in entries[:3])
    conversations = bot_settings.bot_data_dir / "conversations"
    assert len(json.loads((conversations / f"{GROUP}_7.json").read_text("utf-8"))["turns"]) == 3
    assert not (conversations / f"{GROUP}_9.json").exists()


async def test_strangers_mentioning_the_bot_in_a_group_cause_no_work(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    settings = bot_settings.model_copy(update={"allowed_chat_ids": []})
    async with running(settings, indexed[1]):
        server.push(group_text(GROUP, STRANGER, f"@{BOT_USERNAME} {QUESTION}"))
        refused = await send(server, group_text(GROUP, STRANGER, f"/hoi {QUESTION}"))
    assert "chưa được cấp quyền" in refused.params["text"]
    assert len(server.calls("sendMessage")) == 1 and server.calls("sendChatAction") == []


# --- buttons and the journal --------------------------------------------------------------


async def test_buttons_show_passages_and_record_votes_after_a_restart(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    question = "Lịch cắt điện của Công ty Điện lực A&B?"
    async with running(bot_settings, indexed[1]):
        answer = await send(server, private_text(ALLOWED, question))
    rows = keyboard(answer)
    sources, votes = rows[:-1], rows[-1]
    assert [b["text"] for b in votes] == ["👍", "👎"]
    labels = [b["text"] for row in sources for b in row]
    assert labels == [f"[{n}]" for n in range(1, len(labels) + 1)] and labels
    every = [b["callback_data"] for row in rows for b in row]
    assert all(len(data.encode()) <= MAX_CALLBACK_BYTES for data in every)
    under = {"message": server.result_of(answer)}

    # A new Application over the same BOT_DATA_DIR: the journal is on disk.
    async with running(bot_settings, indexed[1]):
        before = len(server.calls("sendMessage"))
        server.push(callback_query(ALLOWED, sources[0][0]["callback_data"], under))
        passage = (await server.wait_for("sendMessage", count=before + 1))[before]
        tap = server.calls("answerCallbackQuery")[0]
        # Pushed together: taps in one chat are handled in order, so the last one wins.
        for user_id, data in ((ALLOWED, votes[1]), (ALLOWED, votes[0]), (ADMIN, votes[1])):
            server.push(callback_query(user_id, data["callback_data"], under))
        acks = await server.wait_for("answerCallbackQuery", count=4)
        # Data the bot never wrote, and an entry of another chat (ADMIN's private chat).
        forged = {"message": {**under["message"], "chat": {"id": ADMIN, "type": "private"}}}
        server.push(callback_query(ALLOWED, "s:999:1", under))
        server.push(callback_query(ADMIN, sources[0][0]["callback_data"], forged))
        expired = (await server.wait_for("answerCallbackQuery", count=6))[4:]

    # The passage: the cited chunk, escaped, as a quote replying to the answer.
    text = passage.params["text"]
    assert passage.params["chat_id"] == ALLOWED
    assert passage.params["reply_parameters"]["message_id"] == under["message"]["message_id"]
    assert text.startswith('[1] <a href="https://example.vn/tin?id=1&amp;lang=vi">')
    assert "<blockquote expandable>" in text and "&lt;Bến Nghé&gt;" in text
    assert_balanced(text)
    assert tap.at <= passage.at and "text" not in tap.params  # the spinner just stops
    assert [a.params.get("text") for a in acks[1:]] == [
        messages.feedback_ack(-1, None),
        messages.feedback_ack(1, -1),
        messages.feedback_ack(-1, None),
    ]
    assert all(a.params["text"] == messages.BUTTON_EXPIRED for a in expired)
    assert all(a.params["show_alert"] is True for a in expired)
    assert len(server.calls("sendMessage")) == 2  # the answer and one passage

    journal = journal_of(bot_settings)
    entry = journal.get(1)
    journal.close()
    assert entry is not None
    assert (entry.question, entry.standalone, entry.user_id) == (question, question, ALLOWED)
    assert entry.found and entry.answer in visible_text(answer.params["text"])
    assert all(p.quote.strip() in visible_text(text) for p in entry.citations[0].passages)
    assert (entry.up, entry.down) == (1, 1)  # ALLOWED changed to 👍, ADMIN 👎


async def test_stats_and_unanswered_are_for_admins_and_count_right(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    odd = "Tỷ số trận <Việt Nam> & Thái Lan tối qua là bao nhiêu?"
    async with running(bot_settings, indexed[1]):
        answered = await send(server, private_text(ALLOWED, QUESTION))
        await send(server, private_text(ALLOWED, OFF_TOPIC))
        await send(server, private_text(ALLOWED, odd))
        down = keyboard(answered)[-1][1]["callback_data"]
        server.push(callback_query(ALLOWED, down, {"message": server.result_of(answered)}))
        await server.wait_for("answerCallbackQuery")
        refused = [
            (await send(server, private_text(ALLOWED, command))).params["text"]
            for command in ("/stats", "/unanswered")
        ]
        server.push(private_text(ADMIN, "/stats"))  # a chart, the numbers as its caption
        stats = (await server.wait_for("sendPhoto"))[0]
        unanswered = await send(server, private_text(ADMIN, "/unanswered"))

    assert refused == [messages.ADMIN_ONLY, messages.ADMIN_ONLY]
    store = indexed[1].index.active().stats()
    text = stats.params["caption"]
    assert f"Kho bài viết: {store.articles} bài, {store.chunks} đoạn" in text
    assert store.articles == 2
    assert "Câu hỏi hôm nay: 3 (không trả lời được: 2, 67%)" in text
    assert "Câu hỏi tuần này: 3 (không trả lời được: 2, 67%)" in text
    assert "Đánh giá tuần này: 👍 0 · 👎 1" in text
    listed = unanswered.params["text"]
    assert_valid_html(listed)
    # Newest first, user text escaped, why each is there.
    assert listed.index(escape(odd, quote=False)) < listed.index(OFF_TOPIC) < listed.index(QUESTION)
    assert "(không tìm thấy)" in listed and "(👎 1)" in listed


# --- long answers -------------------------------------------------------------------------

_WARDS = ["An Khánh", "Thảo Điền", "Bình An", "Cát Lái", "Thạnh Mỹ Lợi", "An Phú", "Linh Xuân"]
LONG_ARTICLE = {
    "title": "Điện lực Thủ Đức hoàn thành cải tạo lưới điện năm 2024",
    # One 6,000-character sentence: the extractive answer quotes it whole.
    "text": "Trong năm 2024, Công ty Điện lực Thủ Đức đã hoàn thành các công trình cải tạo "
    "lưới điện gồm "
    + ", ".join(
        f"lắp đặt trạm biến áp số {i} công suất {100 + i} kVA tại phường {_WARDS[i % 7]}"
        for i in range(1, 86)
    )
    + ".",
    "source": "Tin nội bộ",
    "published": "2024-12-30",
}


@pytest.fixture(scope="module")
def long_indexed(
    tmp_path_factory: pytest.TempPathFactory,
    base_settings: Settings,
    embedder: SentenceTransformerEmbedder,
) -> Iterator[tuple[Settings, Services]]:
    root = tmp_path_factory.mktemp("long-index")
    articles = root / "articles"
    articles.mkdir()
    (articles / "long.json").write_text(json.dumps(LONG_ARTICLE, ensure_ascii=False), "utf-8")
    # Chunks of up to 2 x 4000 characters keep the long sentence whole.
    settings = base_settings.model_copy(
        update={
            "chroma_path": root / "chroma",
            "ingest_sources": [str(articles)],
            "chunk_target_chars": 4000,
        }
    )
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield settings, services
    services.close()


async def test_a_long_answer_is_sent_in_parts_with_buttons_on_the_last(
    server: TelegramServer, long_indexed: tuple[Settings, Services], tmp_path: Path
) -> None:
    settings = _for_bot(long_indexed[0], server, tmp_path)
    question = "Công ty Điện lực Thủ Đức đã hoàn thành những công trình nào trong năm 2024?"
    async with running(settings, long_indexed[1]):
        server.push(private_text(ALLOWED, question))
        parts = await server.wait_for("sendMessage", count=2)
        await asyncio.sleep(0.3)
    assert len(server.calls("sendMessage")) == 2
    texts = [p.params["text"] for p in parts]
    for text in texts:
        assert_valid_html(text)
        assert utf16_length(visible_text(text)) <= TELEGRAM_MAX_CHARS
    assert "reply_markup" not in parts[0].params
    assert [b["text"] for b in keyboard(parts[1])[0]] == ["[1]"]
    # The whole answer, cut at a space (its one sentence has no other break).
    whole = visible_text(messages.answer_html(ask(question, None, long_indexed[1])))
    # (After its opening words: a dated question's answer may begin "Theo bài ngày …: Trong".)
    assert len(whole) > TELEGRAM_MAX_CHARS and LONG_ARTICLE["text"][20:] in whole
    first, second = (visible_text(t) for t in texts)
    assert whole == f"{first} {second}"


# --- limits and hints ---------------------------------------------------------------------


async def test_the_rate_limit_answers_once_and_spares_the_search(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    settings = bot_settings.model_copy(update={"rate_limit_per_minute": 2})
    async with running(settings, indexed[1]):
        for _ in range(5):
            server.push(private_text(ALLOWED, QUESTION))
        await server.wait_for("sendMessage", count=3)
        other = await send(server, private_text(ADMIN, QUESTION))  # others are not limited
        await asyncio.sleep(0.3)
    to_allowed = [
        c.params["text"] for c in server.calls("sendMessage") if c.params["chat_id"] == ALLOWED
    ]
    limited = [t for t in to_allowed if "tối đa 2 câu hỏi mỗi phút" in t]
    assert len(to_allowed) == 3 and len(limited) == 1  # told once, not three times
    assert sum(ANSWER_PART in t for t in to_allowed) == 2
    assert ANSWER_PART in other.params["text"]
    assert len(server.calls("sendChatAction")) == 3  # no search work for the limited ones
    journal = journal_of(settings)
    assert journal.get(3) is not None and journal.get(4) is None
    journal.close()


async def test_non_text_messages_get_a_hint_but_admin_documents_are_left_to_ingestion(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        server.push(private_document(ADMIN, server.upload(b"\xff\xd8", "anh.jpg", "image/jpeg")))
        for kind in ("sticker", "photo", "voice"):
            server.push(private_media(ALLOWED, kind))
        document = server.upload(b"hello", "ghi-chu.txt")
        server.push(private_document(ALLOWED, document))
        await server.wait_for(
            "sendMessage", count=4, where=lambda c: c.params["chat_id"] == ALLOWED
        )
        await server.wait_for("sendMessage", where=lambda c: c.params["chat_id"] == ADMIN)
        await asyncio.sleep(0.3)
    to: dict[int, list[str]] = {ALLOWED: [], ADMIN: []}
    for call in server.calls("sendMessage"):
        to[call.params["chat_id"]].append(call.params["text"])
    assert to[ALLOWED] == [messages.NON_TEXT] * 4
    assert messages.NON_TEXT not in to[ADMIN]
    assert server.calls("sendChatAction") == []


async def test_edited_hoi_is_ignored(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    edited = group_text(GROUP, ALLOWED, f"/hoi {QUESTION}")
    edited["edited_message"] = {**edited.pop("message"), "edit_date": 1}
    async with running(bot_settings, indexed[1]):
        server.push(edited)
        ids = await send(server, group_text(GROUP, ALLOWED, "/id"))
    assert str(GROUP) in ids.params["text"]
    assert len(server.calls("sendMessage")) == 1 and server.calls("sendChatAction") == []


async def test_a_lost_chroma_server_gets_a_short_reply_and_answers_resume(
    server: TelegramServer,
    settings: Settings,
    embedder: SentenceTransformerEmbedder,
    tmp_path: Path,
) -> None:
    with ChromaServer(tmp_path / "server-db") as chroma:
        local = settings.model_copy(
            update={"chroma_url": chroma.url, "chroma_timeout": 2.0, "index_check_seconds": 0}
        )
        run(local, embedder)
        services = build_services(local, embedder)
        try:
            async with running(_for_bot(local, server, tmp_path), services):
                first = await send(server, private_text(ALLOWED, QUESTION))
                await asyncio.to_thread(chroma.stop)
                started = time.monotonic()
                down = await send(server, private_text(ALLOWED, QUESTION))
                waited = time.monotonic() - started
                stats = await send(server, private_text(ADMIN, "/stats"))
                await asyncio.to_thread(chroma.start)  # same port, same folder
                back = await send(server, private_text(ALLOWED, QUESTION))
        finally:
            services.close()
    assert ANSWER_PART in first.params["text"] and ANSWER_PART in back.params["text"]
    assert down.params["text"] == stats.params["text"] == messages.UNAVAILABLE
    assert waited < 5.0  # CHROMA_TIMEOUT bounds it, not a hang


# --- the journal and the rate limiter, alone ------------------------------------------------


def _answer(question: str, found: bool, n_citations: int = 1) -> Answer:
    citations = tuple(
        Citation(
            n=n,
            article_id=f"article-{n}",
            title=f"Bài <{n}>",
            source="Báo",
            published="2024-05-01",
            url="",
            origin="test",
            passages=(CitedPassage(f"chunk-{n}", 0, 10, f"Đoạn trích {n} & “ngoặc kép”", 0.9),),
        )
        for n in range(1, n_citations + 1)
    )
    return Answer(
        question=question,
        standalone=question + " (rewritten)",
        text=f"Trả lời cho {question} [1]" if found else "không tìm thấy",
        citations=citations if found else (),
        found=found,
        mode="extractive" if found else "none",
    )


def test_journal_counts_by_day_and_week_and_lists_what_went_wrong(tmp_path: Path) -> None:
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    # Wednesday 8 May 2024, 00:30 in Hà Nội (still 7 May in UTC).
    now = datetime(2024, 5, 8, 0, 30, tzinfo=tz)
    today, week = period_starts(now)
    assert datetime.fromtimestamp(today, tz) == datetime(2024, 5, 8, tzinfo=tz)
    assert datetime.fromtimestamp(week, tz) == datetime(2024, 5, 6, tzinfo=tz)

    journal = Journal(tmp_path / "j.sqlite3")
    at = now.timestamp()
    old = journal.record(
        _answer("tuần trước", False), user_id=1, chat_id=1, thread_id=None, at=week - 60
    )
    monday = journal.record(
        _answer("thứ hai", True, 2), user_id=1, chat_id=-5, thread_id=3, at=week + 60
    )
    late = journal.record(
        _answer("hôm qua", False), user_id=2, chat_id=2, thread_id=None, at=today - 1
    )
    fine = journal.record(_answer("hôm nay", True), user_id=2, chat_id=2, thread_id=None, at=at)
    assert journal.vote(monday, 1, -1) is None
    assert journal.vote(monday, 1, 1) == -1  # the last tap wins
    assert journal.vote(monday, 2, -1) is None
    assert journal.vote(old, 2, -1) is None
    journal.close()

    journal = Journal(tmp_path / "j.sqlite3")  # all of it was on disk
    stats = journal.stats(today, week)
    assert (stats.today, stats.today_not_found) == (1, 0)
    assert (stats.week, stats.week_not_found) == (3, 1)
    assert (stats.total, stats.total_not_found) == (4, 2)
    assert (stats.up, stats.down, stats.week_up, stats.week_down) == (1, 2, 1, 1)
    listed = journal.unanswered(limit=10)
    assert [e.id for e in listed] == [late, monday, old]  # newest first, 👍-only left out
    assert fine not in [e.id for e in journal.unanswered(limit=10)]
    assert [e.id for e in journal.unanswered(limit=2)] == [late, monday]
    entry = journal.get(monday)
    assert entry is not None
    assert (entry.chat_id, entry.thread_id, entry.up, entry.down) == (-5, 3, 1, 1)
    assert entry.standalone == "thứ hai (rewritten)"
    assert [c.chunk_ids for c in entry.citations] == [("chunk-1",), ("chunk-2",)]
    cited = entry.cited(2)
    assert cited is not None and cited.passages[0].quote == "Đoạn trích 2 & “ngoặc kép”"
    assert entry.cited(3) is None and journal.get(999) is None
    with pytest.raises(ValueError):
        journal.vote(fine, 1, 0)
    html = messages.unanswered_html(listed, tz)
    assert "07/05 23:59 — hôm qua (không tìm thấy)" in html and "(👎 1)" in html
    journal.close()


def test_rate_limiter_slides_and_warns_once_per_window() -> None:
    now = [1000.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.check(7).allowed for _ in range(3)] == [True, True, True]
    first = limiter.check(7)
    assert not first.allowed and first.warn and first.retry_after == pytest.approx(60)
    now[0] += 10
    again = limiter.check(7)
    assert not again.allowed and not again.warn and again.retry_after == pytest.approx(50)
    assert limiter.check(8).allowed  # per user
    now[0] += 50.5  # the first three left the window
    assert limiter.check(7).allowed
    assert RateLimiter(0).check(7).allowed  # 0: no limit


def test_a_wrong_time_zone_names_the_setting() -> None:
    with pytest.raises(ValueError, match="BOT_TIMEZONE 'Hanoi' is not a known time zone"):
        BotSettings(_env_file=None, bot_timezone="Hanoi")  # type: ignore[call-arg]
    assert BotSettings(_env_file=None).rate_limit_per_minute == 20  # type: ignore[call-arg]
