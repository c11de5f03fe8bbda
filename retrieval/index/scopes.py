"""Knowledge scopes: which articles a chat may see, read from ACCESS_FILE.

A scope is a named set of articles: those whose sources (folders, files, URLs, feeds, as
INGEST_SOURCES) the scope lists. Admins declare the scopes, and who reads them, in one
TOML file (ACCESS_FILE, default `data/access.toml`):

    [scopes.chung]                 # readable by every allowed user and chat
    sources = ["data/articles"]
    public = true

    [scopes.nhan-su]
    title = "Nhân sự"
    sources = ["data/nhan-su"]
    users = [111111111]            # Telegram user ids
    chats = [-1001234567890]       # group/supergroup ids: everyone asking there

    [users]                        # optional: scopes by user id ...
    222222222 = ["nhan-su"]
    [chats]                        # ... and by chat id
    -1009876543210 = ["nhan-su"]

Without the file everything is one public scope, `chung`, over INGEST_SOURCES (as before
scopes existed). A question in a private chat sees its user's scopes, in a group its
chat's (never the asker's own: the group reads the answer), and the public scopes
everywhere; `None` as a visibility means everything (admins in private chats, the CLI
without `--scope`).

Ingestion stamps each article's scopes on its records (`retrieval.index.chunks.SCOPES`);
search selects from the visible scopes before it cuts its top k (`retrieval.search`).
This module is pure: it reads the file and answers questions about it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_SCOPE",
    "AccessError",
    "AccessFile",
    "AccessPolicy",
    "Scope",
    "Visibility",
    "load_policy",
    "sees",
]

log = logging.getLogger(__name__)

# The one public scope without ACCESS_FILE, and the scope of articles stamped before
# scopes existed.
DEFAULT_SCOPE = "chung"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
_SCOPE_KEYS = {"title", "sources", "public", "users", "chats"}

# Scope names a question may see; None: every article, whatever its scopes.
Visibility = frozenset[str] | None


class AccessError(ValueError):
    """ACCESS_FILE is unreadable or wrong; the message names the file and the line."""


@dataclass(frozen=True)
class Scope:
    name: str
    sources: tuple[str, ...]
    title: str = ""
    public: bool = False
    users: frozenset[int] = frozenset()
    chats: frozenset[int] = frozenset()

    @property
    def label(self) -> str:
        return self.title or self.name


@dataclass(frozen=True)
class AccessPolicy:
    """The scopes and who reads them. `path` is None for the policy without a file."""

    scopes: dict[str, Scope]
    path: Path | None = None
    # Where relative sources are resolved from (the working directory at load time).
    base: Path = field(default_factory=Path.cwd)

    @classmethod
    def single(cls, sources: Sequence[str]) -> AccessPolicy:
        """The policy without ACCESS_FILE: one public scope over `sources`."""
        return cls({DEFAULT_SCOPE: Scope(DEFAULT_SCOPE, tuple(sources), public=True)})

    # --- who sees what -------------------------------------------------------------------
    def visible(self, user_id: int | None, chat_id: int | None, *, private: bool) -> frozenset[str]:
        """The scopes a question may see: in a private chat its user's, in a group its
        chat's; the public ones everywhere."""
        out = {s.name for s in self.scopes.values() if s.public}
        for scope in self.scopes.values():
            if private and user_id is not None and user_id in scope.users:
                out.add(scope.name)
            if not private and chat_id is not None and chat_id in scope.chats:
                out.add(scope.name)
        return frozenset(out)

    def visible_as(self, chat_id: int) -> frozenset[str]:
        """What a question in chat `chat_id` sees (a user's own id: their private chat)."""
        return self.visible(chat_id, chat_id, private=chat_id > 0)

    # --- which scopes hold an article ----------------------------------------------------
    def scopes_of(self, location: str) -> tuple[str, ...]:
        """The scopes whose sources hold `location`: a file path (inside a listed folder,
        or the listed file) or a URL (listed as such, or the feed it came from)."""
        return tuple(
            name
            for name, scope in sorted(self.scopes.items())
            if any(_holds(self._resolve(src), location) for src in scope.sources)
        )

    def sources(self) -> list[str]:
        """Every scope's sources, each once, in file order: what ingestion reads."""
        out: list[str] = []
        for scope in self.scopes.values():
            out.extend(src for src in scope.sources if src not in out)
        return out

    def first_folder(self, name: str) -> Path | None:
        """The first folder source of scope `name` (where an upload for it is saved)."""
        scope = self.scopes.get(name)
        if scope is None:
            return None
        for src in scope.sources:
            if not _is_url(src) and not Path(src).suffix:
                return Path(self._resolve(src))
        return None

    def _resolve(self, source: str) -> str:
        if _is_url(source):
            return source
        path = Path(source).expanduser()
        return os.path.realpath(path if path.is_absolute() else self.base / path)


def sees(visibility: Visibility, scopes: Iterable[str]) -> bool:
    """Whether a question with `visibility` may see an article stamped with `scopes`."""
    return visibility is None or not visibility.isdisjoint(scopes)


