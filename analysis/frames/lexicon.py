"""Frame lexicons: cues as data (YAML), validated on load by a declared model.

A lexicon file holds a ``version``, a ``language``, a ``negation`` block and the
``frames``; each frame has a label, its codebook definition and its ``cues``
(plus optional ``exclusions``)::

    version: "1.0.0"
    language: en
    negation: {window: 3, before: [not, never], after: [has limits], ignore: [not only]}
    frames:
      no_limits:
        label: No-limits partnership
        definition: The partnership as unlimited ...
        cues: [no limits, boundless*]
        exclusions: [bound* to fail]

:func:`load_lexicon` reads it (duplicate keys refused), checks it against
:class:`LexiconFile` and refuses anything it does not understand with one
:class:`~analysis.errors.InputError` that lists every problem with its path in the
file (``frames.no_limits.cues[3]``); it records the file's SHA-256 so every output can
name the lexicon it used. How a cue is written is in :mod:`analysis.frames.cues`; how
cues match, in :mod:`analysis.frames.matching`.

>>> lex = parse_lexicon({"version": "1", "language": "en",
...     "negation": {"window": 2, "before": ["not"]},
...     "frames": {"no_limits": {"label": "No limits", "cues": ["no limits", "boundless*"]}}})
>>> [(m.frame, m.cue, m.negated) for m in lex.find("Ties have no-limits. Not boundless!")]
[('no_limits', 'no limits', False), ('no_limits', 'boundless*', True)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError, WrapValidator

from analysis.config_models import (
    ConfigModel,
    merge_errors,
    problems_error,
    read_yaml,
    validate,
)
from analysis.frames.cues import cue_problem, cue_tokens
from analysis.frames.matching import Match, Matcher
from analysis.frames.prefilter import CueFilter
from analysis.provenance import sha256_bytes
from analysis.text.tokens import Tokens

__all__ = [
    "Frame",
    "Negation",
    "Lexicon",
    "LexiconFile",
    "FrameEntry",
    "NegationEntry",
    "load_lexicon",
    "parse_lexicon",
    # re-exported from their new homes, for older imports
    "Match",
    "cue_tokens",
]

_FRAME_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Frame:
    """A frame of the codebook and the phrases that signal it."""

    key: str
    label: str
    definition: str = ""
    does_not_count: str = ""
    example: str = ""
    cues: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    extra: bool = False


@dataclass(frozen=True)
class Negation:
    """Negators before/after a cue within ``window`` tokens; ``ignore``: pseudo-negators."""

    window: int = 3
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """A validated frame lexicon; :mod:`analysis.frames.matching` has the matching rules."""

    frames: dict[str, Frame]
    version: str = ""
    language: str = "en"
    negation: Negation = field(default_factory=Negation)
    path: Path | None = None
    checksum: str = ""

    @cached_property
    def _matcher(self) -> Matcher:
        return Matcher(self.frames, self.negation)

    @cached_property
    def cue_filter(self) -> CueFilter:
        """Which sentences can hold a cue match (:class:`analysis.frames.prefilter.CueFilter`)."""
        return CueFilter(self)

    def find(self, text: str) -> list[Match]:
        """Matches in ``text``, with character offsets into ``text``, sentence by sentence."""
        return self._matcher.find(text)

    def match_tokens(self, tokens: Tokens, *, breaks: Sequence[int] = ()) -> list[Match]:
        """Matches among ``tokens``; ``breaks`` are the token indices where sentences start.

        Offsets are the character offsets carried by ``tokens``. Matches are sorted by
        start, then by frame order in the lexicon.
        """
        return self._matcher.match_tokens(tokens, breaks=breaks)


# --------------------------------------------------------------------------- the file


def _usable_phrase(phrase: str) -> str:
    problem = cue_problem(phrase)
    if problem:
        raise ValueError(f"{phrase!r}: {problem}")
    return phrase


def _distinct_tokens(value: Any, handler: Any) -> list[str]:
    """The phrases, each usable, no two with the same tokens (all problems at once)."""
    try:
        phrases, error = handler(value), None
    except ValidationError as exc:
        phrases, error = (value if isinstance(value, list) else []), exc
    seen: dict[tuple[str, ...], str] = {}
    problems = []
    for i, phrase in enumerate(phrases):
        if not isinstance(phrase, str) or cue_problem(phrase):
            continue  # already reported
        first = seen.setdefault(cue_tokens(phrase), phrase)
        if first is not phrase:
            problems.append(((i,), f"{phrase!r}: same tokens as {first!r}", phrase))
    merged = merge_errors(error, problems_error(problems))
    if merged is not None:
        raise merged
    return phrases


def _some_cue(phrases: list[str]) -> list[str]:
    if not phrases:
        raise ValueError("a frame needs at least one cue")
    return phrases


def _snake_case(key: str) -> str:
    if not _FRAME_KEY_RE.fullmatch(key):
        raise ValueError(f"frame key {key!r} must be snake_case, e.g. no_limits")
    return key


def _version(value: Any) -> Any:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError("must be a string or number, e.g. \"1.0.0\"")
    return value


def _language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError("must be an ISO 639-1 code such as 'en'")
    return value


def _some_frame(frames: dict[str, Any]) -> dict[str, Any]:
    if not frames:
        raise ValueError("must map at least one frame key to a frame")
    return frames


Phrases = Annotated[list[Annotated[str, AfterValidator(_usable_phrase)]],
                    WrapValidator(_distinct_tokens)]


class NegationEntry(ConfigModel):
    """The ``negation`` block of a lexicon file."""

    window: Annotated[int, Field(ge=0)] = 3
    before: Phrases | None = None
    after: Phrases | None = None
    ignore: Phrases | None = None


class FrameEntry(ConfigModel):
    """One frame of a lexicon file (``label`` defaults to the frame key)."""

    label: str | None = None
    definition: str = ""
    does_not_count: str = ""
    example: str = ""
    cues: Annotated[Phrases, AfterValidator(_some_cue)]
    exclusions: Phrases | None = None
    extra: bool = False


class LexiconFile(ConfigModel):
    """A lexicon file, as YAML gives it."""

    version: Annotated[Any, AfterValidator(_version)]
    language: Annotated[str, AfterValidator(_language)]
    description: str = ""
    negation: NegationEntry = NegationEntry()
    frames: Annotated[dict[Annotated[str, AfterValidator(_snake_case)], FrameEntry],
                      AfterValidator(_some_frame)]


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate a lexicon YAML file.

    Raises:
        InputError: the file cannot be read or is not YAML, or it has entries that are
            not valid; the message has one ``<file>: <path>: <problem>`` line per problem.
    """
    path = Path(path)
    data, raw = read_yaml(path, "lexicon")
    return parse_lexicon(data, path=path, checksum=sha256_bytes(raw))


def parse_lexicon(data: Any, *, path: Path | str | None = None, checksum: str = "") -> Lexicon:
    """Validate a lexicon given as the mapping ``yaml.safe_load`` returns.

    >>> parse_lexicon({"version": 1, "language": "en", "frames": {"x": {"cues": ["*"]}}})
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: <lexicon>: frames.x.cues[0]: '*': a cue cannot be only wildcards
    """
    where = str(path) if path is not None else "<lexicon>"
    model = validate(LexiconFile, data, source=where)
    frames = {key: Frame(key=key, label=key if entry.label is None else entry.label,
                         definition=entry.definition, does_not_count=entry.does_not_count,
                         example=entry.example, cues=tuple(entry.cues),
                         exclusions=tuple(entry.exclusions or ()), extra=entry.extra)
              for key, entry in model.frames.items()}
    neg = model.negation
    negation = Negation(window=neg.window, before=tuple(neg.before or ()),
                        after=tuple(neg.after or ()), ignore=tuple(neg.ignore or ()))
    return Lexicon(frames=frames, version=str(model.version), language=model.language,
                   negation=negation, path=Path(path) if path is not None else None,
                   checksum=checksum)
