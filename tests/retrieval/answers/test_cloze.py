"""A question made of its sentence's words with "gì" for the answer (answers/cloze.py)."""

from __future__ import annotations

from retrieval.answers.asks import asked_head, asks
from retrieval.answers.cloze import cloze_span
from retrieval.answers.extractive import extract
from retrieval.answers.gap import _words, gap_span
from retrieval.answers.sentences import _query
from tests.retrieval.answers.passage import passage

SENTENCE = (
    "Bà Nguyễn Thị Thu Hà cho rằng điều quan trọng nhất là phải chịu khó, ví dụ như duy trì "
    "quy chế phân công Thường vụ, quận ủy viên cùng tham gia họp với các tổ chức đảng; cấp "
    "ủy đảng phải duy trì việc tiếp công dân qua đó nghe thông tin có liên quan đến cán bộ, "
    "đảng viên."
)


def _cloze(question: str, text: str) -> str | None:
    words = _words(text)
    assert words is not None
    span = cloze_span(question, words.spans, words.folded, words.syllables, words.breaks)
    return text[span[0] : span[1]] if span else None


def test_what_follows_the_questions_words_answers() -> None:
    # "duy trì" alone also stands before "quy chế phân công Thường vụ": the longer run of
    # the question's words says where the answer was taken out.
    expected = "tiếp công dân qua đó nghe thông tin có liên quan"  # at most 12 words
    assert _cloze("Cấp ủy đảng phải duy trì việc gì?", SENTENCE) == expected
    assert _cloze("cap uy dang phai duy tri viec gi", SENTENCE) == expected
    question = "Cấp ủy đảng phải duy trì việc gì?"
    span = gap_span(
        question, _query(question).span_terms, asks(question), asked_head(question), SENTENCE
    )
    assert span is not None and SENTENCE[span[0] : span[1]] == expected


def test_a_word_ending_in_a_function_syllable_stays_whole() -> None:
    # "làm" is a question's word ("làm gì"), not the end of "việc làm": was "vị trí việc"
    text = "Ông Nhân đề nghị hoàn chỉnh hồ sơ, xem lại tiến độ vị trí việc làm, công tác nội bộ."
    assert _cloze("Ban Tổ chức phải xem lại tiến độ gì?", text) == "vị trí việc làm"


def test_a_head_that_only_says_a_content_is_asked_is_left_out() -> None:
    # "những việc gì", "điều gì": the sentence says the content where the head stood
    text = (
        "Ông Nhân đề nghị Ban tổ chức Thành ủy tập trung tham mưu làm tốt việc nâng cao chất "
        "lượng tổ chức cơ sở đảng."
    )
    question = "Ông Nhân muốn Ban tổ chức Thành ủy tập trung tham mưu những việc gì?"
    assert _cloze(question, text) == "làm tốt việc nâng cao chất lượng tổ chức cơ sở đảng"
    text = "Các rối loạn của hệ thống miễn dịch có thể dẫn đến các bệnh tự miễn dịch."
    question = "Các rối loạn của hệ thống miễn dịch có thể dẫn đến điều gì?"
    assert _cloze(question, text) == "các bệnh tự miễn dịch"


def test_too_few_words_or_another_question_word_is_no_cloze() -> None:
    assert _cloze("Duy trì việc gì?", SENTENCE) is None  # three words: too few to say where
    assert _cloze("Ai phải duy trì việc tiếp công dân?", SENTENCE) is None  # not "… gì?"
    assert _cloze("Cấp ủy đảng phải tổ chức việc gì?", SENTENCE) is None  # not in the sentence


def test_what_stands_between_the_questions_words_answers() -> None:
    text = (
        "Bà Xuân cho biết quận ủy đã tổ chức sinh hoạt chi bộ mẫu theo từng loại hình để rút "
        "kinh nghiệm và giao cho Ban tổ chức quận ủy tham mưu cho Ban Thường vụ ban hành các "
        "hướng dẫn."
    )
    question = "Quận 8 giao cho ai tham mưu ban hành hướng dẫn sinh hoạt chi bộ?"
    assert _cloze(question, text) == "Ban tổ chức quận ủy"
    assert _cloze("Quận ủy đã tổ chức sinh hoạt gì theo từng loại hình?", text) == "chi bộ mẫu"
    # One word on a side says too little of where the answer is.
    assert _cloze("Cho ai tham mưu?", text) is None
    assert _cloze("Ai giao cho Ban tổ chức quận ủy tham mưu?", text) is None  # the typed way
    assert _cloze("gì?", text) is None


