"""What every format shares: the result and error types, text cleaning, metadata found in
the text (source prefix, datelines), reading and decoding a file, and the article constructor."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import numpy as np

from ingest import dates
from ingest.article import Article, article_id
from ingest.dates import FoundDate
from ingest.decode import DecodeError, decode_text
from ingest.ocr import DEFAULT_OPTIONS as DEFAULT_OCR
from ingest.ocr import OcrOptions
from retrieval.language.vocabulary import TABLE_ROW

if TYPE_CHECKING:
    from retrieval.settings import Settings

_MIB = 1024 * 1024


class LoadError(Exception):
    """A file or URL could not be turned into articles; the message is the reason."""


class Skipped(Exception):
    """A file that is not meant to be ingested (unsupported extension)."""


@dataclass(frozen=True)
class LoadResult:
    """What one file or URL gave: its articles, and what was left out and why."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Limits:
    """Caps per file (the settings of the same names, see `retrieval.settings`): a file
    past one is refused with a reason naming the setting, and costs only itself."""

    docx_max_bytes: int = 50 * _MIB  # DOCX_MAX_UNCOMPRESSED_MB
    docx_max_entries: int = 2000  # DOCX_MAX_ENTRIES
    max_article_chars: int = 2_000_000  # MAX_ARTICLE_CHARS
    json_max_depth: int = 100  # JSON_MAX_DEPTH
    ocr: OcrOptions = DEFAULT_OCR  # TESSERACT_CMD, OCR_MAX_PAGES, OCR_TIMEOUT_SECONDS

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            docx_max_bytes=int(settings.docx_max_uncompressed_mb * _MIB),
            docx_max_entries=settings.docx_max_entries,
            max_article_chars=settings.max_article_chars,
            json_max_depth=settings.json_max_depth,
            ocr=OcrOptions.from_settings(settings),
        )

    def too_long(self, article: Article) -> str:
        """Why `article` is refused for its length, or ""."""
        n = len(article.text)
        if n <= self.max_article_chars:
            return ""
        return (
            f"article is {n:,} characters, over MAX_ARTICLE_CHARS={self.max_article_chars:,}"
            " (split the file or raise the setting)"
        )

    def within(self, result: LoadResult) -> LoadResult:
        """`result` without its articles over MAX_ARTICLE_CHARS (each one a warning); a
        `LoadError` when none is left."""
        kept: list[Article] = []
        warnings = list(result.warnings)
        for article in result.articles:
            why = self.too_long(article)
            if not why:
                kept.append(article)
            elif len(result.articles) == 1:
                raise LoadError(why)
            else:
                key = article.origin.rpartition("#")[2] or article.title
                warnings.append(f"{key}: {why}")
        if not kept:
            raise LoadError("; ".join(warnings[-3:]))
        return LoadResult(tuple(kept), tuple(warnings))

    def check_json_depth(self, text: str) -> None:
        """Raise `LoadError` when JSON `text` nests deeper than JSON_MAX_DEPTH (checked
        before parsing: the parser recurses, and 200,000 brackets overflow its stack)."""
        depth = json_depth(text)
        if depth > self.json_max_depth:
            raise LoadError(
                f"JSON nests {depth:,} levels deep, over JSON_MAX_DEPTH={self.json_max_depth}"
            )


DEFAULT_LIMITS = Limits()

_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """How deeply JSON `text` nests arrays and objects (brackets inside strings do not
    count); linear time, no recursion."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


# --- text cleaning -------------------------------------------------------------------------

# Control characters (C0/C1 but tab and newline) and invisible format characters: zero-width
# space/joiners, word joiner, BOM, soft hyphen, bidi marks and embeddings.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
BLANK_LINES = re.compile(r"\n\s*\n")
_WHITESPACE = re.compile(r"\s+")  # inside a paragraph: newlines, tabs, NBSP, U+2000.. alike


def clean_text(raw: str) -> str:
    """Quotable body text: NFC, plain spaces, no invisible characters, "\\n\\n" paragraphs.

    Lines within a paragraph are joined with a space; a form feed (page break) ends a
    paragraph. Tone-mark conventions are left as they are (matching normalises those
    elsewhere).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\f", "\n\n")
    # Invisible characters go before NFC: one between a letter and its tone mark blocks
    # composition.
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    paragraphs = (
        _WHITESPACE.sub(" ", line) for part in BLANK_LINES.split(text) for line in _unwrapped(part)
    )
    return "\n\n".join(p for p in paragraphs if p)


