"""What was said (answers/saying.py): "Ông X đề nghị gì?" is answered by the words after
the saying verb, through the gap model's entry point."""

from __future__ import annotations

import pytest

from retrieval.answers.asks import asked_head, asks
from retrieval.answers.gap import _words, gap_span
from retrieval.answers.saying import asked_saying, saying_span
from retrieval.answers.sentences import _query

_NHAN = (
    "Bên cạnh đó, ông Nguyễn Thiện Nhân đề nghị Ban tổ chức Thành ủy tập trung tham mưu "
    "làm tốt việc nâng cao chất lượng tổ chức cơ sở đảng và đảng viên, thực hiện việc lấy "
    "phiếu tín nhiệm giữa nhiệm kỳ."
)


def _phrase(question: str, sentence: str) -> str | None:
    span = gap_span(
        question, _query(question).folded, asks(question), asked_head(question), sentence
    )
    return None if span is None else sentence[span[0] : span[1]]


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Ông Nguyễn Thiện Nhân đề nghị gì?", ("đề", "nghị")),
        ("Bà Xuân nhấn mạnh điều gì?", ("nhấn", "mạnh")),
        ("Bộ trưởng cho biết những gì về dự án?", ("cho", "biết")),
        ("ong nhan de nghi gi", ("de", "nghi")),  # typed without diacritics
        ("Hội nghị diễn ra ở đâu?", None),
        ("Điều 24 quy định gì?", None),  # a provision's topic, not speech
        ("Nơi gì đẹp nhất?", None),  # "nơi" is no "nói" when typed with diacritics
    ],
)
def test_the_saying_verb_asked(question: str, verb: tuple[str, ...] | None) -> None:
    assert asked_saying(question) == verb


@pytest.mark.parametrize(
    ("question", "sentence", "said"),
    [
        # the words after the verb, to the end of the clause: not the capitalised "Ban tổ
        # chức" the gap model liked, nor the speaker's name
        (
            "Ông Nguyễn Thiện Nhân đề nghị gì?",
            _NHAN,
            "Ban tổ chức Thành ủy tập trung tham mưu làm tốt việc nâng cao chất lượng tổ "
            "chức cơ sở đảng và đảng viên",
        ),
        # "rằng" after the verb is not what was said
        (
            "Giám đốc Sở Y tế cho biết điều gì?",
            "Giám đốc Sở Y tế cho biết rằng 12 trường học đã được kiểm tra bếp ăn.",
            "12 trường học đã được kiểm tra bếp ăn",
        ),
        # of two speakers, the one the question names
        (
            "Bà Nguyễn Thanh Xuân đề nghị gì?",
            "Ông Lê Văn Minh đề nghị tăng ngân sách, còn bà Nguyễn Thanh Xuân đề nghị mở "
            "thêm lớp bồi dưỡng.",
            "mở thêm lớp bồi dưỡng",
        ),
        # another saying verb after the speaker the question names ("chia sẻ" / "cho rằng")
        (
            "Bí thư Quận ủy quận Bình Thạnh chia sẻ điều gì?",
            "Bà Nguyễn Thị Thu Hà, Bí thư Quận ủy quận Bình Thạnh cho rằng điều quan trọng "
            "nhất là phải chịu khó lắng nghe.",
            "điều quan trọng nhất là phải chịu khó lắng nghe",
        ),
        # no saying verb asked: what a reporting verb introduces once the sentence has
        # said the question's words ("kinh nghiệm", "quận 8"), not the speaker's name
        (
            "Quận 8 có kinh nghiệm gì?",
            "Chia sẻ kinh nghiệm về việc nâng cao chất lượng chi bộ, bà Nguyễn Thanh Xuân, Phó "
            "Bí thư Quận ủy quận 8 cho biết quận ủy đã tổ chức sinh hoạt chi bộ mẫu theo từng "
            "loại hình để rút kinh nghiệm.",
            "quận ủy đã tổ chức sinh hoạt chi bộ mẫu theo từng loại hình để rút kinh nghiệm",
        ),
    ],
)
def test_what_was_said(question: str, sentence: str, said: str) -> None:
    assert _phrase(question, sentence) == said


def _said(question: str, sentence: str, asked: bool = True) -> tuple[int, int] | None:
    """saying_span for `question` (its saying verb when `asked`, else none) in `sentence`."""
    words = _words(sentence)
    assert words is not None
    verb = asked_saying(question) if asked else None
    terms = _query(question).folded
    return saying_span(question, verb, terms, words.spans, words.folded, words.syllables,
                       words.breaks)  # fmt: skip


def test_a_sentence_saying_nothing_has_no_saying_phrase() -> None:
    question = "Ông Nguyễn Thiện Nhân đề nghị gì?"
    assert asked_saying(question) is not None
    # no saying verb at all: the gap model picks the phrase instead
    assert (
        _said(question, "Ông Nguyễn Thiện Nhân chủ trì hội nghị tại Hội trường Thành ủy.") is None
    )
    # another saying verb before any of the question's words is not the speaker's
    assert _said(question, "Sở Y tế cho biết ông Nguyễn Thiện Nhân chủ trì hội nghị.") is None


def test_a_reporting_verb_before_the_questions_words_introduces_no_answer() -> None:
    # "quận 8" is said after "cho biết": the question's words are in what was said, and
    # the gap model reads the phrase around them
    sentence = "Bà Nguyễn Thanh Xuân cho biết quận 8 đã tổ chức sinh hoạt chi bộ mẫu."
    assert _said("Quận 8 đã tổ chức gì?", sentence, asked=False) is None


def test_a_reporting_verb_ending_the_sentence_introduces_nothing() -> None:
    for sentence in (
        "Về kinh nghiệm của quận 8, bà Nguyễn Thanh Xuân cho biết.",
        "Về kinh nghiệm của quận 8, bà Nguyễn Thanh Xuân cho biết",
    ):
        assert _said("Quận 8 có kinh nghiệm gì?", sentence, asked=False) is None
