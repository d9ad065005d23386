"""Matching a lexicon's cues in text: an index of the cues and the matching rules.

Matching semantics (in the manner of quanteda's ``tokens_lookup``); the cues
themselves are read as :mod:`analysis.frames.cues` says:

- Words match on their normalised forms: case, British/American spelling and
  inflection (:func:`analysis.text.tokens.stem`) do not matter, so the cue
  "stabilizing factor" matches "stabilising factors" and "depend on china"
  matches "dependence on China". Wildcard tokens are matched against the whole
  normalised word ("boundless*" matches "boundlessly").

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

:class:`Matcher` takes the frames and the negation rules of an
:class:`analysis.frames.lexicon.Lexicon` (anything with the same attributes), which
delegates :meth:`~analysis.frames.lexicon.Lexicon.find` and
:meth:`~analysis.frames.lexicon.Lexicon.match_tokens` to it.

>>> from types import SimpleNamespace as NS
>>> frames = {"no_limits": NS(cues=("no limits", "boundless*"), exclusions=())}
>>> matcher = Matcher(frames, NS(window=2, before=("not",), after=(), ignore=()))
>>> [(m.cue, m.negated) for m in matcher.find("Ties have no-limits. Not boundless!")]
[('no limits', False), ('boundless*', True)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import compress, count
from typing import Any, NamedTuple, Protocol

from analysis.frames.cues import compile_glob, cue_tokens, has_wildcard
from analysis.text.tokens import Tokens, split_sentences, stem, token_spans

__all__ = ["Match", "Matcher", "FrameCues", "NegationRules"]

# Kinds of pattern in the matcher's index.
_CUE, _EXCLUSION, _BEFORE, _AFTER, _IGNORE = range(5)

# (first token, end token, phrase, sentence token range) of one raw match.
_Raw = tuple[int, int, str, tuple[int, int]]


class Match(NamedTuple):
    """One cue match: frame key, the cue (as written in the lexicon), character span."""

    frame: str
    cue: str
    start: int
    end: int
    negated: bool = False


class FrameCues(Protocol):
    """What the matcher reads of a frame (:class:`analysis.frames.lexicon.Frame`)."""

    cues: Sequence[str]
    exclusions: Sequence[str]


class NegationRules(Protocol):
    """What the matcher reads of the negation rules (:class:`~analysis.frames.lexicon.Negation`)."""

    window: int
    before: Sequence[str]
    after: Sequence[str]
    ignore: Sequence[str]


class _Pattern(NamedTuple):
    kind: int
    frame: int  # index into the frame list; -1 for negation patterns
    text: str  # the phrase as written in the lexicon
    rest: tuple[Any, ...]  # str (exact token) or compiled glob, after the first


class _Starting(NamedTuple):
    """The patterns that start at one token, grouped by what their second token must be.

    Each pattern carries its place in the index, so that the patterns a position
    passes are tried in index order whichever group they come from.
    """

    by_second: dict[str, tuple[tuple[int, _Pattern], ...]]  # the second token's stem
    loose: tuple[tuple[int, _Pattern], ...]  # one token long, or a wildcard second token

    @classmethod
    def of(cls, patterns: Sequence[_Pattern]) -> _Starting:
        by_second: dict[str, list[tuple[int, _Pattern]]] = {}
        loose = []
        for k, p in enumerate(patterns):
            if p.rest and p.rest[0].__class__ is str:
                by_second.setdefault(p.rest[0], []).append((k, p))
            else:
                loose.append((k, p))
        return cls({w: tuple(ps) for w, ps in by_second.items()}, tuple(loose))

    def following(self, nxt: str | None) -> tuple[tuple[int, _Pattern], ...]:
        """The patterns worth trying where the next token of the sentence is ``nxt``."""
        if nxt is None:
            return self.loose
        more = self.by_second.get(stem(nxt), ())
        return tuple(sorted(self.loose + more)) if self.loose and more else more or self.loose


class _Candidates(dict):
    """token -> patterns whose first token matches it; filled on first sight of a token."""

    def __init__(self, exact: dict[str, list[_Pattern]],
                 globs: list[tuple[Any, _Pattern, str]]):
        super().__init__()
        self.exact = exact
        self.globs = globs  # (compiled glob, pattern, its first character or "" if a wildcard)
        # a glob whose first character is a letter can only match tokens starting with it:
        # a new token tries those and the globs starting with a wildcard, in index order
        firsts = {first for _, _, first in globs if first}
        self._globs_by_first = {c: [(rx, p) for rx, p, f in globs if f in (c, "")]
                                for c in firsts}
        self._globs_by_first[""] = [(rx, p) for rx, p, f in globs if not f]
        self.starters: set[str] = set()  # cached tokens that start at least one pattern
        self.seen: set[str] = set()  # cached tokens (a set: set - dict subclass walks the dict)

    def __missing__(self, token: str) -> _Starting:
        found = list(self.exact.get(stem(token), ()))
        globs = self._globs_by_first.get(token[:1], self._globs_by_first[""])
        found += [p for rx, p in globs if rx.fullmatch(token)]
        self[token] = value = _Starting.of(found)
        self.seen.add(token)
        if found:
            self.starters.add(token)
        return value

    def __reduce__(self):  # pickle the index, not the (rebuildable) per-token cache
        return (_Candidates, (self.exact, self.globs))


def _build_index(frames: Sequence[FrameCues], negation: NegationRules) -> _Candidates:
    specs = [(_BEFORE, -1, negation.before), (_AFTER, -1, negation.after),
             (_IGNORE, -1, negation.ignore)]
    for i, frame in enumerate(frames):
        specs += [(_CUE, i, frame.cues), (_EXCLUSION, i, frame.exclusions)]
    exact: dict[str, list[_Pattern]] = {}
    globs: list[tuple[Any, _Pattern, str]] = []
    for kind, frame_index, phrases in specs:
        for phrase in phrases:
            toks = cue_tokens(phrase)
            elems = tuple(compile_glob(t) if has_wildcard(t) else stem(t) for t in toks)
            pattern = _Pattern(kind, frame_index, phrase, elems[1:])
            if isinstance(elems[0], str):
                exact.setdefault(elems[0], []).append(pattern)
            else:
                globs.append((elems[0], pattern, "" if toks[0][0] in "*?" else toks[0][0]))
    return _Candidates(exact, globs)


def _same(el: Any, tok: str) -> bool:
    """Whether a cue element matches a normalised token (words by stem, globs whole)."""
    return el == stem(tok) if el.__class__ is str else el.fullmatch(tok) is not None


def _extends(rest: tuple[Any, ...], norms: list[str], i: int, limit: int) -> bool:
    if i + len(rest) > limit:
        return False
    return all(_same(el, norms[k]) for k, el in enumerate(rest, i))


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping spans, longer ones first, earlier first on a tie.

    >>> _longest_first([(0, 1, "a"), (0, 2, "a b"), (1, 3, "b c"), (3, 4, "d")])
    [(0, 2, 'a b'), (3, 4, 'd')]
    """
    kept: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for i, j, cue in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if used.isdisjoint(range(i, j)):
            used.update(range(i, j))
            kept.append((i, j, cue))
    return kept


