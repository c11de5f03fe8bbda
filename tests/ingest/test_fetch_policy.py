"""The outbound-fetch policy against hostile servers on 127.0.0.1 (ingest.fetch).

The servers run on 127.0.0.1, which the policy refuses: tests that must reach them allow
them explicitly, by address ("127.0.0.1") or by name ("localhost", so that a redirect or a
feed item pointing at "127.0.0.1" is still refused).
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from ingest.loaders import LoadError, LoadResult, fetch_url
from ingest.outbound import AllowList, refusal
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.settings import Settings
from tests.ingest.test_fetch import ARTICLE, PARA1, PARA2, PARA3, TITLE, Server

MAX_BYTES = 5 * 1024 * 1024
SECRET = "Mật khẩu máy chủ nội bộ là hunter2, chỉ dành cho phòng kỹ thuật."
SECRET_PAGE = f"<html><head><title>Nội bộ</title></head><body><p>{SECRET}</p></body></html>"


def fetch(url: str, *, allow: tuple[str, ...] = (), timeout: float = 2.0) -> LoadResult:
    return fetch_url(
        url, timeout=timeout, max_bytes=MAX_BYTES, max_feed_items=20, allow_hosts=allow
    )


def _redirect(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def _encoded(body: bytes, encoding: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", encoding)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def _feed(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>Bài {i}</title><link>{link}</link><guid>g{i}</guid>"
        f"<description>{text}</description></item>"
        for i, (link, text) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Tin nội bộ</title><link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def _gzip_bomb(size: int) -> bytes:
    """`size` zero bytes, gzipped twice: a few KB that inflate to `size`."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [inner.compress(block) for _ in range(size // len(block))]
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), 9)


BOMB_SIZE = 1024 * 1024 * 1024  # 1 GiB once both layers are undone


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server()
    port = srv.httpd.server_address[1]
    html = "text/html; charset=utf-8"
    local = f"http://localhost:{port}"
    internal = f"http://127.0.0.1:{port}"
    srv.routes.update(
        {
            "/secret.html": (200, html, SECRET_PAGE.encode()),
            "/article.html": (200, html, ARTICLE.encode()),
            "/to-secret": _redirect(f"{internal}/secret.html"),
            "/to-mapped": _redirect(f"http://[::ffff:127.0.0.1]:{port}/secret.html"),
            "/to-file": _redirect("file:///etc/passwd"),
            "/feed.xml": (
                200,
                "application/rss+xml",
                _feed(
                    local,
                    [
                        (f"{local}/article.html", ""),
                        (f"{internal}/secret.html", f"&lt;p&gt;{PARA2}&lt;/p&gt;"),
                        (f"http://[::ffff:7f00:1]:{port}/secret.html", ""),
                        (f"http://bad\u200bhost.example:{port}/x", ""),
                        (f"http://xn--a.example:{port}/x", ""),
                        ("http://localhost:99999/x", f"&lt;p&gt;{PARA3}&lt;/p&gt;"),
                    ],
                ),
            ),
            "/gzip-gzip": _encoded(gzip.compress(gzip.compress(ARTICLE.encode())), "gzip, gzip"),
            "/deflate-gzip": _encoded(
                gzip.compress(zlib.compress(ARTICLE.encode())), "deflate, gzip"
            ),
            "/raw-deflate": _encoded(_raw(ARTICLE), "deflate"),
            "/bomb": _encoded(_gzip_bomb(BOMB_SIZE), "gzip, gzip"),
        }
    )
    srv.thread.start()
    yield srv
    srv.release.set()
    srv.httpd.shutdown()
    srv.httpd.server_close()


def _raw(text: str) -> bytes:
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    return deflater.compress(text.encode()) + deflater.flush()


def _port(server: Server) -> int:
    return int(server.httpd.server_address[1])


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "203.113.131.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) == ""


def test_allow_list() -> None:
    allow = AllowList(["Intranet.Example.VN.", "*.corp.example.vn", "10.1.0.0/16", "[::1]", ""])
    assert allow.allows_name("intranet.example.vn")
    assert allow.allows_name("a.b.corp.example.vn")
    assert not allow.allows_name("corp.example.vn.evil.com")
    assert allow.allows_address(ipaddress.ip_address("10.1.200.3"))
    assert allow.allows_address(ipaddress.ip_address("::ffff:10.1.0.1"))
    assert allow.allows_address(ipaddress.ip_address("::1"))
    assert not allow.allows_address(ipaddress.ip_address("10.2.0.1"))


# --- refused fetches -----------------------------------------------------------------------


def test_internal_url_is_refused_with_a_reason(server: Server) -> None:
    before = len(server.requests)
    with pytest.raises(
        LoadError, match=r"refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback"
    ):
        fetch(f"{server.base}/secret.html")
    assert len(server.requests) == before  # not even connected


