"""`python -m bot`: the Telegram bot (long polling), or `--console` for a terminal chat."""

from __future__ import annotations

import argparse
import sys

from retrieval.logs import setup_logging
from retrieval.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot")
    parser.add_argument(
        "--console", action="store_true", help="chat in the terminal instead of Telegram"
    )
    args = parser.parse_args(argv)
    settings = Settings()
    if args.console:
        from retrieval.__main__ import main as retrieval_main

        return retrieval_main(["chat"])
    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
            "(see .env.example), or run `python -m bot --console` to chat in the terminal.",
            file=sys.stderr,
        )
        return 2
    setup_logging(settings.log_level)
    from bot.app import build_application

    application = build_application(settings)
    application.run_polling(allowed_updates=["message", "callback_query"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
