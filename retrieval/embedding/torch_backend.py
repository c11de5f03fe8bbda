"""The PyTorch backend: a sentence-transformers model (EMBEDDING_BACKEND=torch).

Also what the ONNX export is made from and checked against (`onnx_backend`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np

from retrieval.embedding.base import Embedder, ModelUnavailableError, unavailable_message
from retrieval.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder(Embedder):
    def __init__(
        self,
        model: SentenceTransformer,
        name: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
    ) -> None:
        super().__init__(name, query_prefix=query_prefix, passage_prefix=passage_prefix)
        self.model = model
        self.batch_size = batch_size

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self.model.get_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_torch_embedder(settings: Settings, path: str) -> SentenceTransformerEmbedder:
    """The model at `path` through sentence-transformers on PyTorch."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # transformers draws a tqdm bar on every model load: noise in CLI output and bot logs.
    hf_logging.disable_progress_bar()
    name = settings.embedding_model
    log.info("loading embedding model %s from %s (PyTorch)", name, path)
    try:
        model = SentenceTransformer(
            path,
            device=settings.embedding_device,
            local_files_only=not settings.allow_model_download,
        )
    except OSError as exc:
        raise ModelUnavailableError(unavailable_message(name)) from exc
    # Long inputs are truncated by the model; our chunks are far below 512 tokens.
    model.max_seq_length = min(model.max_seq_length or 512, 512)
    return SentenceTransformerEmbedder(
        model,
        name,
        query_prefix=settings.query_prefix(),
        passage_prefix=settings.passage_prefix(),
        batch_size=settings.embedding_batch_size,
    )
