"""The step of a procedure asked by its place: "Quên mật khẩu thì bước đầu tiên phải làm gì?".

A guide numbers its steps one per sentence ("Bước 1: Truy cập …", "Bước 2: Nhập tên đăng
nhập …"). The question's words are often in a later step than the one asked (it names
"quên mật khẩu", which step 2 repeats), so the best sentence is a step of the right
procedure but the wrong place. `step_led` puts the step asked of that same procedure
first: the first ("đầu tiên", "thứ nhất"), the N-th ("thứ hai", "bước 3") or the last
("cuối cùng") of the run of steps the best one belongs to, in its passage. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.answers.features import _Ranked
from retrieval.answers.ordinal import PLACES
from retrieval.language.text import fold

__all__ = ["step_asked", "step_led"]

# "bước đầu tiên", "bước thứ hai", "bước cuối cùng", "bước 3", folded.
_ASKED = re.compile(r"\bbuoc (?:(" + "|".join(PLACES) + r")|(\d{1,2}))\b")
# A sentence that is a step: "Bước 1: …", "Bước 2. …", "Bước 3 - …".
_STEP = re.compile(r"Bước\s+(\d{1,2})\s*[:.\-–]", re.IGNORECASE)


def step_asked(question: str) -> int | None:
    """The place of the step `question` asks (1-based; -1 for the last); None when it asks
    none."""
    asked = _ASKED.search(fold(question.lower()))
    if asked is None:
        return None
    return PLACES[asked.group(1)] if asked.group(1) else int(asked.group(2))


def step_led(question: str, ranked: _Ranked, every: Callable[[], _Ranked | None]) -> _Ranked | None:
    """`ranked` led by the step asked of the procedure its best sentence is a step or the
    heading of; None when the question asks no step, the best is neither, or that step is
    not among the candidates (`every` candidate, unpruned, is read when the pruned ones
    lack it)."""
    place = step_asked(question)
    if place is None:
        return None
    best = ranked.scored[0][1]
    # the best is a step, or the heading the steps follow ("1. Tự đặt lại mật khẩu khi
    # quên", then "Bước 1: …")
    order = best.sentence.order + (_number(best.sentence.text) is None)
    for candidates in (ranked, every()):
        if candidates is None:
            continue
        steps = sorted(
            (c.sentence.order, n, i)
            for i, (_, c, _) in enumerate(candidates.scored)
            if c.rank == best.rank and (n := _number(c.sentence.text)) is not None
        )
        run = _run_of(steps, order)
        target = place if place > 0 else max((n for _, n, _ in run), default=0)
        found = next((i for _, n, i in run if n == target), None)
        if found is not None:
            return candidates.led_by(found) if found else candidates
    return None


def _number(text: str) -> int | None:
    step = _STEP.match(text)
    return int(step.group(1)) if step else None


def _run_of(steps: list[tuple[int, int, int]], order: int) -> list[tuple[int, int, int]]:
    """The run of steps (order, number, position), numbered up from one, that holds the
    sentence at `order`: a passage may hold two procedures, each from "Bước 1"."""
    runs: list[list[tuple[int, int, int]]] = []
    for step in steps:
        if not runs or step[1] <= runs[-1][-1][1]:
            runs.append([])
        runs[-1].append(step)
    return next((run for run in runs if any(o == order for o, _, _ in run)), [])
