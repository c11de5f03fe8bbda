"""Fit and check the extractive answer's sentence choice, phrase and gate (issue 12).

    python bench/tune_answer.py cache      # build the indexes once, cache top-5 hits
    python bench/tune_answer.py            # replay the answer step: the tables

`cache` ingests xquad_vi (+ the seed article) twice into temporary indexes: all the
articles (every question answerable: answer_hit, short_em, short_f1), and half of them
(even positions, + seed: questions about the other half are same-domain unanswerable).
Each question's top SEARCH_TOP_K hits with their dense, lexical and fused scores go to
CACHE (JSON), so the rest replays only the answer step: seconds, not minutes.

The default step replays `retrieval.answers.extractive.extractive_answer` and the gate over
the cache and prints answer_hit, short_em/short_f1, and the gate's answered/declined
curve; `fit` also refits the gate's logistic regression (5-fold cross-validated by
article, numbers printed) and prints the coefficients to paste into
retrieval/answers/gate.py.

The dated set (tests/data/dated: yearly articles, "năm nay" for the year, datelines), the
legal and regulations sets (bench/corpus) and the seed have their own replay over cached
searches: `python bench/dated_replay.py cache --set NAME`, then
`python bench/dated_replay.py --set NAME -v` (answer-hit, short EM/F1, declined, each miss).
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EVAL = REPO.parent / "shared" / "eval"
CACHE = Path("/tmp/tune_answer_cache.json")


def need_sklearn() -> None:
    """Stop with the fix when scikit-learn (only the refits use it) is not installed."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("refitting needs scikit-learn: pip install -e '.[bench]'")


def build_cache() -> None:
    from ingest.pipeline import run
    from retrieval.cli.evaluate import load_questions
    from retrieval.embedding.factory import load_embedder
    from retrieval.services import build_services
    from retrieval.settings import Settings

    passages = [json.loads(x) for x in (EVAL / "xquad_vi" / "passages.jsonl").open()]
    questions = load_questions(EVAL / "xquad_vi" / "questions.jsonl")
    seed = load_questions(EVAL / "seed" / "questions.jsonl")
    out: dict[str, list[dict[str, object]]] = {}
    embedder = None
    for setup in ("full", "half"):
        indexed = {p["pid"] for i, p in enumerate(passages) if setup == "full" or i % 2 == 0}
        with tempfile.TemporaryDirectory() as tmp:
            part = Path(tmp) / "part.jsonl"
            part.write_text(
                "".join(
                    json.dumps(p, ensure_ascii=False) + "\n"
                    for p in passages
                    if p["pid"] in indexed
                ),
                encoding="utf-8",
            )
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                chroma_path=Path(tmp) / "chroma",
                model_cache_dir=REPO / "data" / "models",
            )
            embedder = embedder or load_embedder(settings)
            run(settings, embedder, [str(part), str(EVAL / "seed" / "passages.jsonl")])
            services = build_services(settings, embedder)
            rows = []
            for q in [*questions, *seed]:
                result = services.search(q.question, settings.search_top_k)
                hits = result.hits[: settings.search_top_k]
                rows.append(
                    {
                        "qid": q.qid if q in questions else "seed-" + q.qid,
                        "question": q.question,
                        "pid": q.pid,
                        "answers": list(q.answers),
                        "answerable": q.pid in indexed or q in seed,
                        "hits": [asdict(h) for h in hits],
                        "dense": [result.dense_scores[h.chunk_id] for h in hits],
                        "lexical": [result.lexical_scores.get(h.chunk_id, 0.0) for h in hits],
                        "sentences": [
                            list(result.sentence_cosines.get(h.chunk_id, ())) for h in hits
                        ],
                        "term_idf": result.term_idf,
                    }
                )
            services.close()
            out[setup] = rows
            print(setup, len(rows), "questions", file=sys.stderr)
    CACHE.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


# --- replay ------------------------------------------------------------------------------


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def load_cache() -> dict[str, list[dict[str, object]]]:
    from retrieval.index.chunks import Hit

    data = json.loads(CACHE.read_text(encoding="utf-8"))
    for rows in data.values():
        for row in rows:
            row["hits"] = [Hit(**h) for h in row["hits"]]
    return data


