"""A question naming an article ("Điều 10 quy định gì?", "khoản 2 điều 10 …") is answered
from that article, not from another one that cites it ("… quy định tại Điều 10 …"), and
its citation says where ("Điều 10, khoản 2"). Real model, real index, a small university
regulation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.answers.provisions import named_scope
from retrieval.ask import ask
from retrieval.cli.evaluate import first_sentence
from retrieval.embedding.base import Embedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings

REGULATION = """QUY CHẾ ĐÀO TẠO TRÌNH ĐỘ ĐẠI HỌC

Chương I

QUY ĐỊNH CHUNG

Điều 8. Đăng ký khối lượng học tập

1. Đầu mỗi học kỳ, sinh viên đăng ký các học phần dự định học trong học kỳ đó.

2. Sinh viên đang bị cảnh báo kết quả học tập theo quy định tại Điều 10 của Quy chế này
chỉ được đăng ký tối đa 14 tín chỉ trong mỗi học kỳ chính.

Điều 9. Học phí

1. Sinh viên nộp học phí theo số tín chỉ đăng ký học trong mỗi học kỳ.

2. Sinh viên không nộp học phí đúng hạn sẽ bị hủy kết quả đăng ký học phần của học kỳ đó.

Điều 10. Cảnh báo kết quả học tập

1. Việc xét cảnh báo kết quả học tập được thực hiện sau mỗi học kỳ chính, căn cứ vào
điểm trung bình của sinh viên.

2. Sinh viên bị cảnh báo kết quả học tập khi thuộc một trong các trường hợp sau đây:

a) Tổng số tín chỉ không đạt trong học kỳ vượt quá 50% khối lượng đã đăng ký;

b) Điểm trung bình học kỳ đạt dưới 0,8 đối với học kỳ đầu của khóa học;

c) Điểm trung bình tích lũy đạt dưới 1,2 đối với sinh viên năm thứ nhất.

3. Nhà trường thông báo kết quả cảnh báo cho sinh viên và gia đình sinh viên trong vòng hai tuần.

Điều 11. Buộc thôi học

1. Sinh viên bị buộc thôi học khi bị cảnh báo kết quả học tập hai lần liên tiếp theo quy
định tại Điều 10.

2. Quyết định buộc thôi học được gửi cho sinh viên chậm nhất một tháng sau khi có kết quả xét.
"""


@pytest.fixture
def services(tmp_path: Path, base_settings: Settings, embedder: Embedder) -> Iterator[Services]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quy-che-dao-tao.txt").write_text(REGULATION, encoding="utf-8")
    settings = base_settings.model_copy(
        update={"chroma_path": tmp_path / "chroma", "ingest_sources": [str(docs)]}
    )
    assert run(settings, embedder, [str(docs)]).exit_code == 0
    built = build_services(settings, embedder)
    yield built
    built.close()


@pytest.mark.parametrize(
    "question",
    ["Điều 10 quy định gì?", "dieu 10 quy dinh ve van de gi", "Điều 10 nói về nội dung gì?"],
)
def test_what_an_article_says_is_its_own_start(services: Services, question: str) -> None:
    answer = ask(question, None, services)
    assert answer.found
    # Its title, not Điều 8 or 11 that cite "Điều 10".
    assert first_sentence(answer.text).startswith("Cảnh báo kết quả học tập")
    assert answer.citations[0].location == "Điều 10"
    assert "Điều 8" not in answer.text and "Điều 11" not in answer.text


def test_an_article_of_another_document_is_not_answered(services: Services) -> None:
    answer = ask("Điều 10 của Luật Đất đai quy định gì?", None, services)
    assert not answer.found  # this Điều 10 is the regulation's, not the law's


def test_a_named_clause_answers_from_that_clause(services: Services) -> None:
    answer = ask("Theo khoản 2 Điều 10, sinh viên bị cảnh báo khi nào?", None, services)
    assert answer.found
    assert first_sentence(answer.text).startswith("2. Sinh viên bị cảnh báo")
    # The lead-in is followed by its first item, not by the last whole sentence after it.
    assert "Tổng số tín chỉ không đạt" in answer.text
    assert all(c.location == "Điều 10, khoản 2" for c in answer.citations)


def test_a_question_naming_no_article_has_no_scope(services: Services) -> None:
    answer = ask("Sinh viên bị cảnh báo được đăng ký tối đa bao nhiêu tín chỉ?", None, services)
    assert named_scope(answer.question, answer.hits) == {}
    assert "14 tín chỉ" in first_sentence(answer.text)
