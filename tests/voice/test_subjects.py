"""Tests of analysis.voice.subjects: the shapes of a speech verb's subject."""

from __future__ import annotations

import pytest

from analysis.voice.speakers import load_speakers
from analysis.voice.subjects import (
    capitalised_hits,
    is_noun,
    past_preposition,
    possessive,
    unlisted_full_name,
)


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Xi’s visit underscored", "Xi", True),
    ("Xi's visit underscored", "Xi", True),
    ("It’s argued", "It’s", False),  # a contraction
    ("Xi said", "Xi", False),
])
def test_possessive(text, name, expected):
    start = text.index(name)
    assert possessive(text, start, start + len(name)) is expected


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("Moscow and Xi's state visit went well.", "state", True),  # after a possessive
    ("It was a 1 min read of the news.", "read", True),  # "1 min read"
    ("Ties with the United States grew.", "States", True),
    ("Analysts note that ties grew.", "note", False),
])
def test_is_noun(sentence, word, expected):
    assert is_noun(sentence, sentence.index(word), load_speakers()) is expected


def test_past_preposition_drops_the_word_after_the_preposition():
    text = "Ambassador to Russia Zhang Hanhui "
    hit = capitalised_hits(text, text.rstrip(), first=False)[0]
    start, end, _, _ = past_preposition(text, hit)
    assert text[start:end].strip() == "Zhang Hanhui"


def test_unlisted_full_name():
    before = "Zhao Long, a researcher at an institute, spoke. Trade grew."
    assert unlisted_full_name("Zhao", before) == "Zhao Long"
    assert unlisted_full_name("Petrov", before) is None
