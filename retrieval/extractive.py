"""The default answer: one to three sentences quoted from the retrieved passages, cited.

`extractive_answer(question, hits)` scores every sentence of the retrieved passages
against the question's content syllables and quotes the best ones with [n] markers.

Scoring is a few set operations per sentence (no model call), so answering costs far less
than the query embedding that retrieval already paid for:

- the question loses its question words and function words ("là gì", "ai", "bao nhiêu",
  "như thế nào", "của", "được", ...), so what is left says what the answer is about;
- each remaining syllable counts with its inverse frequency across the retrieved
  sentences (a syllable every sentence has tells nothing), numbers and years double;
- adjacent question syllables found adjacent in a sentence ("trọng tâm", "năm 2018") add
  a phrase bonus, because Vietnamese words are mostly two syllables;
- an accented question matches accent-folded text at half weight (`tâm` is not `tám`);
  a question typed without diacritics matches folded text fully;
- a small bonus when the sentence has what the question word asks for (a number for
  "bao nhiêu", a name for "ai", a date for "khi nào"), and a small prior for the passage
  rank, so retrieval's judgement breaks near-ties.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.answer import Citation
from retrieval.store import Hit
from retrieval.text import fold, normalize, split_sentences

__all__ = ["extractive_answer"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Syllables that carry no topic: question words ("là gì", "là ai", "bao nhiêu", "mấy",
# "như thế nào", "ra sao", "khi nào", "bao giờ", "ở đâu", "tại sao", "vì sao") and
# function words. Matched on whole syllables, so multi-syllable question phrases are
# covered by their parts. Nouns that say what kind of answer is wanted ("năm", "ngày",
# "người") are kept: the answer sentence usually repeats them.
_STOP_SYLLABLES = _wordset(
    """
    ai gì nào đâu sao mấy bao nhiêu giờ thế như là làm hả nhỉ vậy chăng phải không chưa
    khi lúc tại vì ra hay hoặc còn thì

    của và các những được có trong cho với đã đang sẽ này đó kia ấy một bị về từ theo ở
    để cũng rằng lại hãy nên mà nhưng thật rất nhiều ít đến tới bởi do qua trên dưới
    ông bà anh chị họ nó chúng ta tôi bạn hỏi biết
    """
)
_STOP_FOLDED = frozenset(fold(word) for word in _STOP_SYLLABLES)

# What the question word asks for; used for a small bonus only.
_ASKS_NUMBER = ("bao nhiêu", "mấy", "số lượng")
_ASKS_TIME = ("khi nào", "bao giờ", "lúc nào", "năm nào", "ngày nào", "tháng nào", "thời gian nào")
_ASKS_PERSON = ("ai",)
_NUMBER_WORDS = _wordset(
    "một hai ba bốn năm sáu bảy tám chín mười mươi trăm nghìn ngàn triệu tỷ tỉ"
)
_TIME_WORDS = _wordset("năm tháng ngày sáng chiều tối đêm hôm tuần quý")

# A number with its inner separators ("8/2", "2020-2025", "1.000", "3,5") is one token;
# its parts are added too, so "2020" still matches "2020-2025".
_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+")
# "(VOH) - " / "(PLO) – " at the start of an article: a dateline, not part of the answer.
_DATELINE = re.compile(r"^\([^()\n]{1,40}\)\s*[-–—]\s*")
_BULLET = re.compile(r"^(?:[-–—•*+·]\s+)")
_SPACE_RUNS = re.compile(r"\s+")
_TERMINAL = ".!?…\"'”’»)"
_LEAD_IN_ENDINGS = ("nhu sau", "sau day", "cu the", "bao gom", "gom co")

# Weights, measured on ../shared/eval/xquad_vi (1,190 questions): the share whose first
# quoted sentence holds the gold answer, with the gold chunk put at rank 1, 2 or 3 among
# four BM25 distractor chunks, was 0.765. The score is flat around these values (each
# varied alone moves it by under 1.5 points); the phrase bonus is worth 2 points, the
# rank prior trades rank-1 accuracy against rank-3 accuracy (0.12: 0.78 / 0.75).
NUMBER_WEIGHT = 2.0
FOLDED_ONLY_CREDIT = 0.5  # accented question, sentence matches only without accents
PHRASE_WEIGHT = 0.5
ASKED_KIND_BONUS = 0.08
RANK_PRIOR = 0.12
NO_TERMINAL_PENALTY = 0.15  # captions and headlines have no final punctuation
MIN_SENTENCE_TOKENS = 4
# A further sentence is quoted only if it scores this share of the best one, and the
# answer stays short.
FOLLOWER_RATIO = 0.6
MAX_ANSWER_CHARS = 700
NEAR_DUPLICATE = 0.8  # Jaccard of folded tokens


@dataclass(frozen=True)
class _Query:
    exact: frozenset[str]  # content tokens, normalised lowercase
    folded: frozenset[str]
    numbers: frozenset[str]  # folded tokens that are numbers
    phrases: frozenset[tuple[str, str]]  # adjacent content syllables, folded
    accented: bool
    asks: str  # "number", "time", "person" or ""


@dataclass(frozen=True)
class _Sentence:
    rank: int  # index of the hit in the retrieval order
    order: int  # index of the sentence within its hit
    position: int  # character offset in the article
    text: str  # as shown: trimmed, spaces collapsed
    exact: frozenset[str]
    folded: frozenset[str]
    phrases: frozenset[tuple[str, str]]
    key: str  # folded tokens joined: equal keys are the same sentence
    has_number: bool
    has_time: bool
    has_name: bool
    terminal: bool
    lead_in: bool


def extractive_answer(
    question: str, hits: Sequence[Hit], *, max_sentences: int = 3
) -> tuple[str, list[Citation]]:
    """Answer `question` with at most `max_sentences` sentences quoted from `hits`.

    The best sentence comes first (followed by the next sentence when it is a lead-in
    ending in ":"), then the other chosen sentences in reading order: by passage rank,
    then position in the article. Each sentence is followed by the marker [n] of its
    passage, numbered by first use. Returns the text and the cited passages only
    (numbered 1..k in that order); ("", []) when nothing in `hits` matches the question.
    """
    if not hits or max_sentences < 1:
        return "", []
    query = _query(question)
    by_hit = [_sentences(rank, hit) for rank, hit in enumerate(hits)]
    candidates = _unique(s for sentences in by_hit for s in sentences)
    if not candidates or not query.folded:
        return "", []
    idf = _idf(query, candidates)
    scored = sorted(
        ((_score(query, s, idf, len(hits)), s) for s in candidates),
        key=lambda pair: (-pair[0], pair[1].rank, pair[1].order),
    )
    best_score, best = scored[0]
    if best_score <= 0:
        return "", []
    lead = [best]
    if best.lead_in and max_sentences > 1:
        follower = _next_sentence(best, by_hit, hits)
        if follower is not None:
            lead.append(follower)
    others: list[_Sentence] = []
    length = sum(len(s.text) for s in lead)
    for score, sentence in scored[1:]:
        if len(lead) + len(others) >= max_sentences or score < FOLLOWER_RATIO * best_score:
            break
        if length + len(sentence.text) > MAX_ANSWER_CHARS or sentence.lead_in:
            continue
        if any(_similar(sentence, other) for other in (*lead, *others)):
            continue
        others.append(sentence)
        length += len(sentence.text)
    # The best sentence leads: it is the answer, and putting it after context sentences of
    # the same passage cost 7 points of first-sentence accuracy on xquad_vi (0.70 vs 0.76).
    # The rest read in article order, so context does not jump around.
    others.sort(key=lambda s: (s.rank, s.position))
    return _render([*lead, *others], hits)


# --- question and sentences ------------------------------------------------------------


def _query(question: str) -> _Query:
    text = normalize(question).lower()
    tokens = _tokens(text)
    accented = fold(text) != text
    content: list[str] = []
    phrases: set[tuple[str, str]] = set()
    previous = ""
    for token in tokens:
        stop = (token in _STOP_SYLLABLES) if accented else (_fold(token) in _STOP_FOLDED)
        if stop:
            previous = ""
            continue
        content.append(token)
        if previous:
            phrases.add((_fold(previous), _fold(token)))
        previous = token
    exact = frozenset(_with_number_parts(content))
    folded = frozenset(_fold(t) for t in exact)
    return _Query(
        exact=exact,
        folded=folded,
        numbers=frozenset(t for t in folded if t[0].isdigit()),
        phrases=frozenset(phrases),
        accented=accented,
        asks=_asks(fold(text) if not accented else text, accented),
    )


def _asks(text: str, accented: bool) -> str:
    padded = f" {' '.join(_tokens(text))} "

    def has(phrases: Sequence[str]) -> bool:
        return any(f" {p if accented else fold(p)} " in padded for p in phrases)

    if has(_ASKS_NUMBER):
        return "number"
    if has(_ASKS_TIME):
        return "time"
    if has(_ASKS_PERSON):
        return "person"
    return ""


def _sentences(rank: int, hit: Hit) -> list[_Sentence]:
    return [
        dataclasses.replace(s, rank=rank, position=hit.start + s.position)
        for s in _analysed(hit.text)
    ]


# Analysing a passage (split, normalise, fold and tokenise every sentence) was most of an
# extractive answer's time, and the same passages come back for many questions: keep the
# analyses of the last few thousand (rank 0, positions relative to the passage).
@functools.lru_cache(maxsize=2048)
def _analysed(text: str) -> tuple[_Sentence, ...]:
    out: list[_Sentence] = []
    for order, (start, end) in enumerate(split_sentences(text)):
        raw = text[start:end]
        if _is_fragment(raw, order):
            continue
        shown = _trim(raw)
        lowered = normalize(shown).lower()
        tokens = _tokens(lowered)
        if len(tokens) < MIN_SENTENCE_TOKENS:
            continue
        folded_seq = [_fold(t) for t in tokens]
        out.append(
            _Sentence(
                rank=0,
                order=order,
                position=start,
                text=shown,
                exact=frozenset(_with_number_parts(tokens)),
                folded=frozenset(_with_number_parts(folded_seq)),
                phrases=frozenset(itertools.pairwise(folded_seq)),
                key=" ".join(folded_seq),
                has_number=any(t[0].isdigit() or t in _NUMBER_WORDS for t in tokens),
                has_time=any(t in _TIME_WORDS for t in tokens)
                and any(t[0].isdigit() for t in tokens),
                has_name=_has_name(shown),
                terminal=shown[-1] in _TERMINAL,
                lead_in=_is_lead_in(shown),
            )
        )
    return tuple(out)


def _is_fragment(raw: str, order: int) -> bool:
    """A piece of a sentence: a chunk that starts inside one (chunking cuts a sentence
    only when it is very long), or a piece ending at a comma."""
    stripped = _BULLET.sub("", raw.strip())
    if order == 0 and stripped[:1].islower():
        return True
    return stripped[-1:] in ",;"


def _trim(raw: str) -> str:
    text = _SPACE_RUNS.sub(" ", raw).strip()
    text = _DATELINE.sub("", text)
    text = _BULLET.sub("", text)
    return text[:1].upper() + text[1:]


def _has_name(text: str) -> bool:
    """Two capitalised syllables in a row after the first word: a person's or place's
    name ("Nguyễn Thiện Nhân", "Bình Thạnh")."""
    words = text.split()[1:]
    return any(a[:1].isupper() and b[:1].isupper() for a, b in itertools.pairwise(words))


def _is_lead_in(text: str) -> bool:
    return text.endswith(":") or fold(text).rstrip(" .").endswith(_LEAD_IN_ENDINGS)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _with_number_parts(tokens: Sequence[str]) -> list[str]:
    out = list(tokens)
    for token in tokens:
        if token[0].isdigit() and not token.isdigit():
            out.extend(re.findall(r"\d+", token))
    return out


@functools.lru_cache(maxsize=16384)
def _fold(token: str) -> str:
    return fold(token)


def _unique(sentences: Iterable[_Sentence]) -> list[_Sentence]:
    """First occurrence of each sentence (overlapping or duplicated passages repeat them)."""
    seen: set[str] = set()
    out: list[_Sentence] = []
    for sentence in sentences:
        if sentence.key not in seen:
            seen.add(sentence.key)
            out.append(sentence)
    return out


# --- scoring ---------------------------------------------------------------------------


def _idf(query: _Query, sentences: Sequence[_Sentence]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for sentence in sentences:
        df.update(query.folded & sentence.folded)
    n = len(sentences)
    return {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in query.folded}


def _score(query: _Query, sentence: _Sentence, idf: dict[str, float], n_hits: int) -> float:
    total = matched = exact = 0.0
    for term in query.folded:
        weight = idf[term] * (NUMBER_WEIGHT if term in query.numbers else 1.0)
        total += weight
        if term not in sentence.folded:
            continue
        if not query.accented or _exact_match(query, sentence, term):
            matched += weight
            exact += weight
        else:
            matched += FOLDED_ONLY_CREDIT * weight
    # Folded-only matches of an accented question are mostly other words ("trọng" is not
    # "trong"): they may add to a sentence that matches, never make one match.
    if exact == 0 or total == 0:
        return 0.0
    score = matched / total
    if query.phrases:
        found = sum(idf.get(a, 0.0) + idf.get(b, 0.0) for a, b in query.phrases & sentence.phrases)
        possible = sum(idf.get(a, 0.0) + idf.get(b, 0.0) for a, b in query.phrases)
        if possible:
            score += PHRASE_WEIGHT * found / possible
    if (
        (query.asks == "number" and sentence.has_number)
        or (query.asks == "time" and sentence.has_time)
        or (query.asks == "person" and sentence.has_name)
    ):
        score += ASKED_KIND_BONUS
    if not sentence.terminal:
        score -= NO_TERMINAL_PENALTY
    score += RANK_PRIOR * (1 - sentence.rank / max(n_hits, 1))
    return score


def _exact_match(query: _Query, sentence: _Sentence, folded_term: str) -> bool:
    return any(_fold(t) == folded_term and t in sentence.exact for t in query.exact)


def _similar(a: _Sentence, b: _Sentence) -> bool:
    union = a.folded | b.folded
    return bool(union) and len(a.folded & b.folded) / len(union) >= NEAR_DUPLICATE


# --- output ----------------------------------------------------------------------------


def _next_sentence(
    sentence: _Sentence, by_hit: Sequence[Sequence[_Sentence]], hits: Sequence[Hit]
) -> _Sentence | None:
    """The sentence after a lead-in ("... như sau:"): next in its passage, or the first
    of the retrieved passage that continues the same article."""
    same = [s for s in by_hit[sentence.rank] if s.order > sentence.order]
    if same:
        return same[0]
    hit = hits[sentence.rank]
    following = [
        rank
        for rank, other in enumerate(hits)
        if other.article_id == hit.article_id and other.start >= hit.end and by_hit[rank]
    ]
    if not following:
        return None
    nearest = min(following, key=lambda rank: hits[rank].start)
    return by_hit[nearest][0]


def _render(ordered: Sequence[_Sentence], hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
    numbers: dict[int, int] = {}
    parts: list[str] = []
    for sentence in ordered:
        n = numbers.setdefault(sentence.rank, len(numbers) + 1)
        text = sentence.text if sentence.terminal or sentence.lead_in else sentence.text + "."
        parts.append(f"{text} [{n}]")
    citations = [Citation.from_hit(n, hits[rank]) for rank, n in numbers.items()]
    return " ".join(parts), citations
