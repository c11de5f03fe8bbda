"""Vietnamese text for matching: normalize, fold, split_sentences."""

from __future__ import annotations

import itertools
import random
import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.language.text import (
    ABBREVIATIONS,
    fold,
    fold_plain,
    is_plain,
    normalize,
    retone,
    split_sentences,
)
from tests.conftest import SAMPLE_ARTICLE

SAMPLE = SAMPLE_ARTICLE


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


# --- normalize: tone marks -------------------------------------------------------------

# (typed with the tone on the second vowel, the news convention normalize produces)
TONE_PAIRS = [
    ("hoà", "hòa"),
    ("hoá", "hóa"),
    ("hoả", "hỏa"),
    ("hoã", "hõa"),
    ("hoạ", "họa"),
    ("hoè", "hòe"),
    ("khoẻ", "khỏe"),
    ("Khoẻ", "Khỏe"),
    ("xoè", "xòe"),
    ("uỷ", "ủy"),
    ("Uỷ", "Ủy"),
    ("UỶ", "ỦY"),
    ("thuỷ", "thủy"),
    ("Thuỷ", "Thủy"),
    ("THUỶ", "THỦY"),
    ("tuỳ", "tùy"),
    ("luỹ", "lũy"),
    ("huỵch", "huỵch"),  # closed syllable: unchanged on both sides
    ("oà", "òa"),
    ("HOÀ", "HÒA"),
    ("Hoà", "Hòa"),
    ("toà", "tòa"),
    ("xoá", "xóa"),
    # a tone on the u of "qu" or the i of "gi" belongs on the vowel after it
    ("qúy", "quý"),
    ("Qúy", "Quý"),
    ("QÚY", "QUÝ"),
    ("qủa", "quả"),
    ("gìa", "già"),
    ("gịêng", "giệng"),
]


@pytest.mark.parametrize(("typed", "news"), TONE_PAIRS)
def test_normalize_unifies_tone_placement(typed: str, news: str) -> None:
    assert normalize(typed) == news
    assert normalize(news) == news
    assert normalize(nfd(typed)) == news
    assert normalize(nfd(news)) == news


@pytest.mark.parametrize(
    ("typed", "news"),
    [
        ("hoà", "hòa"),
        ("uỷ ban", "ủy ban"),
        ("thuỷ", "thủy"),
        ("Khoẻ", "Khỏe"),
        ("Uỷ ban nhân dân tỉnh Thanh Hoá", "Ủy ban nhân dân tỉnh Thanh Hóa"),
        (
            "Thành uỷ TP.HCM; hoà bình, (thuỷ lợi) sức khoẻ!",
            "Thành ủy TP.HCM; hòa bình, (thủy lợi) sức khỏe!",
        ),
    ],
)
def test_normalize_tone_pairs_in_context(typed: str, news: str) -> None:
    assert normalize(typed) == normalize(news) == news
    assert normalize(nfd(typed)) == normalize(nfd(news)) == news


@pytest.mark.parametrize(
    "word",
    [
        # oa / oe / uy with a final consonant: both conventions put the tone on the last vowel
        "hoàn", "toán", "hoạch", "khoét", "huỳnh", "tuýt", "khoắng", "Hoàng",
        # other nuclei, including qu / gi onsets whose u / i are not vowels
        "thuận", "quyết", "quý", "Quý", "quỳ", "quả", "quà", "già", "giữa", "gì", "gìn",
        "giếng", "khuya", "khuỷu", "người", "mùa", "ngoài", "hoại", "tuổi", "ý",
        # English and mixed words
        "Toyota", "hoa", "Uy", "quy", "café", "résumé",
    ],
)  # fmt: skip
def test_normalize_leaves_other_syllables_alone(word: str) -> None:
    assert normalize(word) == word
    assert normalize(nfd(word)) == word


def test_retone_is_per_syllable_and_ignores_non_syllables() -> None:
    assert retone("hoà") == "hòa"
    assert retone("xyzoà") == "xyzoà"  # "xyz" is no Vietnamese onset
    assert retone("hoàà") == "hoàà"  # two tones
    assert normalize("hoàhoà") == "hoàhoà"  # not one syllable
    assert normalize("nghiêngoà") == "nghiêngoà"  # longer than any syllable


