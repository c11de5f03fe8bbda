"""Keep the bot token out of every log line, whoever logs it."""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    """Replaces the token in a record's message and arguments (URLs contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<token>")
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if self.token in text:
                record.exc_text = text.replace(self.token, "<token>")
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
