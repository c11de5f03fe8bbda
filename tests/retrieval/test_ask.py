"""The one entry point, end to end: real model, real Chroma, the sample article."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.ask import NOT_FOUND, ask
from retrieval.conversation import Conversation
from retrieval.embeddings import SentenceTransformerEmbedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _rows(name: str) -> list[dict]:
    path = SEED / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture
def services(settings: Settings, embedder: SentenceTransformerEmbedder) -> Iterator[Services]:
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield services
    services.close()


def _in_top(answer_hits: tuple, answers: list[dict], k: int = 3) -> bool:
    return any(_norm(a["text"]) in _norm(h.text) for h in answer_hits[:k] for a in answers)


def test_seed_questions_find_their_passage(services: Services) -> None:
    for row in _rows("questions.jsonl"):
        answer = ask(row["question"], None, services)
        assert _in_top(answer.hits, row["answers"]), row["question"]
        assert answer.found, row["question"]


def test_seed_follow_ups_find_their_passage(services: Services) -> None:
    for dialogue in _rows("dialogues.jsonl"):
        conversation = Conversation()
        for turn in dialogue["turns"]:
            answer = ask(turn["question"], conversation, services)
            assert _in_top(answer.hits, turn["answers"]), (turn["question"], answer.standalone)
        assert len(conversation.turns) == len(dialogue["turns"])
        restored = Conversation.from_json(conversation.to_json())
        assert restored.turns == conversation.turns


def test_answer_quotes_and_cites(services: Services) -> None:
    answer = ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, services)
    first = answer.text.split("[1]")[0]
    assert "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp nhà nước" in first
    assert answer.mode == "extractive" and answer.citations[0].n == 1
    cited = answer.citations[0]
    article = services.retriever.store.article_texts([cited.article_id])[cited.article_id]
    assert article.text[cited.start : cited.end] == cited.quote


def test_unaccented_question_finds_the_same_passage(services: Services) -> None:
    answer = ask("nhiem vu trong tam nam 2018 la gi", None, services)
    assert _in_top(
        answer.hits, [{"text": "nghiên cứu đề xuất mô hình tổ chức đảng ở các doanh nghiệp"}]
    )


def test_unrelated_question_is_declined(services: Services) -> None:
    answer = ask("Giá vé máy bay từ Hà Nội đi Tokyo tháng 12 là bao nhiêu?", None, services)
    assert not answer.found and answer.text == NOT_FOUND and not answer.citations
