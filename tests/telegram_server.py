"""A local Telegram Bot API server on 127.0.0.1 for tests (aiohttp, in the test's loop).

    server = TelegramServer(token="123:abc")
    await server.start()
    ApplicationBuilder().token(server.token).base_url(server.base_url)...
    server.push(private_text(user_id=7, text="Xin chào"))   # the bot gets it by getUpdates
    sent = await server.wait_for("sendMessage")             # what the bot sent
    server.fail_next("sendMessage", retry_after=1)          # the next call gets a 429
    doc = server.upload(b"...", "tin.txt")                  # served by getFile and the
    server.push(private_document(7, doc))                   # download URL ("download" call)
    server.webhook                                          # what setWebhook registered
    photo = (await server.wait_for("sendPhoto"))[0]         # uploads (multipart/form-data)
    photo.params["photo"].data                              # arrive as `Upload`s
    await server.stop()

Paths are `/bot<token>/<method>`, bodies form-encoded or JSON, answers
`{"ok": true, "result": ...}` as https://core.telegram.org/bots/api documents them. Every
call is recorded (method and decoded parameters) in `server.requests`.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 999
BOT_USERNAME = "hoidap_test_bot"
# getFile refuses bigger files, as Telegram's Bot API does (a local telegram-bot-api does not).
DOWNLOAD_LIMIT = 20 * 1024 * 1024
# Parameters that are text for the user, never decoded as JSON numbers or objects.
_TEXT_PARAMS = {
    "text",
    "caption",
    "description",
    "callback_data",
    "callback_query_id",
    "secret_token",
    "file_id",
}

_update_ids = itertools.count(1)
_message_ids = itertools.count(1000)


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class TelegramServer:
    token: str = "123456:TEST-token-never-logged"
    requests: list[Call] = field(default_factory=list)
    commands: list[Any] = field(default_factory=list)  # as set by setMyCommands
    webhook: dict[str, Any] = field(default_factory=dict)  # as set by setWebhook
    # file_id -> (bytes, file_path), for getFile and the download URL
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _failures: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _results: dict[int, Any] = field(default_factory=dict)  # id(call) -> what it returned
    _message_id: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None
    _closing: bool = False
    port: int = 0

    @property
    def base_url(self) -> str:
        """The value for `ApplicationBuilder.base_url` (the token is appended)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # --- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        # A long poll still waiting would hold the shutdown for its whole timeout.
        self._closing = True
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- scripting ---------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for the bot's next getUpdates."""
        self._updates.append(update)
        self._notify()

    def upload(self, data: bytes, file_name: str, mime_type: str = "text/plain") -> dict[str, Any]:
        """Store a file as if a user had sent it; the Document object for a message."""
        n = len(self.files) + 1
        file_id = f"BQACAgIAAxkBAAI{n:04d}"
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        self.files[file_id] = (data, f"documents/file_{n}.{suffix}")
        return {
            "file_id": file_id,
            "file_unique_id": f"AgAD{n:04d}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }

    def fail_next(self, method: str, retry_after: int = 1, *, how: str = "429") -> None:
        """Fail the next call of `method`: "429" Too Many Requests (with `retry_after`),
        "500" Internal Server Error, "drop" (the connection is closed, no answer), or
        "hang" (no answer for `retry_after` seconds, past the client's timeout; the call
        then has no effect, like a request lost on the way)."""
        self._failures.setdefault(method, []).append((how, retry_after))

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self.requests if method is None or c.method == method]

    def result_of(self, call: Call) -> Any:
        """What the server answered `call` with (for sendMessage: the Message object, which
        a test can reply to or put under a callback query)."""
        return self._results[id(call)]

    def sent_texts(self) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.calls("sendMessage")]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 30.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until the bot has made `count` calls of `method` (matching `where`)."""
        assert self._changed is not None, "server not started"

        def matching() -> list[Call]:
            return [c for c in self.calls(method) if where is None or where(c)]

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(matching()) >= count), timeout
            )
        return matching()

    def _notify(self) -> None:
        async def notify() -> None:
            assert self._changed is not None
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    # --- the Bot API -------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        self.requests.append(call)
        self._notify()
        failures = self._failures.get(method)
        if failures:
            how, retry_after = failures.pop(0)
            if how == "500":
                return _error(500, "Internal Server Error")
            if how == "hang":
                await asyncio.sleep(retry_after)
                return _error(500, "Internal Server Error")
            if how == "drop":
                assert request.transport is not None
                request.transport.close()
                return web.Response()
            return _error(
                429,
                f"Too Many Requests: retry after {retry_after}",
                parameters={"retry_after": retry_after},
            )
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except ApiError as exc:
            return _error(exc.status, exc.description)
        self._results[id(call)] = result
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """`/file/bot<token>/<file_path>`, as getFile's file_path names it."""
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        self.requests.append(Call("download", {"file_path": path}, time.monotonic()))
        self._notify()
        for data, file_path in self.files.values():
            if file_path == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return _error(404, "Not Found")

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Hỏi đáp",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        assert self._changed is not None
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        # An offset confirms every update before it (as Telegram does).
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates) or self._closing),
                        timeout,
                    )
        return self._updates[:limit]

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        message: dict[str, Any] = {
            "message_id": next(self._message_id),
            "date": int(time.time()),
            "chat": _chat(int(params["chat_id"])),
            "from": _bot_user(),
            "text": params.get("text", ""),
        }
        if "message_thread_id" in params:
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
            message["chat"]["is_forum"] = True
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        return {
            "message_id": int(params["message_id"]),
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": _chat(int(params["chat_id"])),
            "from": _bot_user(),
            "text": params.get("text", ""),
        }

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        upload = _upload(params, "photo")
        _check_caption(params)
        if len(upload.data) > PHOTO_LIMIT:
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        size = png_size(upload.data)
        if size is None and upload.data[:3] != b"\xff\xd8\xff":
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size or (0, 0)
        if width + height > 10000 or (size and max(size) > 20 * max(1, min(size))):
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        message = await self._api_sendMessage(params)
        del message["text"]
        file_id = self._store(upload.data, "photos", "jpg")
        message["photo"] = [
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "width": width,
                "height": height,
                "file_size": len(upload.data),
            }
        ]
        if params.get("caption"):
            message["caption"] = params["caption"]
        return message

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        upload = _upload(params, "document")
        _check_caption(params)
        if len(upload.data) > UPLOAD_LIMIT:
            raise ApiError(413, "Request Entity Too Large")
        message = await self._api_sendMessage(params)
        del message["text"]
        suffix = upload.file_name.rsplit(".", 1)[-1] if "." in upload.file_name else "bin"
        file_id = self._store(upload.data, "documents", suffix)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": upload.file_name,
            "mime_type": upload.mime_type,
            "file_size": len(upload.data),
        }
        if params.get("caption"):
            message["caption"] = params["caption"]
        return message

    def _store(self, data: bytes, folder: str, suffix: str) -> str:
        """Keep a file the bot sent, for getFile and the download URL; its file_id."""
        n = len(self.files) + 1
        file_id = f"BQACAgIAAxkBAAI{n:04d}"
        self.files[file_id] = (data, f"{folder}/file_{n}.{suffix}")
        return file_id

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        message = await self._api_editMessageText(params)
        del message["text"]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands = list(params.get("commands") or [])
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if not url:  # an empty URL removes the webhook, as in the Bot API
            self.webhook = {}
            return True
        if not url.startswith(("https://", "http://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = dict(params)
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        data, file_path = self.files[file_id]
        if len(data) > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": file_path,
        }

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True


class ApiError(Exception):
    """A Bot API error answer ({"ok": false, ...}) from a method handler."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _error(status: int, description: str, **extra: Any) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description, **extra}
    return web.json_response(body, status=status)


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded (a multipart/form-data part), as the server received it."""

    file_name: str
    mime_type: str
    data: bytes


# The Bot API's limits on uploads by a bot: photos 10 MB, other files 50 MB; a photo's
# width + height at most 10,000 and its sides' ratio at most 20; captions 1,024 characters.
PHOTO_LIMIT = 10 * 1024 * 1024
UPLOAD_LIMIT = 50 * 1024 * 1024
CAPTION_LIMIT = 1024


def _upload(params: dict[str, Any], name: str) -> Upload:
    """The file sent as parameter `name`: a part of that name, or `attach://<part>`."""
    value = params.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value.removeprefix("attach://"))
    if not isinstance(value, web.FileField):
        raise ApiError(400, f"Bad Request: there is no {name} in the request")
    upload = Upload(value.filename, value.content_type, value.file.read())
    params[name] = upload  # recorded in the Call, readable after the request
    return upload


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, from its signature and IHDR chunk; None if not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _check_caption(params: dict[str, Any]) -> None:
    caption = str(params.get("caption") or "")
    if params.get("parse_mode") == "HTML":
        caption = html.unescape(re.sub(r"<[^>]*>", "", caption))
    if len(caption.encode("utf-16-le")) // 2 > CAPTION_LIMIT:
        raise ApiError(400, "Bad Request: message caption is too long")


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    form = await request.post()
    params: dict[str, Any] = dict(request.query)
    for key, value in form.items():
        params[key] = value if key in _TEXT_PARAMS else _decode(value)
    return params


