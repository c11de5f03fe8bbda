"""The question and the retrieved passages, analysed for the extractive answer.

`_query(question)` keeps the question's content syllables (question and function words
dropped: "là gì", "ai", "bao nhiêu", "của", "được", ...), folded, with their spellings,
numbers and two-syllable phrases. `_analysed(passage)` splits a passage into sentences
and tokenises each once for every question that retrieves it (cached). `_weights` weighs
the question's terms by their inverse frequency over one answer's candidate sentences,
numbers double; an accented question matches accent-folded text at half weight (`tâm`
is not `tám`), a question typed without diacritics matches folded text fully.
A time question's unit ("vào ngày nào") is no content term: "Sáng 8/2" answers it, nor
is how a purpose is asked ("nhằm mục đích gì", "Mục đích của … là gì?": "để đào tạo"
answers it; such a question was declined for lacking "mục đích"); a
sentence saying an event is held ("tổ chức", "khai mạc") holds "diễn ra" and "xảy ra".
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from retrieval.answers.asks import lowered
from retrieval.answers.passage_lines import BULLET as _BULLET
from retrieval.answers.passage_lines import TERMINAL as _TERMINAL
from retrieval.answers.passage_lines import is_fragment as _is_fragment
from retrieval.answers.passage_lines import is_heading as _is_heading
from retrieval.answers.passage_lines import listed_line as _listed_line
from retrieval.language.text import (
    PLAIN_LETTERS,
    fold,
    fold_word,
    fold_words,
    is_plain,
    normalize,
    split_sentences,
)
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    ASKED_KINDS,
    HAPPENING_PHRASES,
    HAPPENING_SYLLABLES,
    LEAD_IN_ENDINGS,
    LIST_MARK,
    NUMBER_SEPARATOR,
    NUMBER_WORDS,
    SYLLABLE_OR_NUMBER,
    TABLE_ROW,
    TIME_ASKERS,
    TIME_PREPOSITIONS,
    TIME_UNITS,
    TIME_WORDS,
)

# The words themselves (stop syllables, what a question asks for, number and time words,
# lead-in endings) are in `retrieval.language.vocabulary`.
_STOP_FOLDED = frozenset(fold(word) for word in ANSWER_STOP_SYLLABLES)
_NEGATIONS = frozenset({"không", "khong"})
_ASKS_FOLDED = tuple((kind, tuple(fold(p) for p in phrases)) for kind, phrases in ASKED_KINDS)

# "Ngoài X, …": besides X (not "Ngoài ra, …": moreover).
_ASIDE = re.compile(r"^Ngoài (?!ra\b)([^,.;:]{3,80}), ", re.IGNORECASE)
# "(VOH) - " / "(PLO) – " at the start of an article: a dateline, not part of the answer.
_DATELINE = re.compile(r"^\([^()\n]{1,40}\)\s*[-–—]\s*")
# A point or clause of a list ("a) Đăng ký xe;", "đ) …", "2. Tại nơi …;", "- Một là …;"):
# a whole unit of a regulation or a plan, whatever it ends with; a point's letter stays
# lowercase ("điểm a").
ITEM = re.compile(rf"^(?:{LIST_MARK}|[-–•+])\s")
# A lettered point's mark ("c) "), what the point's own words follow. A bullet is trimmed
# off a sentence's text (`_trim`), and "2. " opens a clause, a provision of its own.
POINT_MARK = re.compile(r"[a-zđ]\)\s+")
_PREFIX_STARTS = "(-–—•*+·"  # the first characters of a dateline or a bullet

# Two capitalised words in a row, not the first, in plain text (`_has_name`).
_PLAIN_CAPITALS = f"A-Z{PLAIN_LETTERS.upper()}"
_PLAIN_NAME = re.compile(f" [{_PLAIN_CAPITALS}][^ ]* [{_PLAIN_CAPITALS}]")
# The plain letters that `fold` changes once lowercase: all but ASCII.
_ACCENTED = re.compile(f"[{''.join(c for c in PLAIN_LETTERS if not c.isascii())}]")
# `SYLLABLE_OR_NUMBER` on plain lowercase text, without Unicode category lookups: a third
# faster.
_PLAIN_TOKEN = re.compile(f"[0-9]+(?:[.,/:-][0-9]+)*|[a-z{PLAIN_LETTERS}]+")
_LONGEST_LEAD_IN_ENDING = max(map(len, LEAD_IN_ENDINGS))
_HAPPENING_KEYS = tuple(f" {fold(p)} " for p in HAPPENING_PHRASES)
_HAPPENING_FOLDED = tuple(fold(s) for s in HAPPENING_SYLLABLES)
_TIME_ASKED = re.compile(
    rf"(?:(?:{'|'.join(map(fold, TIME_PREPOSITIONS))}) )?"
    rf"(?:{'|'.join(map(fold, TIME_UNITS))}) (?:{'|'.join(map(fold, TIME_ASKERS))})(?= |$)"
)

# How a question asks a purpose ("nhằm mục đích gì", "Mục đích của … là gì?", "nhằm làm
# gì"): the sentence answering it says "để …" or "nhằm …", seldom "mục đích"; and which of
# several editions it asks ("Hội nghị … gần nhất diễn ra khi nào?", "lần gần đây nhất"):
# the newest, which search puts first (search/timing.py), and which does not say "gần nhất";
# and "nói gì": a report says "cho biết", "đề nghị", "nhấn mạnh" (saying.py), seldom "nói".
_ASKING_WORDS = re.compile(
    r"(?:^|(?<= ))(?:(?:nham|voi|vi) )?muc dich(?= (?:gi|nao|cua|la)(?: |$))"
    r"|(?:^|(?<= ))nham(?= (?:lam )?gi(?: |$))"
    r"|(?:^|(?<= ))(?:lan )?gan (?:day )?(?=nhat(?: |$))"
    r"|(?:^|(?<= ))noi(?= (?:nhung |dieu )?gi(?: |$))"
    # "Ông Cang giữ chức vụ gì?": the sentence apposes the title, never says "chức vụ"
    r"|(?:^|(?<= ))(?:(?:giu|dam nhiem|dam nhan) )?(?:chuc vu|chuc danh|cuong vi)"
    r"(?= (?:gi|nao|cua|la)(?: |$))"
    r"|(?:^|(?<= ))giu chuc(?= gi(?: |$))"
)

NUMBER_WEIGHT = 2.0  # a number in the question counts double
FOLDED_ONLY_CREDIT = 0.5  # accented question, sentence matches only without accents
MIN_SENTENCE_TOKENS = 4


@dataclass(frozen=True)
class _Query:
    folded: frozenset[str]  # content tokens, normalised lowercase, folded
    spellings: dict[str, frozenset[str]]  # folded token -> the question's tokens for it
    numbers: frozenset[str]  # folded tokens that are numbers
    phrases: frozenset[tuple[str, str]]  # adjacent content syllables, folded
    # each phrase, with how it reads in a `_Sentence.key` padded with spaces
    phrase_keys: tuple[tuple[tuple[str, str], str], ...]
    accented: bool
    asks: str  # "number", "time", "person" or ""
    # The unit a time question asks in ("ngay" of "vào ngày nào"), folded: no content
    # term, but how fine the answer should be (`granularity.fits_granularity`).
    unit: frozenset[str] = frozenset()

    @property
    def span_terms(self) -> frozenset[str]:
        """What `span.short_span` reads of the question: its terms and its time unit."""
        return self.folded | self.unit if self.unit else self.folded


@dataclass(frozen=True)
class _Sentence:
    """A sentence of a passage, analysed once for all the questions that retrieve the
    passage, so it knows nothing of the hit."""

    order: int  # index of the sentence within its passage
    start: int  # character offset in the passage
    raw: str  # as written
    exact: frozenset[str]  # tokens, normalised lowercase, with the parts of numbers
    folded: frozenset[str]
    key: str  # folded tokens joined by spaces: equal keys are the same sentence
    terminal: bool
    # in a reader's question of a Q&A ("Hỏi: Tôi là nam, sinh tháng 8/1964. …")
    in_question: bool = False

    # Needed only to score a sentence that matches or to quote one, so computed on first use.
    @functools.cached_property
    def text(self) -> str:
        """As shown: trimmed, spaces collapsed."""
        return _trim(self.raw)

    @functools.cached_property
    def phrases(self) -> frozenset[tuple[str, str]]:
        return frozenset(itertools.pairwise(self.key.split(" ")))

    @functools.cached_property
    def own(self) -> frozenset[str]:
        """Its folded words as it writes them: `folded` also holds those a context lends
        it (a news lead, a table's header: context.lend)."""
        return frozenset(self.key.split(" "))

    @functools.cached_property
    def aside(self) -> frozenset[str]:
        """The folded words only in an opening "Ngoài X, …" (besides X): the sentence is
        about what follows ("Ngoài Bệnh viện Nhân dân 115, Bệnh viện Chợ Rẫy tiếp nhận
        1.870 ca …" gives no count of the first)."""
        m = _ASIDE.match(self.text)
        if m is None:
            return frozenset()
        inside = frozenset(fold_words(_tokens(normalize(m.group(1)).lower())))
        rest = frozenset(fold_words(_tokens(normalize(self.text[m.end() :]).lower())))
        return inside - rest

    @functools.cached_property
    def has_number(self) -> bool:
        # `exact` has the tokens, and the parts of a number start with a digit too.
        return any(t[0].isdigit() or t in NUMBER_WORDS for t in self.exact)

    @functools.cached_property
    def has_time(self) -> bool:
        return any(t in TIME_WORDS for t in self.exact) and any(t[0].isdigit() for t in self.exact)

    @functools.cached_property
    def has_name(self) -> bool:
        return _has_name(self.text)

    @functools.cached_property
    def lead_in(self) -> bool:
        return _is_lead_in(self.text)

    @functools.cached_property
    def asking(self) -> bool:
        """A question the article asks (an interviewer's "- Theo ông, nguyên nhân … là
        gì?"), or a reader's in a Q&A, all of it ("Hỏi: Tôi là nam, sinh tháng 8/1964."): no
        answer itself; the sentences after it answer it (context.introducers)."""
        return self.in_question or self.text.rstrip(" \"'”’»)").endswith("?")


class _Candidate(NamedTuple):
    rank: int  # index of the hit in the retrieval order
    sentence: _Sentence


def _eligible(query: _Query, sentence: _Sentence) -> bool:
    """Shares a term with the question, as written when the question has accents:
    folded-only matches of an accented question are mostly other words ("trọng" is not
    "trong"), so they may add to a sentence that matches, never make one match. A question
    the article asks is no candidate: the sentences after it answer it."""
    shared = query.folded & sentence.folded
    if not shared or sentence.asking:
        return False
    if not query.accented:
        return True
    return any(not query.spellings[t].isdisjoint(sentence.exact) for t in shared)


# --- question and sentences ------------------------------------------------------------


def _query(question: str) -> _Query:
    text = lowered(question)  # normalize(question).lower(), made once per question
    tokens = _tokens(text)
    accented = _is_accented(text)
    content: list[str] = []
    phrases: set[tuple[str, str]] = set()
    previous = ""
    asked_unit = _time_asked(tokens)
    if all(k in asked_unit or fold_word(t) in _STOP_FOLDED for k, t in enumerate(tokens)):
        asked_unit = frozenset()  # "Anh ấy vào năm nào?": "vào" is what is asked about
    asking = _asking_words(_ASKING_WORDS, tokens)
    if all(k in asking or fold_word(t) in _STOP_FOLDED for k, t in enumerate(tokens)):
        asking = frozenset()  # "Mục đích là gì?": the words asked about
    for k, token in enumerate(tokens):
        stop = (token in ANSWER_STOP_SYLLABLES) if accented else (fold_word(token) in _STOP_FOLDED)
        # "Ông ấy còn nói gì nữa?": "nữa" asks for more, no word of the answer ("nửa", half,
        # is folded the same: only as written; "mở rộng hơn nữa" says it)
        more = token == "nữa" and tokens[k - 1 : k] != ["hơn"]
        stop = stop or k in asked_unit or k in asking or more
        # "Những trường hợp nào không được thanh toán …?" asks what is not: its "không" is
        # content ("Không thanh toán … trong thời gian điều trị"); the "không" ending a yes/no
        # question ("… có được học lại không?", "… không ạ?") is not. Replays: answer-hit
        # xquad_vi 0.817 -> 0.819 ("không gian" keeps its "không"), regulations 0.975 -> 1.000.
        if stop and token in _NEGATIONS and len(tokens) - k > 2:
            stop = False
        if stop:
            previous = ""
            continue
        content.append(token)
        if previous:
            phrases.add((fold_word(previous), fold_word(token)))
        previous = token
    exact = frozenset([*content, *_number_parts(content)])
    folded = frozenset(fold_word(t) for t in exact)
    spellings: dict[str, set[str]] = {}
    for token in exact:
        spellings.setdefault(fold_word(token), set()).add(token)
    return _Query(
        folded=folded,
        spellings={term: frozenset(spelled) for term, spelled in spellings.items()},
        numbers=frozenset(t for t in folded if t[0].isdigit()),
        phrases=frozenset(phrases),
        phrase_keys=tuple(((a, b), f" {a} {b} ") for a, b in phrases),
        accented=accented,
        asks=_asks(tokens, accented),  # unaccented text is its own fold
        unit=frozenset(fold_word(tokens[k]) for k in asked_unit),
    )


def _asking_words(pattern: re.Pattern[str], tokens: list[str]) -> frozenset[int]:
    """The positions of the tokens `pattern` finds in the folded question."""
    line = " ".join(fold_words(tokens))
    out: set[int] = set()
    for found in pattern.finditer(line):
        first = line.count(" ", 0, found.start())
        out.update(range(first, first + len(found.group().split())))
    return frozenset(out)


def _time_asked(tokens: list[str]) -> frozenset[int]:
    """The positions of the unit a time question asks in and its preposition ("vào
    ngày", "năm" of "năm mấy"): the answer ("Sáng 8/2", "1975") need not say them."""
    folded = fold_words(tokens)
    line = " ".join(folded)
    out: set[int] = set()
    for found in _TIME_ASKED.finditer(line):
        if found.start() and line[found.start() - 1] != " ":
            continue
        first = line.count(" ", 0, found.start())
        # all the found words but the asking one ("nào", "mấy", "bao nhiêu")
        words = found.group().split(" ")
        n = len(words) - (2 if words[-1] == "nhieu" else 1)
        out.update(range(first, first + n))
    # "lúc mấy giờ": the hour, its asking word first (granularity.asks_hour reads "gio")
    out.update(k for k in range(1, len(folded)) if folded[k - 1 : k + 1] == ["may", "gio"])
    return frozenset(out)


def _is_accented(text: str) -> bool:
    """Whether `fold` changes `text` (normalised, lowercase)."""
    if is_plain(text):  # folded one character at a time: only its non-ASCII letters change
        return _ACCENTED.search(text) is not None
    return fold(text) != text


def _asks(tokens: list[str], accented: bool) -> str:
    padded = f" {' '.join(tokens)} "
    for kind, phrases in ASKED_KINDS if accented else _ASKS_FOLDED:
        if any(f" {p} " in padded for p in phrases):
            return kind
    return ""


# Analysing a passage (split, normalise, fold and tokenise every sentence) was most of an
# extractive answer's time, and the same passages come back for many questions: keep the
# analyses of the last few thousand.
@functools.lru_cache(maxsize=2048)
def _analysed(text: str) -> tuple[_Sentence, ...]:
    out: list[_Sentence] = []
    # normalize was a third of the analysis and changes nothing in plain text. In a plain
    # passage (most are), a sentence without a dateline or bullet to trim has the tokens
    # of its span of the lowercased passage: trimming only collapses spaces and
    # capitalises.
    lowered = text.lower() if is_plain(text, any_spaces=True) else None
    for order, (start, end) in enumerate(split_sentences(text)):
        raw = text[start:end]
        if ITEM.match(raw) or _listed_line(text, start, end) or TABLE_ROW.search(raw):
            # the list goes on; the item (or a table's row: no heading nor fragment,
            # though short and with no closing mark) is read and shown alone
            raw = raw.rstrip(" ;,")
        elif _is_fragment(raw, order) or _is_heading(text, start, end):
            continue
        if lowered is not None and raw[0] not in _PREFIX_STARTS:
            tokens = _PLAIN_TOKEN.findall(lowered, start, end)
        else:
            shown = _trim(raw)
            tokens = _tokens((shown if is_plain(shown) else normalize(shown)).lower())
        if len(tokens) < MIN_SENTENCE_TOKENS:
            continue
        folded_seq = fold_words(tokens)
        key = " ".join(folded_seq)
        # The parts of numbers such as "8/2"; the same for both sets, since fold leaves
        # numbers as they are and makes no digits.
        parts = _number_parts(folded_seq) if NUMBER_SEPARATOR.search(key) else []
        happening = _happening(key)
        paragraph = text.rfind("\n", 0, start) + 1
        out.append(
            _Sentence(
                order=order,
                start=start,
                raw=raw,
                exact=frozenset([*tokens, *parts, *happening[0]]),
                folded=frozenset([*folded_seq, *parts, *happening[1]]),
                key=key,
                terminal=raw[-1] in _TERMINAL,  # trimming keeps the end
                in_question=_QUESTION_PARAGRAPH.match(text, paragraph) is not None,
            )
        )
    return tuple(out)


# A reader's question opening its paragraph in a Q&A column or FAQ ("Hỏi: …", "Câu hỏi
# 3: …", "Bạn đọc hỏi: …", "Bạn đọc Hoàng Thị Mai (35 tuổi, ở TP Biên Hòa) hỏi: …", "Câu 1:
# Anh Đỗ Văn Lực (ở huyện Củ Chi) hỏi: …"); the answer follows ("Trả lời: …", "Đáp: …").
# Read as answers, a reader's own case ("Hộ chiếu của tôi cấp năm 2017 …") answered for him.
_QUESTION_PARAGRAPH = re.compile(
    r"\s*(?:Câu\s+\d+\s*[:.]\s*)?"
    r"(?:(?:(?:Câu|Bạn đọc|Độc giả)\s+)?[Hh]ỏi(?:\s+\d+)?\s*[:–-]"
    r"|(?:Bạn đọc|Độc giả|Khách hàng|Người dân|Anh|Chị|Ông|Bà|Bạn|Em|Cô|Chú)\s"
    r"[^:\n]{0,160}?(?<!được)\shỏi\s*[:–-])"
)


def _happening(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The syllables of the happening verbs (exact, folded) when the sentence says an
    event happens, is held or opens; none otherwise."""
    padded = f" {key} "
    if any(p in padded for p in _HAPPENING_KEYS):
        return HAPPENING_SYLLABLES, _HAPPENING_FOLDED
    return (), ()


def _piece(raw: str, order: int, start: int) -> _Sentence:
    """A piece of a passage as a sentence, whatever its length or ending: a provision's
    title, a list item ending in ";" (`_analysed` keeps neither)."""
    tokens = _tokens(normalize(raw).lower())
    folded = fold_words(tokens)
    key = " ".join(folded)
    exact, also = _happening(key)
    return _Sentence(
        order=order,
        start=start,
        raw=raw,
        exact=frozenset([*tokens, *_number_parts(tokens), *exact]),
        folded=frozenset([*folded, *_number_parts(folded), *also]),
        key=key,
        terminal=raw[-1] in _TERMINAL,
    )


def _trim(raw: str) -> str:
    text = " ".join(raw.split())  # whitespace runs as one space, stripped
    text = _DATELINE.sub("", text)
    text = _BULLET.sub("", text)
    return text if ITEM.match(text) else text[:1].upper() + text[1:]


def _has_name(text: str) -> bool:
    """Two capitalised syllables in a row after the first word: a person's or place's
    name ("Nguyễn Thiện Nhân", "Bình Thạnh")."""
    if is_plain(text):  # words apart by one space, and only these capitals
        return _PLAIN_NAME.search(text) is not None
    words = text.split()[1:]
    return any(a[:1].isupper() and b[:1].isupper() for a, b in itertools.pairwise(words))


def _is_lead_in(text: str) -> bool:
    if text.endswith(":"):
        return True
    if is_plain(text):
        # Plain text folds one character at a time (whichever letter has the tone), so
        # its end is enough, folded word by word from the cache: folding a whole sentence
        # costs ~50 us.
        end = text.rstrip(" .")[-_LONGEST_LEAD_IN_ENDING:].lower()
        return " ".join(map(fold_word, end.split(" "))).endswith(LEAD_IN_ENDINGS)
    return fold(text).rstrip(" .").endswith(LEAD_IN_ENDINGS)


def _tokens(text: str) -> list[str]:
    """Syllables, and numbers whole ("8/2", "2020-2025"); their parts are added apart
    (`_number_parts`), so "2020" still matches "2020-2025"."""
    return SYLLABLE_OR_NUMBER.findall(text)


def _number_parts(tokens: Sequence[str]) -> list[str]:
    """The digit runs of the numbers with separators among `tokens`."""
    out: list[str] = []
    for token in tokens:
        if token[0].isdigit() and not token.isdigit():
            out.extend(re.findall(r"\d+", token))
    return out


# Tokens folded so far. Texts repeat a few thousand syllables, and a dict is read for a
# whole sentence in one call: a cached function call per token cost twice as much.
def _unique(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """First occurrence of each sentence (overlapping or duplicated passages repeat them)."""
    seen: set[str] = set()
    out: list[_Candidate] = []
    for candidate in candidates:
        if candidate.sentence.key not in seen:
            seen.add(candidate.sentence.key)
            out.append(candidate)
    return out


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Weights:
    """The question's terms weighed over one answer's candidate sentences."""

    idf: dict[str, float]
    terms: dict[str, float]  # idf, doubled for numbers, in `query.folded` order
    total: float  # of `terms`
    phrases: float  # idf of the syllables of every question phrase


def _weights(query: _Query, candidates: Sequence[_Candidate]) -> _Weights:
    df = Counter(
        itertools.chain.from_iterable(query.folded & c.sentence.folded for c in candidates)
    )
    n = len(candidates)
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in query.folded}
    terms = {t: idf[t] * (NUMBER_WEIGHT if t in query.numbers else 1.0) for t in query.folded}
    total = 0.0
    for weight in terms.values():  # in this order, as always: a float sum depends on it
        total += weight
    phrases = sum(idf.get(a, 0.0) + idf.get(b, 0.0) for a, b in query.phrases)
    return _Weights(idf=idf, terms=terms, total=total, phrases=phrases)
