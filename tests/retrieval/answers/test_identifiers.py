"""A number naming a thing ("quận 3", "Ca 2", "Apollo 11"): a sentence about another one
does not answer (answers/evidence.py: identifiers, contradicts; extractive.extract)."""

from __future__ import annotations

import pytest

from retrieval.answers.evidence import (
    contradicts,
    headed_value,
    identifiers,
    named_pairs,
    picked_head,
)
from retrieval.answers.extractive import extract
from retrieval.answers.sentences import _analysed
from retrieval.index.chunks import Hit
from tests.retrieval.answers.passage import passage


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Chủ tịch UBND quận 3 đề nghị gì?", {("quan", "3")}),
        ("chu tich ubnd quan 3 de nghi gi", {("quan", "3")}),  # typed without diacritics
        ("Ca 2 của khối sản xuất làm từ mấy giờ?", {("ca", "2")}),
        ("Phi hành đoàn của Apollo 11 gồm những ai?", {("apollo", "11")}),  # capitalised
        ("Quốc lộ 1A qua những tỉnh nào?", {("lo", "1a")}),
        # a capital letter alone after a word that names by one
        ("Giấy phép lái xe hạng C cấp cho ai?", {("hang", "c")}),
        ("Khối A xét tuyển những môn nào?", {("khoi", "a")}),
        ("Nhà ở xã hội khu A bán giá bao nhiêu?", {("khu", "a")}),  # "ở" is a word
        ("Xe loại này chạy tối đa bao nhiêu km/h?", set()),
        ("Quận Bình Thạnh có kinh nghiệm gì?", {("quan", "binh thanh")}),  # a name after it
        ("Ai đã hát Quốc Ca tại Super Bowl 50?", {("bowl", "50")}),  # "Super Bowl": one name
        # counts, measures, years and provisions name nothing
        ("Có khoảng 30 người bị thương?", set()),
        ("Tối thiểu 4 người phải có mặt?", set()),
        ("Năm 2019 doanh thu đạt bao nhiêu?", set()),
        ("Điều 12 quy định gì?", set()),
        ("Chuyển đổi 2 điểm thế nào?", set()),  # "đổi" is not "đội"
    ],
)
def test_the_numbers_a_question_names_things_by(question: str, named: set) -> None:
    assert identifiers(question) == named


def _key(text: str) -> str:
    return _analysed(text)[0].key


