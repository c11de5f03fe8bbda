"""Fixtures for the retrieval tests: a scripted local LLM server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.llm_server import LLMServer


@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    """An OpenAI-compatible (and Ollama) server on 127.0.0.1, scripted by the test."""
    with LLMServer() as server:
        yield server
