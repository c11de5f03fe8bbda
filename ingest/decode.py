"""Bytes -> str for the text formats, with the encodings Vietnamese files really arrive in.

Tried in this order, first match wins:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. a known binary signature (PNG, ZIP, PDF, ...) -> "not a text file";
3. BOM-less UTF-16, recognised by NUL bytes sitting at every other position;
4. a charset the caller read from an HTTP header or an HTML <meta>;
5. UTF-8;
6. legacy 8-bit Vietnamese: Windows-1258 or TCVN3 (ABC), whichever decodes to words that are
   Vietnamese syllables. Only reached when the bytes are not valid UTF-8;
7. UTF-8 with a handful of broken sequences (a file cut mid-character), shown as U+FFFD.

Anything else is a `DecodeError`: "not a text file (...)" for binary data (control bytes,
known signatures), "cannot decode: ..." for text in an encoding we do not read.

The result is NFC: Windows-1258 and TCVN3 carry tone marks as separate combining characters.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
import unicodedata

__all__ = ["DecodeError", "decode_text", "sniff_html_charset"]


log = logging.getLogger(__name__)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why, for an admin."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE mark starts with the UTF-16 LE mark.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document; rename it to .pdf"),
    (b"PK\x03\x04", "a ZIP archive or an Office document such as .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls); save it as .docx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

# TCVN3 (TCVN 5712:1993) bytes 0x80..0xFF, read off glibc's TCVN5712-1 converter. Bytes
# 0xB0..0xB4 are combining tone marks; the rest are precomposed letters.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)

# A Vietnamese syllable: optional initial consonant(s), a vowel nucleus, optional final. Used
# on words with non-ASCII letters, tone marks removed, to tell a right decoding from a wrong
# one: any 8-bit data decodes to *some* letters under TCVN3, but not to Vietnamese syllables.
_INITIALS = "ngh ng gh gi kh nh ph th tr ch qu b c d đ g h k l m n p q r s t v x"
_NUCLEI = (
    "a ă â e ê i y o ô ơ u ư ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui"
    " uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uyê uya uyu"
)
_FINALS = "ng nh ch c m n p t"


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_alternation(_INITIALS)})?(?:{_alternation(_NUCLEI)})(?:{_alternation(_FINALS)})?"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W\d_]+")
_MIN_SYLLABLE_SHARE = 0.8  # of the words with non-ASCII letters
_SCORE_SAMPLE = 65536  # bytes scored per candidate decoding; enough to decide
_MAX_BROKEN_UTF8 = 4  # or one per thousand characters, whichever is more
# Control characters tolerated in text (stray ones happen; many mean binary data).
_MAX_CONTROL_SHARE = 0.01
# C0/C1 control characters except tab, newline, vertical tab, form feed, CR and SUB (a DOS
# end-of-file mark), which plain text does contain.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode file or page bytes to NFC text; raise DecodeError when they are not text.

    `declared` is a charset named by an HTTP header or an HTML <meta>; it is trusted after a
    byte-order mark but before guessing.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-8":
                return _utf8(body) or _strict(body, encoding, "invalid UTF-8 data")
            return _strict(body, encoding, f"invalid {encoding.upper()} data")
    kind = _binary_kind(data)
    if kind:
        raise DecodeError(f"not a text file (looks like {kind})")
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, f"invalid {utf16.upper()} data")
    if declared:
        text = _try_declared(data, declared)
        if text is not None:
            return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data) or _utf8(data)
        if text is None:
            raise DecodeError(
                "cannot decode: not UTF-8, UTF-16, Windows-1258 or TCVN3 text"
            ) from None
        return text
    if b"\x00" in data or not _few_controls(text):
        raise DecodeError("not a text file (binary data)")
    return unicodedata.normalize("NFC", text)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a <meta> near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _strict(data: bytes, encoding: str, reason: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"cannot decode: {reason} at byte {exc.start}") from exc
    if not _few_controls(text) or "\x00" in text:
        raise DecodeError("not a text file (binary data)")
    return unicodedata.normalize("NFC", text)


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit at one parity only, as ASCII in UTF-16 does.

    Vietnamese text is mostly ASCII letters and spaces, so in UTF-16 the high byte of most
    characters is zero; random binary has NULs at both parities or none.
    """
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / len(odd)
    if nul_odd > 0.2 and nul_even < 0.02:
        return "utf-16-le"
    if nul_even > 0.2 and nul_odd < 0.02:
        return "utf-16-be"
    return None


def _try_declared(data: bytes, declared: str) -> str | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None  # an unknown name in a <meta> is common; fall back to detection
    if codec.startswith("utf-8"):
        return None  # detection below handles UTF-8 and what pages mislabel as UTF-8
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not _few_controls(text):
        return None
    return unicodedata.normalize("NFC", text)


def _utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, a bad copy), else None.

    Broken bytes become U+FFFD, visibly, rather than the whole file being refused.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    if broken > max(_MAX_BROKEN_UTF8, len(text) // 1000) or "\x00" in text:
        return None
    if not _few_controls(text):
        return None
    if broken:
        log.warning("%d invalid UTF-8 byte sequence(s) replaced with U+FFFD", broken)
    return unicodedata.normalize("NFC", text)


def _decode_legacy(data: bytes) -> str | None:
    """Windows-1258 or TCVN3, whichever reads as Vietnamese syllables; None if neither does.

    Raises DecodeError when every candidate is full of control characters (binary data).
    """
    sample = data[:_SCORE_SAMPLE]
    scored = []
    for decode in (_cp1258, _tcvn3):
        text = decode(sample)
        if text is not None and _few_controls(text):
            scored.append((_syllable_share(text), decode))
    if not scored:
        raise DecodeError("not a text file (binary data)")
    share, best = max(scored, key=lambda pair: pair[0])
    return best(data) if share >= _MIN_SYLLABLE_SHARE else None


def _cp1258(data: bytes) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None  # cp1258 leaves a few bytes undefined; those rule it out


def _tcvn3(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    text = data.decode("latin-1").translate(_tcvn3_table())
    return unicodedata.normalize("NFC", text)


@functools.cache
def _tcvn3_table() -> dict[int, str]:
    return {0x80 + i: char for i, char in enumerate(_TCVN3_HIGH)}


def _few_controls(text: str) -> bool:
    if not text:
        return True
    controls = len(_CONTROLS.findall(text))
    return controls / len(text) <= _MAX_CONTROL_SHARE


def _syllable_share(text: str) -> float:
    """Share of the words holding non-ASCII letters that are Vietnamese syllables."""
    words = [word for word in _WORD.findall(text) if not word.isascii()]
    if not words:
        return 0.0
    return sum(1 for word in words if _is_syllable(word)) / len(words)


def _is_syllable(word: str) -> bool:
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(1 for ch in parts if ch in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None
