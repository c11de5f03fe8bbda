"""A target asked is answered by a sentence that sets one, not by a result.

"Chỉ tiêu kim ngạch xuất khẩu năm 2024 là bao nhiêu?" asks what the province aims at: "năm
2024 tỉnh phấn đấu … kim ngạch xuất khẩu đạt 4.900 triệu USD" answers, "Kim ngạch xuất khẩu
quý I/2024 ước đạt 1.152 triệu USD" (a result of the same year, nearer the question's
words) does not. With no sentence setting a target for the thing, the articles do not say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.answers.aims import asks_target, sets_target
from retrieval.answers.sentences import _Candidate
from retrieval.answers.subject import measured, names_thing

__all__ = ["aiming", "sets_asked_target"]


def aiming(
    question: str,
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    lead_in: Callable[[_Candidate], str] = lambda _: "",
    began_before: Callable[[_Candidate], bool] = lambda _: False,
) -> int | None:
    """The position in `scored` (best first) of the best candidate setting a target for
    the thing the question measures: 0 when the question asks no target or the best sets
    it; None when no candidate does. A point sets one when its list's `lead_in` does
    ("Các chỉ tiêu chủ yếu: … 2. Tổng thu ngân sách … đạt 430 tỷ đồng trở lên."); failing
    all, a point of a list that `began_before` its passage may (its lead-in unseen)."""
    if not asks_target(question):
        return 0
    thing = frozenset(measured(question).split())

    def first(sets: Callable[[_Candidate], bool]) -> int | None:
        return next(
            (
                i
                for i, (_, candidate, _) in enumerate(scored)
                if sets(candidate) and (not thing or names_thing(thing, candidate.sentence))
            ),
            None,
        )

    found = first(lambda c: sets_target(c.sentence.text) or sets_target(lead_in(c)))
    return found if found is not None else first(began_before)


def sets_asked_target(question: str, candidate: _Candidate) -> bool:
    """Whether the question asks a target and `candidate` sets one: no result said of
    another year rivals it ("Trong năm [2024], toàn Đảng bộ kết nạp 412 đảng viên mới" for
    "Năm 2025 … đặt chỉ tiêu kết nạp mấy đảng viên mới?", answered by "… phấn đấu kết nạp ít
    nhất 380 đảng viên mới")."""
    return asks_target(question) and sets_target(candidate.sentence.text)
