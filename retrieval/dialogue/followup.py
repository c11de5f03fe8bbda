"""The follow-up rewriter that keeps a conversation's thread.

`rewrite(question, conversation)` turns a follow-up ("Ông ấy còn nói gì nữa?", "Còn năm
2019 thì sao?", "Hội nghị này diễn ra ở đâu?") into a standalone question a dense and a
lexical retriever both handle, using only rules:

1. No history: the question is never changed.
2. References are resolved against the recent turns: a person pronoun ("ông ấy", "bà
   này", "người đó", "họ") becomes the person's name taken from the previous standalone
   question or the previous answer's first sentence; a noun with a demonstrative ("hội
   nghị này", "năm đó", "quận nói trên") becomes the fuller phrase the previous turn used
   ("hội nghị tổng kết … năm 2017", "năm 2018", "quận 8").
3. Ellipsis ("Còn X thì sao?", "Thế còn X?", "X thì sao?"): X replaces the matching slot
   of the previous standalone question (the year, the district, the person, any "head +
   value" such as "khóa XII"), or is added to it.
4. A question with nothing of its own ("Còn gì nữa?", "Tại sao vậy?", "Trong đó có bao
   nhiêu nữ?") or a reference that could not be resolved gets the previous topic in
   front: "Về nhiệm vụ trọng tâm năm 2018, còn gì nữa?".

Whatever the rules do, callers should also boost `preferred_article_ids(conversation)`
for a rewritten question: the article cited last is the likeliest home of the answer.

`rewrite_with_llm` lets an LLM condense the question instead, falling back to the rules.

Per question, a caller does::

    standalone, rewritten = rewrite(question, conversation)
    boost = preferred_article_ids(conversation) if rewritten else ()
    result = answer(...)  # an Answer with .question = question, .standalone = standalone
    conversation.add(result)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from retrieval.language.entities import (
    EDGE_FUNCTION_WORDS,
    FOLD_AMBIGUOUS,
    HONORIFIC_WORDS,
    HONORIFICS,
    MARKERS,
    PARTICLES,
    ROLE_WORDS,
    SLOT_HEADS,
    YEAR,
    Person,
    Tok,
    decap,
    in_,
    join,
    parse_person,
    person_spans,
    phrase_at,
    phrase_before,
    tokens,
    topic,
    value_end,
)
from retrieval.language.text import fold, normalize, split_sentences

if TYPE_CHECKING:
    from retrieval.dialogue.conversation import Conversation, Turn

__all__ = [
    "Condense",
    "looks_like_follow_up",
    "preferred_article_ids",
    "rewrite",
    "rewrite_with_llm",
]

log = logging.getLogger(__name__)

# A user-supplied condenser: (question, [(standalone question, answer), ...] oldest first)
# -> standalone question, or None when it cannot (no LLM, timeout, error).
Condense = Callable[[str, list[tuple[str, str]]], str | None]


# --- vocabulary ------------------------------------------------------------------------
# All entries are lowercase NFC. Phrases are space-separated syllables.

# Nouns that point at a person without saying who: "người này", "vị đó".
_PERSON_NOUNS = frozenset({"người", "vị", "nhân vật"})
# What makes the word before it a reference to something said before.
_DEMONSTRATIVES = frozenset(
    {"này", "đó", "ấy", "kia", "đấy", "nói trên", "kể trên", "nêu trên", "vừa nêu", "vừa nói"}
)
# "ông ta" / "bà ta" (he / she), but never "người ta" (people in general).
_HONORIFIC_ONLY_DEMONSTRATIVES = frozenset({"ta"})
# Bare "Ông …" / "Bà …" opening a question is a pronoun ("Ông còn nói gì?") unless the next
# word makes a compound noun ("bà con" = folks, "ông bà" = grandparents).
_BARE_PRONOUNS = frozenset({"ông", "bà"})
_BARE_PRONOUN_COMPOUNDS = frozenset(
    {"bà", "ông", "con", "chủ", "nội", "ngoại", "già", "cháu", "mẹ", "bầu", "đỡ", "trùm",
     "lão", "tổ", "hoàng", "mụ", "xã", "nhà", "cụ", "trời", "công", "lớn", "đồ", "tiên"}
)  # fmt: skip
# "trên" refers back ("các nhiệm vụ trên là gì?") only when nothing follows it that it
# could be a preposition for ("trên địa bàn", "trên 50%"): the end, or one of these.
_AFTER_BARE_TREN = frozenset({"là", "được", "có", "gồm", "do", "diễn", "đã", "sẽ", "đang", "nhằm"})
# … and when the word before it is a noun, not a verb it is the preposition of
# ("dựa trên", "nằm trên", "xếp hạng … trên").
_BEFORE_PREPOSITION_TREN = frozenset(
    {"dựa", "nằm", "đứng", "ở", "lên", "từ", "bên", "phía", "xếp", "hạng", "đặt", "ghi"}
)
# Words that make a following "đó" / "này" / "ấy" a connective or a place/time reference
# ("trong đó", "sau đó", "ở đó", "lúc này"): a follow-up signal with nothing to expand.
_CONNECTIVE_HEADS = frozenset(
    {"trong", "sau", "trước", "khi", "lúc", "hồi", "từ", "qua", "do", "vì", "nhờ", "ở",
     "tại", "theo", "ngoài", "bên", "cạnh", "thời", "như", "đến", "tới", "bởi"}
)  # fmt: skip
# Subject pronouns for things or groups: "Đó là ai?", "Nó diễn ra khi nào?".
_THING_PRONOUNS = frozenset({"nó", "đó", "đây", "đấy"})
# "này" after these means now ("mùa này", "tuần này"), not something said before.
_DEICTIC_TIMES = frozenset(
    {"mùa", "tuần", "tháng", "dịp", "lúc", "hôm", "sáng", "chiều", "tối", "đêm", "kỳ"}
)
# "điều đó", "việc này" refer to a whole clause; after a coordinator that clause is the
# one just before, inside the question ("… đã bị phạt và điều đó đã …").
_CLAUSE_NOUNS = frozenset({"điều", "việc", "chuyện", "cái"})
_COORDINATORS = frozenset({"và", "nhưng", "mà", "rồi", ","})
# Words that make a following "họ" (they) refer to a group named in the same question.
_PLURAL_MARKERS = frozenset({"các", "những", "nhóm", "đội", "hai", "ba", "nhiều"})
# An opening clause with one of these ends at a comma; a pronoun after it refers to the
# clause ("Khi một nhóm lớn …, điều đó …").
_SUBORDINATORS = (
    "nếu", "khi", "sau khi", "trước khi", "trong khi", "vì", "do", "mặc dù", "tuy", "dù",
    "lúc",
)  # fmt: skip
# One Vietnamese syllable, accent-folded. A word that is not one is foreign, hence a name.
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
# "họ" is "they", except in "họ tên", "họ hàng", "dòng họ", "họ Nguyễn".
_HO_NOT_PRONOUN_NEXT = frozenset({"tên", "và", "hàng", "tộc", "đạo", "nhà", "là", "của"})
_HO_NOT_PRONOUN_PREV = frozenset({"dòng", "cùng", "mang", "đổi", "theo", "tên", "các"})

# Ellipsis: "Còn X (thì sao)?", "Thế còn X?", "X thì sao?". Prefixes with "còn" and
# suffixes with "thì" are strong signals; the others ("Vậy X?", "X ra sao?") only count
# when X is a slot value (a year, a district, a person), since "Chất lượng chi bộ ra
# sao?" is a full question.
_ELLIPSIS_PREFIXES = (
    "thế còn về", "thế còn", "vậy còn", "còn về", "còn đối với", "còn với", "còn",
    "thế", "vậy", "và", "với",
)  # fmt: skip
_ELLIPSIS_SUFFIXES = (
    "thì sao", "thì thế nào", "thì như thế nào", "thì ra sao", "thì", "như thế nào",
    "thế nào", "ra sao", "nữa",
)  # fmt: skip
_MAX_ELLIPSIS_WORDS = 8
# A question this short with a single content word is elliptical ("Vì sao giảm?").
_SHORT_QUESTION_WORDS = 4
_QUESTION_WORDS = frozenset({"gì", "ai", "nào", "đâu", "sao", "mấy", "nhiêu", "không", "chưa"})
# Syllables that carry no content of their own in a question. A question made only of
# these (and punctuation) asks about the previous topic: "Còn gì nữa?", "Tại sao vậy?",
# "Cụ thể là gì?", "Khi nào?", "Cho tôi biết thêm?".
_CONTENTLESS = frozenset(
    {"gì", "ai", "nào", "đâu", "sao", "mấy", "bao", "nhiêu", "giờ", "lâu", "khi", "lúc",
     "ở", "tại", "vì", "như", "thế", "ra", "là", "cái", "những", "không", "chưa", "phải",
     "đúng", "có", "vậy", "nhỉ", "nhé", "ạ", "à", "ư", "hả", "hở", "chứ", "đây", "đấy",
     "kia", "thì", "mà", "ơi", "nha", "còn", "nữa", "thêm", "khác", "lại", "và", "với",
     "cũng", "cụ", "thể", "chi", "tiết", "rõ", "hơn", "giải", "thích", "nói", "kể",
     "nghĩa", "tức", "ví", "dụ", "tiếp", "tục", "được", "thật", "xem", "cho", "tôi",
     "mình", "biết", "hỏi", "muốn", "bạn", "đó", "này", "ấy", "điều", "việc", "chuyện",
     "vấn", "đề", "hết", "gồm", "sự", "ý"}
)  # fmt: skip
# Words that end a noun phrase when a reference is expanded from an earlier sentence
# ("hội nghị tổng kết công tác … năm 2017 | diễn ra …"): verbs of saying, copulas,
# auxiliaries, prepositions and conjunctions. Content verbs cannot be listed; the phrase
# is also cut at punctuation and at _MAX_EXPANSION words.
_PHRASE_ENDS = frozenset(
    {"là", "được", "bị", "có", "đã", "đang", "sẽ", "vừa", "mới", "do", "bởi", "ở", "tại",
     "vào", "với", "và", "hoặc", "hay", "để", "thì", "mà", "khi", "nhằm", "từ", "đến",
     "tới", "sau", "trước", "trong", "ngoài", "trên", "dưới", "theo", "qua", "cũng",
     "vẫn", "còn", "chưa", "không", "rất", "đều", "này", "đó", "ấy", "kia", "như",
     "nhưng", "nên", "vì", "nếu", "diễn", "gồm", "cần", "phải", "cho", "nói", "chủ"}
)  # fmt: skip
_MAX_EXPANSION = 16
# Heads of time and place modifiers: an ellipsis X with one of these and no matching slot
# in the previous question is added to it ("Nhiệm vụ trọng tâm là gì?" + "Còn năm 2019?"
# -> "Nhiệm vụ trọng tâm năm 2019 là gì?").
_MODIFIER_HEADS = frozenset(
    {"năm", "tháng", "quý", "ngày", "tuần", "giai đoạn", "nhiệm kỳ", "khóa", "đợt", "kỳ",
     "quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "thị xã", "thị trấn", "tại",
     "ở", "trong"}
)  # fmt: skip

_LLM_PREFIX = re.compile(r"^(?:câu hỏi(?: độc lập| viết lại)?|standalone question)\s*:\s*", re.I)


# --- the rewriter ----------------------------------------------------------------------


def preferred_article_ids(conversation: Conversation) -> tuple[str, ...]:
    """Articles to boost when searching a follow-up: those cited by the most recent turn
    that cited any, in citation order."""
    for turn in reversed(conversation.turns):
        if turn.article_ids:
            return turn.article_ids
    return ()


def rewrite(question: str, conversation: Conversation) -> tuple[str, bool]:
    """Return (standalone question, was_rewritten); a question that is not a follow-up
    (or any question asked with no history) comes back unchanged."""
    if not conversation.turns:
        return question, False
    text = normalize(question)
    standalone, _ = _rewrite_rules(text, _History(conversation.turns))
    if standalone is None or standalone == text:
        return question, False
    return standalone, True


def looks_like_follow_up(question: str, conversation: Conversation) -> bool:
    """Whether the question carries a follow-up signal (a pronoun, a demonstrative, an
    ellipsis, no content of its own) and there is a history it can refer to."""
    if not conversation.turns:
        return False
    _, signal = _rewrite_rules(normalize(question), _History(conversation.turns))
    return signal


def rewrite_with_llm(
    question: str, conversation: Conversation, condense: Condense
) -> tuple[str, bool]:
    """Let `condense` (an LLM) write the standalone question; use the rules when it
    returns None, fails, or returns something that is not a question.

    `condense` is only called when the rules see a follow-up signal
    (`looks_like_follow_up`), never on every question with history: a question that is
    not a follow-up must come back unchanged, and small models asked to "condense" an
    independent question often blend the previous topic into it; it also saves an LLM
    round trip on most questions. The cost: an implicit follow-up with no pronoun,
    demonstrative or ellipsis ("Bao nhiêu người tham dự?" after a turn about a
    conference) is searched as asked.
    """
    if not looks_like_follow_up(question, conversation):
        return question, False
    try:
        condensed = condense(question, conversation.history_pairs())
    except Exception:
        # The rewrite is an aid: a broken LLM must not cost the user the answer.
        log.warning("The LLM condenser failed; rewriting with rules", exc_info=True)
        condensed = None
    cleaned = _clean_llm_output(condensed, question)
    if cleaned is None:
        return rewrite(question, conversation)
    if cleaned == normalize(question):
        return question, False
    return cleaned, True


def _clean_llm_output(text: str | None, question: str) -> str | None:
    if text is None:
        return None
    lines = [line.strip() for line in normalize(text).splitlines() if line.strip()]
    if not lines:
        return None
    first = _LLM_PREFIX.sub("", lines[0]).strip().strip("\"'“”«»").strip()
    # A rambling reply is an answer or an explanation, not a question to search.
    if not first or len(first) > max(300, 4 * len(question)):
        return None
    return first


def _is_unaccented(text: str) -> bool:
    lowered = text.lower()
    return any(c.isalpha() for c in lowered) and fold(text) == lowered


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- history ---------------------------------------------------------------------------


def _answer_sentences(answer: str) -> list[str]:
    text = normalize(MARKERS.sub("", answer))
    return [text[a:b] for a, b in split_sentences(text)]


class _History:
    """What the rules read from the recent turns (newest first)."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.turns = list(reversed(turns))
        self.last = self.turns[0]

    def person(self, gender: str | None) -> Person | None:
        """The most recent person compatible with `gender`: within a turn, one whose
        honorific says that gender beats one whose gender is unknown."""
        for turn in self.turns:
            persons = [p for p in map(parse_person, turn.key_terms) if p is not None]
            if gender is None and persons:
                return persons[0]
            exact = [p for p in persons if p.gender == gender]
            unknown = [p for p in persons if p.gender is None]
            if exact or unknown:
                return (exact or unknown)[0]
        return None

    def group(self) -> list[Person]:
        """The persons of the most recent turn naming two or more ("họ" = they)."""
        for turn in self.turns:
            persons = [p for p in map(parse_person, turn.key_terms) if p is not None]
            if persons:
                return persons if len(persons) >= 2 else []
        return []

    def sources(self) -> list[list[Tok]]:
        """Texts a reference may be expanded from: each turn's standalone question,
        answer sentences and cited titles, the last turn first."""
        out = []
        for turn in self.turns:
            texts = [turn.standalone]
            if turn.chunk_ids:
                texts += _answer_sentences(turn.answer)
            texts += list(turn.titles)
            out += [tokens(normalize(t)) for t in texts]
        return out

    def topic(self) -> str:
        """The last turn's subject, for "Về <topic>, …"."""
        return topic(self.last.standalone) or ", ".join(self.last.key_terms[:3])


