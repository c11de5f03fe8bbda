"""Knowledge scopes through the bot (issue 14), end to end: the real Application against the
local Bot API server, real services over a real index of three scopes (tests/data/scopes/),
each with its own rule on working from home. Users and groups in different scopes ask the
same question and get different, correct sources; nothing of a scope they may not see
reaches them by answers, source buttons (forged or replayed), /nguon or follow-ups; an
admin edits ACCESS_FILE and the change holds without a restart; /xem_nhu asks as a chat."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import messages
from bot.journal import JOURNAL_FILE, Journal
from bot.settings import BotSettings
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.bot.conftest import make_bot_settings, send
from tests.bot.test_bot import running
from tests.conftest import TEST_DATA
from tests.telegram_server import (
    Call,
    TelegramServer,
    callback_query,
    group_text,
    private_document,
    private_text,
)

HR_USER, ACC_USER, PLAIN_USER, ADMIN = 111, 444, 555, 222
HR_GROUP, ACC_GROUP = -100600, -100700
QUESTION = "Được làm việc từ xa mấy ngày mỗi tuần?"
TITLES = {
    "chung": "Quy định làm việc từ xa của toàn công ty",
    "nhan-su": "Quy định làm việc từ xa của phòng Nhân sự",
    "ke-toan": "Quy định làm việc từ xa của phòng Kế toán",
}
# What only each private scope's articles say (their ids, numbers and titles).
SECRETS = {
    "nhan-su": ("NS-7731", TITLES["nhan-su"], "Thang bảng lương", "ba ngày"),
    "ke-toan": ("KT-4410", TITLES["ke-toan"], "quyết toán thuế", "hai ngày"),
}


def access_toml(root: Path, hr_users: list[int]) -> str:
    return f"""
[scopes.chung]
sources = ["{root / "chung"}"]
public = true

[scopes.nhan-su]
title = "Nhân sự"
sources = ["{root / "nhan-su"}"]
users = {hr_users}
chats = [{HR_GROUP}]

