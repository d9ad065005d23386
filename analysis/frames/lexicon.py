"""Frame lexicons: cues as data (YAML), validated on load, matched as token sequences.

A lexicon file holds a ``version``, a ``language``, a ``negation`` block and the
``frames``; each frame has a label, its codebook definition and its ``cues``
(plus optional ``exclusions``). :func:`load_lexicon` reads it with
``yaml.safe_load``, refuses anything it does not understand with an
:class:`~analysis.errors.InputError` naming the file, the frame and the entry,
and records the file's SHA-256 so every output can name the lexicon it used.

Matching semantics (in the manner of quanteda's ``tokens_lookup``):

- A cue is a phrase. It is tokenized with :func:`analysis.text.tokens.tokenize`, the
  same function that tokenizes the articles, so both sides agree: matching is
  case-insensitive, hyphen and space variants are equal ("no-limits" = "no
  limits") and British spellings equal American ones ("stabilising").
- A cue token may hold glob wildcards: ``*`` (any run of characters) and ``?``
  (one character), with :mod:`fnmatch` semantics, matched against the
  normalised token: ``boundless*``, ``stabili?ing force``. A token that is only
  ``*`` matches any one token. A cue made only of wildcards is refused.
- Matches never cross a sentence boundary.
- Within a frame the longest match wins and a token counts once: of two
  overlapping matches of one frame, the longer is kept (the earlier on a tie).
- Matches of *different* frames are independent: a span matched by cues of two
  frames counts once for each frame.
- Exclusions beat cues: a cue match overlapping an exclusion match of the same
  frame is dropped.
- Negation: a cue match with a ``before`` negator ending at most ``window``
  tokens before it, or an ``after`` negator starting at most ``window`` tokens
  after it, in the same sentence, is kept with ``negated=True`` (it is not
  support for the frame). A negator never overlaps the cue itself, so the "no"
  of the cue "no limits" in "has no limits" negates nothing; negators inside an
  ``ignore`` phrase ("not only") do not count; a negator with no cue in its
  window ("far from unambiguous") negates nothing.

>>> lex = parse_lexicon({"version": "1", "language": "en",
...     "negation": {"window": 2, "before": ["not"]},
...     "frames": {"no_limits": {"label": "No limits", "cues": ["no limits", "boundless*"]}}})
>>> [(m.frame, m.cue, m.negated) for m in lex.find("Ties have no-limits. Not boundless!")]
[('no_limits', 'no limits', False), ('no_limits', 'boundless*', True)]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, count
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from analysis.errors import InputError
from analysis.provenance import sha256_bytes
from analysis.text.tokens import Tokens, split_sentences, token_spans, tokenize

__all__ = [
    "Match",
    "Frame",
    "Negation",
    "Lexicon",
    "cue_tokens",
    "load_lexicon",
    "parse_lexicon",
]

_TOP_KEYS = {"version", "language", "description", "negation", "frames"}
_FRAME_KEYS = {"label", "definition", "does_not_count", "example", "cues", "exclusions", "extra"}
_NEGATION_KEYS = {"window", "before", "after", "ignore"}
_FRAME_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_GLOB_RE = re.compile(r"[*?]")

# Kinds of pattern in the matcher's index.
_CUE, _EXCLUSION, _BEFORE, _AFTER, _IGNORE = range(5)


class Match(NamedTuple):
    """One cue match: frame key, the cue (as written in the lexicon), character span."""

    frame: str
    cue: str
    start: int
    end: int
    negated: bool = False


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


def cue_tokens(cue: str) -> tuple[str, ...]:
    """Normalised tokens of a cue, keeping glob wildcards inside tokens.

    >>> cue_tokens("Stabilising force")
    ('stabilizing', 'force')
    >>> cue_tokens("no-limits* Russia's")
    ('no', 'limits*', 'russia', "'s")
    >>> cue_tokens("best in * history")
    ('best', 'in', '*', 'history')
    """
    out: list[str] = []
    for piece in cue.split():
        if not _GLOB_RE.search(piece):
            out += tokenize(piece)
            continue
        for part in piece.lower().replace("’", "'").split("-"):
            if _GLOB_RE.search(part):
                out.append(part.strip(".,;:!\"“”()"))
            else:
                out += tokenize(part)
    return tuple(t for t in out if t)


def _glob_regex(token: str) -> re.Pattern[str]:
    return re.compile(".*".join(".".join(map(re.escape, p.split("?"))) for p in token.split("*")))


class _Pattern(NamedTuple):
    kind: int
    frame: int  # index into the frame list; -1 for negation patterns
    text: str  # the phrase as written in the lexicon
    rest: tuple[Any, ...]  # str (exact token) or compiled glob regex, after the first


class _Candidates(dict):
    """token -> patterns whose first token matches it; filled on first sight of a token."""

    def __init__(self, exact: dict[str, list[_Pattern]], globs: list[tuple[Any, _Pattern]]):
        super().__init__()
        self.exact = exact
        self.globs = globs
        self.starters: set[str] = set()  # cached tokens that start at least one pattern
        self.seen: set[str] = set()  # cached tokens (a set: set - dict subclass walks the dict)

    def __missing__(self, token: str) -> tuple[_Pattern, ...]:
        found = list(self.exact.get(token, ()))
        found += [p for rx, p in self.globs if rx.fullmatch(token)]
        self[token] = value = tuple(found)
        self.seen.add(token)
        if value:
            self.starters.add(token)
        return value

    def __reduce__(self):  # pickle the index, not the (rebuildable) per-token cache
        return (_Candidates, (self.exact, self.globs))


def _build_index(frames: Sequence[Frame], negation: Negation) -> _Candidates:
    specs = [(_BEFORE, -1, negation.before), (_AFTER, -1, negation.after),
             (_IGNORE, -1, negation.ignore)]
    for i, frame in enumerate(frames):
        specs += [(_CUE, i, frame.cues), (_EXCLUSION, i, frame.exclusions)]
    exact: dict[str, list[_Pattern]] = {}
    globs: list[tuple[Any, _Pattern]] = []
    for kind, frame_index, phrases in specs:
        for phrase in phrases:
            toks = cue_tokens(phrase)
            elems = tuple(_glob_regex(t) if _GLOB_RE.search(t) else t for t in toks)
            pattern = _Pattern(kind, frame_index, phrase, elems[1:])
            if isinstance(elems[0], str):
                exact.setdefault(elems[0], []).append(pattern)
            else:
                globs.append((elems[0], pattern))
    return _Candidates(exact, globs)


def _same(el: Any, tok: str) -> bool:
    return el == tok if el.__class__ is str else el.fullmatch(tok) is not None


def _extends(rest: tuple[Any, ...], norms: list[str], i: int, limit: int) -> bool:
    if i + len(rest) > limit:
        return False
    for k, el in enumerate(rest, i):
        tok = norms[k]
        if not (el == tok if isinstance(el, str) else el.fullmatch(tok)):
            return False
    return True


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping spans, longer ones first, earlier first on a tie."""
    kept: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for i, j, cue in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if used.isdisjoint(range(i, j)):
            used.update(range(i, j))
            kept.append((i, j, cue))
    return kept


