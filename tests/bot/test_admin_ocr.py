"""An admin's photo of a document is ingested through OCR, in the real Application against
the local Bot API server, and staff then get answers from it, cited with "(OCR)"."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from bot.messages import NON_TEXT, OCR_MARK
from bot.settings import BotSettings
from retrieval.services import Services
from tests.bot.test_admin_ingest import (  # base, copied, work: the fixtures used here
    ADMIN,
    ALLOWED,
    _to,
    base,
    bot_settings,
    copied,
    count,
    say,
    summary_of,
    work,
)
from tests.bot.test_bot import running
from tests.ingest.test_ocr import PAGE_TEXT, needs_tesseract, render_page
from tests.telegram_server import TelegramServer, private_text

__all__ = ["base", "copied", "work"]
QUESTION = "Học phí năm học 2024-2025 là bao nhiêu?"


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=87)
    return out.getvalue()


def private_photo(
    server: TelegramServer, user_id: int, image: Image.Image, caption: str | None = None
) -> dict[str, Any]:
    """A photo message as the Bot API sends it: the sizes Telegram made, smallest first
    (here a thumbnail and the full picture), each a file the bot may download."""
    sizes = []
    for picture in (image.resize((90, 120)), image):
        data = _jpeg(picture)
        stored = server.upload(data, "photo.jpg", "image/jpeg")
        sizes.append(
            {
                "file_id": stored["file_id"],
                "file_unique_id": stored["file_unique_id"],
                "width": picture.width,
                "height": picture.height,
                "file_size": len(data),
            }
        )
    update = private_text(user_id, "")
    message = update["message"]
    del message["text"]
    message["photo"] = sizes
    if caption is not None:
        message["caption"] = caption
    return update


@needs_tesseract
async def test_admin_photo_is_read_and_answers_cite_it_as_ocr(
    server: TelegramServer, work: tuple[BotSettings, Services]
) -> None:
    settings, services = work
    folder = Path(settings.ingest_sources[0])
    settings = bot_settings(settings, server)
    page = render_page(PAGE_TEXT)

    async with running(settings, services):
        server.push(private_photo(server, ADMIN, page, caption="Quy chế đào tạo\nảnh chụp"))
        summary = (await summary_of(server, ADMIN)).params["text"]
        answer = await say(server, ALLOWED, QUESTION)
        # Staff's photos are not uploads: they get the "text only" hint, nothing is fetched.
        downloads = len(server.calls("getFile"))
        hint = await say_media(server, page)

    assert count(summary, "Thêm mới") == 1, summary
    assert "Quy chế đào tạo.jpg" in summary
    assert sorted(p.name for p in folder.iterdir()) == ["Quy chế đào tạo.jpg"]
    # The largest size was downloaded, not the thumbnail.
    assert Image.open(folder / "Quy chế đào tạo.jpg").size == page.size

    text = answer.params["text"]
    assert "18,5 triệu" in text, text
    assert OCR_MARK in text
    assert downloads == len(server.calls("getFile")) == 1
    assert hint.params["text"] == NON_TEXT
    assert all(c.params["text"] != NON_TEXT for c in _to(server, ADMIN))


async def say_media(server: TelegramServer, image: Image.Image) -> Any:
    before = len(_to(server, ALLOWED))
    server.push(private_photo(server, ALLOWED, image))
    sent = await server.wait_for(
        "sendMessage", count=before + 1, where=lambda c: c.params.get("chat_id") == ALLOWED
    )
    return sent[before]
