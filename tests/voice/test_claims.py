"""Tests of analysis.voice.claims: speech reported by a noun."""

from __future__ import annotations

import pytest

from analysis.voice.claims import STANCE_RE, claim_pattern, find_claim
from analysis.voice.verbs import load_reporting_verbs


@pytest.fixture(scope="module")
def nouns():
    verbs = load_reporting_verbs()
    return claim_pattern(verbs.declarations, verbs.claims)


@pytest.mark.parametrize(("sentence", "owner", "noun", "content"), [
    ("Moscow slammed Macron’s recent remarks that Russia is a vassal.", "Macron", "remarks",
     "Russia is a vassal."),
    # the capitalised words before the noun; SourceFinder.claim reads the name in them
    ("Russia slams French Pres. Macron for comments on Moscow’s ties.",
     "French Pres. Macron", "comments", "Moscow’s ties."),
    ("Despite Russia and China’s proclamations of an unbreakable friendship, talks stalled.",
     "Despite Russia and China", "proclamations", "an unbreakable friendship, talks stalled."),
    ("It has prompted talk that Beijing uses its leverage.", "", "talk", "Beijing uses its "
     "leverage."),
    ("China made headlines with a bold declaration: it was forging ties.", "", "declaration",
     "it was forging ties."),
])
def test_speech_nouns_and_their_content(sentence, owner, noun, content, nouns):
    found = find_claim(nouns, sentence)
    assert (found.owner, found.noun, sentence[found.content_start :].strip()) == (
        owner, noun, content)


@pytest.mark.parametrize("sentence", [
    "They signed a statement on strategic stability.",  # a topic, not what was said
    "In other words, trade grew.",  # no connector
    "I would not claim that Moscow is a vassal.",  # the verb
    "Chinese banks fear sanctions for fear of losses.",  # "of" needs a possessive owner
])
def test_no_speech_noun(sentence, nouns):
    assert find_claim(nouns, sentence) is None


def test_stance_opener():
    m = STANCE_RE.match("For former minister Ana Ruiz, the visit brought stability.")
    assert m["who"] == "former minister Ana Ruiz"
