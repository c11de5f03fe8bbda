"""The outbound-fetch policy: which addresses ingestion may connect to, checked when it connects.

`CheckedBackend` is the connect step of every fetch (`ingest.fetch.http_client` installs it):
it resolves the host once, refuses it unless every address it resolves to passes, and
connects to a checked address (TLS and the Host header still use the name), so DNS rebinding
cannot swap the address between the check and the connection. Refused: loopback, private,
link-local, shared (CGNAT), multicast, reserved, unspecified and cloud-metadata addresses,
also when written another way (2130706433, 0x7f.1: the check is on the resolved address) or
carried inside IPv6 (::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::/96, 6to4, Teredo).
`AllowList` is FETCH_ALLOW_HOSTS: intranet hosts an admin does want to ingest.

`deadline(seconds)` bounds every socket wait of a fetch by one end time, from the first
connect to the last byte, so a server sending its headers a byte at a time cannot hold it.
The host name lookup is under it too: the system resolver has its own timeouts (5 s a try,
several tries, by default) and cannot be interrupted, so it runs in a thread of its own and
the fetch stops waiting for it at the deadline ("cannot resolve host …: no answer within
…"); the thread ends when the resolver gives up. At most `MAX_LOOKUPS` lookups run at once,
so a resolver that hangs on every name cannot pile up threads: past that, a fetch waits for
a free slot within its deadline.

`CheckedBackend(allow, resolve=...)` takes another resolver with `socket.getaddrinfo`'s
signature (tests: names of their own for servers on 127.0.0.1, a resolver that hangs); the
policy checks whatever it returns the same way.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpcore

__all__ = [
    "MAX_LOOKUPS",
    "AllowList",
    "CheckedBackend",
    "Refused",
    "Resolver",
    "deadline",
    "refusal",
]


class Refused(Exception):
    """The policy refuses this connection; the message says why."""


# Cloud metadata endpoints; most are link-local or private already, listed so the reason says so.
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")

# The end of the current fetch (time.monotonic()), read by every socket wait.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fetch_deadline", default=None
)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# socket.getaddrinfo(host, port, type=socket.SOCK_STREAM) and anything with its signature.
Resolver = Callable[..., Sequence[tuple[Any, ...]]]
# Host name lookups in flight at once, over all fetches of the process.
MAX_LOOKUPS = 8
_LOOKUPS = threading.BoundedSemaphore(MAX_LOOKUPS)


class AllowList:
    """FETCH_ALLOW_HOSTS: host names fetched whatever they resolve to ("intranet.example.vn",
    "*.corp.example.vn" for its subdomains) and addresses/networks ("10.1.2.3", "10.1.0.0/16")
    that may be connected to whichever name led there."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        names: set[str] = set()
        suffixes: set[str] = set()
        networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for raw in entries:
            entry = raw.strip().strip("[]").lower().rstrip(".")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if entry.startswith("*."):
                suffixes.add("." + _ascii_host(entry[2:]))
            else:
                names.add(_ascii_host(entry))
        self.names = frozenset(names)
        self.suffixes = frozenset(suffixes)
        self.networks = tuple(networks)

    def allows_name(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host in self.names or any(host.endswith(s) for s in self.suffixes)

    def allows_address(self, address: IPAddress) -> bool:
        return any(a in net for a in _embedded(address) for net in self.networks)


def refusal(address: IPAddress) -> str:
    """Why the policy refuses to connect to `address` ("" when it does not)."""
    for a in _embedded(address):
        if a in _METADATA:
            return "a cloud metadata address"
        for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
            if getattr(a, f"is_{kind}"):
                return f"a {kind.replace('_', '-')} address"
        if not a.is_global:
            return "not a public address"
    return ""


def _embedded(address: IPAddress) -> list[IPAddress]:
    """The address and every IPv4 address an IPv6 one carries (mapped, compatible, NAT64,
    6to4, Teredo): each must pass."""
    found: list[IPAddress] = []  # the IPv4 ones first: their reason is the telling one
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            found.append(address.ipv4_mapped)
        if address in _COMPATIBLE or address in _NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:
            found.append(address.sixtofour)
        if address.teredo is not None:
            found.extend(address.teredo)
    return [*found, address]


def _ascii_host(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every socket wait inside ends `seconds` from now at the latest."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _wait(timeout: float | None, error: type[Exception]) -> float | None:
    """The time a socket may wait: its own timeout, cut to what is left of the deadline."""
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the fetch's overall deadline has passed")
    return left if timeout is None else min(timeout, left)


class _CheckedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _wait(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _wait(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _wait(timeout, httpcore.ConnectTimeout)
        return _CheckedStream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class CheckedBackend(httpcore.NetworkBackend):
    """Resolves the host once, refuses it unless every address passes, and connects to a
    checked address; TLS and the Host header still use the name (httpcore passes it on)."""

    def __init__(self, allow: AllowList, resolve: Resolver = socket.getaddrinfo) -> None:
        self._allow = allow
        self._resolve = resolve
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, self._resolve, _wait(timeout, httpcore.ConnectTimeout))
        if not self._allow.allows_name(host):
            for address in addresses:
                why = refusal(address)
                if why and not self._allow.allows_address(address):
                    raise Refused(
                        f"refused: {host} resolves to {address}, {why}"
                        " (FETCH_ALLOW_HOSTS lists intranet hosts to fetch anyway)"
                    )
        error: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=_wait(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _CheckedStream(stream)
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise Refused("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _resolve(host: str, port: int, resolve: Resolver, timeout: float | None) -> list[IPAddress]:
    try:
        infos = _lookup(host, port, resolve, timeout)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise Refused(f"cannot resolve host {host!r}: {exc}") from exc
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise Refused(f"cannot resolve host {host!r}: no IP address")
    return addresses


def _lookup(
    host: str, port: int, resolve: Resolver, timeout: float | None
) -> Sequence[tuple[Any, ...]]:
    """`resolve(host, port, type=SOCK_STREAM)`, given up on after `timeout` seconds (the
    lookup itself runs on in its thread until the resolver returns)."""
    if timeout is None:
        return resolve(host, port, type=socket.SOCK_STREAM)
    end = time.monotonic() + timeout
    if not _LOOKUPS.acquire(timeout=timeout):
        raise _no_answer(host, f"{MAX_LOOKUPS} other lookups are still waiting")
    done = threading.Event()
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(resolve(host, port, type=socket.SOCK_STREAM))
        except BaseException as exc:  # handed to the fetch that asked, which reports it
            outcome.append(exc)
        finally:
            _LOOKUPS.release()
            done.set()

    try:
        threading.Thread(target=run, name=f"resolve {host}", daemon=True).start()
    except BaseException:
        _LOOKUPS.release()
        raise
    if not done.wait(max(0.0, end - time.monotonic())):
        raise _no_answer(host, "the resolver did not answer")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    infos: Sequence[tuple[Any, ...]] = outcome[0]
    return infos


def _no_answer(host: str, why: str) -> Refused:
    return Refused(
        f"cannot resolve host {host!r}: no answer before the fetch's deadline"
        f" (FETCH_TIMEOUT): {why}"
    )
