"""The figure asked among several of one sentence: "xã Lâm Xuyên 3,94%" is the commune's
name and its figure, not a name "Lâm Xuyên 3" (answers/names.py); "giảm từ 3,12% xuống
còn 2,05%" is now 2,05% (answers/parts_asked.py). Pure functions: no model, no index."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.names import capitalised_runs
from tests.retrieval.answers.passage import passage

REPORT = (
    "Công tác giảm nghèo: Tỷ lệ hộ nghèo toàn huyện giảm từ 3,12% xuống còn 2,05%; tỷ lệ hộ "
    "cận nghèo còn 3,46%. Tỷ lệ hộ nghèo tại một số đơn vị như sau: thị trấn Phú Lâm 0,54%, "
    "xã Phú Hòa 0,86%, xã Lâm Xuyên 3,94% và xã Đồng Tâm 4,87%."
)
TITLE = "Báo cáo kinh tế - xã hội năm 2024 của huyện Phú Lâm"


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Xã Lâm Xuyên có tỷ lệ hộ nghèo bao nhiêu?", "3,94%"),
        ("Tỷ lệ hộ nghèo của xã Đồng Tâm là bao nhiêu?", "4,87%"),
        # a value asked, not its change: the level it came down to (parts_asked.level_asked)
        ("Tỷ lệ hộ nghèo toàn huyện là bao nhiêu?", "2,05%"),
        ("Tỷ lệ hộ cận nghèo là bao nhiêu?", "3,46%"),
    ],
)
def test_the_sentence_naming_the_place_asked_answers(question: str, phrase: str) -> None:
    found = extract(question, [passage(REPORT, title=TITLE)], dense=[0.9])
    assert found.short is not None and found.short.text == phrase, found.text


def test_a_figure_after_a_name_is_not_its_number() -> None:
    text = "xã Lâm Xuyên 3,94% và Super Bowl 50 tại Quận 8"
    runs = [text[a:b] for a, b in capitalised_runs(text)]
    assert "Lâm Xuyên" in runs and "Super Bowl 50" in runs


def test_a_counted_noun_of_three_syllables_is_shown_whole() -> None:
    text = "Giải có sự tham gia của 6.800 vận động viên đến từ 18 tỉnh, thành phố."
    found = extract(
        "Giải có bao nhiêu vận động viên tham gia?", [passage(text, title="Giải chạy")], dense=[0.9]
    )
    assert found.short is not None and found.short.text == "6.800 vận động viên"
