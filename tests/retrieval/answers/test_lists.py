"""Lists in regulations and plans (answers/lists.py, sentences.ITEM): a lead-in is quoted
with the points it announces, and a point ending in ";" can be the answer itself."""

from __future__ import annotations

import pytest

from retrieval.answers.asks import asks_list
from retrieval.answers.extractive import extract
from retrieval.answers.sentences import _analysed
from retrieval.index.chunks import Hit
from tests.retrieval.answers.passage import passage

ARTICLE_58 = (
    "Điều 58. Điều kiện của người lái xe tham gia giao thông\n\n"
    "1. Người lái xe tham gia giao thông phải đủ độ tuổi, sức khoẻ quy định.\n\n"
    "2. Người lái xe khi điều khiển phương tiện phải mang theo các giấy tờ sau:\n\n"
    "a) Đăng ký xe;\n\n"
    "b) Giấy phép lái xe đối với người điều khiển xe cơ giới;\n\n"
    "c) Giấy chứng nhận kiểm định an toàn kỹ thuật và bảo vệ môi trường;\n\n"
    "d) Giấy chứng nhận bảo hiểm trách nhiệm dân sự của chủ xe cơ giới.\n\n"
    "3. Người tập lái xe ô tô phải có giáo viên bảo trợ tay lái."
)

ARTICLE_60 = (
    "Điều 60. Tuổi của người lái xe\n\n"
    "1. Độ tuổi của người lái xe quy định như sau:\n\n"
    "a) Người đủ 16 tuổi trở lên được lái xe gắn máy có dung tích xi-lanh dưới 50 cm3;\n\n"
    "b) Người đủ 18 tuổi trở lên được lái xe mô tô hai bánh có dung tích từ 50 cm3 trở lên;\n\n"
    "c) Tuổi tối đa của người lái xe ô tô chở người trên 30 chỗ ngồi là 55 tuổi đối với nam."
)


