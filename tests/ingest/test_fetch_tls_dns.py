"""The fetch policy's two edges that a plain-HTTP test on 127.0.0.1 does not reach.

- HTTPS through the pinned address: the policy connects to the address it checked, and TLS
  must still send the URL's host name (SNI), verify the certificate against that name and
  send it as the Host header. A real TLS server on 127.0.0.1 with a certificate made here
  by the `openssl` command for "tin.hoidap.test"; the name resolves to 127.0.0.1 through
  the policy's resolver argument (no hosts file, no DNS server).
- The host name lookup is under the fetch's deadline: a resolver that never answers (one
  that blocks, as a resolver does whose server drops the packets) costs that URL its
  deadline, with a reason, and nothing more.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ingest.fetch import FetchError, get, http_client
from ingest.outbound import MAX_LOOKUPS
from tests.ingest.test_fetch import ARTICLE, PARA2

NAME = "tin.hoidap.test"
MAX_BYTES = 256 * 1024


def _resolver(names: dict[str, str]) -> Any:
    """getaddrinfo for a few names of our own; any other name does not exist."""

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]

    return resolve


class TLSServer:
    def __init__(self, folder: Path) -> None:
        self.cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", str(key), "-out", str(self.cert), "-days", "2",
                "-subj", f"/CN={NAME}", "-addext", f"subjectAltName=DNS:{NAME}",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        self.server_names: list[str | None] = []
        self.hosts: list[str | None] = []
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        context.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
        hosts = self.hosts

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hosts.append(self.headers.get("Host"))
                body = ARTICLE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def trusting(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[TLSServer]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command makes the test certificate")
    server = TLSServer(tmp_path)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def _get(url: str, *, resolve: Any, verify: ssl.SSLContext | bool, allow: tuple[str, ...]) -> Any:
    with http_client(timeout=5.0, allow_hosts=allow, resolve=resolve, verify=verify) as client:
        return get(client, url, timeout=5.0, max_bytes=MAX_BYTES)


def test_https_sends_the_name_through_the_pinned_address(tls: TLSServer) -> None:
    url = f"https://{NAME}:{tls.port}/bai.html"
    resolve = _resolver({NAME: "127.0.0.1"})
    page = _get(url, resolve=resolve, verify=tls.trusting(), allow=(NAME,))
    assert PARA2 in page.body.decode()
    assert page.final_url == url
    assert tls.server_names == [NAME]  # SNI: the name, not 127.0.0.1
    assert tls.hosts == [f"{NAME}:{tls.port}"]


def test_https_certificates_are_verified(tls: TLSServer) -> None:
    url = f"https://{NAME}:{tls.port}/bai.html"
    resolve = _resolver({NAME: "127.0.0.1", "khac.hoidap.test": "127.0.0.1"})
    # Not trusted: the default trust store does not know this certificate.
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        _get(url, resolve=resolve, verify=True, allow=(NAME,))
    # Trusted, but for another name than the one asked for.
    other = f"https://khac.hoidap.test:{tls.port}/bai.html"
    with pytest.raises(FetchError, match=r"(?i)hostname mismatch|doesn't match"):
        _get(other, resolve=resolve, verify=tls.trusting(), allow=("khac.hoidap.test",))
    assert tls.hosts == []  # no request was sent over either connection


def test_the_policy_checks_what_the_resolver_returns(tls: TLSServer) -> None:
    url = f"https://{NAME}:{tls.port}/bai.html"
    with pytest.raises(FetchError, match=r"resolves to 127\.0\.0\.1, a loopback address"):
        _get(url, resolve=_resolver({NAME: "127.0.0.1"}), verify=tls.trusting(), allow=())
    assert tls.server_names == []


class Hanging:
    """A resolver that does not answer until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []

    def __call__(self, host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        self.asked.append(host)
        self.release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


@pytest.fixture
def hanging() -> Iterator[Hanging]:
    resolver = Hanging()
    yield resolver
    resolver.release.set()


def test_a_resolver_that_hangs_costs_the_fetch_its_deadline(hanging: Hanging) -> None:
    started = time.monotonic()
    with (
        http_client(timeout=0.5, resolve=hanging) as client,
        pytest.raises(FetchError) as failed,
    ):
        get(client, "http://tin.hoidap.test/bai.html", timeout=0.5, max_bytes=MAX_BYTES)
    elapsed = time.monotonic() - started
    assert hanging.asked == [NAME]
    assert str(failed.value).startswith(
        f"cannot resolve host {NAME!r}: no answer before the fetch's deadline (FETCH_TIMEOUT)"
    )
    assert elapsed < 2.5  # the resolver itself would wait 30 s


def test_hanging_lookups_do_not_pile_up(hanging: Hanging) -> None:
    # MAX_LOOKUPS hang at once; the next fetch waits for a free slot within its deadline.
    failures: list[str] = []

    def fetch_one(n: int) -> None:
        with http_client(timeout=1.5, resolve=hanging) as client:
            try:
                get(client, f"http://h{n}.hoidap.test/", timeout=1.5, max_bytes=MAX_BYTES)
            except FetchError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=fetch_one, args=(n,)) for n in range(MAX_LOOKUPS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while len(hanging.asked) < MAX_LOOKUPS and time.monotonic() < deadline:
        time.sleep(0.01)
    # (Lookups another test left hanging on a real resolver may hold slots too.)
    assert 0 < len(hanging.asked) <= MAX_LOOKUPS
    with http_client(timeout=0.3, resolve=hanging) as client, pytest.raises(FetchError) as late:
        get(client, "http://late.hoidap.test/", timeout=0.3, max_bytes=MAX_BYTES)
    assert "other lookups are still waiting" in str(late.value)
    assert "late.hoidap.test" not in hanging.asked
    for thread in threads:
        thread.join(10)
    assert len(failures) == MAX_LOOKUPS
