"""Retrieval and answer evaluation on question sets in the GUIDE's format.

The passages are ingested into a temporary index, every question is asked through the
product's own entry point (`retrieval.ask.ask`), and a retrieved chunk is a hit when it
comes from the gold article and contains one of the gold answer texts (compared after NFC
and whitespace normalisation). With baselines, BM25 alone, dense alone and a plain
LangChain pipeline are measured in the same run on the same questions.

What the reader sees is measured too: `answer_hit` (the answer's first sentence holds a
gold answer), and `short_em` / `short_f1`, exact match and token F1 of the answer's key
phrase against the gold answers (`key_phrase`, `phrase_match`). With `unanswerable=True`
only a part of the articles is indexed and the questions about the others must be
declined (`unanswerable.py`): the report's `questions` then covers the answerable
questions, and a top-level `unanswerable` object the protocol.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from retrieval.answers.types import Answer
from retrieval.ask import ask
from retrieval.cli.phrase_match import exact_match, token_f1
from retrieval.cli.unanswerable import gate_score, split_passages, summary
from retrieval.dialogue.conversation import Conversation
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Hit
from retrieval.index.store import Store
from retrieval.services import Services, build_services
from retrieval.settings import Settings


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    pid: str
    answers: tuple[str, ...]
    # The day the question is asked on, when the set says (its relative times, "năm
    # ngoái", count from it); None: TODAY, else the real date.
    today: date | None = None


@dataclass(frozen=True)
class Retrieved:
    """What a baseline returns per rank: enough to judge a hit."""

    pid: str
    text: str


def load_questions(path: Path) -> list[Question]:
    out = []
    for n, row in enumerate(_jsonl(path)):
        out.append(_question(row, str(row.get("qid", n))))
    return out


def load_dialogues(path: Path) -> list[list[Question]]:
    return [
        [_question(turn, f"{row.get('id', n)}-{i}") for i, turn in enumerate(row["turns"])]
        for n, row in enumerate(_jsonl(path))
    ]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _question(row: dict[str, Any], qid: str) -> Question:
    return Question(
        qid=qid,
        question=row["question"],
        pid=str(row["pid"]),
        answers=tuple(a["text"] for a in row["answers"]),
        today=date.fromisoformat(row["today"]) if row.get("today") else None,
    )


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pid_of(hit: Hit) -> str:
    """Records ingested from a JSONL file keep their id after the '#' of their origin."""
    return hit.origin.rsplit("#", 1)[-1]


def is_hit(item: Retrieved, question: Question) -> bool:
    if item.pid != question.pid:
        return False
    text = _norm(item.text)
    return any(_norm(answer) in text for answer in question.answers)


_MARKER = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")


def first_sentence(answer_text: str) -> str:
    """The answer's first cited sentence: text up to and including its first marker."""
    match = _MARKER.search(answer_text)
    return answer_text[: match.start()] if match else answer_text


def key_phrase(answer: Answer) -> str:
    """What `short_em` / `short_f1` score: the phrase that answers (`Answer.short`) when the
    answer has one, else the answer's first sentence without its [n] markers, so that an
    answer without a phrase is scored on what the reader sees first (a long sentence pays
    for its length in precision), and "" when the answer is declined."""
    if not answer.found:
        return ""
    if answer.short is not None:
        return answer.short.text
    return _MARKER.sub("", first_sentence(answer.text)).strip()


# --- metrics ---------------------------------------------------------------------------


def retrieval_metrics(ranks: Sequence[int | None], latencies_ms: Sequence[float]) -> dict[str, Any]:
    n = max(len(ranks), 1)

    def hit_at(k: int) -> float:
        return round(sum(1 for r in ranks if r is not None and r <= k) / n, 4)

    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    lat = sorted(latencies_ms) or [0.0]
    return {
        "n": len(ranks),
        "hit@1": hit_at(1),
        "hit@3": hit_at(3),
        "hit@5": hit_at(5),
        "mrr@10": round(mrr, 4),
        "latency_ms": {
            "p50": round(statistics.median(lat), 1),
            "p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1),
        },
    }


def _rank(items: Sequence[Retrieved], question: Question) -> int | None:
    return next((i for i, item in enumerate(items, 1) if is_hit(item, question)), None)


