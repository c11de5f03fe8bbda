"""The one way to reach Chroma: a client whose failures come out as `retrieval.index.errors`.

Two ways to reach it (`make_client`):

- embedded (the default): a `PersistentClient` on CHROMA_PATH. It serves one process at a
  time: a process that has it open keeps its own in-memory view, so it would not see what
  another process writes. An ingestion is therefore refused while another process writes
  *or reads* the same folder (`Index.writer_lock`, `retrieval.index.locks`), and the message
  names server mode.
- server (CHROMA_URL): an `HttpClient` to `chroma run --path … --port …`, shared by the bot
  and scheduled ingestion, possibly on several hosts. A lost server raises
  `StoreUnavailable` (bounded by CHROMA_TIMEOUT); the next call after the server is back
  simply works (no state is kept in the client).

Also here: how a collection is opened (`open_collection`: Chroma never computes a vector itself)
and read in pages (`pages`, `raw_pages`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from retrieval.index.errors import CollectionGone, StoreError, StoreUnavailable
from retrieval.settings import Settings

log = logging.getLogger(__name__)

PAGE = 5000  # rows per get(): keeps memory flat on large collections
# Records that only need ids and metadata (articles, the registry's records): Chroma still
# wants a vector per record, so each gets this constant one (and Chroma never computes one
# itself).
RECORD_VECTOR = [1.0]


def make_client(settings: Settings) -> Any:
    """An embedded client on CHROMA_PATH, or an HTTP client to CHROMA_URL; either way its
    failures come out as `retrieval.index.errors` (`_Guarded`)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Telemetry off: staff questions and documents stay on the organisation's machines.
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
        return _Guarded(client, "")
    url = settings.chroma_url
    host, port, ssl = parse_chroma_url(url)
    # Our own bounded heartbeat first: the client's constructor already talks to the server,
    # without any time limit.
    _heartbeat(url, settings.chroma_timeout)
    try:
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
    except ValueError as exc:  # "Could not connect to a Chroma server"
        raise StoreUnavailable(_unreachable(url, exc)) from exc
    _bound_requests(client, settings.chroma_timeout)
    return _Guarded(client, url)


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """CHROMA_URL -> (host, port, ssl); a URL without a port means Chroma's 8000 (443 for
    https)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            f"CHROMA_URL={url!r} is not a server URL such as http://127.0.0.1:8000 "
            "(leave it empty for the embedded database in CHROMA_PATH)."
        )
    if parts.path.strip("/"):
        raise StoreError(f"CHROMA_URL={url!r}: give the server's root URL, without a path.")
    ssl = parts.scheme == "https"
    try:
        port = parts.port or (443 if ssl else 8000)
    except ValueError as exc:
        raise StoreError(f"CHROMA_URL={url!r} has an invalid port.") from exc
    return parts.hostname, port, ssl


def _heartbeat(url: str, timeout: float) -> None:
    import httpx

    try:
        httpx.get(f"{url.rstrip('/')}/api/v2/heartbeat", timeout=timeout).raise_for_status()
    except httpx.HTTPError as exc:
        raise StoreUnavailable(_unreachable(url, exc)) from exc


def _bound_requests(client: Any, seconds: float) -> None:
    """Give the HTTP client's requests a time limit (chromadb creates them without one)."""
    import httpx

    # chromadb offers no setting for it; its client keeps a plain httpx.Client. If a future
    # version hides it, say so rather than hang silently.
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))
    else:
        log.warning(
            "this chromadb version hides its HTTP session: requests to the Chroma server "
            "have no time limit (CHROMA_TIMEOUT is not applied)"
        )


def _unreachable(url: str, exc: BaseException) -> str:
    return (
        f"The Chroma server at {url} (CHROMA_URL) cannot be reached "
        f"({type(exc).__name__}: {exc}). Start it (`chroma run --path … --port …`), check "
        "CHROMA_URL, or raise CHROMA_TIMEOUT if the server is only slow."
    )


class _Guarded:
    """A Chroma client or collection whose failures come out as `retrieval.index.errors`.

    A server that is down, unreachable or too slow -> `StoreUnavailable`; a collection
    dropped by another process (a rebuild switched generations) -> `CollectionGone`.
    Collections it returns are guarded too, so every Chroma call in the code (the index's
    and the search snapshot's reads through `Store`) is covered in one place.
    """

    def __init__(self, target: Any, url: str) -> None:
        self._target = target
        self._url = url

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                out = attr(*args, **kwargs)
            except Exception as exc:
                translated = self._translate(exc)
                if translated is exc:
                    raise
                raise translated from exc
            return _Guarded(out, self._url) if _is_collection(out) else out

        return call

    def _translate(self, exc: Exception) -> Exception:
        import httpx
        from chromadb.errors import NotFoundError

        if isinstance(exc, httpx.TransportError):
            return StoreUnavailable(_unreachable(self._url, exc))
        if isinstance(exc, NotFoundError):
            return CollectionGone(f"{exc} (another process dropped it: reopen the index)")
        return exc


def _is_collection(value: Any) -> bool:
    from chromadb.api.models.Collection import Collection

    return isinstance(value, Collection)


def open_collection(client: Any, name: str) -> Any:
    """The collection `name`, created when missing."""
    # embedding_function=None: Chroma must never compute vectors itself (its default
    # function downloads a model); every vector comes from our Embedder.
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def pages(collection: Any, include: list[str]) -> Iterator[tuple[list[str], list[Any], Any]]:
    """(ids, metadatas, documents) of every record, `PAGE` at a time."""
    for got in raw_pages(collection, include):
        yield got["ids"], got.get("metadatas") or [], got.get("documents")


def raw_pages(collection: Any, include: list[str]) -> Iterator[dict[str, Any]]:
    """Chroma's own `get` answers for every record, `PAGE` at a time."""
    offset = 0
    while True:
        got = collection.get(include=include, limit=PAGE, offset=offset)
        ids = got["ids"]
        if not ids:
            return
        yield got
        if len(ids) < PAGE:
            return
        offset += len(ids)
