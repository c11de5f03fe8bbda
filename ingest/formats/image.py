"""Pictures of documents (.png, .jpg/.jpeg, .tif/.tiff): text read by OCR (`ingest.ocr`).

A photo or a scan becomes one article; each frame of a multi-page TIFF is a page of it, so
citations can name the page. Everything read this way is marked (`Article.ocr_pages`), and
citations say "(OCR)". An image with no readable text, one too large, or too many pages
(OCR_MAX_PAGES) is refused with the reason; without Tesseract, the reason names the Debian
packages to install.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.formats.common import (
    DEFAULT_LIMITS,
    Limits,
    LoadError,
    LoadResult,
    clean_text,
    file_article,
    source_from_text,
)
from ingest.ocr import OcrError, check_available, image_frames, pdf_page_images, read_image

log = logging.getLogger(__name__)

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def load_image(path: Path, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    options = limits.ocr
    try:
        check_available(options)
        frames = image_frames(path)
    except OcrError as exc:
        raise LoadError(str(exc)) from exc
    why = options.too_many_pages(len(frames))
    if why:
        raise LoadError(f"image has {len(frames)} pages: {why}")
    texts: list[str] = []
    warnings: list[str] = []
    for number, frame in enumerate(frames, start=1):
        try:
            texts.append(clean_text(read_image(frame, options)))
        except OcrError as exc:
            if len(frames) == 1:
                raise LoadError(str(exc)) from exc
            texts.append("")
            warnings.append(f"page {number}: {exc}")
    if not any(texts):
        if warnings:
            raise LoadError("; ".join(warnings[:3]))
        raise LoadError("no text found in the image (OCR read nothing legible)")
    text, pages = _joined(texts)
    article = file_article(
        path,
        text=text,
        source=source_from_text(text),
    )
    read = tuple(number for number, text in enumerate(texts, start=1) if text)
    article = dataclasses.replace(article, pages=pages, ocr_pages=read)
    return LoadResult((article,), tuple(warnings))


def _joined(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages' texts as one article text, and the offset where each page starts (a page
    without text starts where the next one does)."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for text in texts:
        if text and parts:
            length += 2  # the "\n\n" before it
        starts.append(length)
        if text:
            parts.append(text)
            length += len(text)
    return "\n\n".join(parts), tuple(starts)


def ocr_scanned_pages(
    pdf_pages: Sequence[Any], texts: Sequence[str], limits: Limits = DEFAULT_LIMITS
) -> tuple[list[str], tuple[int, ...], list[str]]:
    """A PDF's page texts with its scanned pages read by OCR: (texts, the page numbers read
    by OCR, warnings). A page is scanned when it has no text layer but holds an image.

    More scanned pages than OCR_MAX_PAGES refuse the document (before any OCR is done);
    without Tesseract the scanned pages are left out with a warning naming the packages, or
    the document is refused when no page has text. A page that fails or times out is left
    out with a warning; its page number stays.
    """
    options = limits.ocr
    scanned = [
        number
        for number, (page, text) in enumerate(zip(pdf_pages, texts, strict=True), start=1)
        if not text.strip() and _has_image(page)
    ]
    out = list(texts)
    if not scanned:
        return out, (), []
    why = options.too_many_pages(len(scanned), "scanned pages")
    if why:
        raise LoadError(f"PDF has {why}")
    has_text = any(text.strip() for text in texts)
    try:
        check_available(options)
    except OcrError as exc:
        if not has_text:
            raise LoadError(f"PDF pages have no text layer (scanned): {exc}") from exc
        return out, (), [f"{_page_list(scanned)} scanned, left out: {exc}"]
    read: list[int] = []
    warnings: list[str] = []
    for number in scanned:
        try:
            images = pdf_page_images(pdf_pages[number - 1])
            read_text = (clean_text(read_image(image, options)) for image in images)
            text = "\n\n".join(filter(None, read_text))
        except OcrError as exc:
            warnings.append(f"page {number}: {exc}")
            continue
        if text:
            out[number - 1] = text
            read.append(number)
        else:
            log.debug("PDF page %d: OCR found no text", number)
    if not has_text and not read and not warnings:
        raise LoadError(f"PDF {_page_list(scanned)} scanned, and OCR found no text on them")
    return out, tuple(read), warnings


def _has_image(page: Any) -> bool:
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        return any(
            ref.get_object().get("/Subtype") in ("/Image", "/Form")
            for ref in xobjects.get_object().values()
        )
    except Exception:  # a damaged resource dictionary: nothing to read there
        log.debug("PDF page resources unreadable", exc_info=True)
        return False


def _page_list(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"page {shown}{more}" if len(numbers) == 1 else f"pages {shown}{more}"
