"""WordStat dictionaries (``.cat``): categories nested by leading tabs, entries with a
weight in parentheses (``TAX* (1)``).

Read as quanteda's ``dictionary()`` reads them: a line ending in ``(n)`` is an entry of
the category above it, any other line is a category one tab deeper than its parent;
``*`` is a wildcard at the end of a word. Multi-word entries are separated by spaces or,
in older files, by ``_`` (which becomes a space here: our tokenizer would keep it inside
one token). Weights cannot be carried (a cue counts once): a weight other than 1 is
noted with its line.

>>> d = read_wordstat("ECONOMY\\n\\tTAX* (1)\\n\\tJOBS\\n\\t\\tJOB_CENTRE (2)\\n")
>>> d.flat()
{'ECONOMY': ['TAX*'], 'ECONOMY.JOBS': ['JOB CENTRE']}
>>> d.notes
["line 4: weight (2) of 'JOB CENTRE' not carried"]
"""

from __future__ import annotations

import re

from analysis.frames.dictionaries.categories import Category, Dictionary

__all__ = ["read_wordstat"]

_ENTRY_RE = re.compile(r"(.+?)\s*\((\d+(?:\.\d+)?)\)")


def read_wordstat(text: str) -> Dictionary:
    """The categories of a WordStat dictionary given as text."""
    top: list[Category] = []
    stack: list[tuple[int, Category]] = []
    notes: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        depth = raw[: len(raw) - len(raw.lstrip())].count("\t")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        match = _ENTRY_RE.fullmatch(line)
        if match is None:
            category = Category(line)
            (stack[-1][1].children if stack else top).append(category)
            stack.append((depth, category))
            continue
        entry = " ".join(match[1].replace("_", " ").split())
        if not stack:
            notes.append(f"line {number}: entry {entry!r} is in no category; skipped")
            continue
        stack[-1][1].entries.append(entry)
        if float(match[2]) != 1:
            notes.append(f"line {number}: weight ({match[2]}) of {entry!r} not carried")
    return Dictionary(top, notes)
