"""The extractive answer reads a sentence in its article's context: the year a dated
article's "năm nay" stands for, the subject its dateline names, and a question typed
without diacritics (sentence_time.in_time, context.in_lead, gate.UNACCENTED_COSINE_DROP).
Pure functions: no model, no index."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from retrieval.answers.dating import not_found_for, period_label
from retrieval.answers.extractive import Extract, extract
from retrieval.answers.gate import GATE_FEATURES, UNACCENTED_COSINE_DROP
from retrieval.answers.gate_evidence import gate_features
from retrieval.answers.section_time import heading_times
from retrieval.answers.sentence_time import off_time, says_no_time
from retrieval.index.chunks import Hit
from retrieval.language.datelines import is_dateline
from retrieval.language.timeexpr import Period, asked_time
from retrieval.settings import Settings
from tests.retrieval.answers.passage import passage

TODAY = date(2025, 3, 1)
FLOOR = Settings(_env_file=None).relevance_floor  # type: ignore[call-arg]


def _hit(text: str, published: str, *, title: str = "Hội nghị tổng kết") -> Hit:
    return Hit(
        chunk_id=f"c-{published}",
        article_id=f"a-{published}",
        title=title,
        source="Bản tin nội bộ",
        published=published,
        url="",
        origin="",
        text=text,
        start=0,
        end=len(text),
        paragraph=0,
        score=0.9,
    )


# A plan article of January 2024: it never writes "2024", only "năm nay".
PLAN_2024 = _hit(
    "Sáng 9/1, Xí nghiệp Cơ khí Hòa Bình họp toàn thể cán bộ, công nhân viên để bàn kế "
    "hoạch sản xuất. Giám đốc Ngô Thanh Tùng chủ trì cuộc họp. "
    "Năm qua, xí nghiệp hoàn thành 1.200 bộ khung thép cho các công trình cầu. "
    "Nhiệm vụ trọng tâm năm nay là chế tạo thành công dầm thép cho cầu vượt sông Đáy. "
    "Các tổ sản xuất ký cam kết thi đua ngay tại cuộc họp.",
    "2024-01-09",
)
ANSWER_2024 = "chế tạo thành công dầm thép cho cầu vượt sông Đáy"


def _period(question: str, today: date = TODAY) -> Period:
    asked = asked_time(question, today)
    assert asked is not None and asked.period is not None
    return asked.period


def _asked(question: str, hit: Hit) -> Extract:
    """The answer to `question` from one passage, on the day TODAY, its time read."""
    return extract(question, [hit], dense=[0.9], period=_period(question))


def test_a_year_asked_is_present_in_an_article_of_that_year_saying_nam_nay() -> None:
    question = "Nhiệm vụ trọng tâm năm 2024 của xí nghiệp Hòa Bình là gì?"
    found = extract(question, [PLAN_2024], dense=[0.88], period=_period(question))
    assert found.text.startswith("Nhiệm vụ trọng tâm năm nay là"), found.text
    assert ANSWER_2024 in found.text.split(" [1]")[0]
    assert found.confidence >= FLOOR, found.confidence
    features = dict(
        zip(
            GATE_FEATURES,
            gate_features(question, [PLAN_2024], [0.88], _period(question)) or (),
            strict=True,
        )
    )
    assert features["number_missing"] == 0.0
    # Without the time layer's reading the year is missing from the whole passage.
    blind = dict(
        zip(GATE_FEATURES, gate_features(question, [PLAN_2024], [0.88]) or (), strict=True)
    )
    assert blind["number_missing"] == 1.0


def test_a_sentence_about_another_year_does_not_gain_the_year_asked() -> None:
    # "Năm qua" in January 2024 is 2023: asked about 2024, that sentence stays without it.
    question = "Năm 2024 xí nghiệp Hòa Bình hoàn thành bao nhiêu bộ khung thép?"
    period = _period(question)
    with_time = gate_features(question, [PLAN_2024], [0.88], period)
    assert with_time is not None
    found = extract(question, [PLAN_2024], dense=[0.88], period=period)
    # The passage is about 2024 (its date), so the year is not missing from it...
    assert dict(zip(GATE_FEATURES, with_time, strict=True))["number_missing"] == 0.0
    # ... and asked about 2023, the "năm qua" sentence is the one that holds it.
    question_2023 = "Năm 2023 xí nghiệp Hòa Bình hoàn thành bao nhiêu bộ khung thép?"
    found = extract(question_2023, [PLAN_2024], dense=[0.88], period=_period(question_2023))
    assert found.text.startswith("Năm qua, xí nghiệp hoàn thành 1.200 bộ khung thép")


def test_a_figure_of_another_year_is_no_answer_for_the_year_asked() -> None:
    # January 2024's "năm qua" is 2023: its 1.200 frames are 2023's, and the article has
    # no figure for 2024. It is declined, not answered with 2023's number.
    question = "Năm 2024 xí nghiệp Hòa Bình hoàn thành bao nhiêu bộ khung thép?"
    found = extract(question, [PLAN_2024], dense=[0.88], period=_period(question))
    assert found.confidence == 0.0, found.text
    assert not found.text.startswith("Năm qua"), found.text
    # Had the year not mattered it would be answered: the topic is there, the year not.
    assert found.other_time is not None and found.other_time >= FLOOR
    question_2023 = "Năm 2023 xí nghiệp Hòa Bình hoàn thành bao nhiêu bộ khung thép?"
    found = extract(question_2023, [PLAN_2024], dense=[0.88], period=_period(question_2023))
    assert found.confidence >= FLOOR, found.confidence


# The sample article's kind: a conference of February 2018 that rewards 2017's work.
CONFERENCE_2018 = _hit(
    "Sáng 8/2, Thành ủy tổ chức hội nghị tổng kết công tác năm 2017. "
    "Tại hội nghị, Ban Thường vụ Thành ủy trao bằng khen cho 6 tập thể hoàn thành xuất "
    "sắc nhiệm vụ năm 2017. "
    "Năm qua, Thành ủy kết nạp 5.100 đảng viên mới. "
    "Bí thư đề nghị hoàn chỉnh cơ sở dữ liệu cán bộ điện tử để tháng 6 triển khai.",
    "2018-02-08",
)


def test_a_year_spelled_out_in_an_article_of_the_year_asked_may_be_its_subject() -> None:
    # The awards are given in 2018 (at the conference) for 2017's work: "năm 2017" is
    # what they are for, and the reader sees it. Answered.
    question = "Năm 2018, Ban Thường vụ Thành ủy trao bằng khen cho bao nhiêu tập thể?"
    found = extract(question, [CONFERENCE_2018], dense=[0.88], period=_period(question))
    assert found.text.startswith("Tại hội nghị"), found.text
    assert found.confidence >= FLOOR and found.other_time is None
    # "Năm qua" hides its year (2017): not an answer for 2018.
    question = "Năm 2018 Thành ủy kết nạp bao nhiêu đảng viên mới?"
    found = extract(question, [CONFERENCE_2018], dense=[0.88], period=_period(question))
    assert "5.100" not in found.text.split(" [1]")[0] or found.confidence == 0.0, found.text


def test_a_plan_for_the_next_year_neither_answers_nor_outranks_this_years_figure() -> None:
    review = _hit(
        "Chiều 18/12, UBND phường tổ chức hội nghị tổng kết. Bên cạnh đó, phường đã giới "
        "thiệu, giải quyết việc làm cho 1.120 lao động, đạt 124% kế hoạch. Năm 2025, phường "
        "phấn đấu thu ngân sách đạt 155 tỷ đồng và giải quyết việc làm cho ít nhất 1.000 lao "
        "động.",
        "2024-12-18",
    )
    question = "Phường đã giải quyết việc làm cho bao nhiêu người lao động trong năm 2024?"
    found = extract(question, [review], dense=[0.88], period=_period(question))
    assert found.confidence >= FLOOR and found.short is not None
    assert found.short.text == "1.120 lao động", found.text
    question = "Năm 2025 phường phấn đấu giải quyết việc làm cho bao nhiêu lao động?"
    found = extract(question, [review], dense=[0.88], period=_period(question))
    assert found.text.startswith("Năm 2025, phường phấn đấu"), found.text
    # "155 tỷ đồng" counts no "lao động", folded alike ("dong")
    assert found.short is not None and found.short.text == "ít nhất 1.000 lao động"


# Two reviews dated 2024: January's reports on 2023 (its title's year), December's on 2024.
REVIEW_OF_2023 = _hit(
    "Ngày 12/1, công ty tổ chức hội nghị tổng kết năm 2023 và đề ra phương hướng nhiệm vụ năm "
    "2024. Tổng giám đốc cho biết năm 2023 doanh thu của công ty đạt 1.415 tỷ đồng, vượt kế "
    "hoạch đề ra. Sản lượng xuất khẩu đạt 57.300 tấn.",
    "2024-01-12",
    title="Công ty vượt kế hoạch doanh thu năm 2023",
)
REVIEW_OF_2024 = _hit(
    "Chiều 27/12, công ty tổ chức hội nghị tổng kết năm 2024. Theo báo cáo, năm 2024 công ty "
    "đạt doanh thu 1.610 tỷ đồng, vượt 4% kế hoạch. Sản lượng xuất khẩu đạt 63.500 tấn.",
    "2024-12-27",
    title="Công ty tổng kết năm 2024",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # a sentence spelling the year asked is its figure, even below one spelling another
        ("Năm 2024 công ty đạt doanh thu bao nhiêu?", "1.610 tỷ đồng"),
        # a January review's undated figure is of the year its title names
        ("Năm 2024, sản lượng xuất khẩu của công ty đạt bao nhiêu?", "63.500 tấn"),
        ("Năm 2023, sản lượng xuất khẩu của công ty đạt bao nhiêu?", "57.300 tấn"),
    ],
)
def test_a_review_published_early_in_a_year_reports_the_year_before(
    question: str, answer: str
) -> None:
    hits = [REVIEW_OF_2023, REVIEW_OF_2024]
    found = extract(question, hits, dense=[0.9, 0.88], period=_period(question))
    assert found.confidence >= FLOOR, found.text
    assert found.short is not None and found.short.text == answer, found.text


# January's review of the past year that also sets the new year's tasks: its title names
# both years, and a passage of it naming no time is of the year reviewed.
REVIEW_AND_TASKS = _hit(
    "Sáng 9/1/2025, Thành ủy tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2024. "
    "Trong năm, toàn Đảng bộ kết nạp 412 đảng viên mới, đạt 117,7% chỉ tiêu. Ủy ban Kiểm "
    "tra đã thi hành kỷ luật 19 đảng viên. Về nhiệm vụ năm 2025, Thành ủy phấn đấu kết nạp "
    "ít nhất 380 đảng viên mới.",
    "2025-01-10",
    title="Thành ủy tổng kết công tác xây dựng Đảng năm 2024, triển khai nhiệm vụ năm 2025",
)
CHECKS = _hit(
    "Về công tác kiểm tra, giám sát, Ủy ban Kiểm tra các cấp đã thi hành kỷ luật 19 đảng "
    "viên, gồm 11 trường hợp khiển trách.",
    "2025-01-10",
    title="Thành ủy tổng kết công tác xây dựng Đảng năm 2024, triển khai nhiệm vụ năm 2025",
)


@pytest.mark.parametrize(
    ("question", "hit", "answer"),
    [
        # "Trong năm" of the review is 2024 (was read as 2025: 2024's question got the
        # party's size at 31/12/2024, and 2025's target question this count)
        ("Năm 2024 Thành ủy kết nạp được bao nhiêu đảng viên mới?", REVIEW_AND_TASKS, "412"),
        # the target of 2025 is not outranked by 2024's result
        ("Năm 2025 Thành ủy đặt chỉ tiêu kết nạp mấy đảng viên mới?", REVIEW_AND_TASKS, "380"),
        # a passage naming no time, in a review of 2024 published in 2025 (was declined
        # "cho năm 2024")
        ("Trong năm 2024 có bao nhiêu đảng viên bị kỷ luật?", CHECKS, "19 đảng viên"),
    ],
)
def test_a_review_of_the_past_year_that_sets_the_new_years_tasks(
    question: str, hit: Hit, answer: str
) -> None:
    found = _asked(question, hit)
    assert found.confidence >= FLOOR, found.text
    assert found.short is not None and answer in found.short.text, found.text


def test_a_result_of_the_new_year_is_not_what_its_review_of_the_last_says() -> None:
    question = "Năm 2025 Thành ủy kết nạp bao nhiêu đảng viên mới?"
    found = _asked(question, REVIEW_AND_TASKS)
    assert found.confidence < FLOOR, found.text


def test_a_half_years_report_answers_for_the_half_year_not_its_quarter() -> None:
    report = _hit(
        "Tỉnh đã chi 12,6 tỷ đồng hỗ trợ chi phí học tập cho 24.560 học sinh. Để đạt mục "
        "tiêu tăng trưởng GRDP cả năm từ 7,5% trở lên, tỉnh cần đẩy nhanh giải ngân.",
        "2024-07-08",
        title="Báo cáo kết quả 6 tháng đầu năm 2024",
    )
    # its July date is after the half year; its title says which (was declined)
    half = "6 tháng đầu năm 2024 tỉnh chi bao nhiêu tiền hỗ trợ chi phí học tập?"
    found = _asked(half, report)
    assert found.confidence >= FLOOR and found.short is not None, found.text
    assert found.short.text.startswith("12,6 tỷ đồng")
    quarter = "GRDP của tỉnh riêng quý II/2024 tăng bao nhiêu phần trăm?"
    found = _asked(quarter, report)
    assert found.confidence < FLOOR, found.text


def test_a_months_report_published_in_the_next_month_is_not_about_that_month() -> None:
    report = _hit(
        "Chỉ số giá tiêu dùng tháng 11 tăng 0,27% so với tháng trước. Tính chung 11 tháng "
        "năm 2024, CPI bình quân tăng 3,41% so với cùng kỳ năm 2023.",
        "2024-12-04",
        title="CPI tháng 11/2024 của thành phố tăng 0,27%",
    )
    # published on 4 December, it reports November (was answered "3,41%")
    december = "CPI tháng 12/2024 của thành phố tăng bao nhiêu?"
    found = _asked(december, report)
    assert found.confidence < FLOOR, found.text
    november = "CPI tháng 11/2024 của thành phố tăng bao nhiêu so với tháng trước?"
    found = _asked(november, report)
    assert found.confidence >= FLOOR and found.short is not None, found.text
    assert found.short.text == "0,27%"


def test_a_title_naming_the_year_says_nothing_of_its_quarter() -> None:
    review = _hit(
        "Theo đó, GRDP của tỉnh ước tăng 6,85% so với năm trước, xếp thứ 4 trong vùng.",
        "2023-12-28",
        title="Kinh tế tỉnh Hòa Lâm năm 2023 tăng trưởng khá",
    )
    # (was answered "6,85%", the year's growth, once titles were read)
    question = "GRDP quý II/2023 của tỉnh Hòa Lâm tăng bao nhiêu?"
    found = _asked(question, review)
    assert found.confidence < FLOOR, found.text


def test_a_month_inside_the_months_asked_does_not_answer_for_them() -> None:
    report = _hit(
        "CPI tháng 11/2024 trên địa bàn thành phố tăng 0,27% so với tháng trước. Tính chung "
        "11 tháng năm 2024, CPI bình quân tăng 3,41% so với cùng kỳ năm 2023.",
        "2024-12-04",
        title="CPI tháng 11/2024 của thành phố tăng 0,27%",
    )
    question = "Bình quân 11 tháng năm 2024 CPI của thành phố tăng bao nhiêu?"
    found = _asked(question, report)
    assert found.short is not None and found.short.text == "3,41%", found.text


def test_a_school_years_rules_answer_for_the_year_asked() -> None:
    rules = _hit(
        "Học phí nhóm ngành Kế toán là 420.000 đồng/tín chỉ.",
        "2024-08-15",
        title="Quy định học phí năm học 2024-2025",
    )
    # asked in 2025 (was declined "cho năm 2025": its August 2024 date is not 2025)
    question = "Học phí ngành Kế toán năm 2025 bao nhiêu một tín chỉ?"
    found = _asked(question, rules)
    assert found.confidence >= FLOOR, found.text


def test_asked_no_time_the_newest_of_the_yearly_articles_saying_it_answers() -> None:
    older = _hit(
        "Sáng 28/12, Lộc Điền Xanh tổ chức hội nghị tổng kết. Công ty hiện có 1.850 lao động, "
        "thu nhập bình quân 8,2 triệu đồng/người/tháng.",
        "2022-12-28",
    )
    newer = _hit(
        "Chiều 27/12, Lộc Điền Xanh tổ chức hội nghị tổng kết. Số lao động hiện là 2.450 người,"
        " thu nhập bình quân 9,6 triệu đồng/người/tháng, cao nhất từ trước đến nay.",
        "2024-12-27",
    )
    question = "Lộc Điền Xanh hiện có bao nhiêu lao động?"
    found = extract(question, [older, newer], dense=[0.9, 0.86])
    assert found.text.startswith("Số lao động hiện là 2.450"), found.text
    # Another thing said in the newer article is not "the same" ("quận 5" for "quận 3").
    other = _hit("Quận 5 hiện có 2.450 lao động, thu nhập bình quân 9,6 triệu đồng.", "2024-12-27")
    third = _hit("Quận 3 hiện có 1.850 lao động, thu nhập bình quân 8,2 triệu đồng.", "2022-12-28")
    found = extract("Quận 3 hiện có bao nhiêu lao động?", [third, other], dense=[0.9, 0.88])
    assert found.text.startswith("Quận 3 hiện có"), found.text


def test_a_month_without_its_year_does_not_make_a_sentence_another_times() -> None:
    # "tháng 6" in February's plan is June to come, though read as the latest June begun
    # (2017): it does not take the sentence out of 2018.
    question = "Năm 2018 cơ sở dữ liệu cán bộ điện tử triển khai khi nào?"
    found = extract(question, [CONFERENCE_2018], dense=[0.88], period=_period(question))
    assert found.text.startswith("Bí thư đề nghị hoàn chỉnh"), found.text
    assert found.confidence >= FLOOR


def test_the_task_of_another_year_is_not_quoted_for_the_year_asked() -> None:
    # "Nhiệm vụ trọng tâm năm nay" in January 2024 is 2024's task; asked about 2023, the
    # sentence is no candidate, and the best evidence being of 2024, nothing answers.
    question = "Nhiệm vụ trọng tâm năm 2023 của xí nghiệp Hòa Bình là gì?"
    found = extract(question, [PLAN_2024], dense=[0.88], period=_period(question))
    assert ANSWER_2024 not in found.text, found.text
    assert found.confidence == 0.0


# An awards article whose dateline names the company and the event.
AWARDS = _hit(
    "Chiều 20/12, Công ty Cấp nước Bến Thành tổ chức lễ biểu dương người lao động tiêu "
    "biểu năm 2024. Phó giám đốc Lâm Thị Hoa trao bằng khen cho các cá nhân. "
    "Người lao động xuất sắc nhất là anh Vũ Đức Thịnh, tổ trưởng tổ sửa chữa đường ống. "
    "Năm nay có 45 công nhân và kỹ sư được khen thưởng.",
    "2024-12-20",
    title="Biểu dương người lao động",
)


def test_the_dateline_is_not_the_answer_to_a_question_about_what_it_announces() -> None:
    who = "Ai là người lao động xuất sắc nhất của Công ty Cấp nước Bến Thành?"
    found = extract(who, [AWARDS], dense=[0.9])
    assert found.text.startswith("Người lao động xuất sắc nhất là anh Vũ Đức Thịnh"), found.text
    many = "Công ty Cấp nước Bến Thành biểu dương bao nhiêu người lao động?"
    found = extract(many, [AWARDS], dense=[0.9])
    assert found.text.startswith("Năm nay có 45 công nhân"), found.text


SAFETY = _hit(
    "Ngày 5/5, Công ty Dệt may Phú An tổ chức lễ phát động Tháng hành động về an toàn, vệ "
    "sinh lao động. Năm nay, Tháng hành động mang chủ đề “Chăm sóc sức khỏe người lao "
    "động”. Ban an toàn nhắc người lao động mang đầy đủ trang bị bảo hộ khi làm việc.",
    "2025-05-05",
    title="Phú An hưởng ứng Tháng an toàn lao động",
)


@pytest.mark.parametrize(
    "question",
    [
        "Phú An phát động gì?",  # quoted the reminder, which borrowed "phát động"
        "Phú An tổ chức lễ gì?",
        "Năm 2025 Phú An phát động tháng gì?",  # quoted the theme: "tháng", "động" its own
    ],
)
def test_what_only_the_dateline_says_was_done_is_answered_by_it(question: str) -> None:
    found = extract(question, [SAFETY], dense=[0.9])
    assert found.text.startswith("Ngày 5/5, Công ty Dệt may Phú An tổ chức lễ phát động")


def test_nhiem_vu_la_gi_is_answered_by_the_task_not_the_dateline() -> None:
    question = "Nhiệm vụ trọng tâm năm 2024 của Xí nghiệp Cơ khí Hòa Bình là gì?"
    found = extract(question, [PLAN_2024], dense=[0.88], period=_period(question))
    assert not found.text.startswith("Sáng 9/1"), found.text
    assert ANSWER_2024 in found.text.split(" [1]")[0]


def test_datelines() -> None:
    assert is_dateline("Chiều 26/12, Công ty tổ chức lễ tôn vinh.")
    assert is_dateline("Sáng 8/2/2018, tại hội trường, Thành ủy tổ chức hội nghị.")
    assert is_dateline("Hôm qua (8/2), UBND quận họp.")
    assert not is_dateline("Năm 2017, ông giữ chức Bí thư.")
    assert not is_dateline("Điều 5/2, khoản 1 quy định như sau.")
    assert not is_dateline("Công ty tổ chức lễ vào chiều 26/12.")


def test_a_question_without_diacritics_has_its_cosine_read_as_written() -> None:
    question = "nhiem vu trong tam cua xi nghiep hoa binh nam 2024 la gi"
    period = _period(question)
    plain = gate_features(question, [PLAN_2024], [0.8], period)
    assert plain is not None
    top = dict(zip(GATE_FEATURES, plain, strict=True))["top_dense"]
    assert abs(top - (0.8 + UNACCENTED_COSINE_DROP)) < 1e-9
    found = extract(question, [PLAN_2024], dense=[0.8], period=period)
    assert ANSWER_2024 in found.text.split(" [1]")[0]
    written = "Nhiệm vụ trọng tâm của xí nghiệp Hòa Bình năm 2024 là gì?"
    accented = gate_features(written, [PLAN_2024], [0.8], _period(written))
    assert accented is not None
    assert dict(zip(GATE_FEATURES, accented, strict=True))["top_dense"] == 0.8


def test_an_article_of_another_year_does_not_answer_for_the_year_asked() -> None:
    question = "Nhiệm vụ trọng tâm năm 2021 của xí nghiệp Hòa Bình là gì?"
    found = _asked(question, PLAN_2024)
    assert found.text  # the closest sentences are still there for "có thể liên quan"
    assert found.confidence == 0.0
    # "Năm qua" in January 2024 is 2023: that article does speak of 2023.
    question = "Năm 2023 xí nghiệp Hòa Bình hoàn thành bao nhiêu bộ khung thép?"
    assert _asked(question, PLAN_2024).confidence > 0.0


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("Doanh thu năm 2019 là bao nhiêu?", "năm 2019"),
        ("Năm kia công ty làm gì?", "năm 2023"),  # TODAY is 2025-03-01
        ("nhiem vu trong tam nam 2022 la gi", "năm 2022"),
        ("Quý II/2024 phát động gì?", "quý II/2024"),
        ("Tháng trước có gì?", "tháng 02/2025"),
        ("Ngày 14/01/2024 có gì?", "ngày 14/01/2024"),
        ("Từ 2018 đến 2020 công ty làm gì?", "giai đoạn 2018-2020"),
        ("Từ năm 2019 đến nay công ty làm gì?", "giai đoạn từ năm 2019 đến nay"),
        ("6 tháng đầu năm 2019 đạt bao nhiêu?", "giai đoạn từ tháng 01/2019 đến tháng 06/2019"),
        ("Trước năm 2019 ra sao?", "thời gian trước năm 2019"),
    ],
)
def test_a_declined_answer_names_the_time_asked_in_numbers(question: str, label: str) -> None:
    period = _period(question)
    assert period_label(period, TODAY) == label
    assert not_found_for(period, TODAY) == (
        f"Xin lỗi, tôi không tìm thấy câu trả lời cho {label} trong các bài viết hiện có."
    )


def test_a_day_asked_is_not_answered_by_a_sentence_naming_no_time() -> None:
    rules = passage(
        "Điều 11. Khoán cước điện thoại\n1. Mức khoán cước điện thoại do Viện trưởng quyết "
        "định.\n2. Tiền khoán được chi trả cùng kỳ lương hằng tháng.",
        title="Quy chế chi tiêu nội bộ",
    )
    # the rules say the allowance comes with the pay, not on which day the pay comes
    assert extract("Lương tháng được trả vào ngày nào?", [rules], dense=[0.9]).confidence == 0.0
    assert says_no_time("Lương được trả vào ngày nào?", "time", "2. Lương trả hằng tháng.")
    # a date, a weekday, "sáng nay" of a dated article, a century: a time said
    for text in (
        "Lương được trả vào ngày 5 hằng tháng.",
        "Lương được trả vào thứ Hai đầu tháng.",
        "Sáng nay, hội nghị diễn ra tại hội trường.",
        "Trường được thành lập vào đầu thế kỷ XIX.",
    ):
        assert not says_no_time("Việc đó diễn ra vào ngày nào?", "time", text)
    # "khi nào" may be answered by an event ("khi người lao động thôi việc")
    assert not says_no_time("Khi nào được thanh toán?", "time", "Khi người lao động thôi việc.")


def test_asked_when_the_sentence_saying_when_leads() -> None:
    rules = passage(
        "Điều 10. Buộc thôi học\n2. Hiệu trưởng ra quyết định buộc thôi học trên cơ sở đề "
        "nghị của Hội đồng xét xử lý học vụ. Quyết định được gửi cho sinh viên chậm nhất 1 "
        "tháng sau khi kết thúc học kỳ.",
        title="Quy chế đào tạo",
    )
    found = extract("Quyết định buộc thôi học gửi cho sinh viên khi nào?", [rules], dense=[0.9])
    assert found.text.startswith("Quyết định được gửi cho sinh viên chậm nhất 1 tháng")
    # a time said by an event is a time: the best sentence stays
    text = "Vào cuối Thế chiến I, Rhineland phải tuân thủ Hiệp ước. Năm 935, vùng này đổi chủ."
    found = extract(
        "Khi nào Rhineland phải tuân thủ Hiệp ước?", [passage(text, title="R")], dense=[0.9]
    )
    assert found.text.startswith("Vào cuối Thế chiến I")


def test_a_coarser_time_an_article_names_says_nothing_of_a_day_asked() -> None:
    hit = passage(
        "Sáng 14/1, Công ty Phú An tổ chức hội nghị triển khai kế hoạch năm nay.",
        title="Hội nghị người lao động",
        published="2026-01-14",
    )
    yesterday = asked_time("Hôm qua Phú An tổ chức hội nghị gì?", date(2026, 1, 20))
    assert yesterday is not None and yesterday.period is not None
    # "năm nay" is 2026, which holds 19 January, but says nothing of that day
    assert off_time(yesterday.period, hit)
    assert not off_time(Period(date(2026, 1, 1), date(2026, 12, 31)), hit)  # its year
    assert not off_time(Period(date(2026, 1, 14), date(2026, 1, 14)), hit)  # its date


def test_a_figure_for_the_span_asked_beats_one_for_the_year_holding_it() -> None:
    quarter_one = _hit(
        "Theo báo cáo của Sở Tài chính, tổng thu ngân sách nhà nước quý I/2024 ước đạt 4.215 "
        "tỷ đồng. Dự toán thu ngân sách nhà nước năm 2024 được Hội đồng nhân dân thành phố "
        "thông qua tại kỳ họp cuối năm 2023 là 15.280 tỷ đồng.",
        "2024-04-08",
        title="Thu ngân sách quý I/2024 đạt 27,6% dự toán",
    )
    review = _hit(
        "Ngày 08/01/2025, Sở Tài chính tổ chức hội nghị tổng kết công tác năm 2024. Tổng "
        "thu ngân sách nhà nước trên địa bàn năm 2024 đạt 16.420 tỷ đồng, bằng 107,5% dự "
        "toán. Riêng quý IV/2024, thu ngân sách đạt 4.370 tỷ đồng, là quý có số thu cao nhất.",
        "2025-01-09",
        title="Năm 2024, thu ngân sách thành phố đạt 16.420 tỷ đồng",
    )
    for question in (
        "Quý vừa rồi thu ngân sách được bao nhiêu tỷ?",
        "Quý vừa rồi thu được bao nhiêu?",
    ):
        asked = asked_time(question, date(2025, 1, 25))
        assert asked is not None and asked.period is not None
        assert (asked.period.start, asked.period.end) == (date(2024, 10, 1), date(2024, 12, 31))
        # "năm 2024" holds the fourth quarter, but its figures are the year's
        found = extract(question, [quarter_one, review], dense=[0.9, 0.88], period=asked.period)
        assert found.short is not None and found.short.text == "4.370 tỷ đồng", found.text
        assert found.confidence >= FLOOR, found.confidence


def test_a_weeks_figure_beats_the_year_so_far_through_that_week() -> None:
    # "Lũy kế từ đầu năm … đến hết tuần 36" holds week 36 and named more of the question
    bulletin = _hit(
        "Trong tuần 36, Bệnh viện tiếp nhận 142 ca sốt xuất huyết (SXH) nhập viện điều trị "
        "nội trú, trong đó 09 ca SXH nặng. Lũy kế từ đầu năm 2025 đến hết tuần 36, Bệnh viện "
        "đã tiếp nhận 3.215 ca SXH nhập viện.",
        "2025-09-08",
        title="Bản tin sốt xuất huyết tuần 36/2025",
    )
    question = "Tuần trước bệnh viện nhận bao nhiêu ca SXH nhập viện?"
    asked = asked_time(question, date(2025, 9, 10))
    assert asked is not None and asked.period is not None
    found = extract(question, [bulletin], dense=[0.9], period=asked.period)
    assert found.short is not None and found.short.text.startswith("142 ca"), found.text


def test_asked_where_the_lead_saying_where_answers() -> None:
    fair = _hit(
        "Ngày 19/10/2024, tại Quảng trường Trung tâm Hội nghị thành phố, Sở Lao động phối hợp "
        "với Thành đoàn tổ chức Ngày hội việc làm năm 2024. Các doanh nghiệp dịch vụ đưa người "
        "lao động đi làm việc ở nước ngoài đưa ra 780 chỉ tiêu, chủ yếu đi Nhật Bản, Hàn Quốc.",
        "2024-10-21",
        title="Ngày hội việc làm thu hút 135 doanh nghiệp",
    )
    found = extract("Ngày hội việc làm vừa rồi diễn ra ở đâu?", [fair], dense=[0.9])
    assert found.text.startswith("Ngày 19/10/2024, tại Quảng trường"), found.text
    assert found.short is not None and "Quảng trường" in found.short.text, found.text


def test_a_time_among_the_parts_after_trong_do_is_not_the_figures() -> None:
    """ "17 kỹ thuật mới, trong đó … vào tháng 3/2024": the year's count, not March's (a
    figure for a part of the year asked is no answer for the year: it was declined)."""
    review = _hit(
        "Ngày 10/01/2025, Bệnh viện Đa khoa tỉnh tổ chức hội nghị tổng kết năm 2024. "
        "Năm 2024 bệnh viện khám bệnh cho 468.900 lượt người. Bệnh viện đã triển khai 17 kỹ "
        "thuật mới, trong đó ca phẫu thuật thay khớp háng đầu tiên được thực hiện vào tháng "
        "3/2024.",
        "2025-01-11",
        title="Bệnh viện vượt kế hoạch khám, chữa bệnh năm 2024",
    )
    question = "Năm 2024 bệnh viện làm được mấy kỹ thuật mới?"
    found = extract(question, [review], dense=[0.9], period=_period(question))
    assert found.confidence > 0 and found.short is not None
    assert found.short.text.startswith("17 kỹ thuật")


def test_a_years_figure_is_not_what_is_due_by_a_day_of_it() -> None:
    """ "Đến 30/6/2025 … phải giải ngân tối thiểu bao nhiêu?" asks January to June: the
    year's target is no answer for it (it was answered "100%" at 0.96)."""
    plan = _hit(
        "Chiều 14/3/2025, Thủ tướng chủ trì hội nghị về đầu tư công. Phó Thủ tướng yêu cầu "
        "các bộ, ngành, địa phương phấn đấu giải ngân 100% kế hoạch vốn năm 2025.",
        "2025-03-15",
        title="Hội nghị thúc đẩy giải ngân vốn đầu tư công",
    )
    question = "Đến 30/6/2025 các địa phương phải giải ngân tối thiểu bao nhiêu phần trăm kế hoạch?"
    asked = asked_time(question, date(2025, 5, 1))
    assert asked is not None and asked.period is not None
    assert extract(question, [plan], dense=[0.9], period=asked.period).confidence == 0.0
    # the year asked is answered by it
    question = "Năm 2025 phải giải ngân bao nhiêu phần trăm kế hoạch vốn?"
    assert extract(question, [plan], dense=[0.9], period=_period(question)).confidence > 0


