"""Follow-ups condensed by an LLM, with the rules as the fallback.

`rewrite_with_llm(question, conversation, condense)` lets `condense` (an LLM, such as
`retrieval.answers.llm.condense_question`) write the standalone question when the rules
of `retrieval.dialogue.followup` see a follow-up signal, and uses those rules whenever the
LLM cannot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from retrieval.dialogue.followup import looks_like_follow_up, rewrite
from retrieval.dialogue.turns import Thread
from retrieval.language.text import normalize
from retrieval.language.vocabulary import REWRITTEN_QUESTION_LABEL

__all__ = ["Condense", "rewrite_with_llm"]

log = logging.getLogger(__name__)

# A user-supplied condenser: (question, [(standalone question, answer), ...] oldest first)
# -> standalone question, or None when it cannot (no LLM, timeout, error).
Condense = Callable[[str, list[tuple[str, str]]], str | None]


def rewrite_with_llm(question: str, conversation: Thread, condense: Condense) -> tuple[str, bool]:
    """Let `condense` (an LLM) write the standalone question; use the rules when it
    returns None, fails, or returns something that is not a question.

    `condense` is only called when the rules see a follow-up signal
    (`looks_like_follow_up`), never on every question with history: a question that is
    not a follow-up must come back unchanged, and small models asked to "condense" an
    independent question often blend the previous topic into it; it also saves an LLM
    round trip on most questions. The cost: an implicit follow-up with no pronoun,
    demonstrative or ellipsis ("Bao nhiêu người tham dự?" after a turn about a
    conference) is searched as asked.
    """
    if not looks_like_follow_up(question, conversation):
        return question, False
    try:
        condensed = condense(question, conversation.history_pairs())
    except Exception:
        # The rewrite is an aid: a broken LLM must not cost the user the answer.
        log.warning("The LLM condenser failed; rewriting with rules", exc_info=True)
        condensed = None
    cleaned = _clean_llm_output(condensed, question)
    if cleaned is None:
        return rewrite(question, conversation)
    if cleaned == normalize(question):
        return question, False
    return cleaned, True


def _clean_llm_output(text: str | None, question: str) -> str | None:
    if text is None:
        return None
    lines = [line.strip() for line in normalize(text).splitlines() if line.strip()]
    if not lines:
        return None
    first = REWRITTEN_QUESTION_LABEL.sub("", lines[0]).strip().strip("\"'“”«»").strip()
    # A rambling reply is an answer or an explanation, not a question to search.
    if not first or len(first) > max(300, 4 * len(question)):
        return None
    return first