# --- the rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int  # character span in the question
    end: int
    text: str


def _rewrite_rules(text: str, history: _History) -> tuple[str | None, bool]:
    """(standalone question or None when nothing changes, follow-up signal seen)."""
    if not text:
        return None, False
    folded = _is_unaccented(text)
    toks = tokens(text, folded)
    edits, unresolved, signal = _reference_edits(toks, history, folded)
    edited = _apply(text, edits)
    elided = _ellipsis(tokens(edited, folded), history, folded)
    if elided is not None:
        return elided, True
    if not signal and _contentless(toks):
        signal = unresolved = True
    if unresolved:
        edited = _with_context(edited, history)
    return (edited if edited != text else None), signal


def _apply(text: str, edits: Sequence[_Edit]) -> str:
    out, done = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[done : edit.start], edit.text]
        done = edit.end
    out.append(text[done:])
    result = "".join(out)
    return _cap(result) if text[:1].isupper() else result


def _with_context(question: str, history: _History) -> str:
    """ "Về <previous topic>, <question>", unless the question already holds the topic."""
    topic = history.topic()
    if not topic or fold(topic) in fold(question):
        return question
    return f"Về {topic}, {decap(question)}"


def _contentless(toks: Sequence[Tok]) -> bool:
    """Whether a question has (almost) nothing of its own: only question words and
    particles ("Còn gì nữa?"), or one more common word in a short question ("Vì sao
    giảm?", "Ai thắng?"), which cannot be searched without the previous topic."""
    words = [t for t in toks if t.is_word or t.is_number]
    content = [
        t for t in words if not (in_(t, _CONTENTLESS, False) or t.key in _folded(_CONTENTLESS))
    ]
    if not words or len(content) > 1:
        return False
    # The one word must be a common lowercase word: "NASUWT là gì?" names its subject.
    return not content or (
        len(words) <= _SHORT_QUESTION_WORDS
        and content[0].text.islower()
        and not _is_foreign(content[0])
    )


