"""Remove scraping boilerplate from article text, recording every cut.

Scraped news pages carry text that is not reporting: mastheads, bylines and
timestamps, reading-time badges, photo captions and credits, related-story
teasers, share and newsletter prompts, comment forms. :func:`clean_text` removes
them with small steps composed by one pipeline, and returns each removal as a
:class:`Removal` (rule, removed text) so a researcher can audit what was cut.

Every pattern is one :class:`Rule` in :data:`DEFAULT_RULES`, kept in
:mod:`analysis.ingest.rules` (pass a subset as ``rules=`` to switch rules off). The steps, in order:

0. ``control_characters``: NUL and the other control characters are removed from
   the raw text (one removal per article, counting each character), so they never
   reach a table. Tabs and line breaks are whitespace and are normalised instead,
   as are the separators that :meth:`str.splitlines` treats as line breaks
   (``\\v``, ``\\f``, ``\\x1c``-``\\x1f``, ``\\x85``).
1. ``date_prefix``: a scraped ``" date 2022-12-30 "`` prefix (-> ``published``).
2. Whole-line rules (``masthead`` ... ``byline``) remove a line only when the
   *entire* line matches, so a sentence that merely mentions a photo stays.
   ``stray_period`` then drops a lone period after a closing quote (``.” .``).
3. Title-like lines (at most 20 words, no final punctuation): the first is the
   ``headline``, more before the body are a ``standfirst`` deck, a copy of the
   headline a ``repeated_headline``, others a ``teaser``. Headline and standfirst
   are content — framing is densest there — so they stay, first in the text, and
   :attr:`Cleaned.parts` says where they are; repeated headlines and teasers go.
   A piece of a broken sentence (it ends in a comma or a word like
   "for", the next line starts in lower case, or the line before is unfinished)
   is never title-like.
4. ``duplicate_paragraph``: a paragraph repeated verbatim or as the opening of a
   longer one (a standfirst the body repeats); the longer copy stays.
5. ``paragraph_join``: a paragraph without final punctuation continues into the
   next one ("For\\n\\nRussia, that ...").

Whitespace is normalised throughout: runs collapse, lines are trimmed, and
paragraphs are separated by one blank line. Text hard-wrapped at a fixed width
is unwrapped first, so its lines are never mistaken for headlines.

Standfirsts: one written as a sentence (ending in a period, as in the newslite
seed) is body text; an unpunctuated deck under a headline is the ``standfirst``
part. Either goes when the body repeats it.

>>> raw = "Ties deepen\\n\\nPutin met Xi. (Video: Reuters)\\nPutin said it\\n\\nwent well.\\n6 min"
>>> cleaned = clean_text(raw)
>>> cleaned.text
'Ties deepen\\n\\nPutin said it went well.'
>>> cleaned.parts
(('headline', 0, 11),)
>>> [r.rule for r in cleaned.removals]
['caption', 'reading_time', 'paragraph_join']
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from analysis.ingest.rules import (
    CONTINUATION_WORDS,
    DEFAULT_RULES,
    LEAD_PARTS,
    MONTH_PATTERN,
    Rule,
)

__all__ = [
    "PARTS",
    "part_at",
    "Rule",  # re-exported from analysis.ingest.rules, as are the two constants below
    "Removal",
    "Cleaned",
    "DEFAULT_RULES",
    "CONTINUATION_WORDS",
    "clean_text",
    "remove_control_characters",
    "remove_date_prefix",
    "remove_boilerplate_lines",
    "remove_title_lines",
    "remove_duplicate_paragraphs",
    "join_broken_paragraphs",
    "normalize_whitespace",
]


class Removal(NamedTuple):
    """A piece of text a rule removed (whitespace around it trimmed)."""

    rule: str
    removed_text: str


#: The parts of an article text, in order.
PARTS = ("headline", "standfirst", "body")


class Cleaned(NamedTuple):
    """Cleaned text, the audit of removals, a publication date found in the text, and
    the (part, start, end) spans of the headline and standfirst at the start of the text."""

    text: str
    removals: list[Removal]
    published: str | None
    parts: tuple[tuple[str, int, int], ...] = ()


_DEFAULT_RULE: dict[str, Rule] = {r.name: r for r in DEFAULT_RULES}

_INTERNAL_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")
_LIST_MARKERS = ("-", "–", "—", "•", "*", "·", "▪")
_LAST_WORD = re.compile(r"(\w+)\W*\Z")
_DAY_MONTH_YEAR = re.compile(rf"(?i:(\d{{1,2}})\s+({MONTH_PATTERN}),?\s+(\d{{4}})"
                             rf"|({MONTH_PATTERN})\s+(\d{{1,2}}),?\s+(\d{{4}})|(\d{{4}}-\d{{2}}-\d{{2}}))")

Paras = list[str]
_FINAL = re.compile(_DEFAULT_RULE["paragraph_join"].pattern)
_WRAP_MIN_LINES = 8  # fewer lines inside paragraphs than this: never treated as hard-wrapped


class _Plan(NamedTuple):
    """The active rules compiled once: what the steps consult."""

    names: frozenset[str]
    control: re.Pattern[str] | None
    prefix: re.Pattern[str] | None
    line_limits: tuple[int, ...]  # ascending max_chars of the line rules
    lines: tuple[re.Pattern[str], ...]  # lines[i]: line rules with max_chars >= line_limits[i]
    inline: re.Pattern[str] | None
    title: re.Pattern[str] | None
    title_max: int
    duplicate: re.Pattern[str] | None
    final: re.Pattern[str]


Step = Callable[[Paras, _Plan], tuple[Paras, list[Removal]]]


@lru_cache(maxsize=16)
def _plan(rules: tuple[Rule, ...]) -> _Plan:
    def first(kind: str) -> re.Pattern[str] | None:
        found = [r.pattern for r in rules if r.kind == kind]
        return re.compile(found[0], re.DOTALL) if found else None

    line_rules = [r for r in rules if r.kind == "line"]
    limits = tuple(sorted({r.max_chars for r in line_rules}))
    final = first("join") or _FINAL
    return _Plan(
        names=frozenset(r.name for r in rules),
        control=first("control"),
        prefix=first("prefix"),
        line_limits=limits,
        lines=tuple(_alternation([r for r in line_rules if r.max_chars >= n]) for n in limits),
        inline=_alternation([r for r in rules if r.kind == "inline"]),
        title=first("title"),
        title_max=max((r.max_chars for r in rules if r.kind == "title"), default=0),
        duplicate=first("duplicate"),
        final=final,
    )


def _alternation(rules: list[Rule]) -> re.Pattern[str] | None:
    """Rules as one regex of named groups, tried in order: one call per line."""
    alternatives = [f"(?P<{r.name}>{r.pattern})" for r in rules]
    return re.compile("|".join(alternatives)) if alternatives else None


def _paragraphs(text: str) -> Paras:
    """Non-empty lines with whitespace runs collapsed; each line of scraped text is a paragraph.

    ``str.splitlines`` and ``str.split`` do this in C, far faster than a regex.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return [line for line in _unwrap_hard_wrapped(lines) if line]


