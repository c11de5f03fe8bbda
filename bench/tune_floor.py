"""Measure the relevance floor (the decline gate's threshold): answerable vs unanswerable.

The protocol lives in the evaluation (`retrieval/cli/unanswerable.py`): half of the
xquad_vi paragraphs (chosen by a hash of seed and pid) are indexed; questions about the
other half have no answer in the index (hard negatives: same domain, same style). For
each threshold over the gate's score it prints how many answerable questions still get
an answer and how many unanswerable ones are declined, and the threshold that declines
the most while answering >= 97%. This script only runs it on xquad_vi:

    python bench/tune_floor.py                      # = python -m retrieval eval --unanswerable
    python bench/tune_floor.py --seed 1 --json      # any further eval flags pass through
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.cli.main import main as retrieval_main

XQUAD = REPO.parent / "shared" / "eval" / "xquad_vi"


def main(argv: list[str]) -> int:
    return retrieval_main(
        [
            "eval",
            "--passages",
            str(XQUAD / "passages.jsonl"),
            "--questions",
            str(XQUAD / "questions.jsonl"),
            "--unanswerable",
            *argv,
        ]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