# An annual report published in April 2025: the year is said once, in each part's heading.
ANNUAL_REPORT = _hit(
    "II. TÌNH HÌNH HOẠT ĐỘNG NĂM 2024\n\n"
    "1. Kết quả sản xuất kinh doanh hợp nhất\n\n"
    "- Doanh thu thuần hợp nhất đạt 8.425,6 tỷ đồng, tăng 11,3% so với năm 2023.\n\n"
    "- Lợi nhuận trước thuế hợp nhất đạt 612,4 tỷ đồng, tăng 18,6% so với năm 2023.\n\n"
    "VI. KẾ HOẠCH NĂM 2025\n\n"
    "1. Các chỉ tiêu chủ yếu\n\n"
    "- Doanh thu thuần hợp nhất: 9.200 tỷ đồng, tăng 9,2% so với năm 2024;\n\n"
    "- Lợi nhuận trước thuế hợp nhất: 680 tỷ đồng;",
    "2025-04-02",
    title="Báo cáo thường niên năm 2024",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # was the 2025 plan's field, which names no year but "so với năm 2024"
        ("Doanh thu thuần hợp nhất năm 2024 là bao nhiêu?", "8.425,6 tỷ đồng"),
        # was declined: the plan's point names no target but its heading does
        ("Năm 2025 công ty đặt kế hoạch lợi nhuận trước thuế hợp nhất bao nhiêu?", "680 tỷ đồng"),
    ],
)
def test_a_sections_heading_gives_its_points_their_year(question: str, answer: str) -> None:
    found = extract(question, [ANNUAL_REPORT], dense=[0.88], period=_period(question))
    assert found.confidence >= FLOOR and found.short is not None, found.text
    assert found.short.text == answer, found.text


