"""Tests of analysis.frames.cues: the cue syntax, and globs that match in bounded time."""

from __future__ import annotations

import time
from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.frames.cues import compile_glob, cue_problem, cue_tokens


def test_cue_tokens_agree_with_text_tokens() -> None:
    assert cue_tokens("Russia's no-limits stabilising") == (
        "russia", "'s", "no", "limits", "stabilizing")


@pytest.mark.parametrize(
    ("cue", "tokens"),
    [
        ("U.S. primacy", ("u", "s", "primacy")),
        ("$240 billion", ("$240", "billion")),
        ("25% rise", ("25%", "rise")),
        ("stabili?ing force", ("stabili?ing", "force")),
        ("no-limits*", ("no", "limits*")),
        ("Russia’s best friend*", ("russia", "'s", "best", "friend*")),
    ],
)
def test_accepted_cues_and_their_tokens(cue: str, tokens: tuple[str, ...]) -> None:
    assert cue_problem(cue) is None
    assert cue_tokens(cue) == tokens


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        # regex-like characters the tokenizer would drop: "(a+)+$" would become "a"
        ("(a+)+$", "not in the cue syntax"),
        ("c++", "'+'"),
        ("\\d+", "'\\\\'"),
        ("[ab]* power", "'['"),
        ("a|b", "'|'"),
        ("“no limits”", "'“'"),
        ("power!", "'!'"),
        # "$" and "%" mean something only inside a number
        ("100 $", "only inside a number"),
        ("% rise", "only inside a number"),
        ("", "empty phrase"),
        ("- . ,", "empty phrase"),
        ("* ?", "only wildcards"),
    ],
)
def test_refused_cues_say_why(cue: str, message: str) -> None:
    problem = cue_problem(cue)
    assert problem is not None and message in problem


_GLOB_CHARS = "ab.'$*?"


@settings(max_examples=400, deadline=None)
@given(glob=st.text(alphabet=_GLOB_CHARS, max_size=8), token=st.text(alphabet="ab.'$", max_size=8))
def test_compiled_globs_agree_with_fnmatch(glob: str, token: str) -> None:
    # fnmatchcase is the reference; compile_glob the fast path the matcher uses
    assert (compile_glob(glob).fullmatch(token) is not None) == fnmatchcase(token, glob)


_LONG_TOKENS = ["a" * 10_000, "ab" * 5_000, "a" * 9_999 + "b", "b" + "a" * 9_999]


@settings(max_examples=60, deadline=None)
@given(glob=st.text(alphabet="ab*?", min_size=1, max_size=40))
def test_compiling_and_matching_a_long_token_takes_linear_time(glob: str) -> None:
    start = time.perf_counter()
    rx = compile_glob(glob)
    for token in _LONG_TOKENS:
        rx.fullmatch(token)
    assert time.perf_counter() - start < 0.5


def test_the_classic_backtracking_glob_is_quick() -> None:
    rx = compile_glob("*a*a*a*a*a*a*a*a*b")
    start = time.perf_counter()
    results = [rx.fullmatch(token) is not None for token in _LONG_TOKENS]
    assert time.perf_counter() - start < 0.5
    assert results == [False, True, True, False]
