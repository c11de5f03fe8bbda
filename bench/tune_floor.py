"""Measure the relevance floor: answerable vs unanswerable questions, same run.

Half of the xquad_vi paragraphs (even pids) are indexed together with the sample article;
questions about the other half have no answer in the index (hard negatives: same domain,
same style). For each floor, print how many answerable questions still get an answer and
how many unanswerable ones are declined.

    python bench/tune_floor.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.pipeline import run
from retrieval.cli.evaluate import load_questions
from retrieval.embedding.factory import load_embedder
from retrieval.services import build_services
from retrieval.settings import Settings

EVAL = REPO.parent / "shared" / "eval"


def main() -> None:
    passages = [json.loads(x) for x in (EVAL / "xquad_vi" / "passages.jsonl").open()]
    indexed = {p["pid"] for i, p in enumerate(passages) if i % 2 == 0}
    questions = load_questions(EVAL / "xquad_vi" / "questions.jsonl")
    questions += load_questions(EVAL / "seed" / "questions.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        half = Path(tmp) / "half.jsonl"
        half.write_text(
            "".join(
                json.dumps(p, ensure_ascii=False) + "\n" for p in passages if p["pid"] in indexed
            ),
            encoding="utf-8",
        )
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            chroma_path=Path(tmp) / "chroma",
            model_cache_dir=REPO / "data" / "models",
        )
        embedder = load_embedder(settings)
        run(settings, embedder, [str(half), str(EVAL / "seed" / "passages.jsonl")])
        services = build_services(settings, embedder)
        rows = []
        for q in questions:
            result = services.retriever.search(q.question, settings.search_top_k)
            best = max(result.dense_scores.values(), default=0.0)
            answerable = q.pid in indexed or q.pid.startswith("seed")
            rows.append((best, answerable))
        services.close()
    pos = [b for b, a in rows if a]
    neg = [b for b, a in rows if not a]
    print(f"{len(pos)} answerable, {len(neg)} unanswerable questions")
    header = ("floor", "answered (answerable)", "declined (unanswerable)", "accuracy")
    print(f"{header[0]:>6} {header[1]:>22} {header[2]:>24} {header[3]:>9}")
    for floor in [x / 100 for x in range(76, 91)]:
        kept = sum(b >= floor for b in pos) / len(pos)
        declined = sum(b < floor for b in neg) / len(neg)
        acc = (sum(b >= floor for b in pos) + sum(b < floor for b in neg)) / len(rows)
        print(f"{floor:>6.2f} {kept:>22.3f} {declined:>24.3f} {acc:>9.3f}")


if __name__ == "__main__":
    main()
