"""Lexicoder dictionaries (``.lc3``, ``.lcd``): ``+category`` lines, then one entry a line.

Entries are read as quanteda's ``dictionary()`` reads them: verbatim, multi-word
entries separated by spaces, ``*`` a wildcard at the end of a word (``abandon*``), the
same glob our cues use.

>>> d = read_lexicoder("+negative\\nabandon*\\na lie*\\n+positive\\nability*\\n")
>>> d.flat()
{'negative': ['abandon*', 'a lie*'], 'positive': ['ability*']}
"""

from __future__ import annotations

from analysis.frames.dictionaries.categories import Category, Dictionary

__all__ = ["read_lexicoder"]


def read_lexicoder(text: str) -> Dictionary:
    """The categories of a Lexicoder dictionary given as text."""
    categories: list[Category] = []
    notes: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("+"):
            categories.append(Category(line[1:].strip()))
        elif categories:
            categories[-1].entries.append(line)
        else:
            notes.append(f"line {number}: entry {line!r} comes before any '+category' line; "
                         "skipped")
    return Dictionary(categories, notes)