def load_policy(path: Path, default_sources: Sequence[str]) -> AccessPolicy:
    """The policy in ACCESS_FILE `path`, or the single public scope over `default_sources`
    when there is no such file. Raises `AccessError` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AccessPolicy.single(default_sources)
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessError(f"{path}: cannot be read ({exc}); fix it or set ACCESS_FILE") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(f"{path}: not valid TOML: {exc}") from exc
    return _parse(path, text, data)


class AccessFile:
    """ACCESS_FILE, read again whenever its modification time or size changes (no
    restart). A file made wrong meanwhile keeps the last good policy, with the error
    kept in `error` for admins to see."""

    def __init__(self, path: Path, default_sources: Sequence[str]) -> None:
        self.path = path
        self.default_sources = list(default_sources)
        self.error = ""
        self._lock = threading.Lock()
        self._stamp = self._read_stamp()
        self._policy = load_policy(path, self.default_sources)  # an error stops start-up

    def current(self) -> AccessPolicy:
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return self._policy
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._policy = load_policy(self.path, self.default_sources)
                    self.error = ""
                except AccessError as exc:
                    self.error = str(exc)
                    log.warning("%s; the previous scopes stay in force", exc)
                self._stamp = stamp
        return self._policy

    def _read_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size


# --- reading the file ----------------------------------------------------------------------
def _parse(path: Path, text: str, data: dict[str, object]) -> AccessPolicy:
    lines = text.splitlines()

    def fail(message: str, *anchors: str) -> AccessError:
        line = _line_of(lines, anchors)
        where = f"{path}, line {line}" if line else str(path)
        return AccessError(f"{where}: {message}")

    unknown = set(data) - {"scopes", "users", "chats"}
    if unknown:
        name = sorted(unknown)[0]
        raise fail(f"unknown table [{name}]: use [scopes.NAME], [users], [chats]", name)
    tables = data.get("scopes", {})
    if not isinstance(tables, dict) or not tables:
        raise fail("no scope defined: add a [scopes.NAME] table with sources = [...]")
    members: dict[str, dict[str, set[int]]] = {}
    for name, body in tables.items():
        anchor = f"[scopes.{name}]"
        if not _NAME.fullmatch(name):
            raise fail(f"scope name {name!r}: use letters, digits, '-', '_' and '.'", anchor)
        if not isinstance(body, dict):
            raise fail(f"scope {name!r} must be a table", anchor)
        extra = set(body) - _SCOPE_KEYS
        if extra:
            raise fail(f"scope {name!r}: unknown key {sorted(extra)[0]!r}", anchor)
        sources = body.get("sources")
        if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
            raise fail(f'scope {name!r} needs sources = ["folder", ...]', anchor)
        if not isinstance(body.get("public", False), bool):
            raise fail(f"scope {name!r}: public must be true or false", anchor)
        if not isinstance(body.get("title", ""), str):
            raise fail(f"scope {name!r}: title must be a string", anchor)
        members[name] = {
            "users": set(_ids(body.get("users", []), name, "users", fail, anchor)),
            "chats": set(_ids(body.get("chats", []), name, "chats", fail, anchor)),
        }
    for table in ("users", "chats"):
        listed = data.get(table, {})
        if not isinstance(listed, dict):
            raise fail(f"[{table}] must map ids to lists of scope names", f"[{table}]")
        for key, names in listed.items():
            (who,) = _ids([key], table, table, fail, f"[{table}]")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise fail(f"[{table}] {key}: give a list of scope names", key)
            for n in names:
                if n not in members:
                    raise fail(
                        f"[{table}] {key} names scope {n!r}, which no [scopes.*] defines", key
                    )
                members[n][table].add(who)
    built = {
        name: Scope(
            name=name,
            sources=tuple(tables[name]["sources"]),
            title=str(tables[name].get("title", "")),
            public=bool(tables[name].get("public", False)),
            users=frozenset(members[name]["users"]),
            chats=frozenset(members[name]["chats"]),
        )
        for name in tables
    }
    return AccessPolicy(built, path=path)


def _ids(
    values: object, scope: str, key: str, fail: Callable[..., AccessError], anchor: str
) -> list[int]:
    if not isinstance(values, list):
        raise fail(f"scope {scope!r}: {key} must be a list of Telegram ids", anchor)
    out = []
    for value in values:
        number = None
        if isinstance(value, int | str) and not isinstance(value, bool):
            try:
                number = int(value)
            except ValueError:
                number = None
        if number is None or number == 0 or abs(number) >= 10**16:
            raise fail(f"{key}: {value!r} is not a Telegram id", anchor, str(value))
        out.append(number)
    return out


def _line_of(lines: list[str], anchors: Sequence[str]) -> int:
    """The line (from 1) where the first of `anchors` appears, 0 when none does."""
    for anchor in anchors:
        for i, line in enumerate(lines, 1):
            stripped = line.split("#", 1)[0].strip().replace('"', "").replace(" ", "")
            if anchor.replace('"', "").replace(" ", "") in stripped:
                return i
    return 0


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def _holds(source: str, location: str) -> bool:
    if _is_url(source) or _is_url(location):
        return source == location
    path = location.split("#", 1)[0]
    return path == source or path.startswith(source.rstrip(os.sep) + os.sep)
