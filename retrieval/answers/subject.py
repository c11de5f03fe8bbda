"""Whether the best sentence speaks of the thing the question names, or of another.

A sentence can share every word of a question and still be about something else (or
the other side of it: "khách trong nước" for "khách nước ngoài", `contrasts.py`):
"Chủ tịch UBND quận 5 Nguyễn Văn Hòa đề nghị …" for "Chủ tịch UBND quận 3 đề nghị gì?"
(another thing of the same name and number: `evidence.contradicts`), "bà Nguyễn Thanh
Xuân, Phó Bí thư Quận ủy quận 8 …" for "Ai là Bí thư Quận ủy quận 8?" (the deputy, not
the office: `deputies.by_deputy`), "a) Viện trưởng: 500.000 đồng/tháng" for "Trưởng phòng
được khoán bao nhiêu?" (a point of a list about another case: `cases.py`). `on_subject`
finds the best candidate about the thing asked; with none, the articles do not say, and
`extractive.extract` declines.

Asked who holds an office ("Ai là Hiệu trưởng của trường?", "Giám đốc Sở Y tế là ai?"),
a sentence naming the office and nobody in it ("… trình Hiệu trưởng xem xét") does not
answer either: its capitalised words are bodies ("Phòng Đào tạo"), not the holder's
name (`names_no_holder`).

Asked who was honoured or chosen ("Ai được tôn vinh …?", "… vinh danh ai?"), a body is no
answer either ("Công ty Cổ phần Dệt may Phú An tổ chức lễ tôn vinh …"): who did it, not
who it was done to. Asked a theme or a slogan ("… mang chủ đề gì?"), a sentence naming
none (`labelling`) tells something else of the event.

Asked the value of a thing ("Học phí mỗi tín chỉ là bao nhiêu?", "Mức phạt khi vượt đèn
đỏ là bao nhiêu?"), a sentence that never names the thing ("học phí", "phạt") gives the
value of something else ("tối thiểu là 14 tín chỉ"): `measuring` finds the best
candidate naming it, and with none the answer is declined. The thing is the first word
of what the question asks the value of (a dictionary word, `segmentation.is_word`), past
words that only say it is measured ("mức", "số", "tỷ lệ"). On xquad_vi, whose questions
are translated, this reads 25 questions and costs one answer that paraphrased the thing
("Dân số da trắng …" answered by "Nhóm dân tộc … người da trắng …").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from datetime import date

from retrieval.answers.asks import folded_question
from retrieval.answers.cases import excepts_asked, other_case, out_of_range
from retrieval.answers.contrasts import other_side, same_side
from retrieval.answers.deputies import by_deputy, plain_titles, titles_at
from retrieval.answers.evidence import RANKS_AFTER, contradicts, identifiers, named_pairs
from retrieval.answers.features import FEATURES, _Ranked, _short
from retrieval.answers.offices import by_office, holder_of
from retrieval.answers.sentences import ITEM, TABLE_ROW, _Candidate, _Query, _Sentence
from retrieval.answers.types import ShortAnswer
from retrieval.answers.within_reach import first_within
from retrieval.index.chunks import Hit
from retrieval.language.entities import _persons
from retrieval.language.segmentation import is_word
from retrieval.language.text import fold, normalize
from retrieval.language.timeexpr import without_time
from retrieval.language.vocabulary import (
    CHOOSING_VERBS,
    HONORIFIC_WORDS,
    LETTERS_OR_DIGITS,
    LIST_FRAME_NOUNS,
    LIST_MARK,
    PHRASE_ENDS,
    ROLE_WORDS,
    SENTENCE_WORD,
)

__all__ = [
    "about_asked",
    "asks_for_someone",
    "given_name",
    "list_asked_of",
    "lists_other_thing",
    "lists_others",
    "measured",
    "names_no_holder",
    "names_thing",
    "naming_listed",
    "on_subject",
    "someone_else",
    "someone_named",
]

# "X là bao nhiêu?", "X bằng bao nhiêu?", X opening the question ("Làm thêm giờ … được
# trả bao nhiêu?" asks what is paid, not the value of "làm thêm").
_VALUE_ASKED = re.compile(r"^(.+?) (?:là|bằng|ở mức) (?:bao nhiêu|mấy)$")
# Words saying only that the thing is measured, passed over: "Mức phạt" is about "phạt".
_MEASURE_WORDS = frozenset(
    {"mức", "số", "tổng", "con", "giá", "trị", "lượng", "khoảng", "mỗi", "một", "các",
     "những", "tổng số", "số lượng", "giá trị", "con số", "tỷ lệ", "tỉ lệ", "phần trăm",
     "quy mô", "mức độ", "bao",
     # a target or the latest figure of a thing is its value: "Chỉ tiêu kim ngạch xuất
     # khẩu năm 2024", "Số liệu mới nhất về kim ngạch xuất khẩu" ask of "kim ngạch"
     "chỉ tiêu", "mục tiêu", "số liệu", "mới", "nhất", "mới nhất", "về",
     # and its growth: "Mục tiêu tăng trưởng GRDP năm 2025" asks of "GRDP"
     "tăng trưởng", "tốc độ", "tốc độ tăng", "mức tăng",
     # now, which the dates read: "Hiện nay mực nước sông … là bao nhiêu?" asks of "mực nước"
     "hiện nay", "hiện tại", "hiện giờ", "bây giờ", "hiện", "lúc này", "hôm nay"}
)  # fmt: skip
# A question opening with these does not open with the thing measured ("Khi đi công tác
# nước ngoài được phụ cấp bao nhiêu?").
_NOT_THINGS = PHRASE_ENDS | HONORIFIC_WORDS | frozenset({"ai", "người", "nếu", "muốn", "để"})

_NAME_MISSING = FEATURES.index("name_missing")
_NUMBER_MISSING = FEATURES.index("number_missing")


# How far below the first candidate about the thing asked one that `prefer` accepts may
# score and still lead: next to it, not a sentence further down that merely counts.
_PREFER_GAP = 0.5


def on_subject(
    question: str,
    query: _Query,
    scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]],
    prefer: Callable[[tuple[float, _Candidate, tuple[float, ...]]], bool] | None = None,
    articles: Sequence[str] = (),
) -> int | None:
    """The position in `scored` (best first) of the best candidate about what the question
    names: 0 when the best is; None when none is. When the best is not, the best of those
    about it that `prefer` accepts, if any: asked how many per cent the secretary won, the
    one electing him "với 98,6% số phiếu", not the one only naming him."""
    named = identifiers(question)
    folded = folded_question(question)

    titles_asked = plain_titles(folded) & query.folded
    # Asked who holds an office, a sentence without the office names someone else: "tổng
    # giám đốc Lê Văn Khánh" for "Ai là chủ tịch hội đồng quản trị Phú An?".
    office = titles_asked if asks_holder(folded) else frozenset()

    given = given_name(question)
    people = _asked_people(question)
    words = frozenset(LETTERS_OR_DIGITS.findall(folded))
    # "Ai đoạt giải Nhất?" is not answered by "… tác giả nhỏ tuổi nhất từng đoạt giải cao":
    # a sentence about a prize asked by its rank names that rank.
    prizes = frozenset(p for p in named if p[0] in RANKS_AFTER)

    def elsewhere(sentence: _Sentence) -> bool:
        return (
            contradicts(named, sentence.key, sentence.text)
            or other_case(
                named, words, sentence.text, sentence.key, bool(query.folded - sentence.folded)
            )
            or out_of_range(question, sentence.text)
            or by_deputy(query, folded, sentence)
            or not _says_office(query, office, sentence)
            or (bool(given) and someone_else(given, sentence.text))
            or other_side(question, sentence.text)
            or _other_person(people, sentence.text)
            or not prizes <= named_pairs(sentence.key)
            or excepts_asked(question, sentence.text)  # "(trừ đường cao tốc)"
        )

    best = scored[0][1].sentence
    if not elsewhere(best):
        return 0
    # A sentence that merely names neither (no number, no title) does not stand in for
    # the best: the one that replaces it names the thing asked.
    pairs = named if contradicts(named, best.key, best.text) else prizes
    titles = (
        titles_asked
        if by_deputy(query, folded, best) or not _says_office(query, office, best)
        else frozenset()
    )
    sided = other_side(question, best.text)

    def names_it(candidate: _Candidate, features: tuple[float, ...]) -> bool:
        sentence = candidate.sentence
        if pairs and not pairs <= named_pairs(sentence.key):
            return False
        if sided and not same_side(question, sentence.text):
            return False
        # the office itself, of the body the question names ("quận 8", not "Bình Thạnh");
        # in the best sentence's article (`articles`, by rank), its names may stand in
        # another sentence, of another passage too
        return not titles or (
            _says_office(query, titles, sentence)
            and features[_NUMBER_MISSING] == 0
            and (features[_NAME_MISSING] == 0 or same_article(candidate.rank))
        )

    def same_article(rank: int) -> bool:
        best = scored[0][1].rank
        return rank == best or (bool(articles) and articles[rank] == articles[best])

    about = (
        i
        for i, (_, candidate, features) in enumerate(scored)
        if not elsewhere(candidate.sentence) and names_it(candidate, features)
    )
    first = next(about, None)
    if first is None or prefer is None or prefer(scored[first]):
        return first
    near = scored[first][0] - _PREFER_GAP
    return next((i for i in about if scored[i][0] >= near and prefer(scored[i])), first)


def _says_office(query: _Query, office: frozenset[str], sentence: _Sentence) -> bool:
    """Whether `sentence` holds the `office` words (folded) the question asks, as the
    question spells them when it has diacritics: "Trường Đại học …" (a school) folds as
    "Trưởng phòng …" does, and names no head of anything."""
    if not office <= sentence.folded:
        return False
    return not query.accented or all(
        not query.spellings.get(t) or not query.spellings[t].isdisjoint(sentence.exact)
        for t in office
    )


@functools.lru_cache(maxsize=1024)
def _asked_people(question: str) -> tuple[tuple[str, ...], ...]:
    """The persons a question names, as folded name words: "bà Thu Hà" ("thu", "ha"),
    "ông Cang" ("cang",), "Nguyễn Thị Thu Hà"."""
    # Called so ("bà", "ông") or by three words and more: "Châu Âu", "Công giáo La Mã"
    # read as names of two words are no persons.
    people = {
        tuple(fold(p.name.lower()).split())
        for p in _persons(question)
        if p.honorific or len(p.name.split()) >= 3
    }
    given = given_name(question)
    return tuple(people | ({(given,)} if given else set()))


@functools.lru_cache(maxsize=4096)
def _named_people(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(p.name.lower()).split()) for p in _persons(text))


def _other_person(people: tuple[tuple[str, ...], ...], text: str) -> bool:
    """Whether a sentence names persons, none of them one the question names (by the
    same last words: "Thu Hà" is "Nguyễn Thị Thu Hà"): "bà Nguyễn Thanh Xuân … cho
    biết …" does not say what "bà Thu Hà" shared."""
    if not people:
        return False
    named = _named_people(text)
    return bool(named) and not any(
        n[-len(a) :] == a or a[-len(n) :] == n for a in people for n in named
    )


