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
    # a joint statement described ("a 7,000-word joint statement") and a new verb: enthused
    ("The visit marked 75 years of ties between the two countries, and a 7,000-word joint "
     "statement enthused that “relations "
     "are experiencing the best period in their history”.", "the best period",
     Voice("quote", "Putin and Xi", "joint_official")),
    # a consensus among a group that …: reported speech of an unnamed source
    ("There is a general consensus at both the official and academic level that relations "
     "are at their best period in history.", "at their best period",
     Voice("reported", "unnamed", "other")),
    # a perception with no holder: "were seen growing closer"
    ("Moscow and Beijing were seen growing closer than ever.", "growing closer than ever",
     Voice("reported", "unnamed", "other")),
    # … whose scope ends at a contrasting clause
    ("Moscow and Beijing were seen growing closer than ever, but there has been a roadblock "
     "in the relation as Russia has accused China of spying.", "a roadblock", Voice("narrator")),
    # "reached consensus on …": the consensus is its subject's (the two leaders)
    ("President Xi Jinping and President Vladimir Putin met five times and reached important "
     "consensus on priority areas, jointly safeguarding global strategic stability.",
     "global strategic stability", Voice("reported", "Putin and Xi", "joint_official")),
    # a relative clause speaks for its antecedent, even one after a preposition
    ("The visit also saw the signing of a joint statement on global governance, which called "
     "for the promotion of multilateralism.", "the promotion of multilateralism",
     Voice("reported", "Putin and Xi", "joint_official")),
    # "with Xi calling …": Xi, set apart from the two; the quote before stays the two's
    ("In his talks with Xi, both leaders reaffirmed their “no-limits” partnership, with Xi "
     "calling their relationship a stabilizing force.", "a stabilizing force",
     Voice("reported", "Xi Jinping", "chinese_official")),
    ("In his talks with Xi, both leaders reaffirmed their “no-limits” partnership, with Xi "
     "calling their relationship a stabilizing force.", "no-limits",
     Voice("quote", "Putin and Xi", "joint_official")),
    # a relay after a listed speaker's final attribution leaves the speaker's words his
    ("The West talks of Moscow’s dependence on Beijing, Russian Foreign Minister Sergei "
     "Lavrov said in an interview, Index reports.", "Moscow’s dependence",
     Voice("reported", "Sergei Lavrov", "russian_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), CASES)
def test_batch7_attribution_shapes(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected
