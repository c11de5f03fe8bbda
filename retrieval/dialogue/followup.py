"""The follow-up rewriter that keeps a conversation's thread.

`rewrite(question, conversation)` turns a follow-up ("Ông ấy còn nói gì nữa?", "Còn năm
2019 thì sao?", "Hội nghị này diễn ra ở đâu?") into a standalone question a dense and a
lexical retriever both handle, using only rules:

1. No history: the question is never changed.
2. References are resolved against the recent turns: a person pronoun ("ông ấy", "bà
   này", "người đó", "họ") becomes the person's name taken from the previous standalone
   question or the previous answer's first sentence; a noun with a demonstrative ("hội
   nghị này", "năm đó", "quận nói trên") becomes the fuller phrase the previous turn used
   ("hội nghị tổng kết … năm 2017", "năm 2018", "quận 8").
3. Ellipsis ("Còn X thì sao?", "Thế còn X?", "X thì sao?"): X replaces the matching slot
   of the previous standalone question (the year, the district, the person, any "head +
   value" such as "khóa XII"), or is added to it.
4. A question with nothing of its own ("Còn gì nữa?", "Tại sao vậy?", "Trong đó có bao
   nhiêu nữ?") or a reference that could not be resolved gets the previous topic in
   front: "Về nhiệm vụ trọng tâm năm 2018, còn gì nữa?".

Whatever the rules do, callers should also boost `preferred_article_ids(conversation)`
for a rewritten question: the article cited last is the likeliest home of the answer.

`retrieval.dialogue.condense.rewrite_with_llm` lets an LLM condense the question instead,
falling back to these rules.

This module applies the rules in order and handles questions with nothing of their own
(4); references (2) are `retrieval.dialogue.references`, ellipsis (3) is
`retrieval.dialogue.ellipsis`, what they read of the history is
`retrieval.dialogue.turns.RecentTurns`, and the words they know are in
`retrieval.language.vocabulary`.

Per question, a caller does::

    standalone, rewritten = rewrite(question, conversation)
    boost = preferred_article_ids(conversation) if rewritten else ()
    result = answer(...)  # an Answer with .question = question, .standalone = standalone
    conversation.add(result)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from retrieval.dialogue.ellipsis import is_ellipsis, resolve_ellipsis
from retrieval.dialogue.references import Edit, reference_edits, refers_to_a_person
from retrieval.dialogue.relative_year import resolve_relative_year
from retrieval.dialogue.turns import RecentTurns, Thread
from retrieval.language.entities import Tok, cap, decap, in_, is_foreign, tokens
from retrieval.language.text import fold, normalize
from retrieval.language.vocabulary import CONTENTLESS, FOLD_AMBIGUOUS, MORE_WORDS

__all__ = ["looks_like_follow_up", "needs_history", "preferred_article_ids", "rewrite"]

# A question this short with a single content word is elliptical ("Vì sao giảm?").
_SHORT_QUESTION_WORDS = 4


# --- the rewriter ----------------------------------------------------------------------


def preferred_article_ids(conversation: Thread) -> tuple[str, ...]:
    """Articles to boost when searching a follow-up: those cited by the most recent turn
    that cited any, in citation order."""
    for turn in reversed(conversation.turns):
        if turn.article_ids:
            return turn.article_ids
    return ()


def rewrite(question: str, conversation: Thread) -> tuple[str, bool]:
    """Return (standalone question, was_rewritten); a question that is not a follow-up
    (or any question asked with no history) comes back unchanged."""
    if not conversation.turns:
        return question, False
    text = normalize(question)
    standalone, _ = _rewrite_rules(text, RecentTurns(conversation.turns))
    if standalone is None or standalone == text:
        return question, False
    return standalone, True


def needs_history(question: str) -> bool:
    """Whether the question means nothing without one before it: an ellipsis ("Năm 2019
    thì sao?", "Còn quận 8?"), a person named only by reference ("Ông ấy còn nói gì
    nữa?"), or no content word at all ("Còn gì nữa?", "Tại sao?"). One content word is
    enough here: "thuế là gì?" asked first is a question."""
    text = normalize(question)
    folded = _is_unaccented(text)
    toks = tokens(text, folded)
    return (
        is_ellipsis(toks, folded)
        # typed without diacritics, often lowercase: no telling a name from a word
        or (not folded and refers_to_a_person(toks, folded))
        or (_contentless(toks) and not _content(toks))
    )


def asks_for_more(question: str) -> bool:
    """Whether a follow-up asks for more than the last answer said: "Ông ấy còn nói gì
    nữa?", "Còn nhiệm vụ nào khác?", "Còn gì thêm không?" ("nữa" alone, or "khác" /
    "thêm" with "còn")."""
    text = normalize(question)
    folded = _is_unaccented(text)
    toks = tokens(text, folded)
    keys = {t.key for t in toks}
    more, other, extra, still = (fold(w) if folded else w for w in MORE_WORDS)
    # "Còn năm trước nữa?": a time further back ("tháng sau nữa": further on), no more of
    # the last answer, unless "nữa" is said again ("năm trước nữa còn gì nữa?").
    said = sum(t.key == more for t in toks)
    if said and said <= len(_FURTHER_TIME.findall(fold(text.lower()))):
        keys.discard(more)
    return more in keys or (still in keys and (other in keys or extra in keys))


_FURTHER_TIME = re.compile(r"\b(?:nam|thang|quy|tuan|ky) (?:truoc|sau) nua\b")


def looks_like_follow_up(question: str, conversation: Thread) -> bool:
    """Whether the question carries a follow-up signal (a pronoun, a demonstrative, an
    ellipsis, no content of its own) and there is a history it can refer to."""
    if not conversation.turns:
        return False
    _, signal = _rewrite_rules(normalize(question), RecentTurns(conversation.turns))
    return signal


# --- the rules -------------------------------------------------------------------------


def _rewrite_rules(text: str, history: RecentTurns) -> tuple[str | None, bool]:
    """(standalone question or None when nothing changes, follow-up signal seen)."""
    if not text:
        return None, False
    # "Năm trước đó thì sao?": the year before the one the last question named.
    counted = resolve_relative_year(text, normalize(history.last.standalone))
    folded = _is_unaccented(text)
    text, counted_signal = counted, counted != text
    toks = tokens(text, folded)
    edits, unresolved, signal = reference_edits(toks, history, folded)
    edited = _apply(text, edits)
    elided = resolve_ellipsis(tokens(edited, folded), history, folded)
    if elided is not None:
        return elided, True
    if not signal and _contentless(toks):
        signal = unresolved = True
    if unresolved:
        edited = _with_context(edited, history)
    if counted_signal:
        return edited, True
    return (edited if edited != text else None), signal


def _apply(text: str, edits: Sequence[Edit]) -> str:
    out, done = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[done : edit.start], edit.text]
        done = edit.end
    out.append(text[done:])
    result = "".join(out)
    return cap(result) if text[:1].isupper() else result


def _with_context(question: str, history: RecentTurns) -> str:
    """ "Về <previous topic>, <question>", unless the question already holds the topic."""
    topic = history.topic()
    if not topic or fold(topic) in fold(question):
        return question
    return f"Về {topic}, {decap(question)}"


def _contentless(toks: Sequence[Tok]) -> bool:
    """Whether a question has (almost) nothing of its own: only question words and
    particles ("Còn gì nữa?"), or one more common word in a short question ("Vì sao
    giảm?", "Ai thắng?"), which cannot be searched without the previous topic."""
    words = [t for t in toks if t.is_word or t.is_number]
    content = _content(toks)
    if not words or len(content) > 1:
        return False
    # The one word must be a common lowercase word: "NASUWT là gì?" names its subject.
    return not content or (
        len(words) <= _SHORT_QUESTION_WORDS
        and content[0].text.islower()
        and not is_foreign(content[0])
    )


def _content(toks: Sequence[Tok]) -> list[Tok]:
    """The question's words that are neither question words nor particles."""
    return [
        t
        for t in toks
        if (t.is_word or t.is_number)
        and not (in_(t, CONTENTLESS, False) or t.key in _folded(CONTENTLESS))
    ]


@cache
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words) - FOLD_AMBIGUOUS


def _is_unaccented(text: str) -> bool:
    lowered = text.lower()
    return any(c.isalpha() for c in lowered) and fold(text) == lowered