def about_asked(
    question: str,
    ranked: _Ranked,
    every: Callable[[], _Ranked | None],
    prefer: Callable[[tuple[float, _Candidate, tuple[float, ...]]], bool] | None = None,
    articles: Sequence[str] = (),
) -> tuple[_Ranked, bool]:
    """`ranked` led by its best candidate about what the question names (`on_subject`,
    with its `prefer`), and whether there is one. The candidates that could not come
    near the best were not scored (`features._ranked`'s pruning): the one about the thing
    asked may be among them ("Ngài X, chủ tịch …" two sentences on), so with none,
    `every` candidate is scored and read again."""
    on = on_subject(question, ranked.query, ranked.scored, prefer, articles)
    if on is None:
        unpruned = every()
        on = (
            on_subject(question, ranked.query, unpruned.scored, prefer, articles)
            if unpruned
            else None
        )
        ranked = unpruned if unpruned is not None and on else ranked
    if on is None:
        return ranked, False
    return (ranked.led_by(on) if on else ranked), True


# "X gồm những gì?", "X bao gồm những giấy tờ nào?": what X is made of.
_LIST_OF = re.compile(r"^(.+?) (?:bao gồm|gồm) (?:có )?(?:những |các )?(?:\w+ ){0,2}(?:gì|nào)$")


