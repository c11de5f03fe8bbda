"""The sources manifest: which files an ingestion may skip without opening them.

Unchanged files are not even opened: a manifest (`sources-<collection>-g<generation>.json`
in CHROMA_PATH, one per host, like the search snapshot) records each file's size and mtime
with the (article id, version) pairs it gave. A file whose size and mtime are the same and
whose articles are all still committed in those versions is taken as unchanged, as make and
rsync do. The manifest is only a cache: missing, corrupt, old or out of date, it costs a
read, never an article, because every entry is checked against the committed versions
(`ingest.pipeline`). `rescan=True` (`--rescan`) reads every file regardless.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from retrieval.index.chunks import ArticleRecord
from retrieval.index.registry import Index

log = logging.getLogger(__name__)

# Bumped when the manifest's layout changes, or when what a file gives changes so that every
# file must be read once more; a manifest in another format is not used. 2: entries keep the
# admin's date files (`ingest.sidecar.fingerprint`), and articles carry their date's
# precision and source (their versions changed, so every file is read again once).
_MANIFEST_FORMAT = 2
# A file modified this close to when it was looked at may be modified again within the same
# timestamp tick, leaving size and mtime as they were (coarse clocks: 2 s on FAT, 1 s on
# some network filesystems). Such a file is not recorded, so the next run reads it again
# (git's "racily clean" rule).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class FileEntry:
    """What the manifest knows of one source file."""

    size: int
    mtime_ns: int
    articles: tuple[tuple[str, str], ...]  # (article id, version), as the file gave them
    dates: str = ""  # `ingest.sidecar.fingerprint` of the file when it was read


class Manifest:
    """One run's use of the manifest: the entries it found, and what it learnt about the
    files it looked at (`looked_at`: resolved path -> entry; None: not to be trusted next
    time)."""

    def __init__(self, path: Path, entries: dict[str, FileEntry]) -> None:
        self.path = path
        self.entries = entries
        self.looked_at: dict[str, FileEntry | None] = {}

    def vouches(
        self,
        path: str,
        info: os.stat_result | None,
        committed: Mapping[str, ArticleRecord],
        max_bytes: int,
        dates: str = "",
    ) -> FileEntry | None:
        """The entry of a file (resolved `path`, `info` from stat, `dates` the fingerprint
        of its admin date files) that is unchanged since it was recorded, or None: read
        it."""
        known = self.entries.get(path)
        if info is None or known is None:
            return None
        holds = (
            known.size == info.st_size
            and known.mtime_ns == info.st_mtime_ns
            and info.st_size <= max_bytes  # MAX_FILE_MB may have been lowered
            and known.dates == dates  # an admin date file was added, edited or removed
            and bool(known.articles)
            and committed_as(known, committed)
        )
        return known if holds else None

    def save(self, committed: Mapping[str, ArticleRecord]) -> None:
        """Record the files this run found unchanged or read cleanly, beside the entries it
        was given for files it did not look at; only entries whose articles are committed in
        those versions are kept. A failure to write costs the next run a full read."""
        entries = {p: e for p, e in self.entries.items() if p not in self.looked_at}
        entries.update((p, e) for p, e in self.looked_at.items() if e is not None)
        valid = {p: e for p, e in entries.items() if committed_as(e, committed)}
        if valid == self.entries:
            return
        try:
            write_manifest(self.path, valid)
        except OSError as exc:
            log.warning("could not save the sources manifest %s: %s", self.path, exc)

    def remove_others(self, index: Index) -> None:
        """Delete the manifests of other generations (after a rebuild: they are gone)."""
        for other in self.path.parent.glob(f"sources-{index.prefix}-g*.json"):
            if other != self.path:
                other.unlink(missing_ok=True)


def committed_as(entry: FileEntry, committed: Mapping[str, ArticleRecord]) -> bool:
    """Every article of the entry is committed in the version the entry names."""
    for aid, version in entry.articles:
        current = committed.get(aid)
        if current is None or current.version != version:
            return False
    return True


def manifest_path(index: Index, generation: int) -> Path:
    """The sources manifest of a generation: a local file beside its search snapshot."""
    return index.snapshot_folder(generation).with_name(f"sources-{index.prefix}-g{generation}.json")


def read_manifest(path: Path) -> dict[str, FileEntry]:
    """Resolved path -> entry; empty when the file is missing, unreadable or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring the sources manifest %s (%s): every file is read", path, exc)
        return {}
    try:
        if data.get("format") != _MANIFEST_FORMAT:
            log.info("sources manifest %s is in another format: every file is read", path)
            return {}
        return {
            str(p): FileEntry(
                int(size), int(mtime), tuple((str(a), str(v)) for a, v in arts), str(dates)
            )
            for p, (size, mtime, arts, dates) in data["files"].items()
        }
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        log.warning("ignoring the malformed sources manifest %s (%r)", path, exc)
        return {}


def write_manifest(path: Path, entries: dict[str, FileEntry]) -> None:
    """Write-then-rename: readers see the old manifest or the new one, never half of one."""
    files = {
        p: [e.size, e.mtime_ns, [list(a) for a in e.articles], e.dates] for p, e in entries.items()
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)  # server mode: CHROMA_PATH may be new
    try:
        tmp.write_text(
            json.dumps({"format": _MANIFEST_FORMAT, "files": files}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