def _overlaps(i: int, j: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < j and i < b for a, b in spans)


class Matcher:
    """The cues of some frames, indexed for matching; see the module docstring for the rules.

    Args:
        frames: frame key -> frame (its ``cues`` and ``exclusions``), in lexicon order.
        negation: the negation rules (``window``, ``before``, ``after``, ``ignore``).
    """

    def __init__(self, frames: Mapping[str, FrameCues], negation: NegationRules) -> None:
        self.keys = list(frames)
        self.window = negation.window
        self._index = _build_index(list(frames.values()), negation)

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
        keys = self.keys
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
                     ) -> dict[tuple[int, int], list[_Raw]]:
        """(kind, frame) -> [(first token, end token, phrase, sentence token range)]."""
        n = len(norms)
        found: dict[tuple[int, int], list[_Raw]] = {}
        for i in hits:
            b = bisect_right(breaks, i)
            sent = (breaks[b - 1] if b else 0, breaks[b] if b < len(breaks) else n)
            nxt = norms[i + 1] if i + 1 < sent[1] else None
            # patterns whose second token is a word come only where it is the next token
            for _, p in self._index[norms[i]].following(nxt):
                rest = p.rest
                if rest and (nxt is None or not _extends(rest, norms, i + 1, sent[1])):
                    continue
                found.setdefault((p.kind, p.frame), []).append(
                    (i, i + 1 + len(rest), p.text, sent))
        return found

    def _resolve(self, found: dict[tuple[int, int], list[_Raw]]) -> list[tuple[int, _Raw]]:
        out = []
        for f in range(len(self.keys)):
            excluded = [(i, j) for i, j, _, _ in found.get((_EXCLUSION, f), [])]
            cues = [m for m in found.get((_CUE, f), []) if not _overlaps(m[0], m[1], excluded)]
            sents = {(i, j): s for i, j, _, s in cues}
            kept = _longest_first([(i, j, cue) for i, j, cue, _ in cues])
            out += [(f, (i, j, cue, sents[(i, j)])) for i, j, cue in kept]
        return out

    def _negated(self, i: int, j: int, sent: tuple[int, int],
                 found: dict[tuple[int, int], list[_Raw]]) -> bool:
        window = self.window
        pseudo = [(a, b) for a, b, _, _ in found.get((_IGNORE, -1), [])]
        for a, b, _, _ in found.get((_BEFORE, -1), []):
            if sent[0] <= a and b <= i and i - b <= window and not _overlaps(a, b, pseudo):
                return True
        for a, b, _, _ in found.get((_AFTER, -1), []):
            if j <= a and b <= sent[1] and a - j <= window and not _overlaps(a, b, pseudo):
                return True
        return False
