"""A lettered point about another case than the question's does not answer it
(answers/cases.py): "a) Viện trưởng: …" for "Trưởng phòng …", "b) Hạng A2 cấp cho …"
for "hạng A1"; the point of the case asked does."""

from __future__ import annotations

import pytest

from retrieval.answers.cases import excepts_asked, held_amounts, other_case, out_of_range
from retrieval.answers.evidence import identifiers
from retrieval.answers.extractive import extract
from retrieval.language.text import fold
from retrieval.language.vocabulary import LETTERS_OR_DIGITS
from tests.retrieval.answers.passage import passage


def _other(question: str, point: str) -> bool:
    words = frozenset(LETTERS_OR_DIGITS.findall(fold(question.lower())))
    key = " ".join(LETTERS_OR_DIGITS.findall(fold(point.lower())))
    return other_case(identifiers(question), words, point, key, unsaid=True)


@pytest.mark.parametrize(
    ("question", "point", "other"),
    [
        ("Trưởng phòng được khoán bao nhiêu?", "a) Viện trưởng: 500.000 đồng/tháng;", True),
        (
            "Trưởng phòng được khoán bao nhiêu?",
            "c) Trưởng phòng, Giám đốc trung tâm trực thuộc: 250.000 đồng/tháng.",
            False,
        ),
        (
            "Làm thêm giờ vào ngày nghỉ hằng tuần được trả bao nhiêu?",
            "a) Vào ngày thường: bằng 150% tiền lương giờ thực trả;",
            True,
        ),
        (
            "Làm thêm giờ vào ngày nghỉ hằng tuần được trả bao nhiêu?",
            "c) Vào ngày nghỉ lễ, Tết, ngày nghỉ có hưởng lương: bằng 300% tiền lương;",
            True,
        ),
        (
            "Làm thêm giờ vào ngày nghỉ hằng tuần được trả bao nhiêu?",
            "b) Vào ngày nghỉ hằng tuần: bằng 200% tiền lương giờ thực trả;",
            False,
        ),
        # a word or so of the head left out is still the case asked
        (
            "Đi công tác qua đêm được khoán bao nhiêu?",
            "b) Đi công tác có nghỉ qua đêm: 250.000 đồng/người/ngày;",
            False,
        ),
        ("Người lao động kết hôn được nghỉ mấy ngày?", "a) Kết hôn: nghỉ 3 ngày;", False),
        ("Con kết hôn thì được nghỉ mấy ngày?", "b) Con đẻ, con nuôi kết hôn: nghỉ 1 ngày;", False),
        (
            "Người lao động kết hôn được nghỉ mấy ngày?",
            "b) Con đẻ, con nuôi kết hôn: nghỉ 1 ngày;",
            True,
        ),
        # a question sharing no word with the head asks what the head is
        ("Trường hợp nào được nghỉ 3 ngày?", "a) Kết hôn: nghỉ 3 ngày;", False),
        # a head of numbers is read by the number checks
        ("Điểm 7,5 là điểm chữ gì?", "a) Từ 8,5 đến 10,0: điểm A, tương ứng 4,0;", False),
        # another code named first, even when the point names the one asked later
        (
            "Giấy phép lái xe hạng A1 cấp cho người lái loại xe nào?",
            "b) Hạng A2 cấp cho người lái xe mô tô hai bánh có dung tích xi-lanh từ 175 cm3 "
            "trở lên và các loại xe quy định cho giấy phép lái xe hạng A1;",
            True,
        ),
        (
            "Giấy phép lái xe hạng A2 cấp cho người lái loại xe nào?",
            "b) Hạng A2 cấp cho người lái xe mô tô hai bánh có dung tích xi-lanh từ 175 cm3 "
            "trở lên;",
            False,
        ),
        # not a point: a sentence is read by the other checks
        ("Trưởng phòng được khoán bao nhiêu?", "Viện trưởng: 500.000 đồng/tháng.", False),
        # the rank asked ("thứ mấy", "nào") is the head's number word, not another case
        (
            "Anh chị em ruột của người chết thuộc hàng thừa kế thứ mấy?",
            "b) Hàng thừa kế thứ hai gồm: ông nội, bà nội, anh ruột, chị ruột, em ruột;",
            False,
        ),
        (
            "Cô, dì, chú, bác ruột được xếp vào hàng thừa kế nào?",
            "c) Hàng thừa kế thứ ba gồm: cụ nội, cụ ngoại; bác ruột, chú ruột, cô ruột;",
            False,
        ),
        # "thế nào" asks how, no number: the head's rank is a word the question lacks
        (
            "Người thừa kế được hưởng di sản thế nào khi có hàng thừa kế?",
            "b) Hàng thừa kế thứ hai gồm: ông nội, bà nội, anh ruột, chị ruột, em ruột;",
            True,
        ),
    ],
)
def test_a_point_of_another_case(question: str, point: str, other: bool) -> None:
    assert _other(question, point) == other


