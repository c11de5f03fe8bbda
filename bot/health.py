"""`python -m bot --check`: is everything the bot needs there? For a service manager or a
container's health check: one English line per check, exit code 0 when all pass, 1 if not.

- token: TELEGRAM_API_BASE_URL answers getMe with this token;
- chroma server (only with CHROMA_URL): its heartbeat answers within CHROMA_TIMEOUT;
- index: the article registry and the active generation can be read;
- model: the embedding model loads and embeds a question.

The token never appears in what is printed (bot.redact), even in an error's text.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bot.redact import token_pattern
from bot.settings import BotSettings

__all__ = ["Check", "checks", "main"]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def check_token(settings: BotSettings) -> Check:
    if settings.telegram_bot_token is None:
        return Check("token", False, "TELEGRAM_BOT_TOKEN is not set (see .env.example)")
    token = settings.telegram_bot_token.get_secret_value()

    async def get_me() -> str:
        from telegram import Bot

        async with Bot(token, base_url=settings.telegram_api_base_url) as bot:
            return bot.username

    try:
        username = asyncio.run(asyncio.wait_for(get_me(), timeout=30))
    except Exception as exc:  # every failure is the check's answer, printed
        return Check(
            "token", False, f"getMe failed: {_redacted(str(exc) or type(exc).__name__, token)}"
        )
    return Check("token", True, f"getMe answered: the bot is @{username}")


def check_chroma_server(settings: BotSettings) -> Check:
    import httpx

    url = settings.chroma_url.rstrip("/")
    try:
        response = httpx.get(f"{url}/api/v2/heartbeat", timeout=settings.chroma_timeout)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return Check("chroma server", False, f"{url} does not answer: {exc}")
    return Check("chroma server", True, f"{url} answers")


def check_index(settings: BotSettings) -> Check:
    from retrieval.index.registry import Index

    try:
        index = Index(settings)
        try:
            stats = index.active().stats()
        finally:
            index.close()
    except Exception as exc:  # every failure is the check's answer, printed
        return Check("index", False, f"cannot be read: {exc}")
    if stats.articles == 0:
        return Check("index", True, "readable but empty: run `python -m ingest` (or /reindex)")
    return Check("index", True, f"readable: {stats.articles} articles, {stats.chunks} chunks")


def check_model(settings: BotSettings) -> Check:
    from retrieval.embedding.factory import load_embedder

    try:
        embedder = load_embedder(settings)
        vector = embedder.embed_query("Nhiệm vụ trọng tâm năm 2018 là gì?")
    except Exception as exc:  # every failure is the check's answer, printed
        return Check("model", False, f"{settings.embedding_model} does not load: {exc}")
    return Check("model", True, f"{settings.embedding_model} loads ({len(vector)} dimensions)")


def checks(settings: BotSettings) -> list[Callable[[BotSettings], Check]]:
    """The checks that apply to `settings`, in the order they run."""
    run: list[Callable[[BotSettings], Check]] = [check_token]
    if settings.chroma_url:
        run.append(check_chroma_server)
    return [*run, check_index, check_model]


def main(settings: BotSettings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    failed = 0
    for check in checks(settings):
        result = check(settings)
        failed += not result.ok
        print(result.line(), file=out, flush=True)
    print("all checks passed" if not failed else f"{failed} check(s) failed", file=out)
    return 1 if failed else 0


def _redacted(text: str, token: str) -> str:
    return token_pattern(token).sub("<token>", text)