def test_a_plans_heading_makes_its_points_no_result_of_the_year() -> None:
    report = _hit(
        "6. Hạn chế\n\nMột số trường vùng núi vẫn thiếu giáo viên Tiếng Anh.\n\n"
        "7. Nhiệm vụ trọng tâm năm học 2024-2025\n\n"
        "- Hoàn thành việc xóa 9 phòng học tạm, mượn còn lại.\n\n"
        "- Đưa 2 trường mới vào hoạt động đúng tiến độ.",
        "2024-07-05",
        title="Phòng GD&ĐT tổng kết năm học 2023-2024",
    )
    question = "Năm học 2024-2025 huyện xóa được bao nhiêu phòng học tạm?"
    found = extract(question, [report], dense=[0.88], period=_period(question, date(2025, 5, 20)))
    assert found.confidence == 0.0, found.text  # a task set for it, not what was done


def test_only_a_heading_spelling_its_year_gives_a_time() -> None:
    text = (
        "CA TỬ VONG THỨ HAI TRONG NĂM\n\nBệnh nhân là một bé trai 9 tuổi.\n\n"
        "III. KẾ HOẠCH NĂM 2025\n\n- Giảm 10% số ca mắc."
    )
    sections = heading_times(text, date(2024, 8, 5))
    assert sections.at(text.index("Bệnh nhân")) == ()
    assert [p.text for p in sections.at(text.index("- Giảm"))] == ["nam 2025"]
    assert sections.plans(text.index("- Giảm")) and not sections.plans(text.index("Bệnh"))


