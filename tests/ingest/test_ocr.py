"""OCR of scanned pages and photos (ingest.ocr, ingest.formats.image, scanned PDF pages):
pages rendered here from Vietnamese text with Pillow, read by the real Tesseract.

Tests that need Tesseract skip, naming the Debian packages, on a machine without it; CI
(`.ci/run`) installs them, so there they run for real.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.formats.common import Limits
from ingest.formats.image import load_image
from ingest.loaders import SUPPORTED_EXTENSIONS, LoadError, load_file
from ingest.ocr import OcrError, OcrOptions

FONT = Path(__file__).resolve().parent.parent / "data" / "fonts" / "DejaVuSans-vi.ttf"
MAX_BYTES = 50 * 1024 * 1024
MISSING = OcrOptions(command="/nonexistent/bin/tesseract")


def _tesseract_missing() -> str:
    try:
        ocr.check_available(ocr.DEFAULT_OPTIONS)
    except OcrError as exc:
        return str(exc)
    return ""


needs_tesseract = pytest.mark.skipif(
    bool(_tesseract_missing()),
    reason="Tesseract with Vietnamese data is not installed (Debian packages tesseract-ocr "
    "and tesseract-ocr-vie; .ci/run installs them)",
)

# A page of a regulation, with facts whose answers the tests look for.
PAGE_TEXT = [
    "QUY CHẾ ĐÀO TẠO TRÌNH ĐỘ ĐẠI HỌC",
    "",
    "Điều 5. Học phí và học bổng",
    "Sinh viên hệ chính quy đóng học phí theo từng học kỳ, mức thu năm học",
    "2024-2025 là 18,5 triệu đồng cho mỗi sinh viên. Học bổng khuyến khích",
    "học tập được xét cho sinh viên có điểm trung bình từ 3,2 trở lên.",
    "",
    "Điều 6. Thời gian đào tạo",
    "Thời gian đào tạo tối đa không vượt quá hai lần thời gian thiết kế của",
    "chương trình. Ủy ban kiểm tra của nhà trường rà soát kết quả vào tháng 12",
    "hằng năm và công bố danh sách sinh viên bị cảnh báo học vụ.",
]
SECOND_PAGE = [
    "Điều 7. Khen thưởng",
    "Sinh viên đạt giải nhất cuộc thi nghiên cứu khoa học cấp trường được",
    "thưởng 5 triệu đồng và được cộng điểm rèn luyện.",
]


def render_page(lines: list[str], *, size: int = 28, width: int = 1700) -> Image.Image:
    """A clean page image of `lines` (a blank string: a paragraph break), black on white,
    about what a 200 dpi scan of 12-point text looks like."""
    font = ImageFont.truetype(str(FONT), size)
    step = int(size * 1.6)
    height = 2 * 120 + step * len(lines)
    image = Image.new("L", (width, max(height, 400)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        if line:
            draw.text((110, 120 + i * step), line, font=font, fill=0)
    return image


def expected(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / reference length, after NFC and with runs of
    whitespace as one space."""
    ref = " ".join(unicodedata.normalize("NFC", reference).split())
    hyp = " ".join(unicodedata.normalize("NFC", hypothesis).split())
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, start=1):
        current = [i]
        for j, b in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / max(1, len(ref))


def test_cer_is_an_edit_distance():
    assert cer("abc", "abc") == 0
    assert cer("abcd", "abxd") == 0.25
    assert cer("nhiệm", "nhiem") == 0.2  # a lost tone mark is one error
    assert cer("a  b\n", "a b") == 0


# --- reading pictures -----------------------------------------------------------------------


@needs_tesseract
@pytest.mark.parametrize("size", [28, 20])
def test_clean_render_is_read_within_three_percent_cer(size: int):
    text = ocr.read_image(render_page(PAGE_TEXT, size=size))
    error = cer(expected(PAGE_TEXT), text)
    print(f"CER at {size} px: {error:.4f}")
    assert error <= 0.03, text
    # Paragraphs survive: the title and each Điều start their own.
    assert "\n\nĐiều 6." in text


@needs_tesseract
def test_small_image_is_enlarged_before_reading():
    """A screenshot-sized picture (14 px letters) is read too: it is scaled up first."""
    image = render_page(PAGE_TEXT[2:6], size=14, width=700)
    assert max(image.size) < 1000
    text = ocr.read_image(image)
    assert cer(expected(PAGE_TEXT[2:6]), text) <= 0.05, text


@needs_tesseract
def test_picture_without_text_reads_as_nothing():
    blank = Image.new("L", (1200, 1600), 255)
    scene = Image.new("RGB", (1000, 700), (120, 180, 220))
    draw = ImageDraw.Draw(scene)
    for i in range(10):
        draw.ellipse((i * 90, 200 + i * 20, i * 90 + 150, 400 + i * 10), fill=(30 * i, 100, 50))
    noise = Image.effect_noise((800, 800), 120)
    for picture in (blank, scene, noise):
        assert ocr.read_image(picture) == ""


