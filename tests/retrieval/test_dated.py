"""The dated set (tests/data/dated: eight years of one company's yearly articles) through
`ask()` with TODAY fixed: the asked year's article first, relative times, the newest when
no time is asked, follow-ups with another year, the date in the answer; and the date
filters of `python -m retrieval search/ask --since/--until`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.cli.evaluate import evaluate, first_sentence, pid_of
from retrieval.cli.main import main as retrieval_main
from retrieval.dialogue.conversation import Conversation
from retrieval.embedding.base import Embedder
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.conftest import MODEL_CACHE, TEST_DATA

DATED = TEST_DATA / "dated"


def _rows(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATED / name).read_text("utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def dated_settings(
    tmp_path_factory: pytest.TempPathFactory, base_settings: Settings, embedder: Embedder
) -> Settings:
    local = base_settings.model_copy(
        update={
            "chroma_path": tmp_path_factory.mktemp("dated") / "chroma",
            "ingest_sources": [str(DATED / "passages.jsonl")],
            "today": date(2026, 1, 20),
        }
    )
    assert run(local, embedder, local.ingest_sources).exit_code == 0
    return local


@pytest.fixture(scope="module")
def services(dated_settings: Settings, embedder: Embedder) -> Iterator[Services]:
    services = build_services(dated_settings, embedder)
    yield services
    services.close()


def test_questions_find_the_article_of_their_time(services: Services) -> None:
    questions = _rows("questions.jsonl")
    first = [pid_of(ask(q["question"], None, services).hits[0]) == q["pid"] for q in questions]
    missed = [q["question"] for q, ok in zip(questions, first, strict=True) if not ok]
    assert sum(first) / len(first) >= 0.95, missed


def test_follow_ups_with_another_year_find_it(services: Services) -> None:
    for dialogue in _rows("dialogues.jsonl"):
        conversation = Conversation()
        for turn in dialogue["turns"]:
            answer = ask(turn["question"], conversation, services)
            top3 = [pid_of(h) for h in answer.hits[:3]]
            assert turn["pid"] in top3, (turn["question"], answer.standalone, top3)


def test_the_answer_says_whose_date_it_is(services: Services) -> None:
    answer = ask("Nhiệm vụ trọng tâm năm nay của Phú An là gì?", None, services)
    assert answer.text.startswith("Theo bài ngày 14/01/2026: ")
    assert answer.citations[0].published == "2026-01-14"
    # No time asked, but every year has such a conference: the answer is the newest
    # one's, and says so, since other years' facts differ.
    plain = ask("Ai chủ trì hội nghị người lao động của Phú An?", None, services)
    assert plain.text.startswith("Theo bài ngày "), plain.text
    assert plain.text.startswith(f"Theo bài ngày {_vi_date(plain.citations[0].published)}: ")


@pytest.mark.parametrize(
    ("question", "published", "short"),
    [
        # The lead's "Sáng 14/1" is when the conference of 2023 was held, though the lead
        # also reviews "năm qua" (2022); the sentence after it says no time.
        ("Hội nghị người lao động năm 2023 của Phú An diễn ra khi nào?", "2023-01-14", "Sáng 14/1"),
        ("Phú An tổ chức hội nghị người lao động 2020 vào ngày nào?", "2020-01-11", "Sáng 11/1"),
        # Where: what "tại" says in the lead, not the general director chairing it.
        (
            "Phú An tổ chức hội nghị người lao động năm 2023 ở đâu?",
            "2023-01-14",
            "hội trường nhà máy số 1",
        ),
        # The article's "năm nay là …" is no part of the phrase; nor the name asked about.
        (
            "Năm 2022 Phú An làm gì để khôi phục sản xuất?",
            "2022-01-15",
            "khôi phục sản xuất và mở lại thị trường Nhật Bản",
        ),
        ("Chị Võ Thị Thu làm gì ở Phú An?", "2023-12-26", "tổ trưởng tổ đóng gói"),
        # Counted back from TODAY (2026-01-20): 2023's revenue, in January 2024's review.
        ("Ba năm trước doanh thu của Phú An là bao nhiêu?", "2024-01-13", "1.135 tỷ đồng"),
        ("cach day 2 nam phu an dat doanh thu bao nhieu", "2025-01-11", "1.210 tỷ đồng"),
        # "người" names no counted noun: what the number counts is said after it (was "86").
        ("Năm 2024 có bao nhiêu người được khen thưởng?", "2024-12-27", "86 công nhân"),
        # The newest edition, which the article does not call "gần nhất" (was declined).
        ("Hội nghị người lao động gần nhất diễn ra khi nào?", "2026-01-14", "Sáng 14/1"),
    ],
)
def test_when_where_and_how_long_ago(
    services: Services, question: str, published: str, short: str
) -> None:
    answer = ask(question, None, services)
    assert answer.found, (answer.confidence, answer.text)
    assert answer.citations[0].published == published, answer.text
    assert answer.short is not None and answer.short.text == short, answer.text


@pytest.mark.parametrize(
    "question",
    [
        # The articles name its tổng giám đốc each year, never a chủ tịch.
        "Ai là chủ tịch hội đồng quản trị Phú An?",
        # "tại hội trường nhà máy số 1" of a lead counts no factories ("1.210 tỷ đồng"
        # was the answer).
        "Phú An có bao nhiêu nhà máy?",
    ],
)
def test_what_the_articles_do_not_say_is_declined(services: Services, question: str) -> None:
    answer = ask(question, None, services)
    assert not answer.found, answer.text
    assert answer.related


def test_a_span_of_years_is_answered_year_by_year(services: Services) -> None:
    answer = ask("Doanh thu Phú An giai đoạn 2019-2021 thế nào?", None, services)
    lines = answer.text.splitlines()
    # Each year from the review published the January after it, under its year.
    assert [line[:34] for line in lines] == [
        "Năm 2019: Theo bài ngày 11/01/2020",
        "Năm 2020: Theo bài ngày 16/01/2021",
        "Năm 2021: Theo bài ngày 15/01/2022",
    ], answer.text
    assert ["905 tỷ đồng" in lines[0], "760 tỷ đồng" in lines[1], "840 tỷ đồng" in lines[2]] == [
        True
    ] * 3
    assert [c.published for c in answer.citations] == ["2020-01-11", "2021-01-16", "2022-01-15"]
    assert [line.endswith(f"[{n}]") for n, line in enumerate(lines, 1)] == [True] * 3
    assert answer.short is not None and answer.short.text == "905 tỷ đồng"
    assert answer.text[answer.short.start : answer.short.end] == "905 tỷ đồng"
    # Up to today: the years with an award so far, each its own person.
    honoured = ask("Từ năm 2023 đến nay, ai được vinh danh lao động xuất sắc nhất?", None, services)
    assert [line[:8] for line in honoured.text.splitlines()] == ["Năm 2023", "Năm 2024", "Năm 2025"]
    for name in ("Võ Thị Thu", "Đặng Minh Tuấn", "Bùi Thị Ngọc"):
        assert name in honoured.text
    # The same words in two editions are two years' answers; relative years too, each
    # from the edition about it though the passages found are all editions of one article.
    heads = ask("Ai là tổng giám đốc Phú An trong giai đoạn 2020-2022?", None, services)
    assert [line.split(": Tổng giám đốc ")[-1] for line in heads.text.splitlines()] == [
        "Lê Văn Khánh chủ trì hội nghị. [1]",
        "Lê Văn Khánh chủ trì hội nghị. [2]",
        "Trịnh Thu Hà chủ trì hội nghị. [3]",
    ], heads.text
    compared = ask("Doanh thu năm ngoái so với năm kia của Phú An thế nào?", None, services)
    lines = compared.text.splitlines()
    assert [line[:8] for line in lines] == ["Năm 2024", "Năm 2025"], compared.text
    assert "1.210 tỷ đồng" in lines[0] and "1.345 tỷ đồng" in lines[1]
    # One year asked: one answer, as before.
    single = ask("Doanh thu năm 2020 của Phú An là bao nhiêu?", None, services)
    assert "\n" not in single.text and "760 tỷ đồng" in single.text


def _vi_date(published: str) -> str:
    year, month, day = published.split("-")
    return f"{day}/{month}/{year}"


def test_typed_filter_narrows_the_search(services: Services) -> None:
    answer = ask("năm:2021 Chủ đề tháng an toàn lao động của Phú An là gì?", None, services)
    assert answer.standalone == "Chủ đề tháng an toàn lao động của Phú An là gì?"
    assert answer.hits and all(h.published.startswith("2021-") for h in answer.hits)
    assert pid_of(answer.hits[0]) == "safety-2021"


def test_cli_since_until(
    dated_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("CHROMA_PATH", str(dated_settings.chroma_path))
    monkeypatch.setenv("MODEL_CACHE_DIR", str(MODEL_CACHE))
    monkeypatch.setenv("TODAY", "2026-01-20")
    question = "Ai là lao động xuất sắc nhất của Phú An?"
    argv = ["search", question, "-k", "5", "--since", "2022", "--until", "2023-06", "--json"]
    assert retrieval_main(argv) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all("2022-01-01" <= h["published"] <= "2023-06-30" for h in hits)
    assert {h["origin"].rsplit("#", 1)[-1] for h in hits} >= {"award-2022"}

    assert retrieval_main(["ask", question, "--until", "2020", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"] and all(c["published"] < "2021" for c in answer["citations"])
    assert answer["answer"].startswith("Theo bài ngày")

    with pytest.raises(SystemExit):
        retrieval_main(["search", question, "--since", "2022/01"])
    assert "not a date" in capsys.readouterr().err


def test_the_day_asked_on_places_a_relative_time(services: Services) -> None:
    """`today` given to `ask` (as `retrieval eval` gives each question's own) beats TODAY:
    "năm ngoái" asked in 2024 is 2023, asked in 2025 it is 2024."""
    question = "Năm ngoái doanh thu của Phú An là bao nhiêu?"
    earlier = ask(question, None, services, today=date(2024, 6, 1))
    later = ask(question, None, services)  # TODAY, 2026-01-20: 2025
    assert earlier.short is not None and earlier.short.text == "1.135 tỷ đồng", earlier.text
    assert later.short is None or later.short.text != "1.135 tỷ đồng", later.text


def test_an_article_published_after_the_day_asked_is_not_known_yet(services: Services) -> None:
    """Asked on 1 June 2023, the newest conference is January 2023's: the 2024–2026
    articles were not written yet. On TODAY (2026-01-20) the newest is 2026's."""
    question = "Ai chủ trì hội nghị người lao động của Phú An?"
    then = ask(question, None, services, today=date(2023, 6, 1))
    assert then.hits and all(h.published <= "2023-06-01" for h in then.hits)
    assert then.citations[0].published == "2023-01-14", then.text
    now = ask(question, None, services)
    assert now.citations[0].published == "2026-01-14", now.text


def test_eval_asks_each_question_on_its_own_day(
    dated_settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.jsonl"
    row = {
        "qid": "rel",
        "question": "Năm ngoái doanh thu của Phú An là bao nhiêu?",
        "pid": "conf-2024",
        "answers": [{"text": "1.135 tỷ đồng", "answer_start": 230}],
    }
    on_day = []
    for today in ("2024-06-01", "2026-01-20"):
        questions.write_text(json.dumps(row | {"today": today}, ensure_ascii=False) + "\n")
        report = evaluate(dated_settings, embedder, DATED / "passages.jsonl", questions, k=5)
        on_day.append(report["questions"]["short_em"])
    assert on_day == [1.0, 0.0]


def test_answers_hold_the_fact_of_the_year_asked(services: Services) -> None:
    """answer-hit over the dated set (`retrieval eval`'s measure): the article's "năm nay"
    is the year asked, the dateline is not the answer, unaccented questions are answered."""
    questions = _rows("questions.jsonl")
    hits = []
    for q in questions:
        answer = ask(q["question"], None, services)
        first = " ".join(first_sentence(answer.text).split())
        hits.append(answer.found and any(a["text"] in first for a in q["answers"]))
    missed = [q["question"] for q, ok in zip(questions, hits, strict=True) if not ok]
    assert sum(hits) / len(hits) >= 0.9, missed


def test_a_question_without_diacritics_is_answered(services: Services) -> None:
    answer = ask("nhiem vu trong tam cua phu an nam 2025 la gi", None, services)
    assert answer.found, answer.confidence
    assert answer.citations[0].published.startswith("2025")
    assert not first_sentence(answer.text).startswith("Theo bài ngày 11/01/2025: Sáng")


def test_a_year_no_article_is_about_is_declined(services: Services) -> None:
    answer = ask("Doanh thu năm 2017 của Phú An là bao nhiêu?", None, services)
    assert not answer.found
    assert answer.related  # the closest passages are offered as "có thể liên quan"


# Without the reviews of January 2020 and January 2024, no article has 2019's revenue
# (January 2020's "năm qua") nor 2024's task (January 2024's "năm nay"); January 2019's
# "năm qua" (2018's revenue) and January 2025's "năm nay" (2025's task) are other years.
MISSING = ("conf-2020", "conf-2024")


@pytest.fixture(scope="module")
def gapped(
    tmp_path_factory: pytest.TempPathFactory, dated_settings: Settings, embedder: Embedder
) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("gapped")
    kept = [row for row in _rows("passages.jsonl") if row["pid"] not in MISSING]
    passages = folder / "passages.jsonl"
    passages.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), "utf-8")
    local = dated_settings.model_copy(
        update={"chroma_path": folder / "chroma", "ingest_sources": [str(passages)]}
    )
    assert run(local, embedder, local.ingest_sources).exit_code == 0
    services = build_services(local, embedder)
    yield services
    services.close()


