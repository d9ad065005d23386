"""Cue syntax: how a phrase of a lexicon becomes the tokens and globs it is matched by.

A cue is a phrase of words, tokenized with :func:`analysis.text.tokens.tokenize`,
the same function that tokenizes the articles, so both sides agree: matching is
case-insensitive, hyphen and space variants are equal ("no-limits" = "no limits")
and British spellings equal American ones ("stabilising").

A cue token may hold glob wildcards: ``*`` (any run of characters) and ``?`` (one
character), with :func:`fnmatch.fnmatchcase` semantics, matched against the
normalised token: ``boundless*``, ``stabili?ing force``. A token that is only ``*``
matches any one token. A cue made only of wildcards is refused.

Besides letters, digits and spaces a cue may hold only ``-`` and ``.`` (they separate
tokens, as in the text: "no-limits", "U.S."), ``,`` (likewise, or inside a number),
apostrophes, the wildcards, ``$`` and ``%`` inside a number ("$240", "25%") and
``_``. Anything else (``c++``, ``(a+)+$``, ``\\d+``) would be dropped by the tokenizer
and leave a cue that matches far more than it says, so :func:`cue_problem` refuses it.

Globs are compiled by :func:`compile_glob` into patterns that match in time
proportional to the token's length times the glob's, whatever the glob: no cue can
make the matcher backtrack catastrophically.

>>> cue_tokens("No-limits partnership")
('no', 'limits', 'partnership')
>>> cue_problem("c++")
"not in the cue syntax (letters, digits, spaces, - . , ' * ?): '+'"
>>> compile_glob("stabili?ing").fullmatch("stabilizing") is not None
True
"""

from __future__ import annotations

import re

from analysis.text.tokens import token_spans, tokenize

__all__ = ["WILDCARDS", "cue_tokens", "cue_problem", "has_wildcard", "compile_glob"]

#: The glob wildcards a cue token may hold.
WILDCARDS = "*?"

_GLOB_RE = re.compile(r"[*?]")
# Characters of the cue syntax besides letters, digits and white space.
_SYNTAX = "-.,'’*?_$%"
# Of those, the ones the tokenizer may drop between tokens (it keeps "$", "%" and
# "_" only inside a token, so a cue that has them elsewhere would lose them).
_SEPARATORS = "-.,'’"


def has_wildcard(token: str) -> bool:
    """Whether a cue token holds a glob wildcard.

    >>> has_wildcard("boundless*"), has_wildcard("boundless")
    (True, False)
    """
    return _GLOB_RE.search(token) is not None


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


def cue_problem(cue: str) -> str | None:
    """Why ``cue`` is not a usable cue, or None when it is.

    >>> [cue_problem(c) for c in ["no limits", "U.S. primacy", "$240 billion", "*"]]
    [None, None, None, 'a cue cannot be only wildcards']
    >>> cue_problem("(a+)+$")
    "not in the cue syntax (letters, digits, spaces, - . , ' * ?): '(', ')', '+'"
    >>> cue_problem("100 $")
    "only inside a number (as in $240 or 25%): '$'"
    """
    bad = sorted({ch for ch in cue if not (ch.isalnum() or ch.isspace() or ch in _SYNTAX)})
    if bad:
        return f"not in the cue syntax (letters, digits, spaces, - . , ' * ?): {_listed(bad)}"
    dropped = sorted({ch for piece in cue.split() if not has_wildcard(piece)
                      for ch in _dropped(piece) if ch not in _SEPARATORS})
    if dropped:
        return f"only inside a number (as in $240 or 25%): {_listed(dropped)}"
    tokens = cue_tokens(cue)
    if not tokens:
        return "empty phrase (no word tokens)"
    if all(not t.strip(WILDCARDS) for t in tokens):
        return "a cue cannot be only wildcards"
    return None


def _listed(chars: list[str]) -> str:
    return ", ".join(map(repr, chars))


def _dropped(piece: str) -> str:
    """The characters of ``piece`` outside every token the tokenizer finds in it.

    >>> _dropped("u.s."), _dropped("$240"), _dropped("c++")
    ('..', '', '++')
    """
    spans = token_spans(piece)
    keep = [False] * len(piece)
    for start, end in zip(spans.starts, spans.ends, strict=True):
        keep[start:end] = [True] * (end - start)
    return "".join(ch for ch, kept in zip(piece, keep, strict=True) if not kept)


def compile_glob(token: str) -> re.Pattern[str]:
    """A pattern whose ``fullmatch`` tells whether a token matches the glob ``token``.

    The reference is :func:`fnmatch.fnmatchcase` (tests/frames/test_cues.py checks that
    both agree on generated globs and tokens); this compiled form is the fast path. Its
    time is bounded by the token's length times the glob's: runs of ``*`` are one
    ``*``; the text between two ``*`` is found at its first place after the previous
    one inside an atomic group, which is never tried again. The first place is the best
    one: it leaves the most room for the rest of the glob.

    >>> compile_glob("*a*a*b").pattern
    '(?s)(?>.*?a)(?>.*?a).*b'
    >>> bool(compile_glob("bound*").fullmatch("boundless")), bool(compile_glob("b?").fullmatch("b"))
    (True, False)
    """
    parts = [".".join(map(re.escape, part.split("?"))) for part in re.split(r"\*+", token)]
    if len(parts) == 1:
        return re.compile("(?s)" + parts[0])
    first, *middle, last = parts
    body = "".join(f"(?>.*?{part})" for part in middle)
    return re.compile(f"(?s){first}{body}.*{last}")
