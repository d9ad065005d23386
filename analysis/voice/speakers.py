"""Who can speak in the corpus: speaker names, their variants and groups.

A speakers file (``data/lexicons/speakers.yaml``) lists each speaker's canonical
name, the group it speaks for (e.g. ``russian_official``), its kind (``person``,
``institution``, ``joint`` or ``collective``; pronouns resolve to persons and joint
speakers only), a person's gender (*he*/*she* skip persons of the other one), the name
variants the text uses, and role nouns (*the minister*, *the document*): a role noun
stands for the nearest speaker named before it that has the role
(:meth:`Speakers.resolve_role`). :mod:`analysis.voice.voices` finds these names in
articles to attribute quotes and reported speech.

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
    "GENDERS",
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
    "LazyPattern",
]

#: Kinds of speaker; pronouns resolve to ``person`` and ``joint`` speakers only.
KINDS = ("person", "institution", "joint", "collective")

#: Genders a person may have; *he*/*she* resolve to persons of that gender or of none given.
GENDERS = ("male", "female")
_PRONOUN_GENDERS = {"he": "male", "him": "male", "she": "female", "her": "female"}
_ROLE_REACH = 3000  # a role noun looks this many characters back for its speaker
# words of aliases that are titles, not names ("President Xi", "Russian President")
_TITLE_WORDS = frozenset("president russian chinese russia's china's the secretary of state "
                         "foreign minister gen. kremlin spokesman ceo gazprom".split())
_LABEL_LINKS = frozenset({"of", "the", "and", "for"})  # lower-case words a speaker label has
_DESCRIPTION_RE = re.compile(r"\bof\b")  # "the President of Russia" is no name

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
    roles: tuple[str, ...] = ()
    gender: str = ""

    def fits(self, gender: str) -> bool:
        """Whether a pronoun of ``gender`` ("" for any) can stand for this speaker."""
        return not gender or not self.gender or gender == self.gender


@dataclass(frozen=True, eq=False)
class Speakers:
    """A validated speaker list; look names up with :meth:`resolve`."""

    speakers: tuple[Speaker, ...]
    groups: dict[str, str]
    path: Path | None = None
    version: Any = 1
    unnamed: dict[str, str] = field(default_factory=dict)  # "analyst" -> its group
    countries: dict[str, str] = field(default_factory=dict)  # "China" -> its government's
    # how a text describes a speaker it names: group (or "official") -> nouns, in order
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    nations: dict[str, str] = field(default_factory=dict)  # "Chinese" -> its officials' group
    media: tuple[str, ...] = ()  # words that make a name a news outlet ("Times")
    by_alias: dict[str, Speaker] = field(init=False, repr=False)
    by_role: dict[str, tuple[Speaker, ...]] = field(init=False, repr=False)
    _role_names: dict[str, list[str]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        index = {_alias_key(a): s for s in self.speakers for a in (s.name, *s.aliases)}
        object.__setattr__(self, "by_alias", index)
        roles: dict[str, list[Speaker]] = {}
        for s in self.speakers:
            for r in s.roles:
                roles.setdefault("the " + _alias_key(r), []).append(s)
        object.__setattr__(self, "by_role", {k: tuple(v) for k, v in roles.items()
                                             if k not in index})

    def resolve_role(self, mention: str, text: str, pos: int, group: str = ""
                     ) -> Speaker | None:
        """The speaker a role noun (*the minister*) stands for at ``pos`` of ``text``: the
        one with that role named last before it (at most 3,000 characters back).

        >>> sp = parse_speakers({"groups": {"o": ""}, "speakers": [
        ...     {"name": "Sergei Lavrov", "group": "o", "aliases": ["Lavrov"],
        ...      "roles": ["minister"]},
        ...     {"name": "Wang Yi", "group": "o", "roles": ["minister"]}]})
        >>> t = "Wang Yi met Lavrov. The minister said so."
        >>> sp.resolve_role("The minister", t, 20).name
        'Sergei Lavrov'
        >>> sp.resolve_role("The minister", "The minister said so.", 0) is None
        True

        ``group``: only speakers of that group hold the role (*the Russian top diplomat*).
        """
        key = _alias_key(mention)
        if key not in self.by_role:
            return None
        names = self._role_names.get(key + "|" + group)
        if names is None:
            holders = [s for s in self.by_role[key] if not group or s.group == group]
            names = sorted({_alias_key(a).replace("'", "’") for s in holders
                            for a in (s.name, *s.aliases)}
                           | {_alias_key(a) for s in holders for a in (s.name, *s.aliases)})
            self._role_names[key + "|" + group] = names
        window = " ".join(text[max(0, pos - _ROLE_REACH) : pos].lower().split())
        best, found = -1, None
        for name in names:  # the name mentioned last (str.rfind: no regex scan)
            at = _last_word_match(window, name)
            if at > best or (at == best and found is not None and len(name) > len(found)):
                best, found = at, name
        return self.resolve(found) if found is not None else None

    def resolve(self, mention: str) -> Speaker | None:
        """The speaker a mention names; ``None`` for pronouns and unknown names."""
        return self.by_alias.get(mention) or self.by_alias.get(_alias_key(mention))

    def label_speaker(self, label: str) -> Speaker | None:
        """The listed person a transcript's speaker label ends with (*PRESIDENT VLADIMIR
        PUTIN*, *President of the People's Republic of China Xi Jinping*, *Lavrov*).

        >>> load_speakers().label_speaker("PRESIDENT VLADIMIR PUTIN").name
        'Vladimir Putin'
        """
        words = label.split()
        if len(words) > 12 or any(w.islower() and w not in _LABEL_LINKS for w in words):
            return None  # a sentence before a colon: "Putin also noted the volumes:"
        for k in (3, 2, 1):
            if len(words) >= k:
                tail = " ".join(words[-k:])
                s = self.resolve(tail) or (self.by_name_word(tail) if k == 1 else None)
                if s is not None and s.kind == "person":
                    return s
        return None

    def pronoun_kind(self, word: str) -> str | None:
        """``person`` or ``joint`` for a pronoun, else ``None``."""
        return PRONOUNS.get(_alias_key(word))

    @staticmethod
    def pronoun_gender(word: str) -> str:
        """``male`` for *he*/*him*, ``female`` for *she*/*her*, else ""."""
        return _PRONOUN_GENDERS.get(_alias_key(word), "")

    @cached_property
    def joint(self) -> Speaker | None:
        """The first speaker of kind ``joint`` (both leaders together), if any."""
        return next((s for s in self.speakers if s.kind == "joint"), None)

    def by_name_word(self, word: str) -> Speaker | None:
        """The one listed person one of whose names is ``word`` (*Jinping*, *Wang*), as a
        text that names them by one word writes it; ``None`` when several have it.

        >>> sp = load_speakers()
        >>> sp.by_name_word("Jinping").name, sp.by_name_word("Sergei")
        ('Xi Jinping', None)
        """
        return self._name_words.get(word.replace("’", "'"))

    @cached_property
    def _name_words(self) -> dict[str, Speaker | None]:
        words: dict[str, Speaker | None] = {}
        for s in self.speakers:
            if s.kind != "person":
                continue
            # names, not descriptions: "the President of Russia" gives no name word
            names = [a for a in (s.name, *s.aliases) if not _DESCRIPTION_RE.search(a)]
            for w in {w for a in names for w in a.replace("’", "'").split()
                      if w[:1].isupper() and w.lower() not in _TITLE_WORDS}:
                words[w] = s if words.get(w, s) is s else None
        return words

    @cached_property
    def names_pattern(self) -> str:
        """Regex (lower case) matching any alias or pronoun, longest first."""
        return alternation(set(self.by_alias) | set(PRONOUNS))


class LazyPattern:
    """A regular expression compiled on first use: for the variants of a pattern that
    only rare texts need (any case, where lower-casing would shift offsets).

    >>> rx = LazyPattern(r"xi", re.I)
    >>> rx.search("Said Xi").start()
    5
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source, self._flags, self._compiled = pattern, flags, None

    def _rx(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def match(self, *args):  # noqa: D102
        return self._rx().match(*args)

    def search(self, *args):  # noqa: D102
        return self._rx().search(*args)

    def fullmatch(self, *args):  # noqa: D102
        return self._rx().fullmatch(*args)

    def finditer(self, *args):  # noqa: D102
        return self._rx().finditer(*args)


def _last_word_match(text: str, word: str) -> int:
    """Where ``word`` last occurs in ``text`` as whole words, else -1.

    >>> _last_word_match("xi met xinhua", "xi"), _last_word_match("taxi", "xi")
    (0, -1)
    """
    at = text.rfind(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or
                                                         not text[end].isalnum()):
            return at
        at = text.rfind(word, 0, at + len(word) - 1)
    return -1


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


def _known_gender(gender: str) -> str:
    if gender and gender not in GENDERS:
        raise ValueError(f"gender {gender!r} is not one of {list(GENDERS)}")
    return gender


def _some_group(groups: dict[str, str]) -> dict[str, str]:
    if not groups:
        raise ValueError("must map at least one group to its description")
    return groups


class SpeakerEntry(ConfigModel):
    """One entry of the ``speakers`` list of a speakers file."""

    name: Annotated[str, AfterValidator(_non_empty)]
    group: str
    kind: Annotated[str, AfterValidator(_known_kind)] = "person"
    gender: Annotated[str, AfterValidator(_known_gender)] = ""
    aliases: list[Annotated[str, AfterValidator(_no_pronoun)]] = []
    roles: list[Annotated[str, AfterValidator(_no_pronoun)]] = []


class SpeakersFile(ConfigModel):
    """A speakers file, as YAML gives it; groups are known and aliases name one speaker."""

    version: Any = 1
    groups: Annotated[dict[str, str], AfterValidator(_some_group)]
    speakers: list[SpeakerEntry]
    unnamed: dict[str, str] = {}
    countries: dict[str, str] = {}
    descriptions: dict[str, list[str]] = {}
    nations: dict[str, str] = {}
    media: list[str] = []

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
    for key in ("unnamed", "countries", "nations"):
        table = data.get(key) if isinstance(data.get(key), dict) else {}
        problems += [((key, word), f"group {group!r} of {word!r} is not one of {list(groups)}",
                      group) for word, group in table.items()
                     if isinstance(group, str) and group not in groups]
    descriptions = data.get("descriptions") if isinstance(data.get("descriptions"), dict) else {}
    problems += [(("descriptions", group), f"{group!r} is neither a group nor 'official'", group)
                 for group in descriptions if group not in groups and group != "official"]
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
    speakers = tuple(Speaker(s.name.strip(), s.group, s.kind, tuple(a.strip() for a in s.aliases),
                             tuple(r.strip() for r in s.roles), s.gender)
                     for s in model.speakers)
    path = source if isinstance(source, Path) else None
    unnamed = {noun.lower(): group for noun, group in model.unnamed.items()}
    return Speakers(speakers, dict(model.groups), path, model.version, unnamed,
                    dict(model.countries),
                    {group: tuple(nouns) for group, nouns in model.descriptions.items()},
                    dict(model.nations), tuple(model.media))


_BUNDLED: dict[str, Speakers] = {}


def bundled_speakers() -> Speakers:
    """The bundled speakers file, read once per process."""
    if "bundled" not in _BUNDLED:
        _BUNDLED["bundled"] = load_speakers()
    return _BUNDLED["bundled"]
