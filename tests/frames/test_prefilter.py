"""analysis.frames.prefilter: the sentences it passes include every one a cue matches in."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.frames.lexicon import load_lexicon, parse_lexicon
from analysis.frames.prefilter import CueFilter
from analysis.text.tokens import SentenceTokens, split_sentences


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(DEFAULT_LEXICON)


def _passed_and_matched(text: str, lexicon) -> tuple[set[int], set[int]]:
    spans = split_sentences(text)
    st = SentenceTokens(text, spans)
    passed = set(lexicon.cue_filter.sentences(st.raw, st.lower, spans))
    starts = [s for s, _ in spans]
    matched = {max(k for k, s in enumerate(starts) if s <= m.start) for m in lexicon.find(text)}
    return passed, matched


def test_every_sentence_with_a_hit_passes_on_the_bundled_corpus(bundled_corpus, lexicon):
    for text in bundled_corpus.articles["text"]:
        passed, matched = _passed_and_matched(text, lexicon)
        assert matched <= passed
        assert len(passed) < len(split_sentences(text))  # and some sentences are left out


_PIECES = ["stabilising", "force", "boundlessly", "Asymmetrical", "dependent on China",
           "rely on Beijing", "vassalage", "counterbalancing", "multi-polar world", "no limits",
           "No-limits", "best friend", "all-time high", "world", "stability", "defence", "the",
           "junior partners", "Russia’s", "isolation", "U.S.", "primacy", "not", ".", "\n"]


@pytest.mark.parametrize("seed", range(300))
def test_every_sentence_with_a_hit_passes_on_random_texts(seed, lexicon):
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) + rng.choice([" ", " ", "-", ". "])
                   for _ in range(rng.randint(1, 30)))
    passed, matched = _passed_and_matched(text, lexicon)
    assert matched <= passed


def _lexicon(*cues: str):
    return parse_lexicon({"version": 1, "language": "en", "frames": {"f": {"cues": list(cues)}}})


@pytest.mark.parametrize("sentence", ["a stabilising force", "stabilizing forces",
                                      "the Stabilizing Force"])
def test_british_spellings_and_inflections_count_for_cue_words(sentence):
    lower = sentence.lower()
    assert CueFilter(_lexicon("stabilizing force")).sentences(
        [lower.split()], lower, [(0, len(lower))]) == [0]


@pytest.mark.parametrize(("cue", "passes_all"), [
    ("boundless*", False),  # a sentence without "boundless" cannot match
    ("organiz*", False),  # "organi" is in both spellings ("organis…", "organiz…")
    ("no *", False),
    ("best in * history", False),
])
def test_wildcard_cues(cue, passes_all):
    assert CueFilter(_lexicon(cue)).passes_all is passes_all


def test_the_filter_and_the_matcher_do_not_import_the_lexicon_module():
    # the cue syntax lives in analysis.frames.cues, so no import circle is needed
    code = ("import sys, analysis.frames.prefilter, analysis.frames.matching; "
            "print('analysis.frames.lexicon' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
