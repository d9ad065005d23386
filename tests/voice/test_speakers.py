"""Tests of analysis.voice.speakers: reading and validating the speakers file."""

from __future__ import annotations

import pickle

import pytest

from analysis.config import DEFAULT_SPEAKERS
from analysis.errors import InputError
from analysis.schema import TABLES
from analysis.voice.speakers import alternation, bundled_speakers, load_speakers
from analysis.voice.voices import attribute_voices

# --- speakers file ----------------------------------------------------------------------


def test_bundled_speakers_groups_are_documented_in_schema(speakers):
    doc = dict(TABLES["hits"].fields)["speaker_group"]
    assert all(group in doc for group in speakers.groups)
    assert {s.group for s in speakers.speakers} <= set(speakers.groups)


def _write(tmp_path, body: str):
    path = tmp_path / "speakers.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("groups: {a: A}\nspeakers:\n  - {name: Ann, group: b}\n",
         "speakers[0].group: group 'b' of 'Ann'"),
        (
            "groups: {a: A}\nspeakers:\n  - {name: Ann, group: a, aliases: [X]}\n"
            "  - {name: Bob, group: a, aliases: [x]}\n",
            "speakers[1]: alias 'x' of 'Bob' already names 'Ann'",
        ),
        ("groups: {a: A}\nspeakers:\n  - {name: Ann, group: a, kind: robot}\n",
         "speakers[0].kind: kind 'robot'"),
        ("groups: {a: A}\nspeakers:\n  - {name: Ann, group: a, alias: [A]}\n",
         "speakers[0].alias: unknown key"),
        ("groups: {a: A}\nspeakers:\n  - {name: Ann, group: a, aliases: [he]}\n",
         "speakers[0].aliases[0]: 'he': pronouns"),
        ("groups: {a: A}\nspeakers: [{group: a}]\n", "speakers[0].name: required"),
        ("groups: {a: A}\nspeakers:\n  - {name: Ann, group: [a]}\n",
         "speakers[0].group: must be a string, not list"),
        ("speakers: [: bad", "not a valid speakers YAML (line 1)"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_invalid_speakers_file_names_file_and_entry(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(InputError, match="speakers.yaml") as err:
        load_speakers(path)
    assert message in str(err.value)


def test_every_problem_of_a_speakers_file_is_reported_at_once(tmp_path):
    path = _write(tmp_path, "groups: {a: A}\nextra: 1\nspeakers:\n"
                            "  - {name: Ann, group: b, aliases: [Annie]}\n"
                            "  - {name: Bob, group: a, kind: robot, aliases: [annie, '']}\n")
    with pytest.raises(InputError) as err:
        load_speakers(path)
    lines = str(err.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert sorted(line.split(": ")[1] for line in lines) == [
        "extra", "speakers[0].group", "speakers[1]", "speakers[1].aliases[1]",
        "speakers[1].kind"]


def test_a_speaker_given_twice_in_one_mapping_is_refused_with_its_line(tmp_path):
    path = _write(tmp_path, "groups: {a: A}\nspeakers:\n  - name: Ann\n    group: a\n"
                            "    name: Bob\n")
    with pytest.raises(InputError, match=r"\(line 5\): duplicate key 'name' \(first on line 3\)"):
        load_speakers(path)


def test_missing_speakers_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="missing.yaml"):
        load_speakers(tmp_path / "missing.yaml")


def test_custom_speaker_list_is_used(tmp_path):
    path = _write(
        tmp_path,
        "groups: {analyst: x}\nspeakers:\n  - {name: Jane Roe, group: analyst, aliases: [Roe]}\n",
    )
    text = "“Russia depends on China,” Roe said."
    vm = attribute_voices(text, [(0, len(text))], load_speakers(path))
    assert vm.lookup(1, 7) == ("quote", "Jane Roe", "analyst")


def test_default_path_is_the_bundled_file():
    assert load_speakers().path == DEFAULT_SPEAKERS


def test_names_resolve_whatever_their_case_spacing_and_apostrophe(speakers):
    assert speakers.resolve("the  Russian\npresident").name == "Vladimir Putin"
    assert speakers.resolve("China’s foreign ministry").name == "China's foreign ministry"
    assert speakers.resolve("Mr. Nobody") is None


@pytest.mark.parametrize(("word", "kind"), [("He", "person"), ("they", "joint"), ("it", None)])
def test_pronoun_kinds(speakers, word, kind):
    assert speakers.pronoun_kind(word) == kind


def test_alternation_prefers_the_longest_alias():
    import re

    pattern = re.compile(alternation({"xi", "xi and putin", "putin"}))
    assert pattern.match("xi and putin met").group() == "xi and putin"
    assert pattern.match("xi met").group() == "xi"


def test_speakers_survive_pickling_for_worker_processes(speakers):
    clone = pickle.loads(pickle.dumps(speakers))
    text = "“Ties are deep,” Putin said."
    assert attribute_voices(text, [], clone).lookup(1, 5).speaker == "Vladimir Putin"


def test_bundled_speakers_is_read_once():
    assert bundled_speakers() is bundled_speakers()