def test_a_weekly_report_titled_with_its_week_says_nothing_of_the_next() -> None:
    # published on the Monday after its week 31, a day of week 32
    report = _hit(
        "Trong tuần, toàn thành phố ghi nhận 7 ca sốt xuất huyết nặng.",
        "2024-08-05",
        title="Cần Thơ: tuần 31 số ca sốt xuất huyết tăng mạnh",
    )
    question = "Tuần 32 có bao nhiêu ca sốt xuất huyết nặng?"
    found = extract(question, [report], dense=[0.88], period=_period(question, date(2024, 8, 8)))
    assert found.confidence == 0.0, found.text
    question = "Tuần 31 có bao nhiêu ca sốt xuất huyết nặng?"
    found = extract(question, [report], dense=[0.88], period=_period(question, date(2024, 8, 8)))
    assert found.short is not None and found.short.text.startswith("7 ca"), found.text


# A weekly report: the week's figure, then the year's so far, written "SXH" as the lead
# defines it.
WEEK_30 = _hit(
    "Theo CDC TP Cần Thơ, trong tuần 30/2024 (từ ngày 22/7 đến ngày 28/7/2024), toàn thành "
    "phố ghi nhận 186 ca mắc sốt xuất huyết (SXH), tăng 24 ca so với tuần 29.\n\n"
    "CDC TP Cần Thơ khuyến cáo người dân thường xuyên đậy kín các dụng cụ chứa nước.\n\n"
    "Cộng dồn từ đầu năm 2024 đến hết tuần 30, toàn thành phố có 2.415 ca mắc SXH, giảm "
    "31,2% so với cùng kỳ năm 2023.",
    "2024-07-29",
    title="Tuần 30/2024: số ca sốt xuất huyết tại Cần Thơ tiếp tục tăng",
)


