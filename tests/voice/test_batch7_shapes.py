"""Regression tests of the voice rules written from batch 7's unseen attribution shapes
(realistic sentences, most adapted from the batch's excerpts)."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

SCARE = Voice("scare_quote")
PERSON = "Moscow sees its reliance on China as crucial to its prospects, a person close to "\
    "the Kremlin said. “We will become a Chinese resource colony,” the person said."

CASES = [
    # a comparison has its own subject: "they" does not speak "suggests"
    ("Putin met Xi in May. The limits are now visible, but they are more ambiguous than "
     "the well-known “junior partnership” notion suggests.", "junior partnership", SCARE),
    # an anonymous person, whose final attribution holds a nested verb ("Moscow sees")
    (PERSON, "its reliance on China", Voice("reported", "unnamed", "other")),
    (PERSON, "a Chinese resource colony", Voice("quote", "unnamed", "other")),
    ("While China’s help is irreplaceable, Russia’s gas will secure Beijing’s support, the "
     "person added.", "China’s help is irreplaceable", Voice("reported", "unnamed", "other")),
    # a relay after a listed speaker's final attribution leaves the speaker's words his
    ("The West talks of Moscow’s dependence on Beijing, Russian Foreign Minister Sergei "
     "Lavrov said in an interview, Index reports.", "Moscow’s dependence",
     Voice("reported", "Sergei Lavrov", "russian_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CASES)
def test_batch7_attribution_shapes(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
