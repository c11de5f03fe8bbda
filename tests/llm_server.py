"""A scripted LLM server on 127.0.0.1 for tests: OpenAI-compatible and Ollama endpoints.

    with LLMServer() as server:
        server.reply("Câu trả lời [1].")            # next response (a queue)
        server.reply(delay=5)                        # a slow one
        server.reply(status=500)                     # an error
        server.reply(body=b"<html>oops")             # garbage
        server.respond = lambda request: Reply(...)  # or a function of the request
        ChatOpenAI(base_url=server.openai_url, ...)
        server.requests[-1].json["messages"]         # what the client sent

Endpoints: POST /v1/chat/completions (JSON, or SSE when the request says
"stream": true), GET /v1/models, POST /api/chat (Ollama; NDJSON stream unless
"stream": false), GET /api/tags. It runs `http.server` in a thread, so synchronous and
async clients in the test can both reach it without sharing an event loop.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Reply:
    text: str = "Xin chào [1]."
    delay: float = 0.0  # seconds before the response starts
    status: int = 200
    body: bytes | None = None  # sent as is (with `content_type`) instead of a completion
    content_type: str = "application/json"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]  # names in lowercase
    json: Any = None


@dataclass
class LLMServer:
    default: Reply = field(default_factory=Reply)
    respond: Callable[[Request], Reply] | None = None
    model: str = "test-model"
    requests: list[Request] = field(default_factory=list)
    _queue: deque[Reply] = field(default_factory=deque)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    # --- scripting ---------------------------------------------------------------------
    def reply(self, text: str = Reply.text, **kwargs: Any) -> None:
        """Queue the next response; when the queue is empty, `respond` or `default`."""
        self._queue.append(Reply(text=text, **kwargs))

    def _next(self, request: Request) -> Reply:
        if self._queue:
            return self._queue.popleft()
        if self.respond is not None:
            return self.respond(request)
        return self.default

    # --- lifecycle ---------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.base_url}/v1"

    def start(self) -> LLMServer:
        handler = type("Handler", (_Handler,), {"owner": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits up to one interval, once per test.
        threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name="llm-server", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    owner: LLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet test output

    def do_GET(self) -> None:
        self.owner.requests.append(Request("GET", self.path, self._headers()))
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [_model_entry(self.owner.model)]})
        elif self.path.rstrip("/") == "/api/tags":
            self._json(200, {"models": [{"name": self.owner.model, "model": self.owner.model}]})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        request = Request("POST", self.path, self._headers(), payload)
        self.owner.requests.append(request)
        path = self.path.rstrip("/")
        if path not in ("/v1/chat/completions", "/api/chat"):
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        reply = self.owner._next(request)
        if reply.delay and self.owner._stopping.wait(reply.delay):
            return  # the test is over
        try:
            if reply.body is not None:
                self._send(reply.status, reply.body, reply.content_type)
            elif reply.status != 200:
                self._json(reply.status, {"error": {"message": "scripted error", "type": "x"}})
            elif path == "/api/chat":
                self._ollama(reply, payload or {})
            else:
                self._openai(reply, payload or {})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    # --- OpenAI ------------------------------------------------------------------------
    def _openai(self, reply: Reply, payload: dict[str, Any]) -> None:
        created = int(time.time())
        model = payload.get("model", self.owner.model)
        if not payload.get("stream"):
            self._json(
                200,
                {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.text},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                },
            )
            return
        self._start_stream("text/event-stream")
        for piece, finish in [*((p, None) for p in _pieces(reply.text)), ("", "stop")]:
            chunk = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "delta": {"role": "assistant", "content": piece} if piece else {},
                        "finish_reason": finish,
                    }
                ],
            }
            self._chunk(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n")
        self._chunk("data: [DONE]\n\n")
        self._chunk("")

    # --- Ollama ------------------------------------------------------------------------
    def _ollama(self, reply: Reply, payload: dict[str, Any]) -> None:
        model = payload.get("model", self.owner.model)
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        final = {
            "model": model,
            "created_at": now,
            "message": {"role": "assistant", "content": ""},
            "done": True,
            "done_reason": "stop",
            "total_duration": 1,
            "prompt_eval_count": 10,
            "eval_count": 5,
        }
        if payload.get("stream") is False:
            final["message"]["content"] = reply.text
            self._json(200, final)
            return
        self._start_stream("application/x-ndjson")
        for piece in _pieces(reply.text):
            line = {
                "model": model,
                "created_at": now,
                "message": {"role": "assistant", "content": piece},
                "done": False,
            }
            self._chunk(json.dumps(line, ensure_ascii=False) + "\n")
        self._chunk(json.dumps(final) + "\n")
        self._chunk("")

    # --- plumbing ----------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _start_stream(self, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _pieces(text: str) -> list[str]:
    """The reply cut in a few pieces, as a streaming server would send it."""
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)] if text else []


def _model_entry(model: str) -> dict[str, Any]:
    return {"id": model, "object": "model", "created": 0, "owned_by": "test"}
