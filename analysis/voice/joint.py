"""Joint speech: a Russian and a Chinese official who speak together.

:func:`joined` turns the attributions :class:`analysis.voice.attribution.Attributions`
finds into the joint speaker of the speakers file where the text has the two leaders
speak as one: joined by *and* or *along with* before the verb, a participle that goes on
with their joint statement, or one who declares *their* partnership in a sentence that
names the other.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from analysis.voice.attribution_patterns import SpeakerNames, compiled_patterns
from analysis.voice.descriptions import JOINED
from analysis.voice.resolution import Attribution
from analysis.voice.speakers import Speakers

__all__ = ["WITH_BEFORE_RE", "joined"]

_LEADERS = frozenset({"russian_official", "chinese_official"})
_THEIR_RE = re.compile(r"\s+their\b", re.I)
_AND_RE = re.compile(JOINED + "$")
# "Putin … and along with the Chinese President Xi Jinping pledged": the two together
_ALONG_WITH_RE = re.compile(r"\b(?:along|together)\s+with\s+(?:(?:[A-Z]\.|[\w’'-]+)\s+){0,4}$",
                            re.I)


def joined(
    atts: list[Attribution], mentions: list[re.Match[str]], masked: str, speakers: Speakers,
    sentence_starts: list[int] | None = None,
) -> list[Attribution]:
    """A Russian and a Chinese official joined by *and* before the verb speak jointly
    (*Xi Jinping and Russian President Vladimir Putin pledged …*), and so does one who
    declares *their* partnership in a sentence that names the other (*Putin sat opposite
    Xi … and declared their “partnership without limits”*): the joint speaker.

    >>> from analysis.voice.attribution import Attributions
    >>> from analysis.voice.speakers import load_speakers
    >>> sp = load_speakers()
    >>> text = "Chinese leader Xi Jinping and Russian President Vladimir Putin pledged to act."
    >>> atts = Attributions(text, sp, [(0, len(text))], []).all
    >>> [a.speaker.name for a in atts]
    ['Putin and Xi']
    """
    joint = speakers.joint
    if joint is None or not atts:
        return atts
    if not any(a.speaker.group in _LEADERS for a in atts):
        return atts
    names, starts = compiled_patterns(speakers).names, [m.start() for m in mentions]
    out: list[Attribution] = []
    joined_at = -1  # where the last attribution made joint starts
    for a in atts:
        if a.speaker.group not in _LEADERS:
            out.append(a)
            continue
        if out and out[-1].start == joined_at and out[-1].speaker is joint and _continues(
                out[-1], a, masked, sentence_starts):
            out.append(a._replace(speaker=joint))  # "X and Y announced …, stating …"
            continue
        i = bisect_left(starts, a.start) - 1
        while i >= 0 and names.resolve(mentions[i].group()) is a.speaker:
            i -= 1  # "Russian President" of "Russian President Vladimir Putin"
        other = names.resolve(mentions[i].group()) if i >= 0 else None
        if (
            other is not None
            and {other.group, a.speaker.group} == _LEADERS
            and (_AND_RE.match(masked, mentions[i].end(), a.start) or _along_with(
                masked, mentions[i].end(), a.start))
        ) or _declares_theirs(a, masked, mentions, names, sentence_starts):
            a = a._replace(speaker=joint)
            joined_at = a.start
        out.append(a)
    return out


_PARTICIPLE_ONLY_RE = re.compile(r"[a-z]+ing")
WITH_BEFORE_RE = re.compile(r"\bwith\s+$", re.I)


def _continues(previous: Attribution, a: Attribution, masked: str,
               starts: list[int] | None) -> bool:
    """Whether ``a`` is a bare participle (*, stating …*) in the sentence of ``previous``:
    its speaker is that attribution's."""
    if not _PARTICIPLE_ONLY_RE.fullmatch(masked, a.start, a.end):
        return False
    if starts is None:
        return not any(c in masked[previous.end : a.start] for c in ".!?\n")
    return bisect_right(starts, previous.start) == bisect_right(starts, a.start)


def _declares_theirs(a: Attribution, masked: str, mentions: list[re.Match[str]],
                     names: SpeakerNames, starts: list[int] | None) -> bool:
    """Whether a leader's declaring verb is followed by *their* in a sentence that names
    a leader of the other country before it."""
    if starts is None or a.role not in ("declaring", "describing") or not _THEIR_RE.match(
            masked, a.end) or WITH_BEFORE_RE.search(masked, max(0, a.start - 6), a.start):
        return False  # ("with Xi calling their ties …": Xi, set apart from the two)
    k = bisect_right(starts, a.start) - 1
    lo = starts[k] if k >= 0 else 0
    groups = {s.group for m in mentions if lo <= m.start() < a.end
              and (s := names.resolve(m.group())) is not None}
    return _LEADERS <= groups


def _along_with(masked: str, lo: int, pos: int) -> bool:
    """Whether *along with* (or *together with*) comes right before ``pos``, in the
    sentence of ``lo``: *Putin visited China and along with Xi pledged …*."""
    return _ALONG_WITH_RE.search(masked, max(lo, pos - 60), pos) is not None and not any(
        c in masked[lo:pos] for c in ".!?\n")

