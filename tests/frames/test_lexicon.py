"""Tests of analysis.frames.lexicon: loading and validating lexicon files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config import DEFAULT_LEXICON
from analysis.errors import InputError
from analysis.frames.lexicon import Lexicon, load_lexicon, parse_lexicon

TINY = Path(__file__).parents[1] / "data" / "tiny_lexicon.yaml"
RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def tiny() -> Lexicon:
    return load_lexicon(TINY)


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return load_lexicon(DEFAULT_LEXICON)


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


CODEBOOK_FRAMES = ("no_limits", "asymmetric", "stabilizing_force")


def _supported(lexicon: Lexicon, text: str) -> set[str]:
    return {m.frame for m in lexicon.find(text) if m.frame in CODEBOOK_FRAMES and not m.negated}


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        # China benefitting from Russia's weakness, dependence in other words
        ("China bought Russian oil and gas on the cheap.", "asymmetric"),
        ("Beijing buys Russian resources at bargain prices.", "asymmetric"),
        ("Who is really squeezing Russia?", "asymmetric"),
        ("Beijing used Moscow's isolation to its advantage.", "asymmetric"),
        ("Russia is relying increasingly on China.", "asymmetric"),
        ("China knew of Putin's need for new customers.", "asymmetric"),
        ("Beijing moves into a region once under the Kremlin's sphere of influence.",
         "asymmetric"),
        ("The relationship is so imbalanced that Moscow cannot walk away.", "asymmetric"),
        # the level of the ties, the existing order safeguarded together
        ("Putin said ties were at an unprecedented historical level.", "no_limits"),
        ("Relations between Moscow and Beijing are at the highest level.", "no_limits"),
        ("The two sides will safeguard the international order.", "stabilizing_force"),
    ],
)
def test_shipped_lexicon_finds_frame_phrasings(shipped: Lexicon, text: str, frame: str) -> None:
    assert _supported(shipped, text) == {frame}


@pytest.mark.parametrize(
    "text",
    [
        "On one side stands China, on the other Russia.",  # not "one-sided"
        "Western sanctions are squeezing Russia's economy.",
        "The EU asked Xi to use China's influence on Russia to end the war.",
        "Putin sought to reduce Russia's dependence on Europe.",
        "The Far East's economic dependence on Chinese capital has eased.",  # a region's
        "The talks were held at the highest level.",  # who met, not the ties
        "Their resilient partnership has surmounted major challenges.",  # the ties only
    ],
)
def test_shipped_lexicon_leaves_what_the_codebook_codes_0(shipped: Lexicon, text: str) -> None:
    assert _supported(shipped, text) == set()


# Lexicon 2.3.0 narrowed the cues under 0.8 sentence precision on the development
# corpus: general words in other contexts no longer count, the frame still does.
@pytest.mark.parametrize(
    "text",
    [
        "India's dependence on oil from Russia drew new US tariffs.",
        "The world's dependence on Chinese exports worries Washington.",
        "Urals crude traded at a discount of $12 a barrel to Brent.",
        "The discount on Russian crude narrowed this week.",
        "Turkey has taken advantage of Moscow's cheap gas.",
        "Germany needs China as a market for its cars.",
        "Chinese brands dominate Russia's car market.",
        "Moscow long treated its little brother China as a pupil.",
        "China hasn't come to the rescue of the Russian economy.",
        "Sanctions gave the Russians the upper hand in the gas talks.",
        "Bilateral trade reached $240 billion, an all-time high.",
        "Wang Yi praised a rock-solid friendship with Moscow.",
        "Washington struggles to maintain stability in Asia.",
        "Xi praised the positive energy of the youth exchange.",
        "Seoul and Beijing will work together to promote regional peace and stability.",
        "All parties must jointly uphold the basic norms governing international relations.",
    ],
)
def test_narrowed_cues_leave_general_words_in_other_contexts(shipped: Lexicon,
                                                             text: str) -> None:
    assert _supported(shipped, text) == set()


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("Russian dependence has deepened since 2022.", "asymmetric"),
        ("This dependence troubles the Kremlin.", "asymmetric"),
        ("Peskov said the partnership has nothing to do with dependence.", "asymmetric"),
        ("Chinese refiners pay for Russian crude at a discount.", "asymmetric"),
        ("Beijing is taking advantage of the steep discount on Russian oil.", "asymmetric"),
        ("China is taking advantage of Russia's weakness.", "asymmetric"),
        ("Moscow needs China to buy its oil.", "asymmetric"),
        ("Moscow has succumbed to Chinese domination.", "asymmetric"),
        ("Russia is China's little brother now.", "asymmetric"),
        ("Will Beijing come to the rescue of the Russian economy?", "asymmetric"),
        ("Relations between Russia and China are at an all-time high.", "no_limits"),
        ("Military cooperation helps maintain stability in key regions.", "stabilizing_force"),
        ("Their cooperation brings stability and positive energy to the world.",
         "stabilizing_force"),
        ("The two navies will jointly maintain regional peace and stability.",
         "stabilizing_force"),
    ],
)
def test_narrowed_cues_still_find_the_frame(shipped: Lexicon, text: str, frame: str) -> None:
    assert frame in _supported(shipped, text)


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
        (VALID.replace("label: Alpha", "lable: Alpha"), "frames.alpha.lable: unknown key"),
        (VALID.replace("language: en", "language: en\nlanguages: [en]"), "languages"),
        (VALID.replace("[limitless]", "[limitless, '']"), "cues[1]"),
        (VALID.replace("[limitless]", "[limitless, '  ']"), "empty phrase"),
        (VALID.replace("[limitless]", "['*']"), "only wildcards"),
        (VALID.replace("[limitless]", "['* ?']"), "cues[0]"),
        (VALID.replace("[limitless]", "limitless"), "must be a list"),
        (VALID.replace("[limitless]", "[limitless, 3]"), "cues[1]"),
        (VALID.replace("[limitless]", "[no-limits, no limits]"), "same tokens"),
        (VALID.replace("label: Alpha", "label: Alpha\n    extra: maybe"), "frames.alpha.extra"),
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


def _refusal(tmp_path: Path, yaml_text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_lexicon(path)
    lines = str(err.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    return [line.removeprefix(f"{path}: ") for line in lines]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = """\