def candidate_table(rows: list[dict]) -> tuple[list, list, list, list]:
    """Per candidate sentence: features, label (holds a gold answer), question index,
    group (article)."""
    from retrieval.answers.features import sentence_features

    X, y, qi, groups = [], [], [], []
    for i, row in enumerate(rows):
        answers = [_norm(a) for a in row["answers"]]
        for _rank, text, feats in sentence_features(
            row["question"], row["hits"], row["dense"], sentences=row.get("sentences")
        ):
            X.append(feats)
            y.append(any(a in _norm(text) for a in answers))
            qi.append(i)
            groups.append(row["pid"].rsplit("-", 1)[0] if False else row["pid"])
    return X, y, qi, groups


def _softmax_fit(X, qi, y, l2=0.01, signs=None):
    """Weights of a conditional logit: per question, softmax over its candidate
    sentences; maximises the probability of the sentences holding a gold answer. `signs`
    (+1, -1, 0 per feature) bounds the weights as gate.GATE_SIGNS does the gate's."""
    import numpy as np
    from scipy.optimize import minimize

    nq = int(qi.max()) + 1

    def loss(w):
        s = X @ w
        mx = np.full(nq, -1e9)
        np.maximum.at(mx, qi, s)
        e = np.exp(s - mx[qi])
        z = np.zeros(nq)
        np.add.at(z, qi, e)
        zg = np.zeros(nq)
        np.add.at(zg, qi, e * y)
        ok = zg > 0
        value = -(np.log(zg[ok]) - np.log(z[ok])).sum() + l2 * w @ w
        p = e / z[qi]
        pg = np.where(y, e / np.where(zg[qi] > 0, zg[qi], 1), 0)
        okc = ok[qi]
        grad = -((pg - p)[okc, None] * X[okc]).sum(0) + 2 * l2 * w
        return value, grad

    bounds = None
    if signs is not None:
        bounds = [(0, None) if g > 0 else (None, 0) if g < 0 else (None, None) for g in signs]
    return minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x


def _expected_fit(X, qi, gain, l2=0.01):
    """Weights of a softmax over each question's candidates maximising the sum over
    questions of log(expected gain): a candidate with F1 0.67 counts for 0.67."""
    import numpy as np
    from scipy.optimize import minimize

    nq = int(qi.max()) + 1
    ok = np.zeros(nq, bool)
    ok[qi[gain > 0]] = True
    keep = ok[qi]
    X, qi, gain = X[keep], np.unique(qi[keep], return_inverse=True)[1], gain[keep]
    nq = int(qi.max()) + 1

    def loss(w):
        s = X @ w
        mx = np.full(nq, -1e9)
        np.maximum.at(mx, qi, s)
        e = np.exp(s - mx[qi])
        z = np.zeros(nq)
        np.add.at(z, qi, e)
        p = e / z[qi]
        expected = np.zeros(nq)
        np.add.at(expected, qi, p * gain)
        xbar = np.zeros((nq, X.shape[1]))
        np.add.at(xbar, qi, p[:, None] * X)
        value = -np.log(expected + 1e-9).sum() + l2 * w @ w
        weight = p * gain / (expected[qi] + 1e-9)
        grad = -(weight[:, None] * (X - xbar[qi])).sum(0) + 2 * l2 * w
        return value, grad

    return minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B").x


def _top1(scores, qi, y, mask):
    best: dict[int, tuple[float, bool]] = {}
    for s, q, lab in zip(scores[mask], qi[mask], y[mask], strict=False):
        if q not in best or s > best[q][0]:
            best[q] = (s, bool(lab))
    return sum(lab for _, lab in best.values())