def test_allowed_host_is_fetched(server: Server) -> None:
    (article,) = fetch(f"{server.base}/article.html", allow=("127.0.0.1",)).articles
    assert article.title == TITLE


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "2130706433",
        "0x7f.1",
        "127.1",
    ],
)
def test_other_spellings_of_loopback_are_refused(server: Server, host: str) -> None:
    with pytest.raises(LoadError, match=r"refused: .* a loopback address"):
        fetch(f"http://{host}:{_port(server)}/secret.html")


def test_redirect_to_an_internal_host_is_refused(server: Server) -> None:
    # localhost is allowed by name; the redirect's 127.0.0.1 is not.
    start = f"http://localhost:{_port(server)}/to-secret"
    with pytest.raises(LoadError, match=r"refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1"):
        fetch(start, allow=("localhost",))
    with pytest.raises(LoadError, match=r"refused: ::ffff:127\.0\.0\.1 .* loopback"):
        fetch(f"http://localhost:{_port(server)}/to-mapped", allow=("localhost",))
    with pytest.raises(LoadError, match=r"only http:// and https://"):
        fetch(f"http://localhost:{_port(server)}/to-file", allow=("localhost",))
    assert "/secret.html" not in server.requests


def test_feed_items_linking_inside_are_refused(server: Server) -> None:
    result = fetch(f"http://localhost:{_port(server)}/feed.xml", allow=("localhost",))
    texts = " ".join(a.text for a in result.articles)
    assert SECRET not in texts
    assert "/secret.html" not in server.requests
    # The good item's page is read; the refused one keeps the feed's own text (as before).
    assert PARA1 in texts and PARA2 in texts and PARA3 in texts
    warnings = "\n".join(result.warnings)
    assert "/secret.html: page failed (refused: 127.0.0.1 resolves to 127.0.0.1" in warnings
    assert "[::ffff:7f00:1]" in warnings and "loopback" in warnings
    assert "bad\u200bhost" in warnings
    assert "xn--a.example" in warnings
    assert "localhost:99999" in warnings and "used the feed's own text" in warnings
    assert len(result.warnings) == 5
    # The refused item keeps the feed's text, but its internal link is not kept for citations.
    refused = [a for a in result.articles if "secret.html" in a.origin]
    assert refused and all(a.url == "" for a in refused)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/x",
        "http://bad\u200bhost.example/",
        "http://example.com:99999/",
        "http://xn--a.example/",
        "http://exa mple.com/",
        "http://0177.0.0.1/",
        "http://\u00ad/",
        "https://[fe80::1%25eth0]/",
    ],
)
def test_bad_urls_are_a_load_error(url: str) -> None:
    with pytest.raises(LoadError):
        fetch(url, timeout=0.5)


# --- deadline and size ---------------------------------------------------------------------


class _SlowHeaders:
    """A server that sends its status line and headers one byte every 0.3 s."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._respond, args=(conn,), daemon=True).start()

    def _respond(self, conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: a\r\n" * 40 + b"\r\n"
        with conn:
            conn.recv(65536)
            for byte in head:
                if self.stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.3)


def test_slow_headers_end_at_the_deadline() -> None:
    slow = _SlowHeaders()
    try:
        started = time.monotonic()
        with pytest.raises(LoadError, match=r"timed out after 1 s"):
            fetch(f"http://127.0.0.1:{slow.port}/", allow=("127.0.0.1",), timeout=1.0)
        assert time.monotonic() - started < 1.5
    finally:
        slow.stop.set()
        slow.sock.close()


@pytest.mark.parametrize("path", ["/gzip-gzip", "/deflate-gzip", "/raw-deflate"])
def test_encoding_chains_are_decoded(server: Server, path: str) -> None:
    (article,) = fetch(f"{server.base}{path}", allow=("127.0.0.1",)).articles
    assert article.title == TITLE
    assert PARA1 in article.text


def test_double_gzip_bomb_stays_bounded(server: Server) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=r"page larger than FETCH_MAX_MB=5"):
            fetch(f"{server.base}/bomb", allow=("127.0.0.1",), timeout=10.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 300 * 1024 * 1024
    assert peak < 4 * MAX_BYTES  # the cap, plus decoding pieces


# --- a run goes on -------------------------------------------------------------------------


def test_bad_urls_and_feed_items_cost_only_themselves(
    server: Server, settings: Settings, embedder: Embedder
) -> None:
    settings = settings.model_copy(update={"fetch_allow_hosts": ["localhost"]})
    folder = Path(settings.ingest_sources[0])
    port = _port(server)
    sources = [
        str(folder),
        "http://[::1/x",
        f"http://127.0.0.1:{port}/secret.html",
        "http://example.com:99999/",
        f"http://localhost:{port}/feed.xml",
    ]
    report = run(settings, embedder, sources)
    titles = {rec.title for rec in report.added}
    assert len(report.added) == 4  # the folder's article + three feed items
    assert TITLE in titles or "Bài 0" in titles
    reasons = {p.origin: p.reason for p in report.failed}
    assert "http://[::1/x" in reasons
    assert "refused" in reasons[f"http://127.0.0.1:{port}/secret.html"]
    assert "http://example.com:99999/" in reasons
    assert report.exit_code == 0
