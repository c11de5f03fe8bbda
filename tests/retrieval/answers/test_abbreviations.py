"""An abbreviation an article defines stands for its spelling (answers/abbreviations.py)."""

from __future__ import annotations

from retrieval.answers.abbreviations import _defined, spelled_out
from retrieval.answers.features import _analysed, _query
from tests.retrieval.answers.passage import passage


def test_only_an_abbreviation_of_its_spellings_initials_is_defined() -> None:
    text = (
        "Trung tâm Kiểm soát bệnh tật (CDC) ghi nhận 186 ca sốt xuất huyết (SXH); Ủy ban nhân "
        "dân (UBND) huyện đẩy nhanh giải phóng mặt bằng (GPMB) tại thành phố (TP)."
    )
    assert dict(_defined(text)) == {
        "sxh": frozenset({"sot", "xuat", "huyet"}),
        "ubnd": frozenset({"uy", "ban", "nhan", "dan"}),
        "gpmb": frozenset({"giai", "phong", "mat", "bang"}),
    }


def test_a_sentence_writing_the_abbreviation_holds_the_questions_words_of_it() -> None:
    lead = passage("Tuần 30 ghi nhận 186 ca sốt xuất huyết (SXH).", title="SXH", chunk_id="a:0")
    later = passage("Cộng dồn từ đầu năm có 2.415 ca mắc SXH.", title="SXH", chunk_id="a:1")
    query = _query("Từ đầu năm có bao nhiêu ca sốt xuất huyết?")
    by_hit = spelled_out(query, [lead, later], [_analysed(lead.text), _analysed(later.text)])
    assert {"sot", "xuat", "huyet"} <= by_hit[1][0].folded
    assert by_hit[1][0].folded - _analysed(later.text)[0].folded == {"sot", "xuat", "huyet"}