@functools.lru_cache(maxsize=1024)
def list_asked_of(question: str) -> frozenset[str]:
    """The dictionary words (folded, "thanh toan") of the thing whose parts a question
    asks ("hồ sơ thanh toán công tác phí" of "Hồ sơ thanh toán công tác phí gồm những
    giấy tờ gì?"); empty when it asks no list of a thing it opens with."""
    asked = _LIST_OF.match(normalize(question).lower().rstrip(" ?.!"))
    if asked is None:
        return frozenset()
    words = SENTENCE_WORD.findall(asked.group(1))
    return frozenset(
        f"{fold(a)} {fold(b)}" for a, b in itertools.pairwise(words) if is_word((a, b))
    )


def lists_other_thing(question: str, hit_text: str) -> bool:
    """Whether a passage never names a word of the thing whose parts the question asks:
    "Hồ sơ đề nghị nghỉ học tạm thời gồm có: …" does not list the papers of "hồ sơ thanh
    toán công tác phí" (it was answered at 0.27)."""
    words = list_asked_of(question)
    if not words:
        return False
    said = f" {' '.join(SENTENCE_WORD.findall(fold(normalize(hit_text).lower())))} "
    return any(f" {word} " not in said for word in words)


def lists_others(
    question: str, query: _Query, lead_in: _Sentence, points: Sequence[_Sentence]
) -> bool:
    """Whether the points of a lead-in's list (`lists.points_after`) all name other
    values of what the question names by a number or code: "b) Hạng A2 …", "c) Hạng A3
    …" for "Giấy phép lái xe hạng A1 cấp cho ai?" (the lead-in "… gồm các hạng sau đây:"
    names no value, and would stand for the list), or are all about other cases
    (`cases.other_case`, `cases.out_of_range`)."""
    named = identifiers(question)
    words = frozenset(LETTERS_OR_DIGITS.findall(folded_question(question)))
    return bool(points) and all(
        contradicts(named, p.key, p.text)
        or other_case(named, words, p.text, p.key, bool(query.folded - lead_in.folded - p.folded))
        or out_of_range(question, p.text)
        for p in points
    )


