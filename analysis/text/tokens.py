"""Tokens of cleaned article text, and the sentence table.

Sentences come from :mod:`analysis.text.sentences` (NLTK's Punkt with a fixed list of
abbreviations); :func:`split_sentences` is re-exported here.

Tokens are words and numbers. Normalisation makes different spellings of the
same thing compare equal:

- lower case; curly and straight apostrophes and quotes are the same;
- hyphenated words split into their parts, so "no-limits" equals "no limits";
- a possessive ``'s`` is its own token ("Russia's" -> ``russia``, ``'s``);
- numbers stay whole: "$240", "25%", "7,000", "21st";
- British spellings map to American ones ("stabilising" -> "stabilizing").

>>> tokenize("Russia’s “no-limits” partnership is stabilising")
['russia', "'s", 'no', 'limits', 'partnership', 'is', 'stabilizing']
>>> tokenize("Trade rose by 25% to $240 billion")
['trade', 'rose', 'by', '25%', 'to', '$240', 'billion']
>>> text = 'Gen. Valery said so. He left.'
>>> [text[s:e] for s, e in split_sentences(text)]
['Gen. Valery said so.', 'He left.']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, chain
from typing import NamedTuple

import pandas as pd
from nltk.stem.snowball import SnowballStemmer

from analysis.ingest.clean import part_at
from analysis.schema import conform
from analysis.text.sentences import ABBREVIATIONS, punkt_sentences, split_sentences

__all__ = [
    "ABBREVIATIONS",
    "BRITISH_TO_AMERICAN",
    "Tokens",
    "americanize",
    "normalize_token",
    "stem",
    "stemmed_words",
    "token_spans",
    "fast_token_spans",
    "SentenceTokens",
    "lower_text",
    "count_tokens",
    "tokenize",
    "split_sentences",
    "punkt_sentences",
    "sentence_table",
]

#: Whole-word spelling pairs that the suffix rules below do not cover.
BRITISH_TO_AMERICAN: dict[str, str] = {
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "neighbouring": "neighboring",
    "favour": "favor",
    "favourable": "favorable",
    "unfavourable": "unfavorable",
    "honour": "honor",
    "labour": "labor",
    "colour": "color",
    "rumour": "rumor",
    "vigour": "vigor",
    "endeavour": "endeavor",
    "centre": "center",
    "centres": "centers",
    "theatre": "theater",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "programme": "program",
    "programmes": "programs",
    "analyse": "analyze",
    "analysed": "analyzed",
    "paralyse": "paralyze",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "grey": "gray",
    "travelled": "traveled",
    "counsellor": "counselor",
}

# -ise/-isation spellings become -ize/-ization after stems where -ize is the
# American form ("stabilise", "organise", "recognise"); the stem list keeps
# "rise", "wise", "promise", "exercise" and the like untouched.
_ISE_RULE = re.compile(
    r"^(\w*(?:al|il|ol|el|an|on|en|gn|ar|at|im|iv|ior|og|ot|er|ur))is"
    r"(e|es|ed|ing|ation|ations|er|ers)$"
)
_ISE_EXCEPTIONS = frozenset(
    {"advertise", "compromise", "enterprise", "exercise", "franchise", "merchandise",
     "otherwise", "premise", "surprise", "televise", "chastise", "expertise", "revise",
     "supervise", "improvise", "despise", "demise", "treatise"}
)

_TOKEN_RE = re.compile(
    r"\$?\d+(?:[.,]\d+)*(?:%|[a-zA-Z]+)?"  # numbers, money, percentages, ordinals
    r"|\w+(?:['’](?![sS]\b)\w+)*"  # words, keeping inner apostrophes (don't, o'clock)
    r"|['’][sS]\b"  # possessive 's as its own token
)
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")


class Tokens(NamedTuple):
    """Parallel lists: normalised token, and its character span in the text."""

    norms: list[str]
    starts: list[int]
    ends: list[int]


@lru_cache(maxsize=200_000)
def americanize(word: str) -> str:
    """American spelling of a lower-case word.

    >>> [americanize(w) for w in ["stabilising", "organisation", "rise", "neighbours"]]
    ['stabilizing', 'organization', 'rise', 'neighbors']
    """
    if word in BRITISH_TO_AMERICAN:
        return BRITISH_TO_AMERICAN[word]
    if "is" in word and word not in _ISE_EXCEPTIONS:
        m = _ISE_RULE.match(word)
        if m:
            return f"{m.group(1)}iz{m.group(2)}"
    return word


@lru_cache(maxsize=200_000)
def normalize_token(raw: str) -> str:
    """Normalised form of one raw token.

    >>> normalize_token("Russia’S")
    "russia's"
    """
    return americanize(raw.lower().replace("’", "'"))


_STEMMER = SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The inflection-free form of a normalised token (Snowball English stem).

    Cues match on these forms, so "depends", "dependent" and "dependence" are one
    word, and "stabilizing factors" matches "stabilizing factor".

    >>> [stem(w) for w in ("depends", "dependence", "factors", "russia's")]
    ['depend', 'depend', 'factor', 'russia']
    """
    return _STEMMER.stem(token)


