"""Keep the bot token out of every log line, whoever logs it.

The token reaches logs in more than one spelling: as is in API URLs, percent-encoded in
file URLs (python-telegram-bot quotes the path, so "123456:AA.." becomes "123456%3AAA.."
and httpx logs the request at INFO), even twice encoded ("%253A") when such a URL is
itself quoted, and base64 (standard or URL-safe) where it was packed into a header or a
query. `token_pattern` matches all of them; the filter replaces any match by "<token>".
"""

from __future__ import annotations

import base64
import logging
import re
from urllib.parse import quote

REDACTED = "<token>"


def token_pattern(token: str) -> re.Pattern[str]:
    """The token as is, with any of its characters percent-encoded (once or twice, upper-
    or lower-case hex), or in base64 (standard or URL-safe, with or without padding)."""
    parts = []
    for char in token:
        encoded = quote(char, safe="")
        if encoded == char:
            parts.append(re.escape(char))
            continue
        # "%3A" and "%253A" (the "%" itself encoded), hex in either case.
        hex_digits = "".join(f"[{c.upper()}{c.lower()}]" for c in encoded[1:])
        parts.append(f"(?:{re.escape(char)}|%(?:25)?{hex_digits})")
    raw = token.encode()
    packed = {
        form.decode().rstrip("=") for form in (base64.b64encode(raw), base64.urlsafe_b64encode(raw))
    }
    alternatives = ["".join(parts)] + [re.escape(p) for p in sorted(packed, key=len, reverse=True)]
    return re.compile("|".join(alternatives))


class RedactToken(logging.Filter):
    """Replaces the token, in any of its spellings, in a record's message and arguments
    (URLs contain it) and in its traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._pattern = token_pattern(token) if token else None

    def redact(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging itself reports it later
            message = str(record.msg)
        redacted = self.redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            redacted = self.redact(text)
            if redacted != text:
                record.exc_text = redacted
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


# Loggers that print request URLs (which contain the token): python-telegram-bot's bot logs
# its base URL at DEBUG, the HTTP libraries log every request. A filter on a logger sees the
# records created there; a filter on a handler sees everything that reaches it.
_URL_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater", "httpx", "httpcore")


def install(token: str) -> None:
    """Attach the filter to those loggers and to every handler of the root logger."""
    targets: list[logging.Filterer] = [logging.getLogger(name) for name in _URL_LOGGERS]
    targets += logging.getLogger().handlers
    for target in targets:
        if not any(isinstance(f, RedactToken) and f.token == token for f in target.filters):
            target.addFilter(RedactToken(token))
