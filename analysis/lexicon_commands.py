"""``framing lexicon``: import foreign dictionaries, export lexicons, check a lexicon.

The file edges of :mod:`analysis.frames.dictionaries`: each function reads its input
once, prints what could not be carried (one line each, on stdout), writes its output
once (through a temporary file) and returns the exit code.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.errors import EXIT_INPUT_ERROR, InputError
from analysis.frames.dictionaries import (
    READERS,
    WRITERS,
    from_lexicon,
    guess_format,
    to_lexicon_data,
)
from analysis.frames.lexicon import load_lexicon, parse_lexicon
from analysis.outputs import write_text

__all__ = ["import_dictionary", "export_lexicon", "check_lexicon"]


def import_dictionary(path: Path, *, out: Path, fmt: str | None = None,
                      language: str = "en") -> int:
    """Write the dictionary at ``path`` as a lexicon YAML at ``out``; print what is left out."""
    fmt = fmt or guess_format(path)
    dictionary = READERS[fmt](_read_text(path))
    data, notes = to_lexicon_data(dictionary, source=path.name, fmt=fmt, language=language)
    lexicon = parse_lexicon(data, path=out)  # ours to get right: refuse to write otherwise
    text = (f"# Imported from {path.name} ({fmt}) by `framing lexicon import`.\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    for note in notes:
        print(f"{path}: {note}")
    write_text(out, text)
    cues = sum(len(frame.cues) for frame in lexicon.frames.values())
    told = f"{len(notes)} note(s) above" if notes else "everything carried"
    print(f"wrote {out}: {len(lexicon.frames)} frames, {cues} cues; {told}")
    return 0


def export_lexicon(path: Path, *, fmt: str, out: Path) -> int:
    """Write the lexicon at ``path`` in ``fmt`` at ``out``; print what is left out."""
    lexicon = load_lexicon(path)
    dictionary, notes = from_lexicon(lexicon, fmt=fmt)
    for note in notes:
        print(f"{path}: {note}")
    write_text(out, WRITERS[fmt](dictionary))
    entries = sum(len(category.entries) for category in dictionary.categories)
    print(f"wrote {out}: {len(dictionary.categories)} categories, {entries} entries")
    return 0


def check_lexicon(path: Path) -> int:
    """Print every problem of the lexicon at ``path`` (exit 2), or a one-line summary (0)."""
    try:
        lexicon = load_lexicon(path)
    except InputError as exc:
        problems = str(exc).splitlines()
        print("\n".join(problems))
        print(f"{path}: {len(problems)} problem(s)")
        return EXIT_INPUT_ERROR
    cues = sum(len(frame.cues) for frame in lexicon.frames.values())
    print(f"{path}: ok: {len(lexicon.frames)} frames, {cues} cues")
    return 0


def _read_text(path: Path) -> str:
    """The text of a dictionary file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the dictionary ({exc.strerror or exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        print(f"{path}: not UTF-8; read as Windows-1252")
        return raw.decode("cp1252", errors="replace")
