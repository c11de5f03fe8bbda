"""`python -m retrieval eval`: the short-answer metric on hand-made cases, the unanswerable
protocol's split and curve, and the whole harness on the repository's small sets (the
seed article, and a slice of xquad_vi) through the real command line."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from retrieval.answers.types import Answer, ShortAnswer
from retrieval.cli import main as cli
from retrieval.cli.evaluate import key_phrase
from retrieval.cli.phrase_match import exact_match, normalize_answer, token_f1
from retrieval.cli.unanswerable import (
    at_threshold,
    curve,
    operating_point,
    split_passages,
)
from retrieval.embedding.base import Embedder
from retrieval.settings import Settings
from tests.conftest import SEED_DIR, XQUAD_PASSAGES, XQUAD_QUESTIONS

# --- exact match and token F1 ---------------------------------------------------------


def test_exact_match_ignores_case_punctuation_and_spacing() -> None:
    gold = ["Phó Trưởng Ban Tổ chức Thành ủy"]
    assert exact_match("“phó trưởng ban  tổ chức thành ủy”.", gold) == 1.0
    assert exact_match("Phó Trưởng Ban Tổ chức", gold) == 0.0
    # "1.000" and "1000" agree (punctuation is deleted, as SQuAD does), and "50%" is 50.
    assert exact_match("1.000 người", ["1000 người"]) == 1.0
    assert exact_match("50%", ["50"]) == 1.0


def test_diacritics_are_kept_and_encodings_agree() -> None:
    # A different tone is a different word: no accent folding in the metric.
    assert exact_match("Le Loi", ["Lê Lợi"]) == 0.0
    assert token_f1("Lễ Lợi", ["Lê Lợi"]) == pytest.approx(0.5)
    # NFD input and the other tone-mark convention ("uỷ" / "ủy") are the same text.
    assert exact_match(unicodedata.normalize("NFD", "Thành ủy"), ["Thành ủy"]) == 1.0
    assert exact_match("Thành uỷ", ["Thành ủy"]) == 1.0
    assert normalize_answer("Hoà  Bình,\u00a0TP.HCM!") == "hòa bình tphcm"


def test_token_f1_counts_syllables_and_takes_the_best_gold() -> None:
    # 7 gold syllables, 8 predicted: P = 7/8, R = 1.
    got = token_f1("Phó Trưởng Ban Tổ chức Thành ủy TPHCM", ["Phó Trưởng Ban Tổ chức Thành ủy"])
    assert got == pytest.approx(14 / 15)
    # Several gold answers: the best one counts (P = 3/4, R = 1 against the second).
    gold = ["Ma Xuân Việt", "Nguyễn Thiện Nhân"]
    assert token_f1("ông Nguyễn Thiện Nhân", gold) == pytest.approx(6 / 7)
    assert exact_match("Ma Xuân Việt.", gold) == 1.0
    # No English article stripping: "the" is an extra token like any other.
    assert token_f1("the 308", ["308"]) == pytest.approx(2 / 3)
    # Repeated syllables count once per occurrence on each side.
    assert token_f1("năm năm", ["năm"]) == pytest.approx(2 / 3)
    assert token_f1("", ["308"]) == 0.0
    assert token_f1("hoàn toàn khác", ["308"]) == 0.0
    assert exact_match("...", ["308"]) == 0.0


def _answer(text: str, *, found: bool = True, short: ShortAnswer | None = None) -> Answer:
    return Answer(question="q", standalone="q", text=text, found=found, short=short)


def test_key_phrase_is_the_short_answer_else_the_first_sentence() -> None:
    text = "Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy, báo cáo [1]. Câu sau [2]."
    assert key_phrase(_answer(text)) == "Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy, báo cáo"
    start = text.index("Phó")
    short = ShortAnswer(
        text="Phó Trưởng Ban Tổ chức Thành ủy",
        start=start,
        end=start + 31,
        n=1,
        article_start=0,
        article_end=31,
    )
    assert key_phrase(_answer(text, short=short)) == "Phó Trưởng Ban Tổ chức Thành ủy"
    assert key_phrase(_answer("Xin lỗi, tôi không tìm thấy.", found=False)) == ""


# --- the unanswerable protocol's parts -------------------------------------------------


def test_split_is_deterministic_exact_and_seeded() -> None:
    pids = [f"p{i:03d}" for i in range(240)]
    half = split_passages(pids, 0.5, seed=0)
    assert len(half) == 120 and half <= set(pids)
    shuffled = pids[:]
    random.Random(7).shuffle(shuffled)
    assert split_passages(shuffled, 0.5, seed=0) == half  # the file's order does not matter
    assert split_passages(pids, 0.5, seed=1) != half
    assert len(split_passages(pids, 0.25, seed=0)) == 60
    # Never none and never all, so both kinds of question exist.
    assert len(split_passages(["a", "b"], 0.01, seed=0)) == 1
    assert len(split_passages(["a", "b"], 0.99, seed=0)) == 1
    with pytest.raises(ValueError, match="at least 2 passages"):
        split_passages(["only"], 0.5, seed=0)
    with pytest.raises(ValueError, match="index-fraction"):
        split_passages(pids, 1.0, seed=0)


def test_curve_and_operating_point() -> None:
    answerable = [0.9, 0.88, 0.86, 0.85, 0.84, 0.83, 0.82, 0.81, 0.80, 0.79] * 10  # 100
    unanswerable = [0.87, 0.83, 0.81, 0.80, 0.78, 0.76, 0.75, 0.74]
    assert at_threshold(answerable, unanswerable, 0.8) == {
        "threshold": 0.8,
        "answered": 0.9,
        "declined": 0.5,
    }
    points = curve(answerable, unanswerable)
    # Round steps (here 0.01) from the lowest score to the highest.
    assert [p["threshold"] for p in points] == [round(0.74 + i / 100, 2) for i in range(17)]
    assert [p["threshold"] for p in curve([0.1, 0.9], [0.3])][:3] == [0.1, 0.15, 0.2]
    assert [p["threshold"] for p in curve([0.0, 1.0], [0.5])] == [i / 20 for i in range(21)]
    assert points[0]["answered"] == 1.0 and points[0]["declined"] == 0.0
    answered = [p["answered"] for p in points]
    declined = [p["declined"] for p in points]
    assert answered == sorted(answered, reverse=True) and declined == sorted(declined)
    # 97 of 100 answerable must keep an answer: the highest such threshold is 0.79 (all
    # 100 kept; 0.80 keeps only 90), which declines the four below it.
    assert operating_point(answerable, unanswerable) == {
        "threshold": 0.79,
        "answered": 1.0,
        "declined": 0.5,
    }
    assert operating_point(answerable, unanswerable, min_answered=0.9) == {
        "threshold": 0.8,
        "answered": 0.9,
        "declined": 0.5,
    }
    assert operating_point([], unanswerable) is None


# --- the harness, end to end -----------------------------------------------------------


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def small_set(tmp_path: Path) -> tuple[Path, Path]:
    """The seed article and 11 xquad_vi paragraphs, with their questions."""
    xquad = _rows(XQUAD_QUESTIONS)
    pids = sorted({q["pid"] for q in xquad})[:11]
    passages = _rows(SEED_DIR / "passages.jsonl")
    passages += [p for p in _rows(XQUAD_PASSAGES) if p["pid"] in pids]
    questions = _rows(SEED_DIR / "questions.jsonl") + [q for q in xquad if q["pid"] in pids]
    return _write(tmp_path / "passages.jsonl", passages), _write(
        tmp_path / "questions.jsonl", questions
    )


@pytest.fixture
def run_eval(
    settings: Settings,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Any:
    # The real command line, on the session's already loaded model.
    monkeypatch.setattr(cli, "load_embedder", lambda _settings: embedder)
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> str:
        capsys.readouterr()
        assert cli.main(["eval", *args], settings=settings) == 0
        return capsys.readouterr().out

    return run


def test_eval_on_seed_reports_short_answer_metrics(run_eval: Any) -> None:
    seed = ["--passages", str(SEED_DIR / "passages.jsonl")]
    seed += ["--questions", str(SEED_DIR / "questions.jsonl")]
    result = json.loads(run_eval(*seed, "--json"))
    q = result["questions"]
    # Every key scripts outside rely on, and the new ones.
    assert {"n", "hit@1", "hit@3", "hit@5", "mrr@10", "latency_ms"} <= set(q)
    assert {"answer_hit", "no_answer_rate", "short_em", "short_f1"} <= set(q)
    assert "unanswerable" not in result
    assert q["n"] == 8 and q["answer_hit"] > 0.5
    assert 0.0 <= q["short_em"] <= q["short_f1"] <= 1.0
    # The seed's answers are found in sentences that hold the gold answer: some overlap.
    assert q["short_f1"] > 0.1
    printed = run_eval(*seed)
    assert "short-EM" in printed and "short-F1" in printed and "answer-hit" in printed
    assert "unanswerable protocol" not in printed


def test_unanswerable_protocol_end_to_end(run_eval: Any, small_set: tuple[Path, Path]) -> None:
    passages, questions = small_set
    args = ["--passages", str(passages), "--questions", str(questions), "--unanswerable"]
    result = json.loads(run_eval(*args, "--seed", "3", "--json"))
    u = result["unanswerable"]

    # The split is the documented one: recomputed here, it gives the same question counts.
    indexed = split_passages([str(p["pid"]) for p in _rows(passages)], 0.5, seed=3)
    asked = _rows(questions)
    assert (u["n_passages"], u["n_indexed"], u["seed"]) == (12, 6, 3)
    assert u["n_answerable"] == sum(q["pid"] in indexed for q in asked) > 0
    assert u["n_unanswerable"] == sum(q["pid"] not in indexed for q in asked) > 0
    # `questions` covers the answerable questions, with every key.
    assert result["questions"]["n"] == u["n_answerable"]
    assert {"short_em", "short_f1", "answer_hit", "hit@5"} <= set(result["questions"])
    assert u["answer_hit"] == result["questions"]["answer_hit"]

    assert u["gate_score"] in (
        "Answer.confidence",
        "best dense cosine of the top SEARCH_TOP_K passages",
    )
    for key in ("answered", "declined", "answer_hit"):
        assert 0.0 <= u[key] <= 1.0, key
    assert u["answered"] > 0.5  # questions about indexed articles mostly get an answer
    points = u["curve"]
    assert len(points) >= 2
    assert [p["answered"] for p in points] == sorted((p["answered"] for p in points), reverse=True)
    assert [p["declined"] for p in points] == sorted(p["declined"] for p in points)
    assert points[0]["answered"] == 1.0 and points[0]["declined"] == 0.0  # the lowest score
    point = u["operating_point"]
    assert point["answered"] >= 0.97 and 0.0 <= point["declined"] <= 1.0

    printed = run_eval(*args, "--seed", "3")
    assert "unanswerable protocol: 6 of 12 articles indexed" in printed
    assert "declined (unanswerable)" in printed and "most declined while answering" in printed