def asks_holder(folded_question: str) -> bool:
    """Whether the question asks who holds an office: "ai là" before a title ("Ai là Bí
    thư Thành ủy?") or "là ai" after a question opening with one ("Giám đốc Sở Y tế là
    ai?")."""
    words = SENTENCE_WORD.findall(folded_question)
    if words[:2] == ["ai", "la"]:
        return titles_at(words, 2)
    # "Giám đốc Trung tâm … tên (là) gì?" asks the same (asks.asks reads it as "person")
    named = words[-2:] == ["ten", "gi"] or words[-3:] == ["ten", "la", "gi"]
    return (words[-2:] == ["la", "ai"] or named) and titles_at(words, 0)


def names_no_holder(question: str, kind: str, short: ShortAnswer | None, text: str) -> bool:
    """Whether, asked who holds an office or who was given something ("Ai được tôn vinh
    …?", "… vinh danh ai?"), the answer's phrase is no one's name: none, or a body or a
    title ("Phòng Đào tạo", "Công ty Cổ phần …", "Ban giám đốc"), but a title its
    sentence (`text`) says holds the office asked. Who did something may be a body ("Ai
    tổ chức lễ …?")."""
    if kind != "person" or not asks_for_someone(question):
        return False
    # As written: "Cộng hòa" is no "công"
    if short is None:
        return True
    said = SENTENCE_WORD.findall(normalize(short.text))
    first = [w.lower() for w in said[:1]]
    # "Trưởng phòng Công tác sinh viên" holds "Ủy viên thường trực" by office when the
    # sentence says so (offices.py): not "Chánh Văn phòng …, Chủ tịch UBND các xã … chịu
    # trách nhiệm thi hành" for "Ai là Chánh Văn phòng …?"
    if first and first[0] in ROLE_WORDS:
        return not (by_office(question, short.text) and holder_of(question, text) is not None)
    # a name has capitals past its first word ("Thiếu tướng James Abercrombie", "Tập đoàn
    # Thiết kế Troika"): "Kế hoạch", "Phản ánh, kiến nghị" are things, capitalised as a
    # first word or a document's name is
    return not first or (len(said) > 1 and not any(w[:1].isupper() for w in said[1:]))