def _unwrap_hard_wrapped(lines: list[str]) -> list[str]:
    """Rejoin the lines of each paragraph when the text is hard-wrapped.

    Scraped pages put one paragraph on a line; text wrapped at a fixed width has
    most lines inside a paragraph ending mid-sentence. Such lines would look like
    headlines and teasers, so they are joined before any rule runs.
    """
    # lines followed by another line, not by a paragraph break
    inner = [a for a, b in zip(lines, lines[1:], strict=False) if a and b]
    unfinished = sum(1 for line in inner if not _FINAL.search(line, max(0, len(line) - 12)))
    if len(inner) < _WRAP_MIN_LINES or 2 * unfinished < len(inner):
        return lines
    joined: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            joined.append(" ".join(block))
            block = []
    return joined


def _text(paras: Paras) -> str:
    return "\n\n".join(paras)


def _is_terminated(para: str, plan: _Plan) -> bool:
    """Ends in sentence-final punctuation (only the last characters are searched)."""
    return plan.final.search(para, max(0, len(para) - 12)) is not None


def _control_characters(text: str, plan: _Plan) -> tuple[str, list[Removal]]:
    """``text`` without control characters, and one removal that counts them by code point.

    The removed characters are named (``U+0000 (2)``), never copied into the table.
    """
    if plan.control is None or not plan.control.search(text):
        return text, []
    counts = Counter(m.group() for m in plan.control.finditer(text))
    named = ", ".join(f"U+{ord(c):04X} ({n})" for c, n in sorted(counts.items()))
    return plan.control.sub("", text), [Removal("control_characters", named)]


# -- steps on lists of paragraphs: (paras, plan) -> (paras, removals) -----------------