@cache
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words) - FOLD_AMBIGUOUS


def _reference_edits(
    toks: Sequence[Tok], history: _History, folded: bool
) -> tuple[list[_Edit], bool, bool]:
    """Edits resolving the references in a question; whether a reference stays
    unresolved; whether any reference was seen."""
    edits: list[_Edit] = []
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
    toks: Sequence[Tok], i: int, history: _History, folded: bool
) -> tuple[int, _Edit | None, bool, bool]:
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
        return 1, _Edit(toks[i].start, toks[i].end, _cap(text) if i == 0 else text), True, True
    dem = _demonstrative_at(toks, i, folded)
    if dem:
        return (dem, *_demonstrative_reference(toks, i, dem, history, folded))
    if in_(toks[i], _THING_PRONOUNS, folded) and i == 0:
        return 1, None, False, True  # "Nó diễn ra khi nào?", "Đó là ai?"
    return 1, None, True, False


def _demonstrative_reference(
    toks: Sequence[Tok], i: int, dem: int, history: _History, folded: bool
) -> tuple[_Edit | None, bool, bool]:
    """(edit, resolved, reference seen) for a demonstrative at token i."""
    if _after_subordinate_clause(toks, i):
        return None, True, False  # "Nếu …, tập hợp này …": bound inside the question
    if i == 0 or not toks[i - 1].is_word:
        return None, False, True  # "Đó là ai?"
    before = toks[i - 1]
    if in_(before, _CONNECTIVE_HEADS, folded):
        # Opening a question, "Trong đó …" / "Sau đó …" continues the conversation;
        # inside one ("mô hình mà từ đó …") it links the question's own clauses.
        return None, i - 1 != 0, i - 1 == 0
    if before.key in _DEICTIC_TIMES and toks[i].key == "này":
        return None, True, False  # "mùa này", "tháng này": now, not something said
    if before.key in _CLAUSE_NOUNS and i >= 2 and toks[i - 2].key in _COORDINATORS:
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
        if tok.is_word and not tok.is_caps and _is_foreign(tok):
            return True  # foreign words in Vietnamese text are names: "Nixon", "Toyota"
        if plural and tok.key in _PLURAL_MARKERS:
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
    n = phrase_at(toks, 0, _SUBORDINATORS, False)
    if not n or (n < len(toks) and toks[n].key in _QUESTION_WORDS):
        return False  # "Khi nào …" asks, it does not subordinate
    return any(t.text == "," for t in toks[n:i])


