"""`python -m bot`: the Telegram bot (long polling, or a webhook with WEBHOOK_URL), or
`--console` for a terminal chat.

`--auto` is what `make run` uses: the bot when TELEGRAM_BOT_TOKEN is configured (the
environment or .env), else the console chat when a person is at a terminal, else (CI, a
pipe, no TTY) one answer to `--question`, so that nothing waits for input that cannot come.
"""

from __future__ import annotations

import argparse
import sys

from bot.settings import BotSettings
from retrieval.logs import setup_logging

SAMPLE_QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
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
    parser.add_argument(
        "--question",
        default=SAMPLE_QUESTION,
        help="with --auto and neither a token nor a terminal: the question answered",
    )
    args = parser.parse_args(argv)
    settings = BotSettings()
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


if __name__ == "__main__":
    raise SystemExit(main())
