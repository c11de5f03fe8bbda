"""The journal behind /stats, its chart and /export, alone: 👎 reasons (and journals
written before them), retention, size, questions per day in the staff's time zone, the
subjects asked most, the articles cited most and never."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import retention
from bot.journal import Journal
from bot.usage import DayCount, daily, report, subjects
from retrieval.answers.types import Answer, Citation, CitedPassage

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The schema of journals written before 👎 reasons (feedback had no reason column).
OLD_SCHEMA = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, user_id INTEGER,
    chat_id INTEGER NOT NULL, thread_id INTEGER, question TEXT NOT NULL,
    standalone TEXT NOT NULL, answer TEXT NOT NULL, found INTEGER NOT NULL,
    mode TEXT NOT NULL, chunk_ids TEXT NOT NULL, citations TEXT NOT NULL
);
CREATE INDEX entries_at ON entries (at);
CREATE TABLE feedback (
    entry_id INTEGER NOT NULL REFERENCES entries (id), user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (entry_id, user_id)
);
INSERT INTO entries VALUES (1, 1700000000, 5, 5, NULL, 'Câu cũ?', 'Câu cũ?', 'Trả lời',
    1, 'extractive', 'c1', '[]');
INSERT INTO feedback VALUES (1, 5, -1, 1700000100);
"""


def answer(
    question: str, found: bool = True, articles: tuple[str, ...] = ("a1",), standalone: str = ""
) -> Answer:
    citations = tuple(
        Citation(
            n=n,
            article_id=article,
            title=f"Bài {article}",
            source="Báo",
            published="2024-05-01",
            url="",
            origin="test",
            passages=(CitedPassage(f"{article}-c", 0, 10, "Đoạn trích", 0.9),),
        )
        for n, article in enumerate(articles, 1)
    )
    return Answer(
        question=question,
        standalone=standalone or question,
        text=f"Trả lời: {question}" if found else "Không tìm thấy thông tin.",
        citations=citations if found else (),
        found=found,
        mode="extractive" if found else "none",
    )


def at(day: int, hour: int = 9) -> float:
    return datetime(2024, 5, day, hour, tzinfo=TZ).timestamp()


