"""Text from pictures of pages: Tesseract's `vie` model, run as a command.

Public API::

    OcrOptions.from_settings(settings)  # TESSERACT_CMD, OCR_MAX_PAGES, OCR_TIMEOUT_SECONDS
    check_available(options)            # raises OcrUnavailable naming the Debian packages
    read_image(image, options) -> str   # clean text, paragraphs "\\n\\n"; "" when none
    image_frames(path) -> list[Image]   # the pages of an image file (a .tif may hold many)
    pdf_page_images(page) -> list[Image]

The command line rather than a Python binding: no extra dependency, and a page that takes
too long is a child process that can be killed (OCR_TIMEOUT_SECONDS). Tesseract is optional
at run time: without it (or without its Vietnamese data) a file that needs OCR is reported
with a reason naming `tesseract-ocr` and `tesseract-ocr-vie`, as any unreadable file is.

Everything here is synchronous and CPU-bound (one page takes about a second on one core);
the bot calls it from its ingestion worker thread, never on the event loop.

Tesseract's TSV output is read rather than its plain text, for each word's confidence: an
image with no writing (a photo of a scene, a blank scan) gives a few low-confidence "words"
that are noise, and is reported as having no text instead of becoming an article of junk.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

    from retrieval.settings import Settings

log = logging.getLogger(__name__)

PACKAGES = "tesseract-ocr and tesseract-ocr-vie"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
# An image larger than this is refused before it is decoded (a small file can declare a huge
# picture); one page scanned at 600 dpi in A3 is about 70 million pixels.
MAX_PIXELS = 100_000_000
# Tesseract reads printed text best at ~300 dpi (capital letters 20-40 px tall). A page image
# whose longer side is under this is enlarged (at most 3x); a bigger one is shrunk to it, so a
# 48-megapixel phone photo does not cost minutes.
_SMALL_SIDE = 1600
_LARGE_SIDE = 4000
# Tesseract's OpenMP threads spin while they wait: on a busy 2-core machine one A4 page took
# 41-46 s of wall time (10 s CPU) with them and 11-12 s (3.7 s CPU) on one thread. Pages are
# read one after another, and the bot answers questions meanwhile, so one thread each. The
# rest of the environment is passed on as it is (TESSDATA_PREFIX, for one).
_ONE_THREAD = {**os.environ, "OMP_THREAD_LIMIT": "1"}
# Below this mean word confidence (0-100) the "text" is noise Tesseract found in a picture.
MIN_CONFIDENCE = 45.0
MIN_LETTERS = 3


class OcrError(Exception):
    """A picture could not be read; the message is the reason, for an admin."""


class OcrUnavailable(OcrError):
    """Tesseract or its Vietnamese data is not installed: no picture can be read."""


@dataclass(frozen=True)
class OcrOptions:
    """How OCR runs (the settings of the same names, see `retrieval.settings`)."""

    command: str = "tesseract"  # TESSERACT_CMD
    max_pages: int = 100  # OCR_MAX_PAGES: per document; a document with more is refused
    timeout: float = 60.0  # OCR_TIMEOUT_SECONDS: per page
    language: str = "vie"

    @classmethod
    def from_settings(cls, settings: Settings) -> OcrOptions:
        return cls(
            command=settings.tesseract_cmd,
            max_pages=settings.ocr_max_pages,
            timeout=settings.ocr_timeout_seconds,
        )

    def too_many_pages(self, pages: int, what: str = "pages") -> str:
        """Why a document needing OCR on `pages` pages is refused, or ""."""
        if pages <= self.max_pages:
            return ""
        return (
            f"{pages} {what} need OCR, over OCR_MAX_PAGES={self.max_pages}"
            " (split the document or raise the setting)"
        )


DEFAULT_OPTIONS = OcrOptions()


# --- is Tesseract there? -------------------------------------------------------------------


def check_available(options: OcrOptions = DEFAULT_OPTIONS) -> None:
    """Raise `OcrUnavailable` unless TESSERACT_CMD runs and has the `vie` language data."""
    problem = _unavailable(options.command, options.language)
    if problem:
        raise OcrUnavailable(problem)


@functools.lru_cache(maxsize=8)
def _unavailable(command: str, language: str) -> str:
    # Cached per command: asked once per process, not once per page. A Tesseract installed
    # while the bot runs is seen after a restart.
    found = shutil.which(command)
    if found is None:
        return (
            f"this needs OCR, and Tesseract was not found (TESSERACT_CMD={command}):"
            f" install the Debian packages {PACKAGES} ({INSTALL})"
        )
    try:
        done = subprocess.run([found, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"this needs OCR, and Tesseract ({found}) does not run: {exc}; reinstall {PACKAGES}"
    listed = (done.stdout + done.stderr).decode("utf-8", "replace").split()
    if language not in listed:
        return (
            f"this needs OCR, and Tesseract has no Vietnamese data ('{language}'):"
            f" install the Debian package tesseract-ocr-{language}"
        )
    return ""


# --- reading one picture -------------------------------------------------------------------


def read_image(image: Image, options: OcrOptions = DEFAULT_OPTIONS) -> str:
    """The text Tesseract reads in `image`: NFC, lines of a paragraph joined, paragraphs
    separated by a blank line. "" when the image holds no readable text. Raises `OcrError`
    (unavailable, too slow, Tesseract failed)."""
    check_available(options)
    data = _png(prepare(image))
    try:
        done = subprocess.run(
            [options.command, "stdin", "stdout", "-l", options.language, "tsv"],
            input=data,
            capture_output=True,
            timeout=options.timeout,
            check=False,
            env=_ONE_THREAD,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(
            f"OCR took longer than OCR_TIMEOUT_SECONDS={options.timeout:g}"
            " (raise it for very large or dense pages)"
        ) from exc
    except OSError as exc:
        raise OcrError(f"Tesseract could not run: {exc}") from exc
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
        raise OcrError(f"Tesseract failed (exit {done.returncode}): {message}")
    return text_from_tsv(done.stdout.decode("utf-8", "replace"))


def prepare(image: Image) -> Image:
    """Grayscale, upright (EXIF orientation of photos), and scaled towards the size Tesseract
    reads best."""
    from PIL import ImageOps

    width, height = image.size
    if width * height > MAX_PIXELS:
        raise OcrError(f"image is {width}×{height} pixels, too large to read")
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent areas would turn black in grayscale: put the picture on white.
        from PIL import Image as PILImage

        rgba = image.convert("RGBA")
        background = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = PILImage.alpha_composite(background, rgba)
    image = image.convert("L")
    side = max(image.size)
    scale = 1.0
    if side < _SMALL_SIDE:
        scale = min(3.0, _SMALL_SIDE / side)
    elif side > _LARGE_SIDE:
        scale = _LARGE_SIDE / side
    if abs(scale - 1.0) > 0.05:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, resample=_lanczos())
    return image


def _lanczos() -> Any:
    from PIL import Image as PILImage

    return PILImage.Resampling.LANCZOS


def _png(image: Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def text_from_tsv(tsv: str) -> str:
    """Paragraphs from Tesseract's TSV (one row per word with its block, paragraph and line):
    words of a line joined by spaces, lines of a paragraph by spaces, paragraphs by a blank
    line, NFC. "" when the words are too few or too unsure to be text."""
    paragraphs: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    letters = 0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":  # level 5: a word
            continue
        word = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if not word or confidence < 0:
            continue
        key = (int(cells[1]), int(cells[2]), int(cells[3]))  # page, block, paragraph
        paragraphs.setdefault(key, []).append(word)
        confidences.append(confidence)
        letters += sum(ch.isalnum() for ch in word)
    if letters < MIN_LETTERS or sum(confidences) / len(confidences) < MIN_CONFIDENCE:
        return ""
    text = "\n\n".join(" ".join(" ".join(words).split()) for words in paragraphs.values())
    return unicodedata.normalize("NFC", text)


# --- where pictures come from --------------------------------------------------------------


def image_frames(path: Path) -> list[Image]:
    """The pages of an image file: one, or each frame of a multi-page TIFF. Raises
    `OcrError` when the file is not an image Pillow can read, or is too large."""
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with PILImage.open(path) as opened:
            frames: list[Image] = []
            for frame in ImageSequence.Iterator(opened):
                width, height = frame.size
                if width * height > MAX_PIXELS:
                    raise OcrError(f"image is {width}×{height} pixels, too large to read")
                frame.load()
                frames.append(frame.copy())
            return frames
    except OcrError:
        raise
    except UnidentifiedImageError as exc:
        raise OcrError("not an image that can be read (damaged, or another format)") from exc
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise OcrError(f"image is damaged: {type(exc).__name__}: {exc}"[:200]) from exc


def pdf_page_images(page: Any) -> list[Image]:
    """The images drawn on a pypdf page (a scanned page is one), each checked for size
    before it is decoded. Raises `OcrError` when one cannot be decoded."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") != "/Image":
                continue
            width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
            if width * height > MAX_PIXELS:
                raise OcrError(f"page image is {width}×{height} pixels, too large to read")
    try:
        return [image_file.image for image_file in page.images if image_file.image is not None]
    except Exception as exc:  # pypdf and Pillow raise many types on a damaged image
        log.debug("PDF page image unreadable", exc_info=True)
        raise OcrError(f"page image could not be decoded: {type(exc).__name__}") from exc