def asks_for_someone(question: str) -> bool:
    """Whether the question asks who holds an office or who was given something: its
    answer is a person's name, whoever did it (`names_no_holder`)."""
    folded = folded_question(question)
    return asks_holder(folded) or _asks_who_was_given(folded)


def someone_named(question: str, ranked: _Ranked, hits: Sequence[Hit]) -> int:
    """Asked who was given something or holds an office, the position of the best of the
    first candidates whose phrase is someone's name; 0 when the best's is (or none
    is)."""
    if not asks_for_someone(question):
        return 0
    folded = folded_question(question)
    for i, (_, c, _) in enumerate(ranked.scored[:_SOMEONE_REACH]):
        if by_deputy(ranked.query, folded, c.sentence):
            continue  # "Phạm Quốc Hưng, Phó Chủ tịch UBND huyện" does not hold "Chủ tịch"
        short = _short(question, ranked.query, "person", ranked.marks[2], c, hits[c.rank])
        if short is None or names_no_holder(question, "person", short, c.sentence.text):
            continue
        if _unhonoured(short.text)[:1].isupper():  # a name: "58 công nhân" is no best worker
            return i
    return 0


def _unhonoured(phrase: str) -> str:
    """A person's phrase without its honorific: "bà Hoàng Thị Thu Vân" is a name too."""
    for honorific in HONORIFIC_WORDS:
        if phrase.startswith(f"{honorific} "):
            return phrase[len(honorific) + 1 :]
    return phrase


_SOMEONE_REACH = 6


def naming_listed(
    question: str, scored: Sequence[tuple[float, _Candidate, tuple[float, ...]]], reach: float
) -> int:
    """Asked a list of a noun ("Quận 3 gặp những khó khăn gì?", "… đạt những kết quả
    nào?"), the position of the best candidate within `reach` of the best's score that
    names it, when the best does not ("Chiều 20/12, UBND quận 3 tổ chức hội nghị …"
    shares the question's other words); 0 otherwise."""
    noun = _listed_noun(question)
    if not noun or noun in f" {scored[0][1].sentence.key} ":
        return 0
    return first_within(scored, reach, lambda c: noun in f" {c.sentence.key} ") or 0


@functools.lru_cache(maxsize=1024)
def _listed_noun(question: str) -> str:
    """The noun a question asks a list of, folded and padded (" kho khan "): one or two
    syllables between "những"/"các" and "gì"/"nào" that make a dictionary word."""
    m = _LISTED_NOUN.search(normalize(question).lower())
    if m is None or (" " in m.group(1) and not is_word(m.group(1).split())):
        return ""
    if m.group(1) in LIST_FRAME_NOUNS or m.group(1).split()[0] in LIST_FRAME_NOUNS:
        return ""  # "những trường hợp nào": the cases are not called so
    return f" {fold(m.group(1))} "


