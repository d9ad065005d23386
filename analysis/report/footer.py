"""The note that ends every notebook: which inputs and which code produced its outputs.

:func:`provenance_note` writes ``provenance.json`` beside the notebook's charts and
tables and returns a Markdown line for ``IPython.display.Markdown``. The lexicon's
``version`` is text from the lexicon file, and Jupyter and nbconvert render raw
HTML inside Markdown, so it goes through :func:`escape_markdown` first: a version
``<img src=x onerror=alert(1)>`` is shown as those characters, never run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.frames.lexicon import load_lexicon
from analysis.provenance import write_run_json
from analysis.report.cache import corpus_checksum

__all__ = ["escape_markdown", "provenance_note"]

# HTML's special characters become entities; Markdown's (and MathJax's "$") get a
# backslash, which CommonMark, Jupyter and nbconvert all read as "this character".
_MARKDOWN_ESCAPES: dict[str, str] = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{c: "\\" + c for c in "\\`*_{}[]()#+-.!|~$"},
}


def escape_markdown(text: object) -> str:
    """``text`` as literal Markdown on one line: no HTML, emphasis, links or math in it.

    Line breaks and runs of spaces become one space, so the text cannot start a
    heading, list or HTML block of its own.

    Args:
        text: any value; it is shown as ``str(text)``.

    Returns:
        Markdown that renders as exactly that text.

    >>> print(escape_markdown("<img src=x onerror=alert(1)>"))
    &lt;img src=x onerror=alert\\(1\\)&gt;
    >>> print(escape_markdown("v2.1 *draft*\\n# $x$"))
    v2\\.1 \\*draft\\* \\# \\$x\\$
    """
    one_line = " ".join(str(text).split())
    return "".join(_MARKDOWN_ESCAPES.get(c, c) for c in one_line)


def provenance_note(corpus_path: str | Path, lexicon_path: str | Path, out_dir: str | Path,
                    **parameters: Any) -> str:
    """Write ``provenance.json`` into ``out_dir`` and return it as a Markdown line.

    Every notebook ends with this, so each folder of charts and tables says which
    corpus (checksum of its input files), which lexicon (version and checksum of
    the YAML) and which package version produced it.

    Args:
        corpus_path: the corpus the notebook read.
        lexicon_path: the lexicon YAML it read.
        out_dir: the notebook's output folder.
        **parameters: the notebook's other parameters, recorded in the file.

    Returns:
        One line of Markdown; every value from the inputs in it is escaped.
    """
    lexicon = load_lexicon(lexicon_path)
    checksums = {"corpus": corpus_checksum(corpus_path), "lexicon": lexicon.checksum,
                 "lexicon_version": lexicon.version}
    path = write_run_json(out_dir, command="notebook",
                          parameters={"corpus_path": str(corpus_path),
                                      "lexicon_path": str(lexicon_path), **parameters},
                          checksums=checksums)
    path.rename(path.with_name("provenance.json"))
    return (f"Corpus checksum `{checksums['corpus'][:12]}`, "
            f"lexicon {escape_markdown(lexicon.version)} "
            f"(checksum `{lexicon.checksum[:12]}`), analysis {escape_markdown(__version__)}. "
            f"Full record: `provenance.json` beside this notebook's outputs.")
