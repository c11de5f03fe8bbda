"""Replay `ask` on a small question set over cached search results.

    python bench/dated_replay.py cache [--set NAME]   # index the set once, cache each search
    python bench/dated_replay.py [--set NAME] [-v]    # replay ask(): answer-hit, short, misses

NAME is one of SETS: `dated` (tests/data/dated: yearly articles, "năm nay", datelines; the
default), `legal`, `regulations` and `staff` (bench/corpus), `seed` (../shared/eval/seed).
`cache` ingests the set's passages into a temporary index (TODAY 2026-01-20, as the dated
eval is run) and stores each question's HybridResult (k=10) in /tmp/replay_NAME.json. The
replay runs the real `ask` with a Services stand-in whose `search` returns the cached result, so
everything after search (time weighing, one edition, the extractive answer, the gate, the
source date) is the product's own: seconds, not a minute. answer-hit and short EM/F1 are
`retrieval eval`'s: the answer is given and its first sentence holds a gold answer; the
phrase that answers (or that first sentence) against the gold answers.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETS = {
    "dated": REPO / "tests" / "data" / "dated",
    "legal": REPO / "bench" / "corpus" / "legal",
    "regulations": REPO / "bench" / "corpus" / "regulations",
    "staff": REPO / "bench" / "corpus" / "staff",
    "news": REPO / "bench" / "corpus" / "news",
    "seed": REPO.parent / "shared" / "eval" / "seed",
}


def cache_path(name: str) -> Path:
    return Path(f"/tmp/replay_{name}.json")


TODAY = date(2026, 1, 20)
K = 10


def build_cache(name: str) -> None:
    from ingest.pipeline import run
    from retrieval.cli.evaluate import load_questions
    from retrieval.embedding.factory import load_embedder
    from retrieval.services import build_services
    from retrieval.settings import Settings

    questions = load_questions(SETS[name] / "questions.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            chroma_path=Path(tmp) / "chroma",
            model_cache_dir=REPO / "data" / "models",
            today=TODAY,
        )
        embedder = load_embedder(settings)
        run(settings, embedder, [str(SETS[name] / "passages.jsonl")])
        services = build_services(settings, embedder)
        rows = []
        for q in questions:
            result = services.search(q.question, max(K, settings.search_top_k))
            rows.append(
                {
                    "qid": q.qid,
                    "question": q.question,
                    "pid": q.pid,
                    "answers": list(q.answers),
                    "hits": [asdict(h) for h in result.hits],
                    "dense": result.dense_scores,
                    "lexical": result.lexical_scores,
                    "sentences": result.sentence_cosines,
                    "term_idf": result.term_idf,
                }
            )
        services.close()
    cache_path(name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(len(rows), "questions cached in", cache_path(name), file=sys.stderr)


class _Cached:
    """What `ask` uses of Services: settings, chat_model and a search over the cache."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        from retrieval.settings import Settings

        self.settings = Settings(_env_file=None, today=TODAY)  # type: ignore[call-arg]
        self.chat_model = None
        self._rows = {r["question"]: r for r in rows}

    def search(self, question: str, k: int, **_: object) -> Any:
        from retrieval.index.chunks import Hit
        from retrieval.search.hybrid import HybridResult

        row = self._rows[question]
        return HybridResult(
            hits=[Hit(**h) for h in row["hits"]][:k],
            dense_scores=row["dense"],
            lexical_scores=row["lexical"],
            sentence_cosines={cid: tuple(v) for cid, v in row.get("sentences", {}).items()},
            term_idf=row.get("term_idf", {}),
        )


def replay(name: str, verbose: bool) -> None:
    from retrieval.ask import ask
    from retrieval.cli.evaluate import _norm, first_sentence, key_phrase
    from retrieval.cli.phrase_match import exact_match, token_f1

    rows = json.loads(cache_path(name).read_text(encoding="utf-8"))
    services = _Cached(rows)
    hit = declined = 0
    em = f1 = 0.0
    for row in rows:
        answer = ask(row["question"], None, services, k=K)  # type: ignore[arg-type]
        first = _norm(first_sentence(answer.text))
        ok = answer.found and any(_norm(a) in first for a in row["answers"])
        hit += ok
        declined += not answer.found
        phrase = key_phrase(answer)
        em += exact_match(phrase, row["answers"])
        f1 += token_f1(phrase, row["answers"])
        if verbose and not ok:
            state = f"declined ({answer.confidence:.2f})" if not answer.found else "wrong"
            print(f"- {row['qid']}: {row['question']}  [{state}]")
            print(f"    gold: {row['answers'][0]}")
            print(f"    got:  {first[:200]}")
    n = len(rows)
    print(
        f"{name} set: n={n} answer_hit={hit / n:.3f} short_em={em / n:.3f} "
        f"short_f1={f1 / n:.3f} declined={declined / n:.3f}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = args[args.index("--set") + 1] if "--set" in args else "dated"
    if chosen not in SETS:
        sys.exit(f"unknown set {chosen!r}: one of {', '.join(SETS)}")
    if args[:1] == ["cache"]:
        build_cache(chosen)
    else:
        replay(chosen, verbose="-v" in args)
