"""The question journal: every answered question, its answer and the passages it cited,
and the 👍/👎 staff gave it. One SQLite file under BOT_DATA_DIR.

It is what the buttons under an answer point to (their callback data holds only an entry
id: Telegram allows 64 bytes), so buttons of an old answer keep working after a restart.
Admins read it through /stats, /unanswered and /export (the queries behind them are in
`bot.usage`). A 👎 may carry a reason (REASONS), asked for with buttons after the tap.
Entries older than JOURNAL_RETENTION_DAYS are pruned (`prune`), in the background.

Calls are synchronous and short; the bot runs them in a worker thread (`asyncio.to_thread`),
so one connection is shared behind a lock. WAL lets a reader (an admin's own sqlite3 shell,
a backup) look at the file while the bot writes.

A journal that cannot be opened or fails SQLite's quick check (a disk error, a file cut
short or overwritten) never stops the bot: it is moved aside as
`journal.damaged-<UTC time>.sqlite3` (its -wal/-shm files with it), a new one is started,
a warning names both, and /stats counts the journals moved aside until an admin removes
them (they may still be partly readable with sqlite3's `.recover`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from retrieval.answers.types import Answer

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = [
    "JOURNAL_FILE",
    "REASONS",
    "Cited",
    "Entry",
    "Journal",
    "JournalStats",
    "Quoted",
    "period_starts",
]

# Its name under BOT_DATA_DIR.
JOURNAL_FILE = "journal.sqlite3"
# A damaged journal moved aside: journal.damaged-<UTC time>.sqlite3 beside it.
_DAMAGED = "{stem}.damaged-{stamp}{suffix}"
# Why an answer got its 👎, as stored (the labels staff see are in bot.messages), in the
# order of the buttons; callback data carries the position.
REASONS = ("wrong", "off_question", "no_source", "other")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,              -- unix time
    user_id INTEGER,
    chat_id INTEGER NOT NULL,
    thread_id INTEGER,             -- forum topic, NULL outside topics
    question TEXT NOT NULL,        -- as asked
    standalone TEXT NOT NULL,      -- as searched, after follow-up rewriting
    answer TEXT NOT NULL,          -- the answer text shown (or the "not found" message)
    found INTEGER NOT NULL,        -- 0: nothing relevant enough was found
    mode TEXT NOT NULL,            -- extractive, llm or none
    chunk_ids TEXT NOT NULL,       -- the cited chunks, space-separated, in citation order
    -- JSON, one object per source [n] (an article): {n, article_id, title, url, source,
    -- published, passages: [{chunk_id, start, end, quote}]}; for a declined answer, the
    -- passages offered as related. Rows written before sources were merged per article
    -- hold {n, chunk_id, article_id, title, url, quote}: one passage each.
    citations TEXT NOT NULL,
    scopes TEXT                    -- knowledge scopes it was answered under, "," between;
                                   -- NULL: every article (an admin, or before scopes)
);
CREATE INDEX IF NOT EXISTS entries_at ON entries (at);
CREATE TABLE IF NOT EXISTS feedback (
    entry_id INTEGER NOT NULL REFERENCES entries (id),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL,         -- +1 👍, -1 👎; a user's last tap wins
    at REAL NOT NULL,
    reason TEXT,                   -- with a 👎: one of REASONS, NULL until given
    PRIMARY KEY (entry_id, user_id)
);
"""
# Journals written before 👎 reasons: the column is added when such a file is opened.
_MIGRATIONS = (
    ("feedback", "reason", "ALTER TABLE feedback ADD COLUMN reason TEXT"),
    ("entries", "scopes", "ALTER TABLE entries ADD COLUMN scopes TEXT"),
)


@dataclass(frozen=True)
class Quoted:
    """One passage of a cited article, as it was quoted then."""

    chunk_id: str
    quote: str
    start: int = 0  # its span in the article (0, 0 in rows older than this field)
    end: int = 0
    location: str = ""  # "Điều 5, trang 12" ("" in rows older than this field)
    ocr: bool = False  # read by OCR from a scan or photo (False in rows older than this field)


@dataclass(frozen=True)
class Cited:
    """Source [n] of a journalled answer (or related passage n of a declined one): an
    article and the passages of it that were quoted."""

    n: int
    article_id: str
    title: str
    url: str
    passages: tuple[Quoted, ...]
    source: str = ""
    published: str = ""

    @property
    def chunk_ids(self) -> tuple[str, ...]:
        return tuple(p.chunk_id for p in self.passages)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cited:
        if "passages" in data:
            passages = tuple(Quoted(**p) for p in data["passages"])
        else:  # a row from before sources were merged per article: one passage
            passages = (Quoted(data["chunk_id"], data["quote"]),)
        return cls(
            n=data["n"],
            article_id=data["article_id"],
            title=data["title"],
            url=data["url"],
            passages=passages,
            source=data.get("source", ""),
            published=data.get("published", ""),
        )


