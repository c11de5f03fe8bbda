"""hỏi đáp's question-answering engine: Vietnamese text, embeddings, the Chroma index,
hybrid search, cited answers and follow-up questions.

The public API is the few names below; everything else is importable but may move.

    from retrieval import Settings, build_services, ask, Conversation

    services = build_services(Settings())
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", Conversation(), services)
    print(answer.text, [c.title for c in answer.citations])

Layers, bottom to top (each imports only those below it; `tests/test_architecture.py`
keeps it so): `settings` -> `language` -> `embedding` -> `index` -> `search` ->
`answers` -> `dialogue` -> `services` -> `ask` -> `cli`.

The names are loaded on first use (PEP 562), so `import retrieval` (and importing any
submodule, which imports this package first) loads none of Chroma, LangChain or the
model libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Citation", "Conversation", "Services", "Settings", "ask", "build_services"]

_WHERE = {
    "Answer": "retrieval.answers.types",
    "Citation": "retrieval.answers.types",
    "Conversation": "retrieval.dialogue.conversation",
    "Services": "retrieval.services",
    "build_services": "retrieval.services",
    "Settings": "retrieval.settings",
    "ask": "retrieval.ask",
}

if TYPE_CHECKING:
    from retrieval.answers.types import Answer, Citation
    from retrieval.ask import ask
    from retrieval.dialogue.conversation import Conversation
    from retrieval.services import Services, build_services
    from retrieval.settings import Settings


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