def _overlaps(i: int, j: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < j and i < b for a, b in spans)


@dataclass
class Lexicon:
    """A validated frame lexicon; see the module docstring for the matching rules."""

    frames: dict[str, Frame]
    version: str = ""
    language: str = "en"
    negation: Negation = field(default_factory=Negation)
    path: Path | None = None
    checksum: str = ""

    @cached_property
    def _index(self) -> _Candidates:
        return _build_index(list(self.frames.values()), self.negation)

    @cached_property
    def cue_filter(self) -> Any:
        """Which sentences can hold a cue match (:class:`analysis.frames.prefilter.CueFilter`)."""
        from analysis.frames.prefilter import CueFilter

        return CueFilter(self)

    def find(self, text: str) -> list[Match]:
        """Matches in ``text``, with character offsets into ``text``, sentence by sentence."""
        tokens = token_spans(text)
        breaks = [bisect_left(tokens.starts, s) for s, _ in split_sentences(text)]
        return self.match_tokens(tokens, breaks=breaks)

    def match_tokens(self, tokens: Tokens, *, breaks: Sequence[int] = ()) -> list[Match]:
        """Matches among ``tokens``; ``breaks`` are the token indices where sentences start.

        Offsets are the character offsets carried by ``tokens``. Matches are sorted by
        start, then by frame order in the lexicon.
        """
        norms = tokens.norms
        hits = self._candidate_positions(norms)
        if not hits:
            return []
        found = self._raw_matches(norms, hits, breaks)
        keys = list(self.frames)
        out = [
            Match(keys[f], cue, tokens.starts[i], tokens.ends[j - 1],
                  self._negated(i, j, sent, found))
            for f, (i, j, cue, sent) in self._resolve(found)
        ]
        return sorted(out, key=lambda m: (m.start, keys.index(m.frame), m.end))

    def _candidate_positions(self, norms: list[str]) -> list[int]:
        """Positions of tokens that start some pattern (set operations first: most texts
        have none, and then no per-token Python work is done)."""
        index = self._index
        vocab = set(norms)
        for tok in vocab.difference(index.seen):
            index[tok]  # noqa: B018 - fills the per-token cache (see _Candidates)
        starters = vocab & index.starters
        if not starters:
            return []
        return list(compress(count(), map(starters.__contains__, norms)))

    def _raw_matches(self, norms: list[str], hits: list[int], breaks: Sequence[int]
                     ) -> dict[tuple[int, int], list[tuple[int, int, str, tuple[int, int]]]]:
        """(kind, frame) -> [(first token, end token, phrase, sentence token range)]."""
        n = len(norms)
        found: dict[tuple[int, int], list[tuple[int, int, str, tuple[int, int]]]] = {}
        for i in hits:
            b = bisect_right(breaks, i)
            sent = (breaks[b - 1] if b else 0, breaks[b] if b < len(breaks) else n)
            nxt = norms[i + 1] if i + 1 < sent[1] else None
            for p in self._index[norms[i]]:
                rest = p.rest
                # cheap test of the second token first: most candidates fail there
                if rest and (nxt is None or not _same(rest[0], nxt)
                             or not _extends(rest, norms, i + 1, sent[1])):
                    continue
                found.setdefault((p.kind, p.frame), []).append(
                    (i, i + 1 + len(rest), p.text, sent))
        return found

    def _resolve(self, found: dict) -> list[tuple[int, tuple[int, int, str, tuple[int, int]]]]:
        out = []
        for f in range(len(self.frames)):
            excluded = [(i, j) for i, j, _, _ in found.get((_EXCLUSION, f), [])]
            cues = [m for m in found.get((_CUE, f), []) if not _overlaps(m[0], m[1], excluded)]
            sents = {(i, j): s for i, j, _, s in cues}
            kept = _longest_first([(i, j, cue) for i, j, cue, _ in cues])
            out += [(f, (i, j, cue, sents[(i, j)])) for i, j, cue in kept]
        return out

    def _negated(self, i: int, j: int, sent: tuple[int, int], found: dict) -> bool:
        window = self.negation.window
        pseudo = [(a, b) for a, b, _, _ in found.get((_IGNORE, -1), [])]
        for a, b, _, _ in found.get((_BEFORE, -1), []):
            if sent[0] <= a and b <= i and i - b <= window and not _overlaps(a, b, pseudo):
                return True
        for a, b, _, _ in found.get((_AFTER, -1), []):
            if j <= a and b <= sent[1] and a - j <= window and not _overlaps(a, b, pseudo):
                return True
        return False


