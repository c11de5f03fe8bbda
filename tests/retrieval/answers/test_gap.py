"""The phrase filling the question's gap (answers/gap.py): hand-written Vietnamese
questions and sentences, where the typed phrases of span.py do not say which phrase
answers."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import pytest

from retrieval.answers.asks import asked_head, asks
from retrieval.answers.doing import asks_doing, doing_span
from retrieval.answers.edges import past_named_lead, past_time_rest, settled, within_brackets
from retrieval.answers.evidence import headed_value, picked_head
from retrieval.answers.extractive import NAMED_PROVISION_CONFIDENCE, extract
from retrieval.answers.gap import (
    GAP_FEATURES,
    GAP_WEIGHTS,
    _words,
    gap_candidates,
    gap_span,
    uses_gap,
)
from retrieval.answers.names import (
    apposed_name,
    capitalised_runs,
    full_name,
    leading_name,
    with_titles_after,
)
from retrieval.answers.sentences import _query
from retrieval.index.chunks import Hit
from retrieval.language.vocabulary import SENTENCE_WORD


def _hit(text: str, title: str) -> Hit:
    """One whole article as the only passage retrieved."""
    return Hit(
        chunk_id="a:0", article_id="a", title=title, source="", published="", url="",
        origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


def _gap(question: str, sentence: str) -> str | None:
    span = gap_span(
        question, _query(question).folded, asks(question), asked_head(question), sentence
    )
    return sentence[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        # "<noun> nào" before the verb: the name before the question's words
        (
            "Cầu thủ nào ghi bàn thắng quyết định?",
            "Tiền vệ Nguyễn Quang Hải ghi bàn thắng quyết định ở phút 89.",
            "Nguyễn Quang Hải",
        ),
        # the asked noun is a title: the capitalised run after the name, between commas
        (
            "Ông Ma Xuân Việt giữ chức vụ gì?",
            "Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy, cho biết năm 2018 sẽ "
            "tập trung nghiên cứu.",
            "Phó Trưởng Ban Tổ chức Thành ủy",
        ),
        # an abstract noun before "nào" is answered by what is done, not by a name
        (
            "Công ty tập trung vào nhiệm vụ trọng tâm nào?",
            "Trong năm, công ty tập trung vào nhiệm vụ trọng tâm là xây dựng nhà máy mới "
            "tại khu công nghiệp Tân Phú.",
            "xây dựng nhà máy mới tại khu công nghiệp Tân Phú",
        ),
        # a name the question gives is not its answer, however well it sits
        (
            "Công ty nào đồng ý chấm dứt tố tụng tại tòa dân sự cấp cao với Virgin Media?",
            "Cũng trong thỏa thuận này, cả BSkyB và Virgin Media đều đồng ý chấm dứt tất cả "
            "các thủ tục tố tụng tại Tòa Dân sự Cấp cao đối với nhau.",
            "BSkyB",
        ),
        # a name the phrase cuts is read whole (edges.py): the question shares the name's
        # last words, where the candidates stop short
        (
            "Ai chịu trách nhiệm tổ chức giao thông trên hệ thống quốc lộ?",
            "Bộ trưởng Bộ Giao thông vận tải chịu trách nhiệm tổ chức giao thông trên hệ "
            "thống quốc lộ.",
            "Bộ trưởng Bộ Giao thông vận tải",
        ),
        # ... or its first words
        (
            "Chuyến bay hạ cánh xuống sân bay nào?",
            "Lúc 9 giờ, chuyến bay đã hạ cánh an toàn xuống Sân bay Van Nuys.",
            "Sân bay Van Nuys",
        ),
        # a function word the question says ("ra", "phải") is left off the phrase (edges.py)
        (
            "Ai ra quyết định buộc thôi học đối với sinh viên?",
            "Hiệu trưởng ra quyết định buộc thôi học đối với sinh viên vi phạm quy chế.",
            "Hiệu trưởng",
        ),
        (
            "Trong hầm đường bộ xe thô sơ phải làm gì?",
            "Trong hầm đường bộ, xe thô sơ phải bật đèn hoặc có vật phát sáng báo hiệu.",
            "bật đèn hoặc có vật phát sáng báo hiệu",
        ),
        # the phrase ends whole (edges.py): a conjunction with its second conjunct, a
        # numeral with its noun
        (
            "Giấy phép lái xe hạng A1 cấp cho người lái loại xe nào?",
            "Hạng A1 cấp cho người lái xe mô tô hai bánh có dung tích xi-lanh từ 50 cm3 đến "
            "dưới 175 cm3.",
            "lái xe mô tô hai bánh",
        ),
        # a speaker's titles end before what the speaker said ("cho biết"), and a local
        # body's with its unit ("Quận ủy quận 8")
        (
            "Bà Nguyễn Thanh Xuân giữ chức vụ gì?",
            "Chia sẻ kinh nghiệm, bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 cho biết "
            "quận ủy đã tổ chức sinh hoạt chi bộ mẫu và giao cho Ban Thường vụ ban hành "
            "hướng dẫn.",
            "Phó Bí thư Quận ủy quận 8",
        ),
        # a person alone between commas is in one clause with the title after it, though
        # the title's words come again later ("Ban tổ chức quận ủy")
        (
            "Ai là Phó Bí thư Quận ủy quận 8?",
            "Chia sẻ kinh nghiệm về chi bộ, bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 "
            "cho biết quận ủy đã tổ chức sinh hoạt chi bộ mẫu và giao cho Ban tổ chức quận "
            "ủy tham mưu cho Ban Thường vụ ban hành các hướng dẫn về nội dung.",
            "Nguyễn Thanh Xuân",
        ),
        (
            "Bí thư Quận ủy quận Bình Thạnh là ai?",
            "Về triển khai thực hiện nghị quyết Trung ương 4 khóa XII, bà Nguyễn Thị Thu Hà, "
            "Bí thư Quận ủy quận Bình Thạnh cho rằng điều quan trọng nhất đối với tập thể cấp "
            "ủy thì qua các kênh phải chịu khó, ví dụ như duy trì quy chế phân công Thường vụ, "
            "quận ủy viên.",
            "Nguyễn Thị Thu Hà",
        ),
        # the "vụ" of "nhiệm vụ" is not the question's: its "vụ" is that of "Thường vụ"
        (
            "Ban Thường vụ Thành ủy trao bằng khen cho ai?",
            "Tại hội nghị, Ban Thường vụ Thành ủy đã trao tặng bằng khen cho 6 tập thể hoàn "
            "thành xuất sắc nhiệm vụ tiêu biểu trong năm 2017, tặng giấy khen cho 10 tập thể.",
            "6 tập thể",
        ),
        # "làm gì": what the subject does (doing.py), though it repeats the question's
        # words ("chi bộ"), up to the word the question says after "gì" ("để")
        (
            "Quận ủy quận 8 đã làm gì để nâng cao chất lượng chi bộ?",
            "Bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 cho biết quận ủy đã tổ chức "
            "sinh hoạt chi bộ mẫu theo từng loại hình để rút kinh nghiệm.",
            "tổ chức sinh hoạt chi bộ mẫu theo từng loại hình",
        ),
        # the subject said right before "làm gì", not a name earlier in the question
        (
            "Theo báo cáo gửi Bộ Công Thương, các doanh nghiệp dệt may đang làm gì?",
            "Bộ Công Thương cho biết các doanh nghiệp dệt may đang chuyển đổi số toàn bộ "
            "khâu quản lý đơn hàng.",
            "chuyển đổi số toàn bộ khâu quản lý đơn hàng",
        ),
        # an aside between commas after the subject: what it does comes after the aside
        (
            "Sau khi biết tin, Sở Y tế đã làm gì?",
            "Sở Y tế, cùng với Sở Giáo dục và Đào tạo, đã kiểm tra bếp ăn của 12 trường "
            "học trong tuần.",
            "kiểm tra bếp ăn của 12 trường học trong tuần",
        ),
    ],
)
def test_the_phrase_in_the_gap(question: str, sentence: str, answer: str) -> None:
    assert _gap(question, sentence) == answer


def test_a_lone_generic_noun_takes_the_word_that_says_which() -> None:
    # "người" alone says nothing: "người dắt", then the second conjunct after "hoặc"
    question = "Người khiếm thị khi đi trên đường bộ cần gì?"
    sentence = (
        "Người khiếm thị khi đi trên đường bộ phải có người dắt hoặc có công cụ để báo hiệu "
        "cho người khác nhận biết là người khiếm thị."
    )
    words = _words(sentence)
    assert words is not None
    i = next(k for k, (a, b) in enumerate(words.spans) if sentence[a:b] == "dắt") - 1
    a, b = settled(question, "", sentence, words.spans, words.breaks, words.capital,
                   words.syllables, i, i + 1)  # fmt: skip
    assert sentence[a:b] == "người dắt hoặc có công cụ"
    # Asked with the sentence's own words, the answer is what follows them (cloze.py).
    got = _gap("Người khiếm thị khi đi trên đường bộ phải có gì?", sentence)
    assert got == "người dắt hoặc có công cụ để báo hiệu cho người khác"


def test_a_trailing_conjunction_takes_its_second_conjunct() -> None:
    # the candidate "dắt hoặc" settles (edges.py) as "dắt hoặc có công cụ"
    question = "Người khiếm thị khi đi trên đường bộ phải có gì?"
    sentence = (
        "Người khiếm thị khi đi trên đường bộ phải có người dắt hoặc có công cụ để báo hiệu "
        "cho người khác nhận biết là người khiếm thị."
    )
    words = _words(sentence)
    assert words is not None
    i = next(k for k, (a, b) in enumerate(words.spans) if sentence[a:b] == "dắt")
    a, b = settled(question, "", sentence, words.spans, words.breaks, words.capital,
                   words.syllables, i, i + 2)  # fmt: skip
    assert sentence[a:b] == "dắt hoặc có công cụ"


def test_a_date_alone_answers_no_what_question() -> None:
    got = _gap(
        "Chỉ thị của Hội đồng Lao động yêu cầu điều gì?",
        "Chỉ thị của Hội đồng Lao động năm 1994 yêu cầu tham vấn lực lượng lao động trong các "
        "doanh nghiệp.",
    )
    assert got is not None and "1994" not in got
    # a sentence whose only phrase beside the question's words is a date: none
    assert _gap("Hội nghị bàn điều gì?", "Hội nghị bàn vào sáng 8/2.") is None


def test_the_object_after_a_paraphrased_verb_not_the_clause_after_the_comma() -> None:
    # "hát" is "biểu diễn" in the sentence: the words before the gap still align.
    got = _gap(
        "Lady Gaga đã hát bài gì?",
        "Ca sĩ Lady Gaga đã biểu diễn quốc ca, trong khi Marlee Matlin dịch sang ngôn ngữ ký hiệu.",
    )
    assert got is not None and got.endswith("quốc ca") and len(got.split()) <= 4


def test_typed_kinds_keep_their_typed_phrase() -> None:
    assert not uses_gap("number", typed_found=True)
    assert not uses_gap("time", typed_found=True)
    assert not uses_gap("number", typed_found=False)  # no number, no phrase to mark
    assert uses_gap("place", typed_found=False)
    assert uses_gap("person", typed_found=True)  # the alignment weighs the name itself
    assert uses_gap("", typed_found=False)
    assert not uses_gap("yesno", typed_found=False)
    assert not uses_gap("definition", typed_found=False)  # the sentence reads better
    assert len(GAP_WEIGHTS) == len(GAP_FEATURES)


def test_the_answer_marks_the_gap_phrase_for_a_question_of_no_typed_kind() -> None:
    text = (
        "UBND Thành phố đã khánh thành cầu Thủ Thiêm 2, nối quận 1 với TP Thủ Đức. Cầu dài 1,4 km."
    )
    hit = _hit(text, "Cầu mới")
    found = extract("Thành phố đã khánh thành công trình gì?", [hit], dense=[0.9])
    assert found.short is not None
    assert "Thủ Thiêm 2" in found.short.text
    assert found.text[found.short.start : found.short.end] == found.short.text


def test_a_person_is_named_without_the_titles_before_the_name() -> None:
    text = "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị."
    phrase = "Thành ủy TPHCM Nguyễn Thiện Nhân"
    start = text.index(phrase)
    got = full_name(text, start, start + len(phrase))
    assert text[got[0] : got[1]] == "Nguyễn Thiện Nhân"
    # a name without a Vietnamese surname, or a phrase that is the name, stays whole
    assert full_name("Tiền vệ John Elway", 8, 18) == (8, 18)
    assert full_name("Ông Ma Xuân Việt", 4, 16) == (4, 16)


_Reading = Callable[[str, int, int], tuple[int, int]]


@pytest.mark.parametrize(
    ("read", "text", "title", "expected"),
    [
        # a title after the name between commas gives the name (apposed_name)
        (apposed_name,
         "Đồng chí Nguyễn Thiện Nhân, Ủy viên Bộ Chính trị, Bí thư Thành ủy phát biểu.",
         "Bí thư Thành ủy", "Nguyễn Thiện Nhân"),
        # the space after the comma missing, as in the sample article
        (apposed_name, "Đồng chí Nguyễn Thiện Nhân,Ủy viên Bộ Chính trị phát biểu.",
         "Ủy viên Bộ Chính trị", "Nguyễn Thiện Nhân"),
        # no name before it between commas: the title stays
        (apposed_name, "Tại hội nghị, Bí thư Thành ủy phát biểu.", "Bí thư Thành ủy",
         "Bí thư Thành ủy"),
        (apposed_name, "Ông Nhân, Bí thư Thành ủy phát biểu.", "Bí thư Thành ủy",
         "Bí thư Thành ủy"),
        # titles after a title between commas are read as one (with_titles_after)
        (with_titles_after, "Ông A, Ủy viên Bộ Chính trị, Bí thư Thành ủy phát biểu.",
         "Ủy viên Bộ Chính trị", "Ủy viên Bộ Chính trị, Bí thư Thành ủy"),
        # a name after the comma is no title of the first
        (with_titles_after,
         "Thiết kế của James O. McKinsey, Arley D. Cathey và những người khác.",
         "James O. McKinsey", "James O. McKinsey"),
        (with_titles_after, "Phó Chủ tịch UBND tỉnh, Sở Y tế và các xã cùng dự.",
         "Phó Chủ tịch UBND", "Phó Chủ tịch UBND"),
    ],
)  # fmt: skip
def test_titles_and_names_between_commas(
    read: _Reading, text: str, title: str, expected: str
) -> None:
    start = text.index(title)
    got = read(text, start, start + len(title))
    assert text[got[0] : got[1]] == expected


def test_a_comma_without_a_space_parts_words_not_a_numbers_digits() -> None:
    assert SENTENCE_WORD.findall("Nhân,Ủy viên 1,5 triệu TP.HCM") == [
        "Nhân", "Ủy", "viên", "1,5", "triệu", "TP.HCM"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "name"),
    [
        # a name, then what the person did: the name
        ("Sau đó Anderson đã ghi điểm từ vạch 2 yard.", "Anderson đã ghi điểm", "Anderson"),
        ("Hungary dưới thời Ferenc Deák đã chỉ đạo.", "Hungary dưới thời Ferenc Deák", "Hungary"),
        # words that go on naming stay
        ("Công ty Xổ số quốc gia phát hành vé.", "Xổ số quốc gia", "Xổ số quốc gia"),
        ("Tướng Louis-Joseph de Montcalm dẫn quân.", "Louis-Joseph de Montcalm dẫn quân",
         "Louis-Joseph de Montcalm dẫn quân"),
    ],
)  # fmt: skip
def test_a_person_phrase_is_the_name_not_the_deed(text: str, phrase: str, name: str) -> None:
    start = text.index(phrase)
    got = leading_name(text, start, start + len(phrase))
    assert text[got[0] : got[1]] == name


def test_a_sentence_without_punctuation_thousands_of_words_long_is_read_in_time() -> None:
    question = "Ai chủ trì hội nghị tổng kết?"
    clause = "hội nghị tổng kết công tác do ông Nguyễn Văn An chủ trì và các đại biểu dự"
    text = " ".join([clause] * 1200)  # 20,400 words
    started = time.perf_counter()
    got = _gap(question, text)
    assert time.perf_counter() - started < 1.0  # ~6 s before the word cap
    assert got == "Nguyễn Văn An"


def test_a_lead_in_gets_no_gap_phrase() -> None:
    # The lead-in announces the list that answers; "sau đây" is not the answer.
    text = (
        "Người điều khiển xe mô tô không được thực hiện các hành vi sau đây:\n"
        "a) Đi xe dàn hàng ngang;\nb) Sử dụng ô."
    )
    hit = _hit(text, "Luật")
    found = extract("Người điều khiển xe mô tô không được làm gì?", [hit], dense=[0.9])
    assert found.text.startswith("Người điều khiển xe mô tô không được thực hiện")
    assert found.short is None or "sau đây" not in found.short.text


@pytest.mark.parametrize(
    "question",
    ["Điều 24 quy định gì?", "Điều 33 nói về nội dung gì?", "dieu 60 quy dinh ve van de gi"],
)
def test_what_a_named_provision_says_is_answered_by_the_sentence(question: str) -> None:
    assert asks(question) == "topic"
    assert not uses_gap("topic", typed_found=False)
    text = "Điều 24. Nhường đường tại nơi đường giao nhau"
    hit = _hit(text, "Luật")
    assert extract(question, [hit], dense=[0.9]).short is None


def test_a_provision_asked_by_which_is_still_a_reference() -> None:
    assert asks("Điều nào quy định mức phạt?") == "reference"


def test_a_name_that_starts_with_a_surname_is_kept_whole() -> None:
    # "Văn" is a surname too: "Lê Văn Khánh" must not become "Văn Khánh".
    text = "Tổng giám đốc Lê Văn Khánh chủ trì hội nghị."
    start = text.index("Lê")
    assert full_name(text, start, start + len("Lê Văn Khánh")) == (start, start + 12)


def test_a_theme_in_quotation_marks_is_one_phrase() -> None:
    sentence = (
        "Năm nay, Tháng hành động mang chủ đề “Chăm sóc sức khỏe, phòng chống kiệt sức "
        "cho người lao động”."
    )
    spans, features = gap_candidates(
        "Tháng hành động có chủ đề gì?",
        _query("Tháng hành động có chủ đề gì?").folded,
        "",
        frozenset(),
        sentence,
    )
    quoted = [sentence[a:b] for (a, b), f in zip(spans, features, strict=True)
              if f[GAP_FEATURES.index("quoted")]]  # fmt: skip
    assert quoted == ["Chăm sóc sức khỏe, phòng chống kiệt sức cho người lao động"]


def test_a_count_question_marks_no_phrase_in_a_sentence_without_a_number() -> None:
    sentence = (
        "Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng đảng "
        "năm 2017, triển khai chương trình công tác năm 2018."
    )
    hit = _hit(sentence, "Hội nghị")
    answer = extract("Thành ủy TPHCM có bao nhiêu đảng bộ trực thuộc?", [hit], dense=[0.9])
    assert answer.short is None  # not "năm 2017": a year does not count party cells
    # … and the sentence answers no count: declined whatever the floor.
    assert answer.confidence == 0.0


@pytest.mark.parametrize(
    "sentence",
    [
        "Thành ủy TPHCM có 52 đảng bộ trực thuộc, tăng 2 so với năm trước.",
        "Thành ủy TPHCM có nhiều đảng bộ trực thuộc ở các quận, huyện.",
        "Thành ủy TPHCM không có đảng bộ trực thuộc nào ở nước ngoài.",
        "Tất cả đảng bộ trực thuộc Thành ủy TPHCM đã tổ chức đại hội.",
    ],
)
def test_a_count_in_digits_or_words_is_an_answer(sentence: str) -> None:
    hit = _hit(sentence, "Hội nghị")
    answer = extract("Thành ủy TPHCM có bao nhiêu đảng bộ trực thuộc?", [hit], dense=[0.9])
    assert answer.text and answer.confidence > 0.0


def test_a_count_is_answered_by_the_sentence_that_counts() -> None:
    text = (
        "Tuyến xe buýt điện đầu tiên ở Cần Thơ dài hơn tuyến xe buýt thường, nối bến Ninh "
        "Kiều với sân bay Cần Thơ. Lộ trình 11 km, có 14 xe, chạy từ 5 giờ sáng."
    )
    hit = _hit(text, "Xe buýt điện")
    answer = extract("Tuyến xe buýt điện đầu tiên ở Cần Thơ dài bao nhiêu km?", [hit], dense=[0.9])
    # The lead names the line with more of the question's words but counts nothing.
    assert answer.text.startswith("Lộ trình 11 km")
    assert answer.short is not None and answer.short.text == "11 km"
    assert answer.confidence > 0.0


@pytest.mark.parametrize(
    ("question", "sentence", "short"),
    [
        # The noun the question counts follows the number: it is part of the answer.
        (
            "Sinh viên bị cảnh báo học tập được đăng ký bao nhiêu tín chỉ?",
            "Sinh viên bị cảnh báo học tập chỉ được đăng ký tối đa 14 tín chỉ mỗi học kỳ.",
            "tối đa 14 tín chỉ",
        ),
        # A working day is the unit of every deadline in a regulation.
        (
            "Sinh viên được phúc khảo bài thi trong thời hạn bao lâu?",
            "Sinh viên được nộp đơn phúc khảo bài thi trong thời hạn 7 ngày làm việc.",
            "7 ngày làm việc",
        ),
        # What the number counts, in the article's own word for it ...
        (
            "Năm 2023 có bao nhiêu người lao động được tôn vinh?",
            "Năm 2023, công ty tôn vinh 77 công nhân có thành tích xuất sắc.",
            "77 công nhân",
        ),
        # ... and no more than its unit says.
        (
            "Bao nhiêu tập thể được tặng giấy khen?",
            "Thành ủy tặng giấy khen cho 10 tập thể hoàn thành xuất sắc nhiệm vụ.",
            "10 tập thể",
        ),
        # "một" alone is "a", not a count of the noun asked for
        (
            "Có bao nhiêu quốc gia trong lưu vực sông Amazon?",
            "Amazon là một khu rừng ẩm ướt bao phủ hầu hết lưu vực trải rộng trên chín quốc gia.",
            "chín quốc gia",
        ),
        # a year-like number followed by the noun asked for counts it
        (
            "Có bao nhiêu khách tham dự bữa tối khai trương chợ?",
            "Lễ khai trương chợ có một bữa tối với sự tham dự của 2000 khách.",
            "2000 khách",
        ),
        # "năm" before the noun asked is five, not a year; the noun's syllables once each
        # ("hoàng tử", not "hoàng tử từ", whose "từ" folds as "tử" does)
        (
            "Có bao nhiêu hoàng tử đã tham gia cuộc đảo chính?",
            "Cuộc đảo chính có sự tham gia của năm hoàng tử từ một phe đối thủ.",
            "năm hoàng tử",
        ),
        # a fraction in words is one number
        (
            "Dịch bệnh đã giết chết bao nhiêu dân số thành phố?",
            "Dịch bệnh đã giết chết hai phần ba dân số thành phố trong năm đó.",
            "hai phần ba dân số",
        ),
    ],
)
def test_a_count_shows_what_it_counts(question: str, sentence: str, short: str) -> None:
    answer = extract(question, [_hit(sentence, "Quy chế")], dense=[0.9])
    assert answer.short is not None and answer.short.text == short


def test_what_a_theme_is_is_what_the_quotation_marks_enclose() -> None:
    sentence = (
        "Năm nay, Tháng hành động mang chủ đề “Kiểm soát chặt máy móc, thiết bị có yêu "
        "cầu nghiêm ngặt”."
    )
    answer = extract(
        "Chủ đề Tháng hành động an toàn lao động năm nay là gì?",
        [_hit(sentence, "An toàn lao động")],
        dense=[0.9],
    )
    # Not "Kiểm soát", the capitalised words the quotation opens with.
    expected = "Kiểm soát chặt máy móc, thiết bị có yêu cầu nghiêm ngặt"
    assert answer.short is not None and answer.short.text == expected


def test_the_phrase_never_cuts_a_word() -> None:
    # "học" is the question's word, so the candidates stop short of it: the best one cut
    # two words ("hóa trung"); the phrase is widened to whole words of the dictionary.
    phrase = _gap(
        "Người học nâng hạng giấy phép lái xe lên hạng D cần trình độ văn hóa nào?",
        "Người học nâng hạng giấy phép lái xe lên hạng D, E tối thiểu phải có trình độ "
        "văn hóa trung học cơ sở.",
    )
    assert phrase in ("trung học cơ sở", "văn hóa trung học cơ sở")


def test_a_purpose_or_a_subject_the_sentence_lacks_is_no_doing() -> None:
    # "để làm gì" asks what for (span.py's reason); a sentence without the subject leaves
    # the phrase to the gap model.
    assert not asks_doing("Quỹ này được lập ra để làm gì?")
    assert asks_doing("Công ty đã làm gì?")
    words = _words("Trời mưa to.")
    assert words is not None
    found = doing_span(
        "Công ty đã làm gì?",
        frozenset({"cong", "ty"}),
        words.spans,
        words.folded,
        words.syllables,
        words.breaks,
    )
    assert found is None


@pytest.mark.parametrize(
    ("text", "phrase", "kept"),
    [
        # closes a bracket opened before it: the side before the bracket
        (
            "(Acura, Lexus và Infiniti) để tách biệt",
            "Acura, Lexus và Infiniti) để tách",
            "Acura, Lexus và Infiniti",
        ),
        (
            "một thực thể gần như lục lạp).",
            "một thực thể gần như lục lạp)",
            "một thực thể gần như lục lạp",
        ),
        # opens one closed after it
        ("Private Mass (Về Sự bãi bỏ) năm 1521", "Private Mass (Về Sự bãi", "Private Mass"),
        ("nói (“Tốt” rồi) đi", "“Tốt” rồi) đi", "“Tốt” rồi"),
        # nothing before the bracket: the side after it
        ("Tên gọi (Amazonia) được dùng", ") được dùng", "được dùng"),
        # balanced brackets are kept
        ("nhà máy (mới) tại Tân Phú.", "nhà máy (mới) tại Tân Phú", "nhà máy (mới) tại Tân Phú"),
        ("the “Empty Child” 2005", "“Empty Child”", "“Empty Child”"),
    ],
)
def test_a_phrase_is_cut_at_a_bracket_it_crosses(text: str, phrase: str, kept: str) -> None:
    start = text.index(phrase)
    a, b = within_brackets(text, start, start + len(phrase))
    assert text[a:b] == kept


def test_a_word_is_the_questions_when_spelled_as_the_question_spells_it() -> None:
    # "Thu" of the name folds as "thư" of "Bí thư" does, but is another word: the name
    # stays one candidate. A word the question typed without diacritics matches every
    # spelling of it, but a repeat outside the question's phrases is not the question's
    # when another occurrence sits in one ("bi thu"): the name stays whole too.
    sentence = "Ông Lê Văn Thu, Bí thư Thành ủy, phát biểu tại hội nghị."
    for question, whole in (("Ai là Bí thư Thành ủy?", True), ("Ai la Bi thu Thanh uy?", True)):
        spans, _ = gap_candidates(
            question, _query(question).folded, "person", frozenset(), sentence
        )
        assert ("Lê Văn Thu" in {sentence[a:b] for a, b in spans}) is whole
    # the same word alone in the question ("thu"), said twice: each is the question's
    question = "Ai ky ten thu?"
    spans, _ = gap_candidates(question, _query(question).folded, "person", frozenset(), sentence)
    assert "Lê Văn Thu" not in {sentence[a:b] for a, b in spans}


def test_a_person_alone_between_commas_shares_the_clause_of_the_title_after() -> None:
    def clauses(sentence: str) -> list[list[str]]:
        words = _words(sentence)
        assert words is not None
        out: dict[int, list[str]] = {}
        for (a, b), c in zip(words.spans, words.clause_of.tolist(), strict=True):
            out.setdefault(c, []).append(sentence[a:b])
        return list(out.values())

    assert clauses("Theo bà Nguyễn Thanh Xuân, Phó Bí thư, quận đã làm.") == [
        ["Theo", "bà", "Nguyễn", "Thanh", "Xuân"],
        ["Phó", "Bí", "thư"],
        ["quận", "đã", "làm"],
    ]
    assert clauses("Chia sẻ, bà Nguyễn Thanh Xuân, Phó Bí thư cho biết.") == [
        ["Chia", "sẻ"],
        ["bà", "Nguyễn", "Thanh", "Xuân", "Phó", "Bí", "thư", "cho", "biết"],
    ]
    # an honorific of two syllables, and a comma without its space
    assert clauses("Đồng chí Nguyễn Thiện Nhân,Ủy viên Bộ Chính trị phát biểu.") == [
        ["Đồng", "chí", "Nguyễn", "Thiện", "Nhân", "Ủy", "viên", "Bộ", "Chính", "trị", "phát",
         "biểu"],
    ]  # fmt: skip
    # names in a list, with no "ông"/"bà" before them, stay apart
    assert len(clauses("Gồm Larry Ellison, Arley Cathey, Giám đốc Daniel Doctoroff.")) == 3


def test_the_phrase_does_not_start_inside_the_articles_time() -> None:
    # "năm" is the question's ("năm 2022"); the article's "năm nay" is no part of the answer.
    question = "Năm 2022 Phú An làm gì để khôi phục sản xuất?"
    sentence = (
        "Phát biểu chỉ đạo, ông Trịnh Thu Hà nhấn mạnh trọng tâm công tác năm nay là khôi "
        "phục sản xuất và mở lại thị trường Nhật Bản."
    )
    span = gap_span(question, _query(question).span_terms, asks(question), frozenset(), sentence)
    assert span is not None
    assert sentence[span[0] : span[1]] == "khôi phục sản xuất và mở lại thị trường Nhật Bản"
    text = "Trong năm vừa qua thì doanh thu tăng."
    assert past_time_rest(text, text.index("vừa"), len(text)) == (text.index("doanh"), len(text))
    # Not after a time unit, or the whole span: unchanged.
    assert past_time_rest(text, text.index("doanh"), len(text)) == (text.index("doanh"), len(text))
    assert past_time_rest("năm nay", 4, 7) == (4, 7)


def test_the_phrase_leaves_off_the_name_the_question_says() -> None:
    text = "Lao động xuất sắc nhất năm nay là chị Võ Thị Thu, tổ trưởng tổ đóng gói."
    asked = _query("Chị Võ Thị Thu làm gì ở Phú An?").folded
    start = text.index("Võ")
    assert past_named_lead(text, start, len(text) - 1, asked) == (
        text.index("tổ trưởng"),
        len(text) - 1,
    )
    # A name the question does not say stays.
    other = _query("Ai là lao động xuất sắc nhất?").folded
    assert past_named_lead(text, start, len(text) - 1, other) == (start, len(text) - 1)


def test_a_body_is_named_whole_and_no_further() -> None:
    # "Tài chính - Kế toán": one name across its dash; "Đào tạo | lập": "tạo lập" is a word
    # too, but "Đào tạo" is the name's
    text = "Hồ sơ nộp về Phòng Tài chính - Kế toán trong thời hạn 10 ngày làm việc."
    assert [text[a:b] for a, b in capitalised_runs(text)] == ["Hồ sơ", "Phòng Tài chính - Kế toán"]
    text = "Danh sách sinh viên bị cảnh báo học tập do Phòng Đào tạo lập; Trưởng khoa thông báo."
    assert "Phòng Đào tạo" in [text[a:b] for a, b in capitalised_runs(text)]
    question = "Ai lập danh sách sinh viên bị cảnh báo học tập?"
    span = gap_span(question, _query(question).folded, asks(question), frozenset(), text)
    assert span is not None and text[span[0] : span[1]] == "Phòng Đào tạo"
    question = "Hồ sơ công tác phí phải nộp cho phòng nào?"
    text = "2. Hồ sơ nộp về Phòng Tài chính - Kế toán trong thời hạn 10 ngày làm việc."
    span = headed_value(text, picked_head(question), _query(question).span_terms)
    assert span is not None and text[span[0] : span[1]] == "Phòng Tài chính - Kế toán"


def test_a_body_of_a_party_committee_is_named_with_it() -> None:
    text = "Tham mưu tổ chức hội nghị giao ban hằng quý với Thường trực quận ủy để đánh giá."
    assert "Thường trực quận ủy" in [text[a:b] for a, b in capitalised_runs(text)]
    text = "Ban Thường vụ quận ủy quận 8 họp."
    assert [text[a:b] for a, b in capitalised_runs(text)] == ["Ban Thường vụ quận ủy quận 8"]


def test_a_surname_after_a_bodys_number_opens_a_persons_name() -> None:
    text = "Sáng 5/2, Giám đốc Bệnh viện Nhân dân 115 Phạm Minh Hoàng cho biết thêm."
    runs = [text[a:b] for a, b in capitalised_runs(text)]
    assert runs[1:] == ["Giám đốc Bệnh viện Nhân dân 115", "Phạm Minh Hoàng"]
    # who heads it is the name, not the next capitalised words ("Tết Nguyên đán")
    hit = _hit(text + " Trong 9 ngày nghỉ Tết Nguyên đán, bệnh viện tiếp nhận 2.150 ca.", "BV")
    found = extract("Ai là Giám đốc Bệnh viện Nhân dân 115?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "Phạm Minh Hoàng"
    other = "Tàu Apollo 11 bay."
    assert [other[a:b] for a, b in capitalised_runs(other)] == ["Tàu Apollo 11"]


def test_a_provision_asked_with_its_documents_number_is_answered_surely() -> None:
    # "thông tư 07" is the document titled "Thông tư 07/2024/TT-BNV …": declined (0.09)
    # while "07" was read as a word the passage lacks
    text = (
        "Điều 6. Thẩm quyền đánh giá, xếp loại chất lượng 1. Người đứng đầu cơ quan thực "
        "hiện đánh giá, xếp loại chất lượng đối với cấp phó của mình."
    )
    hit = dataclasses.replace(
        _hit(text, "Thông tư 07/2024/TT-BNV hướng dẫn đánh giá, xếp loại chất lượng công chức"),
        legal="Điều 6",  # as ingestion places the chunk
    )
    found = extract("Điều 6 thông tư 07 quy định về nội dung gì?", [hit], dense=[0.9])
    assert found.text.startswith("Thẩm quyền đánh giá, xếp loại chất lượng")
    assert found.confidence >= NAMED_PROVISION_CONFIDENCE
