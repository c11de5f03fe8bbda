"""Vietnamese text for matching: normalisation, accent folding and sentence spans.

`normalize` and `fold` produce keys for matching and embedding only; quotes and citations
always use the original text. `split_sentences` returns spans into the text it is given,
so callers can quote exactly what was written.

Tone-mark convention: the one most Vietnamese news sites use, the sample article (VOH)
included: in the open syllables oa / oe / uy, with no final consonant, the tone mark
sits on the first vowel: `hòa`, `hòe`, `ủy`, `thủy`, `khỏe`. (Many style guides call this
the "old" placement; Unikey calls the other one, `hoà` / `thuỷ`, "kiểu mới".) Everywhere
else both conventions already agree (`hoàn`, `toán`, `thuận`, `quyết`, `quý`), so those
syllables are left alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from retrieval.language.provision_cuts import code_before_clause, first_clause, point_ends
from retrieval.language.vocabulary import CODAS, ONSETS, VOWELS

__all__ = [
    "ABBREVIATIONS",
    "BRACKET_LOOKALIKES",
    "PLAIN_LETTERS",
    "SENTENCE_FINAL_ABBREVIATIONS",
    "ascii_brackets",
    "fold",
    "fold_plain",
    "fold_sentence",
    "fold_word",
    "fold_words",
    "is_plain",
    "normalize",
    "retone",
    "scrub_surrogates",
    "split_sentences",
]

# --- normalize -------------------------------------------------------------------------

# Line separators other than "\n" become "\n": they carry the same meaning (a new line).
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Every Unicode space separator (Zs), tabs and the ASCII information separators (which
# str.isspace() also counts as spaces) become a plain space.
_SPACES = re.compile(r"[\t\x1c-\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that only change how text is rendered, never what it says: C0/C1
# controls except "\n" (the whitespace ones were mapped above), zero-width space/joiners,
# word joiner, BOM, soft hyphen, bidi marks and the other format (Cf) characters. They are
# removed before NFC because a joiner between a letter and its accent blocks composition.
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_SPACE_RUNS = re.compile(r" {2,}")
_SPACES_AROUND_NEWLINE = re.compile(r" ?\n ?")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Where a tone may sit in the wrong place for the convention: on the second vowel of
# oa / oe / uy, or on the "u" of "qu" / the "i" of "gi". Only words holding one of these
# are parsed, which keeps normalize fast on long texts.
_MOVABLE_TONE = re.compile(
    "[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]|[qQ][ùúủũụÙÚỦŨỤ]|[gG][ìíỉĩịÌÍỈĨỊ]"
)

# The five tone marks as combining characters. The vowel-quality marks (circumflex,
# breve, horn) are part of the letter and never move.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The only nuclei whose tone position differs between the two conventions, and only when
# the syllable is open (no final consonant): "hoà"/"hòa" but always "hoàn".
_CONVENTION_NUCLEI = frozenset({"oa", "oe", "uy"})
_QUALITY_VOWELS = frozenset("ăâêôơư")
_LONGEST_SYLLABLE = 7  # "nghiêng"; longer letter runs are not one syllable


def scrub_surrogates(text: str) -> str:
    """`text` with surrogate code points made valid: a pair becomes the character it
    encodes, a lone one U+FFFD.

    A `str` can hold them (a JSON "\\ud800" escape in a Telegram update or a records file
    gives one) but UTF-8 cannot: the bot could neither store nor send such a question.
    """
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def normalize(text: str) -> str:
    """Return `text` as a key for matching and embedding (never for quoting).

    NFC; tone marks placed by one convention (see the module docstring); every Unicode
    space as " "; zero-width, format and control characters removed (newlines kept);
    lone surrogates as U+FFFD; runs of spaces collapsed, spaces next to a newline dropped;
    stripped. Case is kept.
    """
    text = scrub_surrogates(text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _retone_words(text)
    return _tidy_spaces(text)


def _tidy_spaces(text: str) -> str:
    text = _SPACE_RUNS.sub(" ", text)
    text = _SPACES_AROUND_NEWLINE.sub("\n", text)
    return text.strip()


def _retone_words(text: str) -> str:
    parts: list[str] = []
    done = 0
    for match in _MOVABLE_TONE.finditer(text):
        if match.start() < done:
            continue  # inside a word already handled
        start, end = match.start(), match.end()
        # Scans are bounded by the longest syllable, so long letter runs cost nothing extra.
        while start > done and end - start <= _LONGEST_SYLLABLE and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and end - start <= _LONGEST_SYLLABLE and text[end].isalpha():
            end += 1
        if end - start > _LONGEST_SYLLABLE:
            continue  # not a single syllable
        if end < len(text) and unicodedata.combining(text[end]):
            # A mark NFC could not attach ("hoà" + circumflex) would attach to the letter
            # the tone leaves, and normalize would no longer be idempotent.
            continue
        parts += (text[done:start], retone(text[start:end]))
        done = end
    parts.append(text[done:])
    return "".join(parts)


# Cached: texts repeat a few thousand distinct syllables at most.
@functools.lru_cache(maxsize=8192)
def retone(syllable: str) -> str:
    """Move the tone mark of one NFC syllable to where the chosen convention puts it.

    Only two kinds of syllable change: open oa / oe / uy (`hoà` -> `hòa`, `UỶ` -> `ỦY`),
    and a tone stranded on the `u` of "qu" or the `i` of "gi", which belong to the onset
    (`qúy` -> `quý`, `gìa` -> `già`). Anything that does not parse as a Vietnamese
    syllable is returned unchanged.
    """
    bases: list[str] = []
    tone = ""
    tone_at = -1
    for i, char in enumerate(syllable):
        decomposed = unicodedata.normalize("NFD", char)
        marks = [c for c in decomposed if c in _TONES]
        if marks:
            if tone or len(marks) > 1:
                return syllable  # two tones: not a syllable we understand
            tone, tone_at = marks[0], i
            decomposed = "".join(c for c in decomposed if c not in _TONES)
        bases.append(unicodedata.normalize("NFC", decomposed))
    if not tone or any(len(b) != 1 for b in bases):
        return syllable
    target = _tone_position("".join(bases).lower(), tone_at)
    if target is None or target == tone_at:
        return syllable
    toned = unicodedata.normalize("NFC", bases[target] + tone)
    if len(toned) != 1:
        return syllable
    bases[target] = toned
    return "".join(bases)


def _tone_position(base: str, tone_at: int) -> int | None:
    """Index in `base` (lowercase, tone removed) that should carry the tone, or None
    when this syllable is left as written."""
    parsed = _parse_syllable(base)
    if parsed is None:
        return None
    onset, nucleus, coda = parsed
    if nucleus in _CONVENTION_NUCLEI and not coda:
        return len(onset)  # the convention: first vowel of open oa / oe / uy
    if onset in ("qu", "gi") and tone_at < len(onset):
        return len(onset) + _main_vowel(nucleus, coda)
    return None


def _parse_syllable(base: str) -> tuple[str, str, str] | None:
    onset = next((o for o in ONSETS if base.startswith(o)), "")
    # "gi" and "qu" are onsets only when a vowel follows ("gì" is g + i, "già" is gi + a).
    if onset in ("gi", "qu") and (len(base) == 2 or base[2] not in VOWELS):
        onset = onset[0]
    end = len(onset)
    while end < len(base) and base[end] in VOWELS:
        end += 1
    nucleus, coda = base[len(onset) : end], base[end:]
    if not nucleus or coda not in CODAS:
        return None
    return onset, nucleus, coda


def _main_vowel(nucleus: str, coda: str) -> int:
    """Index within `nucleus` of the vowel that carries the tone (standard rules)."""
    quality = [i for i, v in enumerate(nucleus) if v in _QUALITY_VOWELS]
    if quality:
        return quality[-1]  # "ươ" -> ơ, "iê" -> ê, "ưa" -> ư
    if len(nucleus) == 1:
        return 0
    if coda:
        return len(nucleus) - 1  # "oan" -> a
    if len(nucleus) == 3:
        return 1  # "oai" -> a, "uya" -> y
    return 0  # "ai", "ao", "ia", "ua", and oa / oe / uy by the convention


# --- plain text ------------------------------------------------------------------------

# Plain text is what `normalize` leaves as it is, told without normalising (the extractive
# answer reads most passages this way, at a fraction of the cost): printable ASCII,
# Vietnamese letters and common punctuation (each NFC alone and next to any other, its
# other case plain too, folded to one character), single spaces, and no tone that `retone`
# would move. Tests check each of these promises against `normalize` and `fold`.
PLAIN_LETTERS = "đ" + "".join(
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in "aăâeêioôơuưy"
    for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
_PLAIN_CHARS = f"!-~{PLAIN_LETTERS}{PLAIN_LETTERS.upper()}“”‘’–—…«»·•°"
_PLAIN = re.compile(f"[{_PLAIN_CHARS}]+(?: [{_PLAIN_CHARS}]+)*")
_PLAIN_ANY_SPACES = re.compile(f"[\\s{_PLAIN_CHARS}]*")
# Where `retone` would move a tone: on the last letter of an open oa / oe / uy ("hoà" ->
# "hòa"; not "quý", whose onset is "qu"), on the u of "qu" / the i of "gi" before a vowel
# ("qúy" -> "quý"). Led by one character class, so the scan stays fast.
_TONE_TO_MOVE = re.compile(
    "[oOuUqQgG](?:"
    "(?<=[oO])[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ](?![^\\W\\d_])"
    "|(?<=[uU])(?<![qQ][uU])[ỳýỷỹỵỲÝỶỸỴ](?![^\\W\\d_])"
    "|(?<=[qQ])[ùúủũụÙÚỦŨỤ](?=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY])"
    "|(?<=[gG])[ìíỉĩịÌÍỈĨỊ](?=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]))"
)


def is_plain(text: str, *, any_spaces: bool = False) -> bool:
    """Whether `text` is plain: then `normalize(text) == text`, and `fold` folds it one
    character at a time. With `any_spaces`, runs of any whitespace are allowed too (text
    that is plain once its spaces are tidied)."""
    shape = _PLAIN_ANY_SPACES if any_spaces else _PLAIN
    return shape.fullmatch(text) is not None and _TONE_TO_MOVE.search(text) is None


# --- fold ------------------------------------------------------------------------------

# Combining diacritics (Latin and the generic blocks); removing them after NFD leaves the
# base letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# "đ" has no decomposition, so it is mapped by hand; "ð" (eth) stands in for "đ" in text
# converted from legacy encodings.
_FOLD_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


# The answer step folds the same question and words many times over (each check reads
# them folded): kept, as `_FOLDED_WORDS` keeps syllables.
@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Accent-folded lowercase form for matching text typed without diacritics.

    `fold("Nhiệm vụ trọng tâm") == "nhiem vu trong tam"`; "Đ"/"đ" -> "d".
    """
    text = unicodedata.normalize("NFD", normalize(text).lower())
    text = _COMBINING.sub("", text).translate(_FOLD_LETTERS)
    # Tidied again: a stray mark after a space ("a \u0301 b") leaves two spaces behind.
    return _tidy_spaces(unicodedata.normalize("NFC", text))


