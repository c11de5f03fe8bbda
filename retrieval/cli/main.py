"""Command line: `python -m retrieval {search,ask,chat,eval} ...`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from retrieval.cli.answer_output import answer_json, print_answer
from retrieval.cli.console import console
from retrieval.embedding.base import ModelUnavailableError
from retrieval.embedding.factory import load_embedder
from retrieval.index.errors import StoreError
from retrieval.index.scopes import AccessError, load_policy
from retrieval.language.timeexpr import Period, published_period
from retrieval.logs import setup_logging
from retrieval.settings import Settings


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; `settings` is the process's settings object when a caller (the
    bot's console mode) has built it already, else they are read here, once."""
    args = _parser().parse_args(argv)
    settings = settings if settings is not None else Settings()
    setup_logging("WARNING" if args.command in ("eval", "chat") else settings.log_level)
    err = console(stderr=True)
    try:
        if args.command == "eval":
            return _eval(settings, args)
        if args.command == "search":
            return _search(settings, args)
        return _ask(settings, args)
    except (StoreError, ModelUnavailableError, AccessError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("search", help="print the passages that best match a question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="how many passages (SEARCH_TOP_K)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    _date_window(p)
    _scope_option(p)
    p = commands.add_parser("ask", help="answer a question, with numbered sources")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    _date_window(p)
    _scope_option(p)
    p = commands.add_parser("chat", help="a conversation in the terminal (follow-ups work)")
    _scope_option(p)
    p = commands.add_parser("eval", help="measure retrieval and answers on a question set")
    p.add_argument("--passages", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--dialogues", type=Path, default=None)
    p.add_argument("--k", type=int, default=10)
    p.add_argument(
        "--baselines", action="store_true", help="also BM25 alone, dense alone, LangChain"
    )
    p.add_argument(
        "--unanswerable",
        action="store_true",
        help="index only part of the articles; questions about the others must be declined",
    )
    p.add_argument(
        "--index-fraction",
        type=float,
        default=0.5,
        help="with --unanswerable: the fraction of articles indexed (default 0.5)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="with --unanswerable: which articles are indexed (a hash of seed and pid)",
    )
    p.add_argument("--json", action="store_true")
    return parser


def _date_window(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--since",
        type=lambda text: _day(text).start,
        help="only articles published on or after YYYY[-MM[-DD]] (undated ones are left out)",
    )
    p.add_argument(
        "--until",
        type=lambda text: _day(text).end,
        help="only articles published on or before YYYY[-MM[-DD]] (its last day counts)",
    )


def _scope_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scope",
        action="append",
        default=None,
        metavar="NAME",
        help="only articles of this knowledge scope (ACCESS_FILE); repeat for several",
    )


def _scopes(settings: Settings, args: argparse.Namespace) -> frozenset[str] | None:
    """The --scope names (None: every article), each checked against ACCESS_FILE."""
    if not args.scope:
        return None
    known = load_policy(settings.access_file, settings.ingest_sources).scopes
    for name in args.scope:
        if name not in known:
            raise AccessError(
                f"unknown scope {name!r}: {settings.access_file} defines "
                + ", ".join(sorted(known))
            )
    return frozenset(args.scope)


def _day(text: str) -> Period:
    period = published_period(text)
    if period is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return period


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from retrieval.services import build_services

    scopes = _scopes(settings, args)
    services = build_services(settings)
    try:
        k = args.k or settings.search_top_k
        hits = services.search(
            args.question, k, since=args.since, until=args.until, scopes=scopes
        ).hits
    finally:
        services.close()
    if args.json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return 0
    out = console()
    if not hits:
        console(stderr=True).print("No passages found. Is the index empty? Run `python -m ingest`.")
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


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from retrieval.ask import ask
    from retrieval.dialogue.conversation import Conversation
    from retrieval.services import build_services

    out = console()
    scopes = _scopes(settings, args)
    with out.status("Đang tải mô hình…"):
        services = build_services(settings)
    try:
        if args.command == "ask":
            answer = ask(
                args.question, None, services, since=args.since, until=args.until, scopes=scopes
            )
            if args.json:
                print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
            else:
                print_answer(out, answer)
            return 0
        conversation = Conversation()
        out.print("[bold]hỏi đáp[/] — gõ câu hỏi; [dim]/new: hội thoại mới, /quit: thoát[/]")
        while True:
            try:
                question = input("\n> ").strip()
            except (EOFError, KeyboardInterrupt):
                out.print()
                return 0
            if question in ("/quit", "/exit"):
                return 0
            if question == "/new":
                conversation.clear()
                out.print("[dim]Đã bắt đầu hội thoại mới.[/]")
                continue
            if question:
                print_answer(out, ask(question, conversation, services, scopes=scopes))
    finally:
        services.close()


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from retrieval.cli.evaluate import evaluate

    embedder = load_embedder(settings)
    result = evaluate(
        settings,
        embedder,
        args.passages,
        args.questions,
        dialogues=args.dialogues,
        k=args.k,
        baselines=args.baselines,
        unanswerable=args.unanswerable,
        index_fraction=args.index_fraction,
        seed=args.seed,
    )
    if args.json:
        if "dialogues" in result:
            result["dialogues"].pop("standalone", None)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    table = Table(title=f"{args.questions} (k={args.k}, chunk {settings.chunk_target_chars} chars)")
    for col in (
        "method",
        "n",
        "hit@1",
        "hit@3",
        "hit@5",
        "MRR@10",
        "answer-hit",
        "no-answer",
        "short-EM",
        "short-F1",
        "p50 ms",
        "p95 ms",
    ):
        table.add_column(col, justify="right")
    rows = [("hybrid (ours)", result["questions"])]
    rows += [(name, m) for name, m in result.get("baselines", {}).items()]
    for name, m in rows:
        table.add_row(
            name,
            str(m["n"]),
            f"{m['hit@1']:.3f}",
            f"{m['hit@3']:.3f}",
            f"{m['hit@5']:.3f}",
            f"{m['mrr@10']:.3f}",
            f"{m['answer_hit']:.3f}" if "answer_hit" in m else "-",
            f"{m['no_answer_rate']:.3f}" if "no_answer_rate" in m else "-",
            f"{m['short_em']:.3f}" if "short_em" in m else "-",
            f"{m['short_f1']:.3f}" if "short_f1" in m else "-",
            f"{m['latency_ms']['p50']:.1f}",
            f"{m['latency_ms']['p95']:.1f}",
        )
    # A report, not a terminal UI: never squeeze the columns below 130 at a terminal.
    out = console(min_width=130)
    out.print(table)
    if "unanswerable" in result:
        _print_unanswerable(out, result["unanswerable"])
    if "dialogues" in result:
        d = result["dialogues"]
        out.print(f"dialogues: {d['n_followups']} follow-up turns, hit@3 {d['followup_hit@3']:.3f}")
        for row in d["standalone"]:
            out.print(f"  [dim]{escape(row['question'])} → {escape(row['standalone'])}[/]")
    return 0


def _print_unanswerable(out: Console, u: dict[str, Any]) -> None:
    out.print(
        f"unanswerable protocol: {u['n_indexed']} of {u['n_passages']} articles indexed "
        f"(fraction {u['index_fraction']}, seed {u['seed']}); "
        f"{u['n_answerable']} answerable questions: answered {u['answered']:.3f}, "
        f"answer-hit {u['answer_hit']:.3f}; {u['n_unanswerable']} unanswerable: "
        f"declined {u['declined']:.3f}"
    )
    table = Table(
        title=f"answered / declined over a threshold on the gate's score ({u['gate_score']})"
    )
    for col in ("threshold", "answered (answerable)", "declined (unanswerable)"):
        table.add_column(col, justify="right")
    for row in u["curve"]:
        table.add_row(f"{row['threshold']:.3f}", f"{row['answered']:.3f}", f"{row['declined']:.3f}")
    out.print(table)
    point = u["operating_point"]
    if point is not None:
        out.print(
            f"most declined while answering >= 97%: threshold {point['threshold']:.4f}, "
            f"answered {point['answered']:.3f}, declined {point['declined']:.3f}"
        )


if __name__ == "__main__":
    sys.exit(main())