# --------------------------------------------------------------------------- loading


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate a lexicon YAML file; raise InputError naming file, frame and entry."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read lexicon ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: lexicon is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}: not a valid lexicon YAML{line}: {problem}") from exc
    return parse_lexicon(data, path=path, checksum=sha256_bytes(raw))


def parse_lexicon(data: Any, *, path: Path | str | None = None, checksum: str = "") -> Lexicon:
    """Validate a lexicon given as the mapping ``yaml.safe_load`` returns.

    >>> parse_lexicon({"version": 1, "language": "en", "frames": {"x": {"cues": ["*"]}}})
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: <lexicon>: frame 'x', cues[0] '*': a cue cannot be only wildcards
    """
    where = str(path) if path is not None else "<lexicon>"
    _check_mapping(data, where, "the file", _TOP_KEYS, required={"version", "language", "frames"})
    version = data["version"]
    if not isinstance(version, (str, int, float)) or isinstance(version, bool):
        raise InputError(f"{where}: 'version' must be a string or number")
    language = data["language"]
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
        raise InputError(f"{where}: 'language' must be an ISO 639-1 code such as 'en'")
    frames_data = data["frames"]
    if not isinstance(frames_data, dict) or not frames_data:
        raise InputError(f"{where}: 'frames' must be a non-empty mapping of frame key -> frame")
    frames = {key: _parse_frame(key, value, where) for key, value in frames_data.items()}
    negation = _parse_negation(data.get("negation", {}), where)
    return Lexicon(frames=frames, version=str(version), language=language,
                   negation=negation, path=Path(path) if path is not None else None,
                   checksum=checksum)


