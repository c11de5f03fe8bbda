"""A question read in the wording of its passages: "TPHCM" for "Thành phố Hồ Chí Minh".

Staff write an abbreviation where an article spells it out ("UBND", "BHXH"), or the
other way round, and the everyday word where a rule has its formal one ("bố mẹ mất" for
"cha, mẹ chết"; "tăng ca" for "làm thêm giờ"). Search finds the passage anyway (its
dense half reads meaning), but the answer step matches words: a sentence lacking the
question's "Thành phố Hồ Chí Minh" lacks a name of the question, and the answer was
declined (0.08) where the article says "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân".

`as_passages_say(question, texts)` rewrites each wording of `vocabulary.SAME_MEANING`
the question uses that the passages do not, into the one they use most. A wording the
passages use as the question does stays: "mất" is read "chết" only in passages that
never say "mất".
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from retrieval.language.text import normalize
from retrieval.language.vocabulary import SAME_MEANING

__all__ = ["as_passages_say"]

# Between the words of a wording: spaces, or the marks abbreviations are written with
# ("TP.HCM", "GD&ĐT", "KT-XH"), or nothing ("TPHCM").
_JOINT = r"[\s.,&\-–—]*"
_NOT_JOINT = re.compile(r"[\s.,&\-–—]+")


def _key(text: str) -> str:
    return _NOT_JOINT.sub("", text.lower())


def _pattern(forms: Sequence[str]) -> re.Pattern[str]:
    words = sorted((re.findall(r"\w+", f) for f in forms), key=lambda w: -len("".join(w)))
    alternatives = "|".join(_JOINT.join(map(re.escape, w)) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@functools.cache
def _tables() -> tuple[re.Pattern[str], dict[str, int], list[re.Pattern[str]]]:
    """Every wording in one pattern, each wording's key -> its group, each group's pattern."""
    group_of = {_key(form): g for g, forms in enumerate(SAME_MEANING) for form in forms}
    every = _pattern([form for forms in SAME_MEANING for form in forms])
    return every, group_of, [_pattern(forms) for forms in SAME_MEANING]


def as_passages_say(question: str, texts: Sequence[str]) -> str:
    """`question` with each wording the passages (`texts`) do not use replaced by the
    wording of the same meaning they use most; `question` itself when there is none."""
    every, group_of, groups = _tables()
    text = normalize(question)
    found = list(every.finditer(text))
    if not found:
        return question
    passages = normalize("\n".join(texts))
    out: list[str] = []
    last = 0
    for match in found:
        group = group_of.get(_key(match.group()))
        if group is None:
            continue
        said = Counter(m.group() for m in groups[group].finditer(passages))
        # as the passages write it ("TP.HCM" is read "TPHCM" in an article saying that)
        if not said or match.group().lower() in {t.lower() for t in said}:
            continue
        # the passages' own wording, as they write it most; lowercase in a lowercase
        # question unless it is an abbreviation ("TPHCM")
        wording = said.most_common(1)[0][0]
        if match.group().islower() and not wording.isupper():
            wording = wording.lower()
        out += [text[last : match.start()], wording]
        last = match.end()
    return "".join(out) + text[last:] if out else question
