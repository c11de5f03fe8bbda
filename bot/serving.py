"""How the bot gets its updates: long polling, or a webhook when WEBHOOK_URL is set.

A webhook suits a deployment behind HTTPS: a reverse proxy terminates TLS at WEBHOOK_URL
and forwards to the bot's plain-HTTP server on WEBHOOK_LISTEN:WEBHOOK_PORT (127.0.0.1 by
default, so nothing but the proxy on this machine reaches it). Telegram sends the secret
token registered by setWebhook in every request; requests without it are refused (403).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from bot.settings import BotSettings
from bot.state import BotApplication

log = logging.getLogger(__name__)

# What the handlers use; anything else Telegram would send is not even delivered.
ALLOWED_UPDATES = ["message", "callback_query"]


def webhook_options(settings: BotSettings) -> dict[str, Any]:
    """Keyword arguments for `Application.run_webhook` / `Updater.start_webhook`.

    The local path served is WEBHOOK_URL's own path, so a proxy can forward the URL as it is.
    Without WEBHOOK_SECRET_TOKEN a random one is made for this run: setWebhook registers it
    each start, so nothing needs to remember it.
    """
    secret = settings.webhook_secret_token
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.strip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": secret.get_secret_value() if secret else secrets.token_urlsafe(32),
        "allowed_updates": ALLOWED_UPDATES,
    }


def serve(application: BotApplication, settings: BotSettings) -> None:
    """Run the bot until interrupted (Ctrl-C, SIGTERM)."""
    if settings.webhook_url:
        options = webhook_options(settings)
        log.info(
            "serving the webhook %s on %s:%d",
            settings.webhook_url,
            options["listen"],
            options["port"],
        )
        application.run_webhook(**options)
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
