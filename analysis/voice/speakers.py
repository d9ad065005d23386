"""Who can speak in the corpus: speaker names, their variants and groups.

A speakers file (``data/lexicons/speakers.yaml``) lists each speaker's canonical
name, the group it speaks for (e.g. ``russian_official``), its kind (``person``,
``institution``, ``joint`` or ``collective``; pronouns resolve to persons and joint
speakers only) and the name variants the text uses. :mod:`analysis.voice.voices` finds
these names in articles to attribute quotes and reported speech.

>>> sp = parse_speakers({"groups": {"analyst": "analysts"}, "speakers": [
...     {"name": "Alexander Gabuev", "group": "analyst", "aliases": ["Gabuev"]}]})
>>> sp.resolve("GABUEV").name, sp.resolve("he"), sp.pronoun_kind("He")
('Alexander Gabuev', None, 'person')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationError, model_validator

from analysis.config import DEFAULT_SPEAKERS
from analysis.config_models import (
    ConfigModel,
    merge_errors,
    problems_error,
    read_yaml,
    validate,
)

__all__ = [
    "KINDS",
    "PRONOUNS",
    "Speaker",
    "Speakers",
    "SpeakerEntry",
    "SpeakersFile",
    "load_speakers",
    "parse_speakers",
    "bundled_speakers",
    "alternation",
]

#: Kinds of speaker; pronouns resolve to ``person`` and ``joint`` speakers only.
KINDS = ("person", "institution", "joint", "collective")

#: Pronouns that can stand for a speaker, and the kind of speaker they stand for.
PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "joint",
    "them": "joint",
}


@dataclass(frozen=True)
class Speaker:
    """One speaker: canonical name, group, kind and name variants."""

    name: str
    group: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Speakers:
    """A validated speaker list; look names up with :meth:`resolve`."""

    speakers: tuple[Speaker, ...]
    groups: dict[str, str]
    path: Path | None = None
    version: Any = 1
    unnamed: dict[str, str] = field(default_factory=dict)  # "analyst" -> its group
    by_alias: dict[str, Speaker] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index = {_alias_key(a): s for s in self.speakers for a in (s.name, *s.aliases)}
        object.__setattr__(self, "by_alias", index)

    def resolve(self, mention: str) -> Speaker | None:
        """The speaker a mention names; ``None`` for pronouns and unknown names."""
        return self.by_alias.get(mention) or self.by_alias.get(_alias_key(mention))

    def pronoun_kind(self, word: str) -> str | None:
        """``person`` or ``joint`` for a pronoun, else ``None``."""
        return PRONOUNS.get(_alias_key(word))

    @cached_property
    def joint(self) -> Speaker | None:
        """The first speaker of kind ``joint`` (both leaders together), if any."""
        return next((s for s in self.speakers if s.kind == "joint"), None)

    @cached_property
    def names_pattern(self) -> str:
        """Regex (lower case) matching any alias or pronoun, longest first."""
        return alternation(set(self.by_alias) | set(PRONOUNS))


def _alias_key(alias: str) -> str:
    return " ".join(alias.replace("’", "'").lower().split())


def alternation(keys: set[str]) -> str:
    """One regex matching any of ``keys``, longest first, factored as a trie for speed.

    >>> print(alternation({"xi", "xi and putin", "he"}))
    (?:he|xi(?:\\s+and\\s+putin)?)
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


_CHAR_PATTERNS = {" ": r"\s+", "'": "['’]"}