def test_the_year_so_far_is_not_answered_by_one_weeks_figure() -> None:
    question = "Từ đầu năm đến nay Cần Thơ có bao nhiêu ca sốt xuất huyết?"
    found = extract(question, [WEEK_30], dense=[0.88], period=_period(question, date(2024, 7, 31)))
    # was "186 ca", the week's: a week is a part of the span asked, and "SXH" is the
    # sốt xuất huyết the lead spells out
    assert found.short is not None and found.short.text == "2.415 ca", found.text


def test_so_far_a_monthly_reports_months_since_january_answer() -> None:
    # April's report, out on 6 May, asked on 20 May: its four months were a part of the
    # span asked ("từ đầu năm đến nay" ends on the day asked) and no answer
    report = _hit(
        "1. Kết quả tháng 4/2025\n\n- Toàn tỉnh đón 565.000 lượt khách, tăng 21,5% so với cùng "
        "kỳ năm 2024.\n\n2. Lũy kế 4 tháng đầu năm 2025\n\nTính chung 4 tháng, toàn tỉnh đón "
        "1.602.000 lượt khách, tăng 17,0% so với cùng kỳ năm 2024.",
        "2025-05-06",
        title="Tháng 4/2025: du lịch Ninh Bình đón 565.000 lượt khách",
    )
    question = "Tính từ đầu năm đến nay tỉnh đã đón bao nhiêu lượt khách?"
    found = extract(question, [report], dense=[0.88], period=_period(question, date(2025, 5, 20)))
    assert found.short is not None and found.short.text == "1.602.000 lượt khách", found.text
    # beside an older report's months so far, the newest report's answer
    older = _hit(
        "Lũy kế 3 tháng đầu năm 2025, toàn tỉnh đón 1.037.000 lượt khách, tăng 14,3% so với "
        "cùng kỳ năm 2024.",
        "2025-04-04",
        title="Du lịch Ninh Bình quý I/2025: đón hơn 1 triệu lượt khách",
    )
    period = _period(question, date(2025, 5, 20))
    found = extract(question, [older, report], dense=[0.89, 0.88], period=period)
    assert found.short is not None and found.short.text == "1.602.000 lượt khách", found.text


