"""A long notice's field found below the candidates kept answers for the thing measured:
"Giá trúng thầu … là bao nhiêu?" by "5. Giá trúng thầu: 5.318.200.000 đồng" (answers/
extractive.py, fields.py). End to end: the result notice and the invitation before it,
from the blind set `tenders` (bench/corpus/blind), real model, real Chroma."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import run
from retrieval.ask import ask
from retrieval.embedding.base import Embedder
from retrieval.services import build_services
from retrieval.settings import Settings
from tests.conftest import BLIND_SETS

# The result notice and the invitation of Sông Trà's "gói thầu số 05"
PIDS = ("tenders-songtra-kq05", "tenders-songtra-tbmt05")


def test_a_field_below_the_kept_candidates_answers(
    settings: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    lines = (BLIND_SETS / "tenders" / "passages.jsonl").read_text("utf-8").splitlines()
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "".join(line + "\n" for line in lines if json.loads(line)["pid"] in PIDS), "utf-8"
    )
    assert run(settings, embedder, [str(path)]).exit_code == 0
    services = build_services(settings, embedder)
    try:
        # was declined: no candidate kept named "trúng thầu", the field was pruned
        answer = ask(
            "Giá trúng thầu gói đồng hồ nước điện tử giai đoạn 1 là bao nhiêu?", None, services
        )
        assert answer.found, answer.text
        assert answer.short is not None and answer.short.text == "5.318.200.000 đồng", answer.text
    finally:
        services.close()
