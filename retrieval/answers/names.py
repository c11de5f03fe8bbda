"""Names in a sentence: runs of capitalised words (persons, places, bodies) and a
person's full name among the titles before it.

A Vietnamese name is capitalised syllable by syllable, but a body's name goes on with the
lowercase rest of a word its capitals begin ("Bộ Giao thông", "Ban Tổ chức Thành ủy":
`segmentation.is_word`, a dictionary of 25,406 words of two syllables or more), and the
people's bodies of the state keep "nhân dân" and their level ("Ủy ban nhân dân cấp
tỉnh"), as do the names of STATE_BODIES ("Bộ Giao thông vận tải", "Bộ Tài nguyên và
Môi trường"), and a local body's name goes on with its unit ("Phó Bí thư Quận ủy quận 8",
"Chủ tịch UBND phường 5", "Bí thư Quận ủy quận Bình Thạnh"; none in xquad_vi, dated,
legal or regulations). `span.phrases` reads `capitalised_runs` as its "capitalised"
phrases; the answer to "ai" keeps the `full_name` ("Nguyễn Thiện Nhân", not "Bí thư
Thành ủy TPHCM …"), and the `leading_name` of a phrase going on into what the person
did ("Anderson", not "Anderson đã ghi điểm"; xquad_vi: 4 phrases, short F1 0.408 ->
0.409 in the replay).
Replayed on xquad_vi (`bench/tune_answer.py`), the dictionary's words over the former
hand list of five name parts: short EM/F1 0.195/0.386 -> 0.206/0.392; dated F1 0.861 ->
0.868, legal excerpt 0.587 -> 0.590.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from retrieval.language.entities import parse_person
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, fold_sentence, retone
from retrieval.language.vocabulary import (
    HONORIFIC_WORDS,
    PLACE_HEADS,
    STATE_BODIES,
    SURNAMES,
    TITLE_OPENERS,
)

__all__ = ["apposed", "capitalised_runs", "full_name", "leading_name", "no_one"]

# Words of a capitalised run (names of persons, places, bodies): a word starting with a
# capital letter, or digits after one ("Super Bowl 50"), or the lowercase rest of a word
# the run's last syllables begin ("Ban Tổ chức Thành ủy", "Bộ Tư pháp", "Bộ Giao thông":
# segmentation.is_word). A lowercase word that begins a new word ends the name, but for
# the people's bodies of the state, whose names go on in lowercase ("Ủy ban nhân dân cấp
# tỉnh", "Hội đồng nhân dân các cấp", "Tòa án nhân dân"), and the party committee a body
# is of ("Thường trực quận ủy", "Ban Thường vụ tỉnh ủy").
_WORD_SPAN = re.compile(r"[^\W_]+(?:[-–.'’][^\W_]+)*")
# " - " joins two capitalised names into one ("Phòng Tài chính - Kế toán").
_JOINERS = (" ", "-", "–", " - ", " – ")
_BODY_TAIL = re.compile(
    r" nhân dân(?: cấp (?:xã|huyện|tỉnh|trung ương|cơ sở)| các cấp)?(?!\w)"
    r"| (?:quận|huyện|thành|tỉnh|thị|đảng) (?:ủy|uỷ)(?!\w)"
)


# What goes on after a number's first digits when it is a figure: a decimal, a percent.
_FIGURE_GOES_ON = re.compile(r"[,.]\d|\s?%")


def capitalised_runs(text: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = end = -1
    initial = False  # the run ends in an initial ("James O."): ". " joins
    last: tuple[str, ...] = ()  # the run's last two words
    for m in _WORD_SPAN.finditer(text):
        word = m.group()
        gap = text[end : m.start()] if start >= 0 else ""
        joined = start >= 0 and (gap in _JOINERS or (initial and gap == ". "))
        # "Bệnh viện Nhân dân 115 Phạm Minh Hoàng": a surname after a body's number
        # opens the name of its head, not more of the body's
        joined = joined and not (last and last[-1][0].isdigit() and word.lower() in SURNAMES)
        # "xã Lâm Xuyên 3,94%": a figure after the name, not its number ("Super Bowl 50")
        joined = joined and not (word[0].isdigit() and _FIGURE_GOES_ON.match(text, m.end()))
        # "bị cáo Lê Văn Hùng 20 năm tù": a person's name has no number; what follows is
        # counted ("Quận 3", "Super Bowl 50" are no people)
        joined = joined and not (word[0].isdigit() and _is_person(text[start:end]))
        if word[0].isupper() or (joined and (word[0].isdigit() or _completes_word(last, word))):
            if not joined:
                if start >= 0:
                    runs.append((start, end))
                start = m.start()
                last = ()
            end = m.end()
            last = (*last[-1:], word)
            initial = len(word) == 1 and word.isupper()
        elif start >= 0:
            runs.append((start, end))
            start = end = -1
    if start >= 0:
        runs.append((start, end))
    runs = [(a, tail.end() if (tail := _BODY_TAIL.match(text, b)) else b) for a, b in runs]
    runs = _with_local_units(text, runs)
    return _with_known_bodies(text, runs) if runs else runs


@functools.lru_cache(maxsize=4096)
def _is_person(name: str) -> bool:
    return parse_person(name) is not None


# A local body's name goes on with its unit, in lowercase, and the unit's number or name:
# "Phó Bí thư Quận ủy quận 8", "Chủ tịch UBND phường 5", "Công an huyện Củ Chi".
_LOCAL_BODIES = ("ủy", "uỷ", "Ủy", "UBND", "HĐND", "Công an")  # "Quận ủy", "Thành Ủy" …
_UNIT = re.compile(r" (?:quận|huyện|thị xã|thành phố|phường|xã|thị trấn|tỉnh) (\d+\b)?")


def _with_local_units(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs ending in a local body ("Quận ủy") taken on over its unit and the unit's
    number ("quận 8") or the run that is its name ("quận Bình Thạnh")."""
    out: list[tuple[int, int]] = []
    starts = {a: b for a, b in runs}
    for a, b in runs:
        if out and out[-1][1] > a:
            continue  # the name of a unit taken on already
        unit = _UNIT.match(text, b) if text[a:b].endswith(_LOCAL_BODIES) else None
        if unit and unit.group(1):
            b = unit.end()
        elif unit and unit.end() in starts:
            b = starts[unit.end()]
        out.append((a, b))
    return out