def test_so_far_a_quarterly_reports_first_half_answers_two_months_on() -> None:
    # The first half's report, out on 8 July, is still the newest on 1 September: its
    # months since January are what is known so far, not a part of the span asked.
    report = _hit(
        "1. Thương mại nội địa\n\nTổng mức bán lẻ hàng hóa quý II/2025 ước đạt 50.318 tỷ "
        "đồng, tăng 13,8% so với cùng kỳ năm 2024. Lũy kế 6 tháng đầu năm 2025, tổng mức bán "
        "lẻ hàng hóa ước đạt 98.970 tỷ đồng, tăng 13,1% so với cùng kỳ năm 2024.",
        "2025-07-08",
        title="Thanh Hóa: thương mại quý II và 6 tháng đầu năm 2025",
    )
    question = "Từ đầu năm đến nay tổng mức bán lẻ của tỉnh tăng bao nhiêu phần trăm?"
    period = _period(question, date(2025, 9, 1))
    found = extract(question, [report], dense=[0.88], period=period)
    assert found.short is not None and found.short.text == "13,1%", found.text


def test_a_whole_years_target_is_no_answer_for_a_part_of_it() -> None:
    # Asked the first nine months before their report: the first half's report names
    # the whole year's target ("cả năm 2025"), another span than the one asked.
    report = _hit(
        "Tính chung 6 tháng đầu năm 2025, kim ngạch xuất khẩu ước đạt 3.947 triệu USD, tăng "
        "19,1% so với cùng kỳ năm 2024. Đối với thị trường trong nước, Sở tiếp tục đẩy mạnh "
        "kết nối cung cầu; phấn đấu cả năm 2025 kim ngạch xuất khẩu đạt 8,5 tỷ USD.",
        "2025-07-08",
        title="Thanh Hóa: thương mại quý II và 6 tháng đầu năm 2025",
    )
    question = "9 tháng đầu năm nay kim ngạch xuất khẩu của tỉnh Thanh Hóa đạt bao nhiêu?"
    period = _period(question, date(2025, 9, 25))
    found = extract(question, [report], dense=[0.88], period=period)
    assert "8,5 tỷ USD" not in found.text
    # asked the whole year, a sentence saying "cả năm" still answers for it
    question = "Cả năm 2025 tỉnh phấn đấu kim ngạch xuất khẩu đạt bao nhiêu?"
    found = extract(question, [report], dense=[0.88], period=_period(question, date(2025, 9, 25)))
    assert found.short is not None and found.short.text == "8,5 tỷ USD", found.text


