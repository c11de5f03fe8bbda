"""A question that offers its answers: "Bình Thạnh là quận hay huyện?", "Hội nghị họp
buổi sáng hay buổi chiều?". The answer is the option the sentence says, and only one:
`chosen_option(question, text)` finds it ("quận" in "Bí thư Quận ủy quận Bình Thạnh").
Pure functions.
"""

from __future__ import annotations

import functools
import re

from retrieval.answers.asks import folded_question, lowered
from retrieval.language.text import fold, fold_sentence, fold_word, normalize

__all__ = ["chosen_option", "options"]

_WORDS = re.compile(r"[^\W_]+(?:[./-][^\W_]+)*")
# "… có được học lại hay không?" asks yes or no, not between two things.
_NOT_OPTIONS = frozenset({"khong", "chua", "sao", "gi", "nao", "ai", "dau"})
MAX_OPTION_WORDS = 3


@functools.lru_cache(maxsize=1024)
def options(question: str) -> tuple[str, str] | None:
    """The two options (lowercase, as written) a question ends by choosing between
    ("quận", "huyện"); None when it offers none. The second is what follows its last
    "hay" to the end, the first as many words before it."""
    words = _WORDS.findall(lowered(question))
    folded = [fold_word(w) for w in words]
    if "hay" not in folded[:-1]:
        return None
    at = len(folded) - 1 - folded[::-1].index("hay")
    n = len(folded) - at - 1
    if not 1 <= n <= MAX_OPTION_WORDS or at < n:
        return None
    if _NOT_OPTIONS.intersection(folded[at - n : at] + folded[at + 1 :]):
        return None
    return " ".join(words[at - n : at]), " ".join(words[at + 1 :])


def chosen_option(question: str, text: str) -> tuple[int, int] | None:
    """The span in `text` of the one option it says (as the question spells it, when
    the question has diacritics), the occurrence nearest the question's other words;
    None when it says neither or both."""
    offered = options(question)
    if offered is None:
        return None
    folded = fold_sentence(text)
    if len(folded) != len(text):
        return None  # spans would not line up (rare)
    accented = folded_question(question) != lowered(question)
    found = []
    for option in offered:
        pattern = rf"(?<!\w){re.escape(fold(option))}(?!\w)"
        spans = [m.span() for m in re.finditer(pattern, folded)]
        if accented:
            spans = [(a, b) for a, b in spans if normalize(text[a:b]).lower() == option]
        found.append(spans)
    if bool(found[0]) == bool(found[1]):
        return None
    spans = found[0] or found[1]
    others = set(map(fold_word, _WORDS.findall(lowered(question)))) - set(
        fold(" ".join(offered)).split()
    )
    anchors = [m.start() for m in _WORDS.finditer(folded) if m.group() in others]
    if not anchors:
        return spans[0]
    return min(spans, key=lambda s: min(abs(s[0] - a) for a in anchors))
