"""Admins keep the articles up to date from Telegram: `/reindex`, a schedule
(REINDEX_INTERVAL), and documents, photos of documents (read by OCR) or article URLs sent to
the bot in a private chat.

Every run is the ordinary ingestion (`ingest.pipeline.run`) of the bot's own process: in a
worker thread (embedding is CPU-bound), through the bot's `services.index` (one Chroma
client per process) and with the model it already loaded. One run at a time per bot: a
second `/reindex` is refused, a scheduled run that finds one going is skipped, an upload is
asked to come back later. Questions keep being answered meanwhile, because search only ever
sees committed article versions (see `retrieval.index.store`), and the retriever is swapped for
a fresh one when a run is done (see `AdminIngest._ingest`).

Handlers sit in group 0, registered before the question handlers, so an admin's document or
URL is ingested and not taken for a question or a "text only, please" hint; they also stop
the update there (`ApplicationHandlerStop`), so no later group sees it either.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import filecmp
import itertools
import logging
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Sequence
from pathlib import Path

from telegram import Document, Message, PhotoSize, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import messages
from bot.access import is_admin
from bot.flood import patiently
from bot.reply import NO_PREVIEW, reply, send
from bot.settings import BotSettings
from bot.state import BotApplication, Context
from bot.upload_scopes import scope_choice, scope_counts_html
from ingest.loaders import SUPPORTED_EXTENSIONS
from ingest.pipeline import IngestProgress, IngestReport, ProgressCallback, run
from retrieval.index.errors import StoreBusyError, StoreError
from retrieval.services import Services

log = logging.getLogger(__name__)

COMMANDS = (("reindex", "Cập nhật chỉ mục bài viết (quản trị viên)"),)
# Progress edits at most this often (Telegram limits edits, and a chat that flickers helps
# nobody); the final summary is sent as soon as the run ends.
PROGRESS_EVERY = 2.0
# What the Bot API lets a bot download (getFile); a self-hosted telegram-bot-api has no cap.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
_OFFICIAL_API = "https://api.telegram.org/"
# A URL alone, or followed by the scope to put it in ("https://… #nhan-su").
_URL_ONLY = re.compile(r"^\s*(https?://\S+)((?:\s+#\S+)?)\s*$", re.IGNORECASE)
_MIB = 1024 * 1024


def register(application: BotApplication) -> AdminIngest:
    """Add the admin ingestion handlers (and the schedule, when REINDEX_INTERVAL is set)."""
    settings = application.bot_data.settings
    admin = AdminIngest()
    private_admin = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & _Admins(settings)
    # Edited messages are ignored, as /help says.
    application.add_handler(
        CommandHandler("reindex", admin.reindex, filters=filters.UpdateType.MESSAGE)
    )
    application.add_handler(MessageHandler(private_admin & filters.Document.ALL, admin.document))
    # A photo (Telegram's compressed JPEG, not a file) of a document: read by OCR.
    application.add_handler(MessageHandler(private_admin & filters.PHOTO, admin.photo))
    application.add_handler(
        MessageHandler(private_admin & filters.TEXT & filters.Regex(_URL_ONLY), admin.url)
    )
    if settings.reindex_interval is not None:
        if application.job_queue is None:
            raise RuntimeError(
                "REINDEX_INTERVAL needs python-telegram-bot's job queue: run "
                "`pip install -e .` (it installs python-telegram-bot[job-queue])"
            )
        seconds = settings.reindex_interval.total_seconds()
        application.job_queue.run_repeating(
            admin.scheduled, interval=seconds, first=seconds, name="reindex"
        )
    return admin


class _Admins(filters.MessageFilter):
    """Messages from ADMIN_USER_IDS, read from the settings at every message."""

    def __init__(self, settings: BotSettings) -> None:
        super().__init__(name="admins")
        self.settings = settings

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return is_admin(self.settings, user.id if user else None)


class AdminIngest:
    """The handlers, and the one-run-at-a-time guard they share (one per Application)."""

    def __init__(self) -> None:
        self._running = asyncio.Lock()
        # Failures the schedule already told the admins about: a file that stays broken is
        # reported once, not at every interval.
        self._reported_failures: frozenset[tuple[str, str]] = frozenset()

    @property
    def busy(self) -> bool:
        return self._running.locked()

    # --- /reindex --------------------------------------------------------------------------
    async def reindex(self, update: Update, context: Context) -> None:
        """`/reindex` ingests INGEST_SOURCES; `/reindex prune` also drops articles whose
        files were deleted."""
        message = update.message
        if message is None:
            return
        settings, services = context.bot_data.settings, context.bot_data.services
        user = update.effective_user
        if not is_admin(settings, user.id if user else None):
            await reply(message, messages.ADMIN_ONLY)
            return
        if services is None:
            await reply(message, messages.NOT_READY)
            return
        # No await between the check and the acquire: two /reindex cannot both pass.
        if self.busy:
            await reply(message, messages.REINDEX_BUSY)
            return
        prune = "prune" in (arg.lower() for arg in context.args or ())
        async with self._running:
            shown = messages.REINDEX_STARTED
            status = await reply(message, shown)
            await self._run_shown(status, shown, settings, services, None, prune=prune)

    # --- REINDEX_INTERVAL ------------------------------------------------------------------
    async def scheduled(self, context: Context) -> None:
        settings, services = context.bot_data.settings, context.bot_data.services
        if services is None:
            return
        if self.busy:
            log.info("scheduled reindex skipped: another ingestion is running")
            return
        async with self._running:
            try:
                report = await self._ingest(settings, services, None)
            except StoreBusyError as exc:
                log.warning("scheduled reindex skipped: %s", exc)
                return
            except StoreError as exc:
                log.error("scheduled reindex failed: %s", exc)
                await self._tell_admins(context, settings, messages.ingest_failed(str(exc)))
                return
        failures = frozenset((p.origin, p.reason) for p in report.failed)
        new_failures = failures - self._reported_failures
        self._reported_failures = failures
        if not report.changed and not new_failures:
            log.info("scheduled reindex: nothing changed (%d articles)", report.articles_seen)
            return
        log.info(
            "scheduled reindex: %d added, %d updated, %d removed, %d failed",
            len(report.added),
            len(report.updated),
            len(report.removed),
            len(report.failed),
        )
        await self._tell_admins(context, settings, messages.ingest_summary(report))

    async def _tell_admins(self, context: Context, settings: BotSettings, html: str) -> None:
        for admin_id in settings.admin_user_ids:
            try:
                await send(context.bot, admin_id, html)
            except TelegramError as exc:
                # Typically 403: the admin never opened a chat with the bot.
                log.warning("could not send the reindex summary to admin %s: %s", admin_id, exc)

    # --- documents and URLs ----------------------------------------------------------------
    async def document(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.document is None:
            return
        await self._document(message, message.document, context)
        raise ApplicationHandlerStop

    async def photo(self, update: Update, context: Context) -> None:
        """A photo is ingested like an image file (OCR), its largest size; it is named
        after its caption's first line when it has one."""
        message = update.message
        if message is None or not message.photo:
            return
        largest = max(message.photo, key=lambda size: size.width * size.height)
        caption = (message.caption or "").strip().split("\n", 1)[0][:80].strip()
        name = f"{caption or 'anh-' + largest.file_unique_id}.jpg"
        await self._document(message, largest, context, name)
        raise ApplicationHandlerStop

    async def _document(
        self, message: Message, doc: Document | PhotoSize, context: Context, name: str = ""
    ) -> None:
        settings, services = context.bot_data.settings, context.bot_data.services
        name = name or (doc.file_name if isinstance(doc, Document) else "") or "tai-lieu"
        if Path(name).suffix.lower() not in SUPPORTED_EXTENSIONS:
            await reply(message, messages.UNSUPPORTED_FILE)
            return
        limit, telegram_limit = download_limit(settings)
        if doc.file_size is not None and doc.file_size > limit:
            too_big = messages.file_too_big(
                name, doc.file_size, limit, telegram_limit=telegram_limit
            )
            await reply(message, too_big)
            return
        policy = context.bot_data.access.current()
        chosen, problem = scope_choice(message.caption, policy, folder=True)
        if problem is not None:
            await reply(message, problem)
            return
        folder = upload_folder(settings) if chosen is None else policy.first_folder(chosen)
        if folder is None:
            await reply(message, messages.NO_FOLDER)
            return
        if services is None:
            await reply(message, messages.NOT_READY)
            return
        if self.busy:
            await reply(message, messages.UPLOAD_BUSY)
            return
        async with self._running:
            shown = messages.ingest_waiting(name)
            status = await reply(message, shown)
            # Hidden while it downloads: a folder scan never reads a half-written file.
            part = folder / f".upload-{uuid.uuid4().hex}.part"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                file = await patiently(doc.get_file)
                await file.download_to_drive(part)
                size = part.stat().st_size
                if size > limit:  # the announced size was missing or wrong
                    too_big = messages.file_too_big(
                        name, size, limit, telegram_limit=telegram_limit
                    )
                    await _edit(status, too_big)
                    return
                saved = await asyncio.to_thread(save_upload, part, folder, name)
            except (TelegramError, OSError) as exc:
                if isinstance(exc, BadRequest) and "too big" in str(exc).lower():
                    # getFile's own limit (the announced size was missing or under it).
                    size = max(doc.file_size or 0, TELEGRAM_DOWNLOAD_LIMIT + 1)
                    too_big = messages.file_too_big(
                        name, size, TELEGRAM_DOWNLOAD_LIMIT, telegram_limit=True
                    )
                    await _edit(status, too_big)
                    return
                log.warning("could not save the upload %s: %s", name, exc)
                await _edit(status, messages.upload_failed(str(exc)))
                return
            finally:
                part.unlink(missing_ok=True)
            log.info("admin %s sent %s, saved as %s", message.chat.id, name, saved)
            await self._run_shown(
                status, shown, settings, services, [str(saved)], saved_as=saved.name
            )

    async def url(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or not message.text:
            return
        await self._url(message, context)
        raise ApplicationHandlerStop

    async def _url(self, message: Message, context: Context) -> None:
        settings, services = context.bot_data.settings, context.bot_data.services
        match = _URL_ONLY.match(message.text or "")
        assert match is not None  # the handler's filter matched it
        chosen, problem = scope_choice(
            match.group(2), context.bot_data.access.current(), folder=False
        )
        if problem is not None:
            await reply(message, problem)
            return
        if services is None:
            await reply(message, messages.NOT_READY)
            return
        if self.busy:
            await reply(message, messages.UPLOAD_BUSY)
            return
        async with self._running:
            shown = messages.ingest_waiting(match.group(1))
            status = await reply(message, shown)
            await self._run_shown(
                status,
                shown,
                settings,
                services,
                [match.group(1)],
                scopes=(chosen,) if chosen else (),
            )

    # --- running ---------------------------------------------------------------------------
    async def _run_shown(
        self,
        status: Message,
        status_html: str,
        settings: BotSettings,
        services: Services,
        sources: Sequence[str] | None,
        *,
        prune: bool = False,
        saved_as: str | None = None,
        scopes: Sequence[str] = (),
    ) -> None:
        """Ingest while `status` shows the progress, then the summary (or what failed)."""
        progress = ProgressMessage(status, status_html, settings.reindex_progress_seconds)
        progress.start()
        try:
            report = await self._ingest(
                settings, services, sources, prune=prune, progress=progress.update, scopes=scopes
            )
        except StoreError as exc:  # another writer, a model mismatch: the message names the fix
            await progress.finish(messages.ingest_failed(str(exc)))
            return
        except Exception:
            log.exception("ingestion from the bot failed")
            await progress.finish(messages.ingest_failed(messages.INGEST_CRASHED))
            return
        summary = messages.ingest_summary(report, saved_as=saved_as)
        await progress.finish(summary + scope_counts_html(report))

    async def _ingest(
        self,
        settings: BotSettings,
        services: Services,
        sources: Sequence[str] | None,
        *,
        prune: bool = False,
        progress: ProgressCallback | None = None,
        scopes: Sequence[str] = (),
    ) -> IngestReport:
        def work() -> IngestReport:
            report = run(
                settings,
                services.embedder,
                sources,
                prune=prune,
                index=services.index,
                progress=progress,
                scopes=scopes,
            )
            if report.changed or report.stale_chunks_deleted or report.rebuilt:
                # Why this cannot race a question: refresh() builds the new retriever
                # completely (search snapshot loaded from what run() just saved) and only then
                # rebinds `services.retriever`, one atomic assignment. A search reads that
                # attribute once, so a question in flight finishes on the old retriever,
                # which stays valid: its store object reads the same collections
                # (no rebuild here, so no generation is dropped) and shows only committed
                # versions, and its in-memory BM25 index only proposes ids that the store
                # then filters. Refreshes themselves never overlap: they run under the
                # one-ingestion-at-a-time guard.
                services.refresh()
            return report

        return await asyncio.to_thread(work)


class ProgressMessage:
    """One Telegram message edited in place while a run goes on.

    `update` is called from the worker thread and only keeps the latest snapshot; the edits
    are made from the event loop, at most every PROGRESS_EVERY seconds and only when the
    text changed (Telegram answers an edit to the same text with an error).
    """

    def __init__(self, message: Message, shown: str, every: float = PROGRESS_EVERY) -> None:
        self.message = message
        self.every = every
        self.shown = shown  # the HTML the message holds now
        self._latest: IngestProgress | None = None
        self._task: asyncio.Task[None] | None = None

    def update(self, progress: IngestProgress) -> None:
        # A copy: the pipeline keeps mutating its own snapshot object.
        self._latest = dataclasses.replace(progress)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            latest = self._latest
            if latest is None:
                continue
            try:
                await self._edit(messages.ingest_progress(latest))
            except RetryAfter:
                continue  # flood limit: skip this tick, the next one shows newer numbers
            except TelegramError as exc:
                log.warning("could not update the progress message: %s", exc)

    async def finish(self, html: str) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        try:
            await patiently(lambda: self._edit(html))
        except BadRequest as exc:
            # The progress message is gone (deleted by the admin): the summary still arrives.
            log.warning("could not edit the progress message (%s): sending a new one", exc)
            await reply(self.message, html)

    async def _edit(self, html: str) -> None:
        if html == self.shown:
            return
        await self.message.edit_text(
            html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        )
        self.shown = html


async def _edit(message: Message, html: str) -> None:
    await patiently(
        lambda: message.edit_text(html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
    )


# --- where uploads go --------------------------------------------------------------------


def download_limit(settings: BotSettings) -> tuple[int, bool]:
    """(bytes, whether Telegram's own cap is the one that applies)."""
    own = int(settings.max_file_mb * _MIB)
    official = settings.telegram_api_base_url.startswith(_OFFICIAL_API)
    if official and own > TELEGRAM_DOWNLOAD_LIMIT:
        return TELEGRAM_DOWNLOAD_LIMIT, True
    return own, False


def upload_folder(settings: BotSettings) -> Path | None:
    """The first folder among INGEST_SOURCES (one not made yet counts: it is created)."""
    for source in settings.ingest_sources:
        if source.startswith(("http://", "https://")):
            continue
        path = Path(source).expanduser()
        if path.is_dir() or (not path.exists() and not path.suffix):
            return path
    return None


def safe_name(name: str) -> str:
    """A file name that stays inside the folder, is not hidden and reads as the original:
    Vietnamese letters kept, separators and control characters replaced."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    # The extension decides the loader: keep it whatever happens to the rest.
    suffix = re.sub(r"[^a-z0-9]", "", Path(name).suffix.lower())
    stem = name[: len(name) - len(Path(name).suffix)]
    stem = "".join(ch if ch.isalnum() or ch in " .,_-()" else "_" for ch in stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:100].rstrip(" .")
    return (stem or "tai-lieu") + (f".{suffix}" if suffix else "")


def save_upload(part: Path, folder: Path, name: str) -> Path:
    """Put the downloaded `part` into `folder` under `name` (sanitised).

    A different file of that name is never overwritten: the upload becomes "name (2).ext"
    and so on. The same content under that name is reused, so sending a file twice does not
    make a second article.
    """
    stem, suffix = os.path.splitext(safe_name(name))
    for n in itertools.count(1):
        target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")
        try:
            # Hard link: atomic, and fails when the name is taken (no check-then-write race
            # with another upload or an admin copying files in).
            os.link(part, target)
            return target
        except FileExistsError:
            if filecmp.cmp(target, part, shallow=False):
                return target
        except OSError:
            # No hard links on this file system: exclusive create, then copy.
            try:
                with open(target, "xb") as out, open(part, "rb") as src:
                    shutil.copyfileobj(src, out)
                return target
            except FileExistsError:
                if filecmp.cmp(target, part, shallow=False):
                    return target
    raise AssertionError("unreachable")
