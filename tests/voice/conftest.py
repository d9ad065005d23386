"""Fixtures shared by the voice tests: the bundled speakers file and ``voice_of``, the
voice the stage gives a phrase of a text (as ``framing score`` runs it, both passes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analysis.text.sentences import split_sentences
from analysis.voice.speakers import Speakers, load_speakers
from analysis.voice.voices import Voice, attribute_voices


@pytest.fixture(scope="session")
def speakers() -> Speakers:
    """The bundled speakers file, read once per test session (do not mutate)."""
    return load_speakers()


def _voice_of(text: str, phrase: str, speakers: Speakers, nth: int = 0) -> Voice:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    vm = attribute_voices(text, split_sentences(text), speakers)
    return vm.lookup(start, start + len(phrase))


@pytest.fixture(scope="session")
def voice_of() -> Callable[..., Voice]:
    """``voice_of(text, phrase, speakers, nth=0)``: the voice of the ``nth`` occurrence of
    ``phrase`` in ``text``."""
    return _voice_of
