"""Beyond one process: a real Chroma server shared by ingestion and readers, the one-writer
rule in both modes, readers following changes without a restart, and a lost server."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index import locks
from retrieval.index.client import parse_chroma_url
from retrieval.index.errors import IndexInUseError, StoreBusyError, StoreError, StoreUnavailable
from retrieval.index.registry import LEASE_SECONDS, Index, WriterLease
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.chroma_server import ChromaServer, chroma_command
from tests.conftest import MODEL_CACHE, REPO

SAMPLE_QUESTION = "Nhiệm vụ trọng tâm năm 2018 là gì?"

# Short articles with facts nothing else holds: (file name, title, body, question).
NEW_ARTICLES = [
    (
        "thu_vien.txt",
        "Thư viện tỉnh Bình Định mở cửa xuyên đêm",
        "Thư viện tổng hợp tỉnh Bình Định bắt đầu phục vụ bạn đọc xuyên đêm từ ngày 15/3. "
        "Mỗi đêm thư viện mở đến 2 giờ sáng, với 12.000 đầu sách mới và một phòng đọc riêng "
        "cho học sinh ôn thi. Giám đốc thư viện cho biết đã có hơn 800 lượt bạn đọc trong "
        "tuần đầu tiên.",
        "Thư viện tỉnh Bình Định mở cửa đến mấy giờ sáng?",
    ),
    (
        "ca_mau.txt",
        "Hợp tác xã nuôi tôm sinh thái ở Cà Mau",
        "Hợp tác xã tôm rừng Năm Căn ở Cà Mau được cấp chứng nhận nuôi tôm sinh thái quốc tế. "
        "Mỗi hecta rừng ngập mặn cho khoảng 350 kg tôm sú mỗi năm mà không dùng thức ăn công "
        "nghiệp. Giá tôm sinh thái cao hơn tôm nuôi thường khoảng 15%.",
        "Mỗi hecta rừng ngập mặn ở Năm Căn cho bao nhiêu kg tôm sú mỗi năm?",
    ),
    (
        "xe_buyt.txt",
        "Tuyến xe buýt điện đầu tiên ở Cần Thơ",
        "Thành phố Cần Thơ đưa vào khai thác tuyến xe buýt điện đầu tiên nối bến Ninh Kiều với "
        "sân bay Cần Thơ. Tuyến dài 11 km, có 14 xe, chạy từ 5 giờ sáng đến 22 giờ, giá vé "
        "7.000 đồng một lượt.",
        "Tuyến xe buýt điện đầu tiên ở Cần Thơ dài bao nhiêu km?",
    ),
]

# A process that takes the writer lock when told to ("go" on stdin) and holds it until its
# stdin closes (or reports that it could not get it): the real `Index.writer_lock`.
HOLD_WRITER = """
import sys
from retrieval.settings import Settings
from retrieval.index.errors import StoreBusyError
from retrieval.index.registry import Index
index = Index(Settings())
print("ready", flush=True)
sys.stdin.readline()
try:
    with index.writer_lock():
        print("locked", flush=True)
        sys.stdin.read()
except StoreBusyError as exc:
    print("busy", exc, flush=True)
"""

# A process that has the embedded index open (as the bot or `python -m retrieval chat`).
HOLD_READER = """
import sys
from retrieval.settings import Settings
from retrieval.index.registry import Index
index = Index(Settings())
print("open", flush=True)
sys.stdin.read()
"""


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "CHROMA_URL": settings.chroma_url,
        "CHROMA_PATH": str(settings.chroma_path),
        "CHROMA_COLLECTION": settings.chroma_collection,
        "MODEL_CACHE_DIR": str(MODEL_CACHE),
        "PYTHONPATH": str(REPO),
        "LOG_LEVEL": "INFO",
    }


def _spawn(settings: Settings, script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=settings.chroma_path.parent,  # no .env there
        env=_env(settings),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writer(settings: Settings) -> subprocess.Popen[str]:
    proc = _spawn(settings, HOLD_WRITER)
    assert _first_line(proc) == "ready"
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _first_line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line:
        assert proc.stderr is not None
        raise AssertionError(f"helper process said nothing: {proc.stderr.read()[-2000:]}")
    return line


def _end(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def _write_articles(folder: Path, articles: list[tuple[str, str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, title, body, _ in articles:
        (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _cites(services: Services, question: str, title: str) -> bool:
    answer = ask(question, None, services)
    return answer.found and any(c.title == title for c in answer.citations)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One server for the module; each test keeps to its own collection prefix."""
    with ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db") as server:
        yield server