def _check_mapping(value: Any, where: str, what: str, allowed: set[str], *,
                   required: set[str] = frozenset()) -> None:
    if not isinstance(value, dict):
        raise InputError(f"{where}: {what} must be a mapping, not {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise InputError(f"{where}: {what}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(value))
    if missing:
        raise InputError(f"{where}: {what}: missing key(s) {missing}")


def _parse_frame(key: Any, value: Any, where: str) -> Frame:
    if not isinstance(key, str) or not _FRAME_KEY_RE.match(key):
        raise InputError(f"{where}: frame key {key!r} must be snake_case, e.g. no_limits")
    what = f"frame {key!r}"
    _check_mapping(value, where, what, _FRAME_KEYS, required={"cues"})
    texts = {}
    for name in ("label", "definition", "does_not_count", "example"):
        texts[name] = value.get(name, key if name == "label" else "")
        if not isinstance(texts[name], str):
            raise InputError(f"{where}: {what}, {name!r} must be a string")
    extra = value.get("extra", False)
    if not isinstance(extra, bool):
        raise InputError(f"{where}: {what}, 'extra' must be true or false")
    cues = _parse_phrases(value["cues"], where, f"{what}, cues")
    if not cues:
        raise InputError(f"{where}: {what}, cues: a frame needs at least one cue")
    exclusions = _parse_phrases(value.get("exclusions") or [], where, f"{what}, exclusions")
    return Frame(key=key, cues=cues, exclusions=exclusions, extra=extra, **texts)


def _parse_phrases(value: Any, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InputError(f"{where}: {what} must be a list of phrases, not {type(value).__name__}")
    seen: dict[tuple[str, ...], str] = {}
    for i, phrase in enumerate(value):
        entry = f"{what}[{i}] {phrase!r}"
        if not isinstance(phrase, str):
            raise InputError(f"{where}: {entry}: must be a string, not {type(phrase).__name__}")
        toks = cue_tokens(phrase)
        if not toks:
            raise InputError(f"{where}: {entry}: empty phrase (no word tokens)")
        if all(not t.strip("*?") for t in toks):
            raise InputError(f"{where}: {entry}: a cue cannot be only wildcards")
        if toks in seen:
            raise InputError(f"{where}: {entry}: same tokens as {seen[toks]!r}")
        seen[toks] = phrase
    return tuple(value)


def _parse_negation(value: Any, where: str) -> Negation:
    _check_mapping(value, where, "negation", _NEGATION_KEYS)
    window = value.get("window", 3)
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise InputError(f"{where}: negation, 'window' must be a whole number >= 0")
    lists = {k: _parse_phrases(value.get(k) or [], where, f"negation, {k}")
             for k in ("before", "after", "ignore")}
    return Negation(window=window, **lists)