def test_missing_tesseract_names_the_packages():
    with pytest.raises(ocr.OcrUnavailable) as caught:
        ocr.read_image(render_page(["Xin chào"]), MISSING)
    message = str(caught.value)
    assert "tesseract-ocr" in message and "tesseract-ocr-vie" in message
    assert "TESSERACT_CMD=/nonexistent/bin/tesseract" in message


@needs_tesseract
def test_slow_page_is_stopped_at_the_timeout():
    options = OcrOptions(timeout=0.01)
    started = time.monotonic()
    with pytest.raises(OcrError, match=r"OCR_TIMEOUT_SECONDS=0\.01"):
        ocr.read_image(render_page(PAGE_TEXT), options)
    assert time.monotonic() - started < 5


# --- image files ----------------------------------------------------------------------------


def test_image_extensions_are_ingested():
    assert {".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= SUPPORTED_EXTENSIONS


@needs_tesseract
@pytest.mark.parametrize("name", ["quy-che.png", "quy-che.JPG", "quy-che.tiff"])
def test_image_file_becomes_an_article_marked_ocr(tmp_path: Path, name: str):
    path = tmp_path / name
    image = render_page(PAGE_TEXT)
    if name.lower().endswith(".jpg"):
        image.save(path, format="JPEG", quality=85)  # a photo's compression
    else:
        image.save(path)
    result = load_file(path, max_bytes=MAX_BYTES)
    (article,) = result.articles
    assert not result.warnings
    assert article.title == "QUY CHẾ ĐÀO TẠO TRÌNH ĐỘ ĐẠI HỌC"
    assert "18,5 triệu đồng" in article.text
    assert article.pages == (0,) and article.ocr_pages == (1,)


@needs_tesseract
def test_multi_page_tiff_keeps_its_page_numbers(tmp_path: Path):
    path = tmp_path / "scan.tif"
    first, second = render_page(PAGE_TEXT), render_page(SECOND_PAGE)
    first.save(path, save_all=True, append_images=[second], compression="tiff_lzw")
    (article,) = load_file(path, max_bytes=MAX_BYTES).articles
    assert article.ocr_pages == (1, 2)
    assert len(article.pages) == 2
    at = article.text.index("thưởng 5 triệu đồng")
    assert at >= article.pages[1] > article.text.index("18,5 triệu đồng")


@needs_tesseract
def test_image_without_text_is_refused_with_a_reason(tmp_path: Path):
    path = tmp_path / "trang-trang.png"
    Image.new("L", (1240, 1754), 255).save(path)
    with pytest.raises(LoadError, match="no text found in the image"):
        load_file(path, max_bytes=MAX_BYTES)


def test_image_file_without_tesseract_names_the_packages(tmp_path: Path):
    path = tmp_path / "anh.png"
    render_page(PAGE_TEXT).save(path)
    with pytest.raises(LoadError, match="tesseract-ocr and tesseract-ocr-vie"):
        load_image(path, Limits(ocr=MISSING))


@needs_tesseract
def test_damaged_and_huge_images_are_refused(tmp_path: Path):
    damaged = tmp_path / "hong.png"
    good = tmp_path / "good.png"
    render_page(PAGE_TEXT).save(good)
    damaged.write_bytes(good.read_bytes()[:300])
    with pytest.raises(LoadError, match=r"damaged|cannot|not an image"):
        load_file(damaged, max_bytes=MAX_BYTES)
    not_image = tmp_path / "text.jpg"
    not_image.write_text("Đây không phải là ảnh", encoding="utf-8")
    with pytest.raises(LoadError, match="not an image"):
        load_file(not_image, max_bytes=MAX_BYTES)
    # 12,000 x 12,000 pixels in a few kilobytes: refused before it is decoded.
    huge = tmp_path / "lon.png"
    Image.new("1", (12_000, 12_000), 1).save(huge, optimize=True)
    assert huge.stat().st_size < 1_000_000
    with pytest.raises(LoadError, match="too large"):
        load_file(huge, max_bytes=MAX_BYTES)


@needs_tesseract
def test_tiff_with_more_pages_than_the_cap_is_refused(tmp_path: Path):
    path = tmp_path / "dai.tif"
    page = render_page(SECOND_PAGE)
    page.save(path, save_all=True, append_images=[page] * 4)
    started = time.monotonic()
    with pytest.raises(LoadError, match=r"5 pages.*OCR_MAX_PAGES=3"):
        load_image(path, Limits(ocr=OcrOptions(max_pages=3)))
    assert time.monotonic() - started < 3  # refused before any page is read
