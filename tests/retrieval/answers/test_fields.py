"""A notice's labelled fields answer what their labels say (fields.py): "Địa điểm: …"
where, "Thời gian: …" when, "Đối tượng: …" for whom, and any label the question names.
Pure functions: no model, no index."""

from __future__ import annotations

import pytest

from retrieval.answers.context import introducers
from retrieval.answers.extractive import extract
from retrieval.answers.fields import field_value
from retrieval.answers.sentences import _analysed
from tests.retrieval.answers.passage import passage

INVITATION = passage(
    "Văn phòng Sở trân trọng kính mời các đồng chí dự Hội nghị tổng kết công tác năm 2024.\n"
    "1. Thời gian: 01 buổi, bắt đầu từ 07 giờ 30 phút, sáng thứ Tư, ngày 22/01/2025.\n"
    "2. Địa điểm: Hội trường tầng 1, trụ sở Sở Nông nghiệp và Phát triển nông thôn.\n"
    "3. Thành phần: Các Phó Giám đốc Sở; Trưởng các phòng chuyên môn.\n"
    "4. Kinh phí: do ngân sách Sở bảo đảm.",
    title="Giấy mời dự Hội nghị tổng kết công tác năm 2024",
)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Hội nghị tổng kết năm 2024 họp ở đâu?", "Hội trường tầng 1"),
        ("Hội nghị tổng kết năm 2024 bắt đầu khi nào?", "ngày 22/01/2025"),
        ("Những ai được mời dự hội nghị tổng kết?", "Các Phó Giám đốc Sở"),
    ],
)
def test_the_field_whose_label_answers_leads(question: str, value: str) -> None:
    found = extract(question, [INVITATION], dense=[0.9])
    assert found.short is not None and found.short.text.startswith(value), found.text
    assert found.confidence >= 0.5, found.confidence  # as sure as the article was found


def test_a_sentence_saying_what_is_asked_needs_no_field() -> None:
    rules = passage(
        "1. Thời gian: áp dụng từ ngày 15/01/2025.\n"
        "2. Đối với chuyến công tác ngoài tỉnh, phải đăng ký xe trước ít nhất 02 ngày làm việc.",
        title="Thông báo về việc sử dụng xe ô tô công",
    )
    found = extract("Đi công tác ngoài tỉnh phải đăng ký xe trước bao lâu?", [rules], dense=[0.9])
    assert found.short is not None and found.short.text == "ít nhất 02 ngày làm việc", found.text


def test_a_key_value_line_named_by_the_question_answers() -> None:
    rules = passage(
        "2. Tỷ lệ người lao động được xếp loại Hoàn thành xuất sắc nhiệm vụ không vượt quá "
        "15% tổng số lao động của mỗi phòng.\n"
        "3. Mức thưởng theo kết quả xếp loại:\n"
        "Hoàn thành xuất sắc nhiệm vụ: 2,0 tháng lương.\n"
        "Hoàn thành tốt nhiệm vụ: 1,5 tháng lương.",
        title="Quyết định về việc chi thưởng cuối năm 2024",
    )
    found = extract(
        "Xếp loại hoàn thành xuất sắc nhiệm vụ được thưởng bao nhiêu?", [rules], dense=[0.9]
    )
    assert found.short is not None and found.short.text == "2,0 tháng lương", found.text


def test_no_field_no_value() -> None:
    assert field_value("Hội nghị họp ở đâu?", "place", "Hội nghị họp tại hội trường.") is None
    # a field of another kind than asked, its label not named
    assert field_value("Hội nghị họp ở đâu?", "place", "Thời gian: sáng 22/01/2025.") is None
    text = "2. Địa điểm: Hội trường tầng 1."
    span = field_value("Hội nghị họp ở đâu?", "place", text)
    assert span is not None and text[span[0] : span[1]] == "Hội trường tầng 1"


def test_a_long_value_is_cut_at_a_comma() -> None:
    text = (
        "2. Địa điểm: Phòng máy tính tầng 4, Trường Chính trị tỉnh Hòa Bắc, số 45 đường Trần "
        "Phú, phường Hòa Bình, thành phố Hòa Bắc, tỉnh Hòa Bắc."
    )
    span = field_value("Lớp bồi dưỡng học ở đâu?", "place", text)
    assert span is not None
    assert text[span[0] : span[1]] == "Phòng máy tính tầng 4, Trường Chính trị tỉnh Hòa Bắc"