@lru_cache(maxsize=200_000)
def _word_stem(raw: str) -> str | None:
    norm = normalize_token(raw)
    return stem(norm) if norm.isalpha() or "-" in norm else None


def stemmed_words(text: str) -> list[str]:
    """Stems of the word tokens of ``text``, numbers and punctuation left out.

    One cached step per distinct raw token, so it is fast on large corpora.

    >>> stemmed_words("Russia depends on China's 2023 exports")
    ['russia', 'depend', 'on', 'china', 'export']
    """
    return [w for w in map(_word_stem, _TOKEN_RE.findall(text)) if w is not None]


def token_spans(text: str) -> Tokens:
    """Normalised tokens of ``text`` with their character spans.

    >>> token_spans("No-limits ties").norms
    ['no', 'limits', 'ties']
    >>> token_spans("No-limits ties").starts
    [0, 3, 10]
    """
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN_RE.finditer(text):
        norms.append(normalize_token(m.group()))
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(norms, starts, ends)


def tokenize(text: str) -> list[str]:
    """Normalised tokens of ``text`` (the analyzer used for vectorizers and cues)."""
    return [normalize_token(t) for t in _TOKEN_RE.findall(text)]


def lower_text(text: str) -> str | None:
    """``text`` lower-cased with curly apostrophes straightened; None when that would
    shift offsets (lower-casing keeps the length but for rare letters such as "İ").

    The token pattern finds the same tokens at the same offsets in both, so token
    counts and spans can be taken from the result.

    >>> lower_text("Russia’s İ"), lower_text("Russia’s ties")
    (None, "russia's ties")
    """
    low = text.lower().replace("’", "'")
    return low if len(low) == len(text) else None


def fast_token_spans(text: str) -> Tokens:
    """:func:`token_spans`, with the per-token work done in C.

    Splits the lower-cased text (:func:`lower_text`) with the token pattern; offsets
    are running sums of the piece lengths. Falls back to :func:`token_spans` where
    lower-casing would shift offsets.

    >>> fast_token_spans("Russia’s no-limits ties") == token_spans("Russia’s no-limits ties")
    True
    """
    low = lower_text(text)
    if low is None:
        return token_spans(text)
    parts = _TOKEN_SPLIT_RE.split(low)
    ends = list(accumulate(map(len, parts)))
    return Tokens(list(map(americanize, parts[1::2])), ends[0:-1:2], ends[1::2])


