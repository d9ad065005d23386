"""Sentence spans of cleaned article text: NLTK's Punkt, with a fast path.

Sentences are those of NLTK's Punkt splitter with a fixed list of abbreviations
(:data:`ABBREVIATIONS`; nothing is learned and no model download is needed), run
paragraph by paragraph so that a sentence never spans a paragraph break. Each
sentence is a character span of the text it came from; closing quotes stay with
the sentence they close.

:func:`split_sentences` takes Punkt's steps itself (candidates, the word before
each, realignment of closing marks) and settles the usual candidates with the
rules Punkt follows when it has no learned statistics (:func:`_breaks_here`),
asking Punkt about the rest; it is several times faster than calling Punkt and
gives the same spans. :func:`punkt_sentences` calls Punkt on every paragraph: it
is the reference the tests compare against.

>>> text = 'Gen. Valery said so. He left.'
>>> [text[s:e] for s, e in split_sentences(text)]
['Gen. Valery said so.', 'He left.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing nltk takes seconds; only unusual candidates need it
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["ABBREVIATIONS", "split_sentences", "punkt_sentences"]

#: Abbreviations after which a period does not end a sentence (lower case, no final period).
ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep rev st jr sr
    pres amb sec dep insp supt fr hon
    u.s u.k u.n e.u u.s.a u.s.s.r p.r.c
    jan feb mar apr jun jul aug sep sept oct nov dec
    no nos vs approx inc corp co ltd dept est fig
    i.e e.g a.m p.m""".split()
)


_PARAGRAPH_RE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``, paragraph by paragraph.

    Closing quotes stay with the sentence they close. The spans are those of
    NLTK's Punkt with :data:`ABBREVIATIONS` (:func:`punkt_sentences`), found faster:
    see :func:`_punkt_paragraph`.

    >>> t = 'He said the ties "have no limits." Beijing agreed.\\nNew paragraph'
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['He said the ties "have no limits."', 'Beijing agreed.', 'New paragraph']
    """
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        chunk = para.group()
        if chunk.isspace():
            continue
        offset = para.start()
        spans += [(offset + s, offset + e) for s, e in _punkt_paragraph(chunk)]
    return _attach_closing_quotes(text, spans)


def punkt_sentences(text: str) -> list[tuple[int, int]]:
    """:func:`split_sentences` calling Punkt itself: the reference it is tested against.

    >>> t = "Mr. Xi met J. R. R. Tolkien... He left."
    >>> punkt_sentences(t) == split_sentences(t)
    True
    """
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH_RE.finditer(text):
        if not para.group().strip():
            continue
        offset = para.start()
        spans += [(offset + s, offset + e) for s, e in punkt.span_tokenize(para.group())]
    return _attach_closing_quotes(text, spans)


# Punkt's own patterns (nltk.tokenize.punkt.PunktLanguageVars): a candidate sentence
# end, followed by punctuation or by whitespace and the next token; and the closing
# marks that realignment moves back onto the sentence they follow.
_PUNKT_RES = {
    "candidate": re.compile(
        r"""[.?!](?=(?P<after>[)";}\]*:@'({\[‘’“”«»?!]|\s+(?P<next>\S+)))"""),
    "realign": re.compile(r"""["')\]}‘’“”«»]+?(?:\s+|(?=--)|$)"""),
}
_REALIGN_FIRST = frozenset("\"')]}‘’“”«»")
_PY_WHITESPACE = " \t\r\x0b\x0c"  # string.whitespace, which Punkt uses for word starts


def _punkt_paragraph(chunk: str) -> list[tuple[int, int]]:
    """``PunktSentenceTokenizer.span_tokenize(chunk)``, deciding common candidates here.

    The same steps as Punkt (candidates, the word before each, breaks, realignment
    of closing marks); only the decision at a candidate is shortcut by
    :func:`_breaks_here` where Punkt's outcome with our parameters is certain.

    >>> t = "Gen. Xi spoke. He left."
    >>> [t[s:e] for s, e in _punkt_paragraph(t)]
    ['Gen. Xi spoke.', 'He left.']
    """
    slices, last_break = [], 0
    for m, word_start in _candidates(chunk):
        if _breaks_here(chunk, m, word_start):
            slices.append((last_break, m.end()))
            last_break = m.start("next") if m.group("next") else m.end()
    slices.append((last_break, len(chunk.rstrip())))
    return _realign(chunk, slices)