def _is_foreign(tok: Tok) -> bool:
    return _VIETNAMESE_SYLLABLE.fullmatch(fold(tok.text)) is None


def _person_reference_at(toks: Sequence[Tok], i: int, folded: bool) -> tuple[int, str] | None:
    """(tokens, honorific as typed or "") of a person reference at token i: "ông ấy",
    "đồng chí này", "người đó", "bà ta", or a bare "Ông"/"Bà" opening the question."""
    if i > 0 and toks[i - 1].key in _PLURAL_MARKERS:
        return None  # "những người này": a group, not one person
    n = phrase_at(toks, i, HONORIFIC_WORDS, folded)
    person_noun = 0 if n else phrase_at(toks, i, _PERSON_NOUNS, folded)
    head = n or person_noun
    if not head:
        return None
    dem = _demonstrative_at(toks, i + head, folded)
    if not dem and n:
        dem = phrase_at(toks, i + head, _HONORIFIC_ONLY_DEMONSTRATIVES, folded)
    if dem:
        honorific = " ".join(t.text for t in toks[i : i + n])
        return head + dem, honorific
    nxt = toks[i + n] if i + n < len(toks) else None
    if (
        i == 0
        and n == 1
        and toks[0].key in _BARE_PRONOUNS
        and nxt is not None
        and nxt.is_word
        and not nxt.is_title
        and nxt.key not in _BARE_PRONOUN_COMPOUNDS
    ):
        return 1, toks[0].text
    return None


