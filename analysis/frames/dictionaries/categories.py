"""A foreign dictionary as read from its file: named categories of entries, maybe nested.

Every reader of :mod:`analysis.frames.dictionaries` returns a :class:`Dictionary`; what
a reader could not carry (weights, conditional codes, lines it does not understand) is
in its ``notes``, one line each, with the line number of the file.

>>> d = Dictionary([Category("Economy", ["tax*"], [Category("Jobs", ["job*"])])])
>>> d.flat()
{'Economy': ['tax*'], 'Economy.Jobs': ['job*']}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["Category", "Dictionary", "nest", "walk"]


@dataclass
class Category:
    """A named category, its entries (patterns) and its sub-categories."""

    name: str
    entries: list[str] = field(default_factory=list)
    children: list[Category] = field(default_factory=list)


@dataclass
class Dictionary:
    """The categories of a dictionary file and what its reader could not carry."""

    categories: list[Category]
    notes: list[str] = field(default_factory=list)

    def flat(self) -> dict[str, list[str]]:
        """Entries by category, nested names joined with ``.`` (as quanteda flattens)."""
        return {".".join(path): list(cat.entries) for path, cat in walk(self.categories)}


def walk(categories: Sequence[Category],
         parents: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Category]]:
    """Every category, parents before children, with the names of the path to it."""
    for cat in categories:
        path = (*parents, cat.name)
        yield path, cat
        yield from walk(cat.children, path)


def nest(nodes: Sequence[tuple[int, Category]]) -> list[Category]:
    """Categories given in file order with their depth (1 = top) as a tree.

    >>> tree = nest([(1, Category("a")), (2, Category("b")), (1, Category("c"))])
    >>> [(c.name, [d.name for d in c.children]) for c in tree]
    [('a', ['b']), ('c', [])]
    """
    top: list[Category] = []
    stack: list[tuple[int, Category]] = []
    for depth, cat in nodes:
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else top).append(cat)
        stack.append((depth, cat))
    return top