# Folded words, kept: texts and questions repeat a few tens of thousands of distinct
# syllables, and `fold` normalises each time.
_FOLDED_WORDS: dict[str, str] = {}
_MAX_FOLDED_WORDS = 50_000


def fold_word(word: str) -> str:
    """`fold(word)`, remembered."""
    folded = _FOLDED_WORDS.get(word)
    if folded is None:
        if len(_FOLDED_WORDS) >= _MAX_FOLDED_WORDS:
            _FOLDED_WORDS.clear()  # rare enough to start afresh
        folded = _FOLDED_WORDS[word] = fold(word)
    return folded


def fold_words(words: list[str]) -> list[str]:
    """`fold_word` of each of `words`; one dictionary lookup each when all are known."""
    try:
        return list(map(_FOLDED_WORDS.__getitem__, words))
    except KeyError:
        return list(map(fold_word, words))


# Each plain lowercase letter that `fold` changes, and what it becomes.
_PLAIN_FOLD = str.maketrans({c: fold(c) for c in PLAIN_LETTERS if fold(c) != c})


def fold_plain(text: str) -> str:
    """`fold(text)` for plain text (`is_plain`), one character at a time: at a small
    part of `fold`'s cost (it normalises). On text plain but for its spaces (`is_plain`
    with `any_spaces`), the letters and words of `fold(text)`, the spaces left as they
    are."""
    return text.lower().translate(_PLAIN_FOLD)