def _hit(text: str, chunk: str = "luat:0") -> Hit:
    return Hit(
        chunk_id=chunk, article_id=chunk.split(":")[0], title="Luật", source="", published="",
        url="", origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


def test_a_lead_in_is_quoted_with_its_points_as_one_sentence() -> None:
    found = extract(
        "Người lái xe phải mang theo những giấy tờ gì?", [_hit(ARTICLE_58)], dense=[0.9]
    )
    first = found.text.split(" [1]")[0]
    assert first == (
        "2. Người lái xe khi điều khiển phương tiện phải mang theo các giấy tờ sau: "
        "a) Đăng ký xe; b) Giấy phép lái xe đối với người điều khiển xe cơ giới; "
        "c) Giấy chứng nhận kiểm định an toàn kỹ thuật và bảo vệ môi trường; "
        "d) Giấy chứng nhận bảo hiểm trách nhiệm dân sự của chủ xe cơ giới."
    )
    # The points end where their kind of marker does: clause 3 is not one of them.
    assert "3. Người tập lái" not in first


def test_a_long_list_keeps_the_points_the_question_names_and_marks_the_gaps() -> None:
    filler = "".join(
        f"{letter}) Giấy tờ số {n} về một thủ tục hành chính khác của cơ quan nhà nước;\n\n"
        for n, letter in enumerate("abcdefghik", start=1)
    )
    text = (
        "2. Trước khi lên đường, người lái xe phải mang theo các giấy tờ sau:\n\n"
        + filler.replace("e) Giấy tờ số 5", "e) Giấy tờ về đăng ký xe và")
        + "l) Bản sao giấy tờ của chủ xe."
    )
    found = extract(
        "Trước khi lên đường người lái xe mang theo giấy tờ gì về đăng ký xe?",
        [_hit(text)],
        dense=[0.9],
    )
    first = found.text.split(" [1]")[0]
    assert first.startswith("2. Trước khi lên đường, người lái xe phải mang theo các giấy tờ")
    assert "e) Giấy tờ về đăng ký xe và" in first  # the point the question names
    assert first.count("…") >= 1 and len(first) < 600
    # points left out at the end are marked too: the quote does not pretend to be whole
    assert first.endswith("…") or "l) Bản sao" in first


def test_a_point_ending_in_a_semicolon_can_answer_and_keeps_its_lowercase_letter() -> None:
    found = extract(
        "Người đủ bao nhiêu tuổi thì được lái xe gắn máy dưới 50 cm3?",
        [_hit(ARTICLE_60)],
        dense=[0.9],
    )
    first = found.text.split(" [1]")[0]
    # the point, after the lead-in it completes, in its list (short enough to show whole)
    assert first.startswith(
        "1. Độ tuổi của người lái xe quy định như sau: a) Người đủ 16 tuổi trở lên được lái "
        "xe gắn máy có dung tích xi-lanh dưới 50 cm3; b) Người đủ 18 tuổi"
    )
    short = found.short
    # the bound is the rule's ("trở lên": from 16 on)
    assert short is not None and short.text == "16 tuổi trở lên"
    assert found.text[short.start : short.end] == "16 tuổi trở lên"  # moved with its point


def test_a_sentence_quoted_after_the_list_is_not_one_of_its_points() -> None:
    text = (
        "1. Hồ sơ thanh toán công tác phí gồm các giấy tờ sau đây:\n\n"
        "a) Giấy đi đường có ký duyệt của thủ trưởng đơn vị;\n\n"
        "b) Báo cáo kết quả chuyến công tác.\n\n"
        "2. Hồ sơ thanh toán công tác phí nộp trong thời hạn 10 ngày làm việc."
    )
    found = extract(
        "Hồ sơ thanh toán công tác phí gồm những giấy tờ gì, nộp trong thời hạn bao lâu?",
        [_hit(text)],
        dense=[0.9],
    )
    # the next clause is quoted, as a sentence of its own with its own marker, never as
    # one more point of the list before it
    clause = "2. Hồ sơ thanh toán công tác phí nộp trong thời hạn 10 ngày làm việc. [1]"
    assert found.text == clause or found.text.endswith(" [1] " + clause)
    assert "công tác; 2." not in found.text


def test_a_heading_is_not_an_answer_sentence() -> None:
    text = (
        "Điều 27. Giao thông trong hầm đường bộ\n\n"
        "Người điều khiển phương tiện trong hầm đường bộ phải thực hiện các quy định sau đây:"
        "\n\n1. Xe cơ giới phải bật đèn; xe thô sơ phải bật đèn hoặc có vật phát sáng báo hiệu;"
        "\n\n2. Chỉ được dừng xe, đỗ xe ở nơi quy định."
    )
    found = extract("Trong hầm đường bộ xe thô sơ phải làm gì?", [_hit(text)], dense=[0.9])
    assert "Giao thông trong hầm đường bộ." not in found.text  # the title, as a sentence
    assert "xe thô sơ phải bật đèn hoặc có vật phát sáng báo hiệu" in found.text.split(" [1]")[0]


def test_a_clause_number_is_no_phrase_and_a_point_starts_like_a_sentence() -> None:
    found = extract(
        "Một tín chỉ bằng bao nhiêu giờ học tập?",
        [_hit("1. Một tín chỉ được tính bằng 50 giờ học tập định mức của sinh viên.")],
        dense=[0.9],
    )
    # Not "1." (the clause's number); the noun counted comes with it, a whole word.
    assert found.short is not None and found.short.text == "50 giờ học tập"


def test_points_of_one_list_are_quoted_together_under_their_lead_in() -> None:
    text = (
        "2. Khối lượng học tập sinh viên được đăng ký trong mỗi học kỳ chính như sau:\n\n"
        "a) Khối lượng tối thiểu là 14 tín chỉ, trừ học kỳ cuối khóa;\n\n"
        "b) Khối lượng tối đa là 25 tín chỉ đối với sinh viên có học lực bình thường;\n\n"
        "c) Sinh viên đang bị cảnh báo học tập chỉ được đăng ký tối đa 14 tín chỉ."
    )
    found = extract(
        "Mỗi học kỳ chính sinh viên được đăng ký tối đa bao nhiêu tín chỉ?",
        [_hit(text)],
        dense=[0.9],
    )
    first = found.text.split(" [1]")[0]
    assert first.startswith("2. Khối lượng học tập sinh viên được đăng ký trong mỗi học kỳ")
    assert "b) Khối lượng tối đa là 25 tín chỉ" in first
    assert "c) Sinh viên đang bị cảnh báo" in first
    assert found.text.count("[1]") == 1  # one sentence, one marker


LEAVE = (
    "Điều 8. Nghỉ việc riêng\n\n"
    "1. Người lao động được nghỉ việc riêng mà vẫn hưởng nguyên lương trong những trường "
    "hợp sau đây:\n\n"
    "a) Kết hôn: nghỉ 3 ngày;\n\n"
    "b) Con đẻ, con nuôi kết hôn: nghỉ 1 ngày;\n\n"
    "c) Cha đẻ, mẹ đẻ, vợ hoặc chồng, con đẻ chết: nghỉ 3 ngày."
)


def test_a_point_reads_after_its_lead_in_not_after_the_point_above_it() -> None:
    from retrieval.answers.features import FEATURES, sentence_features

    question = "Người lao động kết hôn được nghỉ mấy ngày?"
    by_text = {
        text: dict(zip(FEATURES, feats, strict=True))
        for _, text, feats in sentence_features(question, [_hit(LEAVE)], [0.9])
    }
    a = by_text["a) Kết hôn: nghỉ 3 ngày"]
    b = by_text["b) Con đẻ, con nuôi kết hôn: nghỉ 1 ngày"]
    # Point b) follows a), which matches the whole question; its context is the lead-in
    # all the points share, so neither gains from the other.
    assert a["previous"] == b["previous"] < 0.5
    # "3 ngày" is what the question asks: a) says something beyond the question though
    # it has one word the question lacks.
    assert a["new_words"] == b["new_words"] == 1.0


def test_the_point_whose_key_the_question_names_answers() -> None:
    # Every point opens "Hạng … cấp cho"; the last also names B2 at its end. The point
    # about B2 is the one whose first words are "Hạng B2".
    text = (
        "Điều 59. Giấy phép lái xe\n\n"
        "Giấy phép lái xe được phân thành các hạng sau đây:\n\n"
        "a) Hạng B1 cấp cho người không hành nghề lái xe điều khiển xe ô tô chở người đến 9 "
        "chỗ ngồi;\n\n"
        "b) Hạng B2 cấp cho người hành nghề lái xe điều khiển xe ô tô chở người đến 9 chỗ "
        "ngồi;\n\n"
        "c) Hạng C cấp cho người lái xe ô tô tải có trọng tải từ 3.500 kg trở lên và các "
        "loại xe quy định cho các giấy phép lái xe hạng B1, B2;\n\n"
        "d) Hạng D cấp cho người lái xe ô tô chở người từ 10 đến 30 chỗ ngồi và các loại xe "
        "quy định cho các giấy phép lái xe hạng B1, B2 và C."
    )
    found = extract("Giấy phép lái xe hạng B2 cấp cho ai?", [_hit(text)], dense=[0.9])
    assert found.short is not None
    shown = found.text[found.short.start : found.short.end]
    assert shown == found.short.text
    # The phrase is in point b)'s words, not c)'s or d)'s.
    point_b = found.text.index("b) Hạng B2")
    assert point_b <= found.short.start < found.text.index("c) Hạng C"), found.short


def test_a_short_point_is_the_phrase_whole() -> None:
    # The gap would leave out "Chở người", words the question shares; a point is one
    # answer. A "key: value" point keeps its value (test_gap, the rates).
    text = (
        "Điều 30. Người điều khiển, người ngồi trên xe mô tô\n\n"
        "1. Người điều khiển xe mô tô hai bánh chỉ được chở một người, trừ những trường "
        "hợp sau thì được chở tối đa hai người:\n\n"
        "a) Chở người bệnh đi cấp cứu;\n\n"
        "b) Áp giải người có hành vi vi phạm pháp luật;\n\n"
        "c) Trẻ em dưới 14 tuổi."
    )
    found = extract(
        "Trường hợp nào xe mô tô hai bánh được chở tối đa hai người?",
        [_hit(text)],
        dense=[0.9],
    )
    assert found.short is not None and found.short.text == "Chở người bệnh đi cấp cứu"
    assert found.text[found.short.start : found.short.end] == found.short.text


def test_a_question_asking_for_several_things_marks_every_point_quoted() -> None:
    found = extract(
        "Người lái xe phải mang theo những giấy tờ gì?", [_hit(ARTICLE_58)], dense=[0.9]
    )
    assert found.short is not None
    assert found.short.text == (
        "a) Đăng ký xe; b) Giấy phép lái xe đối với người điều khiển xe cơ giới; "
        "c) Giấy chứng nhận kiểm định an toàn kỹ thuật và bảo vệ môi trường; "
        "d) Giấy chứng nhận bảo hiểm trách nhiệm dân sự của chủ xe cơ giới"
    )
    assert found.text[found.short.start : found.short.end] == found.short.text
    # In the article: from the first point to the end of the last.
    in_article = ARTICLE_58[found.short.article_start : found.short.article_end]
    assert in_article.startswith("a) Đăng ký xe;")
    assert in_article.endswith("trách nhiệm dân sự của chủ xe cơ giới")


def test_a_list_inside_one_sentence_is_the_phrase_of_a_question_asking_for_several() -> None:
    text = (
        "Điều 9. Hồ sơ thanh toán\n\n"
        "1. Hồ sơ thanh toán công tác phí gồm các giấy tờ: a) Giấy đi đường có xác nhận "
        "của nơi đến; b) Văn bản cử đi công tác; c) Hóa đơn tiền thuê phòng nghỉ.\n\n"
        "2. Thời hạn thanh toán là 10 ngày."
    )
    question = "Hồ sơ thanh toán công tác phí gồm những giấy tờ gì?"
    found = extract(question, [_hit(text)], dense=[0.9])
    assert found.short is not None
    assert found.short.text == (
        "a) Giấy đi đường có xác nhận của nơi đến; b) Văn bản cử đi công tác; "
        "c) Hóa đơn tiền thuê phòng nghỉ"
    )
    # One thing asked for: the phrase is one of them, not the list.
    one = extract("Giấy tờ nào có xác nhận của nơi đến?", [_hit(text)], dense=[0.9])
    assert one.short is not None and ";" not in one.short.text


def test_a_numbered_list_inside_one_sentence_is_read_whole() -> None:
    # "1." after the colon and "2." after a semicolon open points: the sentence is not cut
    # after them (`split_sentences`), so the answer quotes the lead-in with its points.
    text = (
        "Điều 12. Kỷ luật lao động\n\n"
        "Hình thức xử lý kỷ luật lao động gồm: 1. Khiển trách; 2. Kéo dài thời hạn nâng "
        "lương không quá 6 tháng; 3. Cách chức; 4. Sa thải.\n\n"
        "Người lao động bị xử lý kỷ luật được khiếu nại theo quy định."
    )
    found = extract("Các hình thức xử lý kỷ luật lao động gồm những gì?", [_hit(text)], dense=[0.9])
    assert found.text.startswith("Hình thức xử lý kỷ luật lao động gồm: 1. Khiển trách;")
    assert "4. Sa thải" in found.text.split(" [", 1)[0]
    assert found.short is not None
    assert found.short.text == (
        "1. Khiển trách; 2. Kéo dài thời hạn nâng lương không quá 6 tháng; 3. Cách chức; 4. Sa thải"
    )


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("Các hình thức xử lý kỷ luật lao động gồm những gì?", True),
        ("Hồ sơ gồm những giấy tờ gì?", True),
        ("Những trường hợp nào không được thanh toán công tác phí?", True),
        ("nhung ai khong bi huy dong lam them gio", True),
        ("Trường hợp nào xe mô tô được chở hai người?", False),
        ("Ai chủ trì hội nghị?", False),
        ("Các đại biểu đã thảo luận vấn đề gì?", False),
    ],
)
def test_what_asks_for_several_things(question: str, several: bool) -> None:
    assert asks_list(question) is several