class SentenceTokens:
    """The tokens of a text's sentences, found in C; normalised, and given character
    offsets, only for the sentences asked for (:meth:`select`).

    ``raw`` holds each sentence's tokens as the token pattern finds them in ``lower``
    (:func:`lower_text` of the text, or the text itself when that is None);
    ``counts`` their numbers. ``n_tokens`` counts the tokens of the whole text;
    ``complete`` is False when some lie outside the sentences.

    >>> st = SentenceTokens("Russia’s ties. No-limits!", [(0, 14), (15, 25)])
    >>> st.raw, st.counts
    ([['russia', "'s", 'ties'], ['no', 'limits']], [3, 2])
    >>> tokens, breaks = st.select([1])
    >>> tokens.norms, breaks, tokens.starts[1], tokens.ends[1]
    (['no', 'limits'], [0], 18, 24)
    """

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.lower = lower_text(text)
        src = text if self.lower is None else self.lower
        self.spans = spans
        self.raw = [_TOKEN_RE.findall(src, s, e) for s, e in spans]
        self.counts = list(map(len, self.raw))
        gaps = "".join(src[a:b] for a, b in zip([0, *(e for _, e in spans)],
                                                [*(s for s, _ in spans), len(text)], strict=True))
        outside = count_tokens(gaps) if gaps and not gaps.isspace() else 0
        self.n_tokens, self.complete = sum(self.counts) + outside, outside == 0
        self._src = src

    def select(self, keep: list[int]) -> tuple[Tokens, list[int]]:
        """The tokens of sentences ``keep`` (ascending) as one sequence, and the index at
        which each of these sentences starts in it."""
        normalize = normalize_token if self.lower is None else americanize
        norms = list(map(normalize, chain.from_iterable(self.raw[k] for k in keep)))
        breaks = list(accumulate((self.counts[k] for k in keep), initial=0))[:-1]
        offsets = _Offsets(self._src, [self.spans[k] for k in keep], breaks)
        return Tokens(norms, offsets.starts, offsets.ends), breaks


class _Offsets:
    """Character offsets of tokens, worked out a sentence at a time when first asked for,
    as :func:`fast_token_spans` does."""

    def __init__(self, src: str, spans: list[tuple[int, int]], breaks: list[int]) -> None:
        self._src, self._spans, self._breaks = src, spans, breaks
        self._sums: dict[int, list[int]] = {}
        self.starts, self.ends = _Lookup(self, 1), _Lookup(self, 2)

    def offset(self, i: int, which: int) -> int:
        k = bisect_right(self._breaks, i) - 1
        if k not in self._sums:
            s, e = self._spans[k]
            parts = _TOKEN_SPLIT_RE.split(self._src[s:e])
            self._sums[k] = list(accumulate(map(len, parts), initial=s))
        return self._sums[k][2 * (i - self._breaks[k]) + which]


class _Lookup:
    """``starts`` (``which=1``) or ``ends`` (2) of :class:`_Offsets`, read by index."""

    def __init__(self, offsets: _Offsets, which: int) -> None:
        self._offsets, self._which = offsets, which

    def __getitem__(self, i: int) -> int:
        return self._offsets.offset(i, self._which)


def count_tokens(text: str, start: int = 0, end: int | None = None) -> int:
    """Number of tokens in ``text[start:end]``, counted without building them.

    >>> count_tokens("Russia’s no-limits ties"), count_tokens("One. Two three.", 5)
    (5, 2)
    """
    return len(_TOKEN_RE.findall(text, start, len(text) if end is None else end))



def sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each article's cleaned ``text`` (the *sentences* table).

    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["One. Two words."]})
    >>> sentence_table(df)[["sentence_id", "text", "n_tokens"]].values.tolist()
    [[0, 'One.', 1], [1, 'Two words.', 2]]
    """
    rows = [
        (article_id, i, s, e, sent, count_tokens(sent))
        for article_id, text in zip(articles["article_id"], articles["text"], strict=True)
        for i, (s, e, sent) in enumerate(_iter_sentences(text))
    ]
    df = pd.DataFrame(
        rows, columns=["article_id", "sentence_id", "start", "end", "text", "n_tokens"]
    )
    lead = articles.set_index("article_id").reindex(columns=["headline_end", "body_start"])
    lead = lead.fillna(0).astype(int).reindex(df["article_id"])
    df["part"] = part_at(df["start"], lead["headline_end"], lead["body_start"])
    return conform(df, "sentences")


def _iter_sentences(text: str) -> Iterator[tuple[int, int, str]]:
    for s, e in split_sentences(text or ""):
        yield s, e, text[s:e]