_EXPERIENCE = (
    "Bà Xuân cho biết quận ủy đã tổ chức sinh hoạt chi bộ mẫu theo từng loại hình để rút "
    "kinh nghiệm và giao cho Ban tổ chức quận ủy tham mưu cho Ban Thường vụ ban hành các "
    "hướng dẫn."
)
_REPORT = (
    "Báo cáo về kết quả công tác xây dựng đảng năm 2017, ông Ma Xuân Việt, Phó Trưởng Ban "
    "Tổ chức Thành ủy cho biết trong năm 2017, Ban Tổ chức Thành ủy đã tập trung lãnh đạo."
)


def test_how_it_is_done_is_what_follows_the_questions_words() -> None:
    # cut by the 12-word limit: to before its "và", which adds another deed
    expected = "theo từng loại hình để rút kinh nghiệm"
    assert _cloze("Quận 8 tổ chức sinh hoạt chi bộ mẫu như thế nào?", _EXPERIENCE) == expected
    assert _cloze("Quận 8 tổ chức sinh hoạt chi bộ mẫu ra sao?", _EXPERIENCE) == expected
    question = "Quận 8 tổ chức sinh hoạt chi bộ mẫu như thế nào?"
    assert asks(question) == "manner"
    span = gap_span(question, _query(question).span_terms, "manner", frozenset(), _EXPERIENCE)
    assert span is not None and _EXPERIENCE[span[0] : span[1]] == expected
    # a list asked ("bao gồm gì" asks the manner kind too) is not read so
    words = _words(_EXPERIENCE)
    assert words is not None
    assert (
        cloze_span("Quận ủy đã tổ chức sinh hoạt gì?", words.spans, words.folded,
                   words.syllables, words.breaks, how_only=True)
        is None
    )  # fmt: skip


def test_a_content_asked_is_what_the_sentence_says_in_its_place() -> None:
    # "nội dung" is not in the sentence: the three words before it say where the answer is
    question = "Ông Ma Xuân Việt báo cáo về nội dung gì?"
    expected = "kết quả công tác xây dựng đảng năm 2017"
    assert _cloze(question, _REPORT) == expected
    assert _cloze("ong ma xuan viet bao cao ve noi dung gi", _REPORT) == expected
    # before what the reporting verb introduces ("trong năm 2017, Ban Tổ chức …")
    span = gap_span(question, _query(question).span_terms, "", frozenset(), _REPORT)
    assert span is not None and _REPORT[span[0] : span[1]] == expected


def test_a_final_ai_whose_name_is_the_questions_own_is_what_follows() -> None:
    text = "c) Hạng B2 cấp cho người hành nghề lái xe điều khiển xe ô tô chở người đến 9 chỗ ngồi."
    hit = passage(text, title="Luật Giao thông đường bộ", chunk_id="l:0")
    found = extract("Giấy phép lái xe hạng B2 cấp cho ai?", [hit], dense=[0.9])
    # was "Hạng B2": the question's own words ("B2" is its "b" and "2")
    assert found.short is not None
    assert found.short.text == "người hành nghề lái xe điều khiển xe ô tô chở người"


def test_what_follows_the_questions_words_standing_apart_answers() -> None:
    text = (
        "2. Người khiếm thị khi đi trên đường bộ phải có người dắt hoặc có công cụ để báo "
        "hiệu cho người khác nhận biết đó là người khiếm thị."
    )
    question = "Người khiếm thị đi trên đường phải có gì?"  # "khi", "bộ" stand between
    assert _cloze(question, text) == "người dắt hoặc có công cụ để báo hiệu cho người khác"
    text = (
        "5. Trẻ em dưới 7 tuổi khi đi qua đường đô thị, đường thường xuyên có xe cơ giới qua "
        "lại phải có người lớn dắt; mọi người có trách nhiệm giúp đỡ trẻ em."
    )
    assert _cloze("Trẻ em dưới 7 tuổi qua đường phải như thế nào?", text) == "có người lớn dắt"
    # the question's words in another order, or too far apart, say nothing of where
    text = "Khi đi trên đường, người khiếm thị cần gậy; người lái xe phải có bằng lái."
    assert _cloze("Người khiếm thị đi trên đường phải có gì?", text) is None
    assert _cloze("Người đi trên đường phải có gì?", "Người " + "đi " * 25 + "phải có gậy.") is None


def test_a_phrase_does_not_end_on_a_quotations_closing_mark() -> None:
    text = (
        '"Chất lượng công tác cán bộ thì chúng ta phải luân chuyển cán bộ về cơ sở để nâng '
        'cao chất lượng cán bộ từ cơ sở", ông Cang nói.'
    )
    found = extract(
        "Luân chuyển cán bộ về cơ sở nhằm mục đích gì?", [passage(text, title="H")], dense=[0.9]
    )
    assert found.short is not None and not found.short.text.endswith(('"', "”"))
