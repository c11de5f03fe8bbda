"""Split a Telegram HTML message into parts that each fit Telegram's limit.

Telegram refuses a message whose text, *after entity parsing*, is longer than 4,096
characters, and it counts those characters in UTF-16 code units (an emoji outside the
Basic Multilingual Plane counts twice; Vietnamese letters, precomposed or with combining
marks, count one per code point). So the length measured here is that of the visible text:
tags removed, each entity (`&amp;`, `&#128512;`) decoded to the one character it stands for,
measured as `len(text.encode("utf-16-le")) // 2`.

Parts end, by preference, at a paragraph break (a blank line), then a line break, then the
end of a sentence, then a space; only a text with no space at all is cut mid-word (and then
never between a letter and its combining mark). A cut never falls inside a tag or an entity,
and every part is balanced HTML: tags still open at a cut are closed at the end of the part
and reopened at the start of the next.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from typing import NamedTuple

__all__ = ["TELEGRAM_MAX_CHARS", "split_html", "utf16_length", "visible_text"]

TELEGRAM_MAX_CHARS = 4096

_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^<&]+|[<&]")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_SENTENCE_END = re.compile(r"[.!?…][)\]\"'”’»]*(?=\s)")
# An empty pair left where a cut met a tag boundary ("<b></b>"): dropped, it shows nothing.
_EMPTY_PAIR = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?></\1>")
# Characters that belong to the one before them: a hard cut must not separate them.
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def visible_text(message: str) -> str:
    """What Telegram shows of `message`: its text after entity parsing."""
    return "".join(t.visible for t in _tokens(message))


def split_html(message: str, limit: int = TELEGRAM_MAX_CHARS) -> list[str]:
    """`message` as one or more parts, each showing at most `limit` UTF-16 code units."""
    if limit < 2:
        raise ValueError("limit must be at least 2: one character may take two UTF-16 units")
    if utf16_length(message) <= limit:
        return [message]  # what is shown is never longer than the HTML
    tokens = _tokens(message)
    chars = [t.visible for t in tokens if not t.tag]
    if sum(map(_width, chars)) <= limit:
        return [message]
    return _emit(tokens, _cuts(chars, limit))


class _Token(NamedTuple):
    raw: str
    visible: str = ""  # one character for text, "" for a tag
    tag: str = ""  # the tag's name, for tags
    closing: bool = False


def _width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _tokens(message: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(message):
        raw = match.group()
        if raw.startswith("<") and len(raw) > 1:
            name = _TAG_NAME.match(raw)
            out.append(
                _Token(raw, tag=name.group(1).lower() if name else "?", closing=raw[1] == "/")
            )
        elif raw.startswith("&") and len(raw) > 1:
            out.append(_Token(raw, visible=html.unescape(raw)))
        else:
            out.extend(_Token(ch, visible=ch) for ch in raw)
    return out


def _cuts(chars: list[str], limit: int) -> list[tuple[int, int]]:
    """(start, end) spans of visible characters, one per part, whitespace at cuts dropped."""
    text = "".join(chars)  # one character per visible token
    widths = list(itertools.accumulate(map(_width, chars), initial=0))
    n = len(chars)
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    while start < n:
        # The furthest end whose part still fits.
        end = start
        while end < n and widths[end + 1] - widths[start] <= limit:
            end += 1
        if end == n:
            spans.append((start, _trim_end(text, start, n)))
            break
        cut = _best_break(text, start, end)
        spans.append((start, _trim_end(text, start, cut)))
        start = _skip_space(text, cut)
    return spans


def _best_break(text: str, start: int, end: int) -> int:
    """Where to end a part that may show `text[start:end]`: the part ends before the
    returned index. Breaks that would leave a part under a quarter full are the last
    resort, so a blank line near the start does not produce a one-line message."""
    candidates = [
        text.rfind("\n\n", start + 1, min(len(text), end + 2)),
        text.rfind("\n", start + 1, end + 1),
        _last_sentence_end(text, start, end),
        _last_space(text, start, end),
    ]
    enough = start + (end - start) // 4
    for cut in candidates:
        if cut >= enough:
            return cut
    for cut in candidates:
        if cut > start:
            return cut
    cut = end
    while cut > start + 1 and (unicodedata.combining(text[cut]) or text[cut] in _JOINERS):
        cut -= 1
    return cut


def _last_sentence_end(text: str, start: int, end: int) -> int:
    last = -1
    for match in _SENTENCE_END.finditer(text, start, min(len(text), end + 1)):
        if match.end() <= end:
            last = match.end()
    return last


def _last_space(text: str, start: int, end: int) -> int:
    for i in range(min(end, len(text) - 1), start, -1):
        if text[i].isspace():
            return i
    return -1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _emit(tokens: list[_Token], spans: list[tuple[int, int]]) -> list[str]:
    parts: list[str] = []
    stack: list[_Token] = []  # open tags, outermost first
    i = 0  # next token
    seen = 0  # visible characters consumed
    for start, end in spans:
        out = [t.raw for t in stack]  # reopen what the previous part closed
        while i < len(tokens):
            token = tokens[i]
            if token.tag:
                if seen >= end and not (token.closing and stack and stack[-1].tag == token.tag):
                    break  # opening tags after the cut belong to the next part
                _apply(stack, token)
                out.append(token.raw)
            else:
                if seen >= end:
                    break
                if seen >= start:
                    out.append(token.raw)
                seen += 1
            i += 1
        out.extend(f"</{t.tag}>" for t in reversed(stack))
        parts.append(_drop_empty_pairs("".join(out)))
    return parts


def _apply(stack: list[_Token], token: _Token) -> None:
    if token.raw.endswith("/>"):
        return
    if not token.closing:
        stack.append(token)
        return
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].tag == token.tag:
            del stack[k:]
            return


def _drop_empty_pairs(part: str) -> str:
    while True:
        shorter = _EMPTY_PAIR.sub("", part)
        if shorter == part:
            return part
        part = shorter
