"""Tests of analysis.voice.references: what a description of a source stands for."""

from __future__ import annotations

import pytest

from analysis.voice.references import person_after, referent


@pytest.mark.parametrize(("noun", "before", "after", "expected"), [
    # the one named last before the description, else the first one after it
    ("think tank", "the Carnegie Endowment said so. Then the Council on Foreign Relations "
     "agreed. ", "", ("Council on Foreign Relations", "analyst")),
    ("think tank", "", " Ties are uneven, according to the Carnegie Endowment.",
     ("Carnegie Endowment", "analyst")),
    # a document's author beats any organisation named nearer
    ("report", "The report from Strider Technologies came out. The Carnegie Endowment "
     "spoke. ", "", ("Strider Technologies", "analyst")),
    ("study", "the Carnegie study of trade. ", "", ("Carnegie", "analyst")),
    # an author that is a news outlet is other (R4)
    ("report", "A report by the Financial Times came out. ", "", ("Financial Times", "other")),
    # a person by the noun of their description
    ("expert", "Zhao Long, a Russia expert at a Shanghai institute, spoke. ", "",
     ("Zhao Long", "analyst")),
    # nobody named: none
    ("think tank", "Ties are uneven. ", " Trade grew.", None),
    ("diplomat", "Ties are uneven. ", "", None),
])
def test_referent(noun, before, after, expected, speakers):
    assert referent(noun, before, after, speakers) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("analyst Ivan Petrov said", "Ivan Petrov"),
    ("diplomat and director of the Center for Defense Strategies Oleksandr Khara in",
     "Oleksandr Khara"),
    ("analyst at the Carnegie Center said", None),  # an organisation, not a person
    ("analyst said", None),
])
def test_person_after(text, expected):
    assert person_after(text, text.index(" ")) == expected