@pytest.fixture
def server_settings(settings: Settings, chroma_server: ChromaServer) -> Settings:
    return settings.model_copy(
        update={
            "chroma_url": chroma_server.url,
            "chroma_collection": f"t{uuid.uuid4().hex[:10]}",
            "index_check_seconds": 0.0,
        }
    )


def test_the_chroma_command_ships_in_the_venv() -> None:
    # `.ci/run` starts the server from a clean checkout: it must come with chromadb.
    assert Path(chroma_command()).parent == Path(sys.executable).parent


def test_chroma_url_is_read_or_refused_with_an_example() -> None:
    assert parse_chroma_url("http://127.0.0.1:8000") == ("127.0.0.1", 8000, False)
    assert parse_chroma_url("https://chroma.example.org/") == ("chroma.example.org", 443, True)
    assert parse_chroma_url("http://chroma") == ("chroma", 8000, False)
    for bad in ("127.0.0.1:8000", "http://h:8000/api", "http://h:port"):
        with pytest.raises(StoreError, match="CHROMA_URL"):
            parse_chroma_url(bad)


def test_ingest_and_answer_through_the_server(
    server_settings: Settings, chroma_server: ChromaServer, embedder: SentenceTransformerEmbedder
) -> None:
    report = run(server_settings, embedder)
    assert len(report.added) == 1
    # The vectors are on the server; locally only the search snapshot (still in a folder
    # named "lexical-…", the name it had before it held more than BM25).
    assert (chroma_server.path / "chroma.sqlite3").exists()
    local = {p.name for p in server_settings.chroma_path.iterdir()}
    assert "chroma.sqlite3" not in local
    assert any(name.startswith("lexical-") for name in local)

    services = build_services(server_settings, embedder)
    try:
        state = services.index.state()
        assert state.snapshot_current and state.writer is None
        answer = ask(SAMPLE_QUESTION, None, services)
        assert answer.found and answer.citations
    finally:
        services.close()


