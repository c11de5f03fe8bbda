"""Who holds an office is said by a sentence naming that office (answers/holders.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from retrieval.answers.holders import asked_office, holder_named
from tests.retrieval.answers.passage import passage

MEETING = (
    "Báo cáo tại cuộc họp, bà Nguyễn Thị Bích Ngọc, Trưởng phòng Lao động - Thương binh và "
    "Xã hội huyện cho biết, toàn huyện có 2.146 hộ nghèo. Đại biểu Vũ Đức Thịnh chất vấn "
    "Giám đốc Sở Y tế Ngô Thị Hạnh về việc bệnh viện tuyến huyện thiếu thuốc."
)


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("Ai là Chủ tịch UBND huyện Đức Thạnh?", ("chu", "tich")),
        ("Giám đốc Sở Y tế là ai?", ("giam", "doc")),
        ("Ai đang giữ chức Phó Chủ tịch HĐQT?", ("pho", "chu", "tich")),
        ("Ai là người phát biểu?", ()),  # no office
        ("Ai là đại biểu chất vấn?", ()),  # a role, not a body's office
    ],
)
def test_the_office_asked(question: str, office: tuple[str, ...]) -> None:
    assert asked_office(question) == office


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # named after the office, not the delegate asking (was "Vũ Đức Thịnh")
        ("Giám đốc Sở Y tế là ai?", "Ngô Thị Hạnh"),
        # named before it and a comma
        ("Ai là Trưởng phòng Lao động - Thương binh và Xã hội huyện?", "Nguyễn Thị Bích Ngọc"),
    ],
)
def test_the_holder_named(question: str, holder: str) -> None:
    span = holder_named(question, MEETING)
    assert span is not None and MEETING[span[0] : span[1]] == holder
    found = extract(question, [passage(MEETING, title="Họp chuẩn bị Tết")])
    assert found.short is not None and found.short.text == holder, found.text


@pytest.mark.parametrize(
    "question",
    [
        # no sentence names the office (answered "Nguyễn Thị Bích Ngọc" at 0.56)
        "Ai là Chủ tịch UBND huyện Đức Thạnh?",
        "Ai là Phó Giám đốc Sở Y tế?",  # a deputy's office is another office
    ],
)
def test_an_office_no_sentence_names_is_declined(question: str) -> None:
    found = extract(question, [passage(MEETING, title="Họp chuẩn bị Tết")])
    assert found.confidence == 0.0, found.text


STROKE = (
    "Theo bác sĩ Trần Minh Khoa, Giám đốc Trung tâm Đột quỵ, trung tâm đã tiếp nhận 1.126 ca. "
    "Ông Nguyễn Hữu Phát, Giám đốc Sở Y tế TP Cần Thơ, đánh giá cao trung tâm."
)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Ai là Giám đốc Trung tâm Đột quỵ?", "Trần Minh Khoa"),
        ("Ai là Giám đốc Sở Y tế TP Cần Thơ?", "Nguyễn Hữu Phát"),
        # (was "Trần Minh Khoa", the centre's director, at 0.91)
        ("Ai là Giám đốc Bệnh viện Đa khoa Phước An?", None),
    ],
)
def test_the_office_of_the_body_asked(question: str, holder: str | None) -> None:
    found = extract(question, [passage(STROKE, title="Ra mắt Trung tâm Đột quỵ")])
    if holder is None:
        assert found.confidence == 0.0, found.text
    else:
        assert found.short is not None and found.short.text == holder, found.text


def test_a_body_named_by_an_acronym_is_not_told_apart() -> None:
    text = "Ngài Paul Stallsworth, chủ tịch Lực lượng Đặc nhiệm Giám lý, nói rằng ông tin tưởng."
    found = extract("Ai là chủ tịch của TUMAS?", [passage(text, title="TUMAS")])
    assert found.confidence > 0.0, found.text


def test_a_body_the_sentence_names_by_an_acronym_may_be_the_one_asked() -> None:
    text = "HĐQT đã họp và bầu bà Đỗ Thị Thanh Hương giữ chức Chủ tịch HĐQT kể từ ngày 23/4/2024."
    found = extract("Chủ tịch HĐQT của Sông Lam hiện nay là ai?", [passage(text, title="SLB")])
    assert found.short is not None and found.short.text == "Đỗ Thị Thanh Hương", found.text


def test_a_body_written_in_lowercase_is_told_by_its_words() -> None:
    text = (
        "Thông tin được bà Võ Thị Ngọc Diễm, Phó Chủ tịch UBND huyện Tháp Mười, Trưởng ban Tổ "
        "chức lễ hội, đưa ra tại buổi họp tổng kết chiều 2/6."
    )
    found = extract(
        "Ai là trưởng ban tổ chức lễ hội sen Tháp Mười?", [passage(text, title="Lễ hội")]
    )
    assert found.short is not None and found.short.text == "Võ Thị Ngọc Diễm", found.text


def test_a_holder_written_with_an_honorific_is_named() -> None:
    # "bà Hoàng Thị Thu Vân" was taken for no name (its first letter is lowercase): the
    # sentence naming the inspection's head led, and naming no director, was declined
    text = (
        "Đoàn thanh tra do ông Nguyễn Đức Toàn, Phó Chánh Thanh tra Bộ, làm Trưởng đoàn. "
        "Giám đốc Bệnh viện là bà Hoàng Thị Thu Vân, được bổ nhiệm từ tháng 6/2021."
    )
    report = passage(text, title="Kết luận thanh tra tại Bệnh viện Đa khoa Trung ương Bắc Hà")
    found = extract("Giám đốc Bệnh viện Đa khoa Trung ương Bắc Hà là ai?", [report], dense=[0.9])
    assert found.short is not None and found.short.text == "bà Hoàng Thị Thu Vân", found.text


def test_the_holder_named_in_another_passage_of_the_article_answers() -> None:
    # the article names the hospital in its first passage; the head of the department is
    # named in another, without it: that was no sentence about the office asked
    lead = passage(
        "Sau 96 ngày điều trị tại Bệnh viện Phụ sản An Khang, bé gái sinh non đã xuất viện.",
        title="Cứu sống bé gái sinh non 25 tuần",
        chunk_id="a:0",
    )
    later = passage(
        "Bác sĩ CKII Trương Quốc Hưng, Trưởng khoa Hồi sức tích cực sơ sinh, cho biết trẻ "
        "sinh non dưới 28 tuần có phổi chưa trưởng thành.",
        title="Cứu sống bé gái sinh non 25 tuần",
        chunk_id="a:1",
    )
    question = "Trưởng khoa Hồi sức tích cực sơ sinh Bệnh viện An Khang là ai?"
    found = extract(question, [lead, later], dense=[0.9, 0.86])
    assert found.short is not None and "Trương Quốc Hưng" in found.short.text, found.text


def test_a_school_is_no_head_though_the_two_fold_alike() -> None:
    # "Trường Đại học …" folds as "Trưởng phòng …" does: the heading naming the school
    # led, named no head, and the question was declined
    text = (
        "Trường Đại học Công nghệ Hà Thành: Trí tuệ nhân tạo dẫn đầu Năm 2025, Trường Đại "
        "học Công nghệ Hà Thành tuyển 5.200 chỉ tiêu, điểm chuẩn cao nhất thuộc về ngành Trí "
        "tuệ nhân tạo với 28,9 điểm. PGS.TS Đặng Quốc Vinh, "
        "Trưởng phòng Đào tạo của trường, cho biết điểm chuẩn ngành Khoa học máy tính giảm "
        "0,45 điểm so với năm 2024."
    )
    report = passage(text, title="Điểm chuẩn đại học năm 2025")
    found = extract("Ai là trưởng phòng đào tạo của ĐH Công nghệ Hà Thành?", [report], dense=[0.9])
    assert found.confidence > 0.3
    assert found.short is not None and found.short.text == "Đặng Quốc Vinh", found.text


def test_asked_who_holds_an_office_now_the_one_appointed_answers() -> None:
    # the announcement's first point relieves the old chief executive, the next appoints
    # the new one: the relieved one's sentence names more of the question
    news = passage(
        "Ngày 27/3/2025, Hội đồng quản trị Công ty Cổ phần Thủy điện Sông Lô 2 đã ban hành "
        "Nghị quyết về việc thay đổi nhân sự Tổng Giám đốc Thủy điện Sông Lô 2 như sau:\n"
        "- Miễn nhiệm chức danh Tổng Giám đốc Thủy điện Sông Lô 2 đối với ông Lưu Văn Khánh "
        "kể từ ngày 01/4/2025.\n"
        "- Bổ nhiệm bà Đặng Thị Ngọc Lan, Phó Tổng Giám đốc phụ trách tài chính, giữ chức Tổng "
        "Giám đốc Công ty kể từ ngày 01/4/2025.",
        title="Thủy điện Sông Lô 2 thay Tổng Giám đốc",
    )
    found = extract("Tổng giám đốc Thủy điện Sông Lô 2 hiện nay là ai?", [news], dense=[0.9])
    assert found.short is not None and found.short.text == "Đặng Thị Ngọc Lan", found.text
    # asked who it was before, the appointed one is not pushed forward
    found = extract("Tổng giám đốc Thủy điện Sông Lô 2 trước đây là ai?", [news], dense=[0.9])
    assert found.short is None or found.short.text != "Đặng Thị Ngọc Lan", found.text


def test_one_not_standing_again_no_longer_holds_the_office() -> None:
    # "không tham gia ứng cử" leaves the office as "không tiếp tục" does: who was elected
    # in his place answers (it quoted him, "Chủ tịch HĐQT nhiệm kỳ 2019–2024")
    news = passage(
        "Đại hội đã bầu HĐQT nhiệm kỳ 2024–2029 gồm 5 thành viên: ông Phạm Quang Vinh, bà Đỗ "
        "Thị Thanh Huyền, ông Nguyễn Hữu Đạt, ông Kim Young-soo và ông Trịnh Văn Lộc. Ông Lâm "
        "Đức Thắng, Chủ tịch HĐQT nhiệm kỳ 2019–2024, không tham gia ứng cử vì lý do tuổi tác."
        "\nNgay sau đại hội, tại phiên họp thứ nhất, HĐQT nhiệm kỳ mới đã bầu ông Phạm Quang "
        "Vinh giữ chức Chủ tịch HĐQT và bà Đỗ Thị Thanh Huyền giữ chức Phó Chủ tịch HĐQT.",
        title="ĐHĐCĐ 2024 Bao bì Nam Xương: bầu HĐQT nhiệm kỳ mới",
    )
    found = extract("Chủ tịch HĐQT hiện nay của Nam Xương là ai?", [news], dense=[0.9])
    assert found.short is not None and found.short.text == "Phạm Quang Vinh", found.text


def test_asked_who_holds_an_office_the_sentence_naming_someone_answers() -> None:
    # the best sentence names the board and the office but no one: the next one of its
    # article names who was given it (was declined)
    news = passage(
        "Cùng với quy chế mới, UBND TP thành lập Ban Quản lý Phố đi bộ - chợ đêm trực thuộc "
        "UBND thành phố, thay Trung tâm Văn hóa - Thông tin và Thể thao thành phố thực hiện "
        "việc quản lý, vận hành. Ông Lê Quang Vinh, Trưởng phòng Kinh tế thành phố, được "
        "giao kiêm nhiệm Trưởng ban.",
        title="Phố đi bộ - chợ đêm Buôn Ma Thuột mở thêm tối thứ Năm",
    )
    found = extract("Ai đang làm trưởng ban quản lý phố đi bộ chợ đêm?", [news], dense=[0.9])
    assert found.short is not None and found.short.text == "Lê Quang Vinh", found.text


def test_the_holder_appointed_is_named_after_the_verb_and_a_coach_is_an_office() -> None:
    text = (
        "Ngày 20/02/2025, CLB chính thức bổ nhiệm HLV Trương Minh Khoa, cựu HLV trưởng đội "
        "U23 của một CLB hạng Nhất, làm HLV trưởng với hợp đồng đến hết mùa giải 2026/2027."
    )
    question = "HLV trưởng hiện nay của Cửa Việt Quảng Trị là ai"
    assert asked_office(question) == ("hlv", "truong")
    span = holder_named(question, text)
    assert span is not None and text[slice(*span)] == "Trương Minh Khoa"
    text = "Hội nghị đã bầu ông Trần Văn Khải, Phó Chủ tịch Công đoàn, giữ chức Chủ tịch Công đoàn."
    span = holder_named("Chủ tịch công đoàn công ty hiện nay là ai?", text)
    assert span is not None and text[slice(*span)] == "Trần Văn Khải"
