"""Every answer of the blind sets, question by question, and what changed between two runs.

    python bench/blind_answers.py run OUT [--sets hr dated6 …]   # all sets by default
    python bench/blind_answers.py compare BEFORE AFTER            # per question, then totals

`run` ingests each set of bench/corpus/blind into its own index (kept under
data/bench/blind/<set>, reused while its passages and the ingestion code are unchanged) and
asks every question of `questions.jsonl` and `unanswerable.jsonl` on its own `today`, else
the set's TODAY
(bench/corpus/blind/README.md). It writes OUT/<set>.json: for each question whether it was
answered, the first sentence, the phrase that answers, and as `retrieval eval` scores them
`hit` (a gold answer in the first sentence) and `f1` (the phrase's token F1). `compare`
prints each question whose hit, F1 or answered/declined changed ("BETTER"/"WORSE"), then
per-set and total answer-hit, short F1, answerable declined and unanswerable declined.

Run it at the commit before a change and after: the sets were written blind to the code,
so the per-question differences say what a change does to documents no rule was written
for (bench/corpus/blind/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BLIND = REPO / "bench" / "corpus" / "blind"
# Each set's TODAY (bench/corpus/blind/README.md); None: every question has its own.
TODAY: dict[str, str | None] = {
    "news": "2024-12-20", "legal": "2025-01-10", "rules": "2025-03-01", "dated": "2025-03-01",
    "plans": "2025-03-15", "decrees": "2025-04-01", "news2": "2025-06-30",
    "dated2": "2024-12-15", "meetings": "2025-03-20", "regs2": "2025-05-01",
    "faq": "2025-03-10", "dated3": None, "news3": "2025-10-15", "legal2": "2025-04-15",
    "news4": "2025-11-20", "dated4": None, "notices": "2025-01-20", "voters": "2025-02-10",
    "legal3": "2025-06-01", "dated5": None, "news5": "2025-10-30", "regs3": "2025-03-15",
    "reports": "2025-05-10", "hr": "2025-09-15", "dated6": None, "guides": "2025-04-20",
    "news6": "2025-07-25", "legal4": "2025-08-01", "conclusions": "2025-06-20",
    "dated7": None, "news7": "2025-10-10", "regs4": "2025-05-15", "legal5": "2025-07-01",
    "longdocs": "2025-12-15", "dated8": None, "news8": "2025-11-05",
    "legal6": "2025-09-01", "regs5": "2025-04-10", "dated9": None, "news9": "2025-11-25",
    "legal7": "2025-10-01", "regs6": "2025-06-01", "dated10": None, "news10": "2025-12-01",
    "legal8": "2025-11-01", "letters": "2025-09-20", "dated11": None, "news11": "2025-12-22",
    "regs7": "2025-10-15", "faq2": "2025-08-20", "dated12": None, "news12": "2025-12-20",
    "minutes2": "2025-11-10", "legal9": "2025-11-20", "dated13": None, "hr3": "2025-10-01",
    "regs8": "2025-09-25", "news13": "2025-12-28", "procedures": "2025-11-15",
    "contracts": "2025-10-20", "dated14": None, "legal10": "2025-12-05",
    "reports2": "2025-12-10", "faq3": "2025-11-25", "regs9": "2025-10-05", "dated15": None,
    "dated16": None, "minutes3": "2025-12-15", "news14": "2025-12-30", "plans2": "2025-11-28",
    "notices2": "2025-12-18", "interviews": "2026-01-15", "tenders": "2025-12-20",
    "dated17": None, "awards": "2025-12-28", "health": "2025-11-25", "budget": "2025-12-22",
    "inspections": "2025-12-01", "agri": "2025-11-20", "dated18": None, "land": "2025-11-28",
    "transport": "2025-12-10",
}  # fmt: skip


def _ingest_code() -> bytes:
    """The source that decides what an index holds: the project's modules that ingestion
    imports (loading, cleaning, sentences, chunks and their places, the search snapshot),
    read in a fresh interpreter. An index built by other code is stale, and one built
    before a change to the sentence splitter mixes the old chunks with the new answers; a
    change to what only reads an index (the answers, time in ranking) keeps it."""
    listing = subprocess.run(
        [sys.executable, "-c", _IMPORTED, str(REPO)], capture_output=True, text=True, check=True
    )
    sources = sorted(Path(line) for line in listing.stdout.splitlines())
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).digest()


# Run in a fresh interpreter: the repository's own modules that ingestion imports.
_IMPORTED = """
import sys
from pathlib import Path
repo = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(repo))
import ingest.pipeline
for module in list(sys.modules.values()):
    path = Path(getattr(module, "__file__", None) or "/").resolve()
    if path.is_relative_to(repo / "ingest") or path.is_relative_to(repo / "retrieval"):
        print(path)
