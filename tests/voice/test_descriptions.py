"""Tests of analysis.voice.descriptions: how a text describes speakers, sentence shapes."""

from __future__ import annotations

import pytest

from analysis.voice.descriptions import (
    described_group,
    main_clause_start,
    named_subject_pattern,
    strip_titles,
    words_after_dateline,
)


@pytest.mark.parametrize(("sentence", "rest"), [
    ("BEIJING, Feb. 14 (Xinhua) -- Cooperation does not target any third party.",
     "Cooperation does not target any third party."),
    ("MOSCOW (Reuters) - Putin said ties were deep.", "Putin said ties were deep."),
    ("BEIJING/ MOSCOW/WASHINGTON--China and Russia declared it.", "China and Russia declared it."),
    ("China and Russia declared it.", "China and Russia declared it."),
    ("NATO says China is a decisive enabler - of the war.", "NATO says China is a decisive "
     "enabler - of the war."),
])
def test_a_dateline_names_no_speaker(sentence, rest):
    assert sentence[words_after_dateline(sentence):] == rest


@pytest.mark.parametrize(("head", "main"), [
    ("Since Putin invaded Ukraine, China and Russia have grown closer, ",
     " China and Russia have grown closer, "),
    ("Leaders from both countries met, ", "Leaders from both countries met, "),
])
def test_main_clause_starts_after_an_opening_adverbial_clause(head, main):
    assert head[main_clause_start(head):] == main


@pytest.mark.parametrize(("name", "text", "group"), [
    ("Carnegie Endowment", "", "analyst"),
    ("Ivan Petrov", "Ivan Petrov, a fellow at the Valdai Club, said so.", "analyst"),
    ("Lin Jian", "Chinese Foreign Ministry spokesperson Lin Jian said so.", "chinese_official"),
    ("Jo Smith", "Jo Smith said so.", None),
    # an office with its country or seat of government after "of"/"for"
    ("Jo Smith", "Jo Smith, Minister of Foreign Affairs of the Russian Federation, said.",
     "russian_official"),
    ("Jo Smith", "Jo Smith, a spokesman for the Kremlin, said.", "russian_official"),
    ("Jo Smith", "Jo Smith, spokeswoman for the Chinese embassy, said.", "chinese_official"),
    ("Jo Smith", "Jo Smith, the UK foreign secretary, said.", "western_official"),
    # an adjective after "of" is a research body's name, not a country
    ("Jo Smith", "Jo Smith, director of the Russian International Affairs Council, said.",
     "analyst"),
    # a research body's office is a scholar's
    ("Jo Smith", "Jo Smith, head of the Carnegie Russia Eurasia Center, said.", "analyst"),
    ("Jo Smith", "Jo Smith, a former diplomat and senior fellow at the Carnegie Endowment, "
     "said.", "analyst"),
    ("Jo Smith", "Russian Academy of Sciences director Jo Smith said.", "analyst"),
    # outlets are other (codebook R4)
    ("Deutsche Welle", "", "other"),
    ("Rossiyskaya Gazeta", "", "other"),
    ("Caixin", "", "other"),
])
def test_described_group(name, text, group):
    assert described_group(name, text) == group


def test_titles_and_names_before_speech_verbs():
    assert strip_titles("Meanwhile Foreign Minister Sergei Lavrov") == "Sergei Lavrov"
    rx = named_subject_pattern("said|warned")
    assert rx.search("Yesterday Ivan Petrov warned that …")["name"] == "Yesterday Ivan Petrov"
    assert rx.search("ivan petrov said so.") is None
