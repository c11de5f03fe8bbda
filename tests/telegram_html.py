"""What "valid Telegram HTML" means for this bot: only the tags it writes, balanced, and every
other `<`, `>` and `&` escaped. Shared by the bot tests and the property tests."""

from __future__ import annotations

import html
import re

# The only markup the bot writes (bot/messages.py): <b>, <code>, <pre>, <a href="...">,
# <blockquote> (expandable or not), and their closing tags.
_TAG = re.compile(
    r"<(b|code|pre|blockquote)>|<(blockquote) expandable>|<(a) href=\"[^\"<>]*\">"
    r"|</(b|code|pre|blockquote|a)>"
)
# Entities Python's html.escape writes; Telegram accepts these (and numeric ones) only.
_BARE_AMPERSAND = re.compile(r"&(?!(lt|gt|amp|quot|#x27);)")

# Telegram's limit for one message, counted after entity parsing, in UTF-16 code units.
TELEGRAM_MAX_CHARS = 4096


def assert_valid_html(text: str) -> None:
    """Only the tags the bot writes, properly nested; any other `<` or `>`, or a bare `&`,
    would be article or user text that escaped escaping (Telegram rejects the message)."""
    open_tags: list[str] = []
    for match in _TAG.finditer(text):
        opened = match.group(1) or match.group(2) or match.group(3)
        if opened:
            # Telegram does not nest an entity inside one of the same kind.
            assert opened not in open_tags, f"<{opened}> inside <{opened}> in {text!r}"
            open_tags.append(opened)
        else:
            closed = match.group(4)
            assert open_tags and open_tags[-1] == closed, f"unbalanced </{closed}> in {text!r}"
            open_tags.pop()
    assert not open_tags, f"unclosed {open_tags} in {text!r}"
    rest = _TAG.sub("", text)
    assert "<" not in rest and ">" not in rest, rest
    assert not _BARE_AMPERSAND.search(text), text


def visible_text(text: str) -> str:
    """What the user sees: the message without its tags, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (astral characters, e.g. most emoji, count twice)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