_BODY_HEADS = ("Bộ ", "Sở ", "ban ", "BỘ ", "SỞ ", "BAN ")


@functools.cache
def _known_bodies() -> re.Pattern[str]:
    """STATE_BODIES as one pattern over folded text, any dash or spacing between words."""
    names = sorted((fold(name) for name in STATE_BODIES), key=len, reverse=True)
    alternatives = (
        re.escape(name).replace(r"\ \-\ ", r"\s*[-–]\s*").replace(r"\ ", r"\s+") for name in names
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _with_known_bodies(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs, each reaching into a known body's name ("Bộ Giao thông" of "Bộ Giao
    thông vận tải", "Bộ Tài nguyên" of "Bộ Tài nguyên và Môi trường") widened to its
    end; a run beginning inside the name joins it ("… và Xã hội TP.HCM")."""
    if not any(head in text for head in _BODY_HEADS):
        return runs  # most sentences: folding them would cost more than the rest
    folded = fold_sentence(text)
    if len(folded) != len(text):
        return runs  # offsets would not line up (rare)
    bodies = [m.span() for m in _known_bodies().finditer(folded)]
    if not bodies:
        return runs
    widened: list[tuple[int, int]] = []
    for a, b in runs:
        if widened and a < widened[-1][1]:  # begins inside the name before it: joins it
            widened[-1] = widened[-1][0], max(widened[-1][1], b)
            continue
        b = max([b, *(end for start, end in bodies if a <= start < b < end)])
        widened.append((a, b))
    return widened


def _completes_word(last: tuple[str, ...], word: str) -> bool:
    """Whether `word` ends a word of two or three syllables that the `last` words of a
    run begin ("Giao" + "thông")."""
    # Sentences are NFC (ingestion): only the tone's place may differ from the dictionary's.
    # The word's first syllable is capitalised: "Đào tạo" is a word of the name, and "lập"
    # after it is no part of it, though "tạo lập" is a word.
    syllables = [retone(w.lower()) for w in (*last, word)]
    return (last[-1][:1].isupper() and is_word(syllables[-2:])) or (
        len(syllables) == 3 and last[0][:1].isupper() and is_word(syllables)
    )


_CAPITALISED = re.compile(r"[^\W\d_][^\W_]*")


def full_name(text: str, start: int, end: int) -> tuple[int, int]:
    """The Vietnamese full name ending a person's phrase, without the titles before it:
    "Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân" -> "Nguyễn Thiện Nhân" (a surname, then one
    to three capitalised syllables to the phrase's end); the phrase itself otherwise."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in
             _CAPITALISED.finditer(text[start:end])]  # fmt: skip
    for k in range(max(0, len(words) - 4), len(words) - 1):
        first, *rest = words[k:]
        if first[2].lower() not in SURNAMES:
            continue
        one_word_apart = text[first[0] : end].count(" ") == len(rest)
        if one_word_apart and all(w[2][0].isupper() for w in (first, *rest)):
            return first[0], end
    return start, end


# After a name, the words that begin what the person did or where ("Anderson đã ghi
# điểm", "Hungary dưới thời …"): a tense or manner word, or a preposition of time or
# place. Any other lowercase word may go on naming ("Xổ số quốc gia", "Louis-Joseph de
# Montcalm", "Tổng Giám đốc của Denver").
_DEED_STARTS = frozenset(
    {"đã", "sẽ", "đang", "cũng", "vừa", "từng", "thường", "luôn", "vẫn", "còn", "mới",
     "được", "bị", "dưới", "trong", "tại", "ở", "khi", "sau", "trước"}
)  # fmt: skip


def leading_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's phrase that opens with a name and runs on into what the person did
    ("Anderson đã ghi điểm"): the name ("Anderson"); the phrase itself otherwise."""
    for run_start, run_end in capitalised_runs(text[start:end]):
        if run_start != 0:
            break
        rest = text[start + run_end : end].split()
        if len(rest) >= 2 and rest[0] in _DEED_STARTS:
            return start, start + run_end
        break
    return start, end


def apposed_name(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's title that follows their name between commas ("Đồng chí Nguyễn Thiện
    Nhân, Ủy viên Bộ Chính trị, Bí thư Thành ủy phát biểu …"): the name; the phrase
    itself when it holds a name or no name comes before it so."""
    if _holds_full_name(text, start, end):
        return start, end
    reached = start
    for a, b in reversed([run for run in capitalised_runs(text) if run[1] <= start]):
        if text[b:reached].strip() != ",":
            break
        name = full_name(text, a, b)
        if _is_full_name(text, *name):
            return name
        reached = a
    return start, end


def with_titles_after(text: str, start: int, end: int) -> tuple[int, int]:
    """A title followed by more titles between commas ("Ủy viên Bộ Chính trị, Bí thư
    Thành ủy phát biểu …"): all of them; the phrase itself otherwise, or when it is a
    name."""
    if not _TITLE.match(text, start) or _holds_full_name(text, start, end):
        return start, end
    for a, b in capitalised_runs(text):
        if a < end:
            continue
        if text[end:a].strip() != "," or not _TITLE.match(text, a):
            break
        end = b
    return start, end


_TITLE = re.compile(rf"(?i:{'|'.join(TITLE_OPENERS)})(?!\w)")


def _holds_full_name(text: str, start: int, end: int) -> bool:
    """Whether the phrase ends in a Vietnamese full name (`full_name` finds one)."""
    return _is_full_name(text, *full_name(text, start, end))


def _is_full_name(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    return len(words) >= 2 and words[0].lower() in SURNAMES


def apposed(breaks: Sequence[bool], capital: Sequence[bool], syllables: Sequence[str]) -> list[int]:
    """Each word's clause (a new one after each break), a person alone between commas
    ("bà Nguyễn Thanh Xuân", "đồng chí …": an honorific, then capitals) in one clause
    with the title after them: "bà Nguyễn Thanh Xuân, Phó Bí thư Quận ủy quận 8 cho biết
    …" is one clause, as "Phó Bí thư … Nguyễn Thanh Xuân" would be."""
    clause_of, clause, start = [], 0, 0
    for k in range(len(syllables)):
        clause_of.append(clause)
        if k < len(breaks) and breaks[k]:
            h = next(
                (n for n in (2, 1) if " ".join(syllables[start : start + n]) in HONORIFIC_WORDS), 0
            )
            alone = h > 0 and k >= start + h and all(capital[start + h : k + 1])
            if not (alone and k + 1 < len(capital) and capital[k + 1]):
                clause += 1
            start = k + 1
    return clause_of


# The first words of a capitalised run naming a body, a place, a work or an event, not a
# person ("Bảo tàng Sản xuất", "Triển lãm London", "Đại học Harvard"), folded.
_NO_ONE_HEADS = frozenset(
    fold(w)
    for w in (
        *PLACE_HEADS,
        *("bảo", "triển", "đại", "học", "công", "tập", "hội", "ban", "bộ", "sở", "ủy", "viện"),
        *("nhà", "giáo", "đảng", "quân", "đội", "liên", "hiệp", "tổ", "chiến", "trận", "giải"),
        *("cuộc", "luật", "hiến", "đạo", "kinh", "sách", "báo", "tạp", "nghị", "hiệp"),
    )
)


def no_one(phrase: str, words: tuple[str, ...], question_terms: frozenset[str]) -> bool:
    """Whether a capitalised run (its folded `words`) reads as no person's name: a number
    in it ("Super Bowl 50"), an acronym ("ASL"), a body's or place's first word ("Bảo
    tàng …"), or half its words the question's (what it names: "Super Bowls")."""
    if any(w[:1].isdigit() for w in words) or words[0] in _NO_ONE_HEADS:
        return True
    if len(words) == 1 and len(phrase) > 1 and phrase.isupper():
        return True
    return 2 * sum(w in question_terms for w in words) >= len(words)