def test_a_sentence_naming_another_one_only_contradicts() -> None:
    asked = identifiers("Ca 2 làm từ mấy giờ đến mấy giờ?")
    assert contradicts(asked, _key("Ca 1: từ 6 giờ đến 14 giờ; Ca 3: từ 22 giờ đến 6 giờ."))
    assert not contradicts(asked, _key("Ca 1: từ 6 giờ; Ca 2: từ 14 giờ đến 22 giờ."))
    assert not contradicts(asked, _key("Khối sản xuất làm việc theo ba ca."))  # names none
    asked = identifiers("Quận Bình Thạnh có kinh nghiệm gì?")
    assert contradicts(
        asked,
        _key("Bà Xuân, Phó Bí thư Quận ủy quận 8 cho biết quận ủy đã …"),
        "Bà Xuân, Phó Bí thư Quận ủy quận 8 cho biết quận ủy đã …",
    )
    assert not contradicts(
        asked,
        _key("Bà Hà, Bí thư Quận ủy quận Bình Thạnh cho rằng …"),
        "Bà Hà, Bí thư Quận ủy quận Bình Thạnh cho rằng …",
    )
    assert not contradicts(
        asked,
        _key("Quận ủy đã tổ chức sinh hoạt chi bộ mẫu."),
        "Quận ủy đã tổ chức sinh hoạt chi bộ mẫu.",
    )  # "ủy": no name
    # a place may be named without its word
    asked = identifiers("Tỉnh Bình Định đã sơ tán bao nhiêu hộ trước bão?")
    sentence = "Trong đó, tỉnh Quảng Ngãi sơ tán 3.150 hộ, Bình Định sơ tán 2.460 hộ."
    assert not contradicts(asked, _key(sentence), sentence)
    sentence = "Trong đó, tỉnh Quảng Ngãi sơ tán 3.150 hộ."
    assert contradicts(asked, _key(sentence), sentence)
    # a place's name is its first words, not its first word only: Quảng Nam is no Quảng Ngãi
    asked = identifiers("Tỉnh Quảng Nam sơ tán bao nhiêu hộ dân?")
    sentence = "Trong đó, tỉnh Quảng Ngãi sơ tán 3.150 hộ."
    assert contradicts(asked, _key(sentence), sentence)
    sentence = "Chủ tịch UBND tỉnh Quảng Nam Lê Văn Dũng cho biết tỉnh đã sơ tán 1.200 hộ."
    assert not contradicts(asked, _key(sentence), sentence)  # the name runs into his
    # a field of study, as a place
    asked = identifiers("Ngành Dược học lấy bao nhiêu điểm năm 2024?")
    sentence = "Ngành Công nghệ thông tin lấy 25,60 điểm; Marketing 24,85 điểm."
    assert contradicts(asked, _key(sentence), sentence)
    # a name follows its place word after a space: "tỉnh (GRDP)" names no province
    asked = identifiers("GRDP 9 tháng đầu năm 2023 của tỉnh Hòa Lâm tăng bao nhiêu?")
    sentence = "Tổng sản phẩm trên địa bàn tỉnh (GRDP) 9 tháng đầu năm 2023 ước tăng 6,42%."
    assert not contradicts(asked, _key(sentence), sentence)
    sentence = "Tổng sản phẩm trên địa bàn tỉnh Bình Định 9 tháng đầu năm 2023 ước tăng 6,1%."
    assert contradicts(asked, _key(sentence), sentence)


def test_a_prize_asked_by_its_rank_is_answered_by_a_sentence_naming_it() -> None:
    assert identifiers("Ai là người đoạt giải Nhất?") == {("giai", "nhat")}
    assert identifiers("Đội nào giành huy chương vàng?") == {("chuong", "vang")}
    text = (
        "Đáng chú ý, Khánh An mới 20 tuổi, là tác giả nhỏ tuổi nhất từng đoạt giải cao. Giải "
        "Nhất thuộc về tập truyện “Mùa mưa ở xóm Chài” của tác giả Lâm Thị Ngọc Diệp. Hai "
        "giải Nhì được trao cho tác giả Trần Văn Bình và Phạm Thu Hà."
    )
    for question in ("Ai là người đoạt giải Nhất?", "Tác phẩm đoạt giải nhất tên là gì?"):
        found = extract(question, [_hit(text)])
        assert found.text.startswith("Giải Nhất thuộc về"), question
    assert extract("Ai đoạt giải Nhì?", [_hit(text)]).text.startswith("Hai giải Nhì")
    # asked who, the person's full name, not the title of her book nearer the question's words
    found = extract("Ai là người đoạt giải Nhất?", [_hit(text)])
    assert found.short is not None and found.short.text == "Lâm Thị Ngọc Diệp"


def test_a_point_naming_another_letter_contradicts() -> None:
    asked = identifiers("Giấy phép lái xe hạng B2 cấp cho ai?")
    other = "d) Hạng C cấp cho người lái xe ô tô tải, máy kéo có trọng tải từ 3.500 kg trở lên;"
    assert contradicts(asked, _key(other))
    assert not contradicts(identifiers("Giấy phép lái xe hạng C cấp cho ai?"), _key(other))
    assert not contradicts(identifiers("Khu A có bao nhiêu căn?"), _key("Nhà ở xã hội có 300 căn."))


def _hit(text: str) -> Hit:
    return passage(text, title="Nội quy lao động")


