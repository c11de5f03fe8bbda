"""The command-line entry points, run in-process with settings from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from retrieval.cli.main import main as retrieval_main
from retrieval.settings import Settings
from tests.conftest import MODEL_CACHE, REPO


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("CHROMA_PATH", str(settings.chroma_path))
    monkeypatch.setenv("MODEL_CACHE_DIR", str(MODEL_CACHE))
    monkeypatch.setenv("INGEST_SOURCES", ",".join(settings.ingest_sources))
    monkeypatch.setenv("COLUMNS", "200")
    return settings


def test_ingest_then_search(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(env.ingest_sources[0])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    assert ingest_main([]) == 0
    out = capsys.readouterr().out
    assert "Ingestion summary" in out
    assert "added" in out and "broken.pdf" in out and "PDF is damaged" in out

    assert ingest_main([]) == 0  # second run: unchanged
    out = capsys.readouterr().out
    assert "0 chunks embedded" in out

    assert retrieval_main(["search", "Ai chủ trì hội nghị?", "-k", "2", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    assert any("Nguyễn Thiện Nhân chủ trì hội nghị" in h["text"] for h in hits)
    assert {"chunk_id", "article_id", "title", "source", "start", "end", "score"} <= set(hits[0])


def test_ingest_nothing_readable_exits_non_zero(
    env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    assert ingest_main([str(junk)]) == 1
    captured = capsys.readouterr()
    assert "not a text file" in captured.out
    assert "Nothing could be ingested" in captured.err


def test_unavailable_model_names_the_fix(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No hub here: a model that is not on disk must fail fast with the settings to change.
    monkeypatch.setenv("EMBEDDING_MODEL", "BAAI/bge-m3")
    assert retrieval_main(["search", "câu hỏi"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "bge-m3" in err and "EMBEDDING_MODEL" in err and "ALLOW_MODEL_DOWNLOAD" in err


def test_ask_json_and_chat(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    assert ingest_main([]) == 0
    capsys.readouterr()
    assert retrieval_main(["ask", "Nhiệm vụ trọng tâm năm 2018 là gì?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["found"] and data["standalone"] == data["question"]
    assert "nghiên cứu đề xuất mô hình tổ chức đảng" in data["answer"]
    cited = data["citations"][0]
    assert {"article_id", "chunk_id", "span", "score", "title", "quote"} <= set(cited)
    assert cited["span"][1] > cited["span"][0]

    script = "Ông Ma Xuân Việt báo cáo về nội dung gì?\nÔng ấy giữ chức vụ gì?\n/new\n/quit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    assert retrieval_main(["chat"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "đã tìm: Ông Ma Xuân Việt giữ chức vụ gì?" in out
    assert "Phó Trưởng Ban Tổ chức Thành ủy" in out and "Nguồn:" in out
    assert "Đã bắt đầu hội thoại mới." in out


def _long_lines(text: str) -> list[str]:
    """The lines of a passage or answer that a terminal-width console would have cut."""
    return [line.strip() for line in text.splitlines() if len(line.strip()) > 80]


def _unbroken(lines: list[str], printed: str) -> list[str]:
    """The lines not found whole on one printed line."""
    rows = printed.splitlines()
    return [line for line in lines if not any(line in row for row in rows)]


@pytest.mark.slow
def test_piped_output_is_not_wrapped(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m retrieval search ... | grep ...` finds any phrase of a passage: rich would
    hard-wrap at 80 columns when stdout is not a terminal, unless told otherwise."""
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    assert ingest_main([]) == 0
    capsys.readouterr()
    question = "Ai chủ trì hội nghị?"
    assert retrieval_main(["search", question, "-k", "3", "--json"]) == 0
    passages = [
        line for hit in json.loads(capsys.readouterr().out) for line in _long_lines(hit["text"])
    ]
    assert passages, "the sample article's passages have lines longer than 80 columns"

    # A real pipe: stdout of a child process, as a shell gives it to grep.
    piped = subprocess.run(
        [sys.executable, "-m", "retrieval", "search", question, "-k", "3"],
        cwd=Path.cwd(),
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        encoding="utf-8",
        timeout=300,
        check=True,
    ).stdout
    assert _unbroken(passages, piped) == []

    # `ask` (and `chat`, which prints the same way): the answer and its quotes.
    ask_question = "Nhiệm vụ trọng tâm năm 2018 là gì?"
    assert retrieval_main(["ask", ask_question, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    lines = _long_lines(data["answer"]) + [
        line for c in data["citations"] for line in _long_lines(c["quote"])
    ]
    assert lines, "the sample answer or its quotes are longer than 80 columns"
    assert retrieval_main(["ask", ask_question]) == 0
    assert _unbroken(lines, capsys.readouterr().out) == []