@dataclass(frozen=True)
class Entry:
    id: int
    at: float
    user_id: int | None
    chat_id: int
    thread_id: int | None
    question: str
    standalone: str
    answer: str
    found: bool
    mode: str
    citations: tuple[Cited, ...]
    up: int = 0  # current 👍 / 👎 counts (one per user)
    down: int = 0
    reasons: tuple[str, ...] = ()  # the reasons given with the standing 👎s (REASONS)
    # The knowledge scopes it was answered under; None: every article.
    scopes: tuple[str, ...] | None = None

    def cited(self, n: int) -> Cited | None:
        return next((c for c in self.citations if c.n == n), None)


@dataclass(frozen=True)
class JournalStats:
    today: int
    today_not_found: int
    week: int
    week_not_found: int
    total: int
    total_not_found: int
    up: int
    down: int
    week_up: int
    week_down: int
    damaged: int = 0  # damaged journals moved aside (still in BOT_DATA_DIR)


def period_starts(now: datetime) -> tuple[float, float]:
    """Unix times of the start of `now`'s day and of its week (Monday), in `now`'s own
    time zone: "today" for staff in Hà Nội starts at their midnight, not UTC's."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week = day - timedelta(days=day.weekday())
    return day.timestamp(), week.timestamp()


class Journal:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = _open(path)
        except sqlite3.DatabaseError as exc:
            aside = _move_aside(path)
            log.warning(
                "the question journal %s cannot be used (%s): moved aside as %s, starting a"
                " new one",
                path,
                exc,
                aside.name,
            )
            self._db = _open(path)

    def damaged(self) -> int:
        """How many damaged journals were moved aside beside this one."""
        pattern = _DAMAGED.format(stem=self.path.stem, stamp="*", suffix=self.path.suffix)
        return sum(1 for _ in self.path.parent.glob(pattern))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def size_bytes(self) -> int:
        """Bytes on disk: the database and its write-ahead log."""
        total = 0
        for extra in ("", "-wal"):
            with contextlib.suppress(OSError):
                total += self.path.with_name(self.path.name + extra).stat().st_size
        return total

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run `query` on the connection, alone (the reports of `bot.usage`)."""
        with self._lock:
            return query(self._db)

    # --- writing -----------------------------------------------------------------------
    def record(
        self,
        answer: Answer,
        *,
        user_id: int | None,
        chat_id: int,
        thread_id: int | None,
        at: float | None = None,
        scopes: Collection[str] | None = None,
    ) -> int:
        """Journal one answered question, answered from knowledge `scopes` (None: every
        article); its entry id."""
        # What the buttons under the reply show: the cited articles, or for a declined
        # answer the related passages it offers.
        shown = answer.citations if answer.found else answer.related
        citations = [
            {
                "n": c.n,
                "article_id": c.article_id,
                "title": c.title,
                "url": c.url,
                "source": c.source,
                "published": c.published,
                "passages": [
                    {
                        "chunk_id": p.chunk_id,
                        "start": p.start,
                        "end": p.end,
                        "quote": p.quote,
                        **({"location": p.location} if p.location else {}),
                        **({"ocr": True} if p.ocr else {}),
                    }
                    for p in c.passages
                ],
            }
            for c in shown
        ]
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO entries (at, user_id, chat_id, thread_id, question, standalone,"
                " answer, found, mode, chunk_ids, citations, scopes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time() if at is None else at,
                    user_id,
                    chat_id,
                    thread_id,
                    answer.question,
                    answer.standalone,
                    answer.text,
                    int(answer.found),
                    answer.mode,
                    " ".join(p.chunk_id for c in answer.citations for p in c.passages),
                    json.dumps(citations, ensure_ascii=False),
                    None if scopes is None else ",".join(sorted(scopes)),
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def vote(self, entry_id: int, user_id: int, vote: int, at: float | None = None) -> int | None:
        """Record `user_id`'s 👍 (+1) or 👎 (-1) on an entry, replacing their earlier vote.
        Returns the earlier vote (None if there was none)."""
        if vote not in (1, -1):
            raise ValueError("vote must be 1 or -1")
        with self._lock, self._db:
            # BEGIN..COMMIT (the `with self._db`): read and write as one step.
            self._db.execute("BEGIN IMMEDIATE")
            row = self._db.execute(
                "SELECT vote FROM feedback WHERE entry_id = ? AND user_id = ?",
                (entry_id, user_id),
            ).fetchone()
            self._db.execute(
                "INSERT INTO feedback (entry_id, user_id, vote, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (entry_id, user_id) DO UPDATE SET vote = excluded.vote,"
                " at = excluded.at,"
                # A 👍 drops the reason of an earlier 👎; a 👎 again keeps it.
                " reason = CASE WHEN excluded.vote < 0 THEN feedback.reason END",
                (entry_id, user_id, vote, time.time() if at is None else at),
            )
        return int(row["vote"]) if row else None

    def set_reason(self, entry_id: int, user_id: int, reason: str) -> bool:
        """Store why `user_id` gave their 👎; False when they have no standing 👎 on it."""
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS}")
        with self._lock:
            cursor = self._db.execute(
                "UPDATE feedback SET reason = ? WHERE entry_id = ? AND user_id = ? AND vote < 0",
                (reason, entry_id, user_id),
            )
        return cursor.rowcount > 0

    def prune(self, before: float) -> int:
        """Delete the entries asked before `before` (unix time) and their votes; how many.
        Buttons under those answers then say they have expired."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "DELETE FROM feedback WHERE entry_id IN (SELECT id FROM entries WHERE at < ?)",
                (before,),
            )
            cursor = self._db.execute("DELETE FROM entries WHERE at < ?", (before,))
        return cursor.rowcount

    # --- reading -----------------------------------------------------------------------
    def get(self, entry_id: int) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                f"{_SELECT_ENTRY} WHERE e.id = ? GROUP BY e.id", (entry_id,)
            ).fetchone()
        return _entry(row) if row else None

    def stats(self, today_start: float, week_start: float) -> JournalStats:
        with self._lock:
            counts = self._db.execute(
                "SELECT"
                " COUNT(*) FILTER (WHERE at >= :today),"
                " COUNT(*) FILTER (WHERE at >= :today AND NOT found),"
                " COUNT(*) FILTER (WHERE at >= :week),"
                " COUNT(*) FILTER (WHERE at >= :week AND NOT found),"
                " COUNT(*), COUNT(*) FILTER (WHERE NOT found)"
                " FROM entries",
                {"today": today_start, "week": week_start},
            ).fetchone()
            # Votes count with the week their question was asked in.
            votes = self._db.execute(
                "SELECT"
                " COUNT(*) FILTER (WHERE f.vote > 0),"
                " COUNT(*) FILTER (WHERE f.vote < 0),"
                " COUNT(*) FILTER (WHERE f.vote > 0 AND e.at >= :week),"
                " COUNT(*) FILTER (WHERE f.vote < 0 AND e.at >= :week)"
                " FROM feedback f JOIN entries e ON e.id = f.entry_id",
                {"week": week_start},
            ).fetchone()
        return replace(JournalStats(*counts, *votes), damaged=self.damaged())

    def unanswered(self, limit: int, scope: str | None = None) -> list[Entry]:
        """Recent questions that got no answer or a 👎 (still standing), newest first; with
        `scope`, only those answered where that knowledge scope was visible."""
        where = " WHERE instr(',' || e.scopes || ',', ?) > 0" if scope else ""
        params = (f",{scope},", limit) if scope else (limit,)
        with self._lock:
            rows = self._db.execute(
                f"{_SELECT_ENTRY}{where} GROUP BY e.id"
                " HAVING NOT e.found OR COUNT(f.vote) FILTER (WHERE f.vote < 0) > 0"
                " ORDER BY e.at DESC, e.id DESC LIMIT ?",
                params,
            ).fetchall()
        return [_entry(row) for row in rows]


def _open(path: Path) -> sqlite3.Connection:
    """A connection to a usable journal at `path` (created when missing); raises
    `sqlite3.DatabaseError` when the file is not a database or fails the quick check."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        # NORMAL with WAL: a power cut may lose the last few entries, never the file.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=5000")
        problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(f"quick check: {problem}")
        db.executescript(_SCHEMA)
        for table, column, alter in _MIGRATIONS:
            if column not in {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}:
                db.execute(alter)
    except BaseException:
        db.close()
        raise
    return db


