"""What an attacker tries against the bot: the token leaking into logs in an encoded form,
an allowed user's question in a stranger's group, and floods of refusals and /id."""

from __future__ import annotations

import base64
import logging
from urllib.parse import quote

import pytest

from bot.redact import RedactToken

TOKEN = "123456:AAH-x_yZ0kLmNoPqRsTuVwXyZ0123456789"


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.parametrize(
    "spelling",
    [
        TOKEN,
        quote(TOKEN, safe=""),  # 123456%3AAAH-...: python-telegram-bot's file URLs
        quote(TOKEN, safe="").replace("%3A", "%3a"),
        quote(quote(TOKEN, safe=""), safe=""),  # 123456%253A...: a quoted URL quoted again
        base64.b64encode(TOKEN.encode()).decode(),
        base64.urlsafe_b64encode(TOKEN.encode()).decode().rstrip("="),
    ],
)
def test_every_spelling_of_the_token_is_redacted_in_message_args_and_traceback(
    spelling: str,
) -> None:
    url = f"http://127.0.0.1/file/bot{spelling}/documents/file_0.pdf"
    as_arg = _record('HTTP Request: %s %s "%s"', "GET", url, "HTTP/1.1 200 OK")
    in_message = _record(f"GET {url}")
    try:
        raise ValueError(f"failed {url}")
    except ValueError as exc:
        in_message.exc_info = (type(exc), exc, exc.__traceback__)
    handler_output = []
    for record in (as_arg, in_message):
        assert RedactToken(TOKEN).filter(record)
        handler_output.append(logging.Formatter().format(record))
    for text in handler_output:
        assert spelling not in text and "AAH-x_yZ0kLmNoPq" not in text
        assert "<token>" in text
    assert "documents/file_0.pdf" in handler_output[0]  # the rest of the line stays


def test_text_without_the_token_is_left_alone() -> None:
    record = _record("GET %s", "http://127.0.0.1/bot999:other/getMe")
    RedactToken(TOKEN).filter(record)
    assert record.args == ("http://127.0.0.1/bot999:other/getMe",)


def test_a_real_logger_with_the_installed_filter_writes_no_encoded_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot import redact

    logger = logging.getLogger("httpx")
    before = list(logger.filters)
    try:
        redact.install(TOKEN)
        with caplog.at_level(logging.INFO, logger="httpx"):
            logger.info("HTTP Request: GET %s", f"http://x/file/bot{quote(TOKEN, safe='')}/a")
        assert caplog.records and quote(TOKEN, safe="") not in caplog.text
        assert "<token>" in caplog.text
    finally:
        logger.filters[:] = before
