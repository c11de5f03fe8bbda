"""`python -m bot`: the Telegram bot (long polling, or a webhook with WEBHOOK_URL), or
`--console` for a terminal chat.

`--auto` is what `make run` uses: the bot when TELEGRAM_BOT_TOKEN is configured (the
environment or .env), else the console chat when a person is at a terminal, else (CI, a
pipe, no TTY) one answer to `--question`, so that nothing waits for input that cannot come.

`export --days N` writes the journal's questions of the last N days as CSV to standard
output (`python -m bot export --days 30 > q.csv`); `--check` checks what the bot needs
(the token, the index, the model, the Chroma server) and exits 0 when all is well, 1 if not.
"""

from __future__ import annotations

import argparse
import sys

from bot.settings import BotSettings
from retrieval.logs import setup_logging

SAMPLE_QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
    parser.add_argument(
        "command",
        nargs="?",
        choices=["export"],
        help="export: write the journal's questions as CSV (UTF-8 with BOM) to standard output",
    )
    parser.add_argument(
        "--days", type=int, default=30, help="with export: the last this many days (default 30)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--console", action="store_true", help="chat in the terminal instead of Telegram"
    )
    mode.add_argument(
        "--auto",
        action="store_true",
        help="the bot if TELEGRAM_BOT_TOKEN is set, else the console chat in a terminal, "
        "else answer --question once (for scripts and CI)",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="check the token (getMe), the index, the model and the Chroma server; "
        "exit 0 if all pass, else 1 (for a service manager or a container health check)",
    )
    parser.add_argument(
        "--question",
        default=SAMPLE_QUESTION,
        help="with --auto and neither a token nor a terminal: the question answered",
    )
    args = parser.parse_args(argv)
    settings = BotSettings()
    if args.command == "export":
        return _export(settings, args.days)
    if args.check:
        from bot.health import main as check

        return check(settings)
    if args.auto and settings.telegram_bot_token is None:
        from retrieval.cli.main import main as retrieval_main

        if sys.stdin.isatty() and sys.stdout.isatty():
            print("TELEGRAM_BOT_TOKEN is not set: chatting in the terminal instead.")
            return retrieval_main(["chat"], settings)
        print(
            "TELEGRAM_BOT_TOKEN is not set and there is no terminal to chat in: "
            f"answering {args.question!r} once (`python -m bot --console` for a chat).",
            file=sys.stderr,
        )
        return retrieval_main(["ask", args.question], settings)
    if args.console:
        from retrieval.cli.main import main as retrieval_main

        return retrieval_main(["chat"], settings)
    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
            "(see .env.example), or run `python -m bot --console` to chat in the terminal.",
            file=sys.stderr,
        )
        return 2
    setup_logging(settings.log_level)
    from bot.app import build_application
    from bot.serving import serve

    serve(build_application(settings), settings)
    return 0


def _export(settings: BotSettings, days: int) -> int:
    from zoneinfo import ZoneInfo

    from bot.export import MAX_DAYS, csv_bytes, export_days
    from bot.journal import JOURNAL_FILE, Journal

    if not 1 <= days <= MAX_DAYS:
        print(f"--days must be from 1 to {MAX_DAYS}", file=sys.stderr)
        return 2
    path = settings.bot_data_dir / JOURNAL_FILE
    if not path.exists():
        print(
            f"No question journal at {path}: the bot writes it when it answers its first "
            "question (set BOT_DATA_DIR to the bot's folder).",
            file=sys.stderr,
        )
        return 1
    journal = Journal(path)
    try:
        table = export_days(
            journal, days, ZoneInfo(settings.bot_timezone), user_ids=settings.export_user_ids
        )
    finally:
        journal.close()
    sys.stdout.buffer.write(csv_bytes(table))
    sys.stdout.buffer.flush()
    print(f"{len(table) - 1} questions of the last {days} days written.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