def _move_aside(path: Path) -> Path:
    """Rename a damaged journal (and its -wal/-shm files) out of the way; its new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    aside = path.with_name(_DAMAGED.format(stem=path.stem, stamp=stamp, suffix=path.suffix))
    for extra in ("", "-wal", "-shm"):
        source = path.with_name(path.name + extra)
        if source.exists():
            source.rename(aside.with_name(aside.name + extra))
    return aside


_SELECT_ENTRY = (
    "SELECT e.*,"
    " COUNT(f.vote) FILTER (WHERE f.vote > 0) AS up,"
    " COUNT(f.vote) FILTER (WHERE f.vote < 0) AS down,"
    " GROUP_CONCAT(f.reason) FILTER (WHERE f.vote < 0) AS reasons"
    " FROM entries e LEFT JOIN feedback f ON f.entry_id = e.id"
)


def _entry(row: sqlite3.Row) -> Entry:
    citations: list[dict[str, Any]] = json.loads(row["citations"])
    return Entry(
        id=row["id"],
        at=row["at"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        question=row["question"],
        standalone=row["standalone"],
        answer=row["answer"],
        found=bool(row["found"]),
        mode=row["mode"],
        citations=tuple(Cited.from_json(c) for c in citations),
        up=row["up"],
        down=row["down"],
        reasons=tuple(row["reasons"].split(",")) if row["reasons"] else (),
        scopes=None if row["scopes"] is None else tuple(filter(None, row["scopes"].split(","))),
    )
