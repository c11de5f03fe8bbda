"""Asked a detail that is written in a form of its own, the sentence writing it leads the
answer over a best that does not: `form_led`.

- The hour ("Vụ tai nạn xảy ra lúc mấy giờ?"): a clock time ("khoảng 2h15"). A report's
  opening names the day, its next sentence the hour: "Rạng sáng 5/11, …", then "khoảng
  2h15 cùng ngày, … phát hiện khói".
- A road's milestone ("Tai nạn xảy ra ở Km bao nhiêu?"): "Km 1.045+300", not the "4 km"
  of the jam the best sentence tells. No sentence without a milestone answers, so with
  none the articles do not say (`lacks_the_form`).

No sentence without the form answers, so one writing it leads from further below than
other evidence would, and from further still in the best one's own article: a news lead
sums up the event and outscores every sentence of its details ("Rạng sáng 8/12, … xảy ra
vụ va chạm …", then "Thông tin ban đầu, khoảng 3h15, xe đầu kéo …", 5.8 below; "Khi đến
Km 1.045+300, xe container …", 4.9 below), past what `features._ranked` keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import lowered
from retrieval.answers.evidence import says_milestone
from retrieval.answers.features import _Ranked
from retrieval.answers.granularity import CLOCK
from retrieval.answers.sentences import _Candidate

__all__ = ["form_led", "lacks_the_form"]

_ASKS_HOUR = re.compile(r"(?<!\w)(?:mấy giờ|may gio|giờ nào|gio nao)(?!\w)")
_ASKS_MILESTONE = re.compile(r"(?<!\w)km (?:bao nhiêu|bao nhieu|mấy|may|nào|nao|số)(?!\w)")
# How far below the best a sentence writing the form may be: in any passage, in the best's.
_REACH = 3.0
_PASSAGE_REACH = 8.0


def _form_asked(question: str) -> tuple[Callable[[str], bool], bool] | None:
    """How the detail the question asks is written, and whether only a sentence writing it
    answers (a milestone; a day answers "mấy giờ" in part); None when it asks none."""
    asked = lowered(question)
    if _ASKS_HOUR.search(asked):
        return (lambda text: CLOCK.search(text) is not None), False
    if _ASKS_MILESTONE.search(asked):
        return says_milestone, True
    return None


def lacks_the_form(question: str, best: _Candidate) -> bool:
    """Whether the question asks a detail only a sentence writing it answers (a milestone)
    and `best` writes none."""
    form = _form_asked(question)
    return form is not None and form[1] and not form[0](best.sentence.text)


def _writing(
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    says: Callable[[str], bool],
    articles: Sequence[str],
) -> int:
    top, best = scored[0][0], articles[scored[0][1].rank]
    return next(
        (
            i
            for i, (score, c, _) in enumerate(scored[1:], start=1)
            if top - score <= (_PASSAGE_REACH if articles[c.rank] == best else _REACH)
            and says(c.sentence.text)
        ),
        0,
    )


def form_led(
    question: str,
    ranked: _Ranked,
    every: Callable[[], _Ranked | None],
    articles: Sequence[str],
) -> tuple[_Ranked, bool] | None:
    """`ranked` led by the sentence writing the detail asked, when the best writes none,
    and False; the whole ranking (`every`) so led and True when that sentence is not among
    those kept (the answer is then as sure as the best that found its passage); None when
    none writes it. `articles`: the article of each passage ranked (the best one's own
    article is read further down)."""
    form = _form_asked(question)
    if form is None or form[0](ranked.scored[0][1].sentence.text):
        return None
    if found := _writing(ranked.scored, form[0], articles):
        return ranked.led_by(found), False
    whole = every()
    found = _writing(whole.scored, form[0], articles) if whole is not None else 0
    return (whole.led_by(found), True) if whole is not None and found else None