# Where a line break with no blank line is a paragraph's end, not a wrapped line: after a
# sentence or a lead-in ("… như sau:"), after a heading ("Điều 114. Ngày nghỉ …", "CHƯƠNG
# II"), and before a heading, a numbered clause or a point ("1. …", "a) …", "- …"). A
# regulation or a report copied as plain text often has one paragraph per line.
_ENDS_PARAGRAPH = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_HEADING = r"(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[\dIVXLCDM]+"
_HEADING_LINE = re.compile(_HEADING)
_OPENS_PARAGRAPH = re.compile(rf"{_HEADING}|(?:Khoản\s+)?\d{{1,3}}[.)]\s|[a-zđ]\)\s|[-+•*–]\s")
# An official document's header is a field per line: its number ("Số: 512/QĐ-SNNMT"),
# subject ("V/v …", "Về việc …"), addressee, grounds ("Căn cứ …"), the place and date
# ("Khánh Hòa, ngày 12 tháng 8 năm 2025"); and its titles are in capitals ("QUYẾT ĐỊNH",
# "GIÁM ĐỐC SỞ …"). Joined, "Độc lập - Tự do - Hạnh phúc Số: 512/QĐ-SNNMT Khánh Hòa, ngày …
# QUYẾT ĐỊNH Về việc thành lập Đoàn kiểm tra … GIÁM ĐỐC SỞ … Căn cứ …" read as one
# sentence, which a question naming the decision and the team took for its answer.
_OPENS_FIELD = re.compile(
    r"(?:Số|Kính gửi|Nơi nhận|V/v|Về việc|Căn cứ|Theo đề nghị|Xét đề nghị)\b"
    r"|[^\W\d][^,\n]{0,40}, ngày \d{1,2} tháng \d{1,2} năm \d{4}\s*$"
    # a Q&A's turns: "Hỏi: …", "Câu 2: …", "Trả lời: …", "Luật sư Nguyễn Văn A trả lời: …"
    # (a reader's question signed "(Trần Văn Thịnh)" ends in no stop, and its answer,
    # joined to it, was read as part of the question)
    r"|(?:Hỏi|Đáp|Trả lời|Câu hỏi|Câu\s+\d+)\s*[:.]|[^:\n]{0,80}\btrả lời\s*:"
)


# A labelled field on a line of its own ("Mã thủ tục: 1.004194", "Lĩnh vực: Đăng ký, quản
# lý cư trú"): a label of at most eight words, capitalised, then a colon.
_FIELD_LINE = re.compile(r"[A-ZĐÀ-Ỹ][^\W\d_]*(?: [^\W\d_]+){0,7}\s*:\s+\S")


_ADDRESSEE = re.compile(r"(?:Kính gửi|Kính thưa)\s*:")


# The kind of an official document, its title line in capitals.
_DOCUMENT_KIND = re.compile(
    r"(?:QUYẾT ĐỊNH|KẾ HOẠCH|THÔNG BÁO|BÁO CÁO|TỜ TRÌNH|CÔNG VĂN|GIẤY MỜI|NGHỊ QUYẾT|CHỈ THỊ"
    r"|QUY CHẾ|QUY ĐỊNH|HƯỚNG DẪN|BIÊN BẢN|THÔNG TƯ|NGHỊ ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH|CÔNG ĐIỆN)"
    r"(?: [A-ZĐÀ-Ỹ ]{0,30})?"
)


def _is_row(line: str) -> bool:
    """A row of a table written as text (`vocabulary.TABLE_ROW`, or a line opening with
    "|"): a paragraph of its own; joined, the rows read as one sentence and the answer
    quoted the whole table."""
    return TABLE_ROW.search(line) is not None or line.startswith("|")


