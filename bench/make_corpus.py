"""Generate a synthetic Vietnamese news corpus for benchmarks.

Articles are assembled from the xquad_vi paragraphs in `bench/corpus/xquad_vi` (CC BY-SA
4.0, see the README there): a title line, a "(SOURCE) -" lead, and two to four
paragraphs, as `.txt` files like the sample article. Deterministic for a given seed.

    python bench/make_corpus.py data/bench/corpus --articles 2000
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PASSAGES = Path(__file__).resolve().parent / "corpus" / "xquad_vi" / "passages.jsonl"
SOURCES = ("VOH", "PLO", "TTO", "VNE", "SGGP")


def make_corpus(out: Path, articles: int, seed: int = 1) -> list[Path]:
    passages = [json.loads(line) for line in PASSAGES.read_text("utf-8").splitlines()]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(articles):
        picked = rng.sample(passages, rng.randint(2, 4))
        title = f"{picked[0]['title'].replace('_', ' ')}: bản tin số {i + 1}"
        lead = f"({rng.choice(SOURCES)}) - Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}, "
        paragraphs = [lead + picked[0]["text"]] + [p["text"] for p in picked[1:]]
        path = out / f"bai_{i:05d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = make_corpus(args.out, args.articles, args.seed)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
