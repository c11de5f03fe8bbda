"""Property: for random scope assignments, visibilities and questions, every passage search
returns is of an article in a visible scope, and a small scope still gets a full top k
(as many passages as it holds, up to k). Real model and Chroma over the six scope
articles; assignments change through `Store.restamp`, the metadata-only path ingestion
uses when ACCESS_FILE changes."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.scopes import sees
from retrieval.search import scoped
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.conftest import TEST_DATA

NAMES = ("a", "b", "c", "d")
QUESTIONS = (
    "Được làm việc từ xa mấy ngày mỗi tuần?",
    "lam viec tu xa",
    "Tiệc tất niên tổ chức ở đâu?",
    "Hạn quyết toán thuế thu nhập cá nhân",
    "thang bảng lương có bao nhiêu bậc",
    "Giá vé máy bay đi Tokyo",
)


@pytest.fixture(scope="module")
def services(
    tmp_path_factory: pytest.TempPathFactory, base_settings: Settings, embedder: Embedder
) -> Iterator[Services]:
    root = tmp_path_factory.mktemp("scope-properties")
    shutil.copytree(TEST_DATA / "scopes", root / "docs")
    settings: Settings = base_settings.model_copy(
        update={
            "chroma_path": root / "chroma",
            "ingest_sources": [str(root / "docs")],
            "access_file": root / "none.toml",
        }
    )
    run(settings, embedder)
    services = build_services(settings, embedder)
    yield services
    services.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_returned_passage_is_in_a_visible_scope(
    services: Services, data: st.DataObject
) -> None:
    store = services.retriever.store
    records = sorted(store.committed().values(), key=lambda r: r.id)
    assignment = {
        rec.id: tuple(sorted(data.draw(st.sets(st.sampled_from(NAMES[:3])), label=rec.title)))
        for rec in records
    }
    store.restamp([dataclasses.replace(rec, scopes=assignment[rec.id]) for rec in records])
    visible = frozenset(data.draw(st.sets(st.sampled_from(NAMES)), label="visible"))
    question = data.draw(st.sampled_from(QUESTIONS), label="question")
    k = data.draw(st.integers(1, 8), label="k")
    walk = data.draw(st.booleans(), label="hnswlib filter")
    before = scoped.EXACT_ROWS
    scoped.EXACT_ROWS = 0 if walk else before
    try:
        hits = services.search(question, k, scopes=visible).hits
    finally:
        scoped.EXACT_ROWS = before
    for hit in hits:
        assert sees(visible, assignment[hit.article_id]), (hit.title, assignment[hit.article_id])
    held = sum(rec.chunks for rec in records if sees(visible, assignment[rec.id]))
    assert len(hits) == min(k, held)
    assert len({h.chunk_id for h in hits}) == len(hits)


def test_the_fixture_index_has_every_article(services: Services, tmp_path: Path) -> None:
    assert len(services.retriever.store.committed()) == 6