# --- the harness -----------------------------------------------------------------------


def evaluate(
    settings: Settings,
    embedder: Embedder,
    passages: Path,
    questions: Path,
    *,
    dialogues: Path | None = None,
    k: int = 10,
    baselines: bool = False,
    unanswerable: bool = False,
    index_fraction: float = 0.5,
    seed: int = 0,
) -> dict[str, Any]:
    """Ingest `passages` into a temporary index and ask every question.

    With `unanswerable`, only the passages `split_passages(pids, index_fraction, seed)`
    picks are ingested; questions about them are the answerable ones (`questions`,
    dialogues and baselines use those), questions about the rest must be declined.
    """
    # The harness drives ingestion the way an admin would; imported here so that the
    # retrieval package itself does not depend on ingest.
    from ingest.pipeline import run

    qs = load_questions(questions)
    with tempfile.TemporaryDirectory(prefix="hoidap-eval-") as tmp:
        protocol: dict[str, Any] = {}
        others: list[Question] = []
        if unanswerable:
            rows = _jsonl(passages)
            indexed = split_passages((str(r["pid"]) for r in rows), index_fraction, seed)
            # Same file name in a folder of its own: ingestion sees the file as it would.
            passages = Path(tmp) / "indexed" / passages.name
            passages.parent.mkdir()
            passages.write_text(
                "".join(
                    json.dumps(r, ensure_ascii=False) + "\n"
                    for r in rows
                    if str(r["pid"]) in indexed
                ),
                encoding="utf-8",
            )
            others = [q for q in qs if q.pid not in indexed]
            qs = [q for q in qs if q.pid in indexed]
            protocol = {
                "index_fraction": index_fraction,
                "seed": seed,
                "n_passages": len(rows),
                "n_indexed": len(indexed),
            }
        local = settings.model_copy(update={"chroma_path": Path(tmp) / "chroma"})
        report = run(local, embedder, [str(passages)])
        if report.exit_code:
            raise RuntimeError(f"could not ingest {passages}: {report.failed}")
        services = build_services(local, embedder)
        try:
            asked = [_ask_one(services, q, k, score=unanswerable) for q in qs]
            result: dict[str, Any] = {"questions": question_metrics(asked)}
            if unanswerable:
                declined = [_ask_one(services, q, k, score=True) for q in others]
                result["unanswerable"] = protocol | summary(
                    [a.record() for a in asked], [a.record() for a in declined]
                )
            if dialogues is not None:
                result["dialogues"] = _dialogues(services, load_dialogues(dialogues))
            if baselines:
                store = services.retriever.store
                result["baselines"] = {
                    "bm25": _baseline(qs, k, lambda q: _bm25(services, store, q, k)),
                    "dense": _baseline(qs, k, lambda q: _dense(embedder, store, q, k)),
                    "langchain": _langchain_baseline(local, passages, qs, k),
                }
        finally:
            services.close()
    return result


@dataclass(frozen=True)
class Asked:
    """One question asked through `ask`: what the metrics need."""

    rank: int | None  # of the first retrieved hit, 1-based
    latency_ms: float
    found: bool
    answer_hit: bool  # the first sentence holds a gold answer
    short_em: float
    short_f1: float
    has_short: bool  # the answer marked a phrase (Answer.short)
    score: float  # the decline gate's score (`gate_score`), when asked for; else 0

    def record(self) -> dict[str, Any]:
        return {"found": self.found, "answer_hit": self.answer_hit, "score": self.score}


def _ask_one(services: Services, q: Question, k: int, *, score: bool) -> Asked:
    t0 = time.perf_counter()
    answer = ask(q.question, None, services, k=k, today=q.today)
    latency = (time.perf_counter() - t0) * 1000
    phrase = key_phrase(answer)
    first = _norm(first_sentence(answer.text))
    return Asked(
        rank=_rank([Retrieved(pid_of(h), h.text) for h in answer.hits], q),
        latency_ms=latency,
        found=answer.found,
        answer_hit=answer.found and any(_norm(a) in first for a in q.answers),
        short_em=exact_match(phrase, q.answers),
        short_f1=token_f1(phrase, q.answers),
        has_short=answer.found and answer.short is not None,
        score=gate_score(answer, services, k) if score else 0.0,
    )


