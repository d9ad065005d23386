"""Attribution patterns and their compilation per speaker list.

:data:`ATTRIBUTION_PATTERNS` is the one pattern table of :mod:`analysis.voice.attribution`
(the rules are listed in :mod:`analysis.voice.voices`), with the speech verbs it is filled
in with (:data:`SPEECH_VERBS`, :data:`SPEECH_ROLES`). :func:`compiled_patterns` compiles
it with a speaker list's names, once per list, together with what
:class:`analysis.voice.attribution.Attributions` needs to know of those names to read a
text in windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary, ref

from analysis.voice.descriptions import named_subject_pattern
from analysis.voice.speakers import PRONOUNS, LazyPattern, Speakers, alternation
from analysis.voice.verbs import bundled_reporting_verbs

__all__ = ["ATTRIBUTION_PATTERNS", "SPEECH_ROLES", "SPEECH_VERBS", "WORD_CHAR_RE",
           "CompiledPatterns", "SpeakerNames", "compiled_patterns"]

#: Speech verbs by role, from ``data/lexicons/reporting_verbs.yaml``: ``reporting`` verbs
#: attribute quotes and introduce reported speech; ``declaring`` and ``describing`` verbs
#: (*declared a “…”*, *described … as “…”*) attribute quotes, and introduce reported
#: speech only when no quote follows them (describing ones only with *as*:
#: :func:`analysis.voice.passages.makes_reported_speech`); ``viewing`` verbs (*believe*)
#: introduce reported speech but attribute no quote.
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    role: tuple(sorted(getattr(bundled_reporting_verbs(), role) - {"according to"}))
    for role in ("reporting", "declaring", "describing", "viewing")
}

_ADVERBS = (
    r"(?:(?:also|then|later|again|apparently|reportedly|has|have|had|once|\w+ly"
    r"|on\s+\w+day|last\s+\w+)\s+){{0,3}}"
)

#: Attribution patterns; ``{speaker}`` and ``{verb}`` are filled in per speaker list.
ATTRIBUTION_PATTERNS: dict[str, str] = {
    # matched right after each speaker mention, so the names are searched for once
    # (a relative clause speaks for the name it follows: "echoed by Putin, who stated")
    "subject_verb": r"(?:,[^,\n“”\"«»]{{1,120}},|,(?P<who>\s+who\b)?)?\s+" + _ADVERBS
    + r"(?P<verb>{verb})\b",
    # '“…,” said Russia's foreign minister'; not '“…,” noting that the two countries …'
    # (within the paragraph: not '…”, state broadcaster CCTV said.\n\nPutin')
    "verb_subject": r"[,.;:]?\s*(?P<verb>{verb})[^\S\n]+(?:(?!that\b)[\w’'.-]+[^\S\n]+){{0,5}}?"
    r"(?P<speaker>{speaker})",
    # (no word between ends a sentence: "according to the report. Xi …"; "Mr." may)
    "according_to": r"\b(?P<verb>(?i:according))\s+to\s+"
    r"(?:[\w’'-]+(?:\.[\w’'-]+)*\.?(?<![a-z]{{2}}\.)\s+){{0,4}}?"
    r"(?P<speaker>{speaker})",

    "quoted_as": r"\bquoted\s+(?P<speaker>{speaker})",
    # ", adding" or "and noted"; written to start with a character set, which re scans fast
    "participle": r"[,d](?:(?<=,)|(?<=\band))\s+(?P<verb>{verb})\b",
}
#: The role of each speech verb form (and *according*, of *according to*: reporting).
SPEECH_ROLES = {form: role for role, forms in SPEECH_VERBS.items() for form in forms} | {
    "according": "reporting"}
WORD_CHAR_RE = re.compile(r"\w")


class SpeakerNames:
    """``Speakers.resolve`` and ``Speakers.pronoun_kind``, remembered per mention text
    (holding the speakers weakly: _COMPILED is keyed on them)."""

    def __init__(self, speakers: Speakers) -> None:
        get = ref(speakers)
        self.resolve = lru_cache(maxsize=None)(lambda mention: get().resolve(mention))
        self.pronoun_kind = lru_cache(maxsize=None)(lambda word: get().pronoun_kind(word))


@dataclass(frozen=True)
class CompiledPatterns:
    """The attribution patterns of one speaker list, and what its names allow."""

    patterns: dict[str, re.Pattern[str] | LazyPattern]
    windowable: bool  # no alias hides a pronoun
    crossing: frozenset[str]  # see _crossing_words
    crossing_ends: frozenset[str]  # their last characters
    names: SpeakerNames


_COMPILED: WeakKeyDictionary[Speakers, CompiledPatterns] = WeakKeyDictionary()


def compiled_patterns(speakers: Speakers) -> CompiledPatterns:
    """:data:`ATTRIBUTION_PATTERNS` compiled with the speakers' names, once per list."""
    if speakers not in _COMPILED:
        names = speakers.names_pattern
        speaker = r"(?i:\b" + names + r"\b)"
        verbs = alternation(set(SPEECH_ROLES) - {"according"})
        # ", adding", "and noted"; not a base form (", state broadcaster CCTV")
        forms = set(SPEECH_VERBS["reporting"] + SPEECH_VERBS["declaring"])
        participles = alternation({f for f in forms if f[-1] != "s" and f + "s" not in forms})
        compiled = {
            k: re.compile(p.format(speaker=speaker, verb=verbs))
            for k, p in ATTRIBUTION_PATTERNS.items()
        }
        compiled["participle"] = re.compile(
            ATTRIBUTION_PATTERNS["participle"].format(speaker="", verb=participles)
        )

        keys = set(speakers.by_alias) | set(PRONOUNS)
        starts_word = all(WORD_CHAR_RE.match(k) for k in keys)
        # names are found in lower-cased text: several times faster than (?i); "\b" is
        # "(?<!\w)" when every name starts with a word character, and faster
        compiled["mention"] = re.compile((r"\b" if starts_word else r"(?<!\w)") + names + r"\b")
        compiled["mention_anycase"] = LazyPattern(speaker)  # for rare letters only
        compiled["named_subject"] = named_subject_pattern(
            alternation(set(SPEECH_VERBS["reporting"] + SPEECH_VERBS["declaring"])))
        windowable = not any(PRONOUNS.keys() & set(k.split()) for k in speakers.by_alias)
        crossing = _crossing_words(keys)
        _COMPILED[speakers] = CompiledPatterns(
            compiled, windowable, crossing, frozenset(w[-1] for w in crossing),
            SpeakerNames(speakers),
        )
    return _COMPILED[speakers]


def _crossing_words(keys: set[str]) -> frozenset[str]:
    """Last words of the names' beginnings that end before a space in a non-word
    character: ``gen.`` of *Gen. Valery Gerasimov*, after which a name could run across
    a sentence start.

    >>> sorted(_crossing_words({"gen. valery gerasimov", "u.s. army", "xi jinping"}))
    ['gen.', 'u.s.']
    """
    return frozenset(
        k[:j].split(" ")[-1]
        for k in keys
        for j, ch in enumerate(k)
        if ch == " " and not WORD_CHAR_RE.match(k[j - 1])
    )
