"""Tests of analysis.voice.attribution: attributions found for a few sentences equal those
found for the whole text, however the text before them reads."""

from __future__ import annotations

import random

import pytest

from analysis.text.sentences import split_sentences
from analysis.voice.attribution import Attributions
from analysis.voice.quotes import find_quotes, mask_quotes


def _attributions(text: str, speakers) -> tuple[Attributions, list[tuple[int, int]]]:
    spans = split_sentences(text)
    quotes = find_quotes(text, [e for _, e in spans])
    return Attributions(mask_quotes(text, quotes), speakers, spans, [e for _, e in quotes]), spans


def _assert_windows_equal_whole(text: str, speakers) -> None:
    atts, spans = _attributions(text, speakers)
    whole = _attributions(text, speakers)[0].all
    for lo, hi in spans:
        assert atts.within(lo, hi) == [a for a in whole if lo <= a.start < hi], text[lo:hi]


def test_windows_equal_the_whole_text_on_the_bundled_corpus(bundled_corpus, speakers) -> None:
    for text in bundled_corpus.articles["text"]:
        _assert_windows_equal_whole(text, speakers)


# Pieces that make the text before a sentence matter: pronouns, "they" (600
# characters back), participles, a "Name, clause," across a sentence start, a name
# beginning "Gen." at a sentence end, and "According to …" twice.
_PIECES = [
    "Putin said",
    "he said",
    "she added",
    "they said",
    "Xi told Putin,",
    "adding that",
    "and noted",
    "“",
    "”",
    '"',
    "Gabuev, an expert, said",
    "According to him,",
    "according to Xi",
    "quoted Putin as",
    "ties are deep.",
    "China is a lifeline.",
    "Both leaders",
    "Blinken",
    "the Kremlin",
    ",",
    ".",
    "\n\n",
    "Later, said",
    "said Xi.",
    "argued Agathe Demarais",
    "Xi and Putin",
    "them",
    "Putin, who met Xi. Then,",
    "He",
    "They",
    "Gen.",
    "Gen. Valery Gerasimov",
    "Valery Gerasimov",
    "According to sources.",
    "According to Putin",
    "he told Xi,",
    "stressing",
    "called it",
    "“Yes.”",
    "said he",
]


def _random_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(
            rng.choice(_PIECES) + rng.choice([" ", " ", ", ", ". ", "\n\n", ""])
            for _ in range(rng.randint(3, 60))
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("text", _random_texts(0, 400))
def test_windows_equal_the_whole_text_on_tricky_texts(text: str, speakers) -> None:
    _assert_windows_equal_whole(text, speakers)


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        # "he" is Gabuev, named two sentences before
        ("Putin met Xi. Gabuev spoke. The ties are deep, he said.", 2, ["Alexander Gabuev"]),
        # a name's beginning ends the previous sentence: "Gen." + "Valery Gerasimov said"
        ("Ties grew. It was Gen.\nValery Gerasimov said so.", 1, ["Valery Gerasimov"]),
        # "Putin, who met Xi. Then, said": the verb is Putin's, across the sentence start,
        # and belongs to the sentence where Putin is named
        ("Putin, who met Xi. Then, said ties were deep.", 0, ["Vladimir Putin"]),
        ("Putin, who met Xi. Then, said ties were deep.", 1, []),
        ("Putin spoke. Both leaders met. They said ties were deep.", 2, ["Putin and Xi"]),
    ],
)
def test_speakers_named_before_the_sentence(text, sentence, expected, speakers) -> None:
    atts, spans = _attributions(text, speakers)
    assert [a.speaker.name for a in atts.within(*spans[sentence])] == expected
