"""Faceless attributions: devices that report a view or a summarised text without naming
who holds it (coding conventions R1, amendments of batches 4 and 6).

- *It is (often) said / argued / believed that …*: what follows *that* is reported;
- *X is (widely) seen / viewed / regarded / deemed / considered (as) …*, *X were seen
  growing closer*, *X is seen to be …*: the device
  governs its whole sentence, the subject the narrator presupposes included;
- summary passives of a report, an interview or a study, in the present tense: *the
  motives are analyzed*, *the risk is also considered*, *… is discussed*: likewise;
- concern with no holder: *X has sparked concerns over …*, *there are fears that …*:
  likewise.

The speaker is ``unnamed``, group ``other``. :func:`faceless_attribution` is read by the
second voice pass (:class:`analysis.voice.sources.SourceFinder`) only where a sentence
names no source of its own; a device with an agent after *by* (*is considered by X*) is
not faceless.

>>> faceless_attribution("It is often said that Russia is a vassal.")
(0, 21, False)
>>> faceless_attribution("The pact is widely seen as a pillar of stability.")
(9, 26, True)
>>> faceless_attribution("The pact is seen by analysts as a pillar.") is None
True
>>> faceless_attribution("The talks were discussed at length.") is None
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["FACELESS_PATTERNS", "faceless_attribution"]

_ADVERBS = r"(?:(?:also|often|widely|commonly|generally|increasingly|now|long|still|\w+ly)\s+)*"
_BE = r"(?:is|are|was|were|being|been)"


class _Device(NamedTuple):
    triggers: tuple[str, ...]  # substrings (lower case) the device holds, one at least
    whole: bool  # whether it governs its whole sentence, else the words after it
    pattern: re.Pattern[str]


#: The devices; a pattern is tried only on a sentence holding one of its triggers (a
#: substring test is much faster than a pattern, and most sentences hold none).
FACELESS_PATTERNS: tuple[_Device, ...] = (
    _Device(("it is", "it was", "it has been", "it had been"), False, re.compile(
        r"\bit\s+(?:is|was|has\s+been|had\s+been)\s+" + _ADVERBS + r"(?:said|argued|believed|"
        r"thought|claimed|suggested|feared|assumed|alleged|rumou?red)\s+that\b", re.I)),
    # ("were seen growing closer", "is seen to be": a perception with no holder)
    _Device(("seen ", "viewed as", "regarded as", "deemed as", "perceived "), True,
            re.compile(r"\b" + _BE + r"\s+" + _ADVERBS
                       + r"(?:(?:seen|viewed|regarded|deemed|perceived)\s+as\b"
                       r"|(?:seen|perceived)\s+(?:to\s+be\b|[a-z]+ing\b))", re.I)),
    _Device(("considered",), True, re.compile(r"\b" + _BE + r"\s+" + _ADVERBS + r"considered\b",
                                              re.I)),
    # summaries of a report or an interview, in the present tense
    _Device(("analyzed", "analysed", "discussed", "examined", "explored"), True, re.compile(
        r"\b(?:is|are)\s+" + _ADVERBS + r"(?:analy[sz]ed|discussed|examined|explored)\b", re.I)),
    _Device(("concern", "fear", "worries"), True, re.compile(
        r"\b(?:sparked|raised|fuell?ed|prompted|stoked)\s+(?:\w+\s+)?(?:concerns?|fears?|worries)\b"
        r"|\bthere\s+(?:are|were|is|was|have\s+been)\s+(?:\w+\s+)?(?:concerns?|fears?|worries)"
        r"\s+(?:that|over|about)\b", re.I)),
)
_BY_RE = re.compile(r"\s+by\b", re.I)
_TRIGGER_RE = re.compile("|".join(re.escape(t) for d in FACELESS_PATTERNS for t in d.triggers))


def faceless_attribution(sentence: str) -> tuple[int, int, bool] | None:
    """The first faceless device of ``sentence`` (quotes masked): where it starts and
    ends, and whether it governs the whole sentence; ``None`` when there is none."""
    lower = sentence.lower()
    if _TRIGGER_RE.search(lower) is None:
        return None  # most sentences: one scan for every device's substrings
    for device in FACELESS_PATTERNS:
        if not any(t in lower for t in device.triggers):
            continue
        m = device.pattern.search(sentence)
        if m is not None and not _BY_RE.match(sentence, m.end()):
            return m.start(), m.end(), device.whole
    return None
