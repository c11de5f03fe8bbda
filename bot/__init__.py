"""The Telegram bot (issue: "The Telegram bot for staff"); not built yet."""