_PHONE = (
    "Điều 11. Khoán cước điện thoại di động\n"
    "1. Mức khoán cước điện thoại di động hằng tháng được quy định như sau:\n"
    "a) Viện trưởng: 500.000 đồng/tháng;\n"
    "b) Phó Viện trưởng: 400.000 đồng/tháng;\n"
    "c) Trưởng phòng, Giám đốc trung tâm trực thuộc: 250.000 đồng/tháng.\n"
    "2. Tiền khoán được chi trả cùng kỳ lương hằng tháng."
)
_OVERTIME = (
    "Điều 12. Chi trả tiền lương làm thêm giờ\n"
    "1. Tổng số giờ làm thêm của mỗi người không quá 200 giờ trong một năm.\n"
    "2. Tiền lương làm thêm giờ được tính như sau:\n"
    "a) Vào ngày thường: bằng 150% tiền lương giờ thực trả;\n"
    "{weekly}"
    "c) Vào ngày nghỉ lễ, Tết, ngày nghỉ có hưởng lương: bằng 300% tiền lương giờ thực trả."
)
_WEEKLY = "b) Vào ngày nghỉ hằng tuần: bằng 200% tiền lương giờ thực trả;\n"


def _without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


def test_the_point_asked_answers_and_without_it_the_question_is_declined() -> None:
    question = "Trưởng phòng được khoán cước điện thoại bao nhiêu một tháng?"
    rules = passage(_PHONE, title="Quy chế chi tiêu nội bộ")
    found = extract(question, [rules], dense=[0.9])
    assert found.confidence > 0.5
    assert found.short is not None and found.short.text.startswith("250.000")
    # the rules without point c): the Viện trưởng's and the deputy's rates are no answer
    line = "c) Trưởng phòng, Giám đốc trung tâm trực thuộc: 250.000 đồng/tháng.\n"
    rules = passage(_without(_PHONE, line), title="Quy chế chi tiêu nội bộ")
    assert extract(question, [rules], dense=[0.9]).confidence == 0.0

    question = "Làm thêm giờ vào ngày nghỉ hằng tuần được trả bao nhiêu?"
    rules = passage(_OVERTIME.format(weekly=_WEEKLY), title="Quy chế chi tiêu nội bộ")
    found = extract(question, [rules], dense=[0.9])
    assert found.short is not None and "200%" in found.short.text
    rules = passage(_OVERTIME.format(weekly=""), title="Quy chế chi tiêu nội bộ")
    assert extract(question, [rules], dense=[0.9]).confidence == 0.0


def test_a_head_lacking_a_word_the_question_does_not_need_is_the_case_asked() -> None:
    # "ngày nghỉ lễ" lacks nothing of "Làm thêm vào ngày lễ …" that the lead-in does not
    # say; "ngày nghỉ hằng tuần" asks "hằng tuần", which point c) does not say
    rules = passage(_OVERTIME.format(weekly=_WEEKLY), title="Quy chế chi tiêu nội bộ")
    found = extract("Làm thêm vào ngày lễ được trả bao nhiêu?", [rules], dense=[0.9])
    assert found.short is not None and "300%" in found.short.text


