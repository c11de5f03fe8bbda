"""OCR throughput (pages/s) and character error rate on rendered Vietnamese pages.

    python bench/bench_ocr.py [--pages 12] [--size 24] [--pdf]

Each page is an A4 page at 200 dpi (1654 x 2339 px) of real Vietnamese text (xquad_vi
paragraphs from bench/corpus, CC BY-SA 4.0), wrapped to the width and drawn black on white
with DejaVu Sans (tests/data/fonts) at `--size` px (24 px at 200 dpi is about 9 pt;
36 px about 13 pt). Every page is read by `ingest.ocr.read_image` (Tesseract `vie`, one
process per page), and its text compared with what was drawn: CER = edit distance /
characters drawn, whitespace runs as one space, NFC. `--pdf` also times the scanned-PDF
path end to end: all pages in one image-only PDF through `ingest.loaders.load_file`.
Needs Tesseract (Debian packages tesseract-ocr, tesseract-ocr-vie).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.loaders import load_file
from tests.ingest.test_ocr import FONT, cer

PASSAGES = REPO / "bench" / "corpus" / "xquad_vi" / "passages.jsonl"
# What the test font has glyphs for (tests/data/fonts/LICENSE: Latin, Vietnamese, dashes and
# quotes); the few Greek letters and math signs of the passages are left out, since they
# would be drawn as empty boxes that no OCR can read.
DRAWABLE = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EF9), (0x2010, 0x2026))


def drawable(text: str) -> str:
    return "".join(ch for ch in text if ch.isspace() or any(a <= ord(ch) <= b for a, b in DRAWABLE))


WIDTH, HEIGHT, MARGIN = 1654, 2339, 150


def page_lines(paragraphs: list[str], font: ImageFont.FreeTypeFont, size: int) -> list[str]:
    """Lines of the paragraphs wrapped to the page's width, a blank line between
    paragraphs, as many as fit on one page."""
    room = (HEIGHT - 2 * MARGIN) // int(size * 1.5)
    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= WIDTH - 2 * MARGIN:
                line = candidate
                continue
            lines.append(line)
            line = word
        lines.extend([line, ""])
        if len(lines) >= room:
            break
    return lines[:room]


def render(lines: list[str], font: ImageFont.FreeTypeFont, size: int) -> Image.Image:
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + i * int(size * 1.5)), line, font=font, fill=0)
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--size", type=int, default=24, help="letter size in pixels")
    parser.add_argument("--pdf", action="store_true", help="also time a scanned PDF")
    args = parser.parse_args()
    ocr.check_available()
    font = ImageFont.truetype(str(FONT), args.size)
    texts = [drawable(json.loads(line)["text"]) for line in PASSAGES.open(encoding="utf-8")]
    pages: list[tuple[Image.Image, str]] = []
    at = 0
    for _ in range(args.pages):
        lines = page_lines(texts[at : at + 12], font, args.size)
        at += sum(1 for line in lines if not line)  # paragraphs used
        drawn = " ".join(" ".join(lines).split())
        pages.append((render(lines, font, args.size), drawn))

    errors: list[float] = []
    characters = 0
    started = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    for image, drawn in pages:
        errors.append(cer(drawn, ocr.read_image(image)))
        characters += len(drawn)
    seconds = time.perf_counter() - started
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu
    print(
        f"{len(pages)} pages ({characters / len(pages):,.0f} characters each, {args.size} px"
        f" letters): {len(pages) / seconds:.2f} pages/s ({seconds / len(pages):.2f} s/page;"
        f" Tesseract's CPU time {cpu / len(pages):.2f} s/page)"
    )
    print(
        f"CER: mean {statistics.mean(errors):.2%}, median {statistics.median(errors):.2%},"
        f" worst {max(errors):.2%}"
    )
    if args.pdf:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scan.pdf"
            out = io.BytesIO()
            first, *rest = [image for image, _ in pages]
            first.save(out, format="PDF", save_all=True, append_images=rest, resolution=200.0)
            path.write_bytes(out.getvalue())
            size = path.stat().st_size
            started = time.perf_counter()
            (article,) = load_file(path, max_bytes=1 << 30).articles
            seconds = time.perf_counter() - started
        print(
            f"scanned PDF of {len(pages)} pages ({size / 1e6:.1f} MB) through load_file:"
            f" {len(pages) / seconds:.2f} pages/s, {len(article.ocr_pages)} pages read by OCR"
        )


if __name__ == "__main__":
    main()
