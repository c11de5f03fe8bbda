"""Vietnamese BM25: terms, ranking, files, and staying in step with the store."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval.search.lexical import LexicalIndex
from retrieval.search.terms import Analyzer, has_diacritics, tokenize

# --- terms -----------------------------------------------------------------------------


def test_tone_mark_conventions_nfd_and_invisible_characters_give_the_same_terms() -> None:
    canonical = tokenize("Hòa bình, thủy lợi và Ủy ban")
    assert tokenize("Hoà bình, thuỷ lợi và Uỷ ban") == canonical
    assert tokenize(unicodedata.normalize("NFD", "Hoà bình, thuỷ lợi và Uỷ ban")) == canonical
    assert tokenize("Hòa\u00a0bình, th\u200bủy lợi và Ủy   ban") == canonical


def test_terms_are_syllables_bigrams_and_folded_forms() -> None:
    terms = Analyzer().terms("Nhiệm vụ trọng tâm")
    assert terms.exact == ["nhiệm", "vụ", "trọng", "tâm", "nhiệm_vụ", "vụ_trọng", "trọng_tâm"]
    folded = ["nhiem", "vu", "trong", "tam", "nhiem_vu", "vu_trong", "trong_tam"]
    assert terms.folded == ["~" + t for t in folded]
    assert terms.accented


def test_bigrams_do_not_cross_punctuation() -> None:
    exact = Analyzer().terms("Hà Nội, Bà Rịa-Vũng Tàu. TP.HCM").exact
    assert "nội_bà" not in exact
    assert "rịa_vũng" in exact
    assert "tp_hcm" not in exact and {"tp", "hcm"} <= set(exact)


@pytest.mark.parametrize(
    ("question", "dropped"),
    [
        ("Nhiệm vụ trọng tâm năm 2018 là gì?", {"là", "gì", "là_gì", "2018_là"}),
        ("Bao nhiêu tập thể được tặng giấy khen?", {"bao", "nhiêu", "bao_nhiêu", "được"}),
        ("Ai chủ trì hội nghị?", {"ai", "ai_chủ"}),
        ("Hội nghị diễn ra vào ngày nào?", {"nào", "ngày_nào"}),
        ("Mô hình mới vận hành như thế nào?", {"như", "thế", "nào", "hành_như"}),
        ("Có phải ông Việt chủ trì không?", {"có", "phải", "không", "có_phải"}),
        ("nhiem vu trong tam nam 2018 la gi", {"la", "gi", "la_gi", "2018_la"}),
        ("van hanh nhu the nao", {"nhu", "the", "nao"}),
    ],
)
def test_question_words_are_dropped(question: str, dropped: set[str]) -> None:
    exact = set(Analyzer().terms(question).exact)
    assert not exact & dropped


def test_content_words_next_to_question_words_are_kept() -> None:
    accented = set(Analyzer().terms("Ngôi sao hàng không ở đầu danh sách").exact)
    assert {"sao", "ngôi_sao", "hàng_không", "đầu"} <= accented
    # Typed without diacritics, "trong" may be "trọng" and "co" may be "cơ": both stay.
    plain = set(Analyzer().terms("nhiem vu trong tam co so").exact)
    assert {"trong", "trong_tam", "co", "co_so"} <= plain
    # With diacritics, "trong" (in) is a function word.
    assert "trong" not in Analyzer().terms("trong năm").exact


def test_numbers() -> None:
    exact = Analyzer().terms("Sáng 8/2, giai đoạn 2020-2025, có 1.000 người, tăng 3,5%").exact
    assert {"8/2", "2020-2025", "2020", "2025", "1000", "3,5", "sáng_8/2"} <= set(exact)
    assert "8" not in exact and "2" not in exact  # a date is not every 8 and 2
    assert Analyzer().terms("1000 người").exact[0] == "1000"


def test_a_question_without_diacritics_is_scored_on_folded_terms_only() -> None:
    analyzer = Analyzer(fold_weight=0.5)
    plain = analyzer.query_weights("nhiem vu 2018")
    assert plain and all(t.startswith("~") for t in plain)
    assert set(plain.values()) == {1.0}
    accented = analyzer.query_weights("nhiệm vụ 2018")
    assert accented["nhiệm_vụ"] == 1.0 and accented["~nhiem_vu"] == 0.5


def test_has_diacritics() -> None:
    assert has_diacritics("Nhiệm vụ") and has_diacritics("di đâu") and has_diacritics("ĐI")
    assert has_diacritics(unicodedata.normalize("NFD", "nhiệm"))
    assert not has_diacritics("nhiem vu trong tam nam 2018 la gi?")
    assert not has_diacritics("")


# --- ranking ---------------------------------------------------------------------------

CORPUS = [
    ("c1", "Hội nghị\nBí thư Thành ủy Nguyễn Thiện Nhân chủ trì hội nghị sáng 8/2."),
    ("c2", "Nhiệm vụ\nNhiệm vụ trọng tâm năm 2018 là nghiên cứu mô hình tổ chức đảng."),
    ("c3", "Thắc mắc\nAi? Cái gì, ở đâu, bao nhiêu, khi nào, thế nào, là gì, ai, nào, gì."),
    ("c4", "Thời tiết\nTám giờ sáng nhiệt độ tăng, mưa rào ở nhiều nơi trong năm."),
    ("c5", "Tâm lý\nTâm lý học là một ngành khoa học về tâm trí con người."),
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.from_texts(CORPUS)


def test_bm25_ranks_the_passage_that_answers(index: LexicalIndex) -> None:
    assert index.search("Nhiệm vụ trọng tâm năm 2018 là gì?", 3)[0][0] == "c2"
    assert index.search("Ai chủ trì hội nghị?", 3)[0][0] == "c1"
    # The passage full of question words never wins on them.
    assert "c3" not in [c for c, _ in index.search("Ai chủ trì hội nghị?", 5)]


def test_folded_idf_says_how_rare_each_word_of_a_question_is(index: LexicalIndex) -> None:
    idf = index.folded_idf("Nhiệm vụ trọng tâm năm 2018 của Thành ủy là gì?")
    # question words and stopwords search drops are left out ("là", "gì", "của")
    assert set(idf) == {"nhiem", "vu", "trong", "tam", "nam", "2018", "thanh", "uy"}
    # "tâm" and "tám" (c2, c4, c5) are more common folded than "nhiệm" (c2 only); a word
    # never indexed is the rarest
    assert idf["tam"] < idf["nhiem"] < index.folded_idf("hợp tác xã")["xa"]
    # typed without diacritics, the same words
    assert index.folded_idf("nhiem vu trong tam nam 2018") == {
        k: v for k, v in idf.items() if k not in ("thanh", "uy")
    }


def test_a_question_typed_without_diacritics_finds_the_same_passage(index: LexicalIndex) -> None:
    accented = index.search("Nhiệm vụ trọng tâm năm 2018 là gì?", 1)
    plain = index.search("nhiem vu trong tam nam 2018 la gi", 1)
    assert accented[0][0] == plain[0][0] == "c2"


def test_exact_diacritics_beat_folded_matches(index: LexicalIndex) -> None:
    # "tâm" (c5) against "tám" (c4): both fold to "tam", the exact one must win.
    scores = dict(index.search("tâm", 5))
    assert scores["c5"] > scores.get("c4", 0.0)
    # Folded matches still count, at a lower weight.
    assert scores.get("c4", 0.0) > 0


def test_scores_match_bm25s_lucene(index: LexicalIndex) -> None:
    import bm25s

    analyzer = Analyzer()
    retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
    retriever.index([analyzer.terms(text).all for _, text in CORPUS], show_progress=False)
    query = "nhiem vu trong tam"  # no diacritics: folded terms, each weight 1
    terms = list(analyzer.query_weights(query))
    theirs = retriever.get_scores(terms)
    # bm25s's Lucene variant leaves out the constant (k1 + 1) factor.
    np.testing.assert_allclose(index.scores(query), theirs * (1.2 + 1), rtol=1e-5)


def test_search_edge_cases(index: LexicalIndex) -> None:
    assert index.search("", 5) == []
    assert index.search("là gì?", 5) == []  # only question words
    assert index.search("zzzz", 5) == []
    assert index.search("hội nghị", 0) == []
    assert index.scores_for("hội nghị", ["c1", "missing"])["missing"] == 0.0
    assert LexicalIndex.from_texts([]).search("hội nghị", 5) == []


def test_ties_break_by_index_order() -> None:
    twin = LexicalIndex.from_texts([("b", "cùng một câu"), ("a", "cùng một câu")])
    assert [c for c, _ in twin.search("câu", 2)] == ["b", "a"]


# --- files and updates ------------------------------------------------------------


def test_files_round_trip_without_pickle(index: LexicalIndex, tmp_path: Path) -> None:
    arrays, meta = index.to_files()
    payload: dict[str, Any] = dict(arrays)
    np.savez(tmp_path / "terms.npz", **payload)
    (tmp_path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    with np.load(tmp_path / "terms.npz", allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)
        loaded = LexicalIndex.from_files(
            {n: npz[n] for n in npz.files},
            json.loads((tmp_path / "meta.json").read_text("utf-8")),
            signature="s",
        )
    for query in ("Nhiệm vụ trọng tâm năm 2018 là gì?", "nhiem vu trong tam", "tâm"):
        assert loaded.search(query, 5) == index.search(query, 5)
    assert loaded.analyzer == index.analyzer and loaded.signature == "s"


QUERIES = (
    "Nhiệm vụ trọng tâm năm 2018 là gì?",
    "nhiem vu trong tam",
    "tâm lý",
    "Ai chủ trì hội nghị?",
    "mưa rào",
    "kinh tế",
)


def _same(a: LexicalIndex, b: LexicalIndex) -> None:
    assert a.chunk_ids == b.chunk_ids
    for query in QUERIES:
        np.testing.assert_array_equal(a.scores(query), b.scores(query))


def test_replaced_equals_a_fresh_index_of_the_result(index: LexicalIndex) -> None:
    added = [("c6", "Kinh tế\nTăng trưởng kinh tế đạt 7% trong năm 2018."), ("c0", "Mưa\nMưa rào.")]
    changed = index.replaced(["c2", "c4"], added)
    kept = [(cid, text) for cid, text in CORPUS if cid not in {"c2", "c4"}]
    _same(changed, LexicalIndex.from_texts(kept + added))
    # The words only the dropped chunks had are gone from the vocabulary.
    assert "trọng_tâm" in index.term_ids and "trọng_tâm" not in changed.term_ids
    # In a given order, as a build from sorted items would be.
    ordered = index.replaced(["c2", "c4"], added, order=sorted(c for c, _ in kept + added))
    _same(ordered, LexicalIndex.from_texts(sorted(kept + added)))
    with pytest.raises(ValueError):
        index.replaced([], [], order=["c1"])
    # Replacing everything, or nothing.
    _same(index.replaced([c for c, _ in CORPUS], []), LexicalIndex.from_texts([]))
    _same(index.replaced([], []), index)