def fit_sentences(rows: list[dict]) -> None:
    """Sentence choice: a conditional logit over FEATURES, 5-fold cross-validated by
    article; prints the share of questions whose best sentence holds a gold answer."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    from retrieval.answers.features import FEATURE_SIGNS, FEATURES

    X, y, qi, groups = map(np.array, candidate_table(rows))
    X = X.astype(float)
    n = len(rows)
    reachable = len({q for q, lab in zip(qi, y, strict=False) if lab})
    print(f"{n} questions, {len(X)} candidate sentences; answer in some: {reachable / n:.3f}")
    hits = 0
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        w = _softmax_fit(X[train], qi[train], y[train], signs=FEATURE_SIGNS)
        mask = np.zeros(len(X), bool)
        mask[test] = True
        hits += _top1(X @ w, qi, y, mask)
    print(f"best sentence holds the answer, 5-fold by article: {hits / n:.3f}")
    w = _softmax_fit(X, qi, y, signs=FEATURE_SIGNS)
    everything = np.ones(len(X), bool)
    print(f"fitted on all: {_top1(X @ w, qi, y, everything) / n:.3f}")
    for i, name in enumerate(FEATURES):
        alone = _top1(X[:, i] + 1e-6 * X[:, 0], qi, y, everything) / n
        print(f"    {name:>15} {w[i]:+8.3f}   alone (ties by coverage): {alone:.3f}")
    print("SENTENCE_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")


def gate_table(rows: list[dict]) -> tuple[list, list, list]:
    from retrieval.answers.gate import GATE_FEATURES
    from retrieval.answers.gate_evidence import gate_features

    X, y, groups = [], [], []
    for row in rows:
        feats = gate_features(
            row["question"],
            row["hits"],
            row["dense"],
            sentences=row.get("sentences"),
            term_idf=row.get("term_idf"),
        )
        X.append(feats if feats is not None else (0.0,) * len(GATE_FEATURES))
        y.append(bool(row["answerable"]))
        groups.append(row["pid"])
    return X, y, groups


def _operating(pos, neg, keep=0.97):
    """The threshold answering >= `keep` of answerable questions, and what it declines."""
    import numpy as np

    threshold = float(np.quantile(pos, 1 - keep))
    threshold = (
        max(t for t in pos if t <= threshold) if any(t <= threshold for t in pos) else threshold
    )
    answered = float(np.mean(pos >= threshold))
    declined = float(np.mean(neg < threshold))
    return threshold, answered, declined


def _signed_logistic(X, y, signs, l2=1.0):
    """Logistic regression whose weights keep the sign evidence says they have
    (gate.GATE_SIGNS: more coverage never lowers confidence, a missing name never raises
    it); L2 on the weights, not the intercept. Returns (weights, intercept)."""
    import numpy as np
    from scipy.optimize import minimize

    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    t = y.astype(float)

    def loss(v):
        w, b = v[:-1], v[-1]
        z = Z @ w + b
        p = 1 / (1 + np.exp(-z))
        value = np.sum(np.logaddexp(0, z) - t * z) + l2 * w @ w
        g = p - t
        return value, np.append(Z.T @ g + 2 * l2 * w, g.sum())

    bounds = [(0, None) if s > 0 else (None, 0) if s < 0 else (None, None) for s in signs]
    v = minimize(
        loss, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)]
    ).x
    w = v[:-1] / sd
    return w, v[-1] - float(w @ mu)


def fit_gate(rows: list[dict]) -> None:
    """The gate: logistic regression over GATE_FEATURES on the half index, 5-fold
    cross-validated by article; declined share at 97% answered."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from retrieval.answers.gate import GATE_FEATURES

    X, y, groups = map(np.array, gate_table(rows))
    X = X.astype(float)
    print(f"{int(y.sum())} answerable, {int((~y).sum())} unanswerable questions (half index)")
    from retrieval.answers.gate import GATE_SIGNS

    scores = np.zeros(len(X))
    signed = np.zeros(len(X))
    for train, test in GroupKFold(n_splits=5).split(X, y, groups):
        model = LogisticRegression(C=1.0, max_iter=5000).fit(X[train], y[train])
        scores[test] = model.predict_proba(X[test])[:, 1]
        w, b = _signed_logistic(X[train], y[train], GATE_SIGNS)
        signed[test] = 1 / (1 + np.exp(-(X[test] @ w + b)))
    t, answered, declined = _operating(scores[y], scores[~y])
    print(
        f"cross-validated, free signs: answers {answered:.3f}, declines {declined:.3f} (at {t:.3f})"
    )
    t, answered, declined = _operating(signed[y], signed[~y])
    print(f"cross-validated, signed: answers {answered:.3f}, declines {declined:.3f} (at {t:.3f})")
    for i, name in enumerate(GATE_FEATURES):
        _, a, d = _operating(X[y, i], X[~y, i])
        print(f"    alone: {name:>18} answers {a:.3f} declines {d:.3f}")
    w, b = _signed_logistic(X, y, GATE_SIGNS)
    full = 1 / (1 + np.exp(-(X @ w + b)))
    t, answered, declined = _operating(full[y], full[~y])
    print(f"signed, fitted on all: answers {answered:.3f}, declines {declined:.3f} (at {t:.3f})")
    for name, coef in zip(GATE_FEATURES, w, strict=True):
        print(f"    {name:>20} {coef:+.3f}")
    print("GATE_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")
    print(f"GATE_INTERCEPT = {b:.3f}")
    print("threshold  answered  declined")
    for threshold in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        print(
            f"{threshold:9.2f}  {np.mean(full[y] >= threshold):8.3f}  "
            f"{np.mean(full[~y] < threshold):8.3f}"
        )