def question_metrics(asked: Sequence[Asked]) -> dict[str, Any]:
    """The `questions` object: retrieval metrics, then what the reader sees."""
    metrics = retrieval_metrics([a.rank for a in asked], [a.latency_ms for a in asked])
    n = max(len(asked), 1)
    metrics["answer_hit"] = round(sum(a.answer_hit for a in asked) / n, 4)
    metrics["no_answer_rate"] = round(sum(not a.found for a in asked) / n, 4)
    metrics["short_em"] = round(sum(a.short_em for a in asked) / n, 4)
    metrics["short_f1"] = round(sum(a.short_f1 for a in asked) / n, 4)
    # How many answers marked a phrase; the others were scored on their first sentence.
    metrics["short_marked"] = round(sum(a.has_short for a in asked) / n, 4)
    return metrics


def _dialogues(services: Services, dialogues: Sequence[Sequence[Question]]) -> dict[str, Any]:
    followups, hits = 0, 0
    rewritten: list[dict[str, str]] = []
    for turns in dialogues:
        conversation = Conversation()
        for i, q in enumerate(turns):
            answer = ask(q.question, conversation, services, today=q.today)
            if i == 0:
                continue
            followups += 1
            rank = _rank([Retrieved(pid_of(h), h.text) for h in answer.hits], q)
            hits += rank is not None and rank <= 3
            rewritten.append({"question": q.question, "standalone": answer.standalone})
    return {
        "n_followups": followups,
        "followup_hit@3": round(hits / max(followups, 1), 4),
        "standalone": rewritten,
    }


def _baseline(
    qs: Sequence[Question], k: int, search: Callable[[str], list[Retrieved]]
) -> dict[str, Any]:
    ranks, latencies = [], []
    for q in qs:
        t0 = time.perf_counter()
        items = search(q.question)
        latencies.append((time.perf_counter() - t0) * 1000)
        ranks.append(_rank(items[:k], q))
    return retrieval_metrics(ranks, latencies)


def _dense(embedder: Embedder, store: Store, question: str, k: int) -> list[Retrieved]:
    hits = store.search(embedder.embed_queries([question])[0], k)
    return [Retrieved(pid_of(h), h.text) for h in hits]


def _bm25(services: Services, store: Store, question: str, k: int) -> list[Retrieved]:
    ids = [cid for cid, _ in services.retriever.lexical.search(question, k)]
    if not ids:
        return []
    got = store.chunks.get(ids=ids, include=["metadatas", "documents"])
    found = {
        cid: Retrieved(str(meta.get("origin", "")).rsplit("#", 1)[-1], doc or "")
        for cid, meta, doc in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
    }
    return [found[cid] for cid in ids if cid in found]


def _langchain_baseline(
    settings: Settings, passages: Path, qs: Sequence[Question], k: int
) -> dict[str, Any]:
    """RecursiveCharacterTextSplitter(1000, 200) + Chroma + dense search, same model."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from retrieval.embedding.factory import resolve_model_path

    embeddings = HuggingFaceEmbeddings(
        model_name=resolve_model_path(settings),
        model_kwargs={"device": settings.embedding_device, "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "prompt": settings.passage_prefix()},
        query_encode_kwargs={"normalize_embeddings": True, "prompt": settings.query_prefix()},
    )
    docs = [
        Document(page_content=row["text"], metadata={"pid": str(row["pid"])})
        for row in _jsonl(passages)
    ]
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    with tempfile.TemporaryDirectory(prefix="hoidap-eval-lc-") as tmp:
        db = Chroma.from_documents(
            chunks,
            embeddings,
            ids=[f"c{i}" for i in range(len(chunks))],
            persist_directory=tmp,
            collection_metadata={"hnsw:space": "cosine"},
            client_settings=ChromaSettings(
                anonymized_telemetry=False, is_persistent=True, persist_directory=tmp
            ),
        )

        def search(question: str) -> list[Retrieved]:
            return [
                Retrieved(str(d.metadata["pid"]), d.page_content)
                for d in db.similarity_search(question, k=k)
            ]

        return _baseline(qs, k, search)