def _emit(node: dict) -> str:
    alts = [
        _CHAR_PATTERNS.get(ch, re.escape(ch)) + _emit(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not alts:
        return ""
    if len(alts) == 1 and "" not in node:
        return alts[0]
    return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")


def _non_empty(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _no_pronoun(alias: str) -> str:
    if _alias_key(alias) in PRONOUNS:
        raise ValueError(f"{alias!r}: pronouns cannot be aliases")
    return _non_empty(alias)


def _known_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {list(KINDS)}")
    return kind


def _some_group(groups: dict[str, str]) -> dict[str, str]:
    if not groups:
        raise ValueError("must map at least one group to its description")
    return groups


class SpeakerEntry(ConfigModel):
    """One entry of the ``speakers`` list of a speakers file."""

    name: Annotated[str, AfterValidator(_non_empty)]
    group: str
    kind: Annotated[str, AfterValidator(_known_kind)] = "person"
    aliases: list[Annotated[str, AfterValidator(_no_pronoun)]] = []


class SpeakersFile(ConfigModel):
    """A speakers file, as YAML gives it; groups are known and aliases name one speaker."""

    version: Any = 1
    groups: Annotated[dict[str, str], AfterValidator(_some_group)]
    speakers: list[SpeakerEntry]
    unnamed: dict[str, str] = {}

    @model_validator(mode="wrap")
    @classmethod
    def _groups_known_and_aliases_distinct(cls, data: Any, handler: Any) -> Any:
        problems = _cross_problems(data) if isinstance(data, dict) else []
        try:
            model, error = handler(data), None
        except ValidationError as exc:
            model, error = None, exc
        merged = merge_errors(error, problems_error(problems, "speakers"))
        if merged is not None:
            raise merged
        return model


def _cross_problems(data: dict) -> list[tuple[tuple[int | str, ...], str, Any]]:
    """Groups that ``groups`` does not list, and aliases already naming another speaker;
    read from the raw file, so that they are reported with its other problems."""
    entries = data.get("speakers") if isinstance(data.get("speakers"), list) else []
    groups = data.get("groups") if isinstance(data.get("groups"), dict) else {}
    problems = []
    named: dict[str, str] = {}
    for i, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        group = entry.get("group")
        if isinstance(group, str) and group not in groups:
            problems.append((("speakers", i, "group"),
                             f"group {group!r} of {name!r} is not one of {list(groups)}", group))
        aliases = entry.get("aliases")
        aliases = [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        for key in dict.fromkeys(_alias_key(a) for a in (name, *aliases)):
            first = named.setdefault(key, name)
            if first != name:
                problems.append((("speakers", i), f"alias {key!r} of {name!r} already names "
                                 f"{first!r}", name))
    return problems


def load_speakers(path: str | Path = DEFAULT_SPEAKERS) -> Speakers:
    """Read and validate a speakers YAML file (see data/lexicons/speakers.yaml).

    Raises:
        InputError: the file is missing or not YAML, or entries are not valid; the
            message has one ``<file>: <path>: <problem>`` line per problem.
    """
    path = Path(path)
    data, _ = read_yaml(path, "speakers")
    return parse_speakers(data, source=path)


def parse_speakers(data: Any, *, source: str | Path = "<speakers>") -> Speakers:
    """Validate the parsed YAML of a speakers file.

    >>> parse_speakers({"version": 1, "groups": {"x": "X"},
    ...                 "speakers": [{"name": "A", "group": "y"}]})
    Traceback (most recent call last):
    analysis.errors.InputError: <speakers>: speakers[0].group: group 'y' of 'A' is not one of ['x']
    """
    model = validate(SpeakersFile, data, source=source)
    speakers = tuple(Speaker(s.name.strip(), s.group, s.kind, tuple(a.strip() for a in s.aliases))
                     for s in model.speakers)
    path = source if isinstance(source, Path) else None
    unnamed = {noun.lower(): group for noun, group in model.unnamed.items()}
    return Speakers(speakers, dict(model.groups), path, model.version, unnamed)


_BUNDLED: dict[str, Speakers] = {}


def bundled_speakers() -> Speakers:
    """The bundled speakers file, read once per process."""
    if "bundled" not in _BUNDLED:
        _BUNDLED["bundled"] = load_speakers()
    return _BUNDLED["bundled"]
