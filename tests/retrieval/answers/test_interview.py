"""An interview's questions, and a Q&A's reader questions, are no answers: the sentences
after each answer it (answers/context.introducers, sentences._Sentence.asking)."""

from __future__ import annotations

from retrieval.answers.context import introducers
from retrieval.answers.extractive import extract
from retrieval.answers.sentences import _analysed
from tests.retrieval.answers.passage import passage

INTERVIEW = (
    "Phóng viên đã trao đổi với ông Lương Văn Khánh, Giám đốc Sở Xây dựng, về giá nhà.\n\n"
    "- Theo ông, nguyên nhân chính khiến giá nhà tăng mạnh là gì?\n\n"
    "- Có nhiều nguyên nhân, nhưng cốt lõi là mất cân đối cung - cầu. Năm 2024 chỉ có 4 dự "
    "án được mở bán mới.\n\n"
    "- Thành phố có giải pháp gì cho người thu nhập thấp, thưa ông?\n\n"
    "- Giải pháp trọng tâm là phát triển nhà ở xã hội."
)


def test_the_question_an_article_asks_introduces_the_sentences_answering_it() -> None:
    sentences = _analysed(INTERVIEW)
    asking = [s.order for s in sentences if s.asking]
    assert asking == [1, 4]
    by = introducers(sentences)
    assert [i.order for i in by[2]] == [1] and [i.order for i in by[3]] == [1]
    assert [i.order for i in by[5]] == [4]
    assert 0 not in by and 1 not in by


def test_an_interview_question_is_answered_by_the_reply_not_by_itself() -> None:
    hit = passage(INTERVIEW, title="Giá nhà tăng vì đâu?")
    found = extract("Theo ông Khánh, nguyên nhân chính khiến giá nhà tăng là gì?", [hit])
    assert found.text.startswith("Có nhiều nguyên nhân, nhưng cốt lõi là mất cân đối cung - cầu")
    assert found.short is not None and found.short.text == "mất cân đối cung - cầu"
    found = extract("Thành phố có giải pháp gì cho người thu nhập thấp?", [hit])
    assert found.text.startswith("Giải pháp trọng tâm là phát triển nhà ở xã hội")


QA_COLUMN = (
    "Hỏi: Tôi là nam, sinh tháng 8/1964, đã đóng bảo hiểm xã hội được 28 năm. Xin hỏi khi nào "
    "tôi được nhận lương hưu?\n\n"
    "Trả lời: Theo Điều 169 Bộ luật Lao động, tuổi nghỉ hưu của ông là đủ 61 tuổi. Ông được "
    "hưởng lương hưu từ ngày 01/9/2025."
)


def test_a_readers_question_is_no_answer_however_near_its_words() -> None:
    sentences = _analysed(QA_COLUMN)
    assert [s.asking for s in sentences] == [True, True, False, False]
    hit = passage(QA_COLUMN, title="Hỏi đáp bảo hiểm xã hội")
    # "Hỏi: Tôi là nam, sinh tháng 8/1964, …" was the answer (it shares the most words)
    found = extract("Người sinh tháng 8/1964 thì được nhận lương hưu từ ngày nào?", [hit])
    assert found.text.startswith("Ông được hưởng lương hưu từ ngày 01/9/2025"), found.text


COLUMN = (
    "Bạn đọc Hoàng Thị Mai (35 tuổi, ở TP Biên Hòa, Đồng Nai) hỏi: Hộ chiếu của tôi cấp năm "
    "2017, còn hạn đến tháng 9/2027 nhưng bị con làm rách mấy trang. Tôi có phải làm lại "
    "không, lệ phí bao nhiêu?\n\n"
    "Luật sư trả lời: Theo Thông tư số 25/2021/TT-BTC, lệ phí cấp lại hộ chiếu do bị hỏng "
    "hoặc bị mất là 400.000 đồng/quyển, gấp đôi mức cấp mới.\n\n"
    "Câu 2: Anh Đỗ Văn Lực (ở huyện Củ Chi, TP.HCM) hỏi: Ngày 02/6/2025 tôi đánh rơi ví, mất "
    "luôn thẻ căn cước. Tôi có phải về quê làm lại không?\n\n"
    "Trả lời: Anh có thể nộp hồ sơ cấp lại tại bất kỳ cơ quan công an cấp xã nào."
)


def test_a_named_readers_question_is_no_answer() -> None:
    # "Bạn đọc Hoàng Thị Mai (…) hỏi: Hộ chiếu của tôi … bị con làm rách" answered the fee
    sentences = _analysed(COLUMN)
    assert [s.asking for s in sentences] == [True, True, False, True, True, False]
    hit = passage(COLUMN, title="Bạn hỏi – Luật sư trả lời")
    found = extract("Hộ chiếu bị con làm rách, xin cấp lại thì tốn bao nhiêu?", [hit])
    assert found.short is not None and found.short.text == "400.000 đồng/quyển", found.text
    found = extract("Mất thẻ căn cước có phải về quê làm lại không?", [hit])
    assert found.text.startswith("Trả lời: Anh có thể nộp hồ sơ cấp lại"), found.text