_SHIFTS = (
    "Khối văn phòng làm việc từ 7 giờ 30 đến 17 giờ. Khối sản xuất làm việc theo ca như "
    "sau: a) Ca 1: từ 6 giờ đến 14 giờ; b) Ca 2: từ 14 giờ đến 22 giờ; c) Ca 3: từ 22 giờ "
    "đến 6 giờ sáng hôm sau."
)


def test_the_thing_asked_is_answered_and_another_is_not() -> None:
    found = extract("Ca 2 làm từ mấy giờ đến mấy giờ?", [_hit(_SHIFTS)], dense=[0.9])
    assert found.text.startswith("b) Ca 2") or "Ca 2: từ 14 giờ đến 22 giờ" in found.text
    assert found.confidence > 0.5
    # the same list without its second shift: the first and third do not answer for it
    without = _SHIFTS.replace("b) Ca 2: từ 14 giờ đến 22 giờ; ", "")
    found = extract("Ca 2 làm từ mấy giờ đến mấy giờ?", [_hit(without)], dense=[0.9])
    assert found.confidence == 0.0


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Quận nào chia sẻ kinh nghiệm nâng cao chất lượng chi bộ?", "quận"),
        ("Người lao động làm ca nào?", "ca"),
        ("Nghị quyết Trung ương 4 khóa mấy?", "khóa"),  # "khóa XII"
        ("Vệ tinh nào đã được sử dụng?", ""),  # the "tinh" of "vệ tinh" picks nothing
        ("Cơ quan nào đã liệt kê?", ""),  # nor the "quan" of "cơ quan"
        ("Có mấy tập thể?", ""),  # a count: "mấy" before its noun
    ],
)
def test_the_naming_word_a_question_picks_by(question: str, head: str) -> None:
    assert picked_head(question) == head


def test_the_thing_picked_is_the_head_and_its_value() -> None:
    text = "Bà Xuân, Phó Bí thư Quận ủy quận 8 cho biết quận ủy đã tổ chức sinh hoạt."
    span = headed_value(text, "quận", frozenset())
    assert span is not None and text[span[0] : span[1]] == "quận 8"  # "Quận ủy" names none
    text = "Bà Hà, Bí thư Quận ủy quận Bình Thạnh, cho rằng …"
    span = headed_value(text, "quận", frozenset())
    assert span is not None and text[span[0] : span[1]] == "quận Bình Thạnh"
    text = "a) Ca 1: từ 6 giờ đến 14 giờ; b) Ca 2: từ 14 giờ đến 22 giờ."
    span = headed_value(text, "ca", frozenset({"1"}))  # the question says "ca 1"
    assert span is not None and text[span[0] : span[1]] == "Ca 2"


_LICENCES = (
    "2. Giấy phép lái xe không thời hạn bao gồm các hạng sau đây:\n\n"
    "b) Hạng A2 cấp cho người lái xe mô tô hai bánh có dung tích xi-lanh từ 175 cm3 trở lên;\n\n"
    "c) Hạng A3 cấp cho người lái xe mô tô ba bánh."
)


def test_a_code_names_a_thing_as_a_number_does() -> None:
    # the sentence's key cuts "A2" in two: the pair is joined again
    assert identifiers("Giấy phép lái xe hạng A1 cấp cho ai?") == {("hang", "a1")}
    assert named_pairs("b hang a 2 cap cho nguoi lai xe") >= {("hang", "a2")}
    assert contradicts(frozenset({("hang", "a1")}), "b hang a 2 cap cho nguoi lai xe")


def test_a_list_of_the_other_codes_is_no_answer() -> None:
    # the lead-in "… gồm các hạng sau đây:" names none; its points name A2 and A3 only
    hit = passage(_LICENCES, title="Luật Giao thông đường bộ")
    found = extract("Giấy phép lái xe hạng A1 cấp cho người lái loại xe nào?", [hit], dense=[0.9])
    assert found.confidence == 0.0
    found = extract("Giấy phép lái xe hạng A3 cấp cho ai?", [hit], dense=[0.9])
    assert found.short is not None and "mô tô ba bánh" in found.short.text


