"""Who holds an office now, when an article says who left it and who took it over.

"Tổng giám đốc Thủy điện Sông Lô 2 hiện nay là ai?" is not answered by "Miễn nhiệm chức
danh Tổng Giám đốc đối với ông Lưu Văn Khánh …", which names more of the question, but by
"Bổ nhiệm bà Đặng Thị Ngọc Lan … giữ chức Tổng Giám đốc …" further on: `successor`. A
question asking who held it before ("trước đây", "nhiệm kỳ trước", "cũ") keeps the one
relieved. So is "Ai đang làm trưởng ban quản lý phố đi bộ?" not answered by "UBND TP thành
lập Ban Quản lý Phố đi bộ …", which names the board and no one, but by the next sentence
naming the office of the body asked and who was given it ("Ông Lê Quang Vinh, … được giao
kiêm nhiệm Trưởng ban."). Blind sets: two holders asked now named (dated10 q52, dated17
q27); a foreign name is someone ("Các chủ tịch trước đây là Rajendra K. Pachauri …").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.features import _Ranked
from retrieval.answers.holders import asked_office, names_office_asked, office_pattern
from retrieval.answers.sentences import _Candidate
from retrieval.index.chunks import Hit
from retrieval.language.entities import is_foreign, person_spans, tokens
from retrieval.language.text import rough_fold

__all__ = ["successor"]


def successor(
    question: str,
    kind: str,
    ranked: _Ranked,
    hits: Sequence[Hit],
    every: Callable[[], _Ranked | None],
) -> _Ranked | None:
    """Asked who holds an office (not who held it before), when the best sentence names no
    one, or relieves someone of it ("Miễn nhiệm chức danh Tổng Giám đốc đối với ông Lưu Văn
    Khánh", "… không tiếp tục ứng cử"): the candidates led by the best sentence of its
    article within SUCCESSOR_REACH naming the office and someone, and relieving nobody
    ("Bổ nhiệm bà Đặng Thị Ngọc Lan giữ chức Tổng Giám đốc …"), found among `every`
    candidate (pruning drops one that far below); None otherwise."""
    office = asked_office(question)
    if kind != "person" or not office or _PAST_ASKED.search(rough_fold(question.lower())):
        return None
    best = ranked.scored[0][1]
    # the best, or the point its lead-in announces ("… thay đổi nhân sự Tổng Giám đốc như
    # sau:" / "Miễn nhiệm chức danh Tổng Giám đốc đối với ông …")
    quoted = [best.sentence] + [
        s
        for s in ranked.by_hit[best.rank]
        if best.sentence.lead_in and s.order == best.sentence.order + 1
    ]
    relieves = any(_RELIEVED.search(rough_fold(s.text.lower())) for s in quoted)
    # or names nobody: "Chiều 27/6, Hội đồng trường … trao quyết định công nhận Hiệu trưởng
    # nhà trường" (the one recognised is named in the next sentence)
    if not relieves and any(_names_someone(s.text) for s in quoted):
        return None
    named = office_pattern(office)
    article = hits[best.rank].article_id
    top = ranked.scored[0][0]

    def appoints(score: float, c: _Candidate) -> bool:
        if score < top - SUCCESSOR_REACH or hits[c.rank].article_id != article:
            return False
        if (c.rank, c.sentence.order) == (best.rank, best.sentence.order):
            return False
        if c.sentence.lead_in:  # "… thay đổi nhân sự Tổng Giám đốc như sau:"
            return False
        folded = rough_fold(c.sentence.text.lower())
        return (
            not _RELIEVED.search(folded)
            # the office (of the body asked, when the best named it but no one)
            and (
                named.search(folded) is not None
                if relieves
                else names_office_asked(question, c.sentence.text)
            )
            and bool(person_spans(tokens(c.sentence.text)))  # the one appointed, by name
        )

    full = every() or ranked
    found = next((i for i, (score, c, _) in enumerate(full.scored) if appoints(score, c)), None)
    return full.led_by(found) if found is not None else None


def _names_someone(text: str) -> bool:
    """A Vietnamese name, or a foreign word capitalised, no acronym (a name: "Các chủ tịch
    trước đây là Rajendra K. Pachauri …"; "UBND TP" is none)."""
    toks = tokens(text)
    return bool(person_spans(toks)) or any(
        t.text[:1].isupper() and not t.text.isupper() and is_foreign(t) for t in toks
    )


# How far below a sentence relieving someone of the office one naming it may lead.
SUCCESSOR_REACH = 4.5
# Relieved of an office, folded: dismissed, stepping down, retiring, moved, not standing
# again ("không tham gia ứng cử", "không tái cử").
_RELIEVED = re.compile(
    r"(?<!\w)(?:mien nhiem|thoi giu chuc|thoi lam|thoi dam nhiem|thoi chuc|nghi huu|ve huu"
    r"|khong tiep tuc|chuyen cong tac|dieu dong|tam quyen"
    r"|khong (?:tham gia )?(?:tai )?ung cu|khong tai cu)(?!\w)"
)
# Asked who held it before: "trước đây", "nhiệm kỳ trước", "cũ", "nguyên", "tiền nhiệm".
_PAST_ASKED = re.compile(r"(?<!\w)(?:truoc|cu|nguyen|tien nhiem|thoi|nam ngoai|nam kia)(?!\w)")