def test_normalize_tone_convention_is_identity_on_the_sample(sample: str) -> None:
    # The sample (VOH) writes "Thành ủy", "khóa XII": normalize changes only spaces.
    normalized = normalize(sample)
    spaced = re.sub(" {2,}", " ", sample.replace("\xa0", " "))
    assert normalized == re.sub(" ?\n ?", "\n", spaced).strip()
    assert "Thành ủy" in normalized and "khóa XII" in normalized


# --- normalize: spaces, invisible and control characters -------------------------------


def test_normalize_replaces_the_non_breaking_spaces_of_the_sample(sample: str) -> None:
    assert "\xa0" in sample
    normalized = normalize(sample)
    assert "\xa0" not in normalized
    assert "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị." in normalized
    assert "xây dựng đảng trong năm 2017" in normalized  # a double space in the source
    assert normalized.count("\n\n") == sample.count("\n\n")  # paragraphs kept
    assert unicodedata.is_normalized("NFC", normalized)


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u202f", "\u2007", "\u2002", "\u2003", "\u2009", "\u3000", "\t"]
)
def test_normalize_unicode_spaces(space: str) -> None:
    assert normalize(f"Thành{space}ủy") == "Thành ủy"
    assert normalize(f"{space}Thành {space} ủy{space}") == "Thành ủy"


def test_normalize_every_unicode_space_becomes_a_space() -> None:
    line_breaks = {"\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for space in spaces:
        expected = "a\nb" if space in line_breaks else "a b"
        assert normalize(f"a{space}b") == expected, hex(ord(space))


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_normalize_removes_zero_width_characters(invisible: str) -> None:
    assert normalize(f"Nhiệm{invisible} vụ {invisible}trọng tâm{invisible}") == "Nhiệm vụ trọng tâm"
    assert normalize(f"tr{invisible}ọng") == "trọng"


def test_normalize_removes_every_format_and_control_character_but_newlines() -> None:
    removable = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cf", "Cc") and not chr(c).isspace()
    ]
    assert normalize("x".join(removable)) == "x" * (len(removable) - 1)
    assert normalize("a\x00b\x07c\nd\x1be\x7f") == "abc\nde"


def test_normalize_joiner_between_letter_and_accent_does_not_block_composition() -> None:
    assert normalize("tro\u200d\u0323ng") == "trọng"


def test_normalize_line_endings_and_space_runs() -> None:
    assert normalize("  Dòng một  \r\n  dòng   hai \r dòng ba\u2028x  ") == (
        "Dòng một\ndòng hai\ndòng ba\nx"
    )
    assert normalize("Đoạn một.\n\nĐoạn hai.") == "Đoạn một.\n\nĐoạn hai."
    assert normalize("") == ""
    assert normalize(" \u00a0\u200b\n\t ") == ""


def test_normalize_keeps_case_and_nfc() -> None:
    assert normalize("ĐẢNG Đảng đảng") == "ĐẢNG Đảng đảng"
    assert normalize(nfd("Nhiệm vụ trọng tâm năm 2018")) == "Nhiệm vụ trọng tâm năm 2018"


