"""The sentence a pronoun in the best sentence points back to.

"Ai là thủ quân lớn tuổi nhất?" is best matched by "Anh ấy cũng là thủ quân lớn tuổi
nhất …": every word of the question is there, but in the place of the "ai" stands "Anh
ấy", and who that is the sentence before says ("Peyton Manning trở thành …"). The same
with a thing asked by its noun ("Thiết bị nào …?" and "… sử dụng các thiết bị này") or
asked "Điều gì …?" ("Tất cả những điều này tạo tiền đề …"). News reports write so all
the time: "Phát biểu tại hội nghị, ông Nguyễn Văn An … Ông cũng nhấn mạnh …".

`antecedent(question, kind, head, best, sentences)` is the sentence before the best one
in its passage when the best one refers back so; the answer then quotes it first, and
the best sentence after it. It is None when the best sentence names what it is about.

A person named once in full is then called by title and given name: "Theo bà Lê Thị Thu
Lan, … Bà Lan thừa nhận … và cam kết …". Asked who made the promise, the best sentence
says "Bà Lan"; her name is in the nearest of the few sentences before that names a full
name ending in "Lan" (`_full_name_before`), quoted first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from retrieval.answers.sentences import _Sentence
from retrieval.language.entities import _persons
from retrieval.language.text import fold
from retrieval.language.vocabulary import LETTERS_OR_DIGITS

__all__ = ["antecedent", "names_them", "opens_with_pronoun"]

# A short opener before the subject: "Đồng thời, ông …", "Ngoài ra, bà …".
_OPENER = re.compile(r"^[^,\d]{1,25}, ")
# A person referred to by a pronoun alone, as a sentence's subject: "Ông cũng …", "Anh
# ấy …", "Người này …". "Ông Nguyễn …" (a title before a name) is not: the word after the
# pronoun is written in lowercase.
_PERSON = re.compile(
    r"^(?:(?:ông|bà|anh|chị|cô|cậu|họ)(?: (?:ấy|ta))?|người này|vị này|người đó)"
    r"(?= [a-zđà-ỹ]| ?[,.])",
    re.IGNORECASE,
)
# A thing said before, as a subject: "Những điều này …", "Tất cả những điều này …".
_THING = re.compile(
    r"^(?:tất cả )?(?:(?:những|các) )?(?:điều|việc|chuyện) (?:này|đó|trên)\b|^(?:đây|đó) là\b",
    re.IGNORECASE,
)
# A person by title and given name as a sentence's subject: "Bà Lan thừa nhận …", "Đồng
# thời, ông Sơn cho biết …" (a lowercase word after the name: "Ông Nguyễn Văn Sơn" is full).
_TITLED_GIVEN = re.compile(r"^(?:ông|bà|anh|chị|cô) ([A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?= [a-zđà-ỹ])", re.I)
# How many sentences back a full name is looked for: a report names a speaker in full in
# the paragraph it quotes them.
_BACK = 3
_ASKS_THING = re.compile(r"^(?:điều|việc|chuyện|cái) gì\b", re.IGNORECASE)
_DEMONSTRATIVES = frozenset({"này", "đó", "ấy"})
_TITLES = frozenset({"ông", "bà", "anh", "chị", "cô"})


def antecedent(
    question: str, kind: str, head: frozenset[str], best: _Sentence, sentences: Sequence[_Sentence]
) -> _Sentence | None:
    """The sentence before `best` in its passage (`sentences`, its analysed sentences) when
    `best` stands a pronoun where the question's answer would be; else None."""
    if kind == "person":
        full = _full_name_before(question, best, sentences)
        if full is not None:
            return full
    if not _refers_back(question, kind, head, best):
        return None
    before = [s for s in sentences if s.order == best.order - 1]
    if not before or before[0].key == best.key:
        return None
    previous = before[0]
    if kind == "person" and not names_them(previous.text, best.text):
        return None
    return previous


def opens_with_pronoun(text: str) -> bool:
    """Whether a sentence's subject is a pronoun for a person ("Bà cũng đề nghị …",
    "Đồng thời, ông …"), who the sentence before names."""
    return bool(_PERSON.match(_OPENER.sub("", text, count=1)) or _PERSON.match(text))


def names_them(previous: str, best: str) -> bool:
    """Who the pronoun opening `best` means is named in `previous`: a capitalised word past
    its first; and where it titles its names ("ông Nguyễn Văn An"), one titled as the
    pronoun says ("Bà cũng …" is no "ông")."""
    words = LETTERS_OR_DIGITS.findall(previous)
    if not any(w[0].isupper() for w in words[1:]):
        return False
    titled = {
        a.lower() for a, b in itertools.pairwise(words) if a.lower() in _TITLES and b[0].isupper()
    }
    said = LETTERS_OR_DIGITS.findall(_OPENER.sub("", best, count=1))[0].lower()
    return not titled or said not in _TITLES or said in titled


def _full_name_before(
    question: str, best: _Sentence, sentences: Sequence[_Sentence]
) -> _Sentence | None:
    """The nearest of the `_BACK` sentences before `best` naming in full the person its
    subject calls by title and given name; None when `best` names someone else in full
    (maybe the one asked) or none before names them."""
    subject = _OPENER.sub("", best.text, count=1)
    given = _TITLED_GIVEN.match(subject) or _TITLED_GIVEN.match(best.text)
    if given is None:
        return None
    asked = fold(question.lower())
    if any(fold(p.name.lower()) not in asked for p in _persons(best.text)):
        return None
    for previous in sorted(sentences, key=lambda s: -s.order):
        if best.order - _BACK <= previous.order < best.order and any(
            p.name.split()[-1] == given.group(1) and len(p.name.split()) >= 3
            for p in _persons(previous.text)
        ):
            return previous
    return None


def _refers_back(question: str, kind: str, head: frozenset[str], best: _Sentence) -> bool:
    text = best.text
    subject = _OPENER.sub("", text, count=1) if _OPENER.match(text) else text
    if kind == "person":
        # "Sau đó, họ đánh bại … New England Patriots": a name the question lacks is
        # there, maybe the one asked.
        asked = frozenset(LETTERS_OR_DIGITS.findall(fold(question.lower())))
        named = [w for w in LETTERS_OR_DIGITS.findall(text)[1:] if w[0].isupper()]
        if any(fold(w.lower()) not in asked for w in named):
            return False
        return opens_with_pronoun(text)
    if _ASKS_THING.match(question.strip()):
        return bool(_THING.match(subject) or _THING.match(text))
    if kind or not head:
        return False
    # "Thiết bị nào …?": the sentence says "các thiết bị này" where it first names a
    # "thiết bị" (the head noun asked, asks.asked_head: its last syllable, folded); "Giả
    # thuyết của Polignac … giả thuyết đó" names the one it means first.
    words = LETTERS_OR_DIGITS.findall(text.lower())
    for at, word in enumerate(words[:-1]):
        if fold(word) in head:
            return words[at + 1] in _DEMONSTRATIVES
    return False
