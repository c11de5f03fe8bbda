"""How the bot gets its updates: long polling, or a webhook when WEBHOOK_URL is set.

A webhook suits a deployment behind HTTPS: a reverse proxy terminates TLS at WEBHOOK_URL
and forwards to the bot's plain-HTTP server on WEBHOOK_LISTEN:WEBHOOK_PORT (127.0.0.1 by
default, so nothing but the proxy on this machine reaches it). Telegram sends the secret
token registered by setWebhook in every request; requests without it are refused (403).

The webhook server also answers `GET /healthz` (no secret needed; it tells nothing but
whether the bot is up): 200 when the bot has its services and journal and the index
answers, else 503, with a small JSON body. python-telegram-bot builds that server (a
tornado Application) inside `Updater.start_webhook`; the route is added to it once it
runs, by a job of the job queue (which starts after the updater).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from bot.settings import BotSettings
from bot.state import BotApplication, BotState, Context

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
        if application.job_queue is not None:

            async def healthz_job(context: Context) -> None:
                add_healthz(application)

            application.job_queue.run_once(healthz_job, when=0, name="healthz")
        application.run_webhook(**options)
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


HEALTHZ = "/healthz"


def add_healthz(application: BotApplication) -> bool:
    """Serve HEALTHZ on the running webhook server; False (and a warning) when there is
    none to add it to (polling, or python-telegram-bot changed how it builds the server)."""
    import tornado.web

    httpd = getattr(application.updater, "_httpd", None)
    app = getattr(getattr(httpd, "_http_server", None), "request_callback", None)
    if not isinstance(app, tornado.web.Application):
        log.warning("no webhook server to serve %s on", HEALTHZ)
        return False

    class Healthz(tornado.web.RequestHandler):
        async def get(self) -> None:
            ok, checks = await health(application.bot_data)
            self.set_status(200 if ok else 503)
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps({"ok": ok, "checks": checks}))

    # Before python-telegram-bot's own catch-all host rule; other paths fall through to it.
    app.add_handlers(r".*", [(HEALTHZ, Healthz)])
    log.info("serving %s on the webhook server", HEALTHZ)
    return True


async def health(state: BotState) -> tuple[bool, dict[str, str]]:
    """What /healthz reports: the bot ready (services and journal) and the index answering."""
    checks: dict[str, str] = {}
    services = state.services
    checks["ready"] = "ok" if services is not None and state.journal is not None else "starting"
    if services is not None:
        try:
            stats = await asyncio.wait_for(
                asyncio.to_thread(lambda: services.index.active().stats()),
                timeout=state.settings.chroma_timeout,
            )
            checks["index"] = f"ok: {stats.articles} articles"
        except Exception as exc:  # the answer is the check's result, not a crash
            checks["index"] = f"failing: {type(exc).__name__}"
    ok = checks["ready"] == "ok" and checks.get("index", "").startswith("ok")
    return ok, checks
