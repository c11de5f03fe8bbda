"""The word lists keep the conventions their readers rely on: a word added in the wrong
form would silently never match."""

from __future__ import annotations

import re

import pytest

from retrieval.language import vocabulary
from retrieval.language.text import fold, normalize

# Written folded by hand: a fold can be another word, so these are not derived.
FOLDED_LISTS = {"FOLDED_SEARCH_QUESTION_WORDS", "FOLDED_SEARCH_STOPWORDS", "LEAD_IN_ENDINGS"}


def _entries(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for key in value for w in _entries(key)]
    if isinstance(value, (tuple, frozenset)):
        return [w for item in value for w in _entries(item)]
    return []


WORD_LISTS = {
    name: _entries(getattr(vocabulary, name))
    for name in vocabulary.__all__
    if not isinstance(getattr(vocabulary, name), re.Pattern)
}


def test_every_list_has_words() -> None:
    assert all(WORD_LISTS.values())


@pytest.mark.parametrize("name", sorted(WORD_LISTS))
def test_entries_are_lowercase_normalised_single_spaced(name: str) -> None:
    for entry in WORD_LISTS[name]:
        if name == "ASKED_KINDS" and entry in ("number", "time", "person"):
            continue  # the kinds' names
        assert entry == normalize(entry).lower(), (name, entry)
        assert entry == " ".join(entry.split()), (name, entry)
        if name in FOLDED_LISTS:
            assert entry == fold(entry), (name, entry)


def test_question_words_share_their_core() -> None:
    core = vocabulary.QUESTION_SYLLABLES
    assert core <= vocabulary.SEARCH_QUESTION_WORDS
    assert core <= vocabulary.REWRITE_QUESTION_WORDS
    assert set(vocabulary.QUESTION_PHRASES) <= set(vocabulary.SEARCH_QUESTION_PHRASES)
    assert set(vocabulary.QUESTION_PHRASES) <= set(vocabulary.TOPIC_QUESTION_PHRASES)


def test_tokens_keep_numbers_whole() -> None:
    text = "Ngày 8/2/2018, 1.000 đại biểu (U23) dự Super_Bowl_50."
    assert vocabulary.SYLLABLE_OR_NUMBER.findall(text) == [
        "Ngày", "8/2/2018", "1.000", "đại", "biểu", "U", "23", "dự", "Super", "Bowl", "50",
    ]  # fmt: skip
    assert vocabulary.WORD_NUMBER_OR_MARK.findall(text) == [
        "Ngày", "8/2/2018", ",", "1.000", "đại", "biểu", "(", "U23", ")", "dự", "Super", "_",
        "Bowl", "_", "50", ".",
    ]  # fmt: skip