@pytest.mark.slow
def test_reader_follows_an_ingest_subprocess(
    server_settings: Settings,
    embedder: SentenceTransformerEmbedder,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`python -m ingest` and a reader (the bot's Services) at once, against one server;
    the reader answers throughout and then from the new articles, without a restart."""
    run(server_settings, embedder)
    services = build_services(server_settings, embedder)
    folder = tmp_path / "new"
    _write_articles(folder, NEW_ARTICLES)
    caplog.set_level(logging.INFO, logger="retrieval.search.follow")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(folder)],
        cwd=tmp_path,
        env={**_env(server_settings), "INGEST_BATCH_CHUNKS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answered_meanwhile = 0
        saw_writer = False
        asked_at = 0.0
        deadline = time.monotonic() + 600
        while proc.poll() is None:
            assert time.monotonic() < deadline, "ingest subprocess hung"
            saw_writer |= services.index.state().writer is not None
            if time.monotonic() - asked_at > 1.0:  # leave the CPU to the ingestion mostly
                assert ask(SAMPLE_QUESTION, None, services).found
                answered_meanwhile += 1
                asked_at = time.monotonic()
            time.sleep(0.05)
        _, err = proc.communicate()
        assert proc.returncode == 0, err[-3000:]
        assert answered_meanwhile >= 3
        assert saw_writer, "never saw the ingestion's writer lease"

        # The questions asked meanwhile may already have started the reload.
        services.refresh_if_changed(wait=True)
        services.wait_for_refresh()
        assert "loaded the ingestion's saved search snapshot" in caplog.text  # shared disk
        assert "updated the search snapshot" not in caplog.text
        snapshot_articles = {cid.rsplit("-", 2)[0] for cid in services.retriever.lexical.chunk_ids}
        assert len(snapshot_articles) == 1 + len(NEW_ARTICLES)
        for _, title, _, question in NEW_ARTICLES:
            assert _cites(services, question, title), question
        assert not services.refresh_if_changed(force=True)  # nothing new since
    finally:
        _end(proc)
        services.close()


def test_reader_on_another_host_rebuilds_and_follows_a_rebuild(
    server_settings: Settings,
    embedder: SentenceTransformerEmbedder,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run(server_settings, embedder)
    # Another host: its own CHROMA_PATH, so it cannot load the writer's saved search snapshot.
    # It checks the registry only once an hour: a question must still survive a rebuild
    # that drops the generation it was using.
    elsewhere = server_settings.model_copy(
        update={"chroma_path": tmp_path / "elsewhere", "index_check_seconds": 3600.0}
    )
    services = build_services(elsewhere, embedder)
    try:
        folder = tmp_path / "new"
        _write_articles(folder, NEW_ARTICLES[:1])
        run(server_settings, embedder, [*server_settings.ingest_sources, str(folder)])
        _, title, _, question = NEW_ARTICLES[0]

        caplog.set_level(logging.INFO, logger="retrieval.search.follow")
        assert services.refresh_if_changed(force=True, wait=True)
        assert "updated the search snapshot" in caplog.text
        assert any(
            cid.startswith(_article_id(folder / NEW_ARTICLES[0][0]))
            for cid in services.retriever.lexical.chunk_ids
        )
        assert _cites(services, question, title)

        generation = services.retriever.store.generation
        run(server_settings, embedder, [*server_settings.ingest_sources, str(folder)], rebuild=True)
        # No check is due and the old generation is gone. A question answered from the
        # search snapshot alone (vector index, text) makes no Chroma request, and is still
        # answered; one that reaches the store (no snapshot passages) reopens the index.
        assert _cites(services, question, title)
        assert services.retriever.store.generation == generation
        services.retriever = services.retriever.model_copy(update={"passages": None})
        assert _cites(services, question, title)
        assert services.retriever.store.generation == generation + 1
    finally:
        services.close()


def _article_id(path: Path) -> str:
    from ingest.article import article_id

    return article_id(str(path.resolve()))


# --- one writer --------------------------------------------------------------------------


def test_second_writer_is_refused_in_server_mode(
    server_settings: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    holder = _writer(server_settings)
    try:
        _go(holder)
        assert _first_line(holder) == "locked"
        with pytest.raises(StoreBusyError) as refused:
            run(server_settings, embedder)
        assert f"pid {holder.pid}" in str(refused.value)
        assert "Only one ingestion may write at a time" in str(refused.value)
        # Killed: on this host a dead holder is known at once, without waiting for its
        # lease to run out.
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
        started = time.monotonic()
        assert len(run(server_settings, embedder).added) == 1
        assert time.monotonic() - started < LEASE_SECONDS
    finally:
        _end(holder)

    # A writer on another host is judged by its lease's age on the server's clock.
    with Index(server_settings) as index:
        now = index._now_ns()
        other = locks.ProcessId("other-host/abcd/1", 4242, "", "python -m ingest")
        for renewed, refused_expected in ((now, True), (now - int(31e9), False)):
            lease = WriterLease("x" * 32, other, renewed, renewed)
            index.registry.upsert(ids=["writer"], embeddings=[[1.0]], metadatas=[lease.to_meta()])
            if refused_expected:
                with pytest.raises(StoreBusyError, match="lease expires"):
                    run(server_settings, embedder)
            else:
                run(server_settings, embedder)
        assert index.state().writer is None  # released after the run


def test_two_writers_starting_together_one_wins(server_settings: Settings) -> None:
    procs = [_writer(server_settings) for _ in range(2)]
    try:
        for p in procs:
            _go(p)
        results = sorted(_first_line(p).split()[0] for p in procs)
        assert results == ["busy", "locked"]
    finally:
        for p in procs:
            _end(p)


# --- embedded mode: one process at a time -------------------------------------------------


def test_embedded_second_writer_is_refused_naming_server_mode(
    settings: Settings, embedder: SentenceTransformerEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    run(settings, embedder)
    holder = _writer(settings)
    try:
        _go(holder)
        assert _first_line(holder) == "locked"
        with pytest.raises(StoreBusyError) as refused:
            run(settings, embedder)
        message = str(refused.value)
        assert f"pid {holder.pid}" in message
        assert "CHROMA_URL=http://127.0.0.1:8000" in message
        assert f"chroma run --path {settings.chroma_path}" in message
        # A reader starting while another process writes is told it will go stale.
        caplog.set_level(logging.WARNING, logger="retrieval.services")
        build_services(settings, embedder).close()
        assert f"pid {holder.pid}" in caplog.text and "will not see its changes" in caplog.text
    finally:
        _end(holder)
    assert run(settings, embedder).exit_code == 0  # the kernel released the lock


def test_embedded_writer_is_refused_while_another_process_reads(
    settings: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    run(settings, embedder)
    reader = _spawn(settings, HOLD_READER)
    try:
        assert _first_line(reader) == "open"
        with pytest.raises(IndexInUseError) as refused:
            run(settings, embedder)
        message = str(refused.value)
        assert f"pid {reader.pid}" in message
        assert "/reindex" in message and "CHROMA_URL" in message
        os.kill(reader.pid, signal.SIGKILL)  # dies without cleaning up its mark
        reader.wait(timeout=30)
    finally:
        _end(reader)
    assert run(settings, embedder).exit_code == 0
    assert not (settings.chroma_path / ".readers" / f"{reader.pid}.lock").exists()


def test_embedded_reader_follows_changes_made_in_its_own_process(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    """The bot's /reindex: ingestion in the reader's own process is allowed, and followed."""
    run(settings, embedder)
    services = build_services(settings.model_copy(update={"index_check_seconds": 0}), embedder)
    try:
        folder = tmp_path / "new"
        _write_articles(folder, NEW_ARTICLES[1:2])
        _, title, _, question = NEW_ARTICLES[1]
        assert not _cites(services, question, title)
        run(settings, embedder, [*settings.ingest_sources, str(folder)])
        assert services.refresh_if_changed(wait=True)
        services.wait_for_refresh()
        assert _cites(services, question, title)
        # A rebuild in the same process: the reader moves to the new generation.
        run(settings, embedder, [*settings.ingest_sources, str(folder)], rebuild=True)
        assert _cites(services, question, title)
        assert services.retriever.store.generation == 2
    finally:
        services.close()


# --- a lost server -----------------------------------------------------------------------


@pytest.mark.slow
def test_questions_fail_fast_while_the_server_is_down_and_resume(
    settings: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with ChromaServer(tmp_path / "server-db") as server:
        local = settings.model_copy(
            update={"chroma_url": server.url, "chroma_timeout": 2.0, "index_check_seconds": 0}
        )
        run(local, embedder)
        services = build_services(local, embedder)
        try:
            assert ask(SAMPLE_QUESTION, None, services).found

            server.stop()
            for _ in range(3):  # every question, not only the first
                started = time.monotonic()
                with pytest.raises(StoreUnavailable, match="CHROMA_URL"):
                    ask(SAMPLE_QUESTION, None, services)
                assert time.monotonic() - started < 2.0
            with pytest.raises(StoreUnavailable):
                build_services(local, embedder)  # a bot starting now says why, at once
            with pytest.raises(StoreUnavailable):
                run(local, embedder)  # the ingest CLI prints it and exits 2

            server.start()  # same port, same folder
            assert ask(SAMPLE_QUESTION, None, services).found

            # A hung server (stopped, socket still open): bounded by CHROMA_TIMEOUT.
            server.freeze()
            started = time.monotonic()
            with pytest.raises(StoreUnavailable):
                ask(SAMPLE_QUESTION, None, services)
            assert time.monotonic() - started < 2.0 * 3 + 1
            server.thaw()
            assert ask(SAMPLE_QUESTION, None, services).found
        finally:
            services.close()


def test_concurrent_questions_share_one_check(
    server_settings: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    # The bot answers chats in threads: refresh checks must not pile up or break answers.
    run(server_settings, embedder)
    services = build_services(server_settings, embedder)
    errors: list[BaseException] = []

    def asker() -> None:
        try:
            for _ in range(5):
                assert ask(SAMPLE_QUESTION, None, services).found
        except BaseException as exc:  # reported below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=asker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert not errors, errors
    finally:
        services.close()