def test_a_question_asking_what_is_not_done_is_answered_by_the_sentence_saying_not() -> None:
    text = (
        "Điều 7. Thanh toán công tác phí\n\n"
        "1. Người đi công tác được thanh toán công tác phí khi có quyết định cử đi công tác "
        "của Viện trưởng.\n\n"
        "2. Không thanh toán công tác phí trong thời gian điều trị tại cơ sở y tế."
    )
    found = extract(
        "Những trường hợp nào không được thanh toán công tác phí?", [_hit(text)], dense=[0.9]
    )
    assert found.text.startswith("2. Không thanh toán công tác phí"), found.text


_FINES = (
    "Điều 6. Xử phạt người điều khiển xe ô tô vi phạm quy tắc giao thông đường bộ\n\n"
    "1. Phạt tiền từ 400.000 đồng đến 600.000 đồng đối với người điều khiển xe thực hiện "
    "một trong các hành vi vi phạm sau đây:\n\n"
    "a) Không sử dụng đèn chiếu sáng trong thời gian từ 18 giờ ngày hôm trước đến 06 giờ "
    "ngày hôm sau;\n\n"
    "b) Bấm còi trong thời gian từ 22 giờ ngày hôm trước đến 05 giờ ngày hôm sau.\n\n"
    "2. Phạt tiền từ 800.000 đồng đến 1.000.000 đồng đối với người điều khiển xe thực hiện "
    "một trong các hành vi vi phạm sau đây:\n\n"
    "a) Điều khiển xe chạy quá tốc độ quy định từ 05 km/h đến dưới 10 km/h;\n\n"
    "b) Không thắt dây đai an toàn khi điều khiển xe chạy trên đường."
)


