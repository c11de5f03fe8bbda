"""Bad input, swept: property-based tests (hypothesis) over everything a question or an
article passes through: normalisation, folding and sentence splitting (`retrieval.language.text`),
chunking, the lexical tokenizer, follow-up rewriting and the conversation state, and the
answer path (`ask` over a small real index, then `answer_html`).

Inputs: raw `st.text()`, text built from Vietnamese syllables with random tone and vowel
marks (NFC or decomposed, either tone convention, misplaced tones), mixed with emoji, Arabic
and Hebrew, bidi controls, zero-width and other invisible characters, control characters
(NUL included), stray combining marks and lone surrogates; plus explicit examples: the empty
string and 100,000-character strings (one giant word, Vietnamese prose in NFC and NFD, only
newlines, only combining marks, only NUL, only surrogates).

Lone surrogates can reach the product (a JSON "\\ud800" escape in an update or a records
file gives a `str` holding one) but cannot be written as UTF-8. The product's rule: they
become U+FFFD (`retrieval.language.text.scrub_surrogates`) where text enters: in `normalize`, in
`ask` for the question it records, and in the JSON records loader for every field.

Time is bounded, not measured (speed is measured in the benchmarks): every property runs
under a hypothesis `deadline`, on the explicit 100,000-character examples too. Those take
at most 0.8 s of CPU in the follow-up rules and 2 s in `ask`, and well under 0.1 s
elsewhere; the deadlines (10 s, 20 s for `ask`) leave room for a machine shared by several
test runs, and still catch a runaway such as a quadratic scan or regex backtracking, which
would take minutes there. Example counts are kept moderate for the same machine.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from datetime import timedelta
from html import escape
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.messages import answer_html
from bot.split import split_html
from ingest.chunking import LONG_SENTENCE, MERGE_LIMIT, chunk_text
from ingest.pipeline import run
from retrieval.answers.extractive import extractive_answer
from retrieval.answers.types import Answer, Citation, CitedPassage
from retrieval.ask import NO_QUESTION_BEFORE, NOT_FOUND, ask
from retrieval.dialogue.condense import rewrite_with_llm
from retrieval.dialogue.conversation import Conversation
from retrieval.dialogue.followup import rewrite
from retrieval.dialogue.turns import Turn
from retrieval.embedding.torch_backend import SentenceTransformerEmbedder
from retrieval.index.chunks import Hit
from retrieval.language.text import fold, normalize, scrub_surrogates, split_sentences
from retrieval.search.lexical import LexicalIndex
from retrieval.search.terms import Analyzer, tokenize
from retrieval.services import Services, build_services
from retrieval.settings import Settings
from tests.conftest import SAMPLE_ARTICLE
from tests.ingest.test_chunking import check_chunks
from tests.telegram_html import TELEGRAM_MAX_CHARS, assert_valid_html, utf16_length, visible_text

F = TypeVar("F", bound=Callable[..., Any])

# --- strategies ------------------------------------------------------------------------

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip
_NUCLEI = (
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "âu",
    "ay", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua",
    "uâ", "uê", "ui", "uô", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oay", "oeo",
    "uây", "uôi", "ươi", "ươu", "uya", "uyê", "yêu",
)  # fmt: skip
_CODAS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_TONE_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_PLAIN = str.maketrans("ăâêôơưđ", "aaeooud")


@st.composite
def syllables_with_spelling(draw: st.DrawFn) -> tuple[str, str]:
    """(a Vietnamese syllable as someone might type it, its spelling without diacritics).

    The tone mark goes on any vowel of the nucleus (so both conventions, and misplaced
    tones, occur), before or after the vowel's own mark; case and NFC/NFD vary.
    """
    onset, nucleus, coda = (draw(st.sampled_from(p)) for p in (_ONSETS, _NUCLEI, _CODAS))
    letters = [unicodedata.normalize("NFD", c) for c in onset + nucleus + coda]
    tone = draw(st.sampled_from(("", *_TONE_MARKS)))
    if tone:
        at = len(onset) + draw(st.integers(0, len(nucleus) - 1))
        base, marks = letters[at][0], letters[at][1:]
        letters[at] = base + (tone + marks if draw(st.booleans()) else marks + tone)
    text = "".join(letters)
    text = draw(st.sampled_from((str.lower, str.capitalize, str.upper)))(text)
    form = draw(st.sampled_from(("NFC", "NFD", "raw")))
    if form != "raw":
        text = unicodedata.normalize(form, text)  # type: ignore[arg-type]
    return text, (onset + nucleus + coda).translate(_PLAIN)


syllables = syllables_with_spelling().map(lambda pair: pair[0])

# Mostly a plain space, so that syllables make words and sentences.
_SEPARATORS = st.sampled_from(
    [
        " ", " ", " ", " ", " ", " ", " ", " ", "", "  ", "\u00a0", "\t", "\n", "\n\n",
        "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\u3000", "\u202f", "\n \n",
    ]
)  # fmt: skip
_PUNCTUATION = st.sampled_from(
    [
        ".", ",", "?", "!", "…", "...", ":", ";", "-", "–", "/", "“", "”", '"', "'", "(", ")",
        "«", "»", "[1]", "%", "_", "<", ">", "&", "&amp;", "<b>", "</a>", "<a href='x'>",
    ]
)  # fmt: skip
# What the splitter, the tokenizer and the follow-up rules have special cases for.
_SPECIAL_WORDS = st.sampled_from(
    [
        "TP.HCM", "Q.1", "Q. 1", "PGS.TS.", "v.v.", "Nguyễn V. A.", "8/2", "2020-2025",
        "1.000", "3,5%", "7:30", "Ủy ban", "uỷ ban", "hoà", "thuỷ", "qúy", "gìa", "Ông ấy",
        "bà này", "Còn", "thì sao", "năm 2019", "hội nghị này", "là gì", "như thế nào",
        "bao nhiêu", "Thế còn", "nhiem vu trong tam", "Đ.",
    ]
)  # fmt: skip
_EMOJI = st.sampled_from(
    [
        "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇻🇳", "❤\ufe0f", "1\ufe0f\u20e3", "🏳\ufe0f\u200d🌈",
        "\U0001f3fd", "\u200d", "\ufe0f",
    ]
)  # fmt: skip
_RIGHT_TO_LEFT = st.sampled_from(
    [
        "مرحبا", "بِسْمِ ٱللَّٰهِ", "١٢٣", "שָׁלוֹם", "עולם", "\u200f", "\u200e", "\u202b", "\u202e",
        "\u2067", "\u2069", "\u061c",
    ]
)  # fmt: skip
_INVISIBLE = st.sampled_from(
    [
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\ufff9",
        "\U000e0041", "\u034f", "\u2064",
    ]
)  # fmt: skip
_CONTROL = st.characters(categories=["Cc"])  # NUL, C0, DEL, C1
_COMBINING = st.characters(categories=["Mn", "Mc", "Me"])
_SURROGATE = st.characters(categories=["Cs"])

_ATOMS = st.one_of(
    syllables,
    syllables,
    syllables,
    _SPECIAL_WORDS,
    _PUNCTUATION,
    _EMOJI,
    _RIGHT_TO_LEFT,
    _INVISIBLE,
    _CONTROL,
    _COMBINING,
    _SURROGATE,
    st.characters(),
)
vietnamese_text = st.lists(st.tuples(_ATOMS, _SEPARATORS), max_size=60).map(
    lambda pairs: "".join(atom + sep for atom, sep in pairs)
)
any_text = st.one_of(
    vietnamese_text,
    vietnamese_text,
    st.text(),
    st.lists(st.one_of(_CONTROL, _COMBINING, _SURROGATE, _INVISIBLE, _SEPARATORS)).map("".join),
)

# --- explicit examples -----------------------------------------------------------------

BIG = 100_000
_PROSE = (
    "Sáng 8/2, Thành ủy TP.HCM tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2017 và "
    "triển khai nhiệm vụ năm 2018. Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy, báo "
    "cáo: “Hoà bình, thuỷ lợi và Uỷ ban là 1.000 việc cần làm”!\n\n"
)
VIETNAMESE_100K = (_PROSE * (BIG // len(_PROSE) + 1))[:BIG]
BIG_EXAMPLES = (
    "",
    "x" * BIG,  # one giant word, no spaces
    VIETNAMESE_100K,
    unicodedata.normalize("NFD", VIETNAMESE_100K)[:BIG],
    "\n" * BIG,
    ("hoà thuỷ " * BIG)[:BIG],  # every word goes through the tone-convention path
    "\u0301" * BIG,  # combining marks with nothing to combine with
    "a\u0301" * (BIG // 2),  # a letter with an accent, no spaces, NFD
    "\x00" * BIG,
    "\ud800" * BIG,  # lone surrogates
    "😀" * BIG,
    ". " * (BIG // 2),
)


def with_examples(*values: str) -> Callable[[F], F]:
    """@example(value) for each value (tests whose only argument is the text)."""

    def apply(test: F) -> F:
        for value in reversed(values):
            test = example(value)(test)
        return test

    return apply


# Generous on purpose (see the module docstring): a runaway, not a slow machine, fails it.
DEADLINE = timedelta(seconds=10)
CHEAP = settings(max_examples=100, deadline=DEADLINE)
SLOWER = settings(
    max_examples=30,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- helpers ---------------------------------------------------------------------------


def categories(text: str) -> set[str]:
    return {unicodedata.category(c) for c in text}


def invisible(text: str) -> set[str]:
    """Control (but newline), format and surrogate characters in `text`."""
    return {c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs") and c != "\n"}


def assert_writable(text: str) -> None:
    """What the bot persists and sends is UTF-8: no lone surrogate may survive."""
    text.encode("utf-8")


def _ink(text: str) -> str:
    """The text without its whitespace (a cut between messages drops the break)."""
    return "".join(text.split())


def check_answer_html(answer: Answer, html: str) -> None:
    assert_valid_html(html)
    # Every <, > and & of the answer and its sources was escaped: the user sees them as
    # they were written.
    shown = visible_text(html)
    assert shown.startswith(answer.text)
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert escape(citation.title or citation.source or "Bài viết", quote=False) in html
    assert_writable(html)
    # Long answers go out in several messages (bot.split): each one valid and within
    # Telegram's limit, together showing everything.
    parts = split_html(html)
    for part in parts:
        assert_valid_html(part)
        assert utf16_length(visible_text(part)) <= TELEGRAM_MAX_CHARS
    assert _ink("".join(visible_text(p) for p in parts)) == _ink(shown)


# --- retrieval.language.text --------------------------------------------------------------------


@CHEAP
@given(any_text)
# "hoa" + grave + circumflex: the tone moved to "o" and NFC then fused the stray circumflex
# with the "a" it left, so normalize was not idempotent (found by the syllable property).
@with_examples(*BIG_EXAMPLES, "hoa\u0300\u0302", "\ud83d\ude00\ud800")
def test_normalize_is_idempotent_clean_and_writable(text: str) -> None:
    normalized = normalize(text)
    assert normalize(normalized) == normalized
    assert unicodedata.normalize("NFC", normalized) == normalized
    assert normalized == normalized.strip()
    assert "  " not in normalized and " \n" not in normalized and "\n " not in normalized
    # No control, format or surrogate characters; the only spaces are " " and "\n".
    assert not invisible(normalized), invisible(normalized)
    assert not categories(normalized) & {"Zl", "Zp"}
    assert {c for c in normalized if unicodedata.category(c) == "Zs"} <= {" "}
    assert_writable(normalized)


@CHEAP
@given(any_text)
@with_examples(*BIG_EXAMPLES, "0 \u0300", "a \u0301 b", "\u0301 a")
def test_fold_has_no_vietnamese_diacritics_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(normalize(text)) == folded
    assert folded == folded.strip() and "  " not in folded
    assert "đ" not in folded and "Đ" not in folded
    marks = [c for c in unicodedata.normalize("NFD", folded) if "\u0300" <= c <= "\u036f"]
    assert not marks
    assert_writable(folded)


@CHEAP
@given(st.lists(syllables_with_spelling(), min_size=1, max_size=8))
@example([("a", "a"), ("oa\u0300\u0306", "oa")])  # found by hypothesis: see normalize
def test_fold_of_vietnamese_syllables_is_their_plain_spelling(
    words: list[tuple[str, str]],
) -> None:
    typed = " ".join(word for word, _ in words)
    assert fold(typed) == " ".join(plain for _, plain in words)
    assert normalize(typed) == normalize(normalize(typed))


@CHEAP
@given(any_text)
@with_examples(*BIG_EXAMPLES, "a\u2028b", "Ông A.\u2029B.")
def test_split_sentences_spans_cover_every_non_space_character(text: str) -> None:
    spans = split_sentences(text)
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        sentence = text[start:end]
        assert not sentence[0].isspace() and not sentence[-1].isspace()
        # A line break always ends a sentence.
        assert not set(sentence) & {"\n", "\r", "\u2028", "\u2029"}, sentence
        assert text[position:start].isspace() or position == start
        position = end
    assert text[position:].isspace() or position == len(text)
    assert split_sentences(text) == spans


# --- ingest.chunking -------------------------------------------------------------------


def longest_cluster(text: str) -> int:
    """Longest run that no cut may split: a character with the combining marks, joiners,
    variation selectors and skin-tone modifiers that attach to it (a reference for
    chunk_text's promise, written independently of it)."""
    longest = run = 0
    for i, char in enumerate(text):
        attaches = (
            unicodedata.combining(char)
            or char in "\u200c\u200d\ufe0e\ufe0f"
            or "\u20dd" <= char <= "\u20e4"
            or "\U0001f3fb" <= char <= "\U0001f3ff"
            or (i > 0 and text[i - 1] == "\u200d")
        )
        run = run + 1 if attaches and i > 0 else 1
        longest = max(longest, run)
    return longest


@CHEAP
@given(any_text, st.sampled_from([1, 3, 10, 40, 100, 300, 1000]))
@example("x" * BIG, 1000)
@example(VIETNAMESE_100K, 1000)
@example(unicodedata.normalize("NFD", VIETNAMESE_100K), 300)
@example("\n" * BIG, 100)
@example("a\u0301" * (BIG // 2), 1000)
@example("\u0301" * BIG, 1000)
@example("\ud800" * BIG, 1000)
@example(". " * (BIG // 2), 1000)
@example("", 1)
def test_chunks_are_exact_disjoint_spans_within_size(text: str, target: int) -> None:
    chunks = chunk_text(text, target)
    # Exact spans, trimmed, disjoint, in order; every non-space character in exactly one
    # chunk; the paragraph index; a paragraph within the target never split; deterministic.
    check_chunks(text, chunks, target)
    # Within the target, except: a leftover merged into the previous chunk (up to 1.5 x),
    # a sentence kept whole (up to 2 x), and a word cut where it must be, moved past the
    # marks that attach to a character.
    limit = max(MERGE_LIMIT, LONG_SENTENCE) * target + longest_cluster(text)
    assert all(len(c.text) <= limit for c in chunks), max(len(c.text) for c in chunks)


# --- retrieval.search.lexical -----------------------------------------------------------------


@CHEAP
@given(any_text)
@with_examples(*BIG_EXAMPLES, "là gì bao nhiêu", "nhu the nao", "8/2/2018 1.000 3,5")
def test_lexical_terms_are_clean_deterministic_and_folded_consistently(text: str) -> None:
    terms = Analyzer().terms(text)
    for term in terms.all:
        assert isinstance(term, str) and term, terms
        assert not any(c.isspace() for c in term), term
    assert not any(t.startswith("~") for t in terms.exact)
    assert terms.folded == ["~" + fold(t) for t in terms.exact]
    assert tokenize(text) == terms.all
    # The index and the question see the same terms however the text was typed.
    assert tokenize(normalize(text)) == terms.all
    weights = Analyzer().query_weights(text)
    assert all(w > 0 and math.isfinite(w) for w in weights.values())
    assert_writable("".join(terms.all))


@settings(max_examples=50, deadline=DEADLINE)
@given(st.lists(any_text, min_size=1, max_size=6), any_text)
def test_lexical_index_over_bad_texts_answers_any_query(docs: list[str], query: str) -> None:
    index = LexicalIndex.from_texts(((f"c{i}", d) for i, d in enumerate(docs)))
    hits = index.search(query, 3)
    assert len(hits) <= 3
    assert {cid for cid, _ in hits} <= {f"c{i}" for i in range(len(docs))}
    scores = [score for _, score in hits]
    assert all(math.isfinite(s) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


# --- follow-ups and the conversation state ---------------------------------------------

_PREVIOUS: dict[str, Any] = {
    "question": "Ông Ma Xuân Việt báo cáo về nội dung gì năm 2018?",
    "answer": (
        "Ông Ma Xuân Việt, Phó Trưởng Ban Tổ chức Thành ủy, báo cáo tổng kết công tác xây "
        "dựng Đảng năm 2017 tại hội nghị ở quận 8 [1]."
    ),
    "chunk_ids": ["a1:0"],
    "article_ids": ["a1"],
    "titles": ["Chú trọng nâng cao chất lượng tổ chức Cơ sở Đảng"],
}
FOLLOW_UPS = (
    "Ông ấy giữ chức vụ gì?",
    "Còn năm 2019 thì sao?",
    "Thế còn quận 5?",
    "Hội nghị này diễn ra ở đâu?",
    "Còn gì nữa?",
    "con nam 2019 thi sao",
)


def conversation_with(previous: dict[str, Any]) -> Conversation:
    conversation = Conversation()
    conversation.add_turn(Turn.from_dict(previous))
    return conversation


@CHEAP
@given(any_text)
@with_examples(*BIG_EXAMPLES, *FOLLOW_UPS, "Còn \ud800 thì sao?", "Ông ấy\x00?")
def test_rewrite_never_raises_and_keeps_a_question(question: str) -> None:
    conversation = conversation_with(_PREVIOUS)
    standalone, rewritten = rewrite(question, conversation)
    assert isinstance(standalone, str)
    if not rewritten:
        assert standalone is question
    else:
        assert standalone.strip() and standalone != question
        # Built from normalized text: nothing invisible, nothing unwritable.
        assert not invisible(standalone), standalone
        assert_writable(standalone)
    if normalize(question):
        assert standalone.strip()


@settings(max_examples=60, deadline=DEADLINE)
@given(any_text, any_text, st.sampled_from(FOLLOW_UPS) | any_text)
@example("x" * BIG, VIETNAMESE_100K, "Ông ấy giữ chức vụ gì?")
@example("\ud800", "\x00" * 10, "Còn năm 2019 thì sao?")
def test_rewrite_against_a_history_of_bad_input(
    previous_question: str, previous_answer: str, question: str
) -> None:
    """What users asked before is stored and read back by the rules: it may be anything."""
    previous = {**_PREVIOUS, "question": previous_question, "answer": previous_answer}
    conversation = conversation_with(previous)
    standalone, rewritten = rewrite(question, conversation)
    if normalize(question):
        assert standalone.strip()
    if rewritten:
        assert not invisible(standalone), standalone
        assert_writable(standalone)


@settings(max_examples=60, deadline=DEADLINE)
@given(st.sampled_from(FOLLOW_UPS) | any_text, st.none() | any_text)
@example("Ông ấy giữ chức vụ gì?", "x" * BIG)
@example("Ông ấy giữ chức vụ gì?", "\n\n\n")
@example("Ông ấy giữ chức vụ gì?", "Câu hỏi: «Ông Ma Xuân Việt giữ chức vụ gì?»\nGiải thích…")
def test_rewrite_with_an_llm_returning_garbage(question: str, reply: str | None) -> None:
    """An LLM condenser may return anything; what is searched stays one sane question."""
    conversation = conversation_with(_PREVIOUS)
    standalone, rewritten = rewrite_with_llm(question, conversation, lambda _q, _h: reply)
    assert isinstance(standalone, str)
    if normalize(question):
        assert standalone.strip()
    if rewritten and reply is not None and standalone in normalize(reply):
        assert "\n" not in standalone and len(standalone) <= max(300, 4 * len(question))


@CHEAP
@given(any_text, any_text, any_text)
@example("\ud800", "\udfff", "\x00")
@example("x" * BIG, VIETNAMESE_100K, "")
def test_conversation_state_round_trips_and_is_utf8(question: str, answer: str, title: str) -> None:
    conversation = conversation_with(
        {**_PREVIOUS, "question": question, "answer": answer, "titles": [title]}
    )
    state = conversation.to_json()
    assert Conversation.from_json(state).turns == conversation.turns
    if "Cs" not in categories(question + answer + title):
        assert_writable(state)  # ask() scrubs surrogates from what it records


# --- the answer path: extractive answers and HTML over bad text ------------------------


@st.composite
def passages_and_question(draw: st.DrawFn) -> tuple[list[str], str]:
    """Passages of bad text, and a question made of their words (so that sentences match)
    or of anything at all."""
    passages = draw(st.lists(any_text, min_size=1, max_size=5))
    words = " ".join(passages).split()
    from_words: bool = draw(st.booleans())
    if words and from_words:
        picked = draw(st.lists(st.sampled_from(words), min_size=1, max_size=8))
        return passages, " ".join(picked) + "?"
    return passages, draw(any_text)


def hit(n: int, text: str) -> Hit:
    return Hit(
        chunk_id=f"a{n}:0", article_id=f"a{n}", title=f"Bài <{n}> & tin", source="", url="",
        published="", origin="", text=text, start=0, end=len(text), paragraph=0, score=1.0,
    )  # fmt: skip


@CHEAP
@given(passages_and_question())
@example(([VIETNAMESE_100K, "x" * BIG], "Thành ủy TP.HCM tổ chức hội nghị gì?"))
@example((["Ông A nói: <b>&amp;</b> \x00 là gì.", "\u0301" * BIG], "Ông A nói gì?"))
def test_extractive_answer_over_bad_passages(case: tuple[list[str], str]) -> None:
    passages, question = case
    hits = [hit(n, scrub_surrogates(p)) for n, p in enumerate(passages)]
    text, citations = extractive_answer(question, hits, max_sentences=3)
    assert bool(text) == bool(citations)
    assert [c.n for c in citations] == list(range(1, len(citations) + 1))
    assert {c.chunk_id for c in citations} <= {h.chunk_id for h in hits}
    for citation in citations:
        assert f"[{citation.n}]" in text
    # Three sentences at most, each at most as long as the passage it came from.
    assert len(text) <= 3 * (max(len(p) for p in passages) + 8)
    if text:
        answer = Answer(
            question=question, standalone=question, text=text, citations=tuple(citations)
        )
        check_answer_html(answer, answer_html(answer))


@CHEAP
@given(
    any_text,
    st.lists(st.tuples(any_text, any_text, any_text, any_text), max_size=4),
)
@example("a < b && c > d <b>", [("<a href='x'>", 'https://x.vn/?a=1&b="2"', "<S&P>", "")])
@example(VIETNAMESE_100K, [("", "", "", "")])
@example("x" * BIG, [(VIETNAMESE_100K, "", "&" * BIG, "<" * 10)])
def test_answer_html_escapes_everything_it_is_given(
    text: str, sources: list[tuple[str, str, str, str]]
) -> None:
    """Whatever an article or the LLM put in an answer, its sources' titles, URLs and
    publishers (surrogates aside: the loaders scrub those), the reply is valid HTML."""
    text = scrub_surrogates(text)
    citations = tuple(
        Citation(
            n=n, article_id=f"a{n}", title=scrub_surrogates(title),
            source=scrub_surrogates(source), published=scrub_surrogates(published),
            url=scrub_surrogates(url), origin="", passages=(CitedPassage(f"c{n}", 0, 0, "", 1.0),),
        )
        for n, (title, url, source, published) in enumerate(sources, start=1)
    )  # fmt: skip
    answer = Answer(
        question="?", standalone="?", text=text + "".join(f" [{c.n}]" for c in citations),
        citations=citations,
    )  # fmt: skip
    check_answer_html(answer, answer_html(answer))


# --- the answer path: ask() over a real index, then answer_html ------------------------

_LONG_TASKS = (
    "sử dụng chữ ký số", "xử lý hồ sơ trực tuyến", "cập nhật cơ sở dữ liệu dân cư",
    "bảo đảm an toàn thông tin", "họp trực tuyến", "số hóa văn bản lưu trữ",
)  # fmt: skip
_LONG_PLACES = (
    "quận 1", "quận 3", "quận 5", "quận 8", "quận Bình Thạnh", "quận Gò Vấp",
    "huyện Củ Chi", "huyện Nhà Bè", "thành phố Thủ Đức", "huyện Cần Giờ", "quận 10",
    "quận 12",
)  # fmt: skip

# Articles that are bad input themselves: markup-like text everywhere, mixed scripts and
# invisible characters in the body, and sentences far longer than a chunk.
_NOISY_ARTICLES = {
    "special.json": {
        "title": "Điện lực <A&B> công bố lịch cắt điện </b><a href='x'>",
        "text": (
            "Công ty Điện lực A&B thông báo lịch cắt điện tại khu vực <Bến Nghé> vào ngày "
            "5/5/2024, từ 8 giờ đến 17 giờ, để bảo trì trạm biến áp 110kV & <b>trạm</b> phụ.\n\n"
            "Khách hàng cần hỗ trợ gọi tổng đài 1900 &amp; số nội bộ 5 hoặc <script>."
        ),
        "url": 'https://example.vn/tin?id=1&lang=vi&q="<x>"',
        "source": "Báo <Thử> & Cộng sự",
        "published": "2024-05-01",
    },
    "mixed.json": {
        "title": "Lễ hội \ud800 văn hóa \ud83c\udf89 مرحبا שלום",  # a lone surrogate; a pair
        "text": (
            "Lễ hội văn hóa\u200b quốc tế 🇻🇳 khai mạc tại TP.HCM với đoàn nghệ sĩ từ "
            "Ai Cập (مرحبا بالعالم) và Israel (שלום עולם)\u202e, thu hút 10.000 khách "
            "👨\u200d👩\u200d👧.\n\n"
            "Ban tổ chức cho biết\x00 lễ hội kéo dài 3 ngày\x07, miễn phí vé vào cửa."
        ),
        "source": "Tin <tổng hợp>",
    },
    # Three paragraphs of one sentence each, just under 2 x CHUNK_TARGET_CHARS: each is
    # kept whole, and an answer quotes one whole.
    "long.json": {
        "title": "Kế hoạch chuyển đổi số năm 2024",
        "text": "\n\n".join(
            f"Kế hoạch chuyển đổi số năm 2024 của thành phố, phần {part}, yêu cầu cán bộ, "
            "công chức, viên chức "
            + ", ".join(
                f"{task} tại {place}"
                for place, task in itertools.product(_LONG_PLACES[part:], _LONG_TASKS)
            )[:1900]
            + "."
            for part in range(3)
        ),
    },
}


@pytest.fixture(scope="module")
def services(
    tmp_path_factory: pytest.TempPathFactory,
    base_settings: Settings,
    embedder: SentenceTransformerEmbedder,
) -> Iterator[Services]:
    """One small real index for the module (embedding is the slow part)."""
    root = tmp_path_factory.mktemp("properties-index")
    articles = root / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE_ARTICLE, articles / SAMPLE_ARTICLE.name)
    for name, record in _NOISY_ARTICLES.items():
        # ASCII JSON: surrogates become "\\udXXX" escapes, as a careless exporter writes them.
        (articles / name).write_text(json.dumps(record), "utf-8")
    settings = base_settings.model_copy(
        update={"chroma_path": root / "chroma", "ingest_sources": [str(articles)]}
    )
    report = run(settings, embedder)
    assert not report.failed and len(report.added) == 1 + len(_NOISY_ARTICLES), report
    built = build_services(settings, embedder)
    ask("Nhiệm vụ trọng tâm năm 2018 là gì?", None, built)  # warm up outside the deadline
    yield built
    built.close()


@pytest.fixture(scope="module")
def seed_turn(services: Services) -> Turn:
    """A real turn to follow up on."""
    conversation = Conversation()
    ask("Ông Ma Xuân Việt báo cáo về nội dung gì?", conversation, services)
    return conversation.turns[-1]


ANSWER_QUESTIONS = (
    "Nhiệm vụ trọng tâm năm 2018 là gì?",
    "Điện lực <A&B> cắt điện ở <Bến Nghé> khi nào?",
    "Lễ hội văn hóa 🎉 ở đâu?",
    "Kế hoạch chuyển đổi số năm 2024 yêu cầu cán bộ, công chức, viên chức những gì?",
    "<b>Tổng đài</b> &amp; số nội bộ?",
)


@SLOWER
@given(st.sampled_from(ANSWER_QUESTIONS) | any_text, st.booleans())
@example("", False)
@example("", True)
@example("x" * BIG, False)
@example(VIETNAMESE_100K, True)
@example("\u0301" * BIG, False)
@example("\ud800 Nhiệm vụ trọng tâm năm 2018 là gì? \udfff", True)
@example("Ông ấy giữ chức vụ gì?", True)
@example(ANSWER_QUESTIONS[3], False)
def test_answer_is_valid_bounded_telegram_html(
    services: Services, seed_turn: Turn, question: str, follow_up: bool
) -> None:
    conversation = Conversation()
    if follow_up:
        conversation.add_turn(seed_turn)
    answer = ask(question, conversation, services)
    assert answer.text
    # Alone, a question with nothing of its own ("à") is taken for a follow-up.
    declined = (NOT_FOUND,) if follow_up else (NOT_FOUND, NO_QUESTION_BEFORE)
    assert answer.found or answer.text in declined
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    # Bounded: at most ANSWER_MAX_SENTENCES sentences, none longer than a chunk may be
    # (2 x CHUNK_TARGET_CHARS), each with its " [n]" marker.
    settings = services.settings
    limit = settings.answer_max_sentences * (LONG_SENTENCE * settings.chunk_target_chars + 8)
    assert len(answer.text) <= limit, len(answer.text)
    check_answer_html(answer, answer_html(answer))
    # What the bot then persists (the conversation state) must be writable as UTF-8.
    assert_writable(conversation.to_json())


def test_noisy_articles_are_quoted_escaped(services: Services) -> None:
    """The markup-laden article, checked by hand as well."""
    answer = ask(ANSWER_QUESTIONS[1], None, services)
    assert answer.found and "A&B" in answer.text
    html = answer_html(answer)
    assert "A&amp;B" in html and "&lt;Bến Nghé&gt;" in html
    check_answer_html(answer, html)


def test_long_sentences_are_quoted_whole(services: Services) -> None:
    answer = ask(ANSWER_QUESTIONS[3], None, services)
    assert answer.found and len(answer.text) > 1900
    check_answer_html(answer, answer_html(answer))


def test_surrogate_escapes_in_a_records_file_are_ingested_as_replacement_characters(
    services: Services,
) -> None:
    store = services.retriever.store
    titles = {a.title for a in store.committed().values()}
    assert "Lễ hội \ufffd văn hóa 🎉 مرحبا שלום" in titles, titles