def _unwrapped(part: str) -> list[str]:
    """The paragraphs of a blank-line-separated `part`: its lines, joined where a line
    only wraps."""
    out: list[str] = []
    for line in (line.strip() for line in part.split("\n")):
        if not line:
            continue
        last = out[-1] if out else ""
        # a document's subject line under its kind ("KẾ HOẠCH" / "Tuyển sinh vào lớp 6 năm
        # học 2025-2026"): a paragraph of its own, not the start of the first sentence
        subject = len(out) >= 2 and _DOCUMENT_KIND.fullmatch(out[-2]) is not None
        if (
            last
            and not subject
            and not (
                _ENDS_PARAGRAPH.search(last)
                or _HEADING_LINE.match(last)
                or last.isupper()
                or _OPENS_PARAGRAPH.match(line)
                or _OPENS_FIELD.match(line)
                or (line.isupper() and " " in line)  # a title: "QUYẾT ĐỊNH", "BÁO CÁO"
                or _is_row(last)
                or _is_row(line)
                # a procedure sheet's header, a field per line ("Tên thủ tục: Đăng ký tạm
                # trú", "Mã thủ tục: …"): joined, one sentence held every field
                or (_FIELD_LINE.match(last) and _FIELD_LINE.match(line))
                # the addressee ("Kính gửi: Toàn thể cán bộ, nhân viên Công ty") ends its
                # line: joined, the notice's first sentence read as addressed to it
                or _ADDRESSEE.match(last)
            )
        ):
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
    return out


def clean_line(raw: str) -> str:
    return clean_text(raw).replace("\n\n", " ")


# --- metadata found in the text ------------------------------------------------------------

_SOURCE_PREFIX = re.compile(r"^\(\s*([^()\n]{1,40}?)\s*\)\s*[-–—:]")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_WORDS_DATE = re.compile(r"(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s*năm\s+\d{4}", re.I)
# What may surround a date on a dateline: weekday, "Ngày", a time, a time zone, "cập nhật".
_DATELINE_NOISE = re.compile(
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s+nhật|cập\s+nhật|ngày|lúc|đăng"
    r"|T?\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\.\d+)?(?:Z|\s*[+-]\d{2}:?\d{2})?"
    r"|(?:gmt|utc)\s*[+-]?\s*\d{0,2}|[ap]m",
    re.I,
)
_DATE_SCAN_LINES = 3  # how far down the top of an article metadata is looked for


def source_from_text(text: str) -> str:
    """The publisher named by a "(VOH) - ..." lede, i.e. "VOH"; "" otherwise.

    The lede is looked for in the first few paragraphs: a caption or a stray line sometimes
    comes before it.
    """
    for paragraph in text.split("\n\n", _DATE_SCAN_LINES)[:_DATE_SCAN_LINES]:
        match = _SOURCE_PREFIX.match(paragraph.lstrip())
        if match:
            return match.group(1).strip()
    return ""


def iso_date(value: str) -> str:
    """The first valid full date in `value` as "YYYY-MM-DD", else "" (see `ingest.dates`)."""
    found = dates.date_in_line(value)
    return found.value if found else ""


def _is_dateline(line: str) -> bool:
    rest = _WORDS_DATE.sub(" ", _DMY_DATE.sub(" ", _ISO_DATE.sub(" ", line)))
    return not _DATELINE_NOISE.sub(" ", rest).strip(" \t,.-–—|()/[]")


