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

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from retrieval.answers.types import Citation
from retrieval.index.chunks import Hit
from retrieval.language.text import PLAIN_LETTERS, fold, is_plain, normalize, split_sentences
from retrieval.language.vocabulary import (
    ANSWER_STOP_SYLLABLES,
    ASKED_KINDS,
    LEAD_IN_ENDINGS,
    NUMBER_SEPARATOR,
    NUMBER_WORDS,
    SYLLABLE_OR_NUMBER,
    TIME_WORDS,
)

__all__ = ["extractive_answer"]

# The words themselves (stop syllables, what a question asks for, number and time words,
# lead-in endings) are in `retrieval.language.vocabulary`.
_STOP_FOLDED = frozenset(fold(word) for word in ANSWER_STOP_SYLLABLES)
_ASKS_FOLDED = tuple((kind, tuple(fold(p) for p in phrases)) for kind, phrases in ASKED_KINDS)

# "(VOH) - " / "(PLO) – " at the start of an article: a dateline, not part of the answer.
_DATELINE = re.compile(r"^\([^()\n]{1,40}\)\s*[-–—]\s*")
_BULLET = re.compile(r"^(?:[-–—•*+·]\s+)")
_PREFIX_STARTS = "(-–—•*+·"  # the first characters of a dateline or a bullet
_TERMINAL = ".!?…\"'”’»)"

# Two capitalised words in a row, not the first, in plain text (`_has_name`).
_PLAIN_CAPITALS = f"A-Z{PLAIN_LETTERS.upper()}"
_PLAIN_NAME = re.compile(f" [{_PLAIN_CAPITALS}][^ ]* [{_PLAIN_CAPITALS}]")
# The plain letters that `fold` changes once lowercase: all but ASCII.
_ACCENTED = re.compile(f"[{''.join(c for c in PLAIN_LETTERS if not c.isascii())}]")
# `SYLLABLE_OR_NUMBER` on plain lowercase text, without Unicode category lookups: a third
# faster.
_PLAIN_TOKEN = re.compile(f"[0-9]+(?:[.,/:-][0-9]+)*|[a-z{PLAIN_LETTERS}]+")
_LONGEST_LEAD_IN_ENDING = max(map(len, LEAD_IN_ENDINGS))

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
    folded: frozenset[str]  # content tokens, normalised lowercase, folded
    spellings: dict[str, frozenset[str]]  # folded token -> the question's tokens for it
    numbers: frozenset[str]  # folded tokens that are numbers
    phrases: frozenset[tuple[str, str]]  # adjacent content syllables, folded
    # each phrase, with how it reads in a `_Sentence.key` padded with spaces
    phrase_keys: tuple[tuple[tuple[str, str], str], ...]
    accented: bool
    asks: str  # "number", "time", "person" or ""


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

    # Needed only to score a sentence that matches or to quote one, so computed on first use.
    @functools.cached_property
    def text(self) -> str:
        """As shown: trimmed, spaces collapsed."""
        return _trim(self.raw)

    @functools.cached_property
    def phrases(self) -> frozenset[tuple[str, str]]:
        return frozenset(itertools.pairwise(self.key.split(" ")))

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


class _Candidate(NamedTuple):
    rank: int  # index of the hit in the retrieval order
    sentence: _Sentence


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
    by_hit = [_analysed(hit.text) for hit in hits]
    candidates = _unique(
        _Candidate(rank, sentence)
        for rank, sentences in enumerate(by_hit)
        for sentence in sentences
    )
    if not candidates or not query.folded:
        return "", []
    weights = _weights(query, candidates)
    scored = sorted(
        ((_score(query, c, weights, len(hits)), c) for c in candidates),
        key=lambda pair: (-pair[0], pair[1].rank, pair[1].sentence.order),
    )
    best_score, best = scored[0]
    if best_score <= 0:
        return "", []
    lead = [best]
    if best.sentence.lead_in and max_sentences > 1:
        follower = _next_sentence(best, by_hit, hits)
        if follower is not None:
            lead.append(follower)
    others: list[_Candidate] = []
    length = sum(len(c.sentence.text) for c in lead)
    for score, candidate in scored[1:]:
        sentence = candidate.sentence
        if len(lead) + len(others) >= max_sentences or score < FOLLOWER_RATIO * best_score:
            break
        if length + len(sentence.text) > MAX_ANSWER_CHARS or sentence.lead_in:
            continue
        if any(_similar(sentence, other.sentence) for other in (*lead, *others)):
            continue
        others.append(candidate)
        length += len(sentence.text)
    # The best sentence leads: it is the answer, and putting it after context sentences of
    # the same passage cost 7 points of first-sentence accuracy on xquad_vi (0.70 vs 0.76).
    # The rest read in article order (within a hit, passage order is article order), so
    # context does not jump around.
    others.sort(key=lambda c: (c.rank, c.sentence.start))
    return _render([*lead, *others], hits)


# --- question and sentences ------------------------------------------------------------


