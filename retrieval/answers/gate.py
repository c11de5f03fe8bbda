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
    best sentence's coverage alone           0.57
    best sentence's score alone              0.64
    best sentence's own cosine alone         0.47
    signed logistic, 5-fold by article       0.693 (without rare_absent)
      + rare_absent                          0.713 (0.721 with the time words counted)
    signed logistic, fitted on all           0.748 (threshold 0.169: RELEVANCE_FLOOR 0.17)

    threshold   answered   declined   (signed, fitted on all)
      0.05       0.988      0.488
      0.10       0.981      0.644
      0.15       0.973      0.732
      0.25       0.955      0.815
      0.40       0.918      0.881
      0.50       0.899      0.918

The weights that matter are the passage's and the best sentence's cosines (sentence
vectors: `retrieval.index.sentence_vectors`), the coverage of the question by the best
sentence and its passage (terms and two-syllable phrases), the question's words the
passage lacks weighed by how rare they are in the whole index (`rare_absent`: the idf
of each, `LexicalIndex.folded_idf`; a passage lacking "hợp tác xã" is about something
else, one lacking "năm" is not; the question's time words are left to the dates: the
"kia" of "năm kia" is rare, and an article of that year says "năm nay"), and the
question's names and numbers the passage lacks; the asked-kind features and the counted
noun ("bao nhiêu đảng viên") got ~0 on xquad_vi, whose translated questions paraphrase
their answers.
Besides the gate, `extractive.extract` answers a count ("bao nhiêu đảng bộ") with the best
sentence that says how many (a number, "nhiều", "vài", "không có":
`evidence.says_how_many`) in a sentence naming the counted noun or something else the
question asks of it beyond its time, and declines it when no candidate does. The sample
article's two same-domain questions it does not answer scored 0.18 and 0.35 by the gate
alone (declined only from a floor of ~0.4); "Thành ủy TPHCM có bao nhiêu đảng bộ trực
thuộc?" reads a dated lead without a number, "Năm 2017 kết nạp bao nhiêu đảng viên mới?"
a sentence counting "tập thể" that shares only the year with it: both now score < 0.03.
xquad_vi replay, half index: declined 0.720 -> 0.721, answered unchanged. With
`rare_absent` (cache rebuilt, `bench/tune_answer.py`): half index declined 0.740 of the
unanswerable, 0.029 of the answerable; all articles indexed, 0.026 declined.
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
    "sentence_cosine",  # best cosine between the question and a retrieved sentence
    "best_sentence_cosine",  # … and the best sentence's cosine
    "rare_absent",  # the question's words its passage lacks, weighed by rarity in the index
)
# The sign each weight may take (+1, -1; 0: either): evidence for an answer never counts
# against it, a mismatch never for it. Fitting without them gave some weights the wrong
# sign (collinear features), which no other set of questions would bear out.
GATE_SIGNS = (1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, 1, 1, -1, 1, -1, -1, 1, 1, 1, -1)
GATE_WEIGHTS = (
    0.948,
    0.000,
    0.512,
    0.511,
    1.203,
    0.000,
    -0.682,
    -0.201,
    -0.227,
    0.000,
    0.000,
    0.000,
    1.491,
    -0.516,
    6.755,
    0.000,
    0.000,
    0.000,
    4.599,
    33.260,
    -3.621,
)
GATE_INTERCEPT = -40.392


# A question typed without diacritics that search could not put them back on
# (`retrieval.search.accents`: most are read with them) has lower cosines with
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