def test_normalize_is_idempotent_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "hoàuỷthqúygìaeĐđ \u00a0\u200b\n\r\t.,\u0301\u0323\x00Ủ" + "aeiouy"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        once = normalize(text)
        assert normalize(once) == once
        assert normalize(nfd(text)) == once
        assert once == once.strip()
        assert "  " not in once


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nhiệm vụ trọng tâm", "nhiem vu trong tam"),
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", "nhiem vu trong tam nam 2018 la gi?"),
        ("Đảng ĐẢNG đảng", "dang dang dang"),
        ("Thành ủy TP.HCM", "thanh uy tp.hcm"),
        ("Thành uỷ\u00a0TPHCM", "thanh uy tphcm"),
        ("Người ƯỚC MƠ ơn ăn ân", "nguoi uoc mo on an an"),
        ("Ðà Nẵng", "da nang"),  # eth standing in for Đ, as in legacy conversions
        ("nhiem vu", "nhiem vu"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_fold_every_vietnamese_letter_is_ascii() -> None:
    bases = "aăâeêioôơuưy"
    letters = [
        unicodedata.normalize("NFC", base + tone)
        for base in bases
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    ]
    text = "".join(letters) + "đ"
    text += text.upper()
    assert len(text) == 2 * (len(bases) * 6 + 1)
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()


def test_fold_is_the_same_for_both_conventions() -> None:
    for typed, news in TONE_PAIRS:
        assert fold(typed) == fold(news)


# --- split_sentences -------------------------------------------------------------------


def test_split_sentences_example_from_the_brief() -> None:
    text = "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị. Ông Nguyễn V. A. phát biểu."
    assert sentences(text) == [
        "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị.",
        "Ông Nguyễn V. A. phát biểu.",
    ]


# Each is one sentence, usually with an uppercase word right after the construct.
ONE_SENTENCE = [
    "Thành ủy TP.HCM tổ chức hội nghị tổng kết.",
    "Hội nghị diễn ra tại TP. HCM vào sáng nay.",
    "Trụ sở đặt tại Q.1, gần chợ Bến Thành.",
    "Trụ sở đặt tại Q. 1, gần chợ Bến Thành.",
    "Gia đình ông sống ở P.5, Q. Bình Thạnh.",
    "Ông sống ở P. 5, TP. Hồ Chí Minh từ năm 1990.",
    "Sáng 8/2, hội nghị tổng kết công tác năm 2017 được tổ chức.",
    "Quy hoạch cán bộ giai đoạn 2020-2025 được bổ sung.",
    "Dự án có tổng vốn 1.000 tỷ đồng.",
    "Lãi suất tăng 3,5% so với cùng kỳ.",
    "Nhiệt độ trung bình là 36.5 độ C trong tháng 7.",
    "Các mặt hàng như gạo, cà phê, v.v. đều tăng giá.",
    "Th.S Nguyễn Văn B trình bày báo cáo.",
    "ThS. Trần Thị C là giảng viên chính.",
    "PGS.TS. Nguyễn Văn A làm chủ nhiệm đề tài.",
    "GS. Ngô Bảo Châu nhận giải thưởng Fields năm 2010.",
    "TS. Lê Thị B phát biểu tại hội thảo.",
    "GS.TSKH. Trần Văn D là cố vấn.",
    "Dr. Smith đến Hà Nội tuần trước.",
    "Thành phố St. Petersburg nằm ở Nga.",
    "Mr. Bean rất được yêu thích.",
    "Tp. Thủ Đức được thành lập năm 2021.",
    "Số liệu lấy từ Tr. 45 của báo cáo.",
    "Sách do Nxb. Trẻ phát hành năm 2019.",
    "Ông Nguyễn V. A. phát biểu tại hội nghị.",
    "Bà Trần T. B. Hương được khen thưởng.",
    "Ông Lê Đ. Ân nhận nhiệm vụ mới.",
    "Bà Trần Ê. Ánh nhận nhiệm vụ mới.",
    "Nhà văn J. R. R. Tolkien viết Chúa tể những chiếc nhẫn.",
    "Vi khuẩn H. Pylori gây viêm loét dạ dày.",
    "Xem chi tiết tại https://voh.com.vn/Tin-Tuc/Bai-Viet.html?Id=3&P=2 để biết thêm.",
    "Truy cập www.VOH.com.vn để biết thêm chi tiết.",
    "Gửi góp ý về ban.BienTap@voh.com.vn hoặc gọi tổng đài.",
    "Ông ấy ngập ngừng… rồi nói tiếp về kế hoạch.",
    "Chờ... ông ấy sẽ đến ngay.",
    'Ông hỏi: "Vậy sao?" rồi im lặng.',
    "Ông nói “không!” và bỏ đi.",
    "Đồng chí Nguyễn Thiện Nhân,Ủy viên Bộ Chính trị phát biểu.",
    # signing for someone, a specialist doctor's degree
    "2. Phó Viện trưởng ký thay (KT.) Viện trưởng các văn bản thuộc lĩnh vực phụ trách.",
    "3. Chánh Văn phòng ký thừa lệnh (TL.) Viện trưởng các giấy mời, giấy giới thiệu.",
    "Bác sĩ BSCKII. Trương Quốc Hưng cho biết bé đã tự thở.",
]


@pytest.mark.parametrize("text", ONE_SENTENCE)
def test_split_sentences_does_not_cut(text: str) -> None:
    assert sentences(text) == [text]
    assert sentences(nfd(text)) == [nfd(text)]
    # and the construct does not swallow the boundary of the next sentence
    assert sentences(f"{text} Ông B cho biết thêm.") == [text, "Ông B cho biết thêm."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hết rồi! Ông đi về.", ["Hết rồi!", "Ông đi về."]),
        ("Thật sao? Đúng vậy.", ["Thật sao?", "Đúng vậy."]),
        ("Đợi đã!!! Ừ?! Được.", ["Đợi đã!!!", "Ừ?!", "Được."]),
        ("Ông chờ… Bà đến.", ["Ông chờ…", "Bà đến."]),
        ("Ông chờ... Bà đến.", ["Ông chờ...", "Bà đến."]),
        ('Ông nói: "Tốt." Sau đó ông đi.', ['Ông nói: "Tốt."', "Sau đó ông đi."]),
        ("Ông nói: “Tốt.” Sau đó ông đi.", ["Ông nói: “Tốt.”", "Sau đó ông đi."]),
        ("(Ảnh: VOH.) Hội nghị bắt đầu.", ["(Ảnh: VOH.)", "Hội nghị bắt đầu."]),
        (
            'Ông phát biểu. "Chất lượng là trên hết".',
            ["Ông phát biểu.", '"Chất lượng là trên hết".'],
        ),
        (
            "Ông phát biểu. “Chất lượng” là trên hết.",
            ["Ông phát biểu.", "“Chất lượng” là trên hết."],
        ),
        ("Năm 2017. 10 tập thể được khen.", ["Năm 2017.", "10 tập thể được khen."]),
        ("Hội nghị diễn ra ở TP.HCM. Ông A dự.", ["Hội nghị diễn ra ở TP.HCM.", "Ông A dự."]),
        ("Ông đến từ Q.1. Bà ở Q.3.", ["Ông đến từ Q.1.", "Bà ở Q.3."]),
        ("Gồm gạo, cà phê, v.v. Ông A nói vậy.", ["Gồm gạo, cà phê, v.v.", "Ông A nói vậy."]),
        ("Xem www.voh.com.vn. Ông A nói.", ["Xem www.voh.com.vn.", "Ông A nói."]),
        ("Dòng một\nDòng hai", ["Dòng một", "Dòng hai"]),
        ("không chấm\n\n\nvẫn tách", ["không chấm", "vẫn tách"]),
        ("Câu một.\r\nCâu hai.", ["Câu một.", "Câu hai."]),
        ("Câu một.\u00a0Câu hai.", ["Câu một.", "Câu hai."]),
        ("năm nay. còn tiếp", ["năm nay. còn tiếp"]),  # lowercase: not a new sentence
        ("1. Tăng cường công tác cán bộ.", ["1. Tăng cường công tác cán bộ."]),  # list marker
        ("II. Nhiệm vụ năm 2018", ["II. Nhiệm vụ năm 2018"]),
        # a numbered list inside one sentence is that sentence: its markers open points
        (
            "Hình thức kỷ luật gồm: 1. Khiển trách; 2. Cách chức; 3. Sa thải. Ông A nói.",
            ["Hình thức kỷ luật gồm: 1. Khiển trách; 2. Cách chức; 3. Sa thải.", "Ông A nói."],
        ),
        ("Gồm: a. Khen; b. Chê. Hết.", ["Gồm: a. Khen; b. Chê.", "Hết."]),
        # … but a number ending a sentence after a colon, with no points after it, ends it
        ("Tỷ số chung cuộc: 2. Đội nhà thắng.", ["Tỷ số chung cuộc: 2.", "Đội nhà thắng."]),
        ("Năm nay có 2. Ông A nói.", ["Năm nay có 2.", "Ông A nói."]),
        # a provision copied from a PDF: its first clause's number opens the clause, and
        # its lettered points run on one line are sentences of their own, as on lines
        (
            "Điều 36. Điều kiện dự tuyển 1. Người có đủ các điều kiện sau đây được đăng ký: "
            "a) Có quốc tịch Việt Nam; b) Đủ 18 tuổi trở lên; c) Có lý lịch rõ ràng. 2. Hết.",
            ["Điều 36.", "Điều kiện dự tuyển",
             "1. Người có đủ các điều kiện sau đây được đăng ký:", "a) Có quốc tịch Việt Nam;",
             "b) Đủ 18 tuổi trở lên;", "c) Có lý lịch rõ ràng.", "2. Hết."],
        ),
        ("Theo Điều 1. Phạm vi điều chỉnh.", ["Theo Điều 1.", "Phạm vi điều chỉnh."]),
        # a code after a lowercase word before the next clause's number ends its sentence
        (
            "đ) Người đủ 27 tuổi được cấp giấy phép lái xe hạng D. 2. Tuổi tối đa là 57.",
            ["đ) Người đủ 27 tuổi được cấp giấy phép lái xe hạng D.", "2. Tuổi tối đa là 57."],
        ),
    ],
)  # fmt: skip
def test_split_sentences_cuts(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("capital", list("ĐƯƠÂÊÔĂÁÀẢÃẠỦÝÍÓÉẤỪ"))
def test_split_sentences_vietnamese_capitals_start_sentences(capital: str) -> None:
    text = f"Hội nghị kết thúc. {capital}ông việc tiếp tục."
    assert sentences(text) == ["Hội nghị kết thúc.", f"{capital}ông việc tiếp tục."]
    assert len(split_sentences(nfd(text))) == 2


def test_split_sentences_abbreviations_are_lowercase_data() -> None:
    assert isinstance(ABBREVIATIONS, frozenset)
    assert all(a == a.lower() and "." not in a for a in ABBREVIATIONS)


def test_split_sentences_sample(sample: str) -> None:
    spans = split_sentences(sample)
    texts = [sample[a:b] for a, b in spans]
    assert len(spans) == 17
    assert texts[0] == "Chờ..."
    assert texts[2].startswith("(VOH) - Sáng 8/2, Thành ủy TPHCM") and texts[2].endswith("2018.")
    first = texts.index(next(t for t in texts if t.startswith("Báo cáo")))
    assert texts[first].endswith("được nâng lên.")
    assert texts[first + 1].startswith("Đồng thời,")
    assert any(t.startswith('"Chất lượng công tác cán bộ') for t in texts)
    assert "Đánh giá cao những kết quả" in texts[-4] and texts[-4].endswith("bản lề.")
    _check_spans(sample, spans)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert text[position:start].strip() == ""  # nothing but space between sentences
        piece = text[start:end]
        assert piece == piece.strip() and "\n" not in piece
        position = end
    assert text[position:].strip() == ""


POOL = [
    "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị.",
    "Ông Nguyễn V. A. phát biểu!",
    "PGS.TS. Lê Văn B nói: “Chất lượng là trên hết.”",
    "Giá tăng 3,5% lên 1.000 đồng?",
    "Giai đoạn 2020-2025… còn nhiều việc",
    "Xem www.voh.com.vn hoặc gửi thư về a.b@voh.com.vn.",
    "Tại Q. 1 và P.5, v.v. đều có.",
    "Ủy ban nhân dân họp",
    "1.",
    "ĐẠI HỘI THÀNH CÔNG.",
    "😀 🇻🇳 👨‍👩‍👧",
    "",
]
SEPARATORS = [" ", "  ", "\u00a0", "\n", "\n\n", "\t", " \n ", "", "\r\n"]


def random_text(rng: random.Random, pool: list[str], separators: list[str], count: int) -> str:
    parts = [rng.choice(separators)]
    for _ in range(count):
        parts += (rng.choice(pool), rng.choice(separators))
    return "".join(parts)


def test_split_sentences_invariants_on_random_texts() -> None:
    rng = random.Random(20240208)
    for _ in range(400):
        text = random_text(rng, POOL, SEPARATORS, rng.randrange(12))
        if rng.random() < 0.3:
            text = nfd(text)
        spans = split_sentences(text)
        _check_spans(text, spans)
        assert split_sentences(text) == spans  # deterministic


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n" * 50,
        " \n\t\u00a0\n ",
        "không có dấu câu nào cả " * 100,
        "😀😀 👨‍👩‍👧 🇻🇳. 😀!",
        "a" + "\u0301" * 200 + ". Ông",
        "\u0301\u0323",
        "x" * 20_000,
        "." * 5_000,
        "?!" * 3_000 + " Ông",
        "\u200b\u200b",
    ],
)
def test_split_sentences_pathological(text: str) -> None:
    _check_spans(text, split_sentences(text))


