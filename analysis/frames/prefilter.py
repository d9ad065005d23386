"""Which sentences can hold a cue match: a cheap test before tokens are normalised.

A cue matches only inside one sentence, and only where every one of its words
(tokens without wildcards) is among the sentence's tokens. :class:`CueFilter`
checks that on the sentence's raw tokens (lower-cased, as the token pattern finds
them), with set operations done in C, so that the engine
(:func:`analysis.frames.scoring.score_text`) normalises and matches only the sentences
that pass. A cue made only of wildcard tokens (``boundless*``) passes a sentence
that contains the wildcard's longest literal part (``boundless``).

The test never drops a sentence a cue matches in: a raw token counts for a cue
word when its normalised form has the word's stem (:func:`analysis.text.tokens.stem`
of :func:`analysis.text.tokens.americanize`: "stabilising factors" for "stabilizing
factor"), and a literal part is used only where American spelling cannot have
introduced it.

This is a fast path beside the reference, which is matching every sentence with
:meth:`analysis.frames.lexicon.Lexicon.match_tokens`: tests/frames/test_prefilter.py
checks, on the bundled corpus and on random texts, that every sentence the reference
finds a match in passes the filter.

>>> from analysis.frames.lexicon import parse_lexicon
>>> lex = parse_lexicon({"version": 1, "language": "en", "frames": {"f": {"cues": [
...     "stabilizing force", "boundless*"]}}})
>>> text = "a stabilising force. force x. boundlessly"
>>> raw = [["a", "stabilising", "force"], ["force", "x"], ["boundlessly"]]
>>> CueFilter(lex).sentences(raw, text, [(0, 20), (21, 29), (30, 41)])
[0, 2]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from analysis.frames.cues import cue_tokens, has_wildcard
from analysis.text.tokens import BRITISH_TO_AMERICAN, americanize, stem

__all__ = ["CueFilter"]

_SPLIT_RE = re.compile(r"[*?z]")  # splits a wildcard token into its literal parts


class CueFilter:
    """The words each cue of a lexicon needs, indexed for testing sentences.

    Args:
        lexicon: an :class:`analysis.frames.lexicon.Lexicon`.
    """

    def __init__(self, lexicon: Any) -> None:
        cues = [cue_tokens(c) for frame in lexicon.frames.values() for c in frame.cues]
        # longest word stem -> (stems the cue needs, literal parts of its wildcard tokens)
        self.by_anchor: dict[str, list[tuple[frozenset[str], tuple[str, ...]]]] = {}
        self.literals: list[str] = []  # for cues made only of wildcard tokens
        self.passes_all = False  # a cue that no sentence can be ruled out for
        for cue in cues:
            words = [t for t in cue if not has_wildcard(t)]
            if not words:
                literal = _literal(cue)
                self.passes_all |= literal is None
                self.literals.append(literal or "")
                continue
            stems = [stem(w) for w in words]
            parts = tuple(p for t in cue if has_wildcard(t) and (p := _literal((t,))))
            self.by_anchor.setdefault(max(stems, key=len), []).append((frozenset(stems), parts))
        self._needed = frozenset().union(*(n for ns in self.by_anchor.values() for n, _ in ns))
        self._anchors = frozenset(self.by_anchor)

    def sentences(self, raw: Sequence[Sequence[str]], lower: str,
                  spans: Sequence[tuple[int, int]]) -> list[int]:
        """Indices of the sentences a cue can match in.

        Args:
            raw: each sentence's tokens as the token pattern finds them in ``lower``.
            lower: the text, as :func:`analysis.text.tokens.lower_text` returns it.
            spans: the sentences' character spans.
        """
        if self.passes_all:
            return list(range(len(raw)))
        literals = [lit for lit in self.literals if lit in lower]
        if not literals and not self._some_cue_complete(
                self._stems(chain.from_iterable(raw)), lower):
            return []  # no cue has all its words anywhere in the text
        keep = []
        for k, tokens in enumerate(raw):
            stems = self._stems(tokens)
            if ((not self._anchors.isdisjoint(stems)
                 and self._some_cue_complete(stems, lower[spans[k][0]:spans[k][1]]))
                    or any(lower.find(lit, *spans[k]) >= 0 for lit in literals)):
                keep.append(k)
        return keep

    def _stems(self, tokens: Iterable[str]) -> set[str]:
        """The cue-word stems among the normalised forms of raw ``tokens``."""
        return {s for s in map(_stem_of_raw, set(tokens)) if s in self._needed}

    def _some_cue_complete(self, stems: set[str], segment: str) -> bool:
        """Whether some cue has all its words among ``stems`` and the literal parts of
        its wildcard tokens in ``segment`` (the lower-cased text tested)."""
        return any(needs <= stems and all(p in segment for p in parts)
                   for w in stems for needs, parts in self.by_anchor.get(w, ()))


@lru_cache(maxsize=200_000)
def _stem_of_raw(token: str) -> str:
    return stem(americanize(token.replace("’", "'")))


def _literal(cue: tuple[str, ...]) -> str | None:
    """The longest literal part of a wildcard cue, when every token that matches the
    cue after :func:`americanize` contains it in its raw form too; else None.

    A ``z`` splits parts too: American spelling may have put it there ("organis…").

    >>> _literal(("boundless*",)), _literal(("organiz*",)), _literal(("*",))
    ('boundless', 'organi', None)
    """
    literal = max((part for token in cue for part in _SPLIT_RE.split(token)), key=len)
    safe = literal and "z" not in literal and all(
        literal in british for british, american in BRITISH_TO_AMERICAN.items()
        if literal in american)
    return literal if safe else None
