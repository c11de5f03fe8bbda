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
