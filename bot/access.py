"""Who the bot serves. Secure by default: with no allow-list configured, only admins.

`gate` runs before every handler; `admin_only` guards the admin commands.

In a private chat an admin or an allowed user is served. In a group the group itself must
be allowed (ALLOWED_CHAT_IDS): an allowed user's question in any other group would be
answered in front of that group's members, who would read internal passages. There an
allowed user (or admin) is told the group is not allowed, unless ALLOW_USERS_IN_ANY_GROUP
is set; `/id` still works, so that an admin can learn the group's id. Refusals count
against the sender's rate limit (RATE_LIMIT_PER_MINUTE), as questions and `/id` do: a
flood of messages from a stranger costs at most that many replies a minute.

Being served is not seeing everything: `visibility` says which knowledge scopes
(ACCESS_FILE, `retrieval.index.scopes`) a question may draw on. In a private chat, the
user's; in a group, the group's (never the asker's own: the whole group reads the answer);
the public scopes everywhere. Admins see every article in private chats, unless they ask
as another chat (`/xem_nhu`). `may_see` checks articles already shown (a source button)
against what the tapper may see now."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import messages
from bot.reply import reply
from bot.settings import BotSettings
from bot.state import BotState, Context
from retrieval.index.scopes import Visibility, sees

log = logging.getLogger(__name__)


def is_admin(settings: BotSettings, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings.admin_user_ids


def is_known(settings: BotSettings, user_id: int | None) -> bool:
    """An admin or an allowed user, wherever they write from."""
    return is_admin(settings, user_id) or (
        user_id is not None and user_id in settings.allowed_user_ids
    )


def is_allowed(settings: BotSettings, user_id: int | None, chat_id: int | None) -> bool:
    """Served in a private chat (where the chat's id is the user's)."""
    if is_known(settings, user_id):
        return True
    return chat_id is not None and chat_id in settings.allowed_chat_ids


def is_allowed_in_group(settings: BotSettings, user_id: int | None, chat_id: int) -> bool:
    """Served in the group `chat_id`: the group is allowed, or the setting lets allowed
    users be answered in any group."""
    if chat_id in settings.allowed_chat_ids:
        return True
    return settings.allow_users_in_any_group and is_known(settings, user_id)


def visibility(state: BotState, user_id: int | None, chat_id: int) -> Visibility:
    """The knowledge scopes a question from `user_id` in chat `chat_id` may draw on
    (None: every article). Private chats have the user's (positive) id, groups negative
    ones. ACCESS_FILE is read again here when it changed."""
    policy = state.access.current()
    private = chat_id > 0
    if private and is_admin(state.settings, user_id):
        assert user_id is not None
        as_chat = state.as_chat.get(user_id)
        return None if as_chat is None else policy.visible_as(as_chat)
    return policy.visible(user_id, chat_id, private=private)


def may_see(state: BotState, scopes: Visibility, article_ids: Iterable[str]) -> bool:
    """Whether every one of `article_ids` is, by its scopes now, in `scopes` (an article
    no longer indexed is not). Reads the store: call it off the event loop."""
    if scopes is None:
        return True
    services = state.services
    if services is None:
        return False
    store = services.retriever.store
    stamped = store.visible.scopes(store)
    return all(aid in stamped and sees(scopes, stamped[aid]) for aid in article_ids)


async def gate(update: Update, context: Context) -> None:
    """Runs before every handler: strangers get one polite refusal and no search work."""
    settings = context.bot_data.settings
    user = update.effective_user
    chat = update.effective_chat
    user_id = user.id if user else None
    chat_id = chat.id if chat else None
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    if in_group and chat is not None:
        if is_allowed_in_group(settings, user_id, chat.id):
            return
        known = is_known(settings, user_id)
        if known and _is_command(update.message, "id", context.bot.username):
            return
    elif is_allowed(settings, user_id, chat_id):
        return
    else:
        known = False
    log.info("refused user %s in chat %s", user_id, chat_id)
    message = update.message
    if update.callback_query is not None:
        text = (
            messages.group_refusal(chat.id, html=False)
            if known and chat is not None
            else messages.refusal(user_id, html=False)
        )
        if _within_rate_limit(context, user_id):
            await update.callback_query.answer(text, show_alert=True)
        else:
            await update.callback_query.answer()
    elif message is not None and chat is not None:
        # In groups only what is addressed to the bot gets the refusal, not every message:
        # a command from anyone; from an allowed user also a mention of the bot or a reply
        # to it (their way of asking in a group).
        addressed = (
            not in_group
            or (message.text or "").startswith("/")
            or (known and _addresses_bot(message, context.bot.username, context.bot.id))
        )
        if addressed and _within_rate_limit(context, user_id):
            text = messages.group_refusal(chat.id) if known else messages.refusal(user_id)
            await reply(message, text)
    raise ApplicationHandlerStop


def _within_rate_limit(context: Context, user_id: int | None) -> bool:
    """Count one reply to `user_id` against their rate limit; False past it (then the
    refusal is not sent: they have had theirs)."""
    if user_id is None:
        return True
    if context.bot_data.rate_limiter.check(user_id).allowed:
        return True
    log.info("rate limit: refusal to user %s not sent", user_id)
    return False


def _is_command(message: Message | None, name: str, username: str) -> bool:
    """`message` starts with /name or /name@our_bot."""
    if message is None or not message.text:
        return False
    first = message.text.split(maxsplit=1)[0].lower() if message.text.strip() else ""
    return first in (f"/{name}", f"/{name}@{username}".lower())


def _addresses_bot(message: Message, username: str, bot_id: int) -> bool:
    """A mention of the bot, or a reply to one of its messages."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    return any(
        (entity.type == MessageEntity.MENTION and value.lower() == f"@{username}".lower())
        or (entity.user is not None and entity.user.id == bot_id)
        for entity, value in mentions.items()
    )


async def admin_only(message: Message, context: Context) -> bool:
    """True for an admin (the list is read on every call); anyone else is told politely."""
    if is_admin(context.bot_data.settings, message.from_user.id if message.from_user else None):
        return True
    await reply(message, messages.ADMIN_ONLY)
    return False
