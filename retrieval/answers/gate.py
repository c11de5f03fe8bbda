"""Answer or decline: how sure the extractive evidence is that the passages answer.

`confidence(features)` is a logistic regression over GATE_FEATURES, computed by the
extractive answer from its best sentence and the retrieved passages: the probability that
the question is answered by the indexed articles at all. `ask` declines below the
RELEVANCE_FLOOR setting (retrieval/settings.py).

Fitted by `python bench/tune_answer.py gate` on xquad_vi with half of its articles
indexed (questions about the other half are same-domain unanswerable), 5-fold
cross-validated by article; the table it printed is below the weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["GATE_FEATURES", "GATE_SIGNS", "GATE_WEIGHTS", "confidence"]

GATE_FEATURES = (
    "top_dense",  # best cosine between the question and a retrieved passage
    "best_score",  # the best sentence's score (extractive.SENTENCE_WEIGHTS)
    "margin",  # best sentence's score minus the next one's
    "coverage",  # the best sentence's coverage of the question's terms
    "passage_coverage",  # the best sentence's passage's coverage of them
    "asked",  # the best sentence holds a phrase of the kind asked for
    "asked_missing",  # the question asks for a kind the best sentence lacks
    "name_missing",  # share of the question's names missing from the best passage
    "number_missing",  # share of its numbers missing from the best passage
    "name_missing_all",  # … missing from every retrieved passage
    "number_missing_all",
    "phrase",  # the best sentence's share of the question's two-syllable phrases
    "passage_phrase",  # the best passage's share of them
    "absent_all",  # share of the question's terms found in no retrieved passage
    "best_dense",  # cosine of the best sentence's passage
    "head_missing",  # share of the counted/picked noun the best sentence lacks
    "head_missing_passage",  # … its passage lacks
    "answers_with_head",  # it holds a phrase of the asked kind beside the asked noun
)
# The sign each weight may take (+1, -1; 0: either): evidence for an answer never counts
# against it, a mismatch never for it. Fitting without them gave some weights the wrong
# sign (collinear features), which no other set of questions would bear out.
GATE_SIGNS = (1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, 1, 1, -1, 1, -1, -1, 1)
GATE_WEIGHTS = (
    9.080,
    0.051,
    0.354,
    2.140,
    2.758,
    0.000,
    -0.611,
    -0.584,
    -0.791,
    0.000,
    0.000,
    0.243,
    1.758,
    -0.302,
    28.017,
    -0.001,
    0.000,
    0.0,
)
GATE_INTERCEPT = -36.331


def confidence(features: Sequence[float]) -> float:
    """Probability that the passages answer the question, in [0, 1]."""
    z = GATE_INTERCEPT + sum(w * x for w, x in zip(GATE_WEIGHTS, features, strict=True))
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