def _date_prefix(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    m = plan.prefix.match(paras[0]) if plan.prefix and paras else None
    if m is None:
        return paras, []
    rest = paras[0][m.end():].strip()
    return ([rest] if rest else []) + paras[1:], [Removal("date_prefix", m.group().strip())]


def _boilerplate_lines(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    kept: Paras = []
    removals: list[Removal] = []
    for para in paras:
        i = bisect.bisect_left(plan.line_limits, len(para))
        m = plan.lines[i].fullmatch(para) if i < len(plan.lines) else None
        if m is None:
            kept.append(para)
        else:
            removals.append(Removal(m.lastgroup or "boilerplate", para))
    return kept, removals


def _inline(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    if plan.inline is None:
        return paras, []
    removals: list[Removal] = []
    kept: Paras = []
    for para in paras:
        found = [Removal(m.lastgroup or "inline", m.group().strip())
                 for m in plan.inline.finditer(para)]
        if found:
            removals.extend(found)
            para = plan.inline.sub("", para)
        kept.append(para)
    return kept, removals


def _is_title_like(para: str, prev: str | None, nxt: str, plan: _Plan) -> bool:
    """Short, unpunctuated, and not a piece of a sentence broken across lines."""
    if len(para) > plan.title_max or plan.title is None or _is_terminated(para, plan):
        return False
    if not plan.title.fullmatch(para) or para.endswith((",", "-", "–", "—")):
        return False
    last = _LAST_WORD.search(para)
    if last and last.group(1).lower() in CONTINUATION_WORDS:
        return False
    if nxt[:1].islower() or (prev is not None and not _is_terminated(prev, plan)):
        return False
    if para.startswith(_LIST_MARKERS) or (prev or "").endswith(":"):  # items of a list
        return False
    return _INTERNAL_SENTENCE_END.search(para) is None


def _title_lines(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    kept: Paras = []
    removals: list[Removal] = []
    headline: str | None = None
    for i, para in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        alone = not kept and not nxt  # the only text left: it is the body, not a title
        if alone or not _is_title_like(para, kept[-1] if kept else None, nxt, plan):
            kept.append(para)
            continue
        if para == headline:
            name = "repeated_headline"
        elif headline is None and not kept:
            name, headline = "headline", para
        else:
            name = "teaser" if kept else "standfirst"
        if name in plan.names:
            removals.append(Removal(name, para))
        else:
            kept.append(para)
    return kept, removals


def _duplicates(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    if plan.duplicate is None:
        return paras, []
    ordered = sorted(set(paras))
    kept: Paras = []
    removals: list[Removal] = []
    seen: set[str] = set()
    for para in paras:
        # The next larger distinct paragraph is the only candidate that can start with it.
        i = bisect.bisect_right(ordered, para)
        longer = ordered[i] if i < len(ordered) else ""
        opens_longer = longer.startswith(para) and longer[len(para)].isspace()
        if (para in seen or opens_longer) and plan.duplicate.fullmatch(para):
            removals.append(Removal("duplicate_paragraph", para))
        else:
            kept.append(para)
        seen.add(para)
    return kept, removals


def _joins(paras: Paras, plan: _Plan) -> tuple[Paras, list[Removal]]:
    if "paragraph_join" not in plan.names:
        return paras, []
    kept: Paras = []
    removals: list[Removal] = []
    for para in paras:
        if kept and not _is_terminated(kept[-1], plan):
            kept[-1] = f"{kept[-1]} {para}"
            removals.append(Removal("paragraph_join", "\n\n"))
        else:
            kept.append(para)
    return kept, removals


_STEPS: tuple[Step, ...] = (
    _date_prefix, _boilerplate_lines, _inline, _title_lines, _duplicates, _joins,
)


def _published(removals: list[Removal]) -> str | None:
    """ISO date from the scraped date prefix, else from the first dateline."""
    for wanted in ("date_prefix", "timestamp"):
        for removal in removals:
            if removal.rule == wanted and (iso := _iso_date(removal.removed_text)):
                return iso
    return None


def _iso_date(text: str) -> str | None:
    m = _DAY_MONTH_YEAR.search(text)
    if m is None:
        return None
    if m.group(7):
        return m.group(7)
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(5, 4, 6)
    try:
        date = datetime.strptime(f"{day} {month.rstrip('.')[:3]} {year}", "%d %b %Y")
    except ValueError:
        return None
    return date.date().isoformat()


# -- public API -----------------------------------------------------------------------


def clean_text(raw: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> Cleaned:
    """Cleaned article text, every removal, and the publication date found in it.

    Args:
        raw: scraped article text.
        rules: the rules to apply (default all of :data:`DEFAULT_RULES`).

    Returns:
        :class:`Cleaned` with paragraphs separated by one blank line.

    >>> c = clean_text(" date 2022-12-30 Putin spoke.\\nLeave a Reply")
    >>> c.text, c.published, c.removals[1]
    ('Putin spoke.', '2022-12-30', Removal(rule='comment_footer', removed_text='Leave a Reply'))
    """
    plan = _plan(tuple(rules))
    raw, removals = _control_characters(raw, plan)
    paras = _paragraphs(raw)
    for step in _STEPS:
        paras, removed = step(paras, plan)
        removals.extend(removed)
    lead = _lead(removals, paras)
    removals = [r for r in removals if r not in lead]
    text = _text([r.removed_text for r in lead] + paras)
    return Cleaned(text, removals, _published(removals), _lead_parts(lead))


def part_at(starts: Any, headline_end: Any, body_start: Any) -> np.ndarray:
    """The part of the text each offset in ``starts`` lies in: headline, standfirst, body.

    ``headline_end`` and ``body_start`` are the article's columns of those names
    (0 when the article has no headline or standfirst); arrays broadcast.

    >>> part_at([0, 12, 40], 11, 30).tolist()
    ['headline', 'standfirst', 'body']
    """
    starts = np.asarray(starts)
    return np.select([starts < np.asarray(headline_end), starts < np.asarray(body_start)],
                     ["headline", "standfirst"], "body").astype(object)


def _lead(removals: list[Removal], body: Paras) -> list[Removal]:
    """Headline and standfirst lines set aside by the title step, unless the body repeats
    them (a standfirst that is the opening of the first paragraph)."""
    return [r for r in removals if r.rule in LEAD_PARTS
            and not any(p.startswith(r.removed_text) for p in body)]


def _lead_parts(lead: list[Removal]) -> tuple[tuple[str, int, int], ...]:
    """(part, start, end) of each lead paragraph in the text they open."""
    parts, start = [], 0
    for r in lead:
        parts.append((r.rule, start, start + len(r.removed_text)))
        start += len(r.removed_text) + 2  # paragraphs are joined by a blank line
    return tuple(parts)


def _apply(step: Step, text: str, rules: Sequence[Rule]) -> str:
    return _text(step(_paragraphs(text), _plan(tuple(rules)))[0])


def remove_control_characters(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Drop NUL and other control characters; tabs and line breaks stay.

    >>> remove_control_characters("Put\\x00in met\\tXi.\\x07\\n")
    'Putin met\\tXi.\\n'
    """
    return _control_characters(text, _plan(tuple(rules)))[0]


def remove_date_prefix(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Drop a scraped ``date YYYY-MM-DD`` prefix.

    >>> remove_date_prefix(" date 2022-12-30 Putin met Xi.")
    'Putin met Xi.'
    """
    return _apply(_date_prefix, text, rules)


def remove_boilerplate_lines(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Drop lines that a whole-line rule matches entirely (mastheads, bylines, captions...).

    >>> remove_boilerplate_lines("6 min\\nXi spoke.\\nRelated Reading")
    'Xi spoke.'
    """
    return _apply(_boilerplate_lines, text, rules)


def remove_title_lines(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Drop headline, standfirst deck, repeated headline and teaser lines.

    This step alone drops all title lines; :func:`clean_text` then puts the
    headline and standfirst back at the start of the text as its parts.

    >>> remove_title_lines("Xi and Putin meet\\nXi spoke.\\nPutin is isolated\\nHe left.")
    'Xi spoke.\\n\\nHe left.'
    """
    return _apply(_title_lines, text, rules)


def remove_duplicate_paragraphs(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Drop a paragraph repeated verbatim or as the opening of another paragraph.

    >>> remove_duplicate_paragraphs("Putin has looked east this year.\\n"
    ...                             "Putin has looked east this year. He spoke.")
    'Putin has looked east this year. He spoke.'
    """
    return _apply(_duplicates, text, rules)


def join_broken_paragraphs(text: str, *, rules: Sequence[Rule] = DEFAULT_RULES) -> str:
    """Join a paragraph that ends without final punctuation to the next one.

    >>> join_broken_paragraphs("Ties have no limits. For\\n\\nRussia, ties matter.")
    'Ties have no limits. For Russia, ties matter.'
    """
    return _apply(_joins, text, rules)


def normalize_whitespace(text: str) -> str:
    """Trim lines, collapse spaces, one blank line between paragraphs.

    >>> normalize_whitespace("  Putin  met\\tXi.\\r\\n\\n\\n\\nThey spoke. ")
    'Putin met Xi.\\n\\nThey spoke.'
    """
    return _text(_paragraphs(text))