def _person_edit(
    toks: Sequence[Tok], i: int, length: int, honorific: str, history: _History
) -> tuple[_Edit | None, bool]:
    gender = HONORIFICS.get(honorific.lower()) if honorific else None
    person = history.person(gender)
    if person is None:
        return None, False
    text = f"{honorific} {person.name}" if honorific else person.display
    if i == 0:
        text = _cap(text)
    return _Edit(toks[i].start, toks[i + length - 1].end, text), True


def _is_they(toks: Sequence[Tok], i: int) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prev = toks[i - 1] if i > 0 else None
    if nxt is not None and (nxt.key in _HO_NOT_PRONOUN_NEXT or nxt.is_title):
        return False
    return not (prev is not None and prev.key in _HO_NOT_PRONOUN_PREV)


def _demonstrative_at(toks: Sequence[Tok], i: int, folded: bool) -> int:
    n = phrase_at(toks, i, _DEMONSTRATIVES, folded)
    if n:
        return n
    # A bare "trên" refers back only at the end or before a verb / question word.
    if (
        i < len(toks)
        and toks[i].key == "trên"
        and i > 0
        and toks[i - 1].is_word
        and toks[i - 1].key not in _BEFORE_PREPOSITION_TREN
    ):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is None or not (nxt.is_word or nxt.is_number) or nxt.key in _AFTER_BARE_TREN:
            return 1
    return 0