@pytest.mark.parametrize(
    ("question", "fine"),
    [
        # the act is a point; what it is fined, its lead-in says (was declined: no point
        # holds a sum, and "tiền" of "mấy tiền" was read as a noun counted)
        ("Tài xế ô tô không thắt dây an toàn bị phạt mấy tiền?", "800.000 đồng"),
        ("Bấm còi lúc 23 giờ đêm thì bị phạt bao nhiêu?", "400.000 đồng"),
        # the point's own number is no sum: "từ 05 km/h đến dưới 10 km/h" is no fine
        ("Ô tô chạy quá tốc độ quy định dưới 10 km/h bị phạt bao nhiêu tiền?", "800.000 đồng"),
        # a number in the range a point gives ("từ 05 km/h đến dưới 10 km/h" holds 7 km/h)
        ("Ô tô chạy quá tốc độ 7 km/h bị phạt bao nhiêu tiền?", "800.000 đồng"),
    ],
)
def test_what_an_act_listed_as_a_point_is_fined_its_lead_in_says(question: str, fine: str) -> None:
    found = extract(question, [_hit(_FINES)], dense=[0.9])
    assert found.confidence > 0.17
    assert found.short is not None and fine in found.short.text
    assert found.text[found.short.start : found.short.end] == found.short.text


