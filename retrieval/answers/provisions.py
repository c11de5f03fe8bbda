"""The provision a question names, in the passages that hold it: "Điều 60 quy định gì?"
is answered from Điều 60, not from Điều 58 that says "… quy định tại Điều 60".

Search already puts the named article's chunks first (`retrieval.search.legal`), but a
sentence of another article that cites it shares the question's words ("Điều", "60") and
can outscore the article itself, whose sentences never repeat its own number. So
`named_scope` keeps, of the retrieved passages, those whose legal path matches the
reference (the Khoản or Điểm when the question names one and a passage holds it, else the
Điều), and within a passage that holds more, the lines of the named Khoản / Điểm
("3. …" up to "4. …"). The answer's sentences come from there, and each of them holds
the reference's words, as its legal path says. `opening` is where the provision starts
(its title after "Điều 24.", or the line "2. …"): what a question asking what a
provision says ("Điều 24 quy định gì?", `asks` kind "topic") is answered with.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from retrieval.answers.sentences import _piece, _Query, _Sentence, _tokens
from retrieval.index.chunks import Hit, legal_parts
from retrieval.language.legalref import LegalRef, legal_reference
from retrieval.language.text import fold, fold_words, normalize, split_sentences
from retrieval.search.legal import EXACT, named_chunks

__all__ = [
    "Scope",
    "citing",
    "document_words",
    "in_scope",
    "named_scope",
    "opening",
    "reference_terms",
]


@dataclass(frozen=True)
class Scope:
    """Where the named provision is in one retrieved passage."""

    start: int  # character span in the passage text
    end: int
    opens: bool  # the provision's first line (its heading, or "2. …") is in the passage
    # The passage's legal path narrowed to the levels found in it ("Điều 30|Khoản 3" for
    # the lines of khoản 3 in a chunk holding all of Điều 30): what the citation says.
    legal: str = ""


# Line starts, on folded text: "Điều 24." / "Điều 24:", "Khoản 2." / "2.", "a)".
_ARTICLE = r"(?m)^[ \t]*dieu[ \t]+{n}[ \t]*[.:]"
_ANY_ARTICLE = re.compile(r"(?m)^[ \t]*dieu[ \t]+\d+[a-z]?[ \t]*[.:]")
_CLAUSE = r"(?m)^[ \t]*(?:khoan[ \t]+)?{n}[ \t]*[.:][ \t]"
_ANY_CLAUSE = re.compile(r"(?m)^[ \t]*(?:khoan[ \t]+)?\d+[ \t]*[.:][ \t]")
_POINT = r"(?m)^[ \t]*(?:diem[ \t]+)?{n}[ \t]*\)"
_ANY_POINT = re.compile(r"(?m)^[ \t]*(?:diem[ \t]+)?[a-z][ \t]*\)")
_LEVELS = {
    "Điều": (_ARTICLE, _ANY_ARTICLE),
    "Khoản": (_CLAUSE, _ANY_CLAUSE),
    "Điểm": (_POINT, _ANY_POINT),
}


def named_scope(question: str, hits: Sequence[Hit]) -> dict[int, Scope]:
    """Hit rank -> the named provision's span in it, for the hits whose legal path
    matches the reference `question` makes (the best-matching tier only); {} when it
    makes none or no hit matches."""
    ref = legal_reference(question)
    if ref is None:
        return {}
    tiers = named_chunks({str(rank): hit.place for rank, hit in enumerate(hits)}, ref)
    if not tiers:
        return {}
    best = max(tiers.values())
    out: dict[int, Scope] = {}
    for key, tier in tiers.items():
        if tier == best:
            rank = int(key)
            # Another Khoản of the named Điều (the one asked was not retrieved): the Điều.
            levels = ref.levels() if tier == EXACT else ref.levels()[:1]
            out[rank] = _span(_fold_chars(hits[rank].text), levels, hits[rank].legal)
    return out


def _fold_chars(text: str) -> str:
    """`text` folded character by character, so that offsets stay those of `text`."""
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=1024)
def _fold_char(char: str) -> str:
    if char.isspace():
        return char  # line starts mark the provisions
    folded = fold(char)
    return folded if len(folded) == 1 else " "  # a lone combining mark, a space


def _span(folded: str, levels: Sequence[tuple[str, str]], legal: str) -> Scope:
    """The span of the innermost of `levels` found in the passage (`folded` by
    `_fold_chars`); the whole passage when the passage holds only that provision."""
    start, end, opens = 0, len(folded), False
    path = {kind: (first, last) for kind, first, last in legal_parts(legal)}
    for kind, number in levels:
        pattern, any_line = _LEVELS[kind]
        found = re.compile(pattern.format(n=re.escape(fold(number)))).search(folded, start, end)
        if found is None:
            continue  # the passage is that provision's part already (its legal path says)
        nxt = any_line.search(folded, found.end(), end)
        # A Khoản ends at the next Khoản line; a Điểm also at a Khoản line.
        if kind == "Điểm":
            clause = _ANY_CLAUSE.search(folded, found.end(), end)
            if clause is not None and (nxt is None or clause.start() < nxt.start()):
                nxt = clause
        start, end, opens = found.start(), nxt.start() if nxt else end, True
        path[kind] = (number, number)
    narrowed = "|".join(
        f"{kind} {first}" if first == last else f"{kind} {first}-{last}"
        for kind, (first, last) in path.items()
    )
    return Scope(start, end, opens, narrowed)


def citing(question: str, texts: Sequence[str]) -> int | None:
    """For a question naming an article that no retrieved passage is (`named_scope` found
    none): the position in `texts` of the first sentence that names it ("… quy định tại
    Điều 12"), None when none does. 0 for a question naming no article. "Điều 12 quy
    định gì?" asked of a law whose excerpt has no Điều 12 is not answered by the law's
    title line, nor "Theo khoản 3 Điều 4, …" by a sentence of Điều 30: the collection
    does not hold the provision asked."""
    ref = legal_reference(question)
    if ref is None:
        return 0
    named = re.compile(rf"(?<!\w)dieu\s+{re.escape(fold(ref.article))}(?!\w)")
    return next((i for i, text in enumerate(texts) if named.search(fold(text))), None)


def reference_terms(question: str) -> frozenset[str]:
    """The folded words naming the provision in `question`: {"dieu", "60", "khoan", "2"}."""
    ref = legal_reference(question)
    if ref is None:
        return frozenset()
    return _terms(ref)


def document_words(hit: Hit) -> frozenset[str]:
    """The folded words of a passage and its title; a document's number also alone:
    "Thông tư 07/2024/TT-BNV" is "thông tư 07" to a question naming it so."""
    words = fold_words(_tokens(normalize(f"{hit.title} {hit.text}").lower()))
    return frozenset(words).union(*(w.split("/") for w in words if "/" in w))


def _terms(ref: LegalRef) -> frozenset[str]:
    return frozenset(t for kind, n in ref.levels() for t in (fold(kind).lower(), fold(n)))


def opening(hit: Hit, scope: Scope, limit: int) -> list[_Sentence]:
    """The first sentences of the provision in `hit` (at most `limit`): its title after
    the heading "Điều 24." (the heading alone is no sentence), or its first line."""
    out: list[_Sentence] = []
    heading = _ANY_ARTICLE.match(_fold_chars(hit.text), scope.start)
    for order, (start, end) in enumerate(split_sentences(hit.text)):
        if len(out) >= limit:
            break
        if end <= scope.start or start >= scope.end:
            continue
        raw = hit.text[max(start, scope.start) : min(end, scope.end)].strip()
        if heading is not None and start < heading.end():
            # "Điều 24." split from its title, or "Điều 24. Title" whole.
            raw = hit.text[max(start, heading.end()) : min(end, scope.end)].strip()
        raw = raw.rstrip(" ;,")
        if not raw:
            continue
        out.append(_piece(raw, order, start))
    return out


def in_scope(
    query: _Query,
    question: str,
    scope: Mapping[int, Scope],
    by_hit: list[tuple[_Sentence, ...]],
) -> list[tuple[_Sentence, ...]]:
    """`by_hit` with only the sentences inside the named provision's span of the
    passages that hold it, each with the question's words naming it ("điều", "60"): its
    legal path says them, the way a dated article says the year. Another article citing
    "Điều 60" is not the answer to what Điều 60 says."""
    terms = reference_terms(question) & query.folded
    exact = frozenset(s for t in terms for s in query.spellings.get(t, ()))
    out: list[tuple[_Sentence, ...]] = []
    for rank, sentences in enumerate(by_hit):
        span = scope.get(rank)
        if span is None:
            out.append(())
            continue
        out.append(
            tuple(
                dataclasses.replace(s, folded=s.folded | terms, exact=s.exact | exact)
                for s in sentences
                if span.start <= s.start < span.end
            )
        )
    return out