def _expand_reference(
    toks: Sequence[Tok], i: int, dem: int, history: _History, folded: bool
) -> _Edit | None:
    """Resolve "<noun> này" from earlier text: the noun with what followed it there
    ("hội nghị này" -> "hội nghị tổng kết … năm 2017", "năm đó" -> "năm 2018"), or the
    bare noun when it was named without more; None when it was never named."""
    sources = history.sources()
    found_bare: int | None = None
    for k in (3, 2, 1):
        if k > i:
            continue
        noun = toks[i - k : i]
        if not all(t.is_word for t in noun) or any(t.key in _PHRASE_ENDS for t in noun):
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
                    return _Edit(noun[0].start, toks[i + dem - 1].end, text)
                if k >= 2 or slot:
                    found_bare = found_bare if found_bare is not None else k
    if found_bare is not None:
        noun = toks[i - found_bare : i]
        return _Edit(noun[0].start, toks[i + dem - 1].end, join(noun))
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
        if not (tok.is_word or tok.is_number) or tok.key in _PHRASE_ENDS:
            break
        if tok.key in _QUESTION_WORDS:
            return []  # "báo cáo về nội dung gì": that phrase is what was asked
        out.append(tok)
        j += 1
    while out and out[-1].key in EDGE_FUNCTION_WORDS:
        out.pop()
    return out