def test_a_point_without_a_mark_on_its_own_line_is_read() -> None:
    # each price a line of its own ending in ";": was dropped as a piece of a sentence
    prices = passage(
        "Sau khi trích lập Quỹ, giá bán lẻ tối đa các mặt hàng xăng dầu như sau:\n"
        "Xăng E5 RON 92: 20.650 đồng/lít (tăng 470 đồng/lít);\n"
        "Dầu diesel 0,05S: 19.570 đồng/lít (tăng 630 đồng/lít);\n"
        "Dầu mazut 180CST 3,5S: 17.880 đồng/kg (tăng 430 đồng/kg).\n"
        "Với lần điều chỉnh này, giá xăng RON 95-III đã vượt mốc 21.000 đồng/lít.",
        title="Giá xăng dầu tăng lần thứ hai liên tiếp",
    )
    found = extract("Giá dầu diesel 0,05S tăng bao nhiêu?", [prices], dense=[0.9])
    assert found.text.startswith("Dầu diesel 0,05S: 19.570 đồng/lít"), found.text
    # a line ending in ";" inside a paragraph is still a piece of a sentence
    assert not [s for s in _analysed("Giá dầu tăng;\nnhưng giá xăng giảm.") if s.order == 0]


_DUTIES = (
    "Điều 1. Phân công nhiệm vụ của Giám đốc và các Phó Giám đốc Sở như sau:\n"
    "1. Giám đốc Sở Nguyễn Đình Thắng\n"
    "- Trực tiếp phụ trách các lĩnh vực: tổ chức cán bộ; kế hoạch, tài chính; thi đua, "
    "khen thưởng.\n"
    "- Là chủ tài khoản của Sở.\n"
    "2. Phó Giám đốc Lê Văn Hùng\n"
    "- Phụ trách lĩnh vực chuyển đổi số, công nghệ thông tin; bưu chính, viễn thông.\n"
    "- Theo dõi, chỉ đạo công tác khoa học và công nghệ trên địa bàn khu vực phía Bắc tỉnh.\n"
    "3. Phó Giám đốc Phan Thị Thu Hà\n"
    "- Phụ trách lĩnh vực tiêu chuẩn, đo lường, chất lượng; sở hữu trí tuệ.\n"
    "- Theo dõi, chỉ đạo công tác khoa học và công nghệ trên địa bàn khu vực phía Nam tỉnh."
)