def _candidates(chunk: str) -> Iterator[tuple[re.Match[str], int]]:
    """Punkt's candidates with the start of the word before each; of adjacent ones
    ("?!", "..."), only the last."""
    spaces = [c for c in _PY_WHITESPACE if c in chunk]
    prev, prev_start, prev_stop = None, 0, 0
    for m in _PUNKT_RES["candidate"].finditer(chunk):
        space = max(chunk.rfind(c, prev_stop, m.start()) for c in spaces) if spaces else -1
        word_start = space + 1 if space > prev_stop else prev_start
        if prev is not None and prev_stop <= word_start:
            yield prev, prev_start
        prev, prev_start, prev_stop = m, word_start, m.start()
    if prev is not None:
        yield prev, prev_start


# The token Punkt makes of the text before a period, when it is certain: an opener
# that is its own token or one glued to the word, then letters (with inner "." or
# "-": "U.S", "long-term") or a number.
_WORD_BEFORE = re.compile(
    r"""(?:[(\[{"]|(?P<glued>['‘’“”«»]))?"""
    r"(?:(?P<word>[^\W\d_]+(?:[.-][^\W\d_]+)*)|(?P<number>[0-9]+(?:[.,][0-9]+)*))"
)
_ENDS = frozenset(".?!")


def _breaks_here(chunk: str, m: re.Match[str], word_start: int) -> bool:
    """Punkt's decision at a candidate: settled here in common cases, else asked of Punkt.

    With no learned statistics Punkt's rules reduce to: "?" and "!" always end a
    sentence; "word." does unless the word is an abbreviation; an initial ("J.")
    never does before a word in upper or lower case; a number ("2023.") does
    unless a lower-case word follows.
    """
    if m.group() != ".":
        return True
    word = chunk[word_start:m.start()]
    kind = _token_kind(word)
    if kind == "word":
        return True
    settled = _settled(kind, m.group("after"), m.group("next")) if kind else None
    return _punkt_breaks(word + "." + m.group("after")) if settled is None else settled


def _token_kind(word: str) -> str | None:
    """``word``, ``abbreviation``, ``initial`` or ``number``; None when unsure.

    >>> [_token_kind(w) for w in ["said", "U.S", "“Gen", "(Gen", "J", "2023", "$2"]]
    ['word', 'abbreviation', 'word', 'abbreviation', 'initial', 'number', None]
    """
    m = _WORD_BEFORE.fullmatch(word)
    if m is None or (m["glued"] and m["number"]):
        return None
    if m["number"]:
        return "number"
    if len(m["word"]) == 1 and not m["glued"]:
        return "initial" if m["word"].isalpha() else None
    key = ((m["glued"] or "") + m["word"]).lower()
    return "abbreviation" if key in ABBREVIATIONS or key.split("-")[-1] in ABBREVIATIONS \
        else "word"


def _settled(kind: str, after: str, nxt: str | None) -> bool | None:
    """Punkt's decision after an abbreviation, initial or number, or None when unsure."""
    plain = nxt is not None and _ENDS.isdisjoint(nxt)  # no later break in the context
    if kind == "abbreviation":
        return False if nxt is None or plain else None
    if kind == "initial":
        return False if plain and (nxt[0].isupper() or nxt[0].islower()) else None
    if nxt is None:  # a number, then punctuation: ";", ":", "?" and "!" make it no break
        return after not in ";:?!"
    if nxt[0].islower():
        return False if plain else None
    return None if nxt[0] in ";:,.!?" else True


@lru_cache(maxsize=65_536)
def _punkt_breaks(context: str) -> bool:
    return _punkt().text_contains_sentbreak(context)


def _realign(chunk: str, slices: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Punkt's realignment: closing marks after a break join the sentence before."""
    out: list[tuple[int, int]] = []
    shift = 0
    for (start, end), (nxt_start, nxt_end) in zip(slices, slices[1:], strict=False):
        start += shift
        m = (_PUNKT_RES["realign"].match(chunk, nxt_start, nxt_end)
             if nxt_start < nxt_end and chunk[nxt_start] in _REALIGN_FIRST else None)
        if m:
            out.append((start, nxt_start + len(m.group().rstrip())))
            shift = m.end() - nxt_start
        else:
            shift = 0
            if start < end:
                out.append((start, end))
    start, end = slices[-1]
    if start + shift < end:
        out.append((start + shift, end))
    return out


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
