"""The embedding model on ONNX Runtime (EMBEDDING_BACKEND=onnx-int8 or onnx), without torch.

The hub is out of reach, so the ONNX files are made here, once, from the local model folder
(`ensure_onnx_model`), and cached:

* `<model folder>/onnx/` when the model folder lives in MODEL_CACHE_DIR (the bundled e5,
  whose rebuild then drops a stale export with it), else `MODEL_CACHE_DIR/onnx/<name>-<hash>/`
  (we never write into a folder we do not own, such as a package's or the hub cache's);
* `model.onnx`: the sentence-transformers model (transformer, pooling, L2 normalisation) as
  one graph, exported with `torch.onnx.export` from eager attention so that ONNX Runtime's
  BERT optimiser fuses it (EmbedLayerNormalization, Attention, SkipLayerNormalization,
  BiasGelu); `model_int8.onnx`: the same with weights dynamically quantised to 7-bit int8
  per output channel (see `_quantize`);
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

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.embedding.base import Embedder, ModelUnavailableError
from retrieval.settings import Settings

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

# Bump when the exported files change for the same model, so cached exports are redone.
EXPORT_FORMAT = 2
FP32_FILE = "model.onnx"
INT8_FILE = "model_int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MARKER = "export.json"
OUTPUT = "sentence_embedding"
FP32_MIN_COSINE = 0.9999
INT8_MEAN_COSINE = 0.99  # the bound of issue 6, also checked on 200 sentences by the tests
MAX_SEQ_LENGTH = 512
# Padded tokens per forward pass (see `OnnxEmbedder._encode`); measured with
# bench/bench_embed.py --batch-tokens.
BATCH_TOKENS = 1024
_POOLING = ("mean", "cls")

# What an export is checked on: questions and passages as the bot sees them (prefixed,
# normalised), with and without diacritics, short and past the 512-token truncation.
_LONG = (
    "Thành ủy TP.HCM tổ chức hội nghị tổng kết công tác xây dựng đảng năm 2017, đề ra "
    "nhiệm vụ trọng tâm năm 2018 là tiếp tục đẩy mạnh cải cách hành chính. "
)
CHECK_TEXTS = (
    "query: Nhiệm vụ trọng tâm năm 2018 là gì?",
    "query: nhiem vu trong tam nam 2018 la gi",
    "query: Ai là người dẫn đầu đội về số lần vật ngã?",
    "passage: Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
    "passage: The quick brown fox jumps over the lazy dog.",
    "passage: " + _LONG * 3,
    "passage: " + _LONG * 40,
    "passage: Ngày 8/2, tại Q.1, ông Nguyễn Văn A. cho biết giai đoạn 2020-2025 có 1.000 dự án.",
)


class OnnxExportError(ModelUnavailableError):
    """The model cannot be run on ONNX Runtime; the message names EMBEDDING_BACKEND=torch."""


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


def load_onnx_embedder(settings: Settings, model_path: str) -> OnnxEmbedder:
    """The configured model on ONNX Runtime, exported first if this machine has no export."""
    int8 = settings.embedding_backend == "onnx-int8"
    if settings.embedding_device != "cpu":
        log.warning(
            "EMBEDDING_DEVICE=%s is used by EMBEDDING_BACKEND=torch only; ONNX Runtime runs "
            "the model on the CPU",
            settings.embedding_device,
        )
    folder = ensure_onnx_model(
        model_path, onnx_folder(model_path, settings), settings.allow_model_download
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
    session = _session(path, settings.embedding_threads)
    log.info(
        "embedding model %s on ONNX Runtime (%s, %d threads) in %.2f s",
        settings.embedding_model,
        path.name,
        session.get_session_options().intra_op_num_threads,
        time.perf_counter() - started,
    )
    return OnnxEmbedder(
        session,
        _tokenizer(folder / TOKENIZER_FILE, int(meta["max_seq_length"])),
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


def _session(path: Path, threads: int) -> onnxruntime.InferenceSession:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or available_cores()
    # One graph, run node after node: more than one inter-op thread only adds contention.
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # the fused contrib ops make ORT chatty at load
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _tokenizer(path: Path, max_length: int) -> Tokenizer:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()  # padded per batch, to that batch's longest text
    tokenizer.enable_truncation(max_length=max_length)
    return tokenizer


# --------------------------------------------------------------------------- the cached export


def onnx_folder(model_path: str, settings: Settings) -> Path:
    """Where the export of `model_path` is cached (see the module docstring)."""
    cache = Path(settings.model_cache_dir).expanduser().resolve()
    path = Path(model_path).expanduser()
    if path.is_dir():
        path = path.resolve()
        if path.is_relative_to(cache):
            return path / "onnx"
        key = str(path)
    else:
        key = model_path
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", key.rstrip("/").rsplit("/", 1)[-1])[:60]
    return cache / "onnx" / f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def read_marker(folder: Path) -> dict[str, Any]:
    value = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise ValueError(f"{folder / MARKER} is not a JSON object")
    return value


def ensure_onnx_model(model_path: str, folder: Path, allow_download: bool = False) -> Path:
    """`folder`, exported from `model_path` first if missing or stale (one process at a time)."""
    from retrieval.embedding.e5_bundle import folder_lock, write_folder_atomically

    expected = _expected_marker(model_path)
    if _is_current(folder, expected):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder):
        # Another process may have finished the export while this one waited for the lock.
        if _is_current(folder, expected):
            return folder
        log.info("exporting %s to ONNX in %s (one-off, about a minute)", model_path, folder)
        started = time.perf_counter()
        write_folder_atomically(
            folder, lambda tmp: export_onnx_model(model_path, tmp, expected, allow_download)
        )
        log.info("ONNX export done in %.0f s", time.perf_counter() - started)
    return folder


def _expected_marker(model_path: str) -> dict[str, Any]:
    # Not the path itself: the same folder reached another way (relative, absolute, a
    # moved checkout) is the same model.
    return {"format": EXPORT_FORMAT, "signature": _signature(model_path)}


def _signature(model_path: str) -> str:
    """Names, sizes and mtimes of the model's files: a changed model is exported again.

    Cheap enough for every start (a hash of 470 MB of weights is not); a copy that does
    not keep mtimes costs one needless export.
    """
    folder = Path(model_path).expanduser()
    entries = []
    if not folder.is_dir():
        entries.append(model_path)  # a hub id: its name, and its cached files if any
        folder = _hub_snapshot(model_path) or folder
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if rel.parts[0] == "onnx" or any(p.startswith(".") for p in rel.parts):
                continue
            if path.is_file():
                stat = path.stat()
                entries.append(f"{rel.as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(entries).encode()).hexdigest()


def _hub_snapshot(name: str) -> Path | None:
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # not a cached hub model: the name alone is the signature
        return None


def _is_current(folder: Path, expected: dict[str, Any]) -> bool:
    try:
        marker = read_marker(folder)
        files = marker["files"]
        return all(marker.get(key) == value for key, value in expected.items()) and all(
            (folder / name).stat().st_size == size for name, size in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def export_onnx_model(
    model_path: str, dest: Path, marker: dict[str, Any] | None = None, allow_download: bool = False
) -> None:
    """Write `model.onnx`, `model_int8.onnx`, `tokenizer.json` and `export.json` into `dest`.

    Needs torch, sentence-transformers and onnx (the run-time needs none of them).
    """
    started = time.perf_counter()
    try:
        import onnx  # noqa: F401  (quantisation needs it; fail before the slow part)
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise OnnxExportError(
            f"Exporting the embedding model to ONNX needs {exc.name!r}: run `make setup` "
            "(or `pip install -e .`), or set EMBEDDING_BACKEND=torch."
        ) from exc
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model = SentenceTransformer(
            model_path,
            device="cpu",
            local_files_only=not allow_download,
            # Eager attention traces to the MatMul/Softmax pattern ONNX Runtime fuses.
            model_kwargs={"attn_implementation": "eager"},
        )
    except OSError as exc:
        raise ModelUnavailableError(f"Cannot load {model_path!r} to export it: {exc}") from exc
    model.eval()
    max_len = min(model.max_seq_length or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)
    model.max_seq_length = max_len
    transformer, pooling = _modules(model, model_path)
    tokenizer = model.tokenizer
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    raw = dest / "raw.onnx"
    wrapper = _pooled_module()(transformer, pooling).eval()
    sample = torch.full((2, 16), int(pad_id), dtype=torch.long)
    _export(wrapper, sample, raw)
    with _quiet_onnxruntime_tools():
        _optimize(raw, dest / FP32_FILE, transformer.config)
        raw.unlink(missing_ok=True)
        _quantize(dest / FP32_FILE, dest / INT8_FILE)
    tokenizer.backend_tokenizer.save(str(dest / TOKENIZER_FILE))

    lowercase = bool(getattr(model[0], "do_lower_case", False))
    check = _check(model, dest, max_len, int(pad_id), lowercase)
    fp32_ok = check["fp32_min_cosine"] >= FP32_MIN_COSINE and check["tokens_agree"]
    if not fp32_ok:
        raise OnnxExportError(
            f"The ONNX export of {model_path!r} does not reproduce the PyTorch model "
            f"({check}); set EMBEDDING_BACKEND=torch."
        )
    meta = {
        **(marker or _expected_marker(model_path)),
        "source": model_path,
        "dim": int(_dimension(model)),
        "max_seq_length": max_len,
        "pad_id": int(pad_id),
        "lowercase": lowercase,
        "pooling": pooling,
        "int8": "dynamic; int8 weights, 7-bit range, per output channel",
        "check": check,
        "seconds": round(time.perf_counter() - started, 1),
        "files": {
            name: (dest / name).stat().st_size for name in (FP32_FILE, INT8_FILE, TOKENIZER_FILE)
        },
    }
    # Written last: a folder with a marker is complete.
    (dest / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _dimension(model: Any) -> int:
    # Renamed in sentence-transformers 6; the old name warns.
    get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(get() or 0)


def _modules(model: Any, model_path: str) -> tuple[Any, str]:
    """The Hugging Face transformer and the pooling mode, for the layouts we can export."""
    kinds = [type(m).__name__ for m in model]
    pooling = model[1].get_config_dict().get("pooling_mode") if len(kinds) > 1 else None
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        raise OnnxExportError(
            f"{model_path!r} is made of {kinds}; the ONNX backend handles Transformer + "
            "Pooling (+ Normalize). Set EMBEDDING_BACKEND=torch."
        )
    if pooling not in _POOLING:
        raise OnnxExportError(
            f"{model_path!r} pools with {pooling!r}; the ONNX backend handles "
            f"{' and '.join(_POOLING)} pooling. Set EMBEDDING_BACKEND=torch."
        )
    transformer = getattr(model[0], "auto_model", None) or model[0].model
    return transformer, str(pooling)


def _pooled_module() -> type:
    import torch

    class Pooled(torch.nn.Module):
        """Transformer, pooling and L2 normalisation as one graph: one `run` per batch."""

        def __init__(self, transformer: Any, pooling: str) -> None:
            super().__init__()
            self.transformer = transformer
            self.pooling = pooling

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask)[0]
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    return Pooled


def _export(module: Any, sample: Any, path: Path) -> None:
    import warnings

    import torch

    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter is deprecated in favour of dynamo, which needs
        # onnxscript and gives a graph ONNX Runtime's BERT optimiser fuses less well;
        # its tracer warnings are about shapes this model does not branch on.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (sample, torch.ones_like(sample)),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=[OUTPUT],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                OUTPUT: {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
            external_data=False,
        )


def _optimize(src: Path, dest: Path, config: Any) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    try:
        # opt_level=0: only the portable fusions; ORT's own passes run at session start,
        # on the machine that answers.
        optimized = optimize_model(
            str(src),
            model_type="bert",
            num_heads=int(getattr(config, "num_attention_heads", 0) or 0),
            hidden_size=int(getattr(config, "hidden_size", 0) or 0),
            opt_level=0,
        )
        optimized.save_model_to_file(str(dest))
        log.info("ONNX fusions: %s", optimized.get_fused_operator_statistics())
    except Exception as exc:  # an architecture the optimiser does not know: unfused still runs
        log.warning("ONNX Runtime's optimiser failed (%s); keeping the unfused graph", exc)
        src.replace(dest)


@contextmanager
def _quiet_onnxruntime_tools() -> Iterator[None]:
    # ONNX Runtime's optimiser and quantiser log a line per fusion and per tensor at INFO
    # (on the root logger and on loggers of their own), and advice meant for static
    # quantisation that does not apply here: noise in an admin's log, so it is dropped.
    def keep(record: logging.LogRecord) -> bool:
        if "onnxruntime" not in record.pathname:
            return True
        return record.levelno >= logging.WARNING and "pre-processing" not in record.getMessage()

    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(keep)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(keep)


def _quantize(src: Path, dest: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dest),
        # Per output channel: per-tensor scales measured mean cosine 0.983 (int8) and
        # 0.992 (uint8) against torch on 200 texts, per channel 0.996 for all variants.
        per_channel=True,
        # int8 weights against uint8 activations: the u8s8 kernels (VNNI, or AVX2's
        # vpmaddubsw) measured faster than u8u8. AVX2 without VNNI adds pairs of u8*s8
        # products in int16, which can saturate; a 7-bit weight range rules that out
        # (255 * 63 * 2 < 32767) for a cosine 0.9959 instead of 0.9963.
        weight_type=QuantType.QInt8,
        reduce_range=True,
        # The fused contrib ops carry no type information for the quantiser.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _check(model: Any, folder: Path, max_len: int, pad_id: int, lowercase: bool) -> dict[str, Any]:
    """Cosines between the exported graphs and the PyTorch model on CHECK_TEXTS."""
    texts = list(CHECK_TEXTS)
    reference = np.asarray(
        model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ),
        dtype=np.float32,
    )
    tokenizer = _tokenizer(folder / TOKENIZER_FILE, max_len)
    # sentence-transformers lowercases before its tokenizer when the model asks for it.
    seen = [t.lower() for t in texts] if lowercase else texts
    ours = [e.ids for e in tokenizer.encode_batch(seen)]
    theirs = model.tokenizer(seen, truncation=True, max_length=max_len)["input_ids"]
    agree = ours == [list(t) for t in theirs]
    result: dict[str, Any] = {"texts": len(texts), "tokens_agree": agree}
    for label, name in (("fp32", FP32_FILE), ("int8", INT8_FILE)):
        embedder = OnnxEmbedder(
            _session(folder / name, 0),
            tokenizer,
            "check",
            dim=reference.shape[1],
            pad_id=pad_id,
            lowercase=lowercase,
            batch_size=4,  # several batches, so padding inside a batch is exercised too
        )
        cosines = (embedder._encode(texts) * reference).sum(axis=1)
        result[f"{label}_mean_cosine"] = round(float(cosines.mean()), 6)
        result[f"{label}_min_cosine"] = round(float(cosines.min()), 6)
    return result


def describe(folder: Path) -> str:
    """One line for logs and benchmarks: files and the export's own check."""
    meta = read_marker(folder)
    sizes = ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in meta["files"].items())
    return f"{folder}: {sizes}; check {meta['check']}"