def take_dateline(lines: list[str]) -> tuple[FoundDate | None, list[str]]:
    """The published date from the top lines (source "dateline"), and the lines without a
    standalone dateline.

    A line that is only a date is metadata and leaves the text; a date starting a sentence
    ("Ngày 08/02/2018, Thành ủy ...") stays in the text and still dates the article; a date
    further into a paragraph ("... ông mất ngày 7/1/1943") is what the text talks about,
    not when it was written, and dates nothing.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()][:_DATE_SCAN_LINES]
    for i in nonblank:
        line = lines[i].strip()
        standalone = bool(dates.date_in_line(line)) and _is_dateline(line)
        found = dates.date_in_line(line) if standalone else dates.leading_date(line)
        if found:
            kept = lines[:i] + lines[i + 1 :] if standalone else lines
            return found.from_source("dateline"), kept
    return None, lines


def text_date(text: str, *, url: str = "", path: str = "") -> FoundDate | None:
    """A date from the article's lede ("Sáng 8/2", the year from the URL or path when they
    give one, else from the text), source "text"."""
    hint = dates.first(dates.date_from_url(url), dates.date_from_path(path) if path else None)
    return dates.lede_date(text, hint.year if hint else None)


class DateFields(TypedDict):
    """The `Article` date fields (typed, so that `Article(**date_fields(...))` checks)."""

    published: str
    published_precision: str
    published_source: str


def date_fields(found: FoundDate | None) -> DateFields:
    """The `Article` date fields for a found date (all "" when none was found)."""
    if found is None:
        return {"published": "", "published_precision": "", "published_source": ""}
    return {
        "published": found.value,
        "published_precision": found.precision,
        "published_source": found.source,
    }


_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f<>\"\\\\]")


def absolute_url(url: str) -> str:
    """`url` when it is an absolute http(s) URL with a host, else "".

    An article's `url` becomes the link of its citations; a relative path or a
    `javascript:` one would make Telegram refuse the whole answer ("URL host is empty"),
    so a record's or front matter's URL that is not absolute is not kept (the article is
    still cited, by its title, without a link)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url or _UNSAFE_IN_URL.search(url):
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError when out of range or not a number
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and host else ""


def same_text(a: str, b: str) -> bool:
    return clean_line(a).casefold().rstrip(".") == clean_line(b).casefold().rstrip(".")


def short_title(text: str, limit: int = 80) -> str:
    first = text.split("\n\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


# --- reading files -------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc


def read_text(path: Path) -> str:
    return decode(read_bytes(path))


def decode(data: bytes, *, declared: str | None = None) -> str:
    try:
        text = decode_text(data, declared=declared)
    except DecodeError as exc:
        raise LoadError(str(exc)) from exc
    # The prefix answers for almost every file; only an all-blank one is cleaned in full.
    if not clean_text(text[:4096]) and not clean_text(text):
        raise LoadError("empty file")
    return text


def file_article(
    path: Path, found: FoundDate | None = None, weaker: FoundDate | None = None, **fields: str
) -> Article:
    """The article of a file. Its date, most trusted first: `found` (what the format says:
    metadata, a dateline), the URL, the lede ("Sáng 8/2" with a year), `weaker` (document
    properties, which often say when the file was made, not the article), the file's name
    or folders."""
    if not fields.get("text"):
        raise LoadError("no article text found")
    location = str(path)
    title = fields.pop("title", "") or short_title(fields["text"])
    found = dates.first(
        found,
        dates.date_from_url(fields.get("url", "")),
        text_date(fields["text"], url=fields.get("url", ""), path=location),
        weaker,
        dates.date_from_path(location),
    )
    return Article(
        id=article_id(location),
        title=title,
        text=fields["text"],
        origin=location,
        source=fields.get("source", ""),
        url=fields.get("url", ""),
        **date_fields(found),
    )


def single(article: Article) -> LoadResult:
    return LoadResult((article,))


def reason(exc: Exception) -> str:
    """A library exception as a one-line reason; library messages can be long."""
    message = " ".join(str(exc).split())
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= 160 else reason[:159] + "…"


def table_rows(cells: list[list[str]]) -> list[str]:
    """A table's rows as text, the same for docx and PDF tables: " | " between cells; with a
    header row (the first, when the table has more rows and columns than one), every later
    cell is "header: value"."""
    rows = [[clean_line(text) for text in row] for row in cells]
    if len(rows) < 2 or max(len(row) for row in rows) < 2:
        return [_row_text(row) for row in rows]
    header = rows[0]
    out = [_row_text(header)]
    for row in rows[1:]:
        named = [
            f"{name}: {value}" if name and value and name != value else value
            for name, value in zip([*header, *[""] * len(row)], row, strict=False)
        ]
        out.append(_row_text(named))
    return out


def _row_text(cells: list[str]) -> str:
    kept: list[str] = []
    for text in cells:
        if text and (not kept or kept[-1] != text):  # merged cells repeat their text
            kept.append(text)
    return " | ".join(kept)
