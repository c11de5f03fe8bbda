"""Fixtures shared by the bot's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.telegram_server import TelegramServer


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    server = TelegramServer()
    await server.start()
    yield server
    await server.stop()