[scopes.ke-toan]
title = "Kế toán"
sources = ["{root / "ke-toan"}"]
users = [{ACC_USER}]
chats = [{ACC_GROUP}]
"""


@pytest.fixture(scope="module")
def scoped(
    tmp_path_factory: pytest.TempPathFactory, base_settings: Settings, embedder: Embedder
) -> Iterator[tuple[Settings, Services]]:
    root = tmp_path_factory.mktemp("scoped-bot")
    shutil.copytree(TEST_DATA / "scopes", root / "docs")
    access = root / "access.toml"
    access.write_text(access_toml(root / "docs", [HR_USER]), encoding="utf-8")
    settings = base_settings.model_copy(
        update={
            "chroma_path": root / "chroma",
            "ingest_sources": [str(root / "docs" / "chung")],
            "access_file": access,
        }
    )
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield settings, services
    services.close()


@pytest.fixture
def bot_settings(
    scoped: tuple[Settings, Services], server: TelegramServer, tmp_path: Path
) -> Iterator[BotSettings]:
    settings = scoped[0]
    original = settings.access_file.read_text(encoding="utf-8")
    yield make_bot_settings(
        settings,
        server,
        tmp_path,
        users=[HR_USER, ACC_USER, PLAIN_USER],
        admins=[ADMIN],
        chats=[HR_GROUP, ACC_GROUP],
    )
    settings.access_file.write_text(original, encoding="utf-8")  # for the next test


def text_of(call: Call) -> str:
    return str(call.params.get("text", ""))


def assert_nothing_of(text: str, scope: str) -> None:
    for secret in SECRETS[scope]:
        assert secret not in text, (scope, secret, text[:300])


def source_buttons(call: Call) -> list[str]:
    markup = call.params.get("reply_markup")
    assert isinstance(markup, dict), text_of(call)[:100]
    return [
        b["callback_data"]
        for row in markup["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("s:")
    ]


async def test_users_and_groups_in_different_scopes_get_different_sources(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, scoped[1]):
        hr = await send(server, private_text(HR_USER, QUESTION))
        acc = await send(server, private_text(ACC_USER, QUESTION))
        plain = await send(server, private_text(PLAIN_USER, QUESTION))
        # In a group the group's scopes count, not the asker's: HR's user in the
        # accounting group gets the accounting answer.
        in_acc_group = await send(server, group_text(ACC_GROUP, HR_USER, f"/hoi {QUESTION}"))
        in_hr_group = await send(server, group_text(HR_GROUP, ACC_USER, f"/hoi {QUESTION}"))
        admin = await send(server, private_text(ADMIN, QUESTION))

    for call, own, hidden in (
        (hr, "nhan-su", "ke-toan"),
        (in_hr_group, "nhan-su", "ke-toan"),
        (acc, "ke-toan", "nhan-su"),
        (in_acc_group, "ke-toan", "nhan-su"),
    ):
        text = text_of(call)
        assert TITLES[own] in text and SECRETS[own][3] in text, text[:400]
        assert_nothing_of(text, hidden)
    assert TITLES["chung"] in text_of(plain) and "một ngày" in text_of(plain)
    assert_nothing_of(text_of(plain), "nhan-su")
    assert_nothing_of(text_of(plain), "ke-toan")
    # An admin in a private chat sees every scope.
    assert any(title in text_of(admin) for title in TITLES.values())
    # The journal keeps the scopes each answer was given under.
    journal = Journal(bot_settings.bot_data_dir / JOURNAL_FILE)
    try:
        entries = [journal.get(i) for i in range(1, 7)]
    finally:
        journal.close()
    scopes = {e.chat_id: e.scopes for e in entries if e is not None}
    assert scopes[HR_USER] == ("chung", "nhan-su")
    assert scopes[ACC_GROUP] == ("chung", "ke-toan")
    assert scopes[PLAIN_USER] == ("chung",)
    assert scopes[ADMIN] is None


async def test_source_buttons_forged_or_after_a_scope_change_show_nothing(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    root = Path(bot_settings.ingest_sources[0]).parent
    async with running(bot_settings, scoped[1]):
        acc = await send(server, private_text(ACC_USER, QUESTION))
        hr = await send(server, private_text(HR_USER, QUESTION))
        hr_update = {"message": server.result_of(hr)}
        acc_entry = int(source_buttons(acc)[0].split(":")[1])
        hr_buttons = source_buttons(hr)
        # Forged: accounting's entry, every source number, tapped in HR's chat.
        for n in range(1, 4):
            server.push(callback_query(HR_USER, f"s:{acc_entry}:{n}", hr_update))
        refused = await server.wait_for("answerCallbackQuery", count=3)
        # The admin takes HR's user out of the HR scope: no restart.
        bot_settings.access_file.write_text(access_toml(root, []), encoding="utf-8")
        for data in hr_buttons:  # replayed: the buttons of HR's own earlier answer
            server.push(callback_query(HR_USER, data, hr_update))
        replayed = await server.wait_for("answerCallbackQuery", count=3 + len(hr_buttons))
        # A tap that shows its passage is acknowledged before the passage is sent: wait for
        # those too, or the next question's "answer" would be a passage still on its way.
        shown = [c for c in replayed[3:] if c.params.get("text") != messages.BUTTON_EXPIRED]
        await server.wait_for("sendMessage", count=2 + len(shown))
        again = await send(server, private_text(HR_USER, QUESTION))
        listing = await send(server, private_text(HR_USER, "/nguon"))

    for call in refused:
        assert call.params.get("text") == messages.BUTTON_EXPIRED
    journal = Journal(bot_settings.bot_data_dir / JOURNAL_FILE)
    try:
        entry = journal.get(int(hr_buttons[0].split(":")[1]))
    finally:
        journal.close()
    assert entry is not None and entry.scopes == ("chung", "nhan-su")
    titles = [entry.cited(int(data.split(":")[2])) for data in hr_buttons]
    assert TITLES["nhan-su"] in [c.title for c in titles if c is not None]
    # Taps of one chat are handled in order: the i-th answer is the i-th tap's.
    for cited, call in zip(titles, replayed[3:], strict=True):
        assert cited is not None
        expired = call.params.get("text") == messages.BUTTON_EXPIRED
        assert expired == (cited.title != TITLES["chung"]), cited.title
    # Nothing of accounting reached HR's chat, nothing of HR after the change.
    sent = [text_of(c) for c in server.calls("sendMessage")]
    for text in sent[1:]:
        assert_nothing_of(text, "ke-toan")
    for text in sent[2:]:
        assert_nothing_of(text, "nhan-su")
    assert TITLES["chung"] in text_of(again)
    assert "Nhân sự" not in text_of(listing) and "Hệ thống có 2 bài viết." in text_of(listing)


async def test_nguon_lists_only_visible_articles_per_scope_and_follow_ups_stay_inside(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, scoped[1]):
        hr = await send(server, private_text(HR_USER, "/nguon"))
        plain = await send(server, private_text(PLAIN_USER, "/nguon"))
        admin = await send(server, private_text(ADMIN, "/nguon"))
        first = await send(server, private_text(HR_USER, QUESTION))
        follow = await send(server, private_text(HR_USER, "Còn phòng Kế toán thì sao?"))
        tax = await send(server, private_text(HR_USER, "Hạn quyết toán thuế thu nhập cá nhân?"))

    assert "Hệ thống có 4 bài viết." in text_of(hr)
    assert "Nhân sự: 2" in text_of(hr) and "chung: 2" in text_of(hr)
    assert_nothing_of(text_of(hr), "ke-toan")
    assert "Kế toán" not in text_of(hr)
    assert "Hệ thống có 2 bài viết." in text_of(plain) and "Nhân sự" not in text_of(plain)
    assert "Hệ thống có 6 bài viết." in text_of(admin)
    assert "Kế toán: 2" in text_of(admin) and "Nhân sự: 2" in text_of(admin)
    assert TITLES["nhan-su"] in text_of(first)
    for call in (follow, tax):
        assert_nothing_of(text_of(call), "ke-toan")


async def test_an_admin_asks_as_a_chat(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    async with running(bot_settings, scoped[1]):
        refused = await send(server, private_text(HR_USER, f"/xem_nhu {ACC_GROUP}"))
        switched = await send(server, private_text(ADMIN, f"/xem_nhu {ACC_GROUP}"))
        as_group = await send(server, private_text(ADMIN, QUESTION))
        listing = await send(server, private_text(ADMIN, "/nguon"))
        back = await send(server, private_text(ADMIN, "/xem_nhu"))
        usage = await send(server, private_text(ADMIN, "/xem_nhu nhóm"))

    assert text_of(refused) == messages.ADMIN_ONLY
    assert str(ACC_GROUP) in text_of(switched) and "Kế toán" in text_of(switched)
    assert TITLES["ke-toan"] in text_of(as_group)
    assert_nothing_of(text_of(as_group), "nhan-su")
    assert "Hệ thống có 4 bài viết." in text_of(listing)
    assert "Đã thôi" in text_of(back)
    assert "Cách dùng" in text_of(usage)


async def test_stats_and_unanswered_per_scope_for_admins(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    off_topic = "Giá vé máy bay từ Hà Nội đi Tokyo tháng 12 là bao nhiêu?"
    async with running(bot_settings, scoped[1]):
        await send(server, private_text(HR_USER, QUESTION))
        await send(server, private_text(HR_USER, off_topic))
        await send(server, private_text(ACC_USER, "Giá vàng hôm nay ở Hà Nội là bao nhiêu?"))
        before = len(server.calls("sendMessage"))
        server.push(private_text(ADMIN, "/stats"))
        photo = (await server.wait_for("sendPhoto"))[0]
        hr_only = await send(server, private_text(ADMIN, "/unanswered nhan-su"))
        wrong = await send(server, private_text(ADMIN, "/unanswered khong-co"))
        refused = await send(server, private_text(HR_USER, "/unanswered nhan-su"))
    stats = str(photo.params.get("caption", "")) + "\n".join(
        text_of(c) for c in server.calls("sendMessage")[before:]
    )
    assert "Theo phạm vi" in stats
    assert "Nhân sự: 2 · 2 · 1" in stats and "Kế toán: 2 · 1 · 1" in stats
    assert "chung: 2 · 3 · 2" in stats
    assert "Tokyo" in text_of(hr_only) and "Giá vàng" not in text_of(hr_only)
    assert "Cách dùng" in text_of(wrong) and "ke-toan" in text_of(wrong)
    assert text_of(refused) == messages.ADMIN_ONLY


STOCKTAKE = (
    "# Lịch kiểm kê kho cuối quý\n\n"
    "Phòng Kế toán kiểm kê kho vào ngày 28 tháng 6, mã đợt kiểm kê KK-2291. "
    "Mọi phiếu nhập xuất kho phải nộp trước ngày 25 tháng 6.\n"
)


def _final(call: Call) -> bool:
    return "Cập nhật chỉ mục xong" in text_of(call)


async def test_an_admin_uploads_into_the_scope_named_in_the_caption(
    server: TelegramServer, bot_settings: BotSettings, scoped: tuple[Settings, Services]
) -> None:
    doc = server.upload(STOCKTAKE.encode("utf-8"), "kiem-ke.md")
    question = "Khi nào phòng Kế toán kiểm kê kho?"
    async with running(bot_settings, scoped[1]):
        unknown = await send(server, private_document(ADMIN, doc, caption="#khong-co"))
        server.push(private_document(ADMIN, doc, caption="Lịch kiểm kê #ke-toan"))
        summary = (await server.wait_for("editMessageText", where=_final, timeout=120))[0]
        acc = await send(server, private_text(ACC_USER, question))
        hr = await send(server, private_text(HR_USER, question))

    assert "Không có phạm vi" in text_of(unknown) and "#ke-toan" in text_of(unknown)
    root = Path(bot_settings.ingest_sources[0]).parent
    assert (root / "ke-toan" / "kiem-ke.md").read_text(encoding="utf-8") == STOCKTAKE
    assert "Theo phạm vi:" in text_of(summary) and "• ke-toan: 1" in text_of(summary)
    assert "KK-2291" in text_of(acc) or "28 tháng 6" in text_of(acc)
    assert "KK-2291" not in text_of(hr) and "kiểm kê" not in text_of(hr).split("\n")[0]