# --- ellipsis --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    kind: str  # "person", "headed", "year", "number", "name"
    head: tuple[str, ...]  # keys of the head words ("năm",) or ()
    value: str  # the value as typed ("2019", "Bình Thạnh")
    text: str  # the whole X


def _ellipsis(toks: Sequence[Tok], history: _History, folded: bool) -> str | None:
    """Rewrite "Còn X (thì sao)?" and its variants against the last standalone question."""
    words = list(toks)
    while words and not (words[-1].is_word or words[-1].is_number):
        words.pop()  # "?", "!", "…"
    while words and in_(words[-1], PARTICLES, folded) and len(words) > 1:
        words.pop()
    # Unaccented prefixes ("con", "va") are ambiguous, so they only count as weak ones.
    prefix = phrase_at(words, 0, _ELLIPSIS_PREFIXES, folded, ambiguous=True)
    suffix = phrase_before(words, len(words), _ELLIPSIS_SUFFIXES, folded)
    x = words[prefix : len(words) - suffix]
    if not (prefix or suffix) or not x or len(x) > _MAX_ELLIPSIS_WORDS:
        return None
    if any(in_(t, _QUESTION_WORDS, folded) or not (t.is_word or t.is_number) for t in x):
        return None  # "Còn bao nhiêu cán bộ …?" is a full question
    prefix_keys = {t.key for t in words[:prefix]}
    strong = (not folded and "còn" in prefix_keys) or (
        suffix > 0 and words[len(words) - suffix].key in ("thì", "thi")
    )
    slot = _classify(x, folded)
    if slot is None and not strong:
        return None
    previous = normalize(history.last.standalone)
    if slot is not None:
        replaced = _replace_slot(previous, slot, folded)
        if replaced is not None:
            return replaced
        # Add a time or place the previous question lacked; but when it has the head
        # and asked for its value ("… với tỉnh nào?"), there is no slot to fill.
        headed = slot.kind == "headed" and _is_modifier(slot)
        if slot.kind in ("year", "number") or (
            headed and _last_head(tokens(previous), slot.head, folded) is None
        ):
            return _insert_modifier(previous, slot)
    x_text = join(x)
    if fold(x_text) in fold(previous):
        return previous
    return f"Về {decap(x_text)}, {decap(previous)}"


def _is_modifier(slot: _Slot) -> bool:
    return " ".join(slot.head) in _MODIFIER_HEADS or (
        len(slot.head) == 1 and fold(slot.head[0]) in {fold(h) for h in _MODIFIER_HEADS}
    )


def _classify(x: Sequence[Tok], folded: bool) -> _Slot | None:
    """What kind of value an ellipsis X is, or None for free text ("doanh nghiệp")."""
    text = join(x)
    spans = person_spans(x)
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(x):
        return _Slot("person", (), spans[0][2].name, text)
    if len(x) == 1 and x[0].is_number:
        return _Slot("year" if YEAR.fullmatch(x[0].text) else "number", (), x[0].text, text)
    # A head cannot end inside a capitalised run: "Hải Phòng" is a name, not "Hải" + value.
    for h in range(1, min(3, len(x) - 1) + 1):
        if not all(t.is_word for t in x[:h]) or (x[h - 1].is_title and x[h].is_title):
            continue
        if value_end(x, h, relative=True, folded=folded) == len(x):
            head = tuple(t.key for t in x[:h])
            return _Slot("headed", head, join(x[h:]), text)
    if all(t.is_title or t.is_caps for t in x) and len(x) <= 4:
        return _Slot("name", (), text, text)
    return None