def test_a_passage_under_a_part_heading_ingestion_found_has_its_year() -> None:
    # the part's heading "VI. KẾ HOẠCH NĂM 2025" is in the chunk before: ingestion gave
    # this chunk it as its heading path (ingest.chunking)
    plan = dataclasses.replace(
        _hit(
            "- Sản lượng điện thương phẩm: 1.300 triệu kWh;\n\n"
            "- Giá trị hợp đồng xây lắp ký mới: 6.000 tỷ đồng;",
            "2025-04-02",
            title="Báo cáo thường niên năm 2024",
        ),
        heading="VI. KẾ HOẠCH NĂM 2025",
    )
    question = "Sản lượng điện thương phẩm năm 2024 đạt bao nhiêu?"
    found = extract(question, [plan], dense=[0.88], period=_period(question))
    assert found.confidence == 0.0, found.text  # was "1.300 triệu kWh", the 2025 plan's
    question = "Năm 2025 công ty đặt kế hoạch sản lượng điện thương phẩm bao nhiêu?"
    found = extract(question, [plan], dense=[0.88], period=_period(question))
    assert found.short is not None and found.short.text == "1.300 triệu kWh", found.text


def test_a_review_of_a_plans_results_is_no_plan() -> None:
    path = "PHẦN THỨ NHẤT. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN KẾ HOẠCH 5 NĂM 2021–2025 > I. Kết quả"
    sections = heading_times("Tỷ lệ che phủ rừng đạt 52,6%.", None, path)
    assert not sections.plans(0)
    assert [(p.start.year, p.end.year) for p in sections.at(0)] == [(2021, 2025)]
    sections = heading_times("Tỷ lệ che phủ rừng đạt 53%.", None, "VI. KẾ HOẠCH NĂM 2025")
    assert sections.plans(0) and [p.start.year for p in sections.at(0)] == [2025]