def test_a_field_in_another_unit_than_asked_answers_nothing() -> None:
    rules = passage(
        "Số lượng Chiến sĩ thi đua cơ sở không vượt quá 15% tổng số cá nhân đạt danh hiệu Lao "
        "động tiên tiến.\n"
        "Mức tiền thưởng cụ thể:\n"
        "b) Chiến sĩ thi đua cơ sở: 1,0 lần, tương đương 2.340.000 đồng.",
        title="Quy chế thi đua, khen thưởng",
    )
    question = "Số Chiến sĩ thi đua cơ sở tối đa được bao nhiêu phần trăm số Lao động tiên tiến?"
    found = extract(question, [rules], dense=[0.9])
    assert found.short is not None and found.short.text == "không vượt quá 15%", found.text
    paid = extract("Chiến sĩ thi đua cơ sở được thưởng bao nhiêu tiền?", [rules], dense=[0.9])
    assert paid.short is not None and "2.340.000 đồng" in paid.short.text, paid.text


PLAN = (
    "III. NHIỆM VỤ CỤ THỂ\n"
    "1. Cải cách thể chế: Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh. Cơ quan "
    "chủ trì: Sở Tư pháp. Thời hạn hoàn thành: trước ngày 30/6/2025.\n"
    "2. Cải cách tổ chức bộ máy: Sắp xếp, kiện toàn tổ chức bên trong các sở sau hợp nhất. "
    "Cơ quan chủ trì: Sở Nội vụ. Thời hạn hoàn thành: trước ngày 30/4/2025."
)


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Sở nào chủ trì cải cách thể chế?", "Sở Tư pháp"),
        ("Cơ quan nào chủ trì sắp xếp, kiện toàn tổ chức bên trong các sở?", "Sở Nội vụ"),
        ("Hạn hoàn thành sắp xếp, kiện toàn tổ chức các sở là khi nào?", "30/4/2025"),
    ],
)
def test_a_tasks_labelled_fields_are_said_of_it(question: str, phrase: str) -> None:
    found = extract(
        question, [passage(PLAN, title="Kế hoạch cải cách hành chính năm 2025")], dense=[0.9]
    )
    assert found.short is not None and phrase in found.short.text, found.text


def test_each_field_of_a_task_is_introduced_by_the_task_itself() -> None:
    """The task's second field ("Thời hạn hoàn thành") lends from the task, not from the
    field before it (its stored sentence cosine too: sentence_cosines reads the order)."""
    sentences = _analysed(PLAN)
    task = next(s for s in sentences if s.raw.startswith("1. Cải cách thể chế"))
    by = introducers(sentences)
    fields = [s for s in sentences if task.order < s.order <= task.order + 2]
    assert [s.raw.split(":")[0] for s in fields] == ["Cơ quan chủ trì", "Thời hạn hoàn thành"]
    for field in fields:
        assert [(i.order, i.raw) for i in by[field.order]] == [(task.order, task.raw)]


# One procedure in two passages: the time limit to register comes first in search.
PROCEDURE = [
    passage(
        "9. Lệ phí: Miễn lệ phí đăng ký khai sinh đúng hạn.\n"
        "10. Yêu cầu, điều kiện thực hiện: Trong thời hạn 60 ngày kể từ ngày sinh con, cha "
        "hoặc mẹ có trách nhiệm đăng ký khai sinh cho con.",
        title="Thủ tục đăng ký khai sinh",
        chunk_id="a:1",
    ),
    passage(
        "4. Số lượng hồ sơ: 01 bộ.\n"
        "5. Thời hạn giải quyết: Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau "
        "15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo.\n"
        "8. Kết quả thực hiện: Bản chính Giấy khai sinh.",
        title="Thủ tục đăng ký khai sinh",
        chunk_id="a:0",
    ),
]


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        # how long the procedure takes: its "Thời hạn giải quyết" (was the 60 days)
        ("Làm giấy khai sinh thì bao lâu có kết quả?", "5. Thời hạn giải quyết"),
        # how long one has to register is another duration, said in its own sentence
        ("Sinh con xong phải đăng ký khai sinh trong thời hạn bao lâu?", "10. Yêu cầu"),
    ],
)
def test_how_long_a_procedure_takes_is_its_processing_time(question: str, opens: str) -> None:
    found = extract(question, PROCEDURE, dense=[0.9, 0.85])
    assert found.text.startswith(opens), found.text


