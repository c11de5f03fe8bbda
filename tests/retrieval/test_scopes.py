"""Knowledge scopes (issue 14): ACCESS_FILE, stamps at ingestion, filtering inside search.

Real model, real Chroma, six small articles in three scopes (tests/data/scopes/): each
scope has its own rule on working from home, so one question has a different right
source in each scope.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.index.chunks import DEFAULT_SCOPE
from retrieval.index.scopes import AccessError, AccessFile, AccessPolicy, load_policy
from retrieval.search import scoped
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.conftest import TEST_DATA

SCOPES_DATA = TEST_DATA / "scopes"
QUESTION = "Được làm việc từ xa mấy ngày mỗi tuần?"
MARKERS = {"nhan-su": "NS-7731", "ke-toan": "KT-4410"}


def access_toml(root: Path, *, hr_public: bool = False) -> str:
    return f"""
[scopes.chung]
sources = ["{root / "chung"}"]
public = true

[scopes.nhan-su]
title = "Nhân sự"
sources = ["{root / "nhan-su"}"]
public = {"true" if hr_public else "false"}
users = [111111111]
chats = [-1001234567890]

[scopes.ke-toan]
title = "Kế toán"
sources = ["{root / "ke-toan"}"]

[users]
222222222 = ["ke-toan"]
"""


@pytest.fixture
def scoped_settings(tmp_path: Path, base_settings: Settings) -> Settings:
    root = tmp_path / "docs"
    shutil.copytree(SCOPES_DATA, root)
    access = tmp_path / "access.toml"
    access.write_text(access_toml(root), encoding="utf-8")
    return base_settings.model_copy(
        update={
            "chroma_path": tmp_path / "chroma",
            "ingest_sources": [str(root / "chung")],
            "access_file": access,
            "index_check_seconds": 0.0,
        }
    )


@pytest.fixture
def services(scoped_settings: Settings, embedder: Embedder) -> Iterator[Services]:
    run(scoped_settings, embedder)
    services = build_services(scoped_settings, embedder)
    yield services
    services.close()


# --- the file ----------------------------------------------------------------------------
def test_policy_reads_the_file_and_answers_who_sees_what(tmp_path: Path) -> None:
    path = tmp_path / "access.toml"
    path.write_text(access_toml(tmp_path), encoding="utf-8")
    policy = load_policy(path, ["ignored"])
    assert set(policy.scopes) == {"chung", "nhan-su", "ke-toan"}
    assert policy.scopes["nhan-su"].label == "Nhân sự"
    # private chat: the user's scopes; group: the chat's; public everywhere
    assert policy.visible(111111111, 111111111, private=True) == {"chung", "nhan-su"}
    assert policy.visible(222222222, 222222222, private=True) == {"chung", "ke-toan"}
    assert policy.visible(333, 333, private=True) == {"chung"}
    assert policy.visible(222222222, -1001234567890, private=False) == {"chung", "nhan-su"}
    # a user's private scope never comes with them into a group
    assert policy.visible(111111111, -100999, private=False) == {"chung"}
    (tmp_path / "ke-toan").mkdir()
    inside = str((tmp_path / "ke-toan" / "a.md").resolve())
    assert policy.scopes_of(inside) == ("ke-toan",)
    assert policy.scopes_of(inside + "#record-1") == ("ke-toan",)
    assert policy.scopes_of(str((tmp_path / "ke-toan-2" / "a.md").resolve())) == ()
    assert policy.scopes_of("https://example.org/x") == ()


def test_without_a_file_everything_is_one_public_scope(tmp_path: Path) -> None:
    policy = load_policy(tmp_path / "missing.toml", ["data/articles"])
    assert policy.path is None
    assert list(policy.scopes) == [DEFAULT_SCOPE]
    assert policy.visible(1, 1, private=True) == {DEFAULT_SCOPE}
    assert policy.sources() == ["data/articles"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[scopes.a]\nsources = ["x"]\n\n[users]\n5 = ["b"]\n', "line 5"),
        ('[scopes.a]\nsources = ["x"]\n\n[scopes.b]\npublic = true\n', "line 4"),
        ('[scopes.a]\nsources = ["x"]\nusers = ["bob"]\n', "line 1"),
        ('[scopes.a]\nsources = ["x"]\nreaders = [1]\n', "unknown key"),
        ("[scopes.a\n", "not valid TOML"),
        ("", "no scope defined"),
    ],
)
def test_a_wrong_file_is_an_error_naming_file_and_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccessError) as caught:
        load_policy(path, [])
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_the_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "access.toml"
    path.write_text(access_toml(tmp_path), encoding="utf-8")
    watched = AccessFile(path, [])
    assert "nhan-su" not in watched.current().visible_as(333)
    path.write_text(access_toml(tmp_path, hr_public=True) + "\n", encoding="utf-8")
    assert "nhan-su" in watched.current().visible_as(333)
    # a file made wrong keeps the last good policy, and says why
    path.write_text("[scopes.a\n", encoding="utf-8")
    assert "nhan-su" in watched.current().visible_as(333)
    assert "not valid TOML" in watched.error


# --- ingestion and search ---------------------------------------------------------------
def _scopes_of(services: Services, article_id: str) -> tuple[str, ...]:
    store = services.retriever.store
    return store.visible.scopes(store)[article_id]


def test_search_selects_inside_the_scopes_before_the_top_k(services: Services) -> None:
    for visible, marker in (({"chung", "nhan-su"}, "NS-7731"), ({"chung", "ke-toan"}, "KT-4410")):
        hits = services.search(QUESTION, 1, scopes=frozenset(visible)).hits
        # k=1: a filter after the cut would have left nothing for one of the two scopes
        assert len(hits) == 1
        assert marker in hits[0].text
        answer = ask(QUESTION, None, services, scopes=frozenset(visible))
        assert answer.found and marker in answer.text
    only_public = services.search(QUESTION, 5, scopes=frozenset({"chung"})).hits
    assert len(only_public) == 2  # all the public scope has (2 small articles)
    assert all(_scopes_of(services, h.article_id) == ("chung",) for h in only_public)
    assert not any(m in h.text for h in only_public for m in MARKERS.values())
    # no scope visible: nothing at all, not everything
    assert services.search(QUESTION, 5, scopes=frozenset({"khong-co"})).hits == []
    everything = services.search(QUESTION, 6).hits
    assert {h.text.count("NS-7731") + h.text.count("KT-4410") for h in everything} == {0, 1}


def test_the_filtered_graph_walk_agrees_with_the_exact_way(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    visible = frozenset({"chung", "ke-toan"})
    exact = services.search(QUESTION, 3, scopes=visible).hits
    monkeypatch.setattr(scoped, "EXACT_ROWS", 0)  # every set goes through hnswlib's filter
    walked = services.search(QUESTION, 3, scopes=visible).hits
    assert [h.chunk_id for h in walked] == [h.chunk_id for h in exact]
    # the walk itself answered (no fall back to the exact way), with allowed labels only
    retriever = services.retriever
    passages = retriever.passages
    assert passages is not None and passages.index is not None
    rows = scoped.row_mask(passages.chunk_ids, retriever.store, visible)
    assert rows is not None and 0 < len(rows.rows) < len(passages.chunk_ids)
    vector = retriever.embedder.embed_queries([QUESTION])[0]
    labels, _ = passages.index.search(vector, len(rows.rows), allowed=rows.labels(passages))
    assert set(labels.tolist()) == rows.labels(passages)


def test_scope_changes_take_effect_at_the_next_run_without_re_embedding(
    scoped_settings: Settings, embedder: Embedder, services: Services
) -> None:
    first = run(scoped_settings, embedder)
    assert first.scopes == {"chung": 2, "ke-toan": 2, "nhan-su": 2}
    assert first.restamped == 0
    public = frozenset({"chung"})
    assert not any("NS-7731" in h.text for h in services.search(QUESTION, 5, scopes=public).hits)

    root = Path(scoped_settings.ingest_sources[0]).parent
    scoped_settings.access_file.write_text(
        access_toml(root).replace(
            f'[scopes.chung]\nsources = ["{root / "chung"}"]',
            f'[scopes.chung]\nsources = ["{root / "chung"}", "{root / "nhan-su"}"]',
        ),
        encoding="utf-8",
    )
    second = run(scoped_settings, embedder)
    assert second.chunks_embedded == 0 and not second.added and not second.updated
    assert second.restamped == 2
    assert second.scopes == {"chung": 4, "ke-toan": 2, "nhan-su": 2}
    # the running reader (as the bot's) follows without a restart
    services.refresh_if_changed(force=True, wait=True)
    hits = services.search(QUESTION, 5, scopes=public).hits
    assert any("NS-7731" in h.text for h in hits)
    assert not any("KT-4410" in h.text for h in hits)
    # Chroma's chunk metadata carries the scopes too
    store = services.retriever.store
    got = store.chunks.get(include=["metadatas", "documents"])
    for meta, doc in zip(got["metadatas"], got["documents"], strict=True):
        if "NS-7731" in doc:
            assert meta["scopes"] == "chung,nhan-su"


def test_an_index_stamped_before_scopes_is_the_public_default(tmp_path: Path) -> None:
    from retrieval.index.chunks import scopes_from

    assert scopes_from({}) == (DEFAULT_SCOPE,)
    assert scopes_from({"scopes": ""}) == ()
    assert scopes_from({"scopes": "a,b"}) == ("a", "b")
    assert AccessPolicy.single(["x"]).visible(1, 1, private=True) == {DEFAULT_SCOPE}


def test_a_folder_taken_out_of_every_scope_loses_its_scopes_at_the_next_run(
    scoped_settings: Settings, embedder: Embedder, services: Services
) -> None:
    root = Path(scoped_settings.ingest_sources[0]).parent
    hr_folder = f'sources = ["{root / "nhan-su"}"]'
    text = access_toml(root, hr_public=True)
    assert hr_folder in text
    scoped_settings.access_file.write_text(text, encoding="utf-8")
    run(scoped_settings, embedder)  # HR is public now
    services.refresh_if_changed(force=True, wait=True)
    public = frozenset({"chung"}) | frozenset({"nhan-su"})
    assert any("NS-7731" in h.text for h in services.search(QUESTION, 5, scopes=public).hits)
    # HR's folder is no scope's source any more: its articles are not read, yet lose
    # their scopes (only admins see them), without re-embedding.
    moved = text.replace(hr_folder, f'sources = ["{root / "nhan-su-moi"}"]')
    scoped_settings.access_file.write_text(moved, encoding="utf-8")
    report = run(scoped_settings, embedder)
    assert report.chunks_embedded == 0 and report.restamped == 2
    assert report.scopes[""] == 2
    services.refresh_if_changed(force=True, wait=True)
    for visible in (public, frozenset({"chung", "nhan-su", "ke-toan"})):
        hits = services.search(QUESTION, 6, scopes=visible).hits
        assert hits and not any("NS-7731" in h.text for h in hits)
    assert any("NS-7731" in h.text for h in services.search(QUESTION, 6).hits)  # admins