_GRADES = (
    "Điều 7. Thang điểm\n"
    "2. Điểm học phần được quy đổi sang điểm chữ và thang điểm 4 như sau:\n"
    "a) Từ 8,5 đến 10,0: điểm A, tương ứng 4,0;\n"
    "{b}"
    "c) Từ 7,0 đến 7,9: điểm B, tương ứng 3,0;\n"
    "h) Dưới 4,0: điểm F, tương ứng 0 (không đạt)."
)
_B_PLUS = "b) Từ 8,0 đến 8,4: điểm B+, tương ứng 3,5;\n"


@pytest.mark.parametrize(
    ("question", "point", "out"),
    [
        ("Điểm 8,2 là điểm chữ gì?", "a) Từ 8,5 đến 10,0: điểm A, tương ứng 4,0;", True),
        ("Điểm 8,2 là điểm chữ gì?", "b) Từ 8,0 đến 8,4: điểm B+, tương ứng 3,5;", False),
        ("Điểm 3,5 là điểm chữ gì?", "h) Dưới 4,0: điểm F, tương ứng 0 (không đạt).", False),
        ("Điểm 7,0 đến 7,9 là điểm gì?", "c) Từ 7,0 đến 7,9: điểm B, tương ứng 3,0;", False),
        # no number asked, or no range heading the point: nothing to read
        ("Điểm A tương ứng bao nhiêu?", "a) Từ 8,5 đến 10,0: điểm A, tương ứng 4,0;", False),
        ("Điểm 8,2 là điểm chữ gì?", "Điểm từ 8,5 đến 10,0 là điểm A.", False),
        # ranges in a unit anywhere in the point, against the number asked in that unit
        ("Ô tô chạy quá tốc độ 15 km/h bị phạt bao nhiêu?",
         "a) Điều khiển xe chạy quá tốc độ quy định từ 05 km/h đến dưới 10 km/h;", True),
        ("Ô tô chạy quá tốc độ 15 km/h bị phạt bao nhiêu?",
         "a) Điều khiển xe chạy quá tốc độ quy định từ 10 km/h đến 20 km/h;", False),
        ("Ô tô chạy quá tốc độ trên 35 km/h bị phạt bao nhiêu?",
         "a) Điều khiển xe chạy quá tốc độ quy định trên 20 km/h đến 35 km/h;", True),
        ("Ô tô chạy quá tốc độ 40 km/h bị phạt bao nhiêu?",
         "a) Điều khiển xe chạy quá tốc độ quy định trên 35 km/h;", False),
        # no unit shared
        ("Nồng độ cồn 30 miligam thì bị phạt bao nhiêu?",
         "a) Điều khiển xe chạy quá tốc độ quy định từ 10 km/h đến 20 km/h;", False),
        # a numbered clause reads so too, and "hơn" is past the number as "quá" is
        ("Lái ô tô chạy quá tốc độ 15 km/h bị phạt bao nhiêu tiền?",
         "4. Phạt tiền từ 6.000.000 đồng đến 8.000.000 đồng đối với người điều khiển xe chạy "
         "quá tốc độ quy định trên 20 km/h đến 35 km/h.", True),
        ("Lái ô tô chạy quá tốc độ 15 km/h bị phạt bao nhiêu tiền?",
         "3. Phạt tiền từ 4.000.000 đồng đến 6.000.000 đồng đối với người điều khiển xe chạy "
         "quá tốc độ quy định từ 10 km/h đến 20 km/h.", False),
        ("Ngừng cấp nước hơn 24 giờ thì phải báo trước bao lâu?",
         "2. Trường hợp phải ngừng cấp nước trên 24 giờ thì phải thông báo trước ít nhất 48 "
         "giờ.", False),
        # money in thousands, millions and billions is counted in đồng, and "dưới" bounds
        ("Đề nghị mua sắm 750 triệu đồng do cấp nào phê duyệt?",
         "a) Dưới 20 triệu đồng: Trưởng bộ phận có nhu cầu mua sắm phê duyệt;", True),
        ("Đề nghị mua sắm 750 triệu đồng do cấp nào phê duyệt?",
         "b) Từ 20 triệu đồng đến 200 triệu đồng: Phó Tổng Giám đốc phê duyệt;", True),
        ("Đề nghị mua sắm 750 triệu đồng do cấp nào phê duyệt?",
         "c) Trên 200 triệu đồng đến 1 tỷ đồng: Tổng Giám đốc phê duyệt;", False),
        ("Mua thiết bị 2,5 tỷ thì ai duyệt?",
         "d) Trên 1 tỷ đồng đến 3 tỷ đồng: Chủ tịch Hội đồng quản trị phê duyệt.", False),
        ("Mua văn phòng phẩm 8 triệu thì ai duyệt?",
         "b) Từ 20.000.000 đồng đến 200.000.000 đồng: Phó Tổng Giám đốc phê duyệt;", True),
        # "từ đủ 15 năm đến dưới 30 năm" is one range
        ("Đóng bảo hiểm 20 năm thì nghỉ ốm bao nhiêu ngày?",
         "a) 40 ngày nếu đã đóng bảo hiểm xã hội từ đủ 15 năm đến dưới 30 năm;", False),
        # a bulleted point is read without its bullet
        ("Điểm 8,2 là điểm chữ gì?", "Từ 8,5 đến 10: điểm A, tương ứng 4,0;", True),
        ("Điểm 8,2 là điểm chữ gì?", "Từ 8,0 đến 8,4: điểm B+, tương ứng 3,5;", False),
    ],
)  # fmt: skip
def test_a_point_whose_range_holds_no_number_asked(question: str, point: str, out: bool) -> None:
    assert out_of_range(question, point) == out