def fold_sentence(text: str) -> str:
    """`fold(normalize(text).lower())`: a sentence's folded form, whose offsets are the
    sentence's when their lengths agree. A plain sentence (most are) is folded one
    character at a time: `fold` would normalise it twice, most of the cost of reading a
    sentence seen for the first time."""
    return fold_plain(text) if is_plain(text) else fold(normalize(text).lower())


# --- split_sentences -------------------------------------------------------------------

# Abbreviations that stand before a name, place or number ("TP. HCM", "GS. Châu",
# "Tr. 45") and so never end a sentence: a period after them is not a boundary even when
# an uppercase word follows. Lowercase; matched against the part after the last inner
# period, so "PGS.TS." and "GS.TSKH." are covered by "ts" and "tskh". Single capital
# letters are initials ("Nguyễn V. A.", "J. R. R. Tolkien", "Q. 1") and need no entry.
ABBREVIATIONS = frozenset(
    {
        # places: thành phố, thị xã, thị trấn, quận, phường, huyện, xã
        "tp", "tx", "tt", "q", "p", "h", "x",
        # titles and degrees: giáo sư, phó giáo sư, tiến sĩ (khoa học), thạc sĩ, kỹ sư,
        # kiến trúc sư, bác sĩ, dược sĩ, luật sư, nghiên cứu sinh ("CN." is left out: it is
        # also "Chủ nhật", which does end sentences)
        "gs", "pgs", "ts", "tskh", "ths", "ks", "kts", "bs", "ds", "ls", "ncs",
        # bác sĩ chuyên khoa I/II ("BSCKII. Trương Quốc Hưng")
        "cki", "ckii", "bscki", "bsckii",
        # signing for someone: ký thay, thừa lệnh, thay mặt, thừa ủy quyền ("Phó Viện
        # trưởng ký thay (KT.) Viện trưởng các văn bản …")
        "kt", "tl", "tm", "tuq",
        # references: trang (page), nhà xuất bản
        "tr", "nxb",
        # English titles that appear in Vietnamese news
        "dr", "mr", "mrs", "ms", "st", "prof",
    }
)  # fmt: skip
# Abbreviations that commonly end an enumeration and with it the sentence: a period after
# them is a boundary when an uppercase word follows, although "v" alone looks like an
# initial.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"v.v", "vv", "etc"})