"""


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def questions_of(name: str) -> Iterator[tuple[bool, dict[str, Any], date | None]]:
    """Set `name`'s questions, answerable first: whether each is, the question, and the
    day it is asked on (its own `today`; None: the set's TODAY)."""
    for answerable, file in ((True, "questions.jsonl"), (False, "unanswerable.jsonl")):
        for q in _rows(BLIND / name / file):
            yield answerable, q, date.fromisoformat(q["today"]) if q.get("today") else None


def set_services(name: str, base: Any, embedder: Any, code: bytes) -> Any:
    """The services answering from set `name`'s index (ingested into data/bench/blind
    first when no index of its passages and this ingestion `code` is there), asked on the
    set's TODAY."""
    from ingest.pipeline import run as ingest
    from retrieval.services import build_services

    passages = BLIND / name / "passages.jsonl"
    digest = hashlib.sha256(passages.read_bytes() + code).hexdigest()[:12]
    today = TODAY.get(name)
    settings = base.model_copy(
        update={
            "chroma_path": REPO / "data" / "bench" / "blind" / f"{name}-{digest}",
            "today": date.fromisoformat(today) if today else None,
        }
    )
    if not settings.chroma_path.exists():
        report = ingest(settings, embedder, [str(passages)])
        if report.exit_code:
            raise SystemExit(f"could not ingest {passages}: {report.failed}")
    return build_services(settings, embedder)


def run(out: Path, sets: list[str]) -> None:
    from retrieval.ask import ask
    from retrieval.cli.evaluate import _norm, first_sentence, key_phrase
    from retrieval.cli.phrase_match import token_f1
    from retrieval.embedding.factory import load_embedder
    from retrieval.settings import Settings

    out.mkdir(parents=True, exist_ok=True)
    base = Settings()
    embedder = load_embedder(base)
    code = _ingest_code()
    for name in sets:
        services = set_services(name, base, embedder, code)
        rows = []
        try:
            for answerable, q, asked_on in questions_of(name):
                answer = ask(q["question"], None, services, today=asked_on)
                gold = [a["text"] for a in q.get("answers", [])]
                first = first_sentence(answer.text) if answer.found else ""
                rows.append(
                    {
                        "qid": q["qid"],
                        "question": q["question"],
                        "answerable": answerable,
                        "found": answer.found,
                        "first": first,
                        "short": answer.short.text if answer.found and answer.short else None,
                        "gold": gold,
                        "hit": answer.found and any(_norm(g) in _norm(first) for g in gold),
                        "f1": token_f1(key_phrase(answer), gold) if gold else 0.0,
                    }
                )
        finally:
            services.close()
        (out / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
        print(_line(name, rows), flush=True)


def _line(name: str, rows: list[dict[str, Any]]) -> str:
    answerable = [r for r in rows if r["answerable"]]
    others = [r for r in rows if not r["answerable"]]
    n = max(len(answerable), 1)
    return (
        f"{name:10s} answer-hit {sum(r['hit'] for r in answerable) / n:.3f}  "
        f"short F1 {sum(r['f1'] for r in answerable) / n:.3f}  "
        f"answerable declined {sum(not r['found'] for r in answerable)}/{len(answerable)}  "
        f"unanswerable declined {sum(not r['found'] for r in others)}/{len(others)}"
    )


def compare(before: Path, after: Path) -> None:
    totals: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    lines = []
    for path in sorted(after.glob("*.json")):
        old_path = before / path.name
        if not old_path.exists():
            continue
        old = {r["qid"]: r for r in json.loads(old_path.read_text("utf-8"))}
        new = json.loads(path.read_text("utf-8"))
        totals["before"] += old.values()
        totals["after"] += new
        for r in new:
            was = old.get(r["qid"])
            if was is None:
                continue
            if r["answerable"]:
                if (was["hit"], round(was["f1"], 2), was["found"]) == (
                    r["hit"],
                    round(r["f1"], 2),
                    r["found"],
                ):
                    continue
                tag = "BETTER" if (r["hit"], r["f1"]) > (was["hit"], was["f1"]) else "WORSE"
                print(f"{tag} {path.stem}/{r['qid']} {r['question']}  (gold {r['gold'][0]!r})")
                for label, row in (("was", was), ("now", r)):
                    said = row["first"][:160] if row["found"] else "declined"
                    print(f"   {label} [{row['hit']:d} {row['f1']:.2f}] {said}")
            elif was["found"] != r["found"]:
                tag = "BETTER" if not r["found"] else "WORSE"
                said = r["first"][:160] if r["found"] else "declined"
                print(f"{tag} {path.stem}/{r['qid']} (unanswerable) {r['question']}\n   now {said}")
        lines.append(f"{_line(path.stem, list(old.values()))}\n{'':10s} -> {_line('', new)[10:]}")
    print("\n".join(lines))
    print(f"{_line('all', totals['before'])}\n{'':10s} -> {_line('', totals['after'])[10:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    asking = commands.add_parser("run")
    asking.add_argument("out", type=Path)
    asking.add_argument("--sets", nargs="+", default=list(TODAY))
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.out, args.sets)
    else:
        compare(args.before, args.after)


if __name__ == "__main__":
    main()
