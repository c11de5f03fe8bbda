"""The office a named person holds, asked "… giữ chức vụ gì?" (answers/offices.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.offices import by_office, holder_of, office_of
from retrieval.answers.subject import names_no_holder
from retrieval.answers.types import ShortAnswer
from tests.retrieval.answers.passage import passage

_POLICE = (
    "Thượng tá Lê Quang Huy, Phó trưởng Phòng Cảnh sát giao thông Công an tỉnh, cho biết "
    "các vụ tai nạn tập trung trên tuyến cao tốc TP.HCM – Long Thành – Dầu Giây."
)
_JURY = (
    "Phát biểu tại buổi lễ, nhà văn Võ Thị Thu Hương, Phó Chủ tịch Hội Nhà văn TP.HCM, "
    "Trưởng Ban giám khảo, đánh giá chất lượng tác phẩm năm nay đồng đều hơn."
)
_CHAIR = "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân chủ trì hội nghị."
_REPORT = (
    "Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy cho biết năm 2017 kết nạp 5.000 đảng viên."
)


def _office(question: str, text: str) -> str | None:
    span = office_of(question, text)
    return None if span is None else text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("question", "text", "office"),
    [
        # a title of lowercase and capitalised words, between commas after the name
        ("Thượng tá Lê Quang Huy đang giữ chức vụ gì?", _POLICE,
         "Phó trưởng Phòng Cảnh sát giao thông Công an tỉnh"),
        ("Ông Huy có chức danh gì?", _POLICE, "Phó trưởng Phòng Cảnh sát giao thông Công an tỉnh"),
        # of two titles, the one of the body asked, else both
        ("Nhà văn Võ Thị Thu Hương giữ chức vụ gì trong Hội Nhà văn TP.HCM?", _JURY,
         "Phó Chủ tịch Hội Nhà văn TP.HCM"),
        ("Bà Võ Thị Thu Hương giữ chức vụ gì?", _JURY,
         "Phó Chủ tịch Hội Nhà văn TP.HCM, Trưởng Ban giám khảo"),
        # before the name; up to a reporting verb
        ("Ông Nguyễn Thiện Nhân giữ chức vụ gì?", _CHAIR, "Bí thư Thành ủy TPHCM"),
        ("Ông Ma Xuân Việt giữ chức vụ gì?", _REPORT, "Phó Trưởng Ban Tổ chức Thành ủy"),
        # no office asked, or not of someone the sentence names
        ("Ông Lê Quang Huy cho biết điều gì?", _POLICE, None),
        ("Ông Trần Văn Nam giữ chức vụ gì?", _POLICE, None),
    ],
)  # fmt: skip
def test_the_title_given_to_the_person_asked(question: str, text: str, office: str | None) -> None:
    assert _office(question, text) == office


_BOARD = (
    "Hội đồng xét tốt nghiệp do Hiệu trưởng thành lập, Phó Hiệu trưởng phụ trách đào tạo "
    "làm Chủ tịch, Trưởng phòng Đào tạo làm Thư ký."
)
_SCHOLARSHIPS = (
    "Chủ tịch Hội đồng là Hiệu trưởng hoặc Phó Hiệu trưởng được ủy quyền; Trưởng phòng Công "
    "tác sinh viên là Ủy viên thường trực."
)


@pytest.mark.parametrize(
    ("question", "text", "holder"),
    [
        ("Ai làm Chủ tịch Hội đồng xét tốt nghiệp?", _BOARD, "Phó Hiệu trưởng phụ trách đào tạo"),
        ("Ai làm Thư ký Hội đồng?", _BOARD, "Trưởng phòng Đào tạo"),
        ("Ai là Ủy viên thường trực của Hội đồng xét học bổng?", _SCHOLARSHIPS,
         "Trưởng phòng Công tác sinh viên"),
        ("Chủ tịch Hội đồng xét học bổng là ai?", _SCHOLARSHIPS,
         "Hiệu trưởng hoặc Phó Hiệu trưởng được ủy quyền"),
        ("Ai chủ trì hội nghị?", _BOARD, None),  # no office asked
        ("Ai là người đoạt giải Nhất?", _BOARD, None),
    ],
)  # fmt: skip
def test_who_a_rule_says_holds_the_office_asked(
    question: str, text: str, holder: str | None
) -> None:
    span = holder_of(question, text)
    assert (None if span is None else text[span[0] : span[1]]) == holder


def test_a_holder_by_office_is_someone() -> None:
    question = "Ai là Ủy viên thường trực của Hội đồng xét học bổng?"
    assert by_office(question, "Trưởng phòng Công tác sinh viên")
    assert not by_office(question, "Phòng Công tác sinh viên")  # a body
    assert not by_office("Ai là Giám đốc Sở Y tế?", "Giám đốc Sở Y tế")  # the office asked
    found = extract(question, [passage(_SCHOLARSHIPS, title="Quy định học bổng")])
    assert found.short is not None and found.short.text == "Trưởng phòng Công tác sinh viên"


def test_offices_listed_together_do_not_hold_one_another() -> None:
    # "Chủ tịch UBND các xã" is named beside "Chánh Văn phòng", not as its holder: no one
    # is (was answered "Chủ tịch UBND" at 0.96)
    text = (
        "Chánh Văn phòng HĐND và UBND huyện, Trưởng các phòng, ban chuyên môn thuộc UBND "
        "huyện, Chủ tịch UBND các xã, thị trấn và các tổ chức, cá nhân có liên quan chịu "
        "trách nhiệm thi hành Quyết định này."
    )
    found = extract(
        "Ai là Chánh Văn phòng HĐND và UBND huyện Đức Lâm?",
        [passage(text, title="Quyết định ban hành Quy chế")],
    )
    assert found.confidence == 0.0


def test_a_deputy_named_does_not_answer_who_holds_the_office() -> None:
    text = (
        "Ngày 24/02/2025, tại trụ sở UBND huyện, đồng chí Phạm Quốc Hưng, Phó Chủ tịch UBND "
        "huyện chủ trì cuộc họp nghe báo cáo tiến độ giải phóng mặt bằng. Các xã đã bàn giao "
        "85% diện tích mặt bằng cho đơn vị thi công."
    )
    found = extract(
        "Chủ tịch UBND huyện là ai?", [passage(text, title="Thông báo kết luận cuộc họp")]
    )
    assert found.confidence == 0.0 or (found.short is not None and "Hưng" not in found.short.text)


@pytest.mark.parametrize(
    ("phrase", "no_one"),
    [
        # capitalised as a document's name or a first word is: things (was answered
        # "Kế hoạch" at 0.87 for "Ai là Trưởng phòng Văn hóa và Thông tin huyện …?")
        ("Kế hoạch", True),
        ("Phản ánh, kiến nghị", True),
        # names have capitals past their first word
        ("Thiếu tướng James Abercrombie", False),
        ("Tập đoàn Thiết kế Troika", False),
        ("Hưng", False),
    ],
)
def test_a_thing_capitalised_as_a_documents_name_is_no_one(phrase: str, no_one: bool) -> None:
    assert names_no_holder("Ai là Giám đốc Sở Y tế?", "person", _short(phrase), "") is no_one


def _short(text: str) -> ShortAnswer:
    return ShortAnswer(
        text=text, start=0, end=len(text), n=1, article_start=0, article_end=len(text)
    )


def test_the_one_appointed_holds_the_office_not_the_club_of_an_aside() -> None:
    # "X, cựu HLV trưởng đội U23 của một CLB hạng Nhất, làm HLV trưởng": the clause before
    # "làm" is the aside's club
    text = (
        "Ngày 20/02/2025, CLB chính thức bổ nhiệm HLV Trương Minh Khoa, cựu HLV trưởng đội "
        "U23 của một CLB hạng Nhất, làm HLV trưởng với hợp đồng đến hết mùa giải 2026/2027."
    )
    span = holder_of("HLV trưởng hiện nay của Cửa Việt Quảng Trị là ai", text)
    assert span is not None and text[slice(*span)] == "Trương Minh Khoa"
