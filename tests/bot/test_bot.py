"""The real Application, long polling a local Bot API server, answering with real services
(the e5 model, Chroma and the lexical index over the sample article and a small article full
of HTML-special characters). Assertions are on the requests the bot made."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from html import escape
from pathlib import Path

import pytest

from bot import messages
from bot.app import BotApplication, build_application
from bot.redact import RedactToken
from bot.settings import BotSettings
from retrieval.ask import NO_QUESTION_BEFORE
from retrieval.logs import _QUIET
from retrieval.services import Services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings
from tests.telegram_html import assert_valid_html
from tests.telegram_server import Call, TelegramServer, group_text, private_text

ALLOWED = 111
ADMIN = 222
STRANGER = 333
GROUP = -100500

SAMPLE_TITLE = "Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên"


@pytest.fixture
def bot_settings(
    indexed: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> BotSettings:
    return make_bot_settings(indexed[0], server, tmp_path, users=[ALLOWED], admins=[ADMIN])


@contextlib.asynccontextmanager
async def running(
    settings: BotSettings, services: Services, *, webhook: dict[str, object] | None = None
) -> AsyncIterator[BotApplication]:
    """What `run_polling` / `run_webhook` do, step by step, so the test keeps the loop."""
    app = build_application(settings, lambda _s: services, close_services=False)
    await app.initialize()
    assert app.post_init is not None and app.updater is not None
    await app.post_init(app)
    if webhook is None:
        await app.updater.start_polling(poll_interval=0, timeout=1)
    else:
        await app.updater.start_webhook(**webhook)  # type: ignore[arg-type]
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        await app.shutdown()


async def ask_bot(server: TelegramServer, user_id: int, text: str) -> Call:
    """Send `text` in `user_id`'s private chat; the bot's next message there."""
    before = len(server.calls("sendMessage"))
    server.push(private_text(user_id, text))
    sent = await server.wait_for("sendMessage", count=before + 1)
    return sent[before]


async def test_question_gets_typing_then_a_cited_html_answer(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, "Nhiệm vụ trọng tâm năm 2018 là gì?")
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["chat_id"] == ALLOWED
    text = reply.params["text"]
    assert "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước" in text
    assert "[1]" in text and "Nguồn:" in text
    assert f"[1] {SAMPLE_TITLE}" in text
    assert_valid_html(text)
    typing = server.calls("sendChatAction")
    assert [c.params["action"] for c in typing] == ["typing"]
    assert typing[0].at <= reply.at
    # The staff commands first, in this order; admin commands may follow (bot.app.COMMANDS).
    commands = [c["command"] for c in server.commands]
    assert commands[:5] == ["start", "help", "new", "id", "hoi"]
    assert {"stats", "unanswered"} <= set(commands)


async def test_follow_up_keeps_the_thread_across_a_restart(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        first = await ask_bot(server, ALLOWED, "Ông Ma Xuân Việt báo cáo về nội dung gì?")
        assert "[1]" in first.params["text"]
    # A new Application over the same BOT_DATA_DIR: the conversation was on disk.
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, "Ông ấy giữ chức vụ gì?")
    assert "Phó Trưởng Ban Tổ chức Thành ủy" in reply.params["text"]


async def test_new_clears_the_conversation(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    state = bot_settings.bot_data_dir / "conversations" / f"{ALLOWED}_0.json"
    async with running(bot_settings, indexed[1]):
        await ask_bot(server, ALLOWED, "Ông Ma Xuân Việt báo cáo về nội dung gì?")
        assert len(json.loads(state.read_text("utf-8"))["turns"]) == 1
        done = await ask_bot(server, ALLOWED, "/new")
        assert "cuộc trò chuyện mới" in done.params["text"]
        assert json.loads(state.read_text("utf-8"))["turns"] == []


async def test_a_follow_up_with_no_question_before_it_asks_for_the_whole_question(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    state = bot_settings.bot_data_dir / "conversations" / f"{ALLOWED}_0.json"
    async with running(bot_settings, indexed[1]):
        await ask_bot(server, ALLOWED, "/new")
        reply = await ask_bot(server, ALLOWED, "Ông ấy giữ chức vụ gì?")
        assert not state.exists() or json.loads(state.read_text("utf-8"))["turns"] == []
        first = await ask_bot(server, ALLOWED, "Ông Ma Xuân Việt báo cáo về nội dung gì?")
        follow = await ask_bot(server, ALLOWED, "Ông ấy giữ chức vụ gì?")
    assert reply.params["text"] == escape(NO_QUESTION_BEFORE, quote=False)
    assert "reply_markup" not in reply.params  # no passage offered for "ông ấy"
    assert "[1]" in first.params["text"]
    assert "Phó Trưởng Ban Tổ chức Thành ủy" in follow.params["text"]


async def test_unknown_user_is_refused_with_their_id_and_no_search(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, STRANGER, "Nhiệm vụ trọng tâm năm 2018 là gì?")
        # Strangers in a group are not answered at all (the bot is not addressed).
        server.push(group_text(GROUP, STRANGER, "Nhiệm vụ trọng tâm năm 2018 là gì?"))
        admin = await ask_bot(server, ADMIN, "/id")
    text = reply.params["text"]
    assert str(STRANGER) in text and "chưa được cấp quyền" in text
    assert "Nguồn" not in text
    assert server.calls("sendChatAction") == []
    assert [c.params["chat_id"] for c in server.calls("sendMessage")] == [STRANGER, ADMIN]
    assert str(ADMIN) in admin.params["text"]
    assert not (bot_settings.bot_data_dir / "conversations").exists()


async def test_with_no_allow_list_only_admins_are_served(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    settings = bot_settings.model_copy(update={"allowed_user_ids": []})
    async with running(settings, indexed[1]):
        refused = await ask_bot(server, ALLOWED, "Nhiệm vụ trọng tâm năm 2018 là gì?")
        served = await ask_bot(server, ADMIN, "Nhiệm vụ trọng tâm năm 2018 là gì?")
    assert str(ALLOWED) in refused.params["text"] and "[1]" not in refused.params["text"]
    assert "[1]" in served.params["text"]


async def test_article_text_is_escaped(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, "Lịch cắt điện của Công ty Điện lực A&B?")
    text = reply.params["text"]
    assert "Điện lực A&amp;B" in text and "&lt;Bến Nghé&gt;" in text
    assert '<a href="https://example.vn/tin?id=1&amp;lang=vi">' in text
    assert "Điện lực &lt;A&amp;B&gt; công bố lịch cắt điện</a>" in text
    assert "Báo &lt;Thử&gt; &amp; Cộng sự" in text
    assert_valid_html(text)


async def test_long_question_is_declined_and_help_mentions_edits(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, indexed[1]):
        long = await ask_bot(server, ALLOWED, "Nhiệm vụ " * 200)
        help_ = await ask_bot(server, ALLOWED, "/help")
    assert "rút gọn" in long.params["text"]
    assert server.calls("sendChatAction") == []
    assert "tin nhắn đã sửa" in help_.params["text"]
    assert_valid_html(help_.params["text"])


async def test_an_error_is_logged_and_the_user_told_in_one_sentence(
    server: TelegramServer,
    bot_settings: BotSettings,
    indexed: tuple[Settings, Services],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index exploded")

    monkeypatch.setattr("bot.questions.ask", broken)
    for name in _QUIET:  # as `python -m bot` sets them up
        monkeypatch.setattr(logging.getLogger(name), "level", logging.WARNING)
    caplog.set_level(logging.DEBUG)
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, "Nhiệm vụ trọng tâm năm 2018 là gì?")
    assert reply.params["text"] == "Xin lỗi, đã có lỗi xảy ra; bạn vui lòng thử lại sau."
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info and "index exploded" in str(errors[0].exc_info[1])
    assert server.token not in caplog.text


async def test_a_flood_limit_is_waited_out(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    server.fail_next("sendMessage", retry_after=1)
    async with running(bot_settings, indexed[1]):
        reply = await ask_bot(server, ALLOWED, "Nhiệm vụ trọng tâm năm 2018 là gì?")
        answered = await server.wait_for("sendMessage", count=2)
    refused, answer = answered
    assert refused.params["text"] == answer.params["text"] == reply.params["text"]
    assert answer.at - refused.at >= 0.9
    assert "[1]" in answer.params["text"]


async def test_edited_messages_are_ignored_and_topics_have_their_own_ids(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    edited = private_text(ALLOWED, "Nhiệm vụ trọng tâm năm 2018 là gì?")
    edited["edited_message"] = {**edited.pop("message"), "edit_date": 1}
    topic = group_text(GROUP, ADMIN, "/id", thread_id=42)
    async with running(bot_settings, indexed[1]):
        server.push(edited)
        server.push(topic)
        ids = (await server.wait_for("sendMessage"))[0]
    assert ids.params["chat_id"] == GROUP and ids.params["message_thread_id"] == 42
    assert "42" in ids.params["text"] and str(ADMIN) in ids.params["text"]
    assert len(server.calls("sendMessage")) == 1 and server.calls("sendChatAction") == []


def test_the_token_is_redacted_from_log_records() -> None:
    token = "123:secret"
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{token}/getMe",), None
    )
    try:
        raise ValueError(f"failed https://x/bot{token}/getMe")
    except ValueError as exc:
        record.exc_info = (type(exc), exc, exc.__traceback__)
    RedactToken(token).filter(record)
    assert token not in logging.Formatter().format(record)
    assert "<token>" in record.getMessage()


def test_python_m_bot_without_a_token_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    assert main([]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


async def test_bot_api_errors_and_dropped_connections_lose_no_question(
    server: TelegramServer, bot_settings: BotSettings, indexed: tuple[Settings, Services]
) -> None:
    """A 500, a dropped connection, a request that times out (python-telegram-bot's read
    timeout is 5 s) and a failing typing indicator: every question is still answered,
    exactly once, and the bot keeps running."""
    question = "Nhiệm vụ trọng tâm năm 2018 là gì?"
    async with running(bot_settings, indexed[1]):
        server.fail_next("sendMessage", how="500")
        server.fail_next("sendMessage", how="drop")
        server.fail_next("sendChatAction", how="500")
        server.push(private_text(ALLOWED, question))
        first = (await server.wait_for("sendMessage", count=3))[2]  # its third attempt
        server.fail_next("sendMessage", 6, how="hang")
        server.push(private_text(ADMIN, question))
        second = (await server.wait_for("sendMessage", count=5))[4]  # its second attempt
        # Still polling, nothing pending: a third question is answered at once.
        third = await ask_bot(server, ALLOWED, "Ông Ma Xuân Việt báo cáo về nội dung gì?")
    # The server records failed calls too: 2 + 1 failed, 3 delivered, none twice.
    sent = server.calls("sendMessage")
    assert len(sent) == 6 and sent[5] == third
    assert [c.params["chat_id"] for c in sent] == [ALLOWED] * 3 + [ADMIN] * 2 + [ALLOWED]
    assert all("[1]" in c.params["text"] for c in (first, second, third))
    assert second.at - sent[3].at >= 5  # waited for the timeout, then sent again
    assert all(c.params["text"] != messages.ERROR for c in sent)