def test_a_name_heading_a_title_is_no_field() -> None:
    # "Bệnh viện Đa khoa huyện Kim Sơn: nâng chất lượng …" (a headline run into its lead)
    # was read as a field the question named, and led the answer naming no director
    text = (
        "Bệnh viện Đa khoa huyện Kim Sơn: nâng chất lượng khám, chữa bệnh cho người dân vùng "
        "ven biển (Ninh Bình, 12/4/2024) – Là bệnh viện tuyến huyện phục vụ hơn 180.000 "
        "người dân. BSCKII Phạm Văn Thắng, Giám đốc Bệnh viện Đa khoa huyện Kim Sơn, người "
        "giữ cương vị này từ tháng 7/2019, cho biết bệnh viện thường xuyên quá tải."
    )
    hit = passage(text, title="Bệnh viện Đa khoa huyện Kim Sơn nâng chất lượng khám bệnh")
    found = extract("Giám đốc Bệnh viện Đa khoa huyện Kim Sơn hiện nay là ai?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "Phạm Văn Thắng", found.text


_WELFARE = (
    "Điều 5. Chi phúng viếng\n"
    "1. Đoàn viên từ trần: phúng viếng 3.000.000 đồng và 01 vòng hoa.\n"
    "2. Vợ hoặc chồng, con của đoàn viên từ trần: phúng viếng 1.500.000 đồng.\n"
    "3. Bố, mẹ đẻ; bố, mẹ vợ hoặc bố, mẹ chồng của đoàn viên từ trần: phúng viếng "
    "1.000.000 đồng.\n"
    "4. Ông, bà nội và ông, bà ngoại của đoàn viên từ trần: phúng viếng 500.000 đồng."
)


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("Bố vợ của đoàn viên mất thì công đoàn phúng viếng bao nhiêu?", "1.000.000 đồng"),
        ("Ông ngoại đoàn viên mất thì công đoàn viếng bao nhiêu vậy", "500.000 đồng"),
        ("Đoàn viên từ trần thì công đoàn phúng viếng bao nhiêu?", "3.000.000 đồng"),
    ],
)
def test_a_label_said_of_someone_else_in_the_question_is_not_what_it_asks(
    question: str, amount: str
) -> None:
    # "1. Đoàn viên từ trần: …" led: the question names its label, but of the member's
    # father-in-law ("Bố vợ của đoàn viên từ trần", as the passages say "mất")
    rules = passage(_WELFARE, title="Quy chế chi phúc lợi của Công đoàn")
    found = extract(question, [rules], dense=[0.9])
    assert found.short is not None and found.short.text == amount, found.text


SCHEDULE = passage(
    "LỊCH CÔNG TÁC TUẦN 12 CỦA LÃNH ĐẠO SỞ\n\n"
    "THỨ NĂM (20/3)\n"
    "- 08h00: PGĐ Trần Văn Bình: Chủ trì họp Hội đồng thẩm định giá đất cụ thể năm 2025. "
    "Thành phần: Thành viên Hội đồng, Phòng Kinh tế đất. Địa điểm: Phòng họp tầng 2.\n"
    "- 14h00: PGĐ Đỗ Thị Lan: Họp Hội đồng thi đua khen thưởng quý 1 năm 2025. "
    "Thành phần: Văn phòng Sở. Địa điểm: Phòng họp tầng 3.\n\n"
    "Ghi chú: Lịch công tác có thể thay đổi.",
    title="Lịch công tác tuần 12",
)


@pytest.mark.parametrize(
    ("question", "item"),
    [
        ("Anh Bình chủ trì họp hội đồng gì?", "Hội đồng thẩm định giá đất"),
        ("Chị Lan họp hội đồng gì vậy", "Hội đồng thi đua khen thưởng"),
    ],
)
def test_a_field_of_another_kind_than_asked_gives_way_to_its_item(question: str, item: str) -> None:
    # The item's fields hold its words (context.introducers) and are shorter; but where
    # the meeting is or who attends does not say which council met.
    found = extract(question, [SCHEDULE], dense=[0.9])
    assert item in found.text.split(" [1]")[0], found.text


def test_a_field_naming_what_is_asked_stays() -> None:
    found = extract("Chị Lan họp hội đồng thi đua ở phòng nào?", [SCHEDULE], dense=[0.9])
    assert found.short is not None and "tầng 3" in found.short.text, found.text


MINUTES = passage(
    "BIÊN BẢN HỌP\nTriển khai ứng phó đợt mưa lớn từ ngày 26/10 đến ngày 29/10/2025\n"
    "Thời gian: 14h00, thứ Sáu, ngày 24/10/2025.\n"
    "Địa điểm: Phòng họp tầng 1, trụ sở Chi cục Thủy lợi.\n"
    "Chủ trì: Ông Phan Đình Lợi – Phó Giám đốc Sở.\n"
    "Thành phần: Chi cục Thủy lợi; Phòng Kế hoạch – Tài chính; Đài Khí tượng Thủy văn tỉnh.\n"
    "Thư ký: Ông Nguyễn Công Minh – Chuyên viên Chi cục Thủy lợi.",
    title="Biên bản họp triển khai ứng phó mưa lớn",
)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Cuộc họp ứng phó mưa lớn chiều 24/10 ai làm thư ký?", "Nguyễn Công Minh"),
        ("Họp ứng phó mưa lớn ngày 24/10 do ai chủ trì", "Phan Đình Lợi"),
    ],
)
def test_a_role_the_question_names_is_answered_by_its_field(question: str, name: str) -> None:
    # "Thư ký", "Chủ trì": two syllables, short for a label the question names, yet the
    # role asked; the time field held the question's day and led
    found = extract(question, [MINUTES], dense=[0.9])
    assert found.short is not None and found.short.text == name, found.text
