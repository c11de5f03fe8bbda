"""Exporting a sentence-transformers model to ONNX, once, offline (needs torch,
sentence-transformers and onnx; the run-time in `onnx_backend` needs none of them).

The float32 graph is exported with `torch.onnx.export` from eager attention, fused by ONNX
Runtime's BERT optimiser, then quantised to int8 per output channel; both are checked
against PyTorch on `CHECK_TEXTS` before they are used.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.embedding.base import ModelUnavailableError
from retrieval.embedding.model_folder import build_once, write_folder_atomically
from retrieval.embedding.onnx_backend import OnnxEmbedder, load_tokenizer, make_session
from retrieval.embedding.onnx_format import (
    FP32_FILE,
    FP32_MIN_COSINE,
    INT8_FILE,
    MARKER,
    MAX_SEQ_LENGTH,
    OUTPUT,
    TOKENIZER_FILE,
    OnnxExportError,
    expected_marker,
    is_current,
    read_marker,
)

log = logging.getLogger(__name__)

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
        **(marker or expected_marker(model_path)),
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
    tokenizer = load_tokenizer(folder / TOKENIZER_FILE, max_len)
    # sentence-transformers lowercases before its tokenizer when the model asks for it.
    seen = [t.lower() for t in texts] if lowercase else texts
    ours = [e.ids for e in tokenizer.encode_batch(seen)]
    theirs = model.tokenizer(seen, truncation=True, max_length=max_len)["input_ids"]
    agree = ours == [list(t) for t in theirs]
    result: dict[str, Any] = {"texts": len(texts), "tokens_agree": agree}
    for label, name in (("fp32", FP32_FILE), ("int8", INT8_FILE)):
        embedder = OnnxEmbedder(
            make_session(folder / name, 0),
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


def ensure_onnx_model(model_path: str, folder: Path, allow_download: bool = False) -> Path:
    """`folder`, exported from `model_path` first if missing or stale (one process at a time)."""
    expected = expected_marker(model_path)

    def export() -> None:
        log.info("exporting %s to ONNX in %s (one-off, about a minute)", model_path, folder)
        started = time.perf_counter()
        write_folder_atomically(
            folder, lambda tmp: export_onnx_model(model_path, tmp, expected, allow_download)
        )
        log.info("ONNX export done in %.0f s", time.perf_counter() - started)

    return build_once(folder, lambda: is_current(folder, expected), export)
