"""A question that offers its answers ("… là quận hay huyện?") is answered by the option
the sentence says (retrieval/answers/choice.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.choice import chosen_option, options

SENTENCE = "Bà Nguyễn Thị Thu Hà, Bí thư Quận ủy quận Bình Thạnh cho rằng điều quan trọng."


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("Bình Thạnh là quận hay huyện?", ("quận", "huyện")),
        ("Hội nghị họp buổi sáng hay buổi chiều?", ("buổi sáng", "buổi chiều")),
        ("binh thanh la quan hay huyen", ("quan", "huyen")),
        # yes or no, or "hay" inside the question: no options
        ("Sinh viên có được học lại hay không?", None),
        ("Nam hay nữ được ưu tiên?", None),
        ("Hội nghị bàn về việc gì?", None),
    ],
)
def test_the_options_a_question_offers(question: str, offered: tuple[str, str] | None) -> None:
    assert options(question) == offered


@pytest.mark.parametrize(
    "question", ["Bình Thạnh là quận hay huyện?", "binh thanh la quan hay huyen?"]
)
def test_the_option_the_sentence_says_nearest_the_questions_words(question: str) -> None:
    span = chosen_option(question, SENTENCE)
    assert span is not None and span[0] == SENTENCE.index("quận Bình")
    assert SENTENCE[span[0] : span[1]] == "quận"


def test_no_option_when_the_sentence_says_both_or_neither() -> None:
    assert chosen_option("Đây là quận hay huyện?", "Quận 8 và huyện Củ Chi cùng dự.") is None
    assert chosen_option("Hội nghị họp buổi sáng hay buổi chiều?", SENTENCE) is None
    # written with diacritics, "quan" of "quan trọng" is not the option "quận"
    assert chosen_option("Đây là quận hay huyện?", "Điều quan trọng nhất.") is None
