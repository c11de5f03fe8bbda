"""A question set as staff type it on a phone: without diacritics, or with a few.

    python bench/plain_questions.py IN OUT [--keep SHARE] [--seed S]

Writes IN (questions.jsonl or dialogues.jsonl, the eval format) to OUT with every
question lowercased and folded ("Nhiệm vụ trọng tâm …" -> "nhiem vu trong tam …"), or,
with `--keep`, each word kept as written with that probability (a random `--seed`).
Then `python -m retrieval eval --passages P --questions OUT` measures how the product
reads them (`retrieval/search/accents.py`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_WORD = re.compile(r"[^\W_]+")


def main() -> None:
    from retrieval.language.text import fold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--keep", type=float, default=0.0, help="share of words kept as written")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def plain(question: str) -> str:
        if not args.keep:
            return fold(question).lower()
        return _WORD.sub(lambda m: m.group() if rng.random() < args.keep else fold(m.group()),
                         question)  # fmt: skip

    with args.source.open(encoding="utf-8") as lines, args.out.open("w", encoding="utf-8") as out:
        for line in lines:
            item = json.loads(line)
            for turn in item.get("turns", [item]):
                turn["question"] = plain(turn["question"])
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
