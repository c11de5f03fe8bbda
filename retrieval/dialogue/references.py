"""References in a follow-up, resolved against the recent turns.

A person pronoun ("ông ấy", "bà này", "người đó", "họ") becomes the person's name taken
from an earlier standalone question or answer; a noun with a demonstrative ("hội nghị
này", "năm đó", "quận nói trên") becomes the fuller phrase an earlier turn used ("hội
nghị tổng kết … năm 2017", "năm 2018", "quận 8"). A pronoun bound inside the question
itself ("Nếu …, điều đó …", "Toyota cho biết họ …") is left alone.

`reference_edits` returns the edits, whether a reference stayed unresolved and whether
any was seen; the rewriter (`retrieval.dialogue.followup`) applies them. The words these
rules know are in `retrieval.language.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.dialogue.turns import RecentTurns
from retrieval.language.entities import (
    Tok,
    cap,
    in_,
    is_foreign,
    join,
    person_spans,
    phrase_at,
    value_end,
)
from retrieval.language.text import fold
from retrieval.language.vocabulary import (
    AFTER_BARE_TREN,
    BARE_PRONOUN_COMPOUNDS,
    BARE_PRONOUNS,
    BEFORE_PREPOSITION_TREN,
    CLAUSE_NOUNS,
    CONNECTIVE_HEADS,
    COORDINATORS,
    DEICTIC_TIMES,
    DEMONSTRATIVES,
    EDGE_FUNCTION_WORDS,
    HO_NOT_PRONOUN_NEXT,
    HO_NOT_PRONOUN_PREV,
    HONORIFIC_ONLY_DEMONSTRATIVES,
    HONORIFIC_WORDS,
    HONORIFICS,
    PERSON_NOUNS,
    PHRASE_ENDS,
    PLURAL_MARKERS,
    REWRITE_QUESTION_WORDS,
    ROLE_WORDS,
    SLOT_HEADS,
    SUBORDINATORS,
    THING_PRONOUNS,
)

__all__ = ["Edit", "reference_edits", "refers_to_a_person"]

# Words copied at most when a reference is expanded from an earlier sentence (the phrase
# also ends at punctuation and at PHRASE_ENDS).
_MAX_EXPANSION = 16


@dataclass(frozen=True)
class Edit:
    """A span of the question and the text that replaces it."""

    start: int  # character span in the question
    end: int
    text: str


def reference_edits(
    toks: Sequence[Tok], history: RecentTurns, folded: bool
) -> tuple[list[Edit], bool, bool]:
    """Edits resolving the references in a question; whether a reference stays
    unresolved; whether any reference was seen."""
    edits: list[Edit] = []
    unresolved = signal = False
    i = 0
    while i < len(toks):
        step, edit, ok, seen = _reference_at(toks, i, history, folded)
        if seen:
            signal = True
            if edit is not None:
                edits.append(edit)
            elif not ok:
                unresolved = True
        i += max(step, 1)
    return edits, unresolved, signal


def _reference_at(
    toks: Sequence[Tok], i: int, history: RecentTurns, folded: bool
) -> tuple[int, Edit | None, bool, bool]:
    """(tokens consumed, edit or None, resolved, reference seen) at token i."""
    person = _person_reference_at(toks, i, folded)
    if person is not None:
        length, honorific = person
        if _bound_in_question(toks, i, plural=False):
            return length, None, True, False
        return (length, *_person_edit(toks, i, length, honorific, history), True)
    if toks[i].key == "họ" and _is_they(toks, i):
        if _bound_in_question(toks, i, plural=True):
            return 1, None, True, False
        group = history.group()
        if not group:
            return 1, None, False, True
        names = [p.display for p in group[:3]]
        text = ", ".join(names[:-1]) + " và " + names[-1]
        return 1, Edit(toks[i].start, toks[i].end, cap(text) if i == 0 else text), True, True
    dem = _demonstrative_at(toks, i, folded)
    if dem:
        return (dem, *_demonstrative_reference(toks, i, dem, history, folded))
    if in_(toks[i], THING_PRONOUNS, folded) and i == 0:
        return 1, None, False, True  # "Nó diễn ra khi nào?", "Đó là ai?"
    return 1, None, True, False


def _demonstrative_reference(
    toks: Sequence[Tok], i: int, dem: int, history: RecentTurns, folded: bool
) -> tuple[Edit | None, bool, bool]:
    """(edit, resolved, reference seen) for a demonstrative at token i."""
    if _after_subordinate_clause(toks, i):
        return None, True, False  # "Nếu …, tập hợp này …": bound inside the question
    if i == 0 or not toks[i - 1].is_word:
        return None, False, True  # "Đó là ai?"
    before = toks[i - 1]
    if in_(before, CONNECTIVE_HEADS, folded):
        # Opening a question, "Trong đó …" / "Sau đó …" continues the conversation;
        # inside one ("mô hình mà từ đó …") it links the question's own clauses.
        return None, i - 1 != 0, i - 1 == 0
    if before.key in DEICTIC_TIMES and toks[i].key == "này":
        return None, True, False  # "mùa này", "tháng này": now, not something said
    if before.key in CLAUSE_NOUNS and i >= 2 and toks[i - 2].key in COORDINATORS:
        return None, True, False  # "… bị phạt và điều đó …": the clause just before
    edit = _expand_reference(toks, i, dem, history, folded)
    return edit, edit is not None, True


def _bound_in_question(toks: Sequence[Tok], i: int, plural: bool) -> bool:
    """Whether a pronoun at token i most likely refers to something named earlier in the
    same question ("Toyota cho biết họ sẽ …", "Manning … khi anh ấy …")."""
    if _after_subordinate_clause(toks, i):
        return True
    before = toks[:i]
    if any(end <= i for _, end, _ in person_spans(before)):
        return True
    for j, tok in enumerate(before):
        if tok.is_word and not tok.is_caps and is_foreign(tok):
            return True  # foreign words in Vietnamese text are names: "Nixon", "Toyota"
        if plural and tok.key in PLURAL_MARKERS:
            return True
        if (
            tok.is_title
            and j + 1 < i
            and before[j + 1].is_title
            and tok.key not in ROLE_WORDS
            and tok.key not in HONORIFICS
        ):
            return True  # a capitalised run: "Doctor Who", "Setanta Sports"
    return False


def _after_subordinate_clause(toks: Sequence[Tok], i: int) -> bool:
    """Whether token i follows a comma closing an opening subordinate clause ("Nếu …,",
    "Khi …,"), whose subject the pronoun then refers to."""
    n = phrase_at(toks, 0, SUBORDINATORS, False)
    if not n or (n < len(toks) and toks[n].key in REWRITE_QUESTION_WORDS):
        return False  # "Khi nào …" asks, it does not subordinate
    return any(t.text == "," for t in toks[n:i])


def refers_to_a_person(toks: Sequence[Tok], folded: bool) -> bool:
    """Whether the question names a person only by an honorific and a pronoun ("ông ấy",
    "bà ta"), and no name it could mean ("Manning … khi anh ấy …" can): someone a question
    before it named."""
    inside: set[int] = set()  # the positions of the references found
    for i in range(len(toks)):
        found = _person_reference_at(toks, i, folded)
        if found is not None and found[1]:
            inside.update(range(i, i + found[0]))
    # A capitalised word elsewhere may be the name meant, the first one too ("Năm" is a
    # missed catch, which costs less than a question declined).
    return bool(inside) and not any(t.is_title for k, t in enumerate(toks) if k not in inside)


def _person_reference_at(toks: Sequence[Tok], i: int, folded: bool) -> tuple[int, str] | None:
    """(tokens, honorific as typed or "") of a person reference at token i: "ông ấy",
    "đồng chí này", "người đó", "bà ta", or a bare "Ông"/"Bà" opening the question."""
    if i > 0 and toks[i - 1].key in PLURAL_MARKERS:
        return None  # "những người này": a group, not one person
    n = phrase_at(toks, i, HONORIFIC_WORDS, folded)
    person_noun = 0 if n else phrase_at(toks, i, PERSON_NOUNS, folded)
    head = n or person_noun
    if not head:
        return None
    dem = _demonstrative_at(toks, i + head, folded)
    if not dem and n:
        dem = phrase_at(toks, i + head, HONORIFIC_ONLY_DEMONSTRATIVES, folded)
    if dem:
        honorific = " ".join(t.text for t in toks[i : i + n])
        return head + dem, honorific
    nxt = toks[i + n] if i + n < len(toks) else None
    if (
        i == 0
        and n == 1
        and toks[0].key in BARE_PRONOUNS
        and nxt is not None
        and nxt.is_word
        and not nxt.is_title
        and nxt.key not in BARE_PRONOUN_COMPOUNDS
    ):
        return 1, toks[0].text
    return None


def _person_edit(
    toks: Sequence[Tok], i: int, length: int, honorific: str, history: RecentTurns
) -> tuple[Edit | None, bool]:
    gender = HONORIFICS.get(honorific.lower()) if honorific else None
    person = history.person(gender)
    if person is None:
        return None, False
    text = f"{honorific} {person.name}" if honorific else person.display
    if i == 0:
        text = cap(text)
    return Edit(toks[i].start, toks[i + length - 1].end, text), True


def _is_they(toks: Sequence[Tok], i: int) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prev = toks[i - 1] if i > 0 else None
    if nxt is not None and (nxt.key in HO_NOT_PRONOUN_NEXT or nxt.is_title):
        return False
    return not (prev is not None and prev.key in HO_NOT_PRONOUN_PREV)


def _demonstrative_at(toks: Sequence[Tok], i: int, folded: bool) -> int:
    n = phrase_at(toks, i, DEMONSTRATIVES, folded)
    if n:
        return n
    # A bare "trên" refers back only at the end or before a verb / question word.
    if (
        i < len(toks)
        and toks[i].key == "trên"
        and i > 0
        and toks[i - 1].is_word
        and toks[i - 1].key not in BEFORE_PREPOSITION_TREN
    ):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None or not (nxt.is_word or nxt.is_number) or nxt.key in AFTER_BARE_TREN:
            return 1
    return 0


def _expand_reference(
    toks: Sequence[Tok], i: int, dem: int, history: RecentTurns, folded: bool
) -> Edit | None:
    """Resolve "<noun> này" from earlier text: the noun with what followed it there
    ("hội nghị này" -> "hội nghị tổng kết … năm 2017", "năm đó" -> "năm 2018"), or the
    bare noun when it was named without more; None when it was never named."""
    sources = history.sources()
    found_bare: int | None = None
    for k in (3, 2, 1):
        if k > i:
            continue
        noun = toks[i - k : i]
        if not all(t.is_word for t in noun) or any(t.key in PHRASE_ENDS for t in noun):
            continue
        slot = " ".join(t.key for t in noun) in SLOT_HEADS
        # One syllable is too short to trust ("nghị" of "hội nghị" is also in "nghị
        # quyết") unless it is a slot head or the whole noun phrase of the question.
        if k == 1 and not slot and i >= 2 and toks[i - 2].is_word:
            continue
        for src in sources:
            for j in _occurrences(src, noun, folded):
                more = _expansion(src, j + k, slot)
                if more:
                    text = join([*noun, *more])
                    return Edit(noun[0].start, toks[i + dem - 1].end, text)
                if k >= 2 or slot:
                    found_bare = found_bare if found_bare is not None else k
    if found_bare is not None:
        noun = toks[i - found_bare : i]
        return Edit(noun[0].start, toks[i + dem - 1].end, join(noun))
    return None


def _occurrences(src: Sequence[Tok], noun: Sequence[Tok], folded: bool) -> list[int]:
    """Where `noun` occurs in `src`; without accents when the question had none."""
    keys = [t.key for t in noun]
    k = len(keys)

    def key(t: Tok) -> str:
        return fold(t.key) if folded else t.key

    return [j for j in range(len(src) - k + 1) if [key(t) for t in src[j : j + k]] == keys]


def _expansion(src: Sequence[Tok], j: int, slot: bool) -> list[Tok]:
    if slot:
        return list(src[j : value_end(src, j, relative=True)])
    out: list[Tok] = []
    while j < len(src) and len(out) < _MAX_EXPANSION:
        tok = src[j]
        if not (tok.is_word or tok.is_number) or tok.key in PHRASE_ENDS:
            break
        if tok.key in REWRITE_QUESTION_WORDS:
            return []  # "báo cáo về nội dung gì": that phrase is what was asked
        out.append(tok)
        j += 1
    while out and out[-1].key in EDGE_FUNCTION_WORDS:
        out.pop()
    return out
