"""What a question asks for: a person, a number, a time, a place, a reason, a legal
reference, a name, a definition, a manner, yes or no, what a named provision says
("Điều 24 quy định gì?": "topic"), or nothing said ("").

`asks(question)` reads the question's asking phrases (`ASKED_FORMS` in
`retrieval.language.vocabulary`), on accent-folded text so that "bao nhieu" asks a number
as "bao nhiêu" does. The answer's evidence (`evidence.py`) checks whether a sentence holds
that kind of phrase, and the phrase that answers (`span.py`) is looked for by it.
A count per period ("nghỉ phép năm bao nhiêu ngày", "mỗi ngày mấy tiếng") asks a number,
not a year or a day; a question ending in "không" or "chưa" after "có", "được", "đã",
"phải", "cần", "nên" or "bị" asks yes or no ("Ông nội mất được nghỉ không?").
"""

from __future__ import annotations

import functools
import re

from retrieval.language.text import fold, fold_words, normalize
from retrieval.language.vocabulary import (
    ABSTRACT_HEADS,
    ASKED_FORMS,
    LETTERS_OR_DIGITS,
    PARTICLES,
    PHRASE_ENDS,
    REFERENCE_HEADS,
    SENTENCE_WORD,
    TOPIC_ASKING_VERBS,
    YES_NO_ENDINGS,
)
from retrieval.search.terms import has_diacritics

__all__ = [
    "KINDS",
    "asked_head",
    "asks",
    "asks_abstract",
    "asks_list",
    "asks_which",
    "counted_words",
    "topic_asking",
]

KINDS = (
    "person",
    "number",
    "time",
    "place",
    "reason",
    "reference",
    "name",
    "definition",
    "manner",
    "yesno",
    "topic",
)

_FORMS = tuple((kind, tuple(f" {p} " for p in phrases)) for kind, phrases in ASKED_FORMS)
# A question typed without accents is matched folded; an accented one as written, since
# folding confuses "mấy" with "máy" (machine) and "ai" with "ái".
_FOLDED_FORMS = tuple(
    (kind, tuple(f" {fold(p)} " for p in phrases)) for kind, phrases in ASKED_FORMS
)
# "Điều 24 quy định gì?": a provision named by its number, what it says asked.
_TOPIC = re.compile(
    r"\b(?:"
    + "|".join(sorted({fold(w) for w in REFERENCE_HEADS}))
    + r") \d+\b.*\b(?:"
    + "|".join(fold(v) for v in TOPIC_ASKING_VERBS)
    + r")\b.*\b(?:gi|nao)\b"
)


_TOPIC_VERB = re.compile(r"\b(?:" + "|".join(fold(v) for v in TOPIC_ASKING_VERBS) + r")\b.*")


@functools.lru_cache(maxsize=1024)
def lowered(question: str) -> str:
    """`normalize(question).lower()`, made once per question: the answer step reads it in
    several places (here, gap.py, features.py; ~10 us each). Without the particles that
    end a question as typed in a chat ("… được bao nhiêu rồi?", "… là gì vậy nhỉ?"): they
    change its tone, not what it asks, and a word read after "bao nhiêu" would be taken
    for the noun or unit asked."""
    text = normalize(question).lower()
    plain = not has_diacritics(text)
    return (_PLAIN_PARTICLES_AT_END if plain else _PARTICLES_AT_END).sub("", text)


_ENDING_PARTICLES = sorted(PARTICLES | {"rồi"}, key=len, reverse=True)
_PARTICLES_AT_END = re.compile(rf"(?:\s+(?:{'|'.join(_ENDING_PARTICLES)}))+(?=[\s?.!]*$)")
_PLAIN_PARTICLES_AT_END = re.compile(
    rf"(?:\s+(?:{'|'.join(sorted({fold(p) for p in _ENDING_PARTICLES}, key=len, reverse=True))}))+"
    r"(?=[\s?.!]*$)"
)


@functools.lru_cache(maxsize=1024)
def folded_question(question: str) -> str:
    """`fold(normalize(question).lower())`, made once per question (~20 us)."""
    return fold(lowered(question))


def topic_asking(question: str) -> frozenset[str]:
    """The folded syllables of how a "topic" question asks ("quy dinh ve van de gi" in
    "dieu 60 quy dinh ve van de gi"): from its first asking verb to its end. What is left
    besides the provision's name says which document it means ("… của Quy chế đào tạo")."""
    folded = " ".join(LETTERS_OR_DIGITS.findall(folded_question(question)))
    m = _TOPIC_VERB.search(folded)
    return frozenset(m.group(0).split()) if m else frozenset()


