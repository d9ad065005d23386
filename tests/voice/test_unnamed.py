"""Tests of analysis.voice.unnamed: sources named by a noun (through SourceFinder)."""

from __future__ import annotations

import pytest

from analysis.voice.sources import SourceFinder
from analysis.voice.speakers import load_speakers
from analysis.voice.verbs import load_reporting_verbs


@pytest.fixture(scope="module")
def finder():
    return SourceFinder(load_speakers(), load_reporting_verbs())


@pytest.mark.parametrize(("sentence", "before", "after", "expected"), [
    # the name after the noun
    ("Analyst Ivan Petrov said ties grew.", "", "", ("Ivan Petrov", "analyst")),
    # whose officials
    ("Officials from both countries said ties grew.", "", "", ("Putin and Xi", "joint_official")),
    ("Russia’s leadership professes that ties grew.", "", "", ("unnamed", "russian_official")),
    # a description the text names a source for, before or after it
    ("The think tank says ties grew.", "Ties are uneven, according to the Council on Foreign "
     "Relations. ", "", ("Council on Foreign Relations", "analyst")),
    ("Ties grew, think tank says", "", " Ties are uneven, according to the Carnegie "
     "Endowment.", ("Carnegie Endowment", "analyst")),
    # "one think tank" is unnamed; so is an unnamed report (other)
    ("One think tank says ties grew.", "", " The Carnegie Endowment agreed.",
     ("unnamed", "analyst")),
    ("A report says ties grew.", "", "", ("unnamed", "other")),
    # "it" after an unnamed organisation
    ("It says ties grew.", "One think tank says trade fell. ", "", ("unnamed", "analyst")),
    ("It says ties grew.", "Putin said trade fell. ", "", ("unnamed", "other")),
])
def test_sources_named_by_a_noun(sentence, before, after, expected, finder):
    found = finder.find(sentence, before, after)
    assert (found.speaker, found.group) == expected