def test_split_sentences_no_punctuation_is_one_sentence() -> None:
    text = "không có dấu câu nào cả " * 100
    assert split_sentences(text) == [(0, len(text) - 1)]


@pytest.mark.slow
def test_split_sentences_million_characters(sample: str) -> None:
    # Must be linear: a quadratic scan would take minutes here.
    text = (sample + "\n\n") * (1_000_000 // len(sample) + 1)
    assert len(split_sentences(text)) == 17 * text.count("Chờ...")
    for text in ("." * 1_000_000, "Ông TP. " * 125_000, "a " * 500_000, "oà" * 500_000):
        _check_spans(text, split_sentences(text))
        assert normalize(text) == normalize(normalize(text))


def test_plain_characters_fold_and_normalise_one_at_a_time() -> None:
    """What `is_plain` promises rests on its characters: each NFC alone and with any
    neighbour, its case pairs plain too, folded to one character of its kind."""
    plain = [chr(c) for c in range(0x21, 0x2100) if is_plain(chr(c))]
    assert len(plain) > 200  # ASCII, Vietnamese letters, punctuation
    for char in plain:
        assert normalize(char) == char
        for cased in (char.lower(), char.upper()):
            assert len(cased) == 1 and is_plain(cased)
        assert char.upper().lower() == char.lower()
        folded = fold(char)
        assert len(folded) == 1 and folded.isalpha() == char.isalpha()
        assert folded.isdigit() == char.isdigit()
    pairs = ("".join(pair) for pair in itertools.product(plain, repeat=2))
    assert all(unicodedata.is_normalized("NFC", pair) for pair in pairs)


@given(
    st.text(
        alphabet=st.sampled_from(list("aAoOuUqQgGiIyYđĐ hòàáảãạèéẽỳýỷỹỵùúìí,.\n\t\u00a0\u0301")),
        max_size=30,
    )
)
def test_plain_text_is_its_own_normal_form(text: str) -> None:
    if is_plain(text):
        assert normalize(text) == text
    if is_plain(text, any_spaces=True):  # plain once its whitespace runs are single spaces
        tidied = " ".join(text.split())
        assert normalize(tidied) == tidied and (is_plain(tidied) or not tidied)


@given(
    st.text(
        alphabet=st.sampled_from(list("aAoOuUqQgGiIyYđĐ hòàáảãạèéẽỳýỷỹỵùúìíƯỨỮ2,.\n\t\u0301")),
        max_size=30,
    )
)
def test_fold_plain_is_fold_on_plain_text(text: str) -> None:
    if is_plain(text):
        assert fold_plain(text) == fold(text)
    if is_plain(text, any_spaces=True):  # the same words, the spaces left as they were
        assert fold_plain(text).split() == fold(text).split()
