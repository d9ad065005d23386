"""Foreign dictionaries in and out: LIWC, Lexicoder, quanteda YAML and WordStat.

Each format has a reader (text -> :class:`~.categories.Dictionary`); quanteda and LIWC
have writers too. :mod:`.convert` turns a dictionary into our lexicon and back, noting
everything it cannot carry. Files are read and written by :mod:`analysis.lexicon_commands`.

>>> guess_format("LSD2015.lc3"), guess_format("moral.DIC")
('lexicoder', 'liwc')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.errors import InputError
from analysis.frames.dictionaries.categories import Category, Dictionary
from analysis.frames.dictionaries.convert import frame_key, from_lexicon, to_lexicon_data
from analysis.frames.dictionaries.lexicoder import read_lexicoder
from analysis.frames.dictionaries.liwc import read_liwc, write_liwc
from analysis.frames.dictionaries.quanteda import read_quanteda, write_quanteda
from analysis.frames.dictionaries.wordstat import read_wordstat

__all__ = [
    "Category",
    "Dictionary",
    "READERS",
    "WRITERS",
    "EXTENSIONS",
    "guess_format",
    "frame_key",
    "from_lexicon",
    "to_lexicon_data",
]

#: Reader of each format that ``framing lexicon import`` reads.
READERS: dict[str, Callable[[str], Dictionary]] = {
    "liwc": read_liwc,
    "lexicoder": read_lexicoder,
    "quanteda": read_quanteda,
    "wordstat": read_wordstat,
}

#: Writer of each format that ``framing lexicon export`` writes.
WRITERS: dict[str, Callable[[Dictionary], str]] = {
    "quanteda": write_quanteda,
    "liwc": write_liwc,
}

#: The format a file extension stands for.
EXTENSIONS = {".dic": "liwc", ".lc3": "lexicoder", ".lcd": "lexicoder",
              ".yml": "quanteda", ".yaml": "quanteda", ".cat": "wordstat"}


def guess_format(path: str | Path) -> str:
    """The dictionary format of a file, from its extension.

    Raises:
        InputError: the extension is not one of :data:`EXTENSIONS`.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(f"{ext} ({fmt})" for ext, fmt in EXTENSIONS.items())
        raise InputError(f"{path}: cannot tell the dictionary format from {suffix or 'no'} "
                         f"extension; give --format (extensions known: {known})")
    return EXTENSIONS[suffix]
