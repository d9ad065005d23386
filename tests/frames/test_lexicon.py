"""Tests of analysis.frames.lexicon: loading, validation and the matching rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.errors import InputError
from analysis.frames.lexicon import Lexicon, cue_tokens, load_lexicon
from analysis.text.tokens import token_spans

TINY = Path(__file__).parents[1] / "data" / "tiny_lexicon.yaml"
RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def tiny() -> Lexicon:
    return load_lexicon(TINY)


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return load_lexicon(DEFAULT_LEXICON)


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


def test_cue_tokens_agree_with_text_tokens() -> None:
    assert cue_tokens("Russia's no-limits stabilising") == (
        "russia", "'s", "no", "limits", "stabilizing")


def test_lexicon_metadata(tiny: Lexicon) -> None:
    assert tiny.version == "0.1" and tiny.language == "en"
    assert len(tiny.checksum) == 64
    assert tiny.frames["beta"].extra and not tiny.frames["alpha"].extra
    assert tiny.frames["alpha"].exclusions == ("bound* to fail",)


def test_shipped_lexicon_has_required_frames(shipped: Lexicon) -> None:
    for key in ("no_limits", "asymmetric", "stabilizing_force"):
        frame = shipped.frames[key]
        assert not frame.extra and frame.definition and frame.example and frame.cues
    assert any(f.extra for f in shipped.frames.values())


@pytest.mark.parametrize(
    ("file_name", "phrase", "frame"),
    [
        ("003-usanews-russia-looks-east.txt", "has no limits", "no_limits"),
        ("004-newslite-putin-xi-beijing-2024-05-16.txt", "boundless", "no_limits"),
        ("003-usanews-russia-looks-east.txt", "economic lifeline for Russia", "asymmetric"),
        ("002-silkroad2021-putin-xi-strategic-cooperation-2023.txt", "stabilizing force",
         "stabilizing_force"),
    ],
)
def test_shipped_lexicon_finds_codebook_examples(shipped: Lexicon, file_name: str,
                                                 phrase: str, frame: str) -> None:
    text = (RAW / file_name).read_text(encoding="utf-8")
    at = text.index(phrase)
    hits = [m for m in shipped.find(text)
            if m.frame == frame and m.start < at + len(phrase) and at < m.end]
    assert hits and not any(m.negated for m in hits)


def test_shipped_lexicon_ignores_unrelated_stability(shipped: Lexicon) -> None:
    text = "The central bank is maintaining price stability. Stability returned to markets."
    assert shipped.find(text) == []


VALID = """\
version: "1"
language: en
frames:
  alpha:
    label: Alpha
    cues: [limitless]
"""


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (VALID.replace("label: Alpha", "lable: Alpha"), "frame 'alpha'"),
        (VALID.replace("language: en", "language: en\nlanguages: [en]"), "languages"),
        (VALID.replace("[limitless]", "[limitless, '']"), "cues[1]"),
        (VALID.replace("[limitless]", "[limitless, '  ']"), "empty phrase"),
        (VALID.replace("[limitless]", "['*']"), "only wildcards"),
        (VALID.replace("[limitless]", "['* ?']"), "cues[0]"),
        (VALID.replace("[limitless]", "limitless"), "must be a list"),
        (VALID.replace("[limitless]", "[limitless, 3]"), "cues[1]"),
        (VALID.replace("[limitless]", "[no-limits, no limits]"), "same tokens"),
        (VALID.replace("label: Alpha", "label: Alpha\n    extra: maybe"), "'extra'"),
        (VALID.replace("label: Alpha", "label: !!python/object/apply:os.system [ls]"),
         "python/object"),
        (VALID + "negation: {window: -1}\n", "window"),
        (VALID.replace('version: "1"\n', ""), "version"),
        ("- just\n- a list\n", "mapping"),
        ("frames: [unclosed\n", "not a valid lexicon YAML"),
    ],
)
def test_invalid_lexicon_is_refused(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_lexicon(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_valid_base_lexicon_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert list(load_lexicon(path).frames) == ["alpha"]


def test_missing_lexicon_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_lexicon(tmp_path / "nope.yaml")


def test_checksum_changes_with_content(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(VALID, encoding="utf-8")
    b.write_text(VALID.replace("limitless", "boundless"), encoding="utf-8")
    assert load_lexicon(a).checksum != load_lexicon(b).checksum
