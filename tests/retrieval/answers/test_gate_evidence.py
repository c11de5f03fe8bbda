"""What the decline gate reads of an answer (answers/gate_evidence.py): the question's
words its passage lacks count by how rare they are in the whole index."""

from __future__ import annotations

from retrieval.answers.extractive import extract
from retrieval.answers.gate import GATE_FEATURES
from retrieval.answers.gate_evidence import gate_features
from retrieval.index.chunks import Hit

_TEXT = (
    "Sáng 8/2, Thành ủy TPHCM tổ chức hội nghị tổng kết công tác tổ chức xây dựng đảng. "
    "Tại hội nghị, Ban Thường vụ Thành ủy trao bằng khen cho 6 tập thể."
)
_QUESTION = "Ban Thường vụ Thành ủy trao bằng khen cho bao nhiêu hợp tác xã?"


def _hit() -> Hit:
    return Hit(
        chunk_id="a:0", article_id="a", title="Hội nghị", source="", published="", url="",
        origin="", text=_TEXT, start=0, end=len(_TEXT), paragraph=0, score=1.0,
    )  # fmt: skip


def _idf(rare: float) -> dict[str, float]:
    """Every word of the question common (idf 1), "hợp tác xã" as rare as `rare`."""
    words = ("ban", "thuong", "vu", "thanh", "uy", "trao", "bang", "khen", "cho")
    return {**dict.fromkeys(words, 1.0), "hop": rare, "tac": rare, "xa": rare}


def _rare_absent(term_idf: dict[str, float] | None) -> float:
    found = gate_features(_QUESTION, [_hit()], [0.85], term_idf=term_idf)
    assert found is not None
    return dict(zip(GATE_FEATURES, found, strict=True))["rare_absent"]


def test_the_words_the_passage_lacks_weigh_by_their_rarity() -> None:
    # without the index's counts every word weighs the same: "hợp", "xã" of 11 missing
    # ("cho" is no content word; "tác" is that of "công tác")
    assert _rare_absent(None) == 2 / 11
    assert _rare_absent(_idf(1.0)) == 2 / 11
    # rare words missing weigh more
    assert _rare_absent(_idf(5.0)) == 10 / (8 + 15)


def test_a_rare_word_the_passage_lacks_lowers_the_confidence() -> None:
    common = extract(_QUESTION, [_hit()], dense=[0.85], term_idf=_idf(1.0))
    rare = extract(_QUESTION, [_hit()], dense=[0.85], term_idf=_idf(5.0))
    assert rare.confidence < common.confidence
