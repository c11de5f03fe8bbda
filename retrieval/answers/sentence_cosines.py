"""The question's cosine with each sentence of the retrieved passages, for the answer step.

Search returns it (`HybridResult.sentence_cosines`) from the sentence vectors stored at
ingestion (`retrieval.index.sentence_vectors`); `features` reads it per candidate, as the
sentence model's "cosine" and two of the gate's features.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from retrieval.answers.context import introducers
from retrieval.answers.sentences import _Candidate, _Sentence
from retrieval.index.chunks import Hit
from retrieval.language.text import split_sentences

__all__ = ["UNSTORED_SENTENCE_GAP", "SentenceCosines"]

# A passage stored without sentence vectors (an index built before them, until
# `python -m ingest --rebuild`): each of its sentences reads as the passage's cosine less
# the median gap between a sentence's cosine and its passage's on xquad_vi (0.022); the
# best of them as the passage's (the median gap of a passage's best sentence is 0.001).
UNSTORED_SENTENCE_GAP = 0.022


@functools.lru_cache(maxsize=2048)
def _piece_count(text: str) -> int:
    # Cached as `sentences._analysed` is: the same few passages come back question after
    # question, and cutting one takes ~50 us.
    return len(split_sentences(text))


class SentenceCosines:
    """The question's cosine with each sentence of the retrieved passages
    (`HybridResult.sentence_cosines`, in `split_sentences` order), read by candidate.

    A sentence introduced by a news lead or a list's lead-in (`context.introducers`) has
    at least its introducer's cosine, as it has its words (`context.in_lead`): the lead
    "Chiều 26/12, Công ty … tổ chức lễ tôn vinh người lao động tiêu biểu" is nearest to
    "Lễ tôn vinh … vinh danh ai?" because it names the event, which the sentence naming
    the person answers without repeating. Without it, the cosine made such leads the
    answer (bench/dated_replay.py: answer-hit 0.974 -> 0.868)."""

    def __init__(
        self,
        hits: Sequence[Hit],
        dense: Sequence[float],
        sentences: Sequence[Sequence[float]] | None,
        by_hit: Sequence[Sequence[_Sentence]],
        *,
        datelines: bool = True,  # context.lends_lead
        own: frozenset[str] = frozenset(),  # context.in_lead
    ) -> None:
        given = list(sentences) if sentences is not None else [()] * len(hits)
        # Vectors stored for another cut of the text (a splitter changed since) are ignored.
        stored = [
            list(row) if row and len(row) == _piece_count(hit.text) else []
            for hit, row in zip(hits, given, strict=True)
        ]
        for row, analysed in zip(stored, by_hit, strict=True):
            if not row:
                continue
            # Lend from the cosines as stored, whatever order the sentences come in.
            as_stored = tuple(row)
            for order, by in introducers(analysed, datelines=datelines, own=own).items():
                row[order] = max(as_stored[order], *(as_stored[s.order] for s in by))
        self._stored = stored
        self._dense = dense

    def of(self, candidate: _Candidate) -> float:
        row = self._stored[candidate.rank]
        order = candidate.sentence.order
        if order < len(row):
            return row[order]
        return self._dense[candidate.rank] - UNSTORED_SENTENCE_GAP

    def best(self) -> float:
        """The best cosine of any sentence of the passages."""
        return max(
            (max(row) if row else self._dense[rank] for rank, row in enumerate(self._stored)),
            default=0.0,
        )
