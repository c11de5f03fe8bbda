"""How the bot sends: HTML, link previews off, long texts split at Telegram's limit
(`bot.split`), Telegram's flood limit and transient failures waited out (`bot.flood`)."""

from __future__ import annotations

import functools

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode

from bot.flood import patiently
from bot.split import split_html

# Answers cite articles by link: a preview of the first one would crowd out the answer.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def reply(
    message: Message,
    html: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    do_quote: bool | None = None,
) -> Message:
    """Reply to `message` (in its forum topic, if any). A text too long for one message
    goes in several, split at paragraph breaks; `reply_markup` goes under the last part,
    and only the first part quotes `message` (`do_quote` None: Telegram's default, which
    quotes in groups). Returns the last message sent: the one to edit later."""
    parts = split_html(html)
    sent: Message | None = None
    for i, part in enumerate(parts):
        sent = await patiently(
            functools.partial(
                message.reply_html,
                part,
                do_quote=do_quote if i == 0 else False,
                reply_markup=reply_markup if i == len(parts) - 1 else None,
                link_preview_options=NO_PREVIEW,
            )
        )
    assert sent is not None
    return sent


async def send(bot: Bot, chat_id: int, html: str, *, thread_id: int | None = None) -> Message:
    """A message of its own (not a reply) to `chat_id`, in forum topic `thread_id`, split
    like `reply`. Returns the last message sent."""
    sent: Message | None = None
    for part in split_html(html):
        sent = await patiently(
            functools.partial(
                bot.send_message,
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                message_thread_id=thread_id,
                link_preview_options=NO_PREVIEW,
            )
        )
    assert sent is not None
    return sent
