"""Sentence vectors: every sentence of a chunk embedded at ingestion, for the answer step.

The answer step chooses the sentence that answers and decides whether the passages answer
at all (`retrieval.answers.features`, `gate`). Word overlap misses paraphrases ("mở lại" /
"tái lập"); the cosine between the question and each sentence sees them. Embedding the
sentences of the retrieved passages at question time would cost several query
embeddings, so ingestion embeds them once, beside the chunk's own vector, and search
hands the answer step each sentence's cosine (`HybridResult.sentence_cosines`).

Measured by `python bench/sentence_cosine.py` (xquad_vi, 1,190 questions): the best
sentence holds the answer 0.798 -> 0.813 (5-fold by article), and the gate declines 0.651
-> 0.676 of same-domain unanswerable questions at 97% answered (5-fold; 0.661 -> 0.725
fitted on all), for ~1.6x the embedding work at ingestion.

The sentences are `retrieval.language.text.split_sentences(chunk text)`, in that order:
the pieces the answer step analyses (`_Sentence.order` is the index here). Each vector is
stored as int8 with its own scale (max |x| / 127): a quarter of float32's bytes, and a
cosine within ~0.002 of the float one. In a chunk's metadata (`chunks.SENTENCE_VECTORS`)
they are one base64 string: the n scales (float32), then the n x dim int8 values. Chunks
written before sentence vectors existed have none ("", no key); the answer step then reads
the passage's cosine instead (`answers.sentence_cosines`), the search snapshot says how
many such chunks it holds when it is built or updated, and `python -m ingest --rebuild`
adds them.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from retrieval.language.text import split_sentences

__all__ = ["SentenceVectors", "cosines", "pack", "quantize", "sentence_texts", "unpack"]


class SentenceVectors:
    """int8 sentence vectors with their scales: `values` n x dim, `scales` n."""

    __slots__ = ("scales", "values")

    def __init__(self, values: np.ndarray, scales: np.ndarray) -> None:
        self.values = values
        self.scales = scales

    def __len__(self) -> int:
        return len(self.scales)


def quantize(vectors: np.ndarray) -> SentenceVectors:
    """float vectors (n x dim) as int8 with one scale each."""
    v = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    scales = np.abs(v).max(axis=1) / 127.0 if len(v) else np.zeros(0, np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    values = np.clip(np.rint(v / safe), -127, 127).astype(np.int8)
    return SentenceVectors(values, scales.astype(np.float32))


def pack(vectors: np.ndarray) -> str:
    """A chunk's sentence vectors (float, n x dim) as the metadata string ("" for none)."""
    if not len(vectors):
        return ""
    q = quantize(vectors)
    return base64.b64encode(q.scales.tobytes() + q.values.tobytes()).decode("ascii")


def unpack(text: str, dim: int) -> SentenceVectors | None:
    """The vectors `pack` wrote, or None when there are none or the string is not such
    (damaged, or of a model with another dimension: the answer step then does without)."""
    if not text or dim <= 0:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    n, rest = divmod(len(raw), 4 + dim)
    if not n or rest:
        return None
    scales = np.frombuffer(raw, dtype=np.float32, count=n)
    values = np.frombuffer(raw, dtype=np.int8, offset=4 * n).reshape(n, dim)
    return SentenceVectors(values, scales)


def cosines(vectors: SentenceVectors, query: np.ndarray) -> tuple[float, ...]:
    """The cosine of each sentence with a (unit) query vector."""
    if not len(vectors):
        return ()
    dots = vectors.values.astype(np.float32) @ np.asarray(query, dtype=np.float32)
    return tuple((dots * vectors.scales).tolist())


def sentence_texts(chunks: Sequence[str]) -> list[list[str]]:
    """The sentences of each chunk text, as the answer step splits them."""
    return [[text[a:b] for a, b in split_sentences(text)] for text in chunks]
