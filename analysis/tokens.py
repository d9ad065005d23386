"""Sentences and tokens of cleaned article text.

Sentences come from NLTK's Punkt splitter with a fixed list of abbreviations
(no model download is needed), run paragraph by paragraph so that a sentence
never spans a paragraph break. Each sentence keeps its character span in the
text it came from.

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
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from analysis.schema import conform

if TYPE_CHECKING:  # importing nltk takes seconds; only the sentence splitter needs it
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "ABBREVIATIONS",
    "BRITISH_TO_AMERICAN",
    "Tokens",
    "americanize",
    "normalize_token",
    "token_spans",
    "tokenize",
    "split_sentences",
    "sentence_table",
]

#: Abbreviations after which a period does not end a sentence (lower case, no final period).
ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep rev st jr sr
    pres amb sec dep insp supt fr hon
    u.s u.k u.n e.u u.s.a u.s.s.r p.r.c
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vs approx inc corp co ltd dept est fig
    i.e e.g a.m p.m""".split()
)

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
_PARAGRAPH_RE = re.compile(r"[^\n]+")


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


def normalize_token(raw: str) -> str:
    """Normalised form of one raw token.

    >>> normalize_token("Russia’S")
    "russia's"
    """
    return americanize(raw.lower().replace("’", "'"))


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


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, paragraph by paragraph.

    Closing quotes stay with the sentence they close.

    >>> t = 'He said the ties "have no limits." Beijing agreed.\\nNew paragraph'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['He said the ties "have no limits."', 'Beijing agreed.', 'New paragraph']
    """
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        chunk = para.group()
        if not chunk.strip():
            continue
        offset = para.start()
        for s, e in punkt.span_tokenize(chunk):
            # Punkt leaves curly closing quotes at the start of the next sentence.
            spans.append((offset + s, offset + e))
    return _attach_closing_quotes(text, spans)


_CLOSERS = "”’\"')"
# Closers followed by a space or the end: a straight quote glued to the next word
# ('"Yes," said Xi') opens the next sentence and must stay with it.
_LEADING_CLOSERS = re.compile(rf"[{re.escape(_CLOSERS)}]+(?=\s|\Z)")


def _attach_closing_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move closing quotes/brackets that open a sentence back onto the previous one."""
    fixed: list[tuple[int, int]] = []
    for s, e in spans:
        closers = _LEADING_CLOSERS.match(text, s, e)
        if fixed and fixed[-1][1] <= s and closers and "\n" not in text[fixed[-1][1]:s]:
            fixed[-1] = (fixed[-1][0], closers.end())
            s = closers.end()
            while s < e and text[s] == " ":
                s += 1
        if s < e:
            fixed.append((s, e))
    return fixed


def sentence_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each article's cleaned ``text`` (the *sentences* table).

    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["One. Two words."]})
    >>> sentence_table(df)[["sentence_id", "text", "n_tokens"]].values.tolist()
    [[0, 'One.', 1], [1, 'Two words.', 2]]
    """
    rows = [
        (article_id, i, s, e, sent, len(_TOKEN_RE.findall(sent)))
        for article_id, text in zip(articles["article_id"], articles["text"], strict=True)
        for i, (s, e, sent) in enumerate(_iter_sentences(text))
    ]
    df = pd.DataFrame(
        rows, columns=["article_id", "sentence_id", "start", "end", "text", "n_tokens"]
    )
    return conform(df, "sentences")


def _iter_sentences(text: str) -> Iterator[tuple[int, int, str]]:
    for s, e in split_sentences(text or ""):
        yield s, e, text[s:e]
