"""Foreign dictionaries to our lexicon and back.

:func:`to_lexicon_data` makes each category a frame: its key the name made valid
(lower case, ``[a-z0-9_]``, starting with a letter), its label the original name, its
cues the entries. A category nested deeper than one level becomes a frame of its own,
named by its path (quanteda's ``flatten_dictionary`` does the same), and is noted. An
entry our cue syntax refuses, or one with the same tokens as an earlier entry of its
category, is noted and left out; so is a category left without entries.

:func:`from_lexicon` goes back: a category per frame, named by the frame's label
(import keeps the original name there), with its cues; what the target formats have no
place for (exclusions, negation) is noted.

>>> d = Dictionary([Category("Positive Emotion", ["happ*", "Happ*", "c++"])])
>>> data, notes = to_lexicon_data(d, source="x.dic", fmt="liwc")
>>> data["frames"]
{'positive_emotion': {'label': 'Positive Emotion', 'cues': ['happ*']}}
>>> notes[0]
"category 'Positive Emotion': entry 'Happ*': same tokens as 'happ*'; skipped"
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from analysis.errors import InputError
from analysis.frames.cues import cue_problem, cue_tokens, has_wildcard
from analysis.frames.dictionaries.categories import Category, Dictionary, walk
from analysis.frames.lexicon import Lexicon

__all__ = ["to_lexicon_data", "from_lexicon", "frame_key"]


def frame_key(name: str) -> str:
    """A valid frame key for a category name.

    >>> frame_key("Positive Emotion"), frame_key("SOUTH.BW"), frame_key("01"), frame_key("Été!")
    ('positive_emotion', 'south_bw', 'cat_01', 'ete')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return key if key[:1].isalpha() else f"cat_{key}".rstrip("_")


def to_lexicon_data(dictionary: Dictionary, *, source: str, fmt: str, language: str = "en",
                    version: str = "1.0.0") -> tuple[dict[str, Any], list[str]]:
    """Lexicon data (as :func:`~analysis.frames.lexicon.parse_lexicon` takes it) and notes.

    Raises:
        InputError: no category has a usable entry.
    """
    notes = list(dictionary.notes)
    frames: dict[str, dict[str, Any]] = {}
    for path, category in walk(dictionary.categories):
        label = ".".join(path)
        cues = _cues(category, label, notes)
        if not cues:
            if category.entries or not category.children:
                notes.append(f"category {label!r}: no usable entry; not written")
            continue
        key = _unique(frame_key(label), frames)
        if len(path) > 1:
            notes.append(f"category {label!r}: nested {len(path)} levels deep; written as "
                         f"frame {key}")
        elif key != frame_key(label):
            notes.append(f"category {label!r}: key {frame_key(label)} already used; written "
                         f"as frame {key}")
        frames[key] = {"label": label, "cues": cues}
    if not frames:
        raise InputError(f"{source}: no category has a usable entry; nothing written")
    data = {"version": version, "language": language,
            "description": f"Imported from {source} ({fmt}) by framing lexicon import.",
            "frames": frames}
    return data, notes


def _cues(category: Category, label: str, notes: list[str]) -> list[str]:
    seen: dict[tuple[str, ...], str] = {}
    for entry in category.entries:
        cue = " ".join(entry.split())
        problem = cue_problem(cue)
        first = None if problem else seen.setdefault(cue_tokens(cue), cue)
        if problem or first is not cue:
            why = problem or f"same tokens as {first!r}"
            notes.append(f"category {label!r}: entry {cue!r}: {why}; skipped")
    return list(seen.values())


def _unique(key: str, taken: dict[str, Any]) -> str:
    n, candidate = 1, key
    while candidate in taken:
        n += 1
        candidate = f"{key}_{n}"
    return candidate


def from_lexicon(lexicon: Lexicon, *, fmt: str) -> tuple[Dictionary, list[str]]:
    """One category per frame (named by its label) and what the format cannot carry."""
    notes: list[str] = []
    labels = [frame.label for frame in lexicon.frames.values()]
    use_labels = len(set(labels)) == len(labels)
    if not use_labels:
        notes.append("two frames share a label: categories are named by frame keys")
    categories = []
    for key, frame in lexicon.frames.items():
        entries = [cue for cue in frame.cues if _carried(cue, key, fmt, notes)]
        categories.append(Category(frame.label if use_labels else key, entries))
        if frame.exclusions:
            notes.append(f"frame {key}: {len(frame.exclusions)} exclusion(s) not carried "
                         f"({fmt} has no exclusions)")
    negation = lexicon.negation
    if negation.before or negation.after or negation.ignore:
        notes.append(f"negation: its negators are not carried ({fmt} has no negation)")
    return Dictionary(categories), notes


def _carried(cue: str, key: str, fmt: str, notes: list[str]) -> bool:
    """Whether LIWC can say what ``cue`` says: only ``*`` at the end of a word."""
    if fmt != "liwc":
        return True
    odd = [t for t in cue.split() if has_wildcard(t.rstrip("*")) or not t.strip("*")]
    if odd:
        notes.append(f"frame {key}: cue {cue!r}: LIWC has only '*' at the end of a word; "
                     "not written")
    return not odd
