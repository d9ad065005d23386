"""Foreign dictionaries in and out (analysis.frames.dictionaries, `framing lexicon`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis.cli import main
from analysis.errors import InputError
from analysis.frames.dictionaries import READERS, guess_format
from analysis.frames.dictionaries.categories import Category, Dictionary
from analysis.frames.dictionaries.convert import frame_key, to_lexicon_data
from analysis.frames.lexicon import load_lexicon

DATA = Path(__file__).resolve().parents[1] / "data" / "dictionaries"
TINY_LEXICON = Path(__file__).resolve().parents[1] / "data" / "tiny_lexicon.yaml"

TEXT = ("Their boundless friendship has no limits. Beijing keeps a junior partner "
        "dependent, yet both call it a stabilizing force and a strategic partnership.")


def _read(path: Path, fmt: str | None = None) -> Dictionary:
    return READERS[fmt or guess_format(path)](path.read_text(encoding="utf-8"))


def _framing(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(["lexicon", *map(str, argv)])
    return code, capsys.readouterr().out.splitlines()


# --------------------------------------------------------------------------- readers


@pytest.mark.parametrize("name, expected", [
    ("liwc2007.dic", {"nolimits": ["boundless*", "limitless", "unlimited", "ties"],
                      "asymmetry": ["depend*", "junior", "vassal*", "ties"]}),
    ("liwc2015.dic", {"No limits": ["no limits", "boundless*", "strategic partnership"],
                      "Asymmetric dependency": ["junior partner*", "depend*"],
                      "Stabilizing force": ["stabili*", "counterweight*",
                                            "strategic partnership"]}),
    ("lexicoder.lc3", {"no limits": ["no limits", "boundless*", "friendship without limits"],
                       "dependency": ["junior partner*", "depend*"],
                       "stability": ["stabili*", "counterweight*"]}),
    ("quanteda.yml", {"partnership": [], "partnership.no_limits": ["no limits", "boundless*"],
                      "partnership.strategic": ["strategic partnership", "(a+)+$"],
                      "dependency": ["junior partner*", "depend*", "vassal?"]}),
    ("wordstat.cat", {"PARTNERSHIP": ["STRATEGIC PARTNERSHIP"],
                      "PARTNERSHIP.NO LIMITS": ["NO LIMITS", "BOUNDLESS*"],
                      "DEPENDENCY": ["JUNIOR PARTNER*", "DEPEND*"]}),
])
def test_each_format_reads_its_categories_and_entries(name, expected):
    assert _read(DATA / name).flat() == expected


def test_liwc_notes_what_it_cannot_carry_with_its_line():
    notes = _read(DATA / "liwc_awkward.dic").notes
    assert notes == [
        "line 11: conditional codes of 'like' not carried: (4 5)5/4",
        "line 11: 'like': category '9' is not in the header; not carried",
        "line 12: 'kind <of>': LIWC tags such as <of> are not carried; skipped",
    ]


def test_a_liwc_file_without_its_header_is_refused():
    with pytest.raises(InputError, match="two lines holding only '%'"):
        READERS["liwc"]("happy\t1\n")


def test_wordstat_notes_weights_other_than_one():
    assert _read(DATA / "wordstat.cat").notes == ["line 8: weight (2) of 'DEPEND*' not carried"]


@pytest.mark.parametrize("path, fmt", [
    ("a.dic", "liwc"), ("a.lc3", "lexicoder"), ("a.LCD", "lexicoder"), ("a.yml", "quanteda"),
    ("a.yaml", "quanteda"), ("a.cat", "wordstat"),
])
def test_the_format_is_guessed_from_the_extension(path, fmt):
    assert guess_format(path) == fmt


@pytest.mark.parametrize("name, key", [
    ("No limits", "no_limits"), ("SOUTH.BW", "south_bw"), ("01", "cat_01"),
    ("Stabilité", "stabilite"), ("--", "cat"),
])
def test_category_names_become_valid_frame_keys(name, key):
    assert frame_key(name) == key


def test_two_names_with_one_key_get_distinct_frames():
    d = Dictionary([Category("No limits", ["no limits"]), Category("no-limits", ["boundless*"])])
    data, notes = to_lexicon_data(d, source="x", fmt="lexicoder")
    assert list(data["frames"]) == ["no_limits", "no_limits_2"]
    assert notes == ["category 'no-limits': key no_limits already used; written as frame "
                     "no_limits_2"]


# --------------------------------------------------------------------------- import


@pytest.mark.parametrize("name", ["liwc2007.dic", "liwc2015.dic", "liwc_awkward.dic",
                                  "lexicoder.lc3", "lexicoder2.lcd", "quanteda.yml",
                                  "wordstat.cat"])
def test_every_import_loads_as_a_lexicon(tmp_path, capsys, name):
    code, out = _framing(capsys, "import", DATA / name, "--out", tmp_path / "lex.yaml")
    lexicon = load_lexicon(tmp_path / "lex.yaml")
    assert code == 0
    assert out[-1].startswith(f"wrote {tmp_path / 'lex.yaml'}: {len(lexicon.frames)} frames")


def test_import_reports_each_thing_not_carried_on_one_line(tmp_path, capsys):
    code, out = _framing(capsys, "import", DATA / "liwc_awkward.dic", "--out",
                         tmp_path / "lex.yaml")
    where = f"{DATA / 'liwc_awkward.dic'}: "
    assert code == 0
    assert [line.removeprefix(where) for line in out[3:-1]] == [
        "category 'partnership.no limits': nested 2 levels deep; written as frame "
        "partnership_no_limits",
        "category 'partnership.strategic': nested 2 levels deep; written as frame "
        "partnership_strategic",
        "category 'dependency': entry 'depend*': same tokens as 'Depend*'; skipped",
        "category 'smiles': entry 'c++': not in the cue syntax (letters, digits, spaces, "
        "- . , ' * ?): '+'; skipped",
        "category 'smiles': no usable entry; not written",
    ]
    assert out[-1].endswith("4 frames, 5 cues; 8 note(s) above")
    lexicon = load_lexicon(tmp_path / "lex.yaml")
    assert lexicon.frames["dependency"].cues == ("like", "Depend*")
    assert "smiles" not in lexicon.frames


def test_quanteda_and_wordstat_nesting_and_refused_entries_are_reported(tmp_path, capsys):
    _, out = _framing(capsys, "import", DATA / "quanteda.yml", "--out", tmp_path / "q.yaml")
    assert any("entry '(a+)+$': not in the cue syntax" in line for line in out)
    assert load_lexicon(tmp_path / "q.yaml").frames["dependency"].cues == (
        "junior partner*", "depend*", "vassal?")
    _, out = _framing(capsys, "import", DATA / "wordstat.cat", "--out", tmp_path / "w.yaml")
    assert any("weight (2) of 'DEPEND*' not carried" in line for line in out)
    assert list(load_lexicon(tmp_path / "w.yaml").frames) == [
        "partnership", "partnership_no_limits", "dependency"]


def test_format_option_beats_the_extension(tmp_path, capsys):
    source = tmp_path / "dictionary.txt"
    source.write_text((DATA / "lexicoder.lc3").read_text(encoding="utf-8"), encoding="utf-8")
    code, _ = _framing(capsys, "import", source, "--format", "lexicoder", "--out",
                       tmp_path / "lex.yaml")
    assert code == 0
    assert list(load_lexicon(tmp_path / "lex.yaml").frames) == [
        "no_limits", "dependency", "stability"]


def test_an_unknown_extension_stops_with_exit_2_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "dictionary.txt"
    source.write_text("+a\nb\n", encoding="utf-8")
    assert main(["lexicon", "import", str(source), "--out", str(tmp_path / "lex.yaml")]) == 2
    assert "give --format" in capsys.readouterr().err
    assert not (tmp_path / "lex.yaml").exists()


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name, export_as, expected", [
    ("liwc2007.dic", "liwc", {"nolimits": {"boundless*"}, "asymmetry": {"depend*", "junior"}}),
    ("liwc2015.dic", "liwc", {"No limits": {"boundless*", "no limits", "strategic partnership"},
                              "Asymmetric dependency": {"junior partner*", "depend*"},
                              "Stabilizing force": {"stabili*", "strategic partnership"}}),
    ("lexicoder.lc3", "quanteda", {"no limits": {"boundless*", "no limits"},
                                   "dependency": {"junior partner*", "depend*"},
                                   "stability": {"stabili*"}}),
    ("lexicoder.lc3", "liwc", {"no limits": {"boundless*", "no limits"},
                               "dependency": {"junior partner*", "depend*"},
                               "stability": {"stabili*"}}),
])
def test_import_score_export_gives_the_same_dictionary(tmp_path, capsys, name, export_as,
                                                        expected):
    source = DATA / name
    code, _ = _framing(capsys, "import", source, "--out", tmp_path / "lex.yaml")
    lexicon = load_lexicon(tmp_path / "lex.yaml")
    found: dict[str, set[str]] = {}
    for match in lexicon.find(TEXT):
        found.setdefault(lexicon.frames[match.frame].label, set()).add(match.cue)
    assert found == expected
    suffix = {"liwc": ".dic", "quanteda": ".yml"}[export_as]
    code, out = _framing(capsys, "export", tmp_path / "lex.yaml", "--format", export_as,
                         "--out", tmp_path / f"back{suffix}")
    assert code == 0 and out[-1].startswith("wrote ")
    original, back = _read(source), _read(tmp_path / f"back{suffix}")
    assert list(back.flat()) == list(original.flat())
    assert {k: sorted(v) for k, v in back.flat().items()} == {
        k: sorted(v) for k, v in original.flat().items()}


def test_export_reports_what_the_format_has_no_place_for(tmp_path, capsys):
    code, out = _framing(capsys, "export", TINY_LEXICON, "--format", "liwc", "--out",
                         tmp_path / "tiny.dic")
    notes = [line.removeprefix(f"{TINY_LEXICON}: ") for line in out[:-1]]
    assert code == 0
    assert notes == [
        "frame alpha: cue 'stabili?ing force': LIWC has only '*' at the end of a word; "
        "not written",
        "frame alpha: cue 'best in * history': LIWC has only '*' at the end of a word; "
        "not written",
        "frame alpha: 1 exclusion(s) not carried (liwc has no exclusions)",
        "negation: its negators are not carried (liwc has no negation)",
    ]
    exported = _read(tmp_path / "tiny.dic").flat()
    assert "bound*" in exported["Alpha"] and "stabili?ing force" not in exported["Alpha"]


def test_quanteda_export_keeps_globs_and_quotes_yaml_words(tmp_path, capsys):
    _framing(capsys, "export", TINY_LEXICON, "--format", "quanteda", "--out",
             tmp_path / "tiny.yml")
    data = yaml.safe_load((tmp_path / "tiny.yml").read_text(encoding="utf-8"))
    assert data["Alpha"][:5] == ["no limits", "limitless", "partnership",
                                 "strategic partnership", "stabili?ing force"]
    assert list(data) == ["Alpha", "Beta"]


# --------------------------------------------------------------------------- check


def test_check_lists_every_problem_with_its_path_and_exits_2(capsys):
    code, out = _framing(capsys, "check", DATA / "broken_lexicon.yaml")
    where = f"{DATA / 'broken_lexicon.yaml'}: "
    assert code == 2
    assert [line.removeprefix(where) for line in out] == [
        "language: must be an ISO 639-1 code such as 'en'",
        "frames.no_limits.cues[1]: 'c++': not in the cue syntax (letters, digits, spaces, "
        "- . , ' * ?): '+'",
        "frames.no_limits.cues[2]: 'No-limits': same tokens as 'no limits'",
        "frames.Bad-Key: frame key 'Bad-Key' must be snake_case, e.g. no_limits",
        "frames.empty.cues: a frame needs at least one cue",
        "frames.empty.colour: unknown key; allowed: label, definition, does_not_count, "
        "example, cues, exclusions, extra",
        "6 problem(s)",
    ]


def test_check_of_a_good_lexicon_prints_one_summary_line(capsys):
    code, out = _framing(capsys, "check", TINY_LEXICON)
    assert code == 0
    assert out == [f"{TINY_LEXICON}: ok: 2 frames, 9 cues"]
