"""Who signed a document: the block at its end (answers/signer.py). The parsing is pure;
the end-to-end test ingests a decision whose signature sits in its last passage, which
search does not rank for the question (real model, real Chroma)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.answers.signer import asks_signer, signature
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.services import build_services
from retrieval.settings import Settings

BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025; căn cứ Nghị định "
    "số 335/2025/NĐ-CP ngày 24 tháng 12 năm 2025 của Chính phủ quy định về tuyển dụng, sử "
    "dụng và quản lý công chức; xét đề nghị của Giám đốc Sở Nội vụ.\n\n"
    "QUYẾT ĐỊNH:\n\n"
    "Điều 1. Bổ nhiệm ông Trần Văn Hùng, Phó Giám đốc Sở Nông nghiệp và Môi trường, giữ chức "
    "Giám đốc Sở Nông nghiệp và Môi trường tỉnh Nghệ An. Ông Trần Văn Hùng được hưởng phụ "
    "cấp chức vụ lãnh đạo hệ số 0,9 theo quy định hiện hành.\n\n"
    "Điều 2. Thời hạn giữ chức vụ là 05 năm kể từ ngày 01 tháng 9 năm 2025. Ông Trần Văn "
    "Hùng có trách nhiệm bàn giao công việc đang phụ trách trong thời hạn 15 ngày làm việc "
    "kể từ ngày nhận nhiệm vụ, báo cáo Chủ tịch UBND tỉnh kết quả bàn giao.\n\n"
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc "
    "Sở Nội vụ, Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị có liên quan và ông "
    "Trần Văn Hùng chịu trách nhiệm thi hành Quyết định này./.\n\n"
)
END = (
    "Nơi nhận:\n- Như Điều 3;\n- Bộ Nội vụ;\n- Thường trực Tỉnh ủy (để b/c);\n"
    "- Thường trực HĐND tỉnh;\n- Chủ tịch, các PCT UBND tỉnh;\n- Ban Tổ chức Tỉnh ủy;\n"
    "- Cổng Thông tin điện tử tỉnh;\n- Lưu: VT, SNV.\n\n"
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nHoàng Nghĩa Thắng"
)
TITLE = "Quyết định số 2145/QĐ-UBND về việc bổ nhiệm Giám đốc Sở Nông nghiệp và Môi trường"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Quyết định số 2145/QĐ-UBND do ai ký?", "quyết định"),
        ("Ai ký Kế hoạch cải cách hành chính năm 2025?", "kế hoạch"),
        ("Người ký thông báo lịch trực Tết là ai?", "thông báo"),
        ("Ai là người ký cấp giấy khai sinh cho trẻ?", ""),  # a step of a procedure
        ("Hai bên ký kết biên bản ghi nhớ ngày nào?", ""),
        ("Quyết định số 2145/QĐ-UBND bổ nhiệm ai?", ""),
    ],
)
def test_which_questions_ask_a_signer(question: str, kind: str) -> None:
    assert asks_signer(question) == kind


def test_the_block_at_a_documents_end() -> None:
    found = signature(END)
    assert found is not None
    start, name_start, name_end = found
    assert END[start:].startswith("TM. ỦY BAN NHÂN DÂN")
    assert END[name_start:name_end] == "Hoàng Nghĩa Thắng"
    # joined by ingestion into one line, the mark and the name
    joined = END.replace("(Đã ký)\n", "(Đã ký) ")
    found = signature(joined)
    assert found is not None and joined[found[1] : found[2]] == "Hoàng Nghĩa Thắng"
    # no block: a list ends the text, or a sentence does
    assert signature("Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, SNV.") is None
    assert (
        signature("Mọi vướng mắc xin liên hệ bà Lê Thị Mỹ Duyên.\nĐiện thoại 0236.3846.215") is None
    )


def test_who_signed_is_answered_from_the_documents_end(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    rows = [
        {"pid": "qd2145", "title": TITLE, "text": BODY + BODY.replace("Điều", "Khoản") + END},
        {"pid": "tin", "title": "Nghệ An có tân Giám đốc Sở Nông nghiệp và Môi trường",
         "text": "Chiều 26/8, UBND tỉnh Nghệ An công bố quyết định bổ nhiệm ông Trần Văn Hùng "
                 "giữ chức Giám đốc Sở Nông nghiệp và Môi trường. Tân giám đốc cam kết cùng "
                 "tập thể lãnh đạo Sở hoàn thành các nhiệm vụ được giao."},
    ]  # fmt: skip
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert run(settings, embedder, [str(path)]).exit_code == 0
    services = build_services(settings, embedder)
    try:
        answer = ask("Quyết định số 2145/QĐ-UBND do ai ký?", None, services)
        assert answer.found, answer.text
        assert answer.short is not None and answer.short.text == "Hoàng Nghĩa Thắng"
        assert answer.text.startswith("TM. ỦY BAN NHÂN DÂN – KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")
        assert answer.citations[0].title == TITLE
        # what the decision says is answered as before
        other = ask("Quyết định số 2145/QĐ-UBND bổ nhiệm ai?", None, services)
        assert "Hoàng Nghĩa Thắng" not in other.text
    finally:
        services.close()