def test_a_former_post_names_no_other_place() -> None:
    # "nguyên Phó Chủ nhiệm … xã Phước Thạnh": where he was, not what the sentence is
    # about (was declined: "xã Phước Thạnh" and no "xã Phước Lộc")
    asked = identifiers("Ai làm Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Phước Lộc?")
    sentence = (
        "Ban Chấp hành cũng bầu Ủy ban Kiểm tra Đảng ủy xã gồm 5 đồng chí; đồng chí Lê Văn "
        "Nhân, nguyên Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Phước Thạnh, được bầu giữ "
        "chức Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã."
    )
    assert not contradicts(asked, _key(sentence), sentence)
    # said of the sentence itself, the other commune still contradicts
    other = (
        "Đồng chí Lê Văn Nhân được bầu giữ chức Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Phước Thạnh."
    )
    assert contradicts(asked, _key(other), other)
    # "giữ nguyên" is no former post
    kept = "Xã Phước Thạnh giữ nguyên Ban Chấp hành khóa cũ."
    assert contradicts(asked, _key(kept), kept)


def test_a_committee_named_by_its_level_is_not_another_levels() -> None:
    asked = identifiers("Chủ tịch UBND huyện được phạt tiền đến bao nhiêu?")
    assert asked == {("cap", "huyen")}
    commune = "1. Chủ tịch UBND cấp xã có quyền: a) Phạt cảnh cáo; b) Phạt tiền đến 10.000.000 đồng"
    assert contradicts(asked, _key(commune), commune)
    district = "2. Chủ tịch UBND cấp huyện có quyền phạt tiền đến 50.000.000 đồng."
    assert not contradicts(asked, _key(district), district)
    # a named or numbered committee is a place, not a level
    assert identifiers("UBND huyện Củ Chi họp khi nào?") == {("huyen", "cu chi")}
    assert ("cap", "huyen") not in identifiers("Chủ tịch UBND quận 3 đề nghị gì?")


def test_a_number_and_its_letter_name_one_road() -> None:
    # "Quốc lộ 1K" is keyed "quoc lo 1 k": a sentence naming it contradicted the question's
    # "lộ 1K", and the reason for the power cut on Quốc lộ 1K was declined
    assert ("lo", "1k") in named_pairs("di doi luoi dien phuc vu du an mo rong quoc lo 1 k")
    assert not contradicts(
        frozenset({("lo", "1k")}), "phuc vu du an mo rong quoc lo 1 k", "mở rộng Quốc lộ 1K."
    )


def test_a_number_per_thing_names_no_thing() -> None:
    # "mỗi lớp 45 em" counts per class: the sentence answering how many pupils "lớp 10"
    # takes was read as about "lớp 45", and the question declined
    asked = identifiers("Năm học tới trường dự kiến tuyển bao nhiêu học sinh lớp 10?")
    sentence = "Năm học tới trường dự kiến tuyển 675 học sinh, chia thành 15 lớp, mỗi lớp 45 em."
    assert ("lop", "45") not in named_pairs(_key(sentence))
    assert not contradicts(asked, _key(sentence), sentence)
    # a class named by its number still is
    other = "Năm học tới trường dự kiến tuyển 120 học sinh lớp 6."
    assert contradicts(asked, _key(other), other)


def test_a_number_written_with_a_zero_or_counted_onward_names_the_one_asked() -> None:
    asked = identifiers("Đi muộn lần thứ 5 trong tháng bị trừ bao nhiêu tiền?")
    # "từ lần thứ 04 trở đi" holds the fifth (it was another one, and the answer declined)
    assert not contradicts(asked, _key("Từ lần thứ 04 trở đi trong tháng: trừ 50.000 đồng."))
    assert not contradicts(asked, _key("Lần thứ 05 trong tháng: trừ 50.000 đồng."))
    assert contradicts(asked, _key("Lần thứ 03 trong tháng: trừ 20.000 đồng."))
    assert contradicts(asked, _key("Từ lần thứ 06 trở đi trong tháng: trừ 80.000 đồng."))
