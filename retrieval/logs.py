"""Logging set-up for the command-line entry points."""

from __future__ import annotations

import logging

# Libraries that are chatty at INFO, or that log request URLs (a Telegram bot token
# travels inside the URL path, so HTTP client logs must stay at WARNING).
_QUIET = ("httpx", "httpcore", "chromadb", "sentence_transformers", "urllib3", "filelock")


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
