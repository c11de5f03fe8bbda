"""Would a question-sentence cosine choose the answer sentence better? (issue 12)

The measurement that decided to store sentence vectors (`retrieval.index.sentence_vectors`,
5 December 2026). FEATURES and GATE_FEATURES hold the cosines since, imputed here from the
passage's cosine (the replay passes no sentence cosines), so a rerun compares the model
with the cosine twice over the model with it once; the numbers below are of before.

    python bench/tune_answer.py cache     # once: top-5 hits per xquad_vi question
    python bench/sentence_cosine.py       # embeds the hits' sentences once (cached), fits

Every sentence of the cached hits (split as the answer step splits them,
`split_sentences` over the chunk text) is embedded with the passage prefix, each question
with the query prefix (the real e5 model, as the bot runs it). The cosine joins the
sentence model's FEATURES (`features.py`) and the gate's GATE_FEATURES (max sentence
cosine over the hits, and the chosen sentence's), and both models are refitted as
tune_answer.py fits them, cross-validated by article.

What it printed (4 December 2026, over the cache of tune_answer.py: 1190 questions, 17,687
candidate sentences, the answer in some candidate for 0.981):

    best sentence holds the answer        5-fold by article   article halves
    FEATURES (today)                        0.801              0.795
    FEATURES + cosine                       0.813              0.807
    cosine alone                            0.714 (in-sample)

    gate, half index: declined at 97% answered        5-fold   fitted on all
    GATE_FEATURES (today)                               0.626    0.671
    + max sentence cosine, chosen sentence's cosine     0.654    0.685
    both, with the sentence chosen by the cosine model  0.659    0.708

Variants tried by hand that did no better (5-fold): boosted trees over the same features
(0.783 -> 0.804), sentences embedded with the query prefix (0.805) or with the title and
the sentence before (0.813), the cosine as a z-score among a question's candidates
(0.816), other L2 strengths (0.001: 0.803 -> 0.813; 0.1: 0.793 -> 0.808). Of the 195
questions the cosine model still misses with the answer among its candidates, the cosine
ranks the answer first for only 40. The gain (+0.012 held out) is below the +0.03 that
would pay for storing sentence vectors (ingestion would embed ~1.6x more: 302 chunks in
43 s, their 1191 sentences in 70 s on 2 busy cores), so they were not built. The numbers
move by ~0.001 between runs: the int8 model's vectors depend a little on the batch.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

VECTORS = Path("/tmp/sentence_cosine.npz")


def vectors(data: dict) -> tuple[dict[str, int], dict[str, int], Any, Any]:
    import numpy as np

    from retrieval.embedding.factory import load_embedder
    from retrieval.language.text import split_sentences
    from retrieval.settings import Settings

    sentences = sorted(
        {
            h.text[a:b]
            for rows in data.values()
            for r in rows
            for h in r["hits"]
            for a, b in split_sentences(h.text)
        }
    )
    questions = sorted({r["question"] for rows in data.values() for r in rows})
    if VECTORS.exists():
        saved = np.load(VECTORS, allow_pickle=False)
        S, Q = saved["S"], saved["Q"]
    else:
        settings = Settings(_env_file=None, model_cache_dir=REPO / "data" / "models")  # type: ignore[call-arg]
        embedder = load_embedder(settings)
        S = np.concatenate(
            [embedder.embed_passages(sentences[i : i + 64]) for i in range(0, len(sentences), 64)]
        )
        Q = np.concatenate(
            [embedder.embed_queries(questions[i : i + 64]) for i in range(0, len(questions), 64)]
        )
        np.savez(VECTORS, S=S, Q=Q)
    return (
        {s: i for i, s in enumerate(sentences)},
        {q: i for i, q in enumerate(questions)},
        S,
        Q,
    )


def main() -> None:
    import numpy as np
    import tune_answer as T

    T.need_sklearn()
    from sklearn.model_selection import GroupKFold

    from retrieval.answers.features import _ranked
    from retrieval.answers.gate import GATE_FEATURES, GATE_SIGNS
    from retrieval.answers.gate_evidence import answer_evidence
    from retrieval.language.text import split_sentences

    data = T.load_cache()
    si, qx, S, Q = vectors(data)
    full = [r for r in data["full"] if not str(r["qid"]).startswith("seed")]
    X: Any = []
    y: Any = []
    qi: Any = []
    groups: Any = []
    cos: Any = []
    for i, row in enumerate(full):
        answers = [T._norm(a) for a in row["answers"]]
        ranked = _ranked(row["question"], row["hits"], row["dense"], prune=False)
        if ranked is None:
            continue
        q = Q[qx[row["question"]]]
        for _, c, feats in ranked.scored:
            X.append(feats)
            y.append(any(a in T._norm(c.sentence.text) for a in answers))
            qi.append(i)
            groups.append(row["pid"])
            cos.append(float(S[si[c.sentence.raw]] @ q))
    X, y, qi, groups, cos = (np.array(v) for v in (X, y, qi, groups, cos))
    X = X.astype(float)
    n = len(full)
    odd = {p for k, p in enumerate(sorted(set(groups))) if k % 2}
    side_of = np.array([g in odd for g in groups])
    print(f"{n} questions, {len(X)} candidates; cosine alone (in-sample): ", end="")
    print(f"{T._top1(cos + 1e-6 * X[:, 0], qi, y, np.ones(len(X), bool)) / n:.3f}")
    for name, V in (("FEATURES", X), ("FEATURES + cosine", np.column_stack([X, cos]))):
        five = 0
        for train, test in GroupKFold(n_splits=5).split(V, y, groups):
            w = T._softmax_fit(V[train], np.unique(qi[train], return_inverse=True)[1], y[train])
            mask = np.zeros(len(V), bool)
            mask[test] = True
            five += T._top1(V @ w, qi, y, mask)
        halves = 0
        for side in (False, True):
            train = side_of == side
            w = T._softmax_fit(V[train], np.unique(qi[train], return_inverse=True)[1], y[train])
            halves += T._top1(V @ w, qi, y, ~train)
        print(f"  {name:>18}: 5-fold {five / n:.3f}, article halves {halves / n:.3f}")

    w_cos = T._softmax_fit(np.column_stack([X, cos]), qi, y)
    half = [r for r in data["half"] if not str(r["qid"]).startswith("seed")]
    k = len(GATE_FEATURES)
    for label, rerank in (("today's sentence model", False), ("sentence model + cosine", True)):
        G: Any = []
        answerable, articles = [], []
        for row in half:
            q = Q[qx[row["question"]]]
            every = [
                float(S[si[h.text[a:b]]] @ q)
                for h in row["hits"]
                for a, b in split_sentences(h.text)
            ]
            r = _ranked(row["question"], row["hits"], row["dense"], prune=not rerank)
            if r is None:
                G.append([0.0] * k + [max(every, default=0.0), 0.0])
            else:
                scored = r.scored
                if rerank:
                    scored = sorted(
                        (
                            (float(w_cos @ [*f, S[si[c.sentence.raw]] @ q]), c, f)
                            for _, c, f in scored
                        ),
                        key=lambda t: (-t[0], t[1].rank, t[1].sentence.order),
                    )
                best = scored[0][1]
                feats = answer_evidence(r._replace(scored=scored), best, row["dense"])
                G.append([*feats, max(every), float(S[si[best.sentence.raw]] @ q)])
            answerable.append(bool(row["answerable"]))
            articles.append(row["pid"])
        G, yy, gg = np.array(G, float), np.array(answerable), np.array(articles)
        for name, cols, signs in (
            ("GATE_FEATURES", list(range(k)), GATE_SIGNS),
            ("+ sentence cosines", list(range(k + 2)), (*GATE_SIGNS, 1, 1)),
        ):
            W = G[:, cols]
            p = np.zeros(len(W))
            for train, test in GroupKFold(n_splits=5).split(W, yy, gg):
                w, b = T._signed_logistic(W[train], yy[train], signs)
                p[test] = 1 / (1 + np.exp(-(W[test] @ w + b)))
            _, a, d = T._operating(p[yy], p[~yy])
            w, b = T._signed_logistic(W, yy, signs)
            p = 1 / (1 + np.exp(-(W @ w + b)))
            _, a2, d2 = T._operating(p[yy], p[~yy])
            print(
                f"  gate, {label}, {name}: 5-fold answers {a:.3f} declines {d:.3f}; "
                f"fitted on all answers {a2:.3f} declines {d2:.3f}"
            )


if __name__ == "__main__":
    main()
