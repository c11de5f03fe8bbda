"""A document's legal basis ("Căn cứ Quyết định số …") answers only a question asking it
(answers/basis.py)."""

from __future__ import annotations

from retrieval.answers.basis import asks_basis, cites_basis
from retrieval.answers.extractive import extract
from tests.retrieval.answers.passage import passage

RESULT = (
    "Căn cứ Quyết định số 187/QĐ-BQLDA ngày 05/5/2025 của Giám đốc Ban QLDA ĐTXD huyện Đức "
    "Hòa về việc phê duyệt kết quả lựa chọn nhà thầu Gói thầu số 01: Thi công xây dựng công "
    "trình thuộc dự án Nâng cấp, mở rộng đường liên xã Hựu Thạnh – Đức Lập Hạ.\n\n"
    "Ban QLDA ĐTXD huyện Đức Hòa thông báo kết quả lựa chọn nhà thầu như sau:\n\n"
    "1. Số nhà thầu tham dự: 04 nhà thầu.\n\n"
    "2. Nhà thầu trúng thầu: Liên danh Phước Hưng – Long Hậu.\n\n"
    "3. Giá trúng thầu: 17.908.624.000 đồng, đã bao gồm thuế GTGT."
)
TITLE = "Kết quả lựa chọn nhà thầu Gói thầu số 01: đường liên xã Hựu Thạnh – Đức Lập Hạ"


def test_the_basis_is_no_answer() -> None:
    # was the "Căn cứ Quyết định …" line: it names the package and the road, the winner
    # line names neither
    found = extract(
        "Ai trúng gói thi công đường liên xã Hựu Thạnh – Đức Lập Hạ?",
        [passage(RESULT, title=TITLE)],
    )
    assert "Liên danh Phước Hưng – Long Hậu" in found.text.split("\n")[0], found.text


def test_a_question_asking_the_basis_keeps_it() -> None:
    question = "Kết quả gói thầu đường liên xã Hựu Thạnh được phê duyệt theo quyết định nào?"
    assert asks_basis(question)
    found = extract(question, [passage(RESULT, title=TITLE)])
    assert "187/QĐ-BQLDA" in found.text.split("\n")[0], found.text


def test_what_is_a_citation() -> None:
    assert cites_basis("Căn cứ Luật Đấu thầu số 22/2023/QH15 ngày 23/6/2023;")
    assert cites_basis("- Căn cứ Nghị định số 24/2024/NĐ-CP của Chính phủ;")
    # a sentence going on after its basis says something of its own
    assert not cites_basis(
        "Căn cứ Bộ luật Lao động 2019, Giám đốc Sở thông báo như sau: 1. Bà Lan nghỉ hưu."
    )
    assert not cites_basis("Căn cứ kết quả kiểm tra, Sở Y tế đã tạm đình chỉ hoạt động 60 ngày.")
    assert not asks_basis("Ai trúng gói thầu số 01?")