@functools.lru_cache(maxsize=4096)
def asks(question: str) -> str:
    """The kind of answer `question` asks for, or "" when it does not say."""
    text = lowered(question)
    folded = folded_question(question)
    forms = _FOLDED_FORMS if folded == text else _FORMS
    padded = f" {' '.join(LETTERS_OR_DIGITS.findall(text))} "
    if _TOPIC.search(" ".join(LETTERS_OR_DIGITS.findall(folded))):
        return "topic"
    if _COUNT_PER_PERIOD.search(f" {' '.join(LETTERS_OR_DIGITS.findall(folded))} "):
        return "number"  # "nghỉ phép năm bao nhiêu ngày": a count per year, not a year
    for kind, phrases in forms:
        if any(p in padded for p in phrases):
            if kind == "name" and _PERSON_NAMED.match(" ".join(LETTERS_OR_DIGITS.findall(folded))):
                return "person"  # "Giám đốc Trung tâm … tên là gì?" asks who holds it
            return kind
    words = LETTERS_OR_DIGITS.findall(folded)
    tail = " ".join(words[-2:])
    if not _YES_NO_MARKS.isdisjoint(words[:-1]) and any(tail.endswith(e) for e in YES_NO_ENDINGS):
        return "yesno"
    return ""


# A question asking the name ("tên gì", "tên là gì") of a person it opens with: an office
# ("Giám đốc Trung tâm … tên là gì?", "Kế toán - thủ quỹ Ban quản lý chợ tên gì?") or
# someone ("Kẻ giả danh công an … tên là gì?"), folded. Its answer is a person's name, not
# another office ("Chủ tịch UBND xã") the sentence about the office names.
_PERSON_NAMED = re.compile(
    r"(?:(?:cho (?:minh|em|toi) hoi|xin hoi) )?(?:pho )?"
    r"(?:giam doc|tong giam doc|chu tich|bi thu|hieu truong|truong (?:phong|ban|doan|khoa"
    r"|tram|thon|ap|cong an)|chanh (?:van phong|thanh tra|an)|ke toan|thu quy|thu ky"
    r"|chu nhiem|vien truong|cuc truong|giang vien|giao vien|bac si|tai xe|ke|nguoi"
    r"|doi tuong|nghi pham|bi cao|nan nhan|benh nhan|ngu dan|cong nhan|nhan vien|can bo"
    r"|hoc sinh|sinh vien|thu khoa|chu (?:ho|xe|nha|can ho|quan|tiem)|em|be|ong|ba|anh|chi)"
    r" .*(?<!\w)ten(?: la)? gi(?!\w)"
)
# A count per period ("năm bao nhiêu ngày", "mỗi tháng mấy giờ", "một ngày mấy tiếng"),
# folded: the time word before the asking word is the period, the unit after it what is
# counted; not a date asked ("ngày mấy tháng mấy"), nor a time ("Tháng mấy triển khai …").
_COUNT_PER_PERIOD = re.compile(
    r" (?:nam|thang|ngay|tuan|quy) (?:bao nhieu|may)"
    r" (?:ngay|gio|tieng|phut|lan|buoi|nguoi|tin chi|ca|dot|km|dong|trieu|ty) "
    r"(?!.*\b(?:bao nhieu|may)\b)"
)
# What opens the predicate of a yes/no question before its "không" or "chưa": "… có được
# nghỉ không?", "… được nghỉ không?", "… đã nộp chưa?", "… phải đăng ký không?", folded.
_YES_NO_MARKS = frozenset({"co", "duoc", "da", "phai", "can", "nen", "bi"})


# "bao nhiêu đảng viên", "mấy tập thể": the counted noun follows; "tỉnh nào", "năm nào":
# the noun comes before. An answer names it beside its number or name.
_WHICH = re.compile(r"\b([a-z]+)\s+nao\b")
# Not a noun the answer repeats: verbs and function words; and before "nào", time units,
# which a date ("sáng 8/2") answers without naming ("ngày nào").
_NOT_HEADS = frozenset(
    {"la", "co", "thi", "duoc", "cua", "va", "nguoi", "cai", "dieu", "viec", "khi", "luc",
     "noi", "cho",
     "the"}  # "thế nào" asks how ("mức phạt thế nào"), no noun
)  # fmt: skip
_TIME_UNITS = frozenset({"nam", "ngay", "thang", "gio", "tuan", "quy", "diem", "ky", "ki"})
# The counted noun ends where a preposition, verb of being or conjunction starts: "bao
# nhiêu người trên chuyến bay" counts people, not "trên"; "chiếm bao nhiêu để …" names
# no noun at all. Matched as written when the question has diacritics (folded, "đảng"
# would end at "đang").
_HEAD_ENDS = PHRASE_ENDS | frozenset({"về", "so", "mỗi", "một", "nữa", "thêm", "hơn"})
# The parties of a case open with "bị", which otherwise ends the noun ("bao nhiêu người bị
# thương"): "bao nhiêu bị cáo", "bao nhiêu người bị hại" count them.
_PARTIES = frozenset({"bị cáo", "bị can", "bị hại", "bị đơn"})
# Typed without them, "dang" is far likelier "đảng" than "đang".
_FOLDED_HEAD_ENDS = frozenset(fold(w) for w in _HEAD_ENDS) - {"dang"}
# Counted "nouns" a number answers with a symbol ("bao nhiêu phần trăm": "32,9%") or its
# currency ("mấy tiền": "800.000 đồng", "bao nhiêu vốn": "850 tỷ đồng"): the number's own
# phrase (span.py) carries them.
_SYMBOL_HEADS = frozenset({("phan", "tram"), ("tien",), ("von",), ("kinh", "phi")})


