"""The embedding model on ONNX Runtime (EMBEDDING_BACKEND=onnx-int8 or onnx), without torch.

The hub is out of reach, so the ONNX files are made here, once, from the local model folder
(`onnx_export.ensure_onnx_model`), and cached:

* `<model folder>/onnx/` when the model folder lives in MODEL_CACHE_DIR (the bundled e5,
  whose rebuild then drops a stale export with it), else `MODEL_CACHE_DIR/onnx/<name>-<hash>/`
  (we never write into a folder we do not own, such as a package's or the hub cache's);
* `model.onnx`: the sentence-transformers model (transformer, pooling, L2 normalisation) as
  one graph, exported with `torch.onnx.export` from eager attention so that ONNX Runtime's
  BERT optimiser fuses it (EmbedLayerNormalization, Attention, SkipLayerNormalization,
  BiasGelu); `model_int8.onnx`: the same with weights dynamically quantised to 7-bit int8
  per output channel (see `onnx_export`);
  `tokenizer.json`: the model's own fast tokenizer; `export.json`: what was exported from
  what, and how close it came to the PyTorch model.

sentence-transformers' own ONNX backend needs optimum-onnx, which pins transformers<4.58;
exporting with torch directly keeps torch and transformers where they are, and keeps torch
out of the process that answers (a saving of several seconds at start-up).

The export checks itself: the float32 graph must reproduce PyTorch (cosine >= 0.9999 on
`CHECK_TEXTS`) and the int8 graph must stay within the project's bound (mean cosine
>= 0.99); a model that misses it is refused with a message that names EMBEDDING_BACKEND.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retrieval.embedding.base import Embedder
from retrieval.embedding.onnx_format import (
    FP32_FILE,
    INT8_FILE,
    INT8_MEAN_COSINE,
    OUTPUT,
    TOKENIZER_FILE,
    OnnxExportError,
    read_marker,
)
from retrieval.settings import Settings

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

# Padded tokens per forward pass (see `OnnxEmbedder._encode`); measured with
# bench/bench_embed.py --batch-tokens.
BATCH_TOKENS = 1024


# --------------------------------------------------------------------------- runtime


class OnnxEmbedder(Embedder):
    """One ONNX Runtime session and the model's tokenizer; no torch in the process."""

    def __init__(
        self,
        session: onnxruntime.InferenceSession,
        tokenizer: Tokenizer,
        name: str,
        *,
        dim: int,
        pad_id: int,
        lowercase: bool = False,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
        batch_tokens: int = BATCH_TOKENS,
    ) -> None:
        super().__init__(name, query_prefix=query_prefix, passage_prefix=passage_prefix)
        self.session = session
        self.tokenizer = tokenizer
        self.dim = dim
        self.pad_id = pad_id
        self.lowercase = lowercase
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        if self.lowercase:
            texts = [t.lower() for t in texts]
        encodings = self.tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        # Longest first, so each batch is padded only to the length of its own texts
        # (sentence-transformers does the same by characters; tokens are what costs).
        order = np.argsort(-lengths, kind="stable")
        start = 0
        while start < len(order):
            width = int(lengths[order[start]])
            # At most `batch_tokens` padded tokens per run: long passages go a few at a
            # time, so a batch's activations stay in cache; short questions go together.
            count = max(1, min(self.batch_size, self.batch_tokens // width))
            rows = order[start : start + count]
            start += count
            ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = int(lengths[i])
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            (vectors,) = self.session.run([OUTPUT], {"input_ids": ids, "attention_mask": mask})
            out[rows] = vectors
        return out


def load_onnx_embedder(settings: Settings, folder: Path) -> OnnxEmbedder:
    """The configured model on ONNX Runtime, from its export in `folder`
    (`onnx_export.ensure_onnx_model` makes it)."""
    int8 = settings.embedding_backend == "onnx-int8"
    if settings.embedding_device != "cpu":
        log.warning(
            "EMBEDDING_DEVICE=%s is used by EMBEDDING_BACKEND=torch only; ONNX Runtime runs "
            "the model on the CPU",
            settings.embedding_device,
        )
    meta = read_marker(folder)
    check = meta["check"]
    if int8 and check["int8_mean_cosine"] < INT8_MEAN_COSINE:
        raise OnnxExportError(
            f"The int8 model made from {settings.embedding_model!r} moves vectors too far "
            f"from the original (mean cosine {check['int8_mean_cosine']:.4f} < "
            f"{INT8_MEAN_COSINE}). Set EMBEDDING_BACKEND=onnx (float32) or "
            "EMBEDDING_BACKEND=torch."
        )
    path = folder / (INT8_FILE if int8 else FP32_FILE)
    started = time.perf_counter()
    session = make_session(path, settings.embedding_threads)
    log.info(
        "embedding model %s on ONNX Runtime (%s, %d threads) in %.2f s",
        settings.embedding_model,
        path.name,
        session.get_session_options().intra_op_num_threads,
        time.perf_counter() - started,
    )
    return OnnxEmbedder(
        session,
        load_tokenizer(folder / TOKENIZER_FILE, int(meta["max_seq_length"])),
        settings.embedding_model,
        dim=int(meta["dim"]),
        pad_id=int(meta["pad_id"]),
        lowercase=bool(meta["lowercase"]),
        query_prefix=settings.query_prefix(),
        passage_prefix=settings.passage_prefix(),
        batch_size=settings.embedding_batch_size,
    )


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or available_cores()
    # One graph, run node after node: more than one inter-op thread only adds contention.
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # the fused contrib ops make ORT chatty at load
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def load_tokenizer(path: Path, max_length: int) -> Tokenizer:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()  # padded per batch, to that batch's longest text
    tokenizer.enable_truncation(max_length=max_length)
    return tokenizer