def test_the_point_whose_range_holds_the_number_answers() -> None:
    scale = passage(_GRADES.format(b=_B_PLUS), title="Quy chế đào tạo")
    found = extract("Điểm 8,2 là điểm chữ gì?", [scale], dense=[0.9])
    assert found.short is not None and found.short.text.endswith("B+")  # was "A"
    # without point b), no point holds 8,2: the scale does not say
    scale = passage(_GRADES.format(b=""), title="Quy chế đào tạo")
    assert extract("Điểm 8,2 là điểm chữ gì?", [scale], dense=[0.9]).confidence == 0.0


def test_the_numbered_clause_whose_range_holds_the_speed_asked_answers() -> None:
    decree = passage(
        "Điều 6. Xử phạt người điều khiển xe ô tô\n"
        "1. Phạt tiền từ 800.000 đồng đến 1.000.000 đồng đối với người điều khiển xe chạy quá "
        "tốc độ quy định từ 05 km/h đến dưới 10 km/h.\n"
        "2. Phạt tiền từ 1.000.000 đồng đến 2.000.000 đồng đối với người điều khiển, người được "
        "chở trên xe không thắt dây đai an toàn khi xe đang chạy.\n"
        "3. Phạt tiền từ 4.000.000 đồng đến 6.000.000 đồng đối với người điều khiển xe chạy quá "
        "tốc độ quy định từ 10 km/h đến 20 km/h.\n"
        "4. Phạt tiền từ 6.000.000 đồng đến 8.000.000 đồng đối với người điều khiển xe chạy quá "
        "tốc độ quy định trên 20 km/h đến 35 km/h.",
        title="Nghị định xử phạt giao thông",
    )
    question = "Lái ô tô chạy quá tốc độ 15 km/h bị phạt bao nhiêu tiền?"
    found = extract(question, [decree], dense=[0.9])
    assert found.short is not None
    assert found.short.text == "từ 4.000.000 đồng đến 6.000.000 đồng"  # was clause 4's


def test_a_sentence_excepting_what_is_asked_is_not_about_it() -> None:
    text = (
        "2. Tốc độ tối đa cho phép ngoài khu vực đông dân cư (trừ đường cao tốc) như sau: xe "
        "ô tô chở người đến 28 chỗ: 90 km/h trên đường đôi. 3. Trên đường cao tốc, người lái "
        "xe không được điều khiển xe chạy quá 120 km/h và không được chạy dưới 60 km/h."
    )
    question = "Tốc độ tối đa trên đường cao tốc là bao nhiêu?"
    assert excepts_asked(question, text.split(". 3.")[0])
    assert not excepts_asked(question, text)  # "đường cao tốc" is said outside it too
    found = extract(
        question, [passage(text, title="Luật Trật tự, an toàn giao thông")], dense=[0.9]
    )
    assert found.short is not None and "120 km/h" in found.short.text, found.text