def gap_table(rows: list[dict]) -> list[dict]:
    """Per question whose best sentence holds a gold answer: the candidate phrases of
    that sentence (gap.gap_candidates) with their features and token F1 against gold."""
    from retrieval.answers.features import _ranked
    from retrieval.answers.gap import gap_candidates
    from retrieval.answers.span import short_span
    from retrieval.cli.phrase_match import exact_match, token_f1

    out = []
    for row in rows:
        ranked = _ranked(row["question"], row["hits"], row["dense"], sentences=row.get("sentences"))
        if ranked is None:
            continue
        query, scored, kind, marks = ranked.query, ranked.scored, ranked.kind, ranked.marks
        text = scored[0][1].sentence.text
        if not any(_norm(a) in _norm(text) for a in row["answers"]):
            continue
        spans, features = gap_candidates(row["question"], query.folded, kind, marks[2], text)
        if not spans:
            continue
        now = short_span(query.folded, kind, text)  # the typed phrase alone
        now_text = text[now[0] : now[1]].rstrip(" .,;:") if now else text
        out.append(
            {
                "pid": row["pid"],
                "kind": kind,
                "X": features.tolist(),
                "f1": [token_f1(text[a:b], row["answers"]) for a, b in spans],
                "em": [exact_match(text[a:b], row["answers"]) for a, b in spans],
                "now_f1": token_f1(now_text, row["answers"]),
                "sentence_f1": token_f1(text, row["answers"]),
                "marked": now is not None,
                # to pick again with gap_span, edges settled (edges.py)
                "question": row["question"],
                "terms": query.folded,
                "head": marks[2],
                "text": text,
                "answers": row["answers"],
            }
        )
    return out


def fit_gap(rows: list[dict]) -> None:
    """The phrase filling the question's gap: a conditional logit over GAP_FEATURES, the
    best-F1 candidates as targets; fitted on half the articles, checked on the other."""
    import numpy as np

    from retrieval.answers.gap import GAP_FEATURES, gap_span, uses_gap
    from retrieval.cli.phrase_match import token_f1

    everything = gap_table(rows)
    table = [t for t in everything if uses_gap(t["kind"], t["marked"])]
    rest = [t["now_f1"] for t in everything if not uses_gap(t["kind"], t["marked"])]
    print(f"{len(rest)} questions keep today's typed phrase: F1 {np.mean(rest):.3f}")
    n = len(table)
    X = np.array([x for t in table for x in t["X"]], float)
    f1 = np.array([v for t in table for v in t["f1"]])
    em = np.array([v for t in table for v in t["em"]])
    qi = np.array([i for i, t in enumerate(table) for _ in t["X"]])
    best = np.zeros(n)
    np.maximum.at(best, qi, f1)
    y = (f1 >= best[qi] - 1e-9) & (best[qi] > 0)
    print(f"{n} questions whose best sentence holds the answer, {len(X)} candidates")
    print(f"best candidate's F1 (the ceiling): {best.mean():.3f}")
    print(
        f"today's short answer (else the sentence): F1 {np.mean([t['now_f1'] for t in table]):.3f}"
    )
    articles = sorted({t["pid"] for t in table})
    odd = {pid for k, pid in enumerate(articles) if k % 2}
    fold_of = np.array([table[q]["pid"] in odd for q in qi])

    by_kind: dict[str, list[float]] = {}
    by_sure: list[tuple[float, float, float]] = []  # (probability of the pick, its F1, sentence F1)

    def picked(w, mask):
        s = X @ w
        chosen: dict[int, int] = {}
        for k in map(int, np.flatnonzero(mask)):
            q = int(qi[k])
            if q not in chosen or s[k] > s[chosen[q]]:
                chosen[q] = k
        for q, k in chosen.items():
            e = np.exp(s[qi == q] - s[k])
            by_sure.append((1 / e.sum(), f1[k], table[q]["sentence_f1"]))
        for q, k in chosen.items():
            key = (table[q]["kind"] or "(unsaid)") + (" marked" if table[q]["marked"] else "")
            by_kind.setdefault(key, []).append(f1[k] - table[q]["now_f1"])
        picks = np.array(list(chosen.values()))
        return f1[picks].sum(), em[picks].sum(), len(picks)

    total_f1 = total_em = total_n = settled_f1 = 0.0
    for side in (False, True):
        train = fold_of == side
        w = _softmax_fit(X[train], np.unique(qi[train], return_inverse=True)[1], y[train])
        a, b, m = picked(w, ~train)
        half = "odd" if side else "even"
        print(f"fitted on {half} articles, other half: F1 {a / m:.3f} EM {b / m:.3f} (n={m})")
        total_f1, total_em, total_n = total_f1 + a, total_em + b, total_n + m
        for t in table:
            if (t["pid"] in odd) != side:
                span = gap_span(t["question"], t["terms"], t["kind"], t["head"], t["text"], w)
                shown = t["text"][span[0] : span[1]].rstrip(" .,;:") if span else t["text"]
                settled_f1 += token_f1(shown, t["answers"])
    print(f"cross-checked: F1 {total_f1 / total_n:.3f} EM {total_em / total_n:.3f}")
    print(f"cross-checked, the pick's edges settled (gap_span): F1 {settled_f1 / total_n:.3f}")
    sure = np.array(by_sure)
    for lo, hi in ((0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.5), (0.5, 1.01)):
        m = (sure[:, 0] >= lo) & (sure[:, 0] < hi)
        if m.any():
            print(
                f"    pick's probability {lo:.1f}-{hi:.1f}: n={m.sum():4d} phrase F1 "
                f"{sure[m, 1].mean():.3f}, sentence F1 {sure[m, 2].mean():.3f}"
            )
    print(
        f"all {len(everything)}: today {np.mean([t['now_f1'] for t in everything]):.3f}, "
        f"with the gap model {(total_f1 + sum(rest)) / len(everything):.3f}"
    )
    for kind, gains in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"    {kind:>18} n={len(gains):4d} F1 gain over today {np.mean(gains):+.3f}")
    w = _softmax_fit(X, qi, y)
    a, b, m = picked(w, np.ones(len(X), bool))
    print(f"fitted on all: F1 {a / m:.3f} EM {b / m:.3f}")
    for name, v in zip(GAP_FEATURES, w, strict=True):
        print(f"    {name:>15} {v:+8.3f}")
    print("GAP_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")


