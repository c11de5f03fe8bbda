"""The Telegram bot: `python -m bot` (see `bot.app.build_application`)."""