def test_a_band_of_amounts_holds_the_amount_asked() -> None:
    question = "Đề nghị mua sắm trị giá 750 triệu đồng do cấp nào phê duyệt?"
    assert held_amounts(question, "c) Trên 200 triệu đồng đến 1 tỷ đồng: Tổng Giám đốc") == (
        "750 triệu đồng",
    )
    assert held_amounts(question, "a) Dưới 20 triệu đồng: Trưởng bộ phận") == ()
    # a bare "từ …" may be where a change starts: no band
    assert held_amounts(question, "Giá tăng từ 500 triệu đồng lên 900 triệu đồng.") == ()
    assert held_amounts(question, "Các khoản từ 500 triệu đồng trở lên phải đấu thầu.") == (
        "750 triệu đồng",
    )


_APPROVALS = (
    "Điều 3. Phân cấp thẩm quyền phê duyệt\n"
    "Căn cứ giá trị của một lần mua sắm, thẩm quyền phê duyệt đề nghị mua sắm được phân cấp "
    "như sau:\n"
    "a) Dưới 20 triệu đồng: Trưởng bộ phận có nhu cầu mua sắm phê duyệt;\n"
    "b) Từ 20 triệu đồng đến 200 triệu đồng: Phó Tổng Giám đốc phụ trách lĩnh vực phê duyệt;\n"
    "c) Trên 200 triệu đồng đến 1 tỷ đồng: Tổng Giám đốc phê duyệt;\n"
    "d) Trên 1 tỷ đồng đến 3 tỷ đồng: Chủ tịch Hội đồng quản trị phê duyệt.\n\n"
    "Điều 4. Số lượng báo giá\n"
    "1. Gói mua sắm dưới 20 triệu đồng: không bắt buộc lấy báo giá nhưng phải có hóa đơn.\n"
    "2. Gói mua sắm từ 20 triệu đồng đến 200 triệu đồng: phải có ít nhất 03 báo giá của 03 "
    "nhà cung cấp độc lập.\n"
    "3. Gói mua sắm trên 200 triệu đồng đến 3 tỷ đồng: tổ chức chào hàng cạnh tranh với tối "
    "thiểu 05 hồ sơ chào hàng."
)


def test_the_band_holding_the_amount_asked_answers() -> None:
    # Declined before: "100" is in no sentence, and every band lacked it.
    rules = passage(_APPROVALS, title="Quy chế mua sắm")
    found = extract("Đơn hàng khoảng 100 triệu thì cần lấy mấy báo giá?", [rules], dense=[0.9])
    assert found.confidence > 0.3
    assert found.short is not None and found.short.text == "ít nhất 03 báo giá"


def test_a_band_saying_its_unit_once_holds_the_amount_asked() -> None:
    # "từ 03 đến 05 ngày": the unit is written after the second number only.
    question = "Xin nghỉ phép 4 ngày thì ai duyệt?"
    assert held_amounts(question, "- Nghỉ từ 03 đến 05 ngày: Giám đốc khối phê duyệt;") == (
        "4 ngày",
    )
    assert held_amounts(question, "- Nghỉ trên 05 ngày liên tục: Tổng Giám đốc phê duyệt.") == ()
    question = "Mua máy 300 triệu đồng thì ai duyệt?"
    assert held_amounts(question, "b) Từ 200 đến 500 triệu đồng: Giám đốc duyệt;") == (
        "300 triệu đồng",
    )


def test_a_bare_number_is_in_the_unit_the_question_names_before_it() -> None:
    # "82 thì" was read in the unit "thì", and no band of "điểm" held it
    question = "Tổng điểm rèn luyện 82 thì xếp loại gì vậy?"
    assert held_amounts(question, "Từ 80 đến dưới 90 điểm | Tốt") == ("82 thì",)
    assert held_amounts(question, "Từ 65 đến dưới 80 điểm | Khá") == ()
    assert held_amounts("Năm 2025 thì ai duyệt?", "Từ 2.000 đến 3.000 điểm | A") == ()


