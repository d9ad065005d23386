"""LIWC dictionaries (``.dic``): a ``%``-delimited header of numbered categories, then
one entry a line followed by the numbers of its categories.

Both layouts quanteda's ``dictionary()`` reads are read here: LIWC 2007 (``1 posemo``,
one-word entries, tab- or space-separated numbers) and LIWC 2015 (category names with
spaces, multi-word entries such as ``kind of``, categories nested by leading tabs in the
header). ``*`` is a wildcard at the end of a word, as in our cues.

What cannot be carried is noted with its line and left out: LIWC 2007's conditional
codes (``like 02 (02 134)125/464``: the plain numbers are kept), lines with tags such
as ``<of>`` (quanteda drops them too) and numbers no header line defines.

>>> d = read_liwc("%\\n1\\tposemo\\n2\\tA category\\n%\\nhapp*\\t1\\t2\\nkind of 2\\n")
>>> d.flat()
{'posemo': ['happ*'], 'A category': ['happ*', 'kind of']}
>>> write_liwc(d).splitlines()
['%', '1\\tposemo', '2\\tA category', '%', 'happ*\\t1\\t2', 'kind of\\t2']
"""

from __future__ import annotations

import re

from analysis.errors import InputError
from analysis.frames.dictionaries.categories import Category, Dictionary, nest, walk

__all__ = ["read_liwc", "write_liwc"]

_HEADER_RE = re.compile(r"(\t*)\s*(\d+)\s+(.+)")
_ENTRY_RE = re.compile(r"(.+?)\s+(\(?\d.*)")
_CONDITIONAL_RE = re.compile(r"\([^)]*\)\S*")


def read_liwc(text: str) -> Dictionary:
    """The categories of a LIWC dictionary given as text.

    Raises:
        InputError: the text has no header between two ``%`` lines.
    """
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise InputError("not a LIWC dictionary: its category header must stand between "
                         "two lines holding only '%'")
    notes: list[str] = []
    by_number: dict[int, Category] = {}
    nodes: list[tuple[int, Category]] = []
    for i in range(marks[0] + 1, marks[1]):
        match = _HEADER_RE.fullmatch(lines[i].rstrip())
        if match is None:
            if lines[i].strip():
                notes.append(f"line {i + 1}: not a category line ('<number> <name>'): "
                             f"{lines[i].strip()!r}; skipped")
            continue
        category = Category(match[3].strip())
        by_number[int(match[2])] = category
        nodes.append((len(match[1]) + 1, category))
    for i in range(marks[1] + 1, len(lines)):
        _read_entry(lines[i].strip(), i + 1, by_number, notes)
    return Dictionary(nest(nodes), notes)


def _read_entry(line: str, number: int, by_number: dict[int, Category],
                notes: list[str]) -> None:
    if not line:
        return
    if "<" in line:
        notes.append(f"line {number}: {line.split(chr(9))[0]!r}: LIWC tags such as <of> are "
                     "not carried; skipped")
        return
    word, _, codes = line.partition("\t")
    if not codes:
        match = _ENTRY_RE.fullmatch(line)
        if match is None:
            notes.append(f"line {number}: entry {line!r} has no category numbers; skipped")
            return
        word, codes = match[1], match[2]
    word = word.strip()
    conditional = _CONDITIONAL_RE.findall(codes)
    if conditional:
        notes.append(f"line {number}: conditional codes of {word!r} not carried: "
                     f"{' '.join(conditional)}")
        codes = _CONDITIONAL_RE.sub(" ", codes)
    for code in codes.split():
        category = by_number.get(int(code)) if code.isdigit() else None
        if category is None:
            notes.append(f"line {number}: {word!r}: category {code!r} is not in the header; "
                         "not carried")
        elif word not in category.entries:
            category.entries.append(word)


def write_liwc(dictionary: Dictionary) -> str:
    """A LIWC 2015 ``.dic`` text: tab-separated, names and entries may hold spaces."""
    header = ["%"]
    numbers: dict[str, list[int]] = {}
    for number, (path, category) in enumerate(walk(dictionary.categories), 1):
        name = " ".join(category.name.split())
        header.append("\t" * (len(path) - 1) + f"{number}\t{name}")
        for entry in category.entries:
            numbers.setdefault(entry, []).append(number)
    header.append("%")
    body = ["\t".join([entry, *map(str, codes)]) for entry, codes in numbers.items()]
    return "\n".join(header + body) + "\n"