@functools.lru_cache(maxsize=4096)
def asked_head(question: str) -> frozenset[str]:
    """The folded syllables of the noun a question counts or picks ("đảng viên" in "bao
    nhiêu đảng viên", "tỉnh" in "tỉnh nào"); empty when it names none."""
    return _counted(question)[0]


def counted_words(question: str) -> frozenset[str]:
    """All the folded syllables after "bao nhiêu" or "mấy" that `asked_head` read, the
    function words it left out too: the "điều" of "bao nhiêu điều dưỡng" is no other
    thing the question asks of the count (the "điều trị" of a sentence does not answer it)."""
    return _counted(question)[1]


@functools.lru_cache(maxsize=4096)
def _counted(question: str) -> tuple[frozenset[str], frozenset[str]]:
    words = LETTERS_OR_DIGITS.findall(lowered(question))
    folded_words = fold_words(words)
    folded = " ".join(folded_words)
    accented = folded_words != words
    for i, word in enumerate(folded_words):
        after = i + 2 if word == "bao" and folded_words[i + 1 : i + 2] == ["nhieu"] else None
        if after is None and word == "may" and (not accented or words[i] == "mấy"):
            after = i + 1
        if after is None:
            continue
        head: list[str] = []
        read: list[str] = []
        end = after + 2
        for k in range(after, len(words)):
            written, plain = words[k], folded_words[k]
            if k >= end:
                break
            party = " ".join(words[k : k + 2]) in _PARTIES
            if party:
                end = k + 2  # "bao nhiêu người bị hại": the party is counted, whole
            elif (written in _HEAD_ENDS) if accented else (plain in _FOLDED_HEAD_ENDS):
                break
            elif written == "1":
                break  # "bao nhiêu 1 khối": per one, as "một" is
            read.append(plain)
            if plain not in _NOT_HEADS:
                head.append(plain)
        if tuple(head) in _SYMBOL_HEADS:
            return frozenset(), frozenset(read)
        return frozenset(head), frozenset(read)
    m = _WHICH.search(folded)
    if m and m.group(1) not in _NOT_HEADS | _TIME_UNITS:
        return frozenset({m.group(1)}), frozenset({m.group(1)})
    return frozenset(), frozenset()


# "gồm những gì", "những trường hợp nào", "các hình thức nào", "những ai": a plural
# marker a few words before the question word, or "gồm" / "bao gồm" before it.
_LIST_ASKED = re.compile(r"\b(?:(?:nhung|cac)(?: [a-z]+){0,3}|gom(?: [a-z]+){0,4}) (?:gi|nao|ai)\b")


@functools.lru_cache(maxsize=1024)
def asks_list(question: str) -> bool:
    """Whether `question` asks for several things, a list ("Hồ sơ gồm những giấy tờ gì?",
    "Những trường hợp nào …?"), not one ("Trường hợp nào …?")."""
    return bool(_LIST_ASKED.search(" ".join(LETTERS_OR_DIGITS.findall(folded_question(question)))))


def asks_abstract(question: str) -> bool:
    """Whether the noun before the question's "nào" or "gì" is one of ABSTRACT_HEADS: a
    capitalised phrase is then no likelier the answer (`gap.py`). Dated replay: short F1
    0.931 -> 0.950; xquad_vi unchanged (3 of 1,190 phrases change)."""
    words = SENTENCE_WORD.findall(lowered(question))
    for k, w in enumerate(words):
        if w in ("nào", "gì") and k:
            before = words[max(k - 2, 0) : k]
            return " ".join(before) in ABSTRACT_HEADS or before[-1] in ABSTRACT_HEADS
    return False


def asks_which(question: str) -> bool:
    """Whether the question picks one of several ("nào") or asks who ("ai")."""
    words = folded_question(question).split()
    return any(w.strip("?") in ("nao", "ai") for w in words)