_LEAVE = (
    "Điều 4. Thủ tục đăng ký và phê duyệt nghỉ phép\n"
    "2. Thẩm quyền phê duyệt:\n"
    "- Nghỉ đến 02 ngày: Trưởng phòng hoặc Trưởng bộ phận trực tiếp phê duyệt;\n"
    "- Nghỉ từ 03 đến 05 ngày: Giám đốc khối phê duyệt sau khi có ý kiến của Trưởng phòng;\n"
    "- Nghỉ trên 05 ngày liên tục: Tổng Giám đốc phê duyệt.\n"
    "3. Trưởng phòng, Giám đốc khối nghỉ phép do Tổng Giám đốc phê duyệt.\n"
    "4. Người phê duyệt phản hồi trên phần mềm trong vòng 02 ngày làm việc kể từ khi nhận "
    "được đề nghị."
)


def test_the_bullet_whose_band_holds_the_days_asked_answers() -> None:
    rules = passage(_LEAVE, title="Quy chế nghỉ phép")
    found = extract("Xin nghỉ phép 4 ngày thì ai duyệt?", [rules], dense=[0.9])
    assert "Giám đốc khối phê duyệt" in found.text.split("[1]")[0]


def test_a_time_heads_no_case() -> None:
    # "b) Năm 2025: …" is the year's point; the time rules say whether it is the one asked.
    question = "Năm nay công chức nam đủ bao nhiêu tuổi thì nghỉ hưu?"
    assert not _other(question, "b) Năm 2025: nam đủ 61 tuổi 03 tháng, nữ đủ 56 tuổi 08 tháng;")
    assert _other("Hạng A1 cấp cho ai?", "b) Hạng A2: người lái xe mô tô;")


_RETIREMENT = (
    "Điều 60. Tuổi nghỉ hưu 1. Tuổi nghỉ hưu của cán bộ, công chức được điều chỉnh theo lộ "
    "trình cho đến khi đủ 62 tuổi đối với nam vào năm 2028. 2. Lộ trình điều chỉnh tuổi nghỉ "
    "hưu theo năm nghỉ hưu như sau: a) Năm 2024: nam đủ 61 tuổi, nữ đủ 56 tuổi 04 tháng; b) "
    "Năm 2025: nam đủ 61 tuổi 03 tháng, nữ đủ 56 tuổi 08 tháng; c) Năm 2026: nam đủ 61 tuổi "
    "06 tháng, nữ đủ 57 tuổi. 3. Thời điểm nghỉ hưu là ngày 01 của tháng liền kề sau tháng "
    "cán bộ, công chức đủ tuổi nghỉ hưu."
)


def test_the_years_point_answers_with_its_length_of_time() -> None:
    law = passage(_RETIREMENT, title="Luật Cán bộ, công chức", published="2025-06-24")
    found = extract("Năm 2025 công chức nam đủ bao nhiêu tuổi thì nghỉ hưu?", [law], dense=[0.9])
    assert found.short is not None and found.short.text == "61 tuổi 03 tháng"


_ANNUAL_LEAVE = (
    "Điều 38. Thời giờ làm việc và nghỉ hằng năm 1. Cán bộ, công chức làm việc 08 giờ trong "
    "một ngày và 40 giờ trong một tuần. 2. Cán bộ, công chức có đủ 12 tháng làm việc được nghỉ "
    "hằng năm hưởng nguyên lương theo số ngày như sau: a) 12 ngày làm việc đối với người có "
    "dưới 05 năm công tác; b) 13 ngày làm việc đối với người có từ đủ 05 năm đến dưới 10 năm "
    "công tác; c) 14 ngày làm việc đối với người có từ đủ 10 năm đến dưới 15 năm công tác; d) "
    "15 ngày làm việc đối với người có từ đủ 15 năm đến dưới 20 năm công tác. 3. Cán bộ, công "
    "chức làm việc ở nơi có điều kiện đặc biệt khó khăn được nghỉ thêm 02 ngày làm việc."
)


def test_a_points_number_is_its_value_not_its_key() -> None:
    # "a) 12 ngày …" does not key the "12" of "công tác được 12 năm": the band does.
    law = passage(_ANNUAL_LEAVE, title="Luật Cán bộ, công chức")
    question = "Mình công tác được 12 năm rồi thì phép năm được mấy ngày?"
    found = extract(question, [law], dense=[0.9])
    assert found.short is not None and found.short.text == "14 ngày làm việc"


