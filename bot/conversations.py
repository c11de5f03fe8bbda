"""One conversation per chat (and per forum topic), kept as JSON files so they survive a
restart of the bot."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from retrieval.dialogue.conversation import Conversation

log = logging.getLogger(__name__)

# (chat id, forum topic id or None)
Key = tuple[int, int | None]


class ConversationStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[Key, Conversation] = {}

    def path(self, key: Key) -> Path:
        chat_id, thread_id = key
        return self.folder / f"{chat_id}_{thread_id or 0}.json"

    def get(self, key: Key) -> Conversation:
        if key not in self._cache:
            self._cache[key] = self._load(key)
        return self._cache[key]

    def save(self, key: Key) -> bool:
        """Write atomically: a crash mid-write leaves the previous state, not half a file.

        A write that fails (a full disk, a folder where the file should be) is logged and
        costs only the saved copy: the conversation goes on from memory, and the answer
        that follows is still sent. False then."""
        conversation = self.get(key)
        path = self.path(key)
        tmp = path.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(conversation.to_json(), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not save the conversation to %s (kept in memory): %s", path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
        return True

    def clear(self, key: Key) -> None:
        self.get(key).clear()
        self.save(key)

    def _load(self, key: Key) -> Conversation:
        path = self.path(key)
        if not path.exists():
            return Conversation()
        try:
            return Conversation.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            # A damaged state costs one chat its history, never the bot.
            log.warning("Starting a fresh conversation: cannot read %s (%s)", path, exc)
            return Conversation()
