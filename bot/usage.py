"""What the question journal says about use, for /stats, its chart and /export: questions
per day (answered, "không tìm thấy", 👎), the subjects asked most, the articles cited most
and never, and the rows of the export.

Days are the staff's days (BOT_TIMEZONE), so rows are bucketed here rather than in SQL.
Every function reads the journal synchronously: the bot calls them in a worker thread.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.journal import Journal
from retrieval.language.vocabulary import ANSWER_STOP_SYLLABLES, CONTENTLESS, PARTICLES

__all__ = [
    "DayCount",
    "Report",
    "cited_articles",
    "daily",
    "period_start",
    "report",
    "subjects",
]

# A syllable of Vietnamese (or any letters); numbers are left out of subjects ("2018").
_SYLLABLE = re.compile(r"[^\W\d_]+")
# Not vocabulary.SYLLABLE_OR_NUMBER: with it "km2" and "CO2" would give subjects "km", "co".
_TOKEN = re.compile(r"\w+")
# Syllables that never make a subject on their own: question and function words.
_NOT_SUBJECT = ANSWER_STOP_SYLLABLES | CONTENTLESS | PARTICLES


@dataclass(frozen=True)
class DayCount:
    """One day's questions, in three parts that add up: answered (with no standing 👎),
    declined ("không tìm thấy"), and answered but given a 👎."""

    day: date
    answered: int = 0
    not_found: int = 0
    down: int = 0

    @property
    def total(self) -> int:
        return self.answered + self.not_found + self.down

    @property
    def found(self) -> int:
        return self.answered + self.down


@dataclass(frozen=True)
class Report:
    """The period of /stats (its last `len(days)` days, today included)."""

    days: tuple[DayCount, ...]
    subjects: tuple[tuple[str, int], ...]  # (subject, questions) most first
    cited: tuple[tuple[str, int], ...]  # (article title, answers citing it) most first
    never_cited: tuple[str, ...]  # titles of indexed articles no answer of the period cited
    indexed: int  # articles in the index (0: unknown)
    size_bytes: int  # the journal on disk
    scope: str | None = None  # the knowledge scope it is limited to (None: all questions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.days)

    @property
    def not_found(self) -> int:
        return sum(d.not_found for d in self.days)

    @property
    def down(self) -> int:
        return sum(d.down for d in self.days)


def period_start(today: date, days: int, tz: tzinfo) -> float:
    """Unix time of the start of the first of the `days` days that end with `today`."""
    first = today - timedelta(days=days - 1)
    return datetime(first.year, first.month, first.day, tzinfo=tz).timestamp()


def _in_scope(scope: str | None) -> tuple[str, tuple[str, ...]]:
    """The SQL condition (and its parameter) for entries answered where knowledge `scope`
    was visible (as `Journal.unanswered` reads it); none for every entry."""
    if scope is None:
        return "", ()
    return " AND instr(',' || e.scopes || ',', ?) > 0", (f",{scope},",)


def daily(
    journal: Journal, today: date, days: int, tz: tzinfo, scope: str | None = None
) -> list[DayCount]:
    """Questions per day over the `days` days ending with `today`, oldest first; days
    without a question are there, with zeros. `scope`: only questions asked where that
    knowledge scope was visible."""
    since = period_start(today, days, tz)
    where, params = _in_scope(scope)
    rows = journal.read(
        lambda db: db.execute(
            "SELECT e.at, e.found,"
            " EXISTS (SELECT 1 FROM feedback f WHERE f.entry_id = e.id AND f.vote < 0)"
            f" FROM entries e WHERE e.at >= ?{where}",
            (since, *params),
        ).fetchall()
    )
    first = today - timedelta(days=days - 1)
    counts = [[0, 0, 0] for _ in range(days)]
    for at, found, down in rows:
        i = (datetime.fromtimestamp(at, tz).date() - first).days
        if 0 <= i < days:  # a clock set back may have written an entry "tomorrow"
            counts[i][0 if found and not down else 1 if not found else 2] += 1
    return [DayCount(first + timedelta(days=i), *c) for i, c in enumerate(counts)]


def subjects(questions: Iterable[str], limit: int = 5) -> list[tuple[str, int]]:
    """The subjects asked most, each counted once per question: two-syllable words of the
    standalone questions' content ("nhiệm vụ", "trọng tâm"; most Vietnamese words have
    two syllables). A run of content syllables is cut into the pairs seen most often over
    all the questions, so "nhiệm vụ trọng tâm" gives "nhiệm vụ" and "trọng tâm", not
    "vụ trọng"; a syllable left alone counts by itself."""
    runs_of = [_runs(q) for q in questions]
    seen: Counter[str] = Counter()
    for runs in runs_of:
        seen.update({f"{a} {b}" for run in runs for a, b in itertools.pairwise(run)})
    counts: Counter[str] = Counter()
    for runs in runs_of:
        counts.update({word for run in runs for word in _words(run, seen)})
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit]


def _runs(question: str) -> list[list[str]]:
    """The runs of adjacent content syllables of `question` (split at question and
    function words, and at numbers)."""
    runs: list[list[str]] = [[]]
    for token in _TOKEN.findall(unicodedata.normalize("NFC", question).lower()):
        if token in _NOT_SUBJECT or not _SYLLABLE.fullmatch(token):
            runs.append([])
        else:
            runs[-1].append(token)
    return [run for run in runs if run]


def _words(run: list[str], seen: Counter[str]) -> list[str]:
    """`run` cut into pairs and single syllables, the pairs' counts in `seen` as large
    as possible (a small dynamic programme along the run)."""
    n = len(run)
    best: list[tuple[int, list[str]]] = [(0, [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        single = (best[i + 1][0], [run[i], *best[i + 1][1]])
        if i + 1 < n:
            pair = f"{run[i]} {run[i + 1]}"
            double = (seen[pair] + best[i + 2][0], [pair, *best[i + 2][1]])
            best[i] = double if double[0] >= single[0] else single  # ties: pairs
        else:
            best[i] = single
    return best[0][1]


def cited_articles(
    journal: Journal, since: float, scope: str | None = None
) -> dict[str, tuple[str, int]]:
    """article id -> (title, answers citing it) over the answered questions since `since`
    (of `scope`, see `daily`)."""
    where, params = _in_scope(scope)
    rows = journal.read(
        lambda db: db.execute(
            f"SELECT citations FROM entries e WHERE found AND at >= ?{where}", (since, *params)
        ).fetchall()
    )
    cited: dict[str, tuple[str, int]] = {}
    for (citations,) in rows:
        seen = set()
        for c in json.loads(citations):
            article = c.get("article_id", "")
            if article and article not in seen:
                seen.add(article)
                title, n = cited.get(article, (c.get("title") or article, 0))
                cited[article] = (title, n + 1)
    return cited


def report(
    journal: Journal,
    today: date,
    days: int,
    tz: tzinfo,
    indexed: Mapping[str, str],
    limit: int = 5,
    scope: str | None = None,
) -> Report:
    """Everything /stats shows for the `days` days ending with `today`. `indexed`: article
    id -> title of every article in the index (for the ones never cited); `scope`: only
    the questions asked where that knowledge scope was visible (`indexed` then holds that
    scope's articles)."""
    since = period_start(today, days, tz)
    where, params = _in_scope(scope)
    questions = journal.read(
        lambda db: [
            row[0]
            for row in db.execute(
                f"SELECT standalone FROM entries e WHERE at >= ?{where}", (since, *params)
            )
        ]
    )
    cited = cited_articles(journal, since, scope)
    most = sorted(cited.values(), key=lambda tn: (-tn[1], tn[0]))[:limit]
    never = sorted(title or article for article, title in indexed.items() if article not in cited)
    return Report(
        days=tuple(daily(journal, today, days, tz, scope)),
        subjects=tuple(subjects(questions, limit)),
        cited=tuple(most),
        never_cited=tuple(never),
        indexed=len(indexed),
        size_bytes=journal.size_bytes(),
        scope=scope,
    )