_OPENERS = "\"'“‘«([{"
# A run of terminal punctuation, the closing quotes/brackets after it, then spaces. The
# lookbehind and possessive quantifiers keep the scan linear on long runs of dots.
_TERMINAL = re.compile(r"(?<![.!?…])([.!?…]++)[\"'”’»)\]}]*+(?=[^\S\n\r\u2028\u2029])")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
# A list marker at the start of a line ("1. ", "II. ", "a. ") is not a sentence.
_LIST_MARKER = re.compile(r"\d{1,3}|[IVXLCDM]{1,6}|[a-zđ]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans `(start, end)` of the sentences of `text`, in order.

    Spans are trimmed of whitespace and together cover every non-space character. A line
    break always ends a sentence; otherwise a sentence ends after . ! ? … (a run of them,
    plus closing quotes/brackets) when whitespace follows and then an uppercase letter or
    a digit, possibly behind opening quotes/brackets; a lone period does not end one
    after an abbreviation (ABBREVIATIONS), an initial or a list marker (first in its
    sentence, or after a colon or semicolon: "gồm: 1. Khiển trách; 2. Cách chức").
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _sentence_ends(text, line.start(), line.end()):
            _add_trimmed(spans, text, start, cut)
            start = cut
        _add_trimmed(spans, text, start, line.end())
    return spans


def _sentence_ends(text: str, line_start: int, line_end: int) -> list[int]:
    ends: list[int] = []
    sentence_start = _skip_spaces(text, line_start, line_end)
    for match in _TERMINAL.finditer(text, line_start, line_end):
        after = _skip_spaces(text, match.end(), line_end)
        if not _starts_sentence(text, after, line_end):
            continue
        if match.group(1) == "." and not _period_ends_sentence(text, sentence_start, match.start()):
            continue
        clause = first_clause(text, sentence_start, match.end())
        if clause is not None:
            # "Điều 36. Điều kiện đăng ký dự tuyển công chức 1. Người có đủ …" (a provision
            # copied from a PDF): "1." opens the clause, it ends no title
            ends.append(clause)
            sentence_start = clause
            continue
        ends.append(match.end())
        sentence_start = after
    return sorted({*ends, *point_ends(text, line_start, line_end)})


def _skip_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _starts_sentence(text: str, pos: int, line_end: int) -> bool:
    """Whether the text at `pos` looks like the start of a sentence."""
    while pos < line_end and text[pos] in _OPENERS:
        pos += 1
    return pos < line_end and (text[pos].isupper() or text[pos].isdigit())


def _period_ends_sentence(text: str, sentence_start: int, dot: int) -> bool:
    word_start = dot
    while word_start > sentence_start and not text[word_start - 1].isspace():
        word_start -= 1
    # NFC so that an initial typed in NFD ("E" + circumflex) is still one letter.
    word = unicodedata.normalize("NFC", text[word_start:dot].lstrip(_OPENERS))
    if not word:
        return True
    lowered = word.lower()
    if lowered in SENTENCE_FINAL_ABBREVIATIONS:
        return True
    last = lowered.rsplit(".", 1)[-1]
    if last in ABBREVIATIONS:
        return False
    if len(last) == 1 and word[-1].isupper():  # an initial, or a code ("hạng D. 2. …")
        return code_before_clause(text, sentence_start, word_start, dot)
    if not _LIST_MARKER.fullmatch(word):
        return True
    # A list marker opens its point: first in the sentence ("1. Khiển trách."), or inline
    # after the last point's semicolon or a colon whose points go on, semicolon-separated,
    # on the line ("gồm: 1. Khiển trách; 2. …", not "Tỷ số chung cuộc: 2. Đội nhà thắng").
    before = text[sentence_start:word_start].rstrip()
    line_end = text.find("\n", dot)
    points_follow = ";" in text[dot : line_end if line_end >= 0 else len(text)]
    return not (
        word_start == sentence_start
        or before.endswith(";")
        or (before.endswith(":") and points_follow)
    )


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- bracket look-alikes -----------------------------------------------------------------

# Characters that look like "<", ">", "[" or "]" (Unicode confusables.txt and the CJK,
# fullwidth, small, mathematical and ornamental brackets). Text from articles or a model
# can use them to fake a data-block delimiter ("˂/doan˃" for "</doan>") or a citation
# marker ("［2］" for "[2]"); `ascii_brackets` maps them to the ASCII bracket they imitate
# before such text is checked or escaped. Round brackets and quotation marks (« ») are left
# alone: they cannot pass for a tag or a marker.
BRACKET_LOOKALIKES: dict[str, str] = {
    **dict.fromkeys(
        "\u02c2\u02f1\u1438\u16b2\u2039\u2329\u276c\u276e\u2770\u27e8\u27ea"
        "\u29fc\u3008\u300a\ufe64\uff1c\U0001d236",
        "<",
    ),
    **dict.fromkeys(
        "\u02c3\u02f2\u1433\u203a\u232a\u276d\u276f\u2771\u27e9\u27eb"
        "\u29fd\u3009\u300b\ufe65\uff1e\U00016f3f\U0001d237",
        ">",
    ),
    **dict.fromkeys(
        "\u2045\u2772\u27e6\u298b\u298d\u298f\u3010\u3014\u3016\u3018\u301a\ufe5d\ufe47\uff3b",
        "[",
    ),
    **dict.fromkeys(
        "\u2046\u2773\u27e7\u298c\u298e\u2990\u3011\u3015\u3017\u3019\u301b\ufe5e\ufe48\uff3d",
        "]",
    ),
}
_ASCII_BRACKETS = str.maketrans(BRACKET_LOOKALIKES)


def ascii_brackets(text: str) -> str:
    """`text` with every look-alike of < > [ ] replaced by the ASCII bracket."""
    return text.translate(_ASCII_BRACKETS)


_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")


@functools.lru_cache(maxsize=8192)
def rough_fold(text: str) -> str:
    """`fold` for reading long passages quickly: lowercase, no diacritics, "đ" -> "d",
    one character for one (a Vietnamese letter loses its marks), without `normalize`'s
    tidying; timeexpr's patterns match either form."""
    decomposed = unicodedata.normalize("NFD", _ZERO_WIDTH.sub(" ", text.lower()))
    return _COMBINING_MARKS.sub("", decomposed).replace("đ", "d")