def test_reasons_are_stored_with_the_down_vote_and_dropped_by_an_up(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    entry = journal.record(answer("Hỏi?"), user_id=1, chat_id=1, thread_id=None)
    assert journal.set_reason(entry, 1, "wrong") is False  # no 👎 yet
    journal.vote(entry, 1, -1)
    journal.vote(entry, 2, -1)
    assert journal.set_reason(entry, 1, "wrong") is True
    assert journal.set_reason(entry, 2, "no_source") is True
    with pytest.raises(ValueError):
        journal.set_reason(entry, 1, "because")
    got = journal.get(entry)
    assert got is not None and sorted(got.reasons) == ["no_source", "wrong"]
    journal.vote(entry, 1, -1)  # 👎 again: the reason stays
    journal.vote(entry, 2, 1)  # changed to 👍: the reason goes
    got = journal.get(entry)
    assert got is not None and got.reasons == ("wrong",) and (got.up, got.down) == (1, 1)
    assert [e.reasons for e in journal.unanswered(10)] == [("wrong",)]
    journal.close()


def test_a_journal_from_before_reasons_gets_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    db.commit()
    db.close()
    journal = Journal(path)
    old = journal.get(1)
    assert old is not None and (old.question, old.down, old.reasons) == ("Câu cũ?", 1, ())
    assert journal.set_reason(1, 5, "off_question")
    journal.close()
    journal = Journal(path)  # opened again: migrated once, not twice
    old = journal.get(1)
    assert old is not None and old.reasons == ("off_question",)
    assert not list(tmp_path.glob("*.damaged-*"))  # migrated, not moved aside
    journal.close()


def test_retention_prunes_old_entries_and_their_votes(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    now = at(20)
    old = journal.record(answer("Cũ?"), user_id=1, chat_id=1, thread_id=None, at=now - 11 * 86400)
    kept = journal.record(answer("Mới?"), user_id=1, chat_id=1, thread_id=None, at=now - 9 * 86400)
    journal.vote(old, 1, -1)
    journal.vote(kept, 1, -1)
    assert retention.prune(journal, 10, now=now) == 1
    assert journal.get(old) is None and journal.get(kept) is not None
    votes = journal.read(lambda db: db.execute("SELECT entry_id FROM feedback").fetchall())
    assert [v[0] for v in votes] == [kept]
    assert retention.prune(journal, 10, now=now) == 0
    assert journal.size_bytes() >= (tmp_path / "j.sqlite3").stat().st_size > 0
    journal.close()


def test_questions_per_day_in_the_staff_time_zone(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    # 8 May 00:30 in Hà Nội is still 7 May in UTC: it counts on the 8th.
    early = datetime(2024, 5, 8, 0, 30, tzinfo=TZ).timestamp()
    ids = [
        journal.record(answer("a"), user_id=1, chat_id=1, thread_id=None, at=early),
        journal.record(answer("b"), user_id=1, chat_id=1, thread_id=None, at=at(8)),
        journal.record(answer("c", False), user_id=1, chat_id=1, thread_id=None, at=at(8)),
        journal.record(answer("d"), user_id=1, chat_id=1, thread_id=None, at=at(6)),
        journal.record(answer("e"), user_id=1, chat_id=1, thread_id=None, at=at(1)),  # before
    ]
    journal.vote(ids[1], 1, -1)
    journal.vote(ids[3], 1, 1)
    days = daily(journal, date(2024, 5, 8), 3, TZ)
    assert days == [
        DayCount(date(2024, 5, 6), answered=1),
        DayCount(date(2024, 5, 7)),
        DayCount(date(2024, 5, 8), answered=1, not_found=1, down=1),
    ]
    assert days[-1].total == 3 and days[-1].found == 2
    journal.close()


def test_subjects_are_pairs_of_content_words_counted_once_per_question() -> None:
    asked = [
        "Nhiệm vụ trọng tâm năm 2018 là gì?",
        "nhiệm vụ trọng tâm năm 2019 là gì? nhiệm vụ",
        "Ai phụ trách nhiệm vụ trọng tâm?",
        "Lịch cắt điện tuần này?",
    ]
    top = subjects(asked, limit=3)
    # Not "vụ trọng", which straddles two words; "năm" stays alone (a number follows).
    assert top == [("nhiệm vụ", 3), ("trọng tâm", 3), ("năm", 2)]
    assert subjects(["Là gì?", "2018?"]) == []


def test_report_lists_cited_articles_most_first_and_the_never_cited(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    for articles in (("a1", "a2"), ("a1",), ("a1",)):
        journal.record(answer("Hỏi?", articles=articles), user_id=1, chat_id=1, thread_id=None)
    # A declined answer's related passages are not citations.
    journal.record(answer("Khác?", False), user_id=1, chat_id=1, thread_id=None)
    indexed = {"a1": "Bài a1", "a2": "Bài a2", "a3": "Bài a3", "a4": "Bài a4"}
    today = datetime.now(TZ).date()
    got = report(journal, today, 30, TZ, indexed)
    assert got.cited == (("Bài a1", 3), ("Bài a2", 1))
    assert got.never_cited == ("Bài a3", "Bài a4")
    assert (got.total, got.not_found, got.down, got.indexed) == (4, 1, 0, 4)
    assert len(got.days) == 30 and got.days[-1].day == today
    assert got.size_bytes == journal.size_bytes() > 0
    journal.close()


def test_the_report_of_one_knowledge_scope(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    today = datetime.now(TZ).date()
    for scopes, articles in (
        (["chung", "ke-toan"], ("a1",)),
        (["ke-toan"], ("a2",)),
        (["chung"], ("a3",)),
        (None, ("a4",)),  # an admin's question: every article, no scope
    ):
        journal.record(
            answer("Quyết toán thuế?", articles=articles),
            user_id=1,
            chat_id=1,
            thread_id=None,
            scopes=scopes,
        )
    indexed = {"a1": "Bài a1", "a2": "Bài a2", "a5": "Bài a5"}  # ke-toan's articles
    got = report(journal, today, 7, TZ, indexed, scope="ke-toan")
    assert (got.total, got.scope) == (2, "ke-toan")
    assert got.cited == (("Bài a1", 1), ("Bài a2", 1)) and got.never_cited == ("Bài a5",)
    assert report(journal, today, 7, TZ, indexed).total == 4
    assert daily(journal, today, 7, TZ, "nhan-su")[-1].total == 0
    journal.close()