def test_a_places_kind_is_no_word_of_its_case() -> None:
    question = "Đi Đà Nẵng công tác có ngủ lại thì lưu trú được bao nhiêu một ngày?"
    point = "b) Công tác tại TP Hải Phòng, TP Đà Nẵng, TP Cần Thơ và TP Huế: 250.000 đồng/ngày;"
    assert not _other(question, point)
    assert _other(question, "a) Công tác tại TP Hà Nội và TP.HCM: 300.000 đồng/ngày;")


def test_a_vehicles_kind_is_no_word_of_its_case() -> None:
    # "Xe mô tô" is the "mô tô" asked: it was another case, and the answer declined
    question = "Đi mô tô trên đại lộ Võ Văn Kiệt được chạy tối đa mấy km/h?"
    assert not _other(question, "a) Xe mô tô: 50 km/h;")
    assert _other(question, "b) Xe gắn máy: 40 km/h;")


_FOOD_FINES = (
    "Điều 10. Vi phạm quy định về sử dụng nguyên liệu để sản xuất, chế biến thực phẩm\n"
    "1. Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với hành vi sử dụng nguyên liệu "
    "thực phẩm đã quá thời hạn sử dụng trong trường hợp lô hàng vi phạm có giá trị dưới "
    "10.000.000 đồng.\n"
    "2. Phạt tiền từ 20.000.000 đồng đến 40.000.000 đồng đối với hành vi quy định tại khoản 1 "
    "Điều này trong trường hợp lô hàng vi phạm có giá trị từ 30.000.000 đồng đến dưới "
    "70.000.000 đồng.\n"
    "3. Phạt tiền từ 40.000.000 đồng đến 60.000.000 đồng đối với hành vi quy định tại khoản 1 "
    "Điều này trong trường hợp lô hàng vi phạm có giá trị từ 70.000.000 đồng trở lên."
)


def test_the_case_the_question_names_is_not_the_answer_of_its_clause() -> None:
    # "mức phạt thế nào" asks no noun ("thế" was taken for one: declined), and the band
    # holding "trên 70 triệu" is the case asked, not the fine.
    decree = passage(_FOOD_FINES, title="Nghị định xử phạt vi phạm hành chính về an toàn thực phẩm")
    question = "Lô hàng vi phạm trên 70 triệu mà dùng nguyên liệu hết hạn thì mức phạt thế nào"
    found = extract(question, [decree], dense=[0.9])
    assert found.short is not None
    assert found.short.text == "từ 40.000.000 đồng đến 60.000.000 đồng", found.text


_FUEL = (
    "Điều 5. Định mức tiêu hao nhiên liệu\n\n"
    "1. Định mức tiêu hao nhiên liệu (tính bằng lít/100 km) áp dụng cho xe của Ban Quản lý "
    "như sau:\n\nLoại xe | Định mức\n\n"
    "Xe 4 chỗ, 5 chỗ (động cơ xăng, dung tích dưới 2.0) | 9 lít/100 km\n\n"
    "Xe 7 chỗ (động cơ dầu) | 10,5 lít/100 km\n\n"
    "Xe bán tải 2 cầu (động cơ dầu) | 12 lít/100 km\n\n"
    "Xe 16 chỗ (động cơ dầu) | 15 lít/100 km\n\n"
    "2. Khi xe hoạt động trên tuyến đường đất được cộng thêm 10% định mức."
)


def test_a_tables_row_answers_with_its_header_lent() -> None:
    # A row was dropped as a heading (short, no closing mark) and the table quoted whole.
    rules = passage(_FUEL, title="Quy chế sử dụng xe công")
    found = extract("Xe 7 chỗ định mức bao nhiêu lít?", [rules], dense=[0.9])
    assert found.text.startswith("Xe 7 chỗ (động cơ dầu) | 10,5 lít/100 km")
    assert found.short is not None and found.short.text == "10,5 lít/100 km"
    found = extract("Định mức nhiên liệu của xe 16 chỗ là bao nhiêu?", [rules], dense=[0.9])
    assert found.short is not None and found.short.text == "15 lít/100 km", found.text
    # the row's first cell is what it is about: its "2" is no answer
    found = extract("Định mức nhiên liệu của xe bán tải là bao nhiêu?", [rules], dense=[0.9])
    assert found.short is not None and found.short.text == "12 lít/100 km", found.text