def test_asked_a_day_the_sentence_naming_it_answers() -> None:
    # "hôm nào" was no time question, and "cuối tháng 9" answered it
    text = (
        "Bão số 10 đổ bộ vào Hà Tĩnh cuối tháng 9 đã gây thiệt hại nặng nề cho sản xuất nông "
        "nghiệp. Ông Trần Quang Vinh: Bão số 10 đổ bộ vào địa bàn tỉnh rạng sáng 29/9 với sức "
        "gió mạnh cấp 12, kèm mưa lớn kéo dài 3 ngày."
    )
    hit = _hit(text, "2025-10-10", title="Hà Tĩnh khắc phục hậu quả bão số 10")
    found = extract("Bão số 10 đổ bộ vào Hà Tĩnh hôm nào?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "rạng sáng 29/9", found.text
    # a day of the week is a day: the sentence saying it keeps the lead
    text = (
        "UBND các xã thành lập tổ vận động; báo cáo tiến độ vào thứ Sáu hằng tuần về Ban Chỉ "
        "đạo. Giai đoạn 3 (từ ngày 01/7/2025 đến ngày 31/8/2025): vận động, thuyết phục."
    )
    hit = _hit(text, "2025-06-10", title="Kế hoạch giải phóng mặt bằng")
    found = extract("Các xã báo cáo tiến độ vào hôm nào?", [hit], dense=[0.9])
    assert found.text.startswith("UBND các xã"), found.text


def test_asked_the_hour_the_sentence_naming_a_clock_time_answers() -> None:
    # the report's opening names the day and led ("Rạng sáng 5/11"); the hour is in the next
    text = (
        "Rạng sáng 5/11, một vụ cháy lớn đã xảy ra tại kho chứa nguyên liệu của Công ty TNHH "
        "Bao bì Hưng Phát trong Khu công nghiệp (KCN) Quế Võ, tỉnh Bắc Ninh, thiêu rụi khoảng "
        "3.200 m² nhà kho. Theo thông tin ban đầu, khoảng 2h15 cùng ngày, anh Đỗ Văn Lâm, nhân "
        "viên bảo vệ của công ty, trong lúc đi tuần phát hiện khói bốc ra từ góc nhà kho."
    )
    hit = _hit(text, "2025-11-06", title="Cháy lớn tại KCN Quế Võ")
    found = extract("Vụ cháy kho ở KCN Quế Võ được phát hiện lúc mấy giờ?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "2h15", found.text


def test_asked_the_hour_a_news_leads_details_name_it_far_below() -> None:
    # the lead outscores its details by more than the ranking keeps; "Rạng sáng 8/12" answered
    text = (
        "Rạng sáng 8/12, trên Quốc lộ 1 đoạn qua xã Bình Sơn, tỉnh Quảng Ngãi xảy ra vụ va "
        "chạm nghiêm trọng giữa xe container và xe khách giường nằm khiến 3 người tử vong. "
        "Hành khách mắc kẹt bên trong được người dân hỗ trợ đưa ra ngoài. Thông tin ban đầu, "
        "khoảng 3h15, xe đầu kéo do tài xế Trần Văn Hùng điều khiển lưu thông hướng Bắc - Nam."
    )
    hit = _hit(text, "2025-12-09", title="Tai nạn trên Quốc lộ 1")
    question = "Vụ xe container tông xe khách ở Bình Sơn xảy ra lúc mấy giờ?"
    found = extract(question, [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "3h15", found.text
    assert found.confidence >= 0.17  # answered at the default RELEVANCE_FLOOR


def test_asked_the_milestone_the_sentence_writing_one_answers_from_the_same_article() -> None:
    # "Km bao nhiêu" was answered by "ùn tắc cục bộ khoảng 4 km" (phrase "khoảng 4 km");
    # the milestone is in the article's next passage, 4.9 below
    lead = (
        "Rạng sáng 8/12, trên Quốc lộ 1 đoạn qua xã Bình Sơn, tỉnh Quảng Ngãi xảy ra vụ va "
        "chạm nghiêm trọng giữa xe container và xe khách giường nằm khiến 3 người tử vong. "
        "Vụ tai nạn khiến Quốc lộ 1 ùn tắc cục bộ khoảng 4 km."
    )
    details = (
        "Theo thông tin ban đầu, xe đầu kéo do tài xế Trần Văn Hùng điều khiển lưu thông "
        "hướng Bắc - Nam. Khi đến Km 1.045+300, xe container bất ngờ lấn sang phần đường "
        "ngược chiều và tông trực diện vào xe khách."
    )
    first = _hit(lead, "2025-12-09", title="Tai nạn trên Quốc lộ 1")
    second = dataclasses.replace(_hit(details, "2025-12-09", title="Tai nạn trên Quốc lộ 1"),
                                 article_id=first.article_id, chunk_id="c2")  # fmt: skip
    question = "Tai nạn xảy ra ở Km bao nhiêu trên Quốc lộ 1"
    found = extract(question, [first, second], dense=[0.9, 0.88])
    assert found.short is not None and found.short.text == "Km 1.045+300", found.text
    # with no milestone written, the articles do not say
    assert extract(question, [first], dense=[0.9]).confidence == 0.0


def test_a_time_named_after_so_voi_is_compared_with_not_the_figures_own() -> None:
    # "giảm 230 đồng/lít so với kỳ điều hành ngày 28/11/2024" made the bullet a figure of
    # 28/11, and the price of 5/12 was declined "cho ngày 05/12/2024"
    text = (
        "Công ty TNHH Xăng dầu Lam Hồng thông báo giá bán lẻ xăng dầu được điều chỉnh giảm từ "
        "15 giờ ngày 5/12/2024. Giá bán lẻ tại vùng 1 như sau:\n"
        "- Xăng E5 RON92: 20.110 đồng/lít, giảm 230 đồng/lít so với kỳ điều hành ngày "
        "28/11/2024 (trước đó là 20.340 đồng/lít).\n"
        "- Xăng RON95-III: 20.680 đồng/lít, giảm 310 đồng/lít."
    )
    hit = _hit(text, "2024-12-05", title="Giá xăng dầu giảm từ chiều 5/12")
    question = "Giá xăng E5 RON92 từ 15 giờ ngày 5/12/2024 là bao nhiêu?"
    period = asked_time(question, date(2025, 1, 6))
    assert period is not None
    found = extract(question, [hit], dense=[0.9], period=period.period)
    assert found.short is not None and found.short.text == "20.110 đồng/lít", found.text
    assert found.confidence > 0.17


def test_a_field_naming_no_time_is_about_its_items_time() -> None:
    # "quý III" of the meeting asked made every "Địa điểm: …" (no time of its own) off time
    # in a schedule of late October, and the item itself answered where, phrase "Họp Hội đồng"
    text = (
        "Thứ Ba, 28/10/2025\n"
        "- 08h00 – Họp Hội đồng quản trị thường kỳ quý III/2025. Thành phần: TGĐ Bùi Văn "
        "Khải, Kế toán trưởng Lưu Văn Toàn. Địa điểm: Phòng họp HĐQT, tầng 4 Nhà điều hành.\n"
        "- 14h00 – Xem xét Tờ trình số 35/TTr-KTAT về thay thế máy cắt CNC plasma. Chủ trì: "
        "PTGĐ Nguyễn Hữu Phước. Địa điểm: Phòng họp số 2."
    )
    hit = _hit(text, "2025-10-24", title="Lịch công tác tuần 44 của Ban Tổng Giám đốc")
    question = "Họp HĐQT thường kỳ quý III của Trường Thịnh tổ chức ở đâu vậy"
    period = asked_time(question, date(2025, 11, 10))
    assert period is not None
    found = extract(question, [hit], dense=[0.9], period=period.period)
    assert found.short is not None, found.text
    assert found.short.text == "Phòng họp HĐQT, tầng 4 Nhà điều hành", found.text


def test_the_figure_compared_with_answers_for_its_own_time() -> None:
    # "so với mức 93 tỷ đồng của quý III/2024": asked of Q3/2024, that figure (declined:
    # the compared time was left out of the sentence's times)
    text = (
        "Công ty Cổ phần Thủy sản Phước Điền vừa công bố báo cáo tài chính quý III/2025. Lợi "
        "nhuận sau thuế đạt 101 tỷ đồng, tăng 8,6% so với mức 93 tỷ đồng của quý III/2024."
    )
    hit = _hit(text, "2025-10-27", title="Phước Điền lãi 101 tỷ đồng trong quý III")
    period = asked_time("Lợi nhuận quý III/2024 của Phước Điền là bao nhiêu", date(2025, 10, 30))
    assert period is not None
    question = "Lợi nhuận quý III/2024 của Phước Điền là bao nhiêu"
    found = extract(question, [hit], dense=[0.9], period=period.period)
    assert found.short is not None and found.short.text == "93 tỷ đồng", found.text
    assert found.confidence > 0.17
    # asked of the report's own quarter, the sentence stays its figure's
    question = "Lợi nhuận quý III/2025 của Phước Điền là bao nhiêu"
    period = asked_time(question, date(2025, 10, 30))
    assert period is not None
    found = extract(question, [hit], dense=[0.9], period=period.period)
    assert found.short is not None and found.short.text == "101 tỷ đồng", found.text


def test_asked_the_hour_the_clock_is_the_phrase_not_a_year_nearer_the_question() -> None:
    # "mấy giờ" left no "giờ" among the words the phrase is chosen by, and "2025" next to
    # "Techfest" was the phrase
    text = (
        "15h00: Giám đốc Sở, PGĐ Hoàng Minh Tuấn: Họp Ban Tổ chức Ngày hội Khởi nghiệp đổi "
        "mới sáng tạo tỉnh năm 2025 (Techfest Nghệ An 2025)."
    )
    hit = _hit(text, "2025-10-17", title="Lịch công tác tuần 43")
    found = extract("Họp Ban tổ chức Techfest diễn ra lúc mấy giờ?", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "15h00", found.text
