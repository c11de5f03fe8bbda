"""What an ONNX export of the embedding model is on disk: its files, its marker
(`export.json`: what was exported from what, and how close it came to PyTorch) and where it
is cached. Shared by the exporter (`onnx_export`, needs torch) and the run-time
(`onnx_backend`, never imports torch).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from retrieval.embedding.base import ModelUnavailableError
from retrieval.settings import Settings

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


class OnnxExportError(ModelUnavailableError):
    """The model cannot be run on ONNX Runtime; the message names EMBEDDING_BACKEND=torch."""


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


def expected_marker(model_path: str) -> dict[str, Any]:
    # Not the path itself: the same folder reached another way (relative, absolute, a
    # moved checkout) is the same model.
    return {"format": EXPORT_FORMAT, "signature": signature(model_path)}


def signature(model_path: str) -> str:
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


def is_current(folder: Path, expected: dict[str, Any]) -> bool:
    try:
        marker = read_marker(folder)
        files = marker["files"]
        return all(marker.get(key) == value for key, value in expected.items()) and all(
            (folder / name).stat().st_size == size for name, size in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False
