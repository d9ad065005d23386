"""Tests of analysis.frames.matching: the matching rules, and bounded time on hostile cues."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest

from analysis.frames.lexicon import Lexicon, load_lexicon, parse_lexicon
from analysis.frames.matching import Match, Matcher
from analysis.text.tokens import token_spans

TINY = Path(__file__).parents[1] / "data" / "tiny_lexicon.yaml"


@pytest.fixture(scope="module")
def tiny() -> Lexicon:
    return load_lexicon(TINY)


def _found(lex: Lexicon, text: str) -> list[tuple[str, str, bool]]:
    return [(m.frame, text[m.start:m.end], m.negated) for m in lex.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hyphen and space variants are the same cue
        ("A no-limits deal.", [("alpha", "no-limits", False)]),
        ("A no limits deal.", [("alpha", "no limits", False)]),
        # case-insensitive
        ("LIMITLESS ties.", [("alpha", "LIMITLESS", False)]),
        # British and American spellings
        ("A stabilising force.", [("alpha", "stabilising force", False)]),
        ("A stabilizing force.", [("alpha", "stabilizing force", False)]),
        ("A colour revolution.", [("beta", "colour revolution", False)]),
        ("A color revolution.", [("beta", "color revolution", False)]),
        # ? matches exactly one character
        ("A stabilizzing force.", []),
        # * glob inside a token, and a lone * token
        ("Boundless ties.", [("alpha", "Boundless", False)]),
        ("The best in their history.", [("alpha", "best in their history", False)]),
        ("The best in history.", []),
        # longest match wins within a frame; two frames on one span count for each
        ("A strategic partnership.", [("alpha", "strategic partnership", False),
                                      ("beta", "strategic partnership", False)]),
        ("A partnership.", [("alpha", "partnership", False)]),
        # exclusion beats cue
        ("It is bound to fail.", []),
        ("It is bound to win.", [("alpha", "bound", False)]),
        # negation window: negator before, within 2 tokens
        ("It is not a limitless tie.", [("alpha", "limitless", True)]),
        ("It is no longer limitless.", [("alpha", "limitless", True)]),
        ("Not so very much limitless.", [("alpha", "limitless", False)]),
        ("Not so very limitless.", [("alpha", "limitless", True)]),
        # negator after the cue
        ("The limitless tie has limits.", [("alpha", "limitless", True)]),
        # the "no" inside the cue "no limits" is not a negator
        ('Their ties "have no limits."', [("alpha", "no limits", False)]),
        # pseudo-negator
        ("It is not only limitless.", [("alpha", "limitless", False)]),
        # a negator with no cue in its window negates nothing
        ("Far from unambiguous, the world is one. Limitless.", [("alpha", "Limitless", False)]),
    ],
)
def test_matching_rules(tiny: Lexicon, text: str, expected: list) -> None:
    assert _found(tiny, text) == expected


def test_span_counts_once_within_frame(tiny: Lexicon) -> None:
    text = "Their strategic partnership is a partnership."
    frames = [m.frame for m in tiny.find(text)]
    assert frames.count("alpha") == 2 and frames.count("beta") == 1


def test_matches_do_not_cross_sentences(tiny: Lexicon) -> None:
    assert _found(tiny, "It was strategic. Partnership followed.") == [
        ("alpha", "Partnership", False)
    ]
    # nor does negation reach into the next sentence
    assert _found(tiny, "We do not. Limitless ties.") == [("alpha", "Limitless", False)]


def test_match_tokens_uses_token_offsets(tiny: Lexicon) -> None:
    text = "xx no-limits"
    (m,) = tiny.match_tokens(token_spans(text))
    assert (m.start, m.end, m.cue) == (3, 12, "no limits")


def test_matcher_takes_any_frames_and_negation_rules(tiny: Lexicon) -> None:
    matcher = Matcher(tiny.frames, tiny.negation)
    text = "It is not a limitless tie. A strategic partnership."
    assert matcher.find(text) == tiny.find(text)
    assert matcher.find(text)[0] == Match("alpha", "limitless", 12, 21, True)


def test_a_pickled_lexicon_matches_the_same(tiny: Lexicon) -> None:
    text = "A stabilising force and a boundless, strategic partnership."
    before = tiny.find(text)  # fills the per-token cache, which is not pickled
    clone = pickle.loads(pickle.dumps(tiny))
    assert clone.find(text) == before and len(before) == 4


def _lexicon(*cues: str) -> Lexicon:
    return parse_lexicon({"version": 1, "language": "en", "frames": {"f": {"cues": list(cues)}}})


@pytest.mark.parametrize("token", ["a" * 10_000, "ab" * 5_000, "a" * 9_999 + "b"])
def test_a_backtracking_glob_matches_a_long_token_quickly(token: str) -> None:
    lexicon = _lexicon("*a*a*a*a*a*a*a*a*b", "x*y*z")
    text = f"Before {token} after."
    start = time.perf_counter()
    found = lexicon.find(text)
    assert time.perf_counter() - start < 0.5
    assert [m.cue for m in found] == (["*a*a*a*a*a*a*a*a*b"] if token.endswith("b") else [])


def test_cue_characters_match_literally_or_not_at_all() -> None:
    lexicon = _lexicon("u.s. primacy", "$240 billion", "25%")
    text = "U.S. primacy. Us primacy. $240 billion, 240 billion. 25% or 25."
    assert [text[m.start:m.end] for m in lexicon.find(text)] == [
        "U.S. primacy", "$240 billion", "25%"]


def test_wildcard_cues_match_whatever_letter_they_start_with():
    """Globs are tried by a token's first letter: those starting with a wildcard must
    still be tried for every token, and each cue still matches what fnmatch says."""
    import fnmatch
    from types import SimpleNamespace as NS

    globs = ["bound*", "*less", "b?und*", "?imit*", "un*able", "*"]
    words = ["boundless", "limitless", "bound", "bind", "limits", "unbreakable", "able",
             "unable", "xbound", "b", "less"]
    for glob in globs:
        frames = {"f": NS(cues=(glob,), exclusions=())}
        matcher = Matcher(frames, NS(window=2, before=(), after=(), ignore=()))
        for word in words:
            found = [m.cue for m in matcher.find(f"{word}.")]
            assert found == ([glob] if fnmatch.fnmatchcase(word, glob) else []), (glob, word)


def test_of_two_wildcard_cues_on_one_word_the_first_listed_is_kept():
    from types import SimpleNamespace as NS

    negation = NS(window=2, before=(), after=(), ignore=())
    for cues in (("*less", "bound*"), ("bound*", "*less")):
        matcher = Matcher({"f": NS(cues=cues, exclusions=())}, negation)
        assert [m.cue for m in matcher.find("Boundless ties.")] == [cues[0]]
