"""Quotations in article text: which marks open and close a quote.

Rules, as :mod:`analysis.voice.voices` applies them:

- “…”, "…" and «…» pair up in text order; a curly opener may close with a
  straight mark.
- A quote is bounded at the end of its paragraph unless the next paragraph opens
  with a quote mark (the newspaper convention for quotes running over several
  paragraphs), or, for a curly “ (or «), the next mark is its closer ” (»), at most
  four paragraphs on (the same quote, its paragraphs not reopened); so an unbalanced
  mark never swallows the rest of the article.
- A second opener before a closer ends the first quote with the sentence it
  opened in.
- ‘…’ counts as a quote only outside double quotes, and a ’ followed by a letter
  is an apostrophe. Straight single quotes ('…') count around at most four words
  between spaces, else they are too often apostrophes; quotes written as HTML
  entities (``&#39;…&#39;``, ``&quot;…&quot;``) count too. Nested quotes belong to
  the outer one.

:func:`find_quotes` returns the spans, opening mark to closing mark;
:func:`mask_quotes` blanks what lies between the marks, so that attributions
(:mod:`analysis.voice.attribution`) are looked for outside quotes only;
:func:`analysis.voice.voices.quotes_table` lists every quote and reported passage with its voice.

>>> t = 'Ties are “no-limits” now, Xi said.'
>>> quotes = find_quotes(t, [34])
>>> [t[s:e] for s, e in quotes]
['“no-limits”']
>>> mask_quotes(t, quotes)
'Ties are “         ” now, Xi said.'
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["OPENERS", "CLOSERS", "find_quotes", "mask_quotes"]

#: Double quotation marks that can open, and close, a quote.
OPENERS, CLOSERS = '“"«', '”"»'

_DOUBLE_MARK_RE = re.compile(r"[“”\"«»]")
_SINGLE_QUOTE_RE = re.compile(r"‘(?=\S)(?:[^‘’“”\n]|’(?=\w))+’(?![^\W\d_])")  # "’1 min read"
# quotes written as HTML entities in scraped text: "a &#39;stabilizing factor&#39;"
_ENTITY_QUOTE_RE = re.compile(r"&(?:#39|#34|quot|apos);(?=\w)[^&\n]{1,80}?"
                              r"&(?:#39|#34|quot|apos);")
# a straight '…' of at most four words, opening after a space and closing before one:
# "China's 'no limits' friendship" (an apostrophe has a letter on both sides)
_STRAIGHT_SINGLE_RE = re.compile(r"(?<![\w'])'(?=\w)[\w-]+(?: [\w-]+){0,3}(?<=\w)'(?![\w'])")
_NONSPACE_RE = re.compile(r"\S")


def find_quotes(text: str, sentence_ends: list[int]) -> list[tuple[int, int]]:
    """Spans of the quotations of ``text``, opening mark to closing mark, in order.

    ``sentence_ends``: end offsets of the sentences of ``text`` (sorted), where a
    quote left open by a second opener ends.

    >>> t = 'A "b" c “d e" f\\n“g h\\n“i j.” k “l'
    >>> [t[s:e] for s, e in find_quotes(t, [])]
    ['"b"', '“d e"', '“g h\\n“i j.”', '“l']
    >>> t = 'It’s ‘no change’ and “x ‘y’ z”'
    >>> [t[s:e] for s, e in find_quotes(t, [])]
    ['‘no change’', '“x ‘y’ z”']
    """
    spans: list[tuple[int, int]] = []
    marks = [(m.start(), m.group()) for m in _DOUBLE_MARK_RE.finditer(text)]
    open_at, para_end, i = -1, -1, 0
    while i < len(marks):
        pos, mark = marks[i]
        i += 1
        if open_at < 0:
            if mark in OPENERS:
                open_at, para_end = pos, _paragraph_end(text, pos)
        elif pos > para_end:  # the quote reached its paragraph end unclosed
            if mark in OPENERS and _next_paragraph_start(text, para_end) == pos:
                para_end = _paragraph_end(text, pos)  # it runs on into this paragraph
                continue
            if _closes_later(text, open_at, pos):
                spans.append((open_at, pos + 1))  # paragraphs not reopened, closed at last
                open_at = -1
                continue
            spans.append((open_at, _trim_end(text, open_at, para_end)))
            open_at, i = -1, i - 1  # read this mark again, outside any quote
        elif mark in CLOSERS:
            spans.append((open_at, pos + 1))
            open_at = -1
        else:  # a second opener: the first quote was never closed; end it with its sentence
            k = bisect_right(sentence_ends, open_at + 1)
            cut = sentence_ends[k] if k < len(sentence_ends) and sentence_ends[k] <= pos else pos
            spans.append((open_at, _trim_end(text, open_at, cut)))
            open_at, para_end = pos, _paragraph_end(text, pos)
    if open_at >= 0:
        spans.append((open_at, _trim_end(text, open_at, para_end)))
    return _add_single_quotes(text, spans)


def _closes_later(text: str, open_at: int, pos: int) -> bool:
    """Whether the curly closer at ``pos``, the first mark after the paragraph where a
    curly quote opened at ``open_at`` and stayed open, closes it: the paragraphs
    between were not reopened with a mark (as news style would), but the quote runs
    on, at most ``_MAX_PARAGRAPHS`` paragraphs.

    >>> t = "“Ties are deep.\\nChina dictates.\\nIt will go on.” Gabuev said."
    >>> _closes_later(t, 0, t.index("”"))
    True
    """
    if _PAIRS.get(text[open_at]) != text[pos]:
        return False
    lines = [line for line in text[open_at:pos].split("\n") if line.strip()]
    return len(lines) <= _MAX_PARAGRAPHS


_PAIRS = {"“": "”", "«": "»"}
_MAX_PARAGRAPHS = 4


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _next_paragraph_start(text: str, para_end: int) -> int:
    m = _NONSPACE_RE.search(text, para_end)
    return m.start() if m else -1


def _trim_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _add_single_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if "‘" not in text and "'" not in text and "&" not in text:
        return spans
    starts = [s for s, _ in spans]
    singles = list(_SINGLE_QUOTE_RE.finditer(text)) if "‘" in text else []
    if "'" in text:
        singles += _STRAIGHT_SINGLE_RE.finditer(text)
    if "&" in text:
        singles += _ENTITY_QUOTE_RE.finditer(text)
    singles.sort(key=lambda m: m.start())
    for m in singles:
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or spans[k][1] <= m.start():  # not inside a double quote
            spans.append(m.span())
    return sorted(spans)


def mask_quotes(text: str, quotes: list[tuple[int, int]]) -> str:
    """``text`` with the inside of every quote blanked; marks and offsets unchanged.

    >>> mask_quotes('He said “yes, no” twice.', [(8, 17)])
    'He said “       ” twice.'
    """
    parts, prev = [], 0
    for s, e in quotes:
        inner_start = max(prev, s + 1)
        parts += [text[prev:inner_start], " " * max(0, e - 1 - inner_start)]
        prev = max(inner_start, e - 1)
    parts.append(text[prev:])
    return "".join(parts)
