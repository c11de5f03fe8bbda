"""`python -m retrieval search "câu hỏi"`: the passages that best match a question."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from rich.console import Console
from rich.markup import escape

from retrieval.embeddings import ModelUnavailableError, load_embedder
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
    args = parser.parse_args(argv)

    settings = Settings()
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
        out.print(f"    [dim]{escape(meta)} · paragraph {hit.paragraph + 1}, "
                  f"chars {hit.start}-{hit.end}[/]")
        out.print(f"    {escape(hit.text)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
