"""Lexical (BM25) search for Vietnamese.

Terms, per text (`Analyzer.terms`):

- syllables: `normalize`d, lowercased runs of letters, and numbers kept whole (see
  `_number_terms`);
- question phrases and a few function words are dropped (`QUESTION_PHRASES`, `STOPWORDS`),
  so "là gì", "bao nhiêu", "như thế nào" never decide which passage wins;
- adjacent-syllable bigrams ("nhiệm_vụ", "trọng_tâm", "năm_2018") stand in for word
  segmentation: Vietnamese words are mostly one or two syllables, and bigrams need no
  model and work on text typed without diacritics, where a segmenter is lost;
- every term also in accent-folded form, prefixed "~" ("~nhiem_vu"), in the same index.

Measured with `bench/tune_hybrid.py` (BM25 alone, xquad_vi, 1,190 questions, hit@1 as
asked / typed without diacritics): syllables 0.914 / 0.864, syllables + bigrams 0.909 /
0.902, pyvi words 0.879 / 0.408, pyvi words + syllables 0.898 / 0.865. Bigrams are the
only variant that holds up without diacritics. The stop lists are neutral on that set
(0.910 / 0.907 without them: question words rarely occur in its passages) and are kept
for news text, where quotes and interviews are full of them; the weight of folded terms
for a question with diacritics made no measurable difference between 0 and 1.

A question typed with diacritics is scored on its exact terms plus its folded terms at a
lower weight (`Analyzer.fold_weight`), so "tâm" beats "tám" but a half-accented question
still finds its passage; a question typed without any diacritics is scored on folded terms
only (its exact terms would match only the ASCII words of a passage: numbers and foreign
names would count twice).

Scoring is BM25 (Lucene's idf) over a sparse chunk x term matrix of precomputed term
weights: a query adds up a few columns. The index of what the store lets search see is
built, kept up to date and saved by `retrieval.search.snapshot`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from retrieval.language.text import fold, normalize

__all__ = [
    "FOLDED_QUESTION_WORDS",
    "FOLDED_STOPWORDS",
    "QUESTION_PHRASES",
    "QUESTION_WORDS",
    "STOPWORDS",
    "TERMS_VERSION",
    "Analyzer",
    "LexicalIndex",
    "fold_terms",
    "has_diacritics",
    "tokenize",
]

log = logging.getLogger(__name__)

# --- what is dropped -------------------------------------------------------------------

# Question phrases, removed wherever their syllables stand next to each other (and, typed
# without diacritics, in their folded form: "nhu the nao"). Removed as phrases because
# their syllables alone are content words elsewhere: "sao" is a star in "ngôi sao",
# "đâu" a head ("đầu") once folded, "thế" in "thế giới", "giờ" an hour.
QUESTION_PHRASES: tuple[str, ...] = (
    "như thế nào", "thế nào", "ra sao", "thì sao", "tại sao", "vì sao", "làm sao",
    "bao nhiêu", "bao giờ", "bao lâu", "là gì", "là ai", "có phải", "phải không",
    "hay không", "đúng không", "khi nào", "lúc nào", "ở đâu", "nơi nào", "cái gì",
    "điều gì", "những gì",
)  # fmt: skip

# Question words: never a term, alone or in a bigram ("ai_chủ", "ngày_nào" would only
# match passages that happen to hold the same question word).
QUESTION_WORDS: frozenset[str] = frozenset({"gì", "ai", "nào", "đâu", "mấy", "chăng", "hả", "nhỉ"})

# Words dropped as unigrams: question words and the function words that fill questions.
# Only syllables that are never a content word on their own (with their diacritics);
# "sao", "năm", "người", "ông", "bà" stay. A bigram with one of these is kept (unless it
# holds a question word, or both syllables are here), so "hàng_không", "không_gian" and
# "có_thể" still match.
STOPWORDS: frozenset[str] = QUESTION_WORDS | frozenset(
    {
        "là", "thì", "mà", "của", "và", "các", "những", "có", "được", "đã", "sẽ", "đang",
        "bị", "này", "đó", "với", "cho", "về", "từ", "ở", "tại", "trong", "không",
    }
)  # fmt: skip

# The same two lists for text typed without diacritics: only folds that are (almost)
# never a content word. "co" (cô, cơ, cỏ), "da" (đa, đá), "dang" (Đảng), "duoc" (dược),
# "trong" (trọng), "nay" (hiện nay), "thi" (thị), "ma" (Ma, mã), "dau" (đầu) are kept.
FOLDED_QUESTION_WORDS: frozenset[str] = frozenset({"gi", "ai", "nao"})
FOLDED_STOPWORDS: frozenset[str] = FOLDED_QUESTION_WORDS | frozenset(
    {"la", "cua", "va", "cac", "nhung", "khong"}
)

# --- tokens ----------------------------------------------------------------------------

# A number with its inner separators ("8/2", "2020-2025", "1.000", "3,5", "7:30"), or a
# run of letters. Underscores split words ("Super_Bowl_50" is three).
_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_YEAR_LIKE = 4  # digits in a part of a compound number that is also indexed alone
_FOLD_PREFIX = "~"
_BIGRAM_JOIN = "_"

# Bump when the terms of a text change: saved indexes are then rebuilt (see
# retrieval.search.snapshot, which records it).
TERMS_VERSION = 1


def _number_terms(number: str) -> list[str]:
    """Numbers are kept whole so "8/2" matches the date and not every "8" and "2".

    "1.000" (Vietnamese thousands separator) becomes "1000", so both spellings match. A
    compound number also yields its parts of four or more digits, the years people ask
    about alone: "2020-2025" -> "2020-2025", "2020", "2025"; "8/2/2018" -> ..., "2018".
    """
    if _THOUSANDS.fullmatch(number):
        return [number.replace(".", "")]
    parts = re.split(r"[.,/:-]", number)
    if len(parts) == 1:
        return [number]
    return [number, *(p for p in parts if len(p) >= _YEAR_LIKE)]


@functools.cache
def _fold_table() -> dict[int, str | None]:
    """`str.translate` table equal to `fold` on lowercase NFC text, one character at a
    time: folding a whole text in one C call is what keeps indexing fast."""
    table: dict[int, str | None] = {}
    for code in range(0x80, 0x2000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None  # a mark left uncomposed by NFC
            continue
        folded = fold(char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: "ạ", "ế", "ữ", ...
        folded = fold(chr(code))
        if len(folded) == 1:
            table[code] = folded
    for low, high in ((0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30)):
        table.update(dict.fromkeys(range(low, high)))
    return table


def _fold_fast(text: str) -> str:
    return text.translate(_fold_table())


@functools.cache
def _diacritic() -> re.Pattern[str]:
    """Any character that `fold` changes, once lowercased (a diacritic, "đ")."""
    chars = "".join(sorted(chr(c) for c in _fold_table()))
    return re.compile(f"[{re.escape(chars)}]")


def has_diacritics(text: str) -> bool:
    """Whether `text` was typed with Vietnamese diacritics (any accent, or "đ")."""
    return _diacritic().search(normalize(text).lower()) is not None


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "như thế nào" goes whole rather than leaving "như".
    ordered = sorted(set(phrases), key=lambda p: (-len(p.split()), p))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


_ACCENTED_PHRASES = _phrase_pattern(QUESTION_PHRASES)
_FOLDED_PHRASES = _phrase_pattern(fold(p) for p in QUESTION_PHRASES)
# What a question phrase is replaced by: a break, so no bigram spans the gap it leaves.
_PHRASE_GAP = " | "

# Where a run of adjacent syllables breaks: any punctuation except "-", and ". , / :"
# unless they stand between two digits (inside "8/2", "1.000", "3,5", "7:30"). Inside a
# run, tokens are separated only by spaces, "_" or "-" ("Rịa-Vũng", "Super_Bowl").
_BREAK = re.compile(r"[^\w\s\-.,/:]+|[.,/:](?!\d)|(?<!\d)[.,/:]")
_DIGIT = re.compile(r"\d")


def _runs(text: str) -> Iterator[list[str]]:
    """Runs of syllables and numbers that stand next to each other (bigram candidates)."""
    for segment in _BREAK.split(text):
        tokens = _TOKEN.findall(segment)
        if not tokens:
            continue
        if not _DIGIT.search(segment):
            yield tokens
            continue
        run: list[str] = []
        for token in tokens:
            if not token[0].isdigit():
                run.append(token)
                continue
            terms = _number_terms(token)
            run.append(terms[0])
            if len(terms) > 1:
                yield run  # the parts of a compound number are unigrams only
                yield from ([part] for part in terms[1:])
                run = []
        if run:
            yield run


@dataclass(frozen=True)
class Terms:
    """The terms of one text, split by kind so a query can weight them."""

    exact: list[str]
    folded: list[str]  # "~"-prefixed
    accented: bool  # the text has diacritics somewhere

    @property
    def all(self) -> list[str]:
        return self.exact + self.folded


@dataclass(frozen=True)
class Analyzer:
    """How text becomes BM25 terms. Saved with the index: a change means a rebuild.

    The defaults are the measured choice (see the module docstring).
    """

    bigrams: bool = True
    stopwords: bool = True
    # Weight of folded terms in a question typed with diacritics (1 would let "tám"
    # match "tâm" as well as "tâm" itself does).
    fold_weight: float = 0.5

    def terms(self, text: str) -> Terms:
        exact, accented = self.exact_terms(text)
        return Terms(exact=exact, folded=fold_terms(exact), accented=accented)

    def exact_terms(self, text: str) -> tuple[list[str], bool]:
        """The terms of `text` before folding, and whether it has diacritics."""
        lowered = normalize(text).lower()
        # A text typed without any diacritics is read with the folded lists: there "trong"
        # may be "trọng" and "o dau" is "ở đâu"; with diacritics, "ở đầu" is not a question.
        accented = _diacritic().search(lowered) is not None
        stopwords: frozenset[str] = frozenset()
        questions: frozenset[str] = frozenset()
        if self.stopwords:
            phrases = _ACCENTED_PHRASES if accented else _FOLDED_PHRASES
            lowered = phrases.sub(_PHRASE_GAP, lowered)
            stopwords = STOPWORDS if accented else FOLDED_STOPWORDS
            questions = QUESTION_WORDS if accented else FOLDED_QUESTION_WORDS
        exact: list[str] = []
        for run in _runs(lowered):
            exact += [s for s in run if s not in stopwords]
            if self.bigrams and len(run) > 1:
                stops = [s in stopwords for s in run]
                asks = [s in questions for s in run]
                exact += [
                    a + _BIGRAM_JOIN + b
                    for (a, b), (stop_a, stop_b), (ask_a, ask_b) in zip(
                        itertools.pairwise(run),
                        itertools.pairwise(stops),
                        itertools.pairwise(asks),
                        strict=True,
                    )
                    if not (ask_a or ask_b or (stop_a and stop_b))
                ]
        return exact, accented

    def query_weights(self, query: str) -> dict[str, float]:
        """Term -> weight for a question (repeated terms add up, as in Lucene)."""
        terms = self.terms(query)
        weights: dict[str, float] = {}
        accented = terms.accented
        if accented:
            for term in terms.exact:
                weights[term] = weights.get(term, 0.0) + 1.0
        fold_weight = self.fold_weight if accented else 1.0
        if fold_weight > 0:
            for term in terms.folded:
                weights[term] = weights.get(term, 0.0) + fold_weight
        return weights

    def to_json(self) -> dict[str, Any]:
        return {"kind": type(self).__name__, **dataclasses.asdict(self)}


def fold_terms(terms: list[str]) -> list[str]:
    """ "~" + the folded form of every term ("~nhiem_vu"), in one translate call."""
    if not terms:
        return []
    # "\n" never occurs in a term: terms are cut at whitespace.
    joined = _FOLD_PREFIX + ("\n" + _FOLD_PREFIX).join(terms)
    return _fold_fast(joined).split("\n")


def tokenize(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """Every BM25 term of `text`: exact terms, then "~"-prefixed folded ones."""
    return (analyzer or Analyzer()).terms(text).all


# --- the index -------------------------------------------------------------------------


class LexicalIndex:
    """BM25 over chunks: `search(query, k)` -> [(chunk id, score)], best first.

    Holds each chunk's term counts (`counts`, chunks x terms, CSC) and the BM25 weights
    derived from them (`weights`). The counts are what `replaced` needs to change some rows
    without re-reading the others: BM25's idf and average length depend on every chunk,
    so the weights of all rows are recomputed (vectorised, ~0.2 s at 10,000 articles)
    while only the new chunks' text is analysed.
    """

    def __init__(
        self,
        chunk_ids: list[str],
        vocabulary: list[str],
        counts: sparse.csc_matrix,
        lengths: np.ndarray,
        *,
        analyzer: Analyzer,
        k1: float,
        b: float,
        signature: str = "",
    ) -> None:
        self.chunk_ids = chunk_ids
        self.vocabulary = vocabulary
        self.term_ids = {t: i for i, t in enumerate(vocabulary)}
        self.counts = counts  # chunks x terms, uint16 occurrences (exact + folded)
        self.lengths = lengths  # terms per chunk, float32
        self.weights = _bm25_weights(counts, lengths, k1=k1, b=b)
        self.analyzer = analyzer
        self.k1 = k1
        self.b = b
        self.signature = signature
        self.row = {cid: i for i, cid in enumerate(chunk_ids)}

    def __len__(self) -> int:
        return len(self.chunk_ids)

    # --- building ------------------------------------------------------------------------
    @classmethod
    def from_texts(
        cls,
        items: Iterable[tuple[str, str]],
        *,
        analyzer: Analyzer | None = None,
        k1: float = 1.2,
        b: float = 0.75,
        signature: str = "",
    ) -> LexicalIndex:
        """Index `(chunk id, text)` pairs, in the order given; text is what the dense side
        embeds (title + chunk)."""
        analyzer = analyzer or Analyzer()
        vocabulary: dict[str, int] = {}
        chunk_ids, rows, lengths = _count(items, analyzer, vocabulary)
        counts = _csc(rows, len(vocabulary))
        return cls(
            chunk_ids,
            list(vocabulary),
            counts,
            lengths,
            analyzer=analyzer,
            k1=k1,
            b=b,
            signature=signature,
        )

    def replaced(
        self,
        drop: Iterable[str],
        items: Iterable[tuple[str, str]],
        *,
        order: list[str] | None = None,
        signature: str = "",
    ) -> LexicalIndex:
        """A new index without the chunks in `drop` and with `items` added; only the added
        texts are analysed. Rows are the kept chunks then the added ones, or `order` (every
        chunk id of the result) when given. Terms no chunk uses any more are dropped."""
        dropped = set(drop)
        keep = np.asarray(
            [i for i, cid in enumerate(self.chunk_ids) if cid not in dropped], dtype=np.int64
        )
        vocabulary = dict(self.term_ids)
        new_ids, new_rows, new_lengths = _count(items, self.analyzer, vocabulary)
        width = len(vocabulary)
        old = self.counts.tocsr()[keep]
        old.resize((len(keep), width))
        merged = sparse.vstack([old, _csc(new_rows, width).tocsr()], format="csr")
        chunk_ids = [self.chunk_ids[i] for i in keep] + new_ids
        lengths = np.concatenate([self.lengths[keep], new_lengths]).astype(np.float32)
        if order is not None:
            position = {cid: i for i, cid in enumerate(chunk_ids)}
            if len(order) != len(position) or any(cid not in position for cid in order):
                raise ValueError("order must list every chunk of the result once")
            perm = np.asarray([position[cid] for cid in order], dtype=np.int64)
            merged, lengths, chunk_ids = merged[perm], lengths[perm], list(order)
        # Compact the vocabulary: an article replaced again and again must not leave its
        # old words behind for ever.
        terms = list(vocabulary)
        used = np.flatnonzero(np.bincount(merged.indices, minlength=width))
        remap = np.full(width, -1, dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        merged = sparse.csr_matrix(
            (merged.data, remap[merged.indices], merged.indptr), shape=(len(chunk_ids), len(used))
        )
        return type(self)(
            chunk_ids,
            [terms[i] for i in used],
            merged.tocsc(),
            lengths,
            analyzer=self.analyzer,
            k1=self.k1,
            b=self.b,
            signature=signature,
        )

    # --- searching -----------------------------------------------------------------------
    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (in `chunk_ids` order) for `query`."""
        out = np.zeros(len(self.chunk_ids), dtype=np.float32)
        weights = self.analyzer.query_weights(query)
        found = [(self.term_ids[t], w) for t, w in weights.items() if t in self.term_ids]
        if not found or not len(self.chunk_ids):
            return out
        cols = np.asarray([i for i, _ in found], dtype=np.int64)
        qw = np.asarray([w for _, w in found], dtype=np.float32)
        out += np.asarray(self.weights[:, cols] @ qw, dtype=np.float32).reshape(-1)
        return out

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """The `k` best chunks with a score above 0, best first (ties: index order)."""
        if k <= 0:
            return []
        return self.top(self.scores(query), k)

    def top(self, scores: np.ndarray, k: int) -> list[tuple[str, float]]:
        n = len(scores)
        if k <= 0 or n == 0:
            return []
        if n > k:
            # The k-th best score, then everything at least as good (ties at the cut go to
            # the chunk indexed first, by the stable sort below).
            cut = max(float(scores[np.argpartition(scores, n - k)[n - k :]].min()), 0.0)
            candidates = np.flatnonzero(scores >= cut) if cut > 0 else np.flatnonzero(scores > 0)
        else:
            candidates = np.flatnonzero(scores > 0)
        order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [(self.chunk_ids[i], float(scores[i])) for i in order]

    def scores_for(self, query: str, chunk_ids: Iterable[str]) -> dict[str, float]:
        """BM25 scores of given chunks (0 for chunks this index does not hold)."""
        return self.pick(self.scores(query), chunk_ids)

    def pick(self, scores: np.ndarray, chunk_ids: Iterable[str]) -> dict[str, float]:
        """Entries of a `scores` vector by chunk id (0 for chunks this index does not hold)."""
        return {cid: float(scores[self.row[cid]]) if cid in self.row else 0.0 for cid in chunk_ids}

    # --- files ---------------------------------------------------------------------------
    def to_files(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The index as numeric arrays (for `np.savez`, no pickle) and JSON fields."""
        arrays = {
            "counts": self.counts.data.astype(np.uint16),
            "indices": self.counts.indices.astype(np.int32),
            "indptr": self.counts.indptr.astype(np.int64),
            "shape": np.asarray(self.counts.shape, dtype=np.int64),
            "lengths": self.lengths.astype(np.float32),
        }
        meta = {
            "analyzer": self.analyzer.to_json(),
            "k1": self.k1,
            "b": self.b,
            "chunk_ids": self.chunk_ids,
            "vocabulary": self.vocabulary,
        }
        return arrays, meta

    @classmethod
    def from_files(cls, arrays: Any, meta: dict[str, Any], *, signature: str = "") -> LexicalIndex:
        """The inverse of `to_files`."""
        shape = tuple(int(x) for x in arrays["shape"])
        counts = sparse.csc_matrix(
            (arrays["counts"], arrays["indices"], arrays["indptr"]), shape=shape
        )
        analyzer = Analyzer(**{k: v for k, v in meta["analyzer"].items() if k != "kind"})
        return cls(
            meta["chunk_ids"],
            meta["vocabulary"],
            counts,
            np.asarray(arrays["lengths"], dtype=np.float32),
            analyzer=analyzer,
            k1=float(meta["k1"]),
            b=float(meta["b"]),
            signature=signature,
        )


def _count(
    items: Iterable[tuple[str, str]], analyzer: Analyzer, vocabulary: dict[str, int]
) -> tuple[list[str], list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Chunk ids, (term ids, counts) per chunk, and lengths; new terms are added to
    `vocabulary` (term -> column)."""
    chunk_ids: list[str] = []
    per_chunk: list[np.ndarray] = []  # exact term ids of each chunk, in text order
    for cid, text in items:
        chunk_ids.append(cid)
        exact, _ = analyzer.exact_terms(text)
        ids = [vocabulary.setdefault(t, len(vocabulary)) for t in exact]
        per_chunk.append(np.asarray(ids, dtype=np.int32))
    # Folded terms are found per distinct term, not per occurrence: the folded id of every
    # exact term, then each chunk's exact ids mapped through it.
    terms = list(vocabulary)
    folded_of = np.asarray(
        [vocabulary.setdefault(t, len(vocabulary)) for t in fold_terms(terms)], dtype=np.int32
    )
    rows: list[tuple[np.ndarray, np.ndarray]] = []
    lengths = np.zeros(len(chunk_ids), dtype=np.float32)
    for i, exact_ids in enumerate(per_chunk):
        terms_of, counts = np.unique(
            np.concatenate([exact_ids, folded_of[exact_ids]]), return_counts=True
        )
        # A chunk is a few thousand characters at most: no count comes near 65,535.
        rows.append((terms_of.astype(np.int32), np.minimum(counts, 65535).astype(np.uint16)))
        lengths[i] = 2 * len(exact_ids)
    return chunk_ids, rows, lengths


def _csc(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csc_matrix:
    """Per-chunk (term ids, counts) as a chunks x terms matrix, built in CSR one chunk at a
    time: a COO matrix of every occurrence would need several times the final size."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(t) for t, _ in rows], out=indptr[1:])
    terms = np.concatenate([t for t, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
    counts = np.concatenate([c for _, c in rows]) if rows else np.zeros(0, dtype=np.uint16)
    return sparse.csr_matrix((counts, terms, indptr), shape=(len(rows), width)).tocsc()


_BLOCK = 1 << 21  # entries per block of `_bm25_weights`


def _bm25_weights(
    counts: sparse.csc_matrix, lengths: np.ndarray, *, k1: float, b: float
) -> sparse.csc_matrix:
    """Per (chunk, term): idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen)).

    Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5)), is never negative, so a term in
    most chunks still counts a little instead of pushing chunks down. Computed on the CSC
    arrays directly (df is each column's length), so no format conversion is needed.
    """
    n_docs = counts.shape[0]
    avg = float(lengths.mean()) if n_docs else 1.0
    indptr = counts.indptr
    df = np.diff(indptr).astype(np.float32)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = (k1 * (1 - b + b * lengths / max(avg, 1e-9))).astype(np.float32)
    values = np.empty(len(counts.data), dtype=np.float32)
    # A few hundred thousand columns' worth of entries at a time: whole-array temporaries
    # would add ~200 MB to start-up's peak memory at 10,000 articles.
    cols = len(idf)
    step = max(1, cols * _BLOCK // max(1, len(values)))
    for c0 in range(0, cols, step):
        c1 = min(cols, c0 + step)
        lo, hi = indptr[c0], indptr[c1]
        tf = counts.data[lo:hi].astype(np.float32)
        values[lo:hi] = (
            np.repeat(idf[c0:c1], np.diff(indptr[c0 : c1 + 1]))
            * tf
            * np.float32(k1 + 1)
            / (tf + norm[counts.indices[lo:hi]])
        )
    return sparse.csc_matrix(
        (values, counts.indices, counts.indptr),
        shape=counts.shape,
        copy=False,
    )
