"""What the asked thing is the object of: the words right before the question word
(answers/asked_words.predicate)."""

from __future__ import annotations

import pytest

from retrieval.answers.asked_words import predicate
from retrieval.answers.sentences import _query


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Phú An phát động gì?", {"phat", "dong"}),
        ("Tháng 5 năm ngoái Phú An tổ chức lễ gì?", {"to", "chuc", "le"}),
        ("Lady Gaga đã hát bài gì?", {"hat", "bai"}),
        ("Chủ đề của tháng hành động là gì?", set()),  # "là gì": what it is, no deed
        ("Bộ trưởng gặp Nguyễn Văn An ở đâu?", set()),  # a name before "ở đâu"
        ("Gì đây?", set()),  # nothing before the question word
    ],
)
def test_the_words_before_the_question_word(question: str, words: set[str]) -> None:
    assert predicate(question, _query(question).folded) == words