def _decode(value: Any) -> Any:
    # python-telegram-bot sends form fields; objects and numbers arrive JSON-encoded.
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _chat(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
    return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}


def _bot_user() -> dict[str, Any]:
    return {"id": BOT_ID, "is_bot": True, "first_name": "Hỏi đáp", "username": BOT_USERNAME}


# --- update factories ------------------------------------------------------------------


def user(user_id: int, first_name: str = "Lan") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}


def message(
    chat: dict[str, Any],
    user_id: int,
    text: str,
    *,
    thread_id: int | None = None,
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An update with a text message; a leading /command gets its bot_command entity."""
    msg: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": user(user_id),
        "text": text,
    }
    entities: list[dict[str, Any]] = []
    if text.startswith("/"):
        length = len(text.split()[0])
        entities.append({"type": "bot_command", "offset": 0, "length": length})
    for mention in re.finditer(r"@[A-Za-z0-9_]{5,32}", text):
        # Offsets and lengths count UTF-16 code units, as Telegram's do.
        offset = _utf16_length(text[: mention.start()])
        entities.append({"type": "mention", "offset": offset, "length": len(mention.group())})
    if entities:
        msg["entities"] = entities
    if thread_id is not None:
        msg["message_thread_id"] = thread_id
        msg["is_topic_message"] = True
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return {"update_id": next(_update_ids), "message": msg}


def private_text(user_id: int, text: str) -> dict[str, Any]:
    chat = {"id": user_id, "type": "private", "first_name": f"User {user_id}"}
    return message(chat, user_id, text)


def group_text(
    chat_id: int, user_id: int, text: str, *, thread_id: int | None = None
) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
    if thread_id is not None:
        chat["is_forum"] = True
    return message(chat, user_id, text, thread_id=thread_id)


def private_document(
    user_id: int, document: dict[str, Any], caption: str | None = None
) -> dict[str, Any]:
    """An update with a document (from `TelegramServer.upload`) in `user_id`'s private chat."""
    update = private_text(user_id, "")
    msg = update["message"]
    del msg["text"]
    msg["document"] = document
    if caption is not None:
        msg["caption"] = caption
    return update


# Non-text messages staff may send, as the Bot API shapes them (file ids are made up).
MEDIA: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": {
            "file_id": "CAACAgIAAxkBAAIsticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
    },
    "photo": {
        "photo": [
            {
                "file_id": "AgACAgIAAxkBAAIphoto",
                "file_unique_id": "AQADphoto",
                "width": 90,
                "height": 90,
                "file_size": 1200,
            }
        ]
    },
    "voice": {
        "voice": {
            "file_id": "AwACAgIAAxkBAAIvoice",
            "file_unique_id": "AgADvoice",
            "duration": 3,
            "mime_type": "audio/ogg",
        }
    },
}


def private_media(user_id: int, kind: str) -> dict[str, Any]:
    """An update with a sticker, photo or voice message (see MEDIA) in a private chat."""
    update = private_text(user_id, "")
    msg = update["message"]
    del msg["text"]
    msg.update(MEDIA[kind])
    return update


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def callback_query(user_id: int, data: str, message_update: dict[str, Any]) -> dict[str, Any]:
    """A tap on an inline button under the message of `message_update`."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": user(user_id),
            "chat_instance": "test-instance",
            "data": data,
            "message": message_update["message"],
        },
    }