def _replace_slot(previous: str, slot: _Slot, folded: bool) -> str | None:
    """The previous question with its slot of the same kind replaced by X, or None."""
    toks = tokens(previous)
    if slot.kind == "person":
        spans = person_spans(toks)
        if not spans:
            return None
        start, end, _ = spans[-1]
        return _splice(previous, toks, start, end, slot.text)
    if slot.kind == "headed":
        span = _last_headed(toks, slot.head, folded)
        if span is not None:
            return _splice(previous, toks, span[0], span[1], slot.value)
        year = YEAR.fullmatch(slot.value)
        if year and slot.head in (("năm",), ("nam",)):
            years = [j for j, t in enumerate(toks) if YEAR.fullmatch(t.text)]
            if years:
                return _splice(previous, toks, years[-1], years[-1] + 1, slot.value)
        if slot.head and slot.head[0] in {fold(h) for h in HONORIFICS} | set(HONORIFICS):
            spans = person_spans(toks)
            if spans:
                return _splice(previous, toks, spans[-1][0], spans[-1][1], slot.text)
        return None
    if slot.kind == "year":
        years = [j for j, t in enumerate(toks) if YEAR.fullmatch(t.text)]
        return _splice(previous, toks, years[-1], years[-1] + 1, slot.value) if years else None
    if slot.kind == "number":
        nums = [j for j, t in enumerate(toks) if t.is_number and not YEAR.fullmatch(t.text)]
        return _splice(previous, toks, nums[-1], nums[-1] + 1, slot.value) if nums else None
    # A bare name: the last named value after a head ("quận Bình Thạnh"), else a person.
    names = [
        (j, end)
        for j in range(1, len(toks))
        if toks[j - 1].is_word
        and not toks[j - 1].is_title
        and (end := value_end(toks, j, relative=False)) > j
        and toks[j].is_title
    ]
    if names:
        return _splice(previous, toks, names[-1][0], names[-1][1], slot.value)
    spans = person_spans(toks)
    if spans:
        return _splice(previous, toks, spans[-1][0], spans[-1][1], slot.text)
    return None


def _last_head(toks: Sequence[Tok], head: tuple[str, ...], folded: bool) -> int | None:
    """Index of the token after the last occurrence of `head`, or None."""
    keys = [fold(k) for k in head] if folded else list(head)
    n = len(keys)
    found = None
    for j in range(len(toks) - n + 1):
        if [fold(t.key) if folded else t.key for t in toks[j : j + n]] == keys:
            found = j + n
    return found


def _last_headed(
    toks: Sequence[Tok], head: tuple[str, ...], folded: bool
) -> tuple[int, int] | None:
    """Token span of the value after the last occurrence of `head` in the question."""
    keys = [fold(k) for k in head] if folded else list(head)
    n = len(keys)
    found = None
    for j in range(len(toks) - n + 1):
        window = [fold(t.key) if folded else t.key for t in toks[j : j + n]]
        if window == keys:
            end = value_end(toks, j + n, relative=True)
            if end > j + n:
                found = (j + n, end)
    return found


def _splice(text: str, toks: Sequence[Tok], start: int, end: int, value: str) -> str:
    a, b = toks[start].start, toks[end - 1].end
    value = _cap(value) if a == 0 else value
    return text[:a] + value + text[b:]


def _insert_modifier(previous: str, slot: _Slot) -> str:
    """Add a time/place modifier: before a final "là <question word>", else at the end."""
    phrase = f"năm {slot.value}" if slot.kind == "year" else decap(slot.text)
    toks = tokens(previous)
    end = len(toks)
    while end and not (toks[end - 1].is_word or toks[end - 1].is_number):
        end -= 1
    for j in range(end - 1, -1, -1):
        if toks[j].key == "là" and all(
            t.key in _QUESTION_WORDS or t.key in PARTICLES or t.key == "bao"
            for t in toks[j + 1 : end]
        ):
            at = toks[j].start
            return previous[:at].rstrip() + f" {phrase} " + previous[at:]
    at = toks[end - 1].end if end else len(previous)
    return previous[:at] + f" {phrase}" + previous[at:]
