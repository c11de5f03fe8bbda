"""Asked the hour ("Vụ tai nạn xảy ra lúc mấy giờ?"), the sentence naming a clock time leads
the answer over a best naming only the day: `hour_led`.

No sentence without a clock time answers "mấy giờ", so one naming the hour leads from
further below than a day would (a report's opening names the day, its next sentence the
hour: "Rạng sáng 5/11, …", then "khoảng 2h15 cùng ngày, … phát hiện khói"), and from
further still in the best one's own passage: a news lead sums up the event and outscores
every sentence of its details ("Rạng sáng 8/12, … xảy ra vụ va chạm …", then "Thông tin
ban đầu, khoảng 3h15, xe đầu kéo …", 5.8 below), past what `features._ranked` keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import lowered
from retrieval.answers.features import _Ranked
from retrieval.answers.granularity import CLOCK
from retrieval.answers.sentences import _Candidate

__all__ = ["hour_led", "lacks_the_hour"]

_ASKS_HOUR = re.compile(r"(?<!\w)(?:mấy giờ|may gio|giờ nào|gio nao)(?!\w)")
# How far below the best a sentence naming the hour may be: in any passage, in the best's.
_HOUR_REACH = 3.0
_PASSAGE_HOUR_REACH = 8.0


def lacks_the_hour(question: str, best: _Candidate) -> bool:
    """Whether the question asks the hour ("lúc mấy giờ") and `best` names no clock time."""
    return bool(_ASKS_HOUR.search(lowered(question))) and not CLOCK.search(best.sentence.text)


def _naming_the_hour(scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]) -> int:
    top, best = scored[0][0], scored[0][1].rank
    return next(
        (
            i
            for i, (score, c, _) in enumerate(scored[1:], start=1)
            if top - score <= (_PASSAGE_HOUR_REACH if c.rank == best else _HOUR_REACH)
            and CLOCK.search(c.sentence.text)
        ),
        0,
    )


def hour_led(
    question: str, ranked: _Ranked, every: Callable[[], _Ranked | None]
) -> tuple[_Ranked, bool] | None:
    """`ranked` led by the sentence naming the hour asked, when the best names none, and
    False; the whole ranking (`every`) so led and True when that sentence is not among
    those kept (the answer is then as sure as the best that found its passage); None when
    none names the hour."""
    if not lacks_the_hour(question, ranked.scored[0][1]):
        return None
    if hour := _naming_the_hour(ranked.scored):
        return ranked.led_by(hour), False
    whole = every()
    hour = _naming_the_hour(whole.scored) if whole is not None else 0
    return (whole.led_by(hour), True) if whole is not None and hour else None
