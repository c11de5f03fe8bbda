"""Who the bot serves. Secure by default: with no allow-list configured, only admins."""

from __future__ import annotations

from retrieval.settings import Settings


def is_admin(settings: Settings, user_id: int | None) -> bool:
    return user_id is not None and user_id in settings.admin_user_ids


def is_allowed(settings: Settings, user_id: int | None, chat_id: int | None) -> bool:
    if is_admin(settings, user_id):
        return True
    if user_id is not None and user_id in settings.allowed_user_ids:
        return True
    return chat_id is not None and chat_id in settings.allowed_chat_ids
