"""Which sentence answers the value asked of a thing: `measuring`.

"Học phí mỗi tín chỉ là bao nhiêu?" is not answered by a sentence without "học phí" (the
thing measured: `subject.measured`): the best candidate naming it leads, and with none the
articles do not say. A candidate naming the thing is no stand-in for a best that names
what the question names when it does not: "Điểm chuẩn lớp chuyên Toán … năm nay là bao
nhiêu" is answered by "Lớp chuyên Toán lấy 36,75 điểm", not by "Lớp chuyên Tiếng Anh có
điểm chuẩn cao nhất với 38,10 điểm"; with no candidate naming both, the best keeps the
lead.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.evidence import question_marks
from retrieval.answers.sentences import _Candidate
from retrieval.answers.subject import measured, names_thing
from retrieval.answers.units import unit_asked

__all__ = ["measuring"]


def measuring(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]]
) -> int | None:
    """The position in `scored` of the best candidate naming the thing whose value the
    question asks (0 when the best does or it asks none); None when none names it."""
    thing = frozenset(measured(question).split())
    if not thing or unit_asked(question) == "score":
        return 0  # "tỉ số bao nhiêu" is answered by "thắng 3-1", which names no "tỉ số"
    # Its words, as a point holds those of its lead-in ("2. Mức phụ cấp lưu trú được quy
    # định như sau: … b) Đi công tác có nghỉ qua đêm: 250.000 đồng/người/ngày"); not as a
    # news lead lends them to every sentence after it ("… hội nghị người lao động …" does
    # not make "… cho cả ba nhà máy" a count of workers).
    fits = [i for i, (_, c, _) in enumerate(scored) if names_thing(thing, c.sentence)]
    if not fits or fits[0] == 0:
        return fits[0] if fits else None
    # the question's names the best holds ("Toán"), which the one leading must hold too
    names = question_marks(question)[0] & scored[0][1].sentence.folded
    return next((i for i in fits if names <= scored[i][1].sentence.folded), 0)