def test_a_numbered_title_names_who_its_points_are_said_of() -> None:
    # "- Phụ trách lĩnh vực … sở hữu trí tuệ" was quoted alone, its phrase "tiêu chuẩn";
    # the deputy is named by the title over it
    hit = passage(_DUTIES, title="Quyết định phân công nhiệm vụ")
    found = extract("Phó giám đốc nào phụ trách lĩnh vực sở hữu trí tuệ?", [hit], dense=[0.9])
    assert found.text.startswith("3. Phó Giám đốc Phan Thị Thu Hà: Phụ trách"), found.text
    assert found.short is not None and found.short.text == "Phan Thị Thu Hà"
    found = extract("Ai phụ trách mảng bưu chính, viễn thông vậy", [hit], dense=[0.9])
    assert found.short is not None and found.short.text == "Lê Văn Hùng", found.text


def test_a_numbered_title_lends_its_name_to_its_points() -> None:
    # both deputies' "Theo dõi … địa bàn …" points are alike: the one under her title answers
    hit = passage(_DUTIES, title="Quyết định phân công nhiệm vụ")
    found = extract("Chị Hà phó GĐ theo dõi địa bàn nào?", [hit], dense=[0.9])
    assert "phía Nam" in found.text and "phía Bắc" not in found.text, found.text
    assert found.short is None or found.short.text != "Phan Thị Thu Hà"  # she is named


PRICE_NOTICE = (
    "THÔNG BÁO\nTrích Bảng giá đất thương mại, dịch vụ trên địa bàn thị xã năm 2025\n"
    "Phòng Tài nguyên và Môi trường thông báo giá đất thương mại, dịch vụ tại một số tuyến "
    "đường như sau:\nĐơn vị tính: đồng/m2.\n"
    "1. Đường Trần Phú, đoạn từ Lê Lợi đến Nguyễn Huệ: 41.600.000 đồng/m2.\n"
    "2. Đường Nguyễn Thái Học, toàn tuyến: 38.400.000 đồng/m2.\n"
    "3. Đường Bạch Đằng, toàn tuyến: 33.600.000 đồng/m2.\n"
    "Giá đất trên áp dụng từ ngày 01/01/2025."
)


@pytest.mark.parametrize("note", ["Đơn vị tính: đồng/m2.", "(ĐVT: đồng/m2)", ""])
def test_a_unit_line_between_a_lead_in_and_its_points_leaves_them_its_points(note: str) -> None:
    # The points of "… như sau:" name no "đất": the lead-in lends it to them, past the line
    # saying what unit they are in (without it the count found no point naming the thing
    # whose value is asked, and the answer was declined).
    text = PRICE_NOTICE.replace("Đơn vị tính: đồng/m2.", note).replace("\n\n", "\n")
    found = extract(
        "Giá đất thương mại dịch vụ mặt tiền Nguyễn Thái Học là bao nhiêu?",
        [passage(text, title="Trích Bảng giá đất")],
        dense=[0.9],
    )
    assert found.text
    assert found.short is not None and found.short.text == "38.400.000 đồng/m2"
