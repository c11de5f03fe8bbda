"""Dates set by an admin for a file or a folder; they win over any date found in a file.

Two ways, both beside the articles:

- `<file>.date`, e.g. `bao-cao.docx.date`: its first line that is not blank or a "#" comment
  is the date of every article of `bao-cao.docx`.
- `dates.toml` in a folder: file names or glob patterns, relative to that folder, mapped to
  dates; it covers the folder and its subfolders::

      # Dates of the articles in this folder
      "hoi-nghi-2018.docx" = "2018-02-08"
      "bao-cao/*.pdf" = "2019-12"
      "*.txt" = "2017"

  A pattern without "/" matches a file's name in the folder or any subfolder; one with "/"
  matches the path from the folder ("*" crosses folders). An exact name wins over
  patterns, then the first matching pattern in the file's order; a subfolder's
  `dates.toml` wins over its parent's, and `<file>.date` over both.

A date may be written in any form `ingest.dates.parse_date` reads: "2018-02-08",
"8/2/2018", "ngày 8 tháng 2 năm 2018", "2/2018", "2018-02", "2018". Its precision is the one
written; its source is "sidecar". A value that is not a date is reported (the file keeps
the date found in it) and so is a `dates.toml` that cannot be read.

Neither kind of file is an article: `ingest.loaders.iter_files` leaves them out. Editing
one makes the files it covers read again (`fingerprint`, kept in the sources manifest).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import stat as stat_mode
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.article import Article
from ingest.dates import FoundDate, parse_date

FOLDER_FILE = "dates.toml"
SUFFIX = ".date"
SOURCE = "sidecar"


@dataclass(frozen=True)
class AdminDate:
    found: FoundDate | None  # None: the admin's value is not a date (see `problem`)
    where: str  # the sidecar or mapping file (and key) that set it
    problem: str = ""


def is_sidecar(path: Path) -> bool:
    """A `<file>.date` or a `dates.toml`: admin metadata, not an article."""
    return path.name == FOLDER_FILE or path.suffix.lower() == SUFFIX


def admin_date(path: Path) -> AdminDate | None:
    """The date an admin set for the file at (resolved) `path`, or None when none is set."""
    own = path.with_name(path.name + SUFFIX)
    text = _read(own)
    if text is not None:
        value = next(
            (s for s in (line.strip() for line in text.splitlines()) if s and s[0] != "#"), ""
        )
        return _admin(value, str(own))
    for folder in path.parents:
        mapping = folder / FOLDER_FILE
        stat = _stat(mapping)
        if stat is None:
            continue
        entries, problem = _mapping(str(mapping), stat.st_size, stat.st_mtime_ns)
        if problem:
            return AdminDate(None, str(mapping), problem)
        relative = path.relative_to(folder).as_posix()
        entry = _lookup(entries, relative)
        if entry is not None:
            return _admin(entry[1], f"{mapping} [{entry[0]!r}]")
    return None


def fingerprint(path: Path) -> str:
    """Size and mtime of every sidecar that could date `path`: "" when there is none. The
    sources manifest keeps it, so editing, adding or removing one re-reads the file."""
    return DateFiles().fingerprint(str(path))


class DateFiles:
    """One ingestion run's `fingerprint`s: each folder's chain of dates.toml files is looked
    up once per run (a stat per parent folder), each file's own `.date` once per file."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def fingerprint(self, path: str) -> str:
        own = path + SUFFIX
        info = _stat(own)
        mine = f"{own}:{info.st_size}:{info.st_mtime_ns}" if info is not None else ""
        folder = os.path.dirname(path)
        chain = self._folders.get(folder)
        if chain is None:
            chain = self._folders[folder] = _folder_chain(folder)
        return "|".join(part for part in (mine, chain) if part)


def _folder_chain(folder: str) -> str:
    parts = []
    while True:
        mapping = os.path.join(folder, FOLDER_FILE)
        info = _stat(mapping)
        if info is not None:
            parts.append(f"{mapping}:{info.st_size}:{info.st_mtime_ns}")
        parent = os.path.dirname(folder)
        if parent == folder:
            return "|".join(parts)
        folder = parent


def with_admin_date(path: Path, articles: tuple[Article, ...]) -> tuple[tuple[Article, ...], str]:
    """`articles` with the admin's date for `path` in place of
    the found one, and a warning ("" when none): the admin's value is not a date."""
    chosen = admin_date(path)
    if chosen is None:
        return articles, ""
    if chosen.found is None:
        return articles, f"{chosen.where}: {chosen.problem}; kept the date found in the file"
    found = chosen.found
    dated = tuple(
        replace(
            article,
            published=found.value,
            published_precision=found.precision,
            published_source=SOURCE,
        )
        for article in articles
    )
    return dated, ""


def _admin(value: str, where: str) -> AdminDate:
    found = parse_date(value, SOURCE)
    if found is None:
        return AdminDate(None, where, f"{value!r} is not a date (write e.g. 2018-02-08)")
    return AdminDate(found, where)


def _lookup(entries: tuple[tuple[str, str], ...], relative: str) -> tuple[str, str] | None:
    name = relative.rsplit("/", 1)[-1]
    for key, value in entries:
        if key == relative or ("/" not in key and key == name):
            return key, value
    for key, value in entries:
        target = relative if "/" in key else name
        if fnmatch.fnmatchcase(target, key):
            return key, value
    return None


@functools.lru_cache(maxsize=256)
def _mapping(path: str, size: int, mtime_ns: int) -> tuple[tuple[tuple[str, str], ...], str]:
    """The (pattern, date) entries of a dates.toml, in order, and a problem ("" if none).
    Cached by size and mtime: a run reads each mapping once, and an edit is seen."""
    del size, mtime_ns  # the cache key
    text = _read(Path(path))
    if text is None:
        return (), "cannot be read"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return (), f'is not valid TOML ({exc}); write lines like "name.pdf" = "2018-02-08"'
    entries = []
    for key, value in data.items():
        if isinstance(value, str | int):
            entries.append((key.replace("\\", "/").lstrip("./") or key, str(value)))
        elif hasattr(value, "isoformat"):  # an unquoted TOML date: 2018-02-08
            entries.append((key, value.isoformat()))
    return tuple(entries), ""


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info if stat_mode.S_ISREG(info.st_mode) else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
