"""How much lower the question-passage cosine is when a question is typed without
diacritics (one number for the gate, `gate.UNACCENTED_COSINE_DROP`).

    python bench/unaccented_cosine.py [n]

Takes the first n (default 300) xquad_vi questions, embeds each as written and folded
("Ai là …" -> "ai la …"), and prints the mean and quartiles of cosine(question, gold
passage) as written minus folded, and the same against the best of 20 other passages
(the drop is about the same for a passage that does not answer: the gate's cosines are
lower for every passage, not only the right one).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
EVAL = REPO.parent / "shared" / "eval" / "xquad_vi"


def main() -> None:
    from retrieval.embedding.factory import load_embedder
    from retrieval.language.text import fold
    from retrieval.settings import Settings

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    passages = {p["pid"]: p["text"] for p in map(json.loads, (EVAL / "passages.jsonl").open())}
    questions = [json.loads(x) for x in (EVAL / "questions.jsonl").open()][:n]
    settings = Settings(_env_file=None, model_cache_dir=REPO / "data" / "models")  # type: ignore[call-arg]
    embedder = load_embedder(settings)
    pids = sorted({q["pid"] for q in questions})
    vectors = dict(zip(pids, embedder.embed_passages([passages[p] for p in pids]), strict=True))
    written = embedder.embed_queries([q["question"] for q in questions])
    folded = embedder.embed_queries([fold(q["question"]).lower() for q in questions])
    matrix = np.stack([vectors[p] for p in pids])
    gold, other = [], []
    for q, a, b in zip(questions, written, folded, strict=True):
        g = vectors[q["pid"]]
        gold.append(float(a @ g - b @ g))
        mask = np.array([p != q["pid"] for p in pids])
        other.append(float((matrix[mask] @ a).max() - (matrix[mask] @ b).max()))
    for label, drops in (("gold passage", gold), ("best other passage", other)):
        q1, q2, q3 = np.percentile(drops, [25, 50, 75])
        print(f"{label}: mean drop {np.mean(drops):.4f}  quartiles {q1:.4f} {q2:.4f} {q3:.4f}")


if __name__ == "__main__":
    main()
