"""`legal_reference` is cached (search and the answer step read it three times per
question): what it returns must be immutable, and the same for the same question."""

from __future__ import annotations

import dataclasses

import pytest

from retrieval.language.legalref import LegalRef, legal_reference


def test_cached_reference_cannot_be_changed_by_a_caller() -> None:
    ref = legal_reference("Khoản 2 Điều 14 quy định gì?")
    assert ref == LegalRef("14", "2", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.article = "9"  # type: ignore[misc]
    ref.levels().append(("Điểm", "z"))  # a new list each call
    again = legal_reference("Khoản 2 Điều 14 quy định gì?")
    assert again == LegalRef("14", "2", "")
    assert again.levels() == [("Điều", "14"), ("Khoản", "2")]


def test_reference_typed_without_accents_and_none() -> None:
    assert legal_reference("dieu 5 khoan 2 diem a") == LegalRef("5", "2", "a")
    assert legal_reference("khoản 2 nói gì?") is None
    assert legal_reference("khoản 2 nói gì?") is None
