"""Regression tests of the voice rules of batch 6: speech verbs and idioms (made-up
sentences; ``data/lexicons/reporting_verbs.yaml``)."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

JOINT = Voice("reported", "Putin and Xi", "joint_official")
KREMLIN = Voice("reported", "the Kremlin", "russian_official")

CASES = [
    # verbs the list lacked: vow (declaring), deny, spotlight, attribute (reporting)
    ("Russia and China vowed to defend a multipolar order.", "a multipolar order", JOINT),
    ("The Kremlin denies any imbalance in the ties.", "any imbalance", KREMLIN),
    ("The two leaders spotlighted efforts to keep the world stable.", "keep the world stable",
     JOINT),
    ("Lavrov spoke on Monday. He attributed the rift to Western pressure.", "Western pressure",
     Voice("reported", "Sergei Lavrov", "russian_official")),
    # "X, who said": the relative clause speaks for the name, after a preposition too
    ("The view was echoed by the Russian leader, who recently stated that ties are at a peak.",
     "ties are at a peak", Voice("reported", "Vladimir Putin", "russian_official")),
    # "use the phrase “F”": the user's formula (R2, batch 6)
    ("Some analysts use the phrase “junior partner” for Russia.", "junior partner",
     Voice("quote", "unnamed", "analyst")),
    # idioms and nouns that look like speech verbs
    ("Today Beijing calls the shots in the east.", "calls the shots", Voice("narrator")),
    ("Putin met Xi. They're starting to call the shots there.", "call the shots",
     Voice("narrator")),
    ("Comparing notes on world affairs, the two sides deepened their trust.",
     "deepened their trust", Voice("narrator")),
    ("Moscow denied claims of a vassal relationship with Beijing.", "a vassal relationship",
     Voice("narrator")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CASES)
def test_batch6_speech_verbs(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


# a later clause's source when the first attribution reports nothing (a framing verb on a
# quote): "…, but skeptics argue that …"
LATER = [
    ("Officials praise the deals as a “pivot to Asia,” but skeptics argue that Russia is "
     "sliding into vassalage.", "sliding into vassalage", Voice("reported", "unnamed", "other")),
    ("Officials praise the deals as a “pivot to Asia,” but skeptics argue that Russia is "
     "sliding into vassalage.", "pivot to Asia", Voice("quote", "unnamed", "other")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), LATER)
def test_batch6_later_clause_source(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
