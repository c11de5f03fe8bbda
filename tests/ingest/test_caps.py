"""Caps per file (issue 15, items 5-7): a crafted or broken file is refused with a reason
naming the setting, costs only itself, and never much memory."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ingest.formats.common import Limits, absolute_url
from ingest.loaders import LoadError, load_file
from ingest.pipeline import run
from retrieval.embedding.base import Embedder
from retrieval.index.registry import Index
from retrieval.settings import Settings

MAX = 10**8
MIB = 1024 * 1024
BODY = "Ông Nhân chủ trì hội nghị tổng kết công tác năm 2018 của Đảng bộ Thành phố."


def _docx_bomb(path: Path, inflated: int, *, entries: int = 1) -> Path:
    """A zip (a .docx by name) whose one entry inflates to `inflated` bytes of one
    character, written in pieces so the test itself stays small."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            piece = b"a" * MIB
            for _ in range(inflated // MIB):
                member.write(piece)
        for i in range(entries - 1):
            archive.writestr(f"word/media/x{i}.txt", b"")
    return path


def _peak_mb(call: object) -> tuple[Exception | None, float]:
    assert callable(call)
    tracemalloc.start()
    try:
        call()
        error = None
    except Exception as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak / MIB


def test_a_docx_bomb_is_refused_with_little_memory(tmp_path: Path) -> None:
    bomb = _docx_bomb(tmp_path / "bomb.docx", 200 * MIB)
    assert bomb.stat().st_size < 1 * MIB
    error, peak = _peak_mb(lambda: load_file(bomb, max_bytes=MAX))
    assert isinstance(error, LoadError)
    assert "DOCX_MAX_UNCOMPRESSED_MB" in str(error)
    assert peak < 300, f"peak {peak:.0f} MB"


def test_a_docx_whose_entries_lie_about_their_size_is_refused(tmp_path: Path) -> None:
    """The headers declare 1 KB; the entry inflates to 20 MB: never read past the
    declared size (zipfile stops there and the CRC fails), refused as damaged."""
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * (20 * MIB))
    data = bytearray(path.read_bytes())
    local = 0  # the one local header, at the start
    central = data.index(b"PK\x01\x02")
    assert int.from_bytes(data[local + 22 : local + 26], "little") == 20 * MIB
    data[local + 22 : local + 26] = (1024).to_bytes(4, "little")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    error, peak = _peak_mb(lambda: load_file(path, max_bytes=MAX))
    assert isinstance(error, LoadError) and "DOCX" in str(error), error
    assert peak < 50, f"peak {peak:.0f} MB"


def test_a_docx_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = _docx_bomb(tmp_path / "many.docx", 0, entries=50)
    with pytest.raises(LoadError, match="DOCX_MAX_ENTRIES=10"):
        load_file(path, max_bytes=MAX, limits=Limits(docx_max_entries=10))


def test_an_article_over_max_article_chars_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Tiêu đề\n\n" + ("Một câu văn dài. " * 2000), "utf-8")
    with pytest.raises(LoadError, match="MAX_ARTICLE_CHARS"):
        load_file(path, max_bytes=MAX, limits=Limits(max_article_chars=10_000))
    records = [{"title": "ngắn", "text": BODY}, {"title": "dài", "text": "x " * 10_000}]
    many = tmp_path / "many.json"
    many.write_text(json.dumps(records), "utf-8")
    result = load_file(many, max_bytes=MAX, limits=Limits(max_article_chars=10_000))
    assert [a.title for a in result.articles] == ["ngắn"]
    assert any("MAX_ARTICLE_CHARS" in w for w in result.warnings)


def test_deep_json_and_huge_numbers_cost_their_file_only(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    with pytest.raises(LoadError, match="JSON_MAX_DEPTH=100"):
        load_file(deep, max_bytes=MAX)
    digits = tmp_path / "digits.json"
    digits.write_text('{"id": ' + "9" * 100_000 + ', "text": "x"}', "utf-8")
    with pytest.raises(LoadError, match="invalid JSON"):
        load_file(digits, max_bytes=MAX)
    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        "[" * 50_000 + "]" * 50_000 + "\n" + json.dumps({"title": "tốt", "text": BODY}) + "\n",
        "utf-8",
    )
    result = load_file(lines, max_bytes=MAX)
    assert [a.title for a in result.articles] == ["tốt"]
    assert any("JSON_MAX_DEPTH" in w for w in result.warnings)


def test_a_run_with_a_bad_json_ingests_the_good_files(
    settings: Settings, embedder: Embedder
) -> None:
    folder = Path(settings.ingest_sources[0])
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    (folder / "digits.json").write_text('[{"id": ' + "1" * 100_000 + "}]", "utf-8")
    (folder / "good.json").write_text(json.dumps([{"title": "Hội nghị", "text": BODY}]), "utf-8")
    report = run(settings, embedder)
    failed = {Path(p.origin).name: p.reason for p in report.failed}
    assert set(failed) == {"deep.json", "digits.json"}, failed
    assert "JSON_MAX_DEPTH" in failed["deep.json"]
    assert "Hội nghị" in {a.title for a in report.added}
    with Index(settings) as index:
        assert len(index.open_for(embedder.identity).committed()) == 2  # sample + good


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://voh.com.vn/a-1.html", True),
        ("/tin-tuc/a-1.html", False),
        ("javascript:alert(1)", False),
        ("http://", False),
        ("http://[::1/x", False),
        ("tin-tuc/a.html", False),
    ],
)
def test_only_absolute_http_urls_are_kept_from_records(
    tmp_path: Path, url: str, kept: bool
) -> None:
    record = tmp_path / "a.json"
    record.write_text(json.dumps({"title": "T", "text": BODY, "url": url}), "utf-8")
    md = tmp_path / "a.md"
    md.write_text(f"---\ntitle: T\nurl: {url}\n---\n\n{BODY}\n", "utf-8")
    for path in (record, md):
        (article,) = load_file(path, max_bytes=MAX).articles
        assert article.url == (url if kept else "")
    assert absolute_url(url) == (url if kept else "")


# --- fuzz: whatever the bytes, a loader raises LoadError or gives articles ------------------

_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from([".json", ".jsonl", ".md", ".docx", ".txt"]),
    data=st.one_of(
        st.binary(min_size=1, max_size=2000),
        _JSONISH.map(lambda v: json.dumps(v).encode()),
        st.builds(
            lambda k, v: json.dumps({"text": BODY, "url": v, k: v}).encode(),
            st.sampled_from(["id", "title", "date", "source"]),
            st.text(max_size=30),
        ),
        st.text(max_size=300).map(lambda t: f"---\nurl: {t}\n---\n\n{t}\n".encode()),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
    ),
)
def test_fuzz_loaders_raise_only_load_errors(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    try:
        result = load_file(path, max_bytes=MAX)
    except LoadError:
        return
    for article in result.articles:
        assert article.text
        assert article.url == absolute_url(article.url)
