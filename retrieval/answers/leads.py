"""Which candidate leads, by what the question asks: who did the deed, or why.

- Asked who ("Ai chủ trì …?"): the sentence saying the deed (`deeds.doing`), else the best
  naming someone (`subject.someone_named`).
- Asked why ("Vì sao phường chưa đạt chỉ tiêu về trường chuẩn?"): a report names the
  shortfall in one sentence ("… hai chỉ tiêu chưa đạt là … số trường học đạt chuẩn quốc
  gia.") and gives its reason in the next ("Ông giải thích … do Trường Tiểu học Nguyễn
  Trãi đang được xây dựng lại"). When the best sentence says no reason ("do", "vì",
  "nhờ", "bởi", "để", "nhằm" and what follows) and the next sentence of its passage does,
  that one leads (the best is quoted after it).
- Asked what someone said ("… đề nghị gì?"): likewise the next sentence saying the verb,
  when the best, naming the speaker, does not.
Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.answers.asks import folded_question
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
        return _reason_next(ranked)
    return 0


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
