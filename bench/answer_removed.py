"""Same-document questions the articles cannot answer: each set's questions asked again
with the sentences holding their answer taken out of the retrieved passages.

    python bench/dated_replay.py cache --set NAME     # once per set (dated, legal, ...)
    python bench/answer_removed.py [NAME ...] [-v]    # answered / declined, per set

`retrieval eval --unanswerable` asks about articles that are not indexed: the passages
retrieved are about something else, and the gate declines 73-75% of xquad_vi's at 97%
answered. Staff also ask what a document they have does not say ("Học phí mỗi tín chỉ
là bao nhiêu?" of a training regulation that names no fee), and then every retrieved
passage is on the topic. This replays `ask` (as `dated_replay.py` does) on the cached
searches twice: as they were (answerable: answered), and with every sentence holding a
gold answer removed from each passage (a passage left with nothing is dropped, its
sentence cosines kept for the sentences that stay): declined.

What it printed (6 December 2026, at 6131686, before the rest of a passage kept its line
breaks: joined with spaces, a list whose point was taken out read as one sentence; then
at 847644b, with the checks of `answers/counting.py` and `answers/contrasts.py`):

    dated: answerable answered 1.000, answer removed declined 0.421 (n=38)
    legal: answerable answered 1.000, answer removed declined 0.094 (n=32)
    regulations: answerable answered 1.000, answer removed declined 0.075 -> 0.175 (n=40)
    seed: answerable answered 1.000, answer removed declined 0.625 (n=8)

With the line breaks kept (session 18): regulations 0.125 and seed 0.500 before
`answers/cases.py` (a point about another case: "a) Viện trưởng: …" for "Trưởng phòng
…") and the "pay" unit of `counting.unit_asked`; regulations 0.175 with them (dated,
legal and seed unchanged); legal 0.094 -> 0.125 with a number bounded the other way as
the other side (`contrasts.py`: "từ 50 cm3 trở lên" for "dưới 50 cm3"); regulations 0.200
with ranges (`cases.out_of_range`), 0.225 with kinds of leave as sides. The staff-questions
set (bench/corpus/staff, the same documents asked in staff's words): 0.200 at the
session's start, 0.291 at its end. Session 19: dated 0.421 -> 0.632 when a theme asked
("… mang chủ đề gì?") needs a sentence naming one (`subject.labelling`), 0.737 when a body
("Công ty …", "Ban giám đốc") no longer answers who was honoured ("Ai được tôn vinh …?",
"… vinh danh ai?"); the other sets unchanged.

A sibling point of the same list was the commonest wrong answer ("b) Đi công tác có
nghỉ qua đêm: 250.000 …" removed, "a) Đi công tác trong ngày: 150.000 …" quoted): the
gate's features (cosines, coverage, rare words missing) do not tell them apart, and
refitting the gate with these as negatives moved nothing (5-fold); the point's head does
(`answers/cases.py`). What stays answered is mostly a list with one point taken out
("… gồm những gì?": the other points), a provision asked by number ("Điều 12 quy định
gì?": the rest of it), and another rule of the same topic ("Trường hợp mức khoán không
đủ …" for the rate in Hà Nội).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def removed(row: dict[str, Any]) -> dict[str, Any]:
    """`row` (a cached search) with the sentences holding a gold answer taken out."""
    from retrieval.cli.evaluate import _norm
    from retrieval.language.text import split_sentences

    answers = [_norm(a) for a in row["answers"]]
    hits, cosines = [], {}
    for hit in row["hits"]:
        spans = split_sentences(hit["text"])
        pieces = [hit["text"][a:b] for a, b in spans]
        keep = [i for i, p in enumerate(pieces) if not any(a in _norm(p) for a in answers)]
        # Each kept sentence with what followed it (a line break before a point), so the
        # rest splits as it did: "a) …;\nc) …" stays two points.
        ends = [a for a, _ in spans[1:]] + [len(hit["text"])]
        text = "".join(hit["text"][spans[i][0] : ends[i]] for i in keep).strip()
        if not keep or any(a in _norm(text) for a in answers):
            continue  # nothing left, or the answer spans two sentences
        hits.append(dict(hit, text=text))
        stored = row["sentences"].get(hit["chunk_id"])
        if stored and len(stored) == len(pieces) and len(split_sentences(text)) == len(keep):
            cosines[hit["chunk_id"]] = [stored[i] for i in keep]
    return dict(row, hits=hits, sentences=cosines)


def main() -> None:
    from dated_replay import SETS, K, _Cached, cache_path

    from retrieval.ask import ask

    names = [a for a in sys.argv[1:] if not a.startswith("-")] or list(SETS)
    verbose = "-v" in sys.argv
    for name in names:
        rows = json.loads(cache_path(name).read_text(encoding="utf-8"))
        gone = [r for r in map(removed, rows) if r["hits"]]
        kept, cut = _Cached(rows), _Cached(gone)
        answered = sum(ask(r["question"], None, kept, k=K).found for r in rows)  # type: ignore[arg-type]
        declined = 0
        for row in gone:
            answer = ask(row["question"], None, cut, k=K)  # type: ignore[arg-type]
            declined += not answer.found
            if verbose and answer.found:
                print(f"  {answer.confidence:.2f} {row['question']} | {answer.text[:100]}")
        print(
            f"{name}: answerable answered {answered / len(rows):.3f}, answer removed "
            f"declined {declined / len(gone):.3f} (n={len(gone)})"
        )


if __name__ == "__main__":
    main()
