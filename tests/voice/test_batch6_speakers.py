"""Regression tests of the voice rules of batch 6: who speaks (made-up sentences; speaker
descriptions and role nouns of ``data/lexicons/speakers.yaml``, headline tags, outlets)."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

ZELENSKY = ("Volodymyr Zelensky", "other")

CASES = [
    # a title naming one speaker only is an alias: "the Ukrainian leader"
    ("“China could force Moscow to stop,” the Ukrainian leader said.", "force Moscow",
     Voice("quote", *ZELENSKY), "Zelensky spoke in New York. "),
    # unnamed sources by a noun: skeptics (other), a professor (analyst)
    ("Skeptics argue that this pivot is a slide into vassalage.", "vassalage",
     Voice("reported", "unnamed", "other"), ""),
    ("Ties are lopsided, professor says", "lopsided", Voice("reported", "Ivan Petrov", "analyst"),
     "\n\nIvan Petrov, a professor at Kyiv University, spoke on Monday."),
    # a headline's person tag after a scraped date; an outlet's tag that is not listed
    (" date 2025-09-23 Zelensky: China could force Moscow", "force Moscow",
     Voice("reported", *ZELENSKY), ""),
    ("Talks signal a will to uphold world order: Harbin Daily editorial", "uphold world order",
     Voice("reported", "Harbin Daily", "other"), ""),
    # "But"/"Now" open a sentence, not a name; a body written for describes its author
    ("But Ivan Petrov wrote for the Carnegie Endowment that Moscow is ceding control.",
     "ceding control", Voice("reported", "Ivan Petrov", "analyst"), ""),
    # a country as subject speaks for its government, and a nation adjective is no name
    ("China declares its will to build a multipolar world", "a multipolar world",
     Voice("reported", "China", "chinese_official"), ""),
    ("“We build a multipolar world,” said the Chinese diplomat.", "a multipolar world",
     Voice("quote", "Zhang Wei", "chinese_official"),
     "Chinese Ambassador Zhang Wei said at a press conference that ties are good. "),
    # a verb that a new clause follows reports nothing
    ("Now Russia asks, and China decides.", "China decides", Voice("narrator"), ""),
]


@pytest.mark.parametrize(("text", "phrase", "expected", "before"), CASES)
def test_batch6_speakers(text, phrase, expected, before, speakers, voice_of):
    if before.startswith("\n"):  # a description that follows the headline
        assert voice_of(text + before, phrase, speakers) == expected
    else:
        assert voice_of(before + text, phrase, speakers) == expected