@pytest.mark.parametrize(
    "question",
    [
        "Doanh thu năm 2019 của Dệt may Phú An đạt bao nhiêu?",
        "Phú An đặt nhiệm vụ trọng tâm gì cho năm 2024?",
        "Năm kia Phú An đặt trọng tâm vào việc gì?",  # 2024, TODAY being 2026-01-20
    ],
)
def test_a_year_only_other_years_answer_is_declined(gapped: Services, question: str) -> None:
    answer = ask(question, None, gapped)
    assert not answer.found, answer.text
    # The year is named, in numbers ("năm kia" is 2024), and the closest passages offered.
    year = "2019" if "2019" in question else "2024"
    assert answer.text == (
        f"Xin lỗi, tôi không tìm thấy câu trả lời cho năm {year} trong các bài viết hiện có."
    )
    assert answer.related


def test_the_years_the_articles_have_are_still_answered(gapped: Services) -> None:
    answer = ask("Doanh thu của công ty Phú An năm 2018 là bao nhiêu?", None, gapped)
    assert answer.found and "820 tỷ đồng" in first_sentence(answer.text), answer.text
    answer = ask("Nhiệm vụ trọng tâm năm 2025 của Phú An là gì?", None, gapped)
    assert answer.found and "nhà máy mới" in first_sentence(answer.text), answer.text