version: "1"
language: english
negation: {window: -1, befor: [not]}
frames:
  alpha:
    cues: [limitless, c++, no-limits, no limits]
  Beta:
    cues: []
"""
    problems = _refusal(tmp_path, text)
    assert [p.split(": ")[0] for p in problems] == [
        "language", "negation.window", "negation.befor", "frames.alpha.cues[1]",
        "frames.alpha.cues[3]", "frames.Beta", "frames.Beta.cues"]
    assert "'c++': not in the cue syntax" in problems[3]
    assert "'no limits': same tokens as 'no-limits'" in problems[4]
    assert "allowed: window, before, after, ignore" in problems[2]


@pytest.mark.parametrize("cue", ["(a+)+$", "c++", "\\\\d+"])
def test_regex_like_cues_are_refused_not_stripped(tmp_path: Path, cue: str) -> None:
    text = VALID.replace("[limitless]", f"[limitless, '{cue}']")
    (problem,) = _refusal(tmp_path, text)
    assert problem.startswith("frames.alpha.cues[1]: ") and "not in the cue syntax" in problem


@pytest.mark.parametrize(
    ("yaml_text", "line"),
    [
        (VALID + "  alpha:\n    cues: [boundless]\n", "line 7"),
        (VALID.replace("label: Alpha", "label: Alpha\n    label: Beta"), "line 6"),
        (VALID + "version: 2\n", "line 7"),
    ],
)
def test_duplicate_keys_are_refused_with_their_line(tmp_path: Path, yaml_text: str,
                                                     line: str) -> None:
    (problem,) = _refusal(tmp_path, yaml_text)
    assert "duplicate key" in problem and line in problem


def test_cues_with_dots_and_numbers_load(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(VALID.replace("[limitless]", "[U.S. primacy, $240 billion, '25%']"))
    assert load_lexicon(path).frames["alpha"].cues == ("U.S. primacy", "$240 billion", "25%")


# --------------------------------------------------------------------------- properties

_KEYS = st.sampled_from(["version", "language", "description", "negation", "frames", "label",
                         "definition", "cues", "exclusions", "extra", "window", "before",
                         "after", "ignore", "alpha", "no_limits", "Bad-Key", ""])
_CUES = st.text(alphabet="ab -.,'’*?$%_()+\\[]|é\n", max_size=10)
_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
            | _CUES | st.sampled_from(["en", "1.0", "no limits", "*"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_KEYS | st.integers(), inner, max_size=4),
                       max_leaves=16)
_FRAMES = st.dictionaries(_KEYS | st.text(alphabet="abc_-", max_size=4), st.fixed_dictionaries(
    {"cues": st.lists(_CUES, max_size=4) | _VALUES},
    optional={"exclusions": st.lists(_CUES, max_size=3), "extra": _SCALARS, "label": _SCALARS,
              "lable": _SCALARS}), max_size=3)
_LEXICONS = st.fixed_dictionaries(
    {"version": _SCALARS, "language": st.sampled_from(["en", "EN", "eng"]) | _SCALARS,
     "frames": _FRAMES | _VALUES},
    optional={"negation": st.fixed_dictionaries({}, optional={
        "window": _SCALARS, "before": st.lists(_CUES, max_size=3), "ignore": _VALUES}) | _VALUES,
        "description": _SCALARS}) | _VALUES


@settings(max_examples=300, deadline=None)
@given(data=_LEXICONS)
def test_any_mapping_loads_or_is_refused_with_a_message(data) -> None:
    try:
        lexicon = parse_lexicon(data)
    except InputError as exc:
        assert str(exc).startswith("<lexicon>: ")
    else:
        assert lexicon.frames
        lexicon.find("Ab ba, a-b. A.b. $ab (ab) 'a' é")  # and every cue compiles and runs


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lexicon-property")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_LEXICONS, noise=st.text(alphabet="{}[]:-#&*!|>'\"\n ab", max_size=6))
def test_any_yaml_text_loads_or_is_refused_with_a_message(scratch: Path, data, noise: str) -> None:
    path = scratch / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) + noise, encoding="utf-8")
    try:
        load_lexicon(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ")