_LISTED_NOUN = re.compile(r"(?<!\w)(?:những|các) ([^\W\d_]+(?: [^\W\d_]+)?) (?:gì|nào)(?!\w)")


def _asks_who_was_given(folded_question: str) -> bool:
    """ "Ai được …?", "… vinh danh ai?": who was honoured, chosen, appointed. Not "Ai là
    người …?" ("Quốc hội Scotland" may be the one who cannot)."""
    words = SENTENCE_WORD.findall(folded_question)
    return (
        any(a == "ai" and b == "duoc" for a, b in itertools.pairwise(words))
        or _CHOSEN.search(" ".join(words)) is not None
    )


_CHOSEN = re.compile(rf"\b(?:{'|'.join(fold(verb) for verb in CHOOSING_VERBS)}) ai\b")


@functools.lru_cache(maxsize=1024)
def measured(question: str) -> str:
    """The folded word of the thing whose value the question asks ("hoc phi" of "Học
    phí mỗi tín chỉ là bao nhiêu?"); "" when it asks no value of a thing it opens with."""
    # Its time is no thing: "Hai năm trước doanh thu … là bao nhiêu?" asks of "doanh thu"
    # (`today` only places the time, which is dropped).
    untimed = without_time(question, date(2000, 1, 1))
    asked = _VALUE_ASKED.match(normalize(untimed).lower().rstrip(" ?.!"))
    if asked is None:
        return ""
    words = SENTENCE_WORD.findall(asked.group(1).rpartition(" thì ")[2])  # case thì thing
    k = 0
    while k < len(words):
        size = next((n for n in (3, 2) if is_word(words[k : k + n])), 1)
        word = " ".join(words[k : k + size])
        if word not in _MEASURE_WORDS:
            return "" if k == 0 and word in _NOT_THINGS else fold(word)
        k += size
    return ""


def names_thing(thing: frozenset[str], sentence: _Sentence) -> bool:
    """Whether `sentence` names the `thing` measured (`measured`, its folded words), itself
    or as a point its lead-in lends them to."""
    if not thing <= sentence.folded:
        return False
    # a bullet is trimmed off the text ("- Sông Trà Khúc tại trạm Trà Khúc: 5,42m" under
    # "Mực nước … tại các trạm như sau:"), not off the sentence as written
    listed = ITEM.match(sentence.raw) or _LISTED.match(sentence.text)
    return thing <= sentence.own or listed is not None


# A point or a numbered clause of a list, whose lead-in lends it its words; a table's row.
_LISTED = re.compile(rf"{LIST_MARK}\s|.*{TABLE_ROW.pattern}")


@functools.lru_cache(maxsize=1024)
def given_name(question: str) -> str:
    """The given name a question calls someone by: an honorific and one capitalised word
    ("Bà Xuân làm gì?": "xuan", folded); "" when it names nobody so."""
    words = SENTENCE_WORD.findall(normalize(question))
    for k in range(len(words) - 1):
        honorific, given = words[k].lower(), words[k + 1]
        after = words[k + 2] if k + 2 < len(words) else ""
        # "bà Nguyễn Thanh Xuân": a full name, which the question's other words match;
        # "rạch Bà Bộ", "chợ Bà Chiểu": an honorific capitalised inside the question
        # begins a place's name
        if k and words[k][:1].isupper():
            continue
        if honorific in HONORIFIC_WORDS and given.istitle() and not after[:1].isupper():
            return fold(given.lower())
    return ""


@functools.lru_cache(maxsize=4096)
def someone_else(given: str, text: str) -> bool:
    """Whether a sentence names a person with `given` (folded) inside their name, not as
    its last word, and nobody whose name ends with it: "ông Ma Xuân Việt" is not the
    "bà Xuân" of "bà Nguyễn Thanh Xuân" (a Vietnamese is called by the name's last
    word)."""
    names = [fold(person.name.lower()).split() for person in _persons(text)]
    if any(name[-1] == given for name in names):
        return False
    return any(given in name[:-1] for name in names)
