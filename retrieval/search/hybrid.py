"""Hybrid search: dense (Chroma, the e5 query prefix) and lexical (BM25) fused.

`HybridRetriever.retrieve(question, k)` is what the rest of the code calls; it is also a
LangChain `BaseRetriever`, so it composes with users' own chains. Both runs take the
`candidates` best chunks; every candidate then gets both scores (the cosine of a chunk
only BM25 found is computed from its vector, and the BM25 score of a chunk only the dense
side found is read from the same score vector), and the two runs are fused
(`retrieval.search.fusion`). The defaults are the measured choice: see `bench/tune_hybrid.py`.

Opened with `open`, the retriever also holds the snapshot's `Passages` (text, citation
fields, vector and a vector index of every chunk the lexical index holds): a question then
makes no Chroma request (see `retrieval.search.snapshot`). Both runs then see the same chunks:
those of the snapshot, minus any removed since. Chunks committed by another process appear
when the snapshot it publishes is loaded (`retrieval.search.follow.IndexFollower`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from retrieval.embedding.base import Embedder
from retrieval.index.chunks import Hit
from retrieval.index.scopes import Visibility
from retrieval.index.store import Store, visible_nearest
from retrieval.language.legalref import legal_reference
from retrieval.language.timeexpr import asked_time
from retrieval.search.accents import lacks_diacritics
from retrieval.search.fusion import Normalization, rrf, weighted_all
from retrieval.search.legal import named_chunks, named_first
from retrieval.search.lexical import LexicalIndex
from retrieval.search.scoped import nearest_in, row_mask
from retrieval.search.snapshot import Passages, Snapshot, load_or_build
from retrieval.search.terms import has_diacritics
from retrieval.search.timing import Ranked, in_window, not_yet_published, rerank

__all__ = ["HybridResult", "HybridRetriever"]


@dataclass(frozen=True)
class HybridResult:
    """Fused hits, best first, with each hit's two underlying scores.

    `hits[i].score` is the fused score (see `HybridRetriever`); it ranks, but it is
    relative to the candidates of this one question. `dense_scores` holds the cosine
    between the question and every hit (the absolute signal a relevance floor needs);
    `lexical_scores` the BM25 score (0 when no term matched). `sentence_cosines` holds
    the cosine between the question and each sentence of a hit, in the order
    `split_sentences` cuts its text (`retrieval.index.sentence_vectors`), for the hits
    stored with sentence vectors.
    """

    hits: list[Hit]
    dense_scores: dict[str, float] = field(default_factory=dict)
    lexical_scores: dict[str, float] = field(default_factory=dict)
    sentence_cosines: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # A question typed without diacritics, as the articles would write it
    # (`retrieval.search.accents`): what was embedded, and what the answer step reads.
    restored: str = ""
    # How rare each folded syllable of the question is in everything indexed
    # (`LexicalIndex.folded_idf`), for the answer step's decline gate.
    term_idf: dict[str, float] = field(default_factory=dict)


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over one store.

    Fused score scale: with `fusion="weighted"` (the default) each run's candidate scores
    are min-max normalised to [0, 1] and mixed as `w * dense + (1 - w) * lexical`, so the
    fused score is in [0, 1] and the best candidate of a question is often near 1 whatever
    its absolute relevance (use `HybridResult.dense_scores` for that). With `fusion="rrf"`
    it is `w / (rrf_k + dense rank) + (1 - w) / (rrf_k + lexical rank)`.

    `w` is `dense_weight`, or `dense_weight_plain` for a question typed without any
    diacritics that the index's words cannot put them back on: the e5 model reads those
    poorly (hit@1 0.21 against 0.88 with diacritics on xquad_vi), while BM25 matches them
    through its folded terms. A question they can be put back on (`accents.py`: "nhiem vu
    trong tam" -> "nhiệm vụ trọng tâm") is embedded so and weighed as one typed with them;
    BM25 still reads it folded. xquad_vi typed without diacritics, `retrieval eval`: hit@1
    0.908 -> 0.918, hit@3 0.974 -> 0.987 (with diacritics: 0.934, 0.989).

    Defaults, measured with `bench/tune_hybrid.py` on xquad_vi (1,190 questions) and seed:
    weighted min-max fusion beat reciprocal-rank fusion at every weight tried, on both
    sets and both ways of typing (hit@1 0.936 against 0.904 for RRF with diacritics; 0.903
    against 0.480 without); 0.5 / 0.3 are the round weights that did best for each form.

    Time (`retrieval.search.timing`): the fused candidates are then reordered by the time
    the question names ("năm 2019", "năm ngoái" counted from `today`, None: the real
    date), or by recency when it names none; `since` / `until` keep only articles dated
    in that window.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    embedder: Embedder
    lexical: LexicalIndex
    # The snapshot's local copy, in the same rows as `lexical`; without it, vectors and
    # text come from the store.
    passages: Passages | None = None
    k: int = Field(default=5, ge=1)
    fusion: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = Field(default=0.5, ge=0.0, le=1.0)
    dense_weight_plain: float = Field(default=0.3, ge=0.0, le=1.0)
    normalization: Normalization = "minmax"
    rrf_k: float = Field(default=60.0, gt=0)
    # Per run; fusion only reorders what one of the runs found.
    candidates: int = Field(default=30, ge=1)
    # "Today" for relative times in questions ("năm nay"); None: the real date.
    today: date | None = None

    @classmethod
    def open(
        cls, store: Store, embedder: Embedder, snapshot_folder: Path, **options: Any
    ) -> HybridRetriever:
        """A retriever on the store's search snapshot, loaded from `snapshot_folder` when
        it matches the store, and updated or built (and saved) there when it does not."""
        snapshot = load_or_build(store, snapshot_folder)
        return cls(
            store=store,
            embedder=embedder,
            lexical=snapshot.lexical,
            passages=snapshot.passages,
            **options,
        )

    def with_snapshot(self, snapshot: Snapshot) -> HybridRetriever:
        """This retriever on a newer snapshot."""
        return self.model_copy(update={"lexical": snapshot.lexical, "passages": snapshot.passages})

    def retrieve(self, query: str, k: int | None = None) -> list[Hit]:
        """The `k` best visible chunks for `query`; `Hit.score` is the fused score."""
        return self.search(query, k).hits

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        scopes: Visibility = None,
        today: date | None = None,
    ) -> HybridResult:
        """Like `retrieve`, with each hit's dense cosine and BM25 score; `since` / `until`
        keep only passages of articles dated in that window (both days included);
        `scopes` only those of articles in these knowledge scopes (None: all), chosen
        inside both searches, before their top k (`retrieval.search.scoped`); `today`
        the day the question is asked on (None: the retriever's `today`)."""
        k = self.k if k is None else k
        if not query.strip() or k <= 0:
            return HybridResult(hits=[])
        # Asked on a given day (an evaluation's question, a replay's TODAY), an article
        # published after it did not exist yet: "hiện nay", "gần đây nhất" and "năm nay"
        # are read among those before it. On the real date (None) nothing is dropped: an
        # article whose date is wrongly in the future stays findable.
        asked_on = today or self.today
        window = since is not None or until is not None or asked_on is not None
        # A window drops candidates: look further for enough that remain.
        n = max(k, self.candidates) * (_WINDOW_WIDENING if window else 1)
        # The e5 model reads a question typed without diacritics poorly (or with a few
        # only): it embeds the question as the articles write it. BM25 keeps the question
        # as typed.
        plain = lacks_diacritics(query, lambda: self.lexical.accents)
        restored = (self.lexical.accents.restore(query) or "") if plain else ""
        vector = self.embedder.embed_queries([restored or query])[0]
        dense_run = self._nearest(vector, n, scopes)
        dense_scores = dict(dense_run)

        bm25 = self.lexical.scores(query)
        rows = row_mask(self.lexical.chunk_ids, self.store, scopes)
        # Chunks outside the scopes never reach the top n, and score 0 below.
        mask = None if rows is None else rows.mask
        lexical_run = self.lexical.top(bm25, n, None if rows is None else rows.rows)
        # Chunks only BM25 found get their cosine from their vectors; any that are no
        # longer visible (the snapshot is older than the store) are left out.
        dense_scores |= self._cosines(
            [cid for cid, _ in lexical_run if cid not in dense_scores], vector, scopes
        )
        lexical_run = [(cid, s) for cid, s in lexical_run if cid in dense_scores]
        # A question that names an article ("Điều 5 khoản 2") brings its chunks in.
        named = self._named(query)
        new = [cid for cid in named if cid not in dense_scores]
        dense_scores |= self._cosines(new, vector, scopes)
        lexical_scores = self.lexical.pick(bm25, dense_scores, mask)

        w = self.dense_weight if has_diacritics(query) or restored else self.dense_weight_plain
        if self.fusion == "rrf":
            fused = rrf([dense_run, lexical_run], k=self.rrf_k, weights=[w, 1 - w])
        else:
            # Every candidate has both scores, so both runs cover all of them.
            fused = weighted_all(
                [dense_scores, lexical_scores], [w, 1 - w], normalization=self.normalization
            )
        # Every candidate's date and text: time reorders the whole fused list (a chunk
        # deleted by another process's ingestion since it was found is skipped). With
        # their fused score, as light `Candidate`s: the text is decoded when the time
        # rerank reads it, and a Hit made only for what it returns.
        found = self._candidates(dict(fused))
        pool = [found[cid] for cid, _ in fused if cid in found]
        if window:
            pool = [h for h in pool if in_window(h, since, until)]
        if asked_on is not None:
            pool = [h for h in pool if not not_yet_published(h, asked_on)]
        asked = asked_time(query, asked_on or date.today())
        # Only the top k are kept, unless named chunks are to come first from further down.
        best = None if named else k
        ranked = rerank(pool, asked, query, dense=dense_scores, lexical=lexical_scores, k=best)
        top = named_first(ranked, named)[:k]
        return HybridResult(
            hits=top,
            dense_scores={h.chunk_id: dense_scores[h.chunk_id] for h in top},
            lexical_scores={h.chunk_id: lexical_scores[h.chunk_id] for h in top},
            sentence_cosines=self._sentence_cosines([h.chunk_id for h in top], vector),
            restored=restored,
            term_idf=self.lexical.folded_idf(query),
        )

    def _nearest(self, vector: Any, n: int, scopes: Visibility = None) -> list[tuple[str, float]]:
        passages = self.passages
        if passages is None or passages.index is None:
            return self.store.nearest(vector, n, scopes)
        rows = row_mask(passages.chunk_ids, self.store, scopes)
        # The snapshot holds only chunks that were visible when it was made: no spares
        # are needed unless articles were removed since.
        return visible_nearest(
            lambda want: (
                passages.nearest(vector, want)
                if rows is None
                else nearest_in(passages, vector, want, rows)
            ),
            lambda ids: self.store.visible.filter(self.store, ids, scopes),
            n,
            n,
        )

    def _named(self, query: str) -> dict[str, int]:
        """The chunks of the article the question names (`retrieval.search.legal`)."""
        ref = legal_reference(query)
        if ref is None or self.passages is None or not self.passages.places:
            return {}
        return named_chunks(self.passages.places, ref)

    def _cosines(
        self, chunk_ids: list[str], vector: Any, scopes: Visibility = None
    ) -> dict[str, float]:
        if self.passages is None:
            return self.store.cosines(chunk_ids, vector)
        visible = self.store.visible.filter(self.store, chunk_ids, scopes)
        wanted = [cid for cid in chunk_ids if cid in visible]
        out = self.passages.cosines(wanted, vector)
        missing = [cid for cid in wanted if cid not in out]
        return out | self.store.cosines(missing, vector) if missing else out

    def _sentence_cosines(self, chunk_ids: list[str], vector: Any) -> dict[str, tuple[float, ...]]:
        passages = self.passages
        out = {} if passages is None else passages.sentence_cosines(chunk_ids, vector)
        # Chunks newer than the snapshot, or no snapshot: from the store's metadata. A chunk
        # the snapshot holds without them has none in the store either (a committed
        # version's chunks never change): no request for it on every question.
        missing = [cid for cid in chunk_ids if passages is None or cid not in passages]
        return out | self.store.sentence_cosines(missing, vector) if missing else out

    def _candidates(self, scores: dict[str, float]) -> Mapping[str, Ranked]:
        """The chunks of `scores`, scored exactly so, for the ranking (`Ranked`)."""
        if self.passages is None:
            return self._stored_hits(scores)
        out = self.passages.candidates(scores)
        # The dense side can find chunks newer than the snapshot (committed since it was
        # made, by another process): their text still comes from the store.
        missing = {cid: s for cid, s in scores.items() if cid not in out}
        return {**out, **self._stored_hits(missing)} if missing else out

    def _stored_hits(self, scores: dict[str, float]) -> dict[str, Hit]:
        # The store's Hits carry 1 - (1 - score), which can differ in the last bit.
        return {
            cid: dataclasses.replace(h, score=scores[cid])
            for cid, h in self.store.hits(scores).items()
        }

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.search(query, self.k)
        return [
            Document(
                page_content=hit.text,
                metadata={
                    **{f.name: getattr(hit, f.name) for f in dataclasses.fields(hit)},
                    "dense_score": result.dense_scores[hit.chunk_id],
                    "lexical_score": result.lexical_scores[hit.chunk_id],
                },
                id=hit.chunk_id,
            )
            for hit in result.hits
        ]


# How many more candidates a search with a date window takes.
_WINDOW_WIDENING = 4
