"""Voices of quotations and reported-speech passages, from the attributions near them.

The pure steps of :class:`analysis.voice.voices.VoiceMap` (rules 3 and 4 of
:mod:`analysis.voice.voices`): the voice of a quote from the attributions in its
sentences, or the quote it continues (:func:`quote_voice`); reported-speech passages
from reporting verbs (:func:`reported_passages`); the parts of a passage that others
leave (:func:`subtract`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple

from analysis.voice.attribution import Attribution
from analysis.voice.descriptions import circumstances_follow
from analysis.voice.quotes import CLOSERS

__all__ = ["NARRATOR", "Passage", "Voice", "attribute_quotes", "continues", "is_heading", "relays",
           "makes_reported_speech", "quote_sentences",
           "quote_voice", "reported_passages", "sentence_bounds", "subtract"]

_WORD_RE = re.compile(r"[\w’'-]+")
_TRAILER_RE = re.compile(r"[^,;:“”\"«»]{0,40}")
_OPENER_RE = re.compile(r"[“\"«‘]")
_HEADING_WORDS = 12
_PARTICIPLE_RE = re.compile(r"[a-z]+ing")  # an attribution that is a participle alone
# an attribution that relays what another said: "according to …", "… reported"
_RELAY_RE = re.compile(r"(?i:according\b|.*\breport(?:s|ed)?\b)")
_AS_RE = re.compile(r"[^,;:]*?\bas\b")
_FOR_RE = re.compile(r"\s+for\b")
_LEAD_RE = re.compile(r",[^\S\n]*(?:(?:the|[A-Z][\w’'.-]*)[^\S\n]+){0,4}$")
_WHAT_RE = re.compile(r"\bwhat\s+(?:[\w’'-]+\s+){0,2}$", re.I)


# what makes a speech verb an act: "agreed to (lift)", "called a (summit) meeting"
_ACT_VERBS = ("agree", "agreed", "agrees", "agreeing", "call", "called", "calls", "calling")
_ACT_RE = re.compile(r"\s+(?:(?:on\s+)?\w+day\s+)?(?:to\b|(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
                     r"(?:meeting|summit|conference|session|election|referendum|vote|halt|"
                     r"ceasefire|truce|strike)s?\b)")


def makes_reported_speech(role: str, masked: str, subject: int, verb_end: int, end: int
                          ) -> bool:
    """Whether a verb of ``role`` (``reporting_verbs.yaml``) whose attribution starts at
    ``subject`` and ends at ``verb_end`` makes the words after it, up to ``end``,
    reported speech: a declaring or describing verb only when no quote follows it (the
    quote is all that was said), a describing one only with *as*, *for* or after *what*.

    >>> t = "Putin praised Xi at length. Putin praised ties as a force. what they called X"
    >>> makes_reported_speech("describing", t, 0, 13, 27)
    False
    >>> makes_reported_speech("describing", t, 28, 41, 58), makes_reported_speech(
    ...     "describing", t, 64, 75, 77)
    (True, True)
    """
    if role in ("declaring", "describing") and _OPENER_RE.search(masked, verb_end, end):
        return False
    if _ACT_RE.match(masked, verb_end, end) and masked[max(0, verb_end - 9) : verb_end].lower(
            ).endswith(_ACT_VERBS):
        return False  # "agreed to lift ties", "called a meeting": acts, not speech
    if role == "describing":
        return bool(_AS_RE.match(masked, verb_end, end) or _FOR_RE.match(masked, verb_end, end)
                    or _WHAT_RE.search(masked, max(0, subject - 30), subject))
    return role != "enacting"


class Voice(NamedTuple):
    """Whose words a span is; ``speaker``/``speaker_group`` empty when not attributed."""

    voice: str
    speaker: str = ""
    speaker_group: str = ""


NARRATOR = Voice("narrator")


class Passage(NamedTuple):
    """A quotation or a reported-speech passage: character span and voice."""

    start: int
    end: int
    voice: str
    speaker: str
    speaker_group: str


def sentence_bounds(
    spans: list[tuple[int, int]], starts: list[int], pos: int, default: tuple[int, int]
) -> tuple[int, int]:
    k = bisect_right(starts, pos) - 1
    return spans[k] if k >= 0 and spans[k][1] > pos else default


def quote_sentences(
    spans: list[tuple[int, int]], starts: list[int], qs: int, qe: int
) -> tuple[int, int]:
    """Start of the sentence a quote opens in, end of the one it closes in."""
    return (
        sentence_bounds(spans, starts, qs, (qs, qe))[0],
        sentence_bounds(spans, starts, qe - 1, (qs, qe))[1],
    )


def attribute_quotes(quotes, atts, spans, text, max_scare_words, sourced) -> list[Passage]:
    starts, att_starts = [s for s, _ in spans], [a.start for a in atts]
    out: list[Passage] = []
    for qs, qe in quotes:
        lo, hi = quote_sentences(spans, starts, qs, qe)
        near = [
            a
            for a in atts[bisect_left(att_starts, lo) : bisect_left(att_starts, hi)]
            if a.end <= qs or a.start >= qe
        ]
        out.append(quote_voice((qs, qe), lo, near, out[-1] if out else None, text,
                                max_scare_words, sourced))
    return out


def quote_voice(
    quote: tuple[int, int],
    lo: int,
    near: list[Attribution],
    previous: Passage | None,
    text: str,
    max_scare_words: int,
    sourced: Callable[[Passage], Passage],
) -> Passage:
    """Rule 3 for a quote whose first sentence starts at ``lo``: the nearest
    attribution's speaker; else the source its sentence names (rules 5 and 6,
    ``sourced``); else the previous quote's speaker, when this one continues it
    (:func:`continues`); else a scare quote when short."""
    qs, qe = quote
    near = [a for a in near if a.role != "viewing"]  # a view is no source of a quote
    best = min(near, key=lambda a: qs - a.end if a.end <= qs else a.start - qe, default=None)
    if best is not None and best.start >= qe and (
            introducer := _introducing(near, qs, text)) is not None:
        best = introducer  # 'X noted that “…,” and Y acknowledged …': X's
    if best is not None and best.start >= qe and (earlier := _earlier_in_sentence(
            near, qs, text)) is not None and _ends_in_participle(text, best):
        # '… both leaders reaffirmed their “…” partnership, with Xi calling …': a
        # participle after the quote opens new content; the quote is the verb's before it
        best = earlier
    if best is not None and best.start >= qe and relays(text, best):
        # 'Xi told Putin “…”, Xinhua reported' / 'according to a readout': a relay
        best = max((a for a in near if a.end <= qs), key=lambda a: a.end, default=best)
    if best is not None:
        return sourced(Passage(qs, qe, "quote", best.speaker.name, best.speaker.group))
    if len(_WORD_RE.findall(text, qs, qe)) <= max_scare_words:
        passage = sourced(Passage(qs, qe, "scare_quote", "", ""))
    else:
        passage = sourced(Passage(qs, qe, "quote", "", ""))
    if not passage.speaker and previous and previous.speaker and continues(
            text, previous.end, qs, lo) and not is_heading(text, qs, qe):
        return previous._replace(start=qs, end=qe)  # “…,” he said. “More.”
    return passage


_INTRODUCES_RE = re.compile(r"[\s,:]*(?:that\b[\s,:]*)?")
_SENTENCE_END_RE = re.compile(r"[.!?\n]")


def _earlier_in_sentence(near: list[Attribution], qs: int, text: str) -> Attribution | None:
    """The last attribution before the quote at ``qs`` with no sentence end between."""
    return next((a for a in sorted(near, key=lambda a: -a.end) if a.end <= qs
                 and not _SENTENCE_END_RE.search(text, a.end, qs)), None)


def _ends_in_participle(text: str, a: Attribution) -> bool:
    """Whether attribution ``a`` ends in a participle (*, adding*, *with Xi calling*)."""
    return text[a.start : a.end].rstrip().endswith("ing")


def _introducing(near: list[Attribution], qs: int, text: str) -> Attribution | None:
    """The attribution that opens onto the quote at ``qs`` (*X noted that “…*, *X said:
    “…*): only a comma, colon or *that* lies between them."""
    return next((a for a in sorted(near, key=lambda a: -a.end) if a.end <= qs
                 and _INTRODUCES_RE.fullmatch(text, a.end, qs)), None)


def relays(text: str, a: Attribution) -> bool:
    """Whether attribution ``a`` relays what another said (*according to a readout*,
    *Xinhua reported*) rather than naming who said it."""
    return _RELAY_RE.match(text, a.start, a.end) is not None


def is_heading(text: str, qs: int, qe: int) -> bool:
    """Whether the quote ``qs:qe`` is a paragraph of its own that ends in no punctuation
    (a subheading in quotation marks: *“Defend justice in the world”*), which continues
    nobody's quote.

    >>> t = "Text.\\n“Defend justice in the world”\\nMore."
    >>> is_heading(t, 6, 35), is_heading("Text.\\n“We defend justice.”\\nMore.", 6, 25)
    (True, False)
    """
    line_start = text.rfind("\n", 0, qs) + 1
    line_end = text.find("\n", qe)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    body = text[qs:qe].strip()
    return line.strip() == body and not body.rstrip("”\"»’'").endswith(tuple(".!?,;:…")) and \
        len(body.split()) <= _HEADING_WORDS


def continues(text: str, previous_end: int, qs: int, lo: int) -> bool:
    """Whether a quote at ``qs`` (its sentence starts at ``lo``) without attribution
    continues the quote that ends at ``previous_end``: it opens its sentence, in the
    same paragraph or opening the next one (news style: a quote paragraph after an
    attributed one is the same speaker's).

    >>> t = "“Ties are good,” Putin told Xi.\\n\\n“They are at a peak.”"
    >>> continues(t, 16, 33, 33), continues(t + "\\nNext.\\n“Other.”", 16, 61, 61)
    (True, False)
    """
    if lo < qs:
        return False
    return not text[previous_end:qs].partition("\n")[2].strip()


def subtract(region: Passage, taken: list[Passage]) -> list[Passage]:
    """The parts of ``region`` that no passage of ``taken`` (sorted) covers.

    >>> subtract(Passage(0, 10, "reported", "", ""), [Passage(3, 5, "reported", "", "")])
    [Passage(start=0, end=3, voice='reported', speaker='', speaker_group=''), \
Passage(start=5, end=10, voice='reported', speaker='', speaker_group='')]
    """
    out, pos = [], region.start
    for t in taken:
        if t.end <= pos or t.start >= region.end:
            continue
        if t.start > pos:
            out.append(region._replace(start=pos, end=t.start))
        pos = max(pos, t.end)
    if pos < region.end:
        out.append(region._replace(start=pos))
    return out


def reported_passages(atts: list[Attribution], masked: str, spans: list[tuple[int, int]],
                      starts: list[int] | None = None) -> list[Passage]:
    """Rule 4: the reported-speech passage of each reporting attribution, from its verb
    to its sentence's end, or over the clause before a sentence-final one.

    ``starts``: the sentences' start offsets, when the caller has them (a long text's
    sentences are each looked up, and a list per call would cost the whole text)."""
    if starts is None:
        starts = [s for s, _ in spans]
    regions: list[Passage] = []
    previous = -1  # where the last attribution that ends its clause ends
    for a in atts:
        if not a.reporting:
            continue
        s_start, s_end = sentence_bounds(spans, starts, a.start, (0, len(masked)))
        if not makes_reported_speech(a.role, masked, a.start, a.end, s_end):
            continue
        before = masked[s_start : a.start].rstrip()
        # "…, Gabuev added." and "…, Russian President Vladimir Putin said": the comma
        lead = _LEAD_RE.search(masked, max(s_start, a.start - 60), a.start)
        # (a participle's content follows it: "…, saying the West must adapt.")
        at_end = not _PARTICIPLE_RE.fullmatch(masked, a.start, a.end) and (
            _TRAILER_RE.fullmatch(masked, a.end, s_end) is not None or (
                lead is not None and circumstances_follow(masked, a.end, s_end)))
        # the clause before a final attribution, after another that ends a clause: "…,
        # Putin said during a meeting, RIA reported" is Putin's, the agency relays it
        opening = previous if s_start <= previous < a.start else s_start
        if at_end and before.endswith(","):
            start, end = opening, s_start + len(before) - 1  # "…, Gabuev added."
            previous = a.end
        elif at_end and lead is not None and lead.start() > s_start:
            start, end = opening, lead.start()
            previous = a.end
        elif at_end and before and before[-1] in CLOSERS:
            continue  # '“…,” Putin said Friday.': the quote is all he said
        else:
            start, end = a.speech_start, s_end
        if end <= start:
            continue
        if previous == a.end:
            # a final attribution reports its whole clause: a speech verb inside it is
            # nested (*Moscow refuted the claim, stating …, Peskov said*), its speech the
            # outer speaker's
            regions = [p for p in regions if not start <= p.start < end]
        regions.append(Passage(start, end, "reported", a.speaker.name, a.speaker.group))
    regions.sort()
    clipped = [
        p._replace(end=min(p.end, nxt.start)) for p, nxt in zip(regions, regions[1:], strict=False)
    ] + regions[-1:]
    return [p for p in clipped if p.end > p.start]
