"""Regression tests of the voice rules written from batch 7's unseen attribution shapes
(realistic sentences, most adapted from the batch's excerpts)."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

SCARE = Voice("scare_quote")

CASES = [
    # a comparison has its own subject: "they" does not speak "suggests"
    ("Putin met Xi in May. The limits are now visible, but they are more ambiguous than "
     "the well-known “junior partnership” notion suggests.", "junior partnership", SCARE),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CASES)
def test_batch7_attribution_shapes(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
