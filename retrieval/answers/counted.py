"""What a number counts: the noun after it, for the phrase shown and for telling a count of
the noun a question asks ("bao nhiêu tập thể") from a count of something else ("6 tập thể"
does not answer "bao nhiêu đảng viên"). Used by the phrase that answers (`span.py`) and the
sentence's features (`features.py`)."""

from __future__ import annotations

import itertools
import re

from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, fold_sentence, retone
from retrieval.language.vocabulary import NUMBER_WORDS

__all__ = ["NUMBERED", "counts", "labelled", "parts_of_wholes", "with_counted_noun"]


def with_counted_noun(text: str, end: int, head: frozenset[str]) -> int:
    """`end` (of a number's phrase in `text`) moved past what the number counts, for a
    question counting a noun (`head`, folded): that noun when it follows ("tối đa 14 tín
    chỉ" for "bao nhiêu tín chỉ", "50 giờ học tập" for "bao nhiêu giờ học", the last
    syllable's word completed), or a noun of two syllables or more right after a number
    without a unit ("77 công nhân" for "bao nhiêu người lao động"; with no `head`,
    "86 công nhân" for "bao nhiêu người", whose "người" counts anyone). For the phrase shown:
    the sentence's features read the number's own phrase."""
    folded = fold_sentence(text)
    if len(folded) != len(text) or text[:end].endswith("%"):
        return end  # a percentage's unit is its sign
    words: list[tuple[str, int]] = []  # the words right after `end`: (normalised, end)
    for m in itertools.islice(_HEAD_WORD.finditer(folded, end), 3):
        if m.start() != (words[-1][1] if words else end):
            break
        words.append((retone(text[m.start(1) : m.end()].lower()), m.end()))
    taken, used = 0, set[str]()
    # "xy-lanh" is one word; each of the noun's syllables once ("hoàng tử", not "hoàng tử từ").
    while taken < len(words) and head.issuperset(syl := fold(words[taken][0]).split("-")):
        if used.issuperset(syl):
            break
        used.update(syl)
        taken += 1
    if taken:
        # The rest of the word the noun's last syllable begins: "giờ học tập", not "giờ
        # học" (segmentation.is_word); none when the noun is a word already ("dân số",
        # not "dân số thành" of "dân số thành phố").
        whole = taken >= 2 and is_word((words[taken - 2][0], words[taken - 1][0]))
        if not whole and taken < len(words) and is_word((words[taken - 1][0], words[taken][0])):
            taken += 1
        elif (
            whole
            and taken < len(words)
            and is_word(tuple(w for w, _ in words[taken - 2 : taken + 1]))
        ):
            taken += 1  # "6.800 vận động viên": a word of three syllables, not "vận động"
        return words[taken - 1][1]
    if _ends_bare(text, end) and len(words) >= 2 and is_word((words[0][0], words[1][0])):
        return words[1][1]
    return end


_HEAD_WORD = re.compile(r"\s(\w+(?:-\w+)*)")


def _ends_bare(text: str, end: int) -> bool:
    """Whether a number's phrase ending at `end` ends in its number, with no unit."""
    before, _, last = text[:end].rpartition(" ")
    last = last.lower()
    # "4,5 năm": a year after digits ("năm" is also five), not a number in words; "5 triệu"
    # is one number
    year = last == "năm" and before[-1:].isdigit()
    return last[-1:].isdigit() or (last in NUMBER_WORDS and not year)


# The words after a number that can still name what it counts: up to a punctuation mark,
# a digit or "và"/"hoặc" ("6 tập thể và 120 đảng viên": "đảng viên" is the 120's).
COUNTED_TAIL = re.compile(r"(?:\s+(?!(?:va|hoac)\b)[^\W\d_]+){1,3}")


# "số" right before a number that the word before it does not make a quantity ("tổng
# số", "con số", "tỷ số", "chỉ số", "hệ số", "điểm số", "trọng số", "dân số", and "trong
# số": among): the number is a label ("tổ may số 12", "Quyết định số 15", "phòng số 3"),
# not how many; nor is an apartment's, a room's or a stall's ("căn hộ 9.07", "phòng 301").
NUMBERED = re.compile(
    r"(?:(?<!\btong )(?<!\bcon )(?<!\bty )(?<!\bchi )(?<!\bhe )(?<!\bdiem )(?<!\btrong )"
    r"(?<!\bdan )\bso|\bcan ho|\bphong|\bki ot|\bkiot|\bblock)\s*$"
)


def counts(head: frozenset[str], folded: str, end: int, words: tuple[str, ...]) -> bool:
    """Whether a number's phrase (its folded `words`, ending at `end`) names the counted
    noun, in its unit or in the three words after it ("77 công nhân kỹ thuật")."""
    tail = COUNTED_TAIL.match(folded, end)
    after = tail.group().split()[:3] if tail else []
    # Folded, the currency "đồng" is the "động" of "lao động": "155 tỷ đồng" counts none.
    said = [w for i, w in enumerate(words) if not (w == "dong" and i and _amount(words[i - 1]))]
    return not head.isdisjoint((*said, *after))


_MAGNITUDES = frozenset({"nghin", "ngan", "trieu", "ty", "ti", "tram", "chuc"})


def _amount(word: str) -> bool:
    """Whether a folded word before "dong" makes it the currency ("155 tỷ đồng")."""
    return word[:1].isdigit() or word in _MAGNITUDES


def labelled(before: str) -> bool:
    """Whether the text `before` a number (as written) ends in the "số" that makes it a
    label (`NUMBERED`): read as written, since folded, the "sở" of "trụ sở 15 km" is it."""
    lowered = before.lower()
    return lowered.rstrip().endswith("số") and NUMBERED.search(fold(lowered)) is not None


# So many of so many, before the noun counted: "41/68 trường", "2.905/2.917 học sinh".
_PART_OF = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})*)/(\d{1,3}(?:\.\d{3})*)(?=\s+[^\W\d_])")


def parts_of_wholes(text: str) -> list[tuple[int, int]]:
    """The spans of "part/whole" counts in `text`: the part no more than the whole, and
    no day and month ("41/68", "2.905/2.917"; not the "9/12" of "ngày 9/12", nor "17/6")."""
    out = []
    for m in _PART_OF.finditer(text):
        part, whole = (int(g.replace(".", "")) for g in m.groups())
        if part <= whole and (part > 31 or whole > 12 or "." in m.group()):
            out.append(m.span())
    return out
