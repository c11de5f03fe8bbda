"""The sentence a pronoun of the best sentence points back to (answers/antecedent.py)."""

from __future__ import annotations

import pytest

from retrieval.answers.extractive import extract
from tests.retrieval.answers.passage import passage


def _answer(text: str, question: str) -> tuple[str, str | None]:
    found = extract(question, [passage(text, title="Tin tức")], dense=[0.85])
    return found.text, found.short.text if found.short else None


def test_who_a_pronoun_means_is_named_by_the_sentence_before() -> None:
    text = (
        "Phát biểu tại hội nghị, ông Nguyễn Văn An, Giám đốc Sở Nội vụ, đánh giá cao kết quả "
        "năm qua. Ông cũng nhấn mạnh việc cải cách thủ tục hành chính trong năm 2024."
    )
    quoted, short = _answer(text, "Ai nhấn mạnh việc cải cách thủ tục hành chính?")
    # Both are quoted: the name first, then what the question asked about.
    assert quoted.startswith("Phát biểu tại hội nghị, ông Nguyễn Văn An")
    assert "Ông cũng nhấn mạnh" in quoted
    assert short == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("text", "question", "first"),
    [
        (  # the sentence names someone the question does not: maybe the one asked
            "Đội Hải Phòng thắng trận bán kết. Sau đó, họ đánh bại đương kim vô địch Sông Lam "
            "Nghệ An trong trận chung kết.",
            "Ai là đương kim vô địch của giải?",
            "Sau đó, họ đánh bại",
        ),
        (  # a "bà" is not the "ông" named before
            "Ông Trần Minh Đức, Chủ tịch Hội đồng, phát biểu khai mạc. Bà cho biết thêm rằng "
            "năm nay có 92 công nhân được khen thưởng.",
            "Ai cho biết năm nay có 92 công nhân được khen thưởng?",
            "Bà cho biết",
        ),
        (  # "Giả thuyết của Polignac" names the one meant before "giả thuyết đó"
            "Nhiều người tin vào giả thuyết số nguyên tố sinh đôi. Giả thuyết của Polignac mở "
            "rộng giả thuyết đó cho mọi khoảng cách chẵn.",
            "Giả thuyết nào mở rộng cho mọi khoảng cách chẵn?",
            "Giả thuyết của Polignac",
        ),
    ],
)
def test_a_sentence_naming_what_it_means_is_not_led_by_the_one_before(
    text: str, question: str, first: str
) -> None:
    assert _answer(text, question)[0].startswith(first)


@pytest.mark.parametrize(
    ("text", "question", "first"),
    [
        (
            "Bệnh viện vừa trang bị ba buồng oxy cao áp mới. Ngộ độc khí CO được điều trị "
            "bằng các thiết bị này.",
            "Thiết bị nào được dùng để điều trị ngộ độc khí CO?",
            "Bệnh viện vừa trang bị ba buồng oxy cao áp",
        ),
        (
            "Trong ba năm, trường xây thêm hai phòng thí nghiệm và mở rộng thư viện. Tất cả "
            "những điều này tạo tiền đề cho việc đào tạo sau đại học.",
            "Điều gì đã tạo tiền đề cho việc đào tạo sau đại học?",
            "Trong ba năm, trường xây thêm",
        ),
    ],
)
def test_what_a_demonstrative_means_is_said_by_the_sentence_before(
    text: str, question: str, first: str
) -> None:
    quoted = _answer(text, question)[0]
    assert quoted.startswith(first)
    assert "này" in quoted  # the sentence matching the question is quoted after it


def test_a_sentence_opening_with_a_pronoun_is_about_the_person_named_before() -> None:
    text = (
        "Báo cáo tại hội nghị, bà Trần Thị Mai, Phó Chủ tịch UBND quận 3, cho biết quận đã "
        "số hóa 95% hồ sơ. Phát biểu chỉ đạo, đồng chí Lê Thị Hồng Nhung ghi nhận những kết "
        "quả quận 3 đạt được. Bà đề nghị quận tập trung hoàn thiện cơ sở dữ liệu dân cư và "
        "mở rộng thanh toán không dùng tiền mặt."
    )
    # "Bà đề nghị …" lacked the name asked: the sentence naming Nhung led, though it says
    # nothing she proposed.
    quoted, _ = _answer(text, "Bà Nhung đề nghị quận 3 làm gì?")
    assert quoted.startswith("Bà đề nghị quận tập trung")


_HOSPITAL = (
    "(VOH) - Sáng 5/2, Giám đốc Bệnh viện Nhân dân 115 Phạm Minh Hoàng cho biết trong 9 ngày "
    "nghỉ Tết, bệnh viện đã tiếp nhận 2.150 ca cấp cứu.\n\nTheo ông Hoàng, phần lớn các ca cấp "
    "cứu là do tai nạn giao thông và ngộ độc rượu bia. Ông cho biết bệnh viện đã bố trí 4 kíp "
    "trực cấp cứu mỗi ngày."
)


def test_a_report_calls_a_person_by_the_last_word_of_the_name() -> None:
    # "Ông Phạm Minh Hoàng còn nói gì nữa?" (the follow-up "Ông ấy còn nói gì nữa?"
    # rewritten): "Theo ông Hoàng, …" is what he said, though it lacks "Phạm Minh"; it was
    # "Tôi không tìm thấy thêm thông tin nào khác".
    hit = passage(_HOSPITAL, title="Bệnh viện Nhân dân 115 tiếp nhận hơn 2.000 ca cấp cứu")
    said = _HOSPITAL.split("\n\n")[0].removeprefix("(VOH) - ") + " [1]"
    found = extract("Ông Phạm Minh Hoàng còn nói gì nữa?", [hit], dense=[0.86], said=said)
    assert "Theo ông Hoàng, phần lớn các ca cấp cứu" in found.text
    assert found.text.startswith(("Theo ông Hoàng", "Ông cho biết bệnh viện đã bố trí"))


def test_a_person_called_by_title_and_given_name_was_named_in_full_before() -> None:
    text = (
        "Cử tri Đặng Văn Bảy đề nghị quan tâm đến người nghỉ hưu trước năm 1995. "
        "Theo bà Lê Thị Thu Lan, lương hưu đã được điều chỉnh tăng 15% từ ngày 01/7/2024. "
        "Bà Lan thừa nhận mức tăng này chưa đủ và cam kết gửi kiến nghị của cử tri Đặng Văn Bảy "
        "đến Bộ Lao động – Thương binh và Xã hội."
    )
    quoted, short = _answer(text, "Ai cam kết gửi kiến nghị của cử tri Đặng Văn Bảy?")
    assert quoted.startswith("Theo bà Lê Thị Thu Lan") and "Bà Lan thừa nhận" in quoted
    assert short == "Lê Thị Thu Lan"
    # another "Lan" is no one's full name for her; another person named in full may be asked
    other = text.replace("Lê Thị Thu Lan", "Lê Thị Thu Hà")
    assert _answer(other, "Ai cam kết gửi kiến nghị của cử tri Đặng Văn Bảy?")[1] != "Lê Thị Thu Hà"
    named = text.replace("Bà Lan thừa nhận", "Bà Lan cùng ông Phạm Văn Tú thừa nhận")
    quoted, _ = _answer(named, "Ai cam kết gửi kiến nghị của cử tri Đặng Văn Bảy?")
    assert quoted.startswith("Bà Lan cùng ông Phạm Văn Tú")
