"""Which frames a report shows: the lexicon's frames, its exploratory ones on request.

A lexicon may mark frames ``extra: true``: exploratory frames a researcher is
trying out. Charts and tables leave them out unless a notebook's
``include_extra_frames`` parameter asks for them; the tables written to disk
keep every frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.frames.lexicon import Lexicon

__all__ = ["shown_frames"]


def shown_frames(lexicon: Lexicon, *, include_extra: bool = False) -> list[str]:
    """The keys of the frames to show, in the lexicon's order.

    Args:
        lexicon: the frame lexicon.
        include_extra: also the frames marked ``extra`` (exploratory).

    Returns:
        Frame keys, as in the ``frame`` column of the score tables.

    >>> from analysis.frames.lexicon import parse_lexicon
    >>> lex = parse_lexicon({"version": 1, "language": "en", "frames": {
    ...     "no_limits": {"cues": ["no limits"]},
    ...     "isolation": {"cues": ["isolation"], "extra": True}}})
    >>> shown_frames(lex)
    ['no_limits']
    >>> shown_frames(lex, include_extra=True)
    ['no_limits', 'isolation']
    """
    return [key for key, frame in lexicon.frames.items() if include_extra or not frame.extra]
