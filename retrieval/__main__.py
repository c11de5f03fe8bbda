"""`python -m retrieval search "câu hỏi"`: the passages that best match a question."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from retrieval.embeddings import ModelUnavailableError, load_embedder
from retrieval.evaluate import evaluate
from retrieval.logs import setup_logging
from retrieval.search import search
from retrieval.settings import Settings
from retrieval.store import Index, StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m retrieval")
    commands = parser.add_subparsers(dest="command", required=True)
    p_search = commands.add_parser("search", help="print the passages that best match a question")
    p_search.add_argument("question")
    p_search.add_argument("-k", type=int, default=None, help="how many passages (SEARCH_TOP_K)")
    p_search.add_argument("--json", action="store_true", help="print JSON instead of text")
    p_eval = commands.add_parser(
        "eval", help="measure retrieval on a question set (passages.jsonl + questions.jsonl)"
    )
    p_eval.add_argument("--passages", type=Path, required=True)
    p_eval.add_argument("--questions", type=Path, required=True)
    p_eval.add_argument("--k", type=int, default=10)
    p_eval.add_argument(
        "--chunk-chars",
        default=None,
        help="comma-separated CHUNK_TARGET_CHARS values to compare, one row each",
    )
    p_eval.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    settings = Settings()
    if args.command == "eval":
        setup_logging("WARNING")
        return _eval(settings, args)
    setup_logging(settings.log_level)
    out = Console()
    err = Console(stderr=True)
    try:
        embedder = load_embedder(settings)
        store = Index(settings).open_for(embedder.identity)
        hits = search(args.question, embedder, store, args.k or settings.search_top_k)
    except (StoreError, ModelUnavailableError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 2
    if args.json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        err.print("No passages found. Is the index empty? Run `python -m ingest` first.")
        return 1
    out.print(f"[bold]{escape(args.question)}[/]\n")
    for n, hit in enumerate(hits, 1):
        meta = " · ".join(x for x in (hit.source, hit.published, hit.url or hit.origin) if x)
        out.print(f"[bold cyan][{n}][/] [bold]{escape(hit.title)}[/]  (score {hit.score:.3f})")
        out.print(
            f"    [dim]{escape(meta)} · paragraph {hit.paragraph + 1}, "
            f"chars {hit.start}-{hit.end}[/]"
        )
        out.print(f"    {escape(hit.text)}\n")
    return 0


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from rich.table import Table

    sizes = (
        [int(x) for x in args.chunk_chars.split(",")]
        if args.chunk_chars
        else [settings.chunk_target_chars]
    )
    embedder = load_embedder(settings)
    rows = []
    for size in sizes:
        local = settings.model_copy(update={"chunk_target_chars": size})
        metrics = evaluate(local, embedder, args.passages, args.questions, k=args.k)
        rows.append((size, metrics))
    if args.json:
        if len(rows) == 1:
            print(json.dumps({"questions": rows[0][1].as_dict()}, ensure_ascii=False))
        else:
            by_size = {str(size): m.as_dict() for size, m in rows}
            print(json.dumps({"questions_by_chunk_chars": by_size}, ensure_ascii=False))
        return 0
    table = Table(title=f"Retrieval on {args.questions} (dense, k={args.k})")
    for col in (
        "chunk chars",
        "chunks",
        "n",
        "hit@1",
        "hit@3",
        "hit@5",
        "MRR@10",
        "p50 ms",
        "p95 ms",
    ):
        table.add_column(col, justify="right")
    for size, m in rows:
        table.add_row(
            str(size),
            str(m.chunks),
            str(m.n),
            f"{m.hit_at_1:.3f}",
            f"{m.hit_at_3:.3f}",
            f"{m.hit_at_5:.3f}",
            f"{m.mrr_at_10:.3f}",
            f"{m.latency_p50_ms:.1f}",
            f"{m.latency_p95_ms:.1f}",
        )
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