_ALCOHOL = (
    "Điều 6. Xử phạt người điều khiển xe ô tô vi phạm quy định về nồng độ cồn\n"
    "1. Phạt tiền từ 6.000.000 đồng đến 8.000.000 đồng đối với người điều khiển xe ô tô trên "
    "đường mà trong máu hoặc hơi thở có nồng độ cồn nhưng chưa vượt quá 50 miligam/100 "
    "mililít máu hoặc chưa vượt quá 0,25 miligam/1 lít khí thở.\n"
    "2. Phạt tiền từ 18.000.000 đồng đến 20.000.000 đồng đối với người điều khiển xe ô tô trên "
    "đường mà trong máu hoặc hơi thở có nồng độ cồn vượt quá 50 miligam đến 80 miligam/100 "
    "mililít máu hoặc vượt quá 0,25 miligam đến 0,4 miligam/1 lít khí thở.\n"
    "3. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng đối với người điều khiển xe ô tô trên "
    "đường mà trong máu hoặc hơi thở có nồng độ cồn vượt quá 80 miligam/100 mililít máu hoặc "
    "vượt quá 0,4 miligam/1 lít khí thở."
)


@pytest.mark.parametrize(
    ("question", "clause", "fine"),
    [
        ("Lái ô tô thổi ra 0,2 mg/lít khí thở thì bị phạt bao nhiêu tiền", 1, "6.000.000"),
        ("Tài xế ô tô đo nồng độ cồn 0,3 mg/lít khí thở bị phạt bao nhiêu?", 2, "18.000.000"),
        ("Tài xế ô tô xét nghiệm máu ra 70 mg/100 ml máu thì bị phạt bao nhiêu", 2, "18.000.000"),
        ("Ô tô có nồng độ cồn 0,5 miligam/1 lít khí thở thì phạt bao nhiêu?", 3, "30.000.000"),
    ],
)  # fmt: skip
def test_the_alcohol_band_holding_the_concentration_asked_answers(
    question: str, clause: int, fine: str
) -> None:
    # "vượt quá 0,25 miligam đến 0,4 miligam/1 lít khí thở" is a band holding the question's
    # "0,3 mg/lít khí thở", written in other units; the band with most of the question's
    # words answered
    assert held_amounts(question, _ALCOHOL.split("\n")[clause])
    hit = passage(_ALCOHOL, title="Nghị định xử phạt vi phạm về nồng độ cồn")
    found = extract(question, [hit], dense=[0.9])
    short = found.short.text if found.short else ""
    assert short.startswith(f"từ {fine} đồng đến "), found.text


def test_an_aside_in_brackets_names_no_case() -> None:
    # "(áp dụng chung cho các ngành)" made "Chương trình chất lượng cao" another case than
    # the one asked, and the fee was declined
    question = "Chương trình chất lượng cao thì học phí mỗi tín chỉ bao nhiêu?"
    point = "c) Chương trình chất lượng cao (áp dụng chung cho các ngành): 1.150.000 đồng/tín chỉ"
    assert not _other(question, point)
    assert _other(question, "a) Chương trình chuẩn (nhóm ngành Luật): 520.000 đồng/tín chỉ")


def test_workers_counted_by_any_name_are_held_by_a_band_of_people() -> None:
    # "120 công nhân" was in no unit of "từ 101 người đến 300 người lao động"
    point = (
        "d) Từ 40.000.000 đồng đến 60.000.000 đồng với vi phạm từ 101 người đến 300 người lao động"
    )
    for question in (
        "Công ty cho 120 công nhân tăng ca vượt số giờ cho phép thì bị phạt bao nhiêu tiền?",
        "Không ký hợp đồng với 150 nhân viên thì bị phạt bao nhiêu?",
    ):
        assert held_amounts(question, point), question
    assert not held_amounts("Công ty có 20 công nhân thì bị phạt bao nhiêu?", point)