def replay(rows: list[dict], label: str) -> None:
    """The product's extractive answer over the cached hits: answer_hit, short_em,
    short_f1 (as `retrieval eval` scores them), and how many it would decline."""
    from retrieval.answers.extractive import extract
    from retrieval.cli.phrase_match import exact_match, token_f1
    from retrieval.settings import Settings

    floor = Settings(_env_file=None).relevance_floor  # type: ignore[call-arg]
    n = len(rows)
    hit = em = f1 = marked = declined = 0.0
    for row in rows:
        found = extract(
            row["question"],
            row["hits"],
            dense=row["dense"],
            sentences=row.get("sentences"),
            term_idf=row.get("term_idf"),
        )
        first = found.text.split(" [", 1)[0]
        answers = [_norm(a) for a in row["answers"]]
        hit += any(a in _norm(first) for a in answers)
        phrase = found.short.text if found.short else first
        em += exact_match(phrase, row["answers"])
        f1 += token_f1(phrase, row["answers"])
        marked += found.short is not None
        declined += found.confidence < floor or not found.text
    print(
        f"{label}: n={n} answer_hit={hit / n:.3f} short_em={em / n:.3f} "
        f"short_f1={f1 / n:.3f} short_marked={marked / n:.3f} declined={declined / n:.3f}"
    )


def main() -> None:
    data = load_cache()
    full = [r for r in data["full"] if not str(r["qid"]).startswith("seed")]
    half = [r for r in data["half"] if not str(r["qid"]).startswith("seed")]
    command = sys.argv[1:2]
    if command in (["sentences"], ["gate"]):
        need_sklearn()
    if command == ["sentences"]:
        fit_sentences(full)
    elif command == ["gap"]:
        fit_gap(full)
    elif command == ["gate"]:
        fit_gate(half)
    else:
        replay(full, "xquad_vi, all articles indexed")
        replay([r for r in half if r["answerable"]], "half index, answerable")
        replay([r for r in half if not r["answerable"]], "half index, unanswerable")
        replay([r for r in data["full"] if str(r["qid"]).startswith("seed")], "seed")


if __name__ == "__main__":
    if sys.argv[1:2] == ["cache"]:
        build_cache()
    else:
        main()
