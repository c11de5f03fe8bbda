"""Answer or decline: how sure the extractive evidence is that the passages answer.

`confidence(features)` is a logistic regression over GATE_FEATURES, computed by the
extractive answer from its best sentence and the retrieved passages (`features.py`): the
probability that the indexed articles answer the question at all. `ask` declines below
the RELEVANCE_FLOOR setting (retrieval/settings.py), before any LLM is asked.

Fitted by `python bench/tune_answer.py gate` on xquad_vi with half of its articles
indexed (594 answerable questions; 596 about the other half: same-domain unanswerable),
each weight kept to the sign its evidence has (GATE_SIGNS), features standardised, L2.
What it printed (declined share of unanswerable questions at the threshold that answers
97% of answerable ones):

    signal                                   declined at 97% answered
    best passage cosine alone                0.33
    best sentence's coverage alone           0.59
    best sentence's score alone              0.52
    free-sign logistic, 5-fold by article    0.61
    signed logistic, 5-fold by article       0.63
    signed logistic, fitted on all           0.67 (threshold 0.145: RELEVANCE_FLOOR 0.15)

    threshold   answered   declined   (signed, fitted on all)
      0.05       0.995      0.441
      0.10       0.978      0.594
      0.15       0.970      0.676
      0.25       0.946      0.768
      0.40       0.907      0.856
      0.50       0.874      0.898

The weights that matter are the passages' cosines, the coverage of the question by the
best sentence and its passage (terms and two-syllable phrases), and the question's names
and numbers the passage lacks; the asked-kind features and the counted noun ("bao nhiêu
đảng viên") got ~0 on xquad_vi, whose translated questions paraphrase their answers.
On the sample article the two same-domain questions it does not answer score 0.35 and
0.26, every seed question >= 0.76: they are declined from a floor of ~0.4.
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


# A question typed without diacritics ("nhiem vu nam 2022 la gi") has lower cosines with
# the passages than as written: measured by `python bench/unaccented_cosine.py` on 300
# xquad_vi questions, the drop is 0.066 (median 0.067) against the passage that answers
# and 0.025 against the best other passage. The gate's cosine features of such a question
# get the middle, 0.045, back: without it every unaccented question on the dated set was
# declined (confidence ~0.05), while an unanswerable one gains only ~0.02 over its
# accented form.
UNACCENTED_COSINE_DROP = 0.045


def confidence(features: Sequence[float]) -> float:
    """Probability that the passages answer the question, in [0, 1]."""
    z = GATE_INTERCEPT + sum(w * x for w, x in zip(GATE_WEIGHTS, features, strict=True))
    return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
