""".docx reading: time and peak memory on the two files of issue 15 (item 5).

    python bench/bench_docx.py [--workdir /tmp/bench-docx]

Builds, once, (a) a 61 KB .docx of 200,000 short paragraphs (1.8 M characters) and
(b) a ~570 KB .docx of repeated, numbered paragraphs (under DOCX_MAX_UNCOMPRESSED_MB
unpacked, so the zip check lets it through to the reader), then loads each in a fresh
process with the default caps and prints the outcome (articles or the refusal), the
wall time and the peak RSS (ru_maxrss: python-docx's lxml allocates outside
tracemalloc's sight) above the process's RSS before the load.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs: Iterable[str]) -> Path:
    """A .docx of `paragraphs` on python-docx's own template (its styles, properties and
    other parts, ~36 KB), as a generator of such files would write it."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
    document += body + "</w:body></w:document>"
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = document.encode("utf-8")
            archive.writestr(info.filename, data)
    return path


def build(work: Path) -> list[Path]:
    work.mkdir(parents=True, exist_ok=True)
    short = work / "short-200k.docx"
    if not short.exists():  # 200,000 x 9 characters = 1.8 M
        write_docx(short, ["Đoạn văn."] * 200_000)
    repeated = work / "repeated.docx"
    if not repeated.exists():
        line = "Hội nghị tổng kết công tác năm 2018 của Đảng bộ Thành phố, đoạn số {}."
        write_docx(repeated, (line.format(i // 3) for i in range(350_000)))
    return [short, repeated]


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.formats.word import load_docx
from ingest.formats.common import LoadError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    result = load_docx(Path(sys.argv[1]))
    chars = sum(len(a.text) for a in result.articles)
    outcome = f"{len(result.articles)} article(s), {chars:,} chars"
except LoadError as exc:
    outcome = f"refused: {exc}"
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": (peak - before) / 1024, "outcome": outcome}))
"""


def measure(path: Path, timeout: float) -> dict[str, object]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "peak_mb": float("nan"), "outcome": "did not finish"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(tempfile.gettempdir()) / "bench-docx"
    parser.add_argument("--workdir", type=Path, default=default)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    for path in build(args.workdir):
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        r = measure(path, args.timeout)
        print(
            f"{path.name}: {path.stat().st_size / 1024:,.0f} KB ({unpacked / 2**20:,.1f} MB"
            f" unpacked): {r['seconds']:.2f} s, peak +{r['peak_mb']:.0f} MB RSS; {r['outcome']}"
        )


if __name__ == "__main__":
    main()
