"""Diacritics put back on a question typed without them (retrieval/search/accents.py), by
the words of a real BM25 index of the sample article and the dictionary."""

from __future__ import annotations

import pytest

from retrieval.search.accents import lacks_diacritics, mostly_plain
from retrieval.search.lexical import LexicalIndex
from tests.conftest import SAMPLE_ARTICLE


@pytest.fixture(scope="module")
def sample() -> LexicalIndex:
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    return LexicalIndex.from_texts([("sample:0", text)])


@pytest.mark.parametrize(
    ("typed", "restored"),
    [
        ("nhiem vu trong tam nam 2018 la gi", "nhiệm vụ trọng tâm năm 2018 là gì"),
        ("bao nhieu tap the duoc tang giay khen?", "bao nhiêu tập thể được tặng giấy khen?"),
        # A question phrase is spelled as asked: "tháng mấy", not "thang máy" (a lift).
        (
            "thang may trien khai co so du lieu can bo dien tu?",
            "tháng mấy triển khai cơ sở dữ liệu cán bộ điện tử?",
        ),
        # What a question asks of an event, though the article writes "điện" more.
        ("hoi nghi tong ket dien ra vao ngay nao?", "hội nghị tổng kết diễn ra vào ngày nào?"),
        # A part of the year, and "until now", are spelled as asked: "đầu", not "đâu".
        ("tu dau nam den nay co bao nhieu tap the?", "từ đầu năm đến nay có bao nhiêu tập thể?"),
        # Capitals and what is not a word stay as typed.
        ("Ong Ma Xuan Viet giu chuc vu gi?", "Ông Ma Xuân Việt giữ chức vụ gì?"),
    ],
)
def test_a_question_typed_without_diacritics_reads_as_the_article_writes(
    sample: LexicalIndex, typed: str, restored: str
) -> None:
    assert sample.accents.restore(typed) == restored


def test_the_pair_the_articles_write_together_wins_over_the_commoner_syllable() -> None:
    # "máy" is in more chunks, but "dệt may" is what they write.
    texts = [(f"c:{k}", "Nhà máy mới có 20 máy dệt.") for k in range(5)]
    texts.append(("c:5", "Công ty Dệt may Phú An tổ chức hội nghị."))
    index = LexicalIndex.from_texts(texts)
    assert index.accents.restore("det may phu an") == "dệt may phú an"
    assert index.accents.restore("nha may moi") == "nhà máy mới"


def test_nothing_to_restore_is_none(sample: LexicalIndex) -> None:
    assert sample.accents.restore("ABC 2018 xyz") is None
    assert sample.accents.restore("") is None


def test_a_few_accented_words_are_kept_and_the_rest_restored(sample: LexicalIndex) -> None:
    typed = "nhiem vu trọng tâm nam 2018 la gi"
    assert mostly_plain(typed)
    assert sample.accents.restore(typed) == "nhiệm vụ trọng tâm năm 2018 là gì"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("nhiem vu trong tam nam 2018 la gi", True),
        ("nhiem vu trọng tâm nam 2018 la gi", True),
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", False),
        # English names have no diacritics to lose: three words of seven carry them.
        ("Tesla Electric Light & Manufacturing đã làm gì?", False),
        ("", False),
    ],
)
def test_what_was_typed_without_diacritics(question: str, plain: bool) -> None:
    assert mostly_plain(question) is plain


@pytest.mark.parametrize(
    ("question", "lacks"),
    [
        # mostly plain
        ("nhiem vu trong tam nam 2018 la gi", True),
        # most words accented, but "duoc" and "nguoi" are no syllable as typed
        ("Bao nhiêu tập thể duoc tặng giấy khen?", True),
        ("Những nguoi nào được tặng bằng khen năm 2017?", True),
        # typed with diacritics: its plain words are words as typed, or names
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", False),
        ("Ai chủ trì hội nghị trong năm 2018?", False),
        ("Ông Ma Xuân Việt giữ chức vụ gì?", False),
        # a plain word the sample never writes, with no accented spelling to give it
        ("Hội nghị có bàn về xyzzy không?", False),
    ],
)
def test_what_lacks_diacritics_in_part(sample: LexicalIndex, question: str, lacks: bool) -> None:
    assert lacks_diacritics(question, lambda: sample.accents) is lacks


def test_a_question_lacking_diacritics_on_a_few_words_has_those_restored(
    sample: LexicalIndex,
) -> None:
    typed = "Bao nhiêu tập thể duoc tặng giấy khen?"
    assert not mostly_plain(typed)
    assert sample.accents.restore(typed) == "Bao nhiêu tập thể được tặng giấy khen?"


def test_a_function_word_wins_over_the_syllable_every_article_has() -> None:
    # Every article names "Công ty Cổ phần …", yet a question's "co" is "có"; a time
    # phrase is spelled as asked ("mới nhất", which the articles may never write).
    texts = [
        (f"c:{k}", f"Năm 202{k}, Công ty Cổ phần Dệt may Phú An tôn vinh 20 người lao động.")
        for k in range(4)
    ]
    index = LexicalIndex.from_texts(texts)
    assert index.accents.restore("nam 2023 co bao nhieu nguoi lao dong duoc ton vinh") == (
        "năm 2023 có bao nhiêu người lao động được tôn vinh"
    )
    assert index.accents.restore("phu an ton vinh moi nhat") == "phú an tôn vinh mới nhất"
    assert index.accents.restore("cong ty co phan det may") == "công ty cổ phần dệt may"


def test_a_unit_typed_plain_after_a_count_stays_a_unit() -> None:
    # "hả" (a particle, commoner than any indexed word) read "bao nhiêu ha" as no area,
    # and the question was declined
    texts = [("c:0", "Diện tích chuyển đất trồng lúa sang đất phi nông nghiệp: 21,6 ha.")]
    index = LexicalIndex.from_texts(texts)
    assert index.accents.restore("chuyen bao nhieu ha dat lua") == "chuyển bao nhiêu ha đất lúa"
    assert index.accents.restore("dat lua 21,6 ha") == "đất lúa 21,6 ha"
