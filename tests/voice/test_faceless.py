"""Regression tests of faceless attributions (R1, amendments of batches 4 and 6):
made-up sentences, run as ``framing score`` runs the voice stage."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

UNNAMED = Voice("reported", "unnamed", "other")

CASES = [
    ("It is often said that Moscow has become Beijing's vassal.", "Beijing's vassal", UNNAMED),
    ("It was widely believed that the pact steadied the region.", "steadied the region",
     UNNAMED),
    # devices that govern the whole sentence, its subject included
    ("This partnership is viewed as a force for stability.", "This partnership", UNNAMED),
    ("China's grip on Central Asia is deemed as a lasting shift.", "China's grip", UNNAMED),
    ("Russia's dependence on China is also considered in the report.",
     "dependence on China", UNNAMED),
    ("The risks of a lopsided partnership are analyzed in depth.", "lopsided partnership",
     UNNAMED),
    ("This dependence on China has sparked concerns over Beijing's leverage.",
     "This dependence", UNNAMED),
    ("There are fears that Russia will become a junior partner.", "junior partner", UNNAMED),
    # not faceless: an event in the past tense; a scare quote stays the outlet's
    ("The asymmetry was discussed at the summit.", "asymmetry", Voice("narrator")),
    ("Russia is seen as China's “junior partner” today.", "junior partner",
     Voice("scare_quote")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CASES)
def test_faceless_attributions(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