def _query(question: str) -> _Query:
    text = normalize(question).lower()
    tokens = _tokens(text)
    accented = _is_accented(text)
    content: list[str] = []
    phrases: set[tuple[str, str]] = set()
    previous = ""
    for token in tokens:
        stop = (token in ANSWER_STOP_SYLLABLES) if accented else (_fold(token) in _STOP_FOLDED)
        if stop:
            previous = ""
            continue
        content.append(token)
        if previous:
            phrases.add((_fold(previous), _fold(token)))
        previous = token
    exact = frozenset([*content, *_number_parts(content)])
    folded = frozenset(_fold(t) for t in exact)
    spellings: dict[str, set[str]] = {}
    for token in exact:
        spellings.setdefault(_fold(token), set()).add(token)
    return _Query(
        folded=folded,
        spellings={term: frozenset(spelled) for term, spelled in spellings.items()},
        numbers=frozenset(t for t in folded if t[0].isdigit()),
        phrases=frozenset(phrases),
        phrase_keys=tuple(((a, b), f" {a} {b} ") for a, b in phrases),
        accented=accented,
        asks=_asks(tokens, accented),  # unaccented text is its own fold
    )


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
        if _is_fragment(raw, order):
            continue
        if lowered is not None and raw[0] not in _PREFIX_STARTS:
            tokens = _PLAIN_TOKEN.findall(lowered, start, end)
        else:
            shown = _trim(raw)
            tokens = _tokens((shown if is_plain(shown) else normalize(shown)).lower())
        if len(tokens) < MIN_SENTENCE_TOKENS:
            continue
        folded_seq = _fold_all(tokens)
        key = " ".join(folded_seq)
        # The parts of numbers such as "8/2"; the same for both sets, since fold leaves
        # numbers as they are and makes no digits.
        parts = _number_parts(folded_seq) if NUMBER_SEPARATOR.search(key) else []
        out.append(
            _Sentence(
                order=order,
                start=start,
                raw=raw,
                exact=frozenset([*tokens, *parts]),
                folded=frozenset([*folded_seq, *parts]),
                key=key,
                terminal=raw[-1] in _TERMINAL,  # trimming keeps the end
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
    text = " ".join(raw.split())  # whitespace runs as one space, stripped
    text = _DATELINE.sub("", text)
    text = _BULLET.sub("", text)
    return text[:1].upper() + text[1:]


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
        return " ".join(map(_fold, end.split(" "))).endswith(LEAD_IN_ENDINGS)
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
_FOLDED: dict[str, str] = {}
_MAX_FOLDED = 50_000


def _fold(token: str) -> str:
    folded = _FOLDED.get(token)
    if folded is None:
        if len(_FOLDED) >= _MAX_FOLDED:
            _FOLDED.clear()  # rare enough to start afresh
        folded = _FOLDED[token] = fold(token)
    return folded


def _fold_all(tokens: list[str]) -> list[str]:
    try:
        return list(map(_FOLDED.__getitem__, tokens))
    except KeyError:
        return list(map(_fold, tokens))


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


def _score(query: _Query, candidate: _Candidate, weights: _Weights, n_hits: int) -> float:
    sentence = candidate.sentence
    if query.folded.isdisjoint(sentence.folded):
        return 0.0
    matched = exact = 0.0
    for term, weight in weights.terms.items():
        if term not in sentence.folded:
            continue
        if not query.accented or not query.spellings[term].isdisjoint(sentence.exact):
            matched += weight
            exact += weight
        else:
            matched += FOLDED_ONLY_CREDIT * weight
    # Folded-only matches of an accented question are mostly other words ("trọng" is not
    # "trong"): they may add to a sentence that matches, never make one match.
    if exact == 0 or weights.total == 0:
        return 0.0
    score = matched / weights.total
    if weights.phrases:
        # The key tells which phrases the sentence has. With none the bonus is 0; with
        # several they are summed in the order of the sets' intersection, as always.
        padded = f" {sentence.key} "
        found = [phrase for phrase, key in query.phrase_keys if key in padded]
        if len(found) > 1:
            found = list(query.phrases & sentence.phrases)
        if found:
            idf = weights.idf
            bonus = sum(idf.get(a, 0.0) + idf.get(b, 0.0) for a, b in found)
            score += PHRASE_WEIGHT * bonus / weights.phrases
    if (
        (query.asks == "number" and sentence.has_number)
        or (query.asks == "time" and sentence.has_time)
        or (query.asks == "person" and sentence.has_name)
    ):
        score += ASKED_KIND_BONUS
    if not sentence.terminal:
        score -= NO_TERMINAL_PENALTY
    score += RANK_PRIOR * (1 - candidate.rank / max(n_hits, 1))
    return score


def _similar(a: _Sentence, b: _Sentence) -> bool:
    union = a.folded | b.folded
    return bool(union) and len(a.folded & b.folded) / len(union) >= NEAR_DUPLICATE


# --- output ----------------------------------------------------------------------------


def _next_sentence(
    lead_in: _Candidate, by_hit: Sequence[Sequence[_Sentence]], hits: Sequence[Hit]
) -> _Candidate | None:
    """The sentence after a lead-in ("... như sau:"): next in its passage, or the first
    of the retrieved passage that continues the same article."""
    same = [s for s in by_hit[lead_in.rank] if s.order > lead_in.sentence.order]
    if same:
        return _Candidate(lead_in.rank, same[0])
    hit = hits[lead_in.rank]
    following = [
        rank
        for rank, other in enumerate(hits)
        if other.article_id == hit.article_id and other.start >= hit.end and by_hit[rank]
    ]
    if not following:
        return None
    nearest = min(following, key=lambda rank: hits[rank].start)
    return _Candidate(nearest, by_hit[nearest][0])


def _render(ordered: Sequence[_Candidate], hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
    numbers: dict[int, int] = {}
    parts: list[str] = []
    for rank, sentence in ordered:
        n = numbers.setdefault(rank, len(numbers) + 1)
        text = sentence.text if sentence.terminal or sentence.lead_in else sentence.text + "."
        parts.append(f"{text} [{n}]")
    citations = [Citation.from_hit(n, hits[rank]) for rank, n in numbers.items()]
    return " ".join(parts), citations
