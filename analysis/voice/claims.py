"""Speech reported by a noun: *Macron's remarks that …*, *claims that …*, *proclamations of*.

A sentence can report speech without a speech verb: *Russian officials denounced French
President Emmanuel Macron’s comments that Moscow was subservient to China*, *boosting
claims that Russia is forced to align with Beijing*, *Despite Russia and China’s
proclamations of an unbreakable “boundary-less friendship” …*; and an opener can
(*For former Foreign Minister X, …*, :data:`STANCE_RE`). The nouns are data
(``speech_nouns`` in ``data/lexicons/reporting_verbs.yaml``); what follows the noun and
its connector (*that*, *regarding*, *about*, *on*, a colon, or *of* after an owner) is
what was said. :func:`find_claim` finds the noun, its owner as written (*Macron’s*,
*Macron for comments on*) and where the content starts;
:meth:`analysis.voice.sources.SourceFinder.claim` says who the owner is.

>>> rx = claim_pattern({"statement"}, {"remarks", "claims"})
>>> c = find_claim(rx, "Moscow slammed Macron’s recent remarks that Russia is a vassal.")
>>> c.owner, c.noun, c.content_start
('Macron', 'remarks', 43)
>>> find_claim(rx, "It boosted claims that Russia is a vassal.").owner
''
>>> find_claim(rx, "In other remarks, he spoke of trade.") is None
True
>>> find_claim(rx, "They signed a statement on stability.") is None
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analysis.voice.speakers import alternation

__all__ = ["STANCE_RE", "Claim", "ClaimNouns", "claim_pattern", "find_claim"]

# an owner as written, right before the noun: "Macron’s (recent) ", "French President
# Emmanuel Macron’s ", "Russia and China’s ", "Macron for "
_OWNER_RE = re.compile(r"(?:(?P<owner>[A-Z][\w.-]*(?:\s+(?:and\s+)?[A-Z][\w.-]*){0,4})"
                       r"(?:(?P<possessive>[’']s?)\s+(?:[a-z][\w-]*\s+){0,2}|\s+for\s+)"
                       # "their (joint) pronouncement of"
                       r"|(?<!\w)(?P<their>(?i:their))\s+(?:[a-z][\w-]*\s+){0,2})$")
# what follows the noun (a word may come between: "comments Monday that"): "that", a colon,
# "of" after a possessive owner, and for claims "regarding", "about", "on"
# (or whose a phrase names: "consensus among scholars that", "fears in Moscow that")
_LINK_RE = re.compile(r"(?:\s+[\w-]+)?\s*(?:(?P<that>(?i:that)\b|:)|(?P<of>(?i:of)\b)|"
                      r"(?P<on>(?i:regarding|about|on)\b)|(?P<among>(?i:among|at|in|within)\s"
                      r"[^,;:.“”\"]{1,60}?\s(?i:that)\b))")


class Claim(NamedTuple):
    """A speech noun in a sentence: its owner as written ("" when none), the noun, where
    the noun starts and where its content starts (offsets in the sentence)."""

    owner: str
    noun: str
    noun_start: int
    content_start: int


class ClaimNouns(NamedTuple):
    """The speech nouns (lower case) and the pattern that finds them."""

    declarations: frozenset[str]
    claims: frozenset[str]
    pattern: re.Pattern[str]
    stems: tuple[str, ...]  # the nouns' shortest forms, to rule sentences out fast


def claim_pattern(declarations: set[str] | frozenset[str], claims: set[str] | frozenset[str]
                  ) -> ClaimNouns:
    """The speech nouns to find: ``declarations`` (*statement*: *that*, a colon, or *of*
    after a possessive owner) and ``claims`` (*comments*: also *regarding*, *about*,
    *on*; *a statement on strategic stability* is a topic, not what was said)."""
    nouns = {n.lower() for n in (*declarations, *claims)}
    stems = tuple(sorted(n for n in nouns if not any(m != n and n.startswith(m) for m in nouns)))
    return ClaimNouns(frozenset(n.lower() for n in declarations),
                      frozenset(n.lower() for n in claims),
                      # no leading \b: the nouns' first letters then make a fast scan, and
                      # find_claim checks the boundary
                      re.compile(alternation(nouns) + r"\b"), stems)


# a verb form, not the noun: "I would not claim that", "they fear that"
_VERB_BEFORE_RE = re.compile(r"\b(?:i|we|you|they|he|she|it|not|to|would|will|can|could|may|"
                             r"might|should|must|do|does|did|also|often)\s+$", re.I)


#: "For former Bolivian Foreign Minister Fernando Huanacuni, …", "For many analysts, …":
#: a stance the opener attributes (analysis and op-ed style)
STANCE_RE = re.compile(r"\s*For\s+(?P<who>[^,;:.“”\"]{3,90}),\s*")


def find_claim(nouns: ClaimNouns, sentence: str, lower: str | None = None) -> Claim | None:
    """The first speech noun of ``sentence`` (quotes masked) that introduces content;
    ``lower``: the sentence lower-cased, when the caller has it."""
    lower = sentence.lower() if lower is None else lower
    if len(lower) != len(sentence):
        return None  # offsets would not hold (rare letters)
    if not any(map(lower.__contains__, nouns.stems)):
        return None  # most sentences: substring tests are cheaper than the pattern
    for m in nouns.pattern.finditer(lower):
        start, noun = m.start(), m.group()
        if start and lower[start - 1].isalnum():
            continue  # inside a word
        link = _LINK_RE.match(sentence, m.end())
        owner = _OWNER_RE.search(sentence, max(0, start - 80), start)
        if link is None or ((link["on"] or link["among"]) and noun not in nouns.claims) or (
                link["of"] and not (owner and (owner["possessive"] or owner["their"]))):
            continue
        if owner is None and _VERB_BEFORE_RE.search(sentence, max(0, start - 12), start):
            continue  # "I would not claim that": the verb
        return Claim((owner["owner"] or owner["their"]) if owner else "", noun, start,
                     link.end())
    return None
