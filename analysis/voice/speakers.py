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
from typing import Any

import yaml

from analysis.config import DEFAULT_SPEAKERS
from analysis.errors import InputError

__all__ = [
    "KINDS",
    "PRONOUNS",
    "Speaker",
    "Speakers",
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


def load_speakers(path: str | Path = DEFAULT_SPEAKERS) -> Speakers:
    """Read and validate a speakers YAML file (see data/lexicons/speakers.yaml).

    Raises:
        InputError: the file is missing or not YAML, or an entry is invalid; the
            message names the file and the entry.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read speakers file: {exc}") from exc
    return parse_speakers(data, source=path)


def parse_speakers(data: Any, *, source: str | Path = "<speakers>") -> Speakers:
    """Validate the parsed YAML of a speakers file.

    >>> parse_speakers({"version": 1, "groups": {"x": "X"},
    ...                 "speakers": [{"name": "Ann", "group": "y"}]})
    Traceback (most recent call last):
    analysis.errors.InputError: <speakers>: speaker 1 ('Ann'): group 'y' is not one of ['x']
    """
    if not isinstance(data, dict) or not isinstance(data.get("speakers"), list):
        raise InputError(f"{source}: expected a mapping with a 'speakers' list")
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise InputError(f"{source}: expected a 'groups' mapping of group -> description")
    speakers = tuple(
        _parse_speaker(entry, i, groups, source) for i, entry in enumerate(data["speakers"], 1)
    )
    seen: dict[str, str] = {}
    for s in speakers:
        for key in {_alias_key(a) for a in (s.name, *s.aliases)}:
            if seen.setdefault(key, s.name) != s.name:
                raise InputError(
                    f"{source}: alias {key!r} of {s.name!r} already names {seen[key]!r}"
                )
    path = source if isinstance(source, Path) else None
    return Speakers(
        speakers, {str(k): str(v) for k, v in groups.items()}, path, data.get("version", 1)
    )


def _parse_speaker(entry: Any, i: int, groups: dict, source: str | Path) -> Speaker:
    name = entry.get("name") if isinstance(entry, dict) else None
    where = f"{source}: speaker {i} ({name!r})"
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: needs a non-empty 'name'")
    unknown = set(entry) - {"name", "group", "kind", "aliases"}
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("group"), str) or entry["group"] not in groups:
        raise InputError(f"{where}: group {entry.get('group')!r} is not one of {list(groups)}")
    kind = entry.get("kind", "person")
    if kind not in KINDS:
        raise InputError(f"{where}: kind {kind!r} is not one of {list(KINDS)}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InputError(f"{where}: 'aliases' must be a list of non-empty strings")
    if any(_alias_key(a) in PRONOUNS for a in aliases):
        raise InputError(f"{where}: pronouns cannot be aliases")
    return Speaker(name.strip(), entry["group"], kind, tuple(a.strip() for a in aliases))


_BUNDLED: dict[str, Speakers] = {}


def bundled_speakers() -> Speakers:
    """The bundled speakers file, read once per process."""
    if "bundled" not in _BUNDLED:
        _BUNDLED["bundled"] = load_speakers()
    return _BUNDLED["bundled"]
