"""A sentence about another person than the one asked answers nothing of them
(persons_asked.py). Pure functions: no model, no index."""

from __future__ import annotations

from retrieval.answers.extractive import extract
from retrieval.answers.persons_asked import about_someone_else
from tests.retrieval.answers.passage import passage

TRIAL = passage(
    "Tại phiên tòa, đại diện Viện kiểm sát đề nghị mức án 19–20 năm tù đối với bị cáo Khải "
    "và 14–15 năm tù đối với bị cáo Diệp. Bị cáo Nguyễn Văn Sơn bị đề nghị mức án 7–8 năm tù.",
    title="Xét xử vụ tham ô tài sản tại Công ty Cấp nước Duyên Hải",
)


def test_another_defendant_is_no_answer() -> None:
    question = "Viện kiểm sát đề nghị mức án bao nhiêu đối với bị cáo Nguyễn Văn Sơn?"
    assert about_someone_else(question, "… 19–20 năm tù đối với bị cáo Khải và bị cáo Diệp.")
    assert not about_someone_else(question, "Bị cáo Sơn bị đề nghị mức án 7–8 năm tù.")
    assert not about_someone_else(question, "Ông cho biết mức án là thỏa đáng.")  # nobody named
    # "Ninh Bình" is a province as often as a name: no one asked
    office = "Giám đốc Sở Văn hóa, Thể thao và Du lịch Ninh Bình là ai?"
    assert not about_someone_else(office, "Ông Phạm Quang Thịnh, Giám đốc Sở, cho biết …")
    # a newspaper or an acronym after a role is no one's name either
    press = "Ai trả lời phóng viên Báo Kinh tế và Thị trường về số năm đóng BHXH?"
    assert not about_someone_else(press, "Ông Đinh Công Thắng cho biết luật đã giảm số năm.")
    hiring = "Trung tâm cần tuyển bao nhiêu kỹ sư CNTT năm 2025?"
    assert not about_someone_else(hiring, "Theo ông Toàn, tỉnh cần khoảng 60 kỹ sư.")
    found = extract(question, [TRIAL], dense=[0.9])
    assert found.short is not None and found.short.text.startswith("7–8 năm"), found.text


def test_nobody_asked_of_no_one_named_declines() -> None:
    question = "Viện kiểm sát đề nghị mức án bao nhiêu đối với bị cáo Hà Minh Đức?"
    found = extract(question, [TRIAL], dense=[0.9])
    assert found.confidence == 0.0, found.text
