"""Speech attributions: who is said to speak, and where.

Attributions are found outside quotes (masked with :func:`analysis.voice.quotes.mask_quotes`)
with one pattern table, :data:`ATTRIBUTION_PATTERNS` (the rules are listed in
:mod:`analysis.voice.voices`; the table and its compilation per speaker list are in
:mod:`analysis.voice.attribution_patterns`, the joint speaker of two leaders who speak
together in :mod:`analysis.voice.joint`). :class:`Attributions` finds them for a whole text
(:attr:`Attributions.all`) or for the sentences a lookup needs
(:meth:`Attributions.within`), reading from the nearest sentence start where nothing
before can change the result: no pattern or name reaches across it, a person is
named after it before any *he*/*she*, and any *they* is 600 characters after it.

>>> from analysis.voice.voices import _tiny_speakers
>>> text = "Xi spoke. Later, Gabuev said ties were deep."
>>> [(text[a.start:a.end], a.speaker.name) for a in
...  Attributions(text, _tiny_speakers(), [(0, 9), (10, 44)], []).within(10, 44)]
[('Gabuev said', 'Alexander Gabuev')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from analysis.voice.attribution_patterns import (
    ATTRIBUTION_PATTERNS,
    SPEECH_ROLES,
    SPEECH_VERBS,
    WORD_CHAR_RE,
    compiled_patterns,
)
from analysis.voice.descriptions import CIRCUMSTANCE
from analysis.voice.joint import WITH_BEFORE_RE, joined
from analysis.voice.resolution import (
    THEY_REACH,
    Attribution,
    RawAttribution,
    is_object,
    resolve_attributions,
)
from analysis.voice.speakers import Speaker, Speakers
from analysis.voice.verbs import bundled_reporting_verbs

__all__ = ["SPEECH_VERBS", "ATTRIBUTION_PATTERNS", "Attribution", "Attributions"]

# Found with the speakers' names (``mention``) rather than patterns of their own:
# - an inverted verb after a comma, its speaker ending the clause: "…, said Xi.",
#   "…, said Russian President Putin on Monday" (:meth:`Attributions._inverted`);
# - a passive speech verb and its agent: "ties, described by Xi as …"
#   (:meth:`Attributions._passive`).
_INVERTED_BETWEEN_RE = re.compile(r"[^\S\n]+(?:(?!that\b)(?:[A-Z]\.|[\w’'-]+(?:\.[\w’'-]+)*)"
                                  r"[^\S\n]+){0,3}")
_CLAUSE_END_RE = re.compile(r"\s*(?:[,.;:!?)]|$)|" + CIRCUMSTANCE)

_NOT_SPEECH = bundled_reporting_verbs().not_speech_pattern  # "calls the shots"
_NOT_SPEECH_ENDS = frozenset(f.split()[-1] for f in bundled_reporting_verbs().not_speech)
_OTHERS_SPEECH = bundled_reporting_verbs().others_speech_pattern  # "denied claims of"
_NAME_REACH = 1000  # longer than any name as written (an alias's spaces may be runs)
_CLAUSE_REACH = 121  # a subject_verb clause: a comma, at most 120 characters, a comma


_ALONG_RE = re.compile(r"\b(?:along|together)\s+with\s+$", re.I)
_QUALIFIER_RE = re.compile(r"(?:\b[A-Z][\w’'-]+|\b(?:many|some|most|several|other|few|leading|"
                           r"independent|foreign|one|two|three))\s+$")


def _after_preposition(masked: str, pos: int) -> bool:
    """Whether the word before ``pos`` is a preposition: a name after it is no subject.

    >>> _after_preposition("sources close to the Kremlin", 17), _after_preposition("Xi", 0)
    (True, False)
    """
    return is_object(masked, pos) and not (
        _ALONG_RE.search(masked, max(0, pos - 20), pos))  # "… and along with Xi pledged"


def _absolute(masked: str, pos: int, m: re.Match[str]) -> bool:
    r"""Whether the name at ``pos`` is the subject of an absolute construction, *with X
    calling ties …*: it speaks the participle that follows it (``m``, right after it).

    >>> t = "Ties grew, with Xi calling them strong."
    >>> _absolute(t, 16, re.match(r"\s+(?P<verb>calling)", t[18:]))
    True
    """
    return m["verb"].endswith("ing") and m.start("verb") - m.start() < 4 and bool(
        WITH_BEFORE_RE.search(masked, max(0, pos - 6), pos))


_Raw = RawAttribution




class Attributions:
    """The attributions of one text whose quotes are masked, found as far as needed.

    Args:
        masked: the text, quotes masked (:func:`analysis.voice.quotes.mask_quotes`).
        speakers: the speaker list.
        spans: its sentences, sorted.
        quote_ends: where its quotes end (a verb and speaker may follow).
    """

    def __init__(
        self, masked: str, speakers: Speakers, spans: list[tuple[int, int]], quote_ends: list[int]
    ) -> None:
        self.masked, self.speakers, self.spans = masked, speakers, spans
        self._starts = [s for s, _ in spans]
        self._compiled = compiled_patterns(speakers)
        lower = masked.lower()  # lower() keeps offsets (it does but for rare letters)
        self._lower = lower if len(lower) == len(masked) else None
        self._quote_ends = quote_ends
        self._within: dict[tuple[int, int], list[Attribution]] = {}
        self._read: list[tuple[int, int, list[Attribution]]] = []  # exact windows read
        # the start offsets of each list of attributions searched, kept with the list
        self._start_lists: dict[int, tuple[list[Attribution], list[int]]] = {}

    @property
    def lower(self) -> str | None:
        """The masked text lower-cased (``None`` when that would shift offsets)."""
        return self._lower

    @cached_property
    def all(self) -> list[Attribution]:
        """Every attribution of the text, in text order."""
        return self._window(0, len(self.masked))[0]

    def within(self, lo: int, hi: int) -> list[Attribution]:
        """The attributions that start in ``lo:hi`` (``lo`` a sentence start), in order."""
        if (lo, hi) not in self._within:
            self._within[lo, hi] = self._find_within(lo, hi)
        return self._within[lo, hi]

    def read(self, lo: int, hi: int) -> None:
        """Find the attributions that start in ``lo:hi`` now, in one reading, so that
        :meth:`within` of any part of it reads nothing more."""
        if self._compiled.windowable and not self._covered(lo, hi):
            self._read.append(self._read_window(lo, hi))

    def _find_within(self, lo: int, hi: int) -> list[Attribution]:
        if not self._compiled.windowable:
            return self._starting_in(self.all, lo, hi)
        start, end, atts = self._covered(lo, hi) or self._read_window(lo, hi)
        return self._starting_in(atts, lo, hi)

    def _starting_in(self, atts: list[Attribution], lo: int, hi: int) -> list[Attribution]:
        """The attributions of ``atts`` (in text order) that start in ``lo:hi``; the
        start offsets of a list are worked out once, so a long text's many sentences
        cost a bisection each, not a pass over every attribution of the text."""
        kept = self._start_lists.get(id(atts))
        if kept is None or kept[0] is not atts:
            kept = self._start_lists[id(atts)] = (atts, [a.start for a in atts])
        starts = kept[1]
        return atts[bisect_left(starts, lo) : bisect_left(starts, hi)]

    def _covered(self, lo: int, hi: int) -> tuple[int, int, list[Attribution]] | None:
        return next((w for w in self._read if w[0] <= lo and hi <= w[1]), None)

    def _read_window(self, lo: int, hi: int) -> tuple[int, int, list[Attribution]]:
        """From where to read for ``lo:hi``, up to ``hi``, and what is found: every
        attribution from there on is as the whole text has it."""
        start = self._cut_at_or_before(lo)
        while True:
            atts, raws, mentions = self._window(start, hi)
            if start == 0 or self._context_suffices(start, raws, mentions):
                return start, hi, atts
            start = self._cut_at_or_before(start - 1)  # read from an earlier sentence

    def _window(
        self, start: int, end: int
    ) -> tuple[list[Attribution], list[_Raw], list[re.Match[str]]]:
        """Attributions from ``start`` (where nothing before matters) up to ``end``."""
        mentions = self._mentions(start, end)
        raws, reach = self._raws(mentions, start, end)
        if reach > end:  # a name after ``end`` may claim the same verb (the later one wins)
            mentions = self._mentions(start, reach)
            raws, _ = self._raws(mentions, start, reach)
        atts = resolve_attributions(raws, mentions, self._compiled.names, self._starts,
                                    self.masked, self.speakers,
                                    self._compiled.patterns["named_subject"], SPEECH_ROLES)
        return joined(atts, mentions, self.masked, self.speakers, self._starts), raws, mentions

    def _mentions(self, start: int, end: int) -> list[re.Match[str]]:
        rx, text = self._compiled.patterns["mention"], self._lower
        if text is None:
            rx, text = self._compiled.patterns["mention_anycase"], self.masked
        out = []
        # (scanning stops past ``end``, not at the next name, which may be far: a name
        # that starts before ``end`` ends within _NAME_REACH of it)
        for m in rx.finditer(text, start, end + _NAME_REACH):
            if m.start() >= end:
                break
            out.append(m)
        return out

    def _raws(self, mentions: list[re.Match[str]], start: int, end: int) -> tuple[list[_Raw], int]:
        """Every attribution pattern's matches from ``start`` to ``end``, one per verb
        position, in text order; and the position of the last verb after a name."""
        pats, masked = self._compiled.patterns, self.masked
        found: dict[int, _Raw] = {}
        starts = [x.start() for x in mentions]
        for m in pats["participle"].finditer(masked, start, end + _NAME_REACH):
            if m.start() >= end:
                break
            if m.group().startswith(",") and (inv := self._inverted(m, mentions, starts)):
                found[m.start("verb")] = inv  # "…, said Xi."
                continue
            found[m.start("verb")] = _Raw(m.start("verb"), m.end(), None, m["verb"], m.end())
        for mention in mentions:  # speaker + verb: "Putin said", "Gabuev, an expert, said"
            m = pats["subject_verb"].match(masked, mention.end())
            if m and ((_after_preposition(masked, mention.start()) and not m["who"]
                       and not _absolute(masked, mention.start(), m))
                      or self._modified_collective(mention)):
                continue  # "sources close to the Kremlin said", "Western analysts say"
            if m and not (m["verb"].endswith("ing") and "," in masked[m.start() : m.start("verb")]):
                # ("Xi told Putin, adding" is a participle of Xi's, not Putin's words)
                found[m.start("verb")] = _Raw(
                    mention.start(), m.end(), mention.group(), m["verb"], m.end()
                )
        if found:  # "Beijing calls the shots" is no speech, nor "Moscow denied claims of …"
            found = {pos: raw for pos, raw in found.items() if not self._no_speech(pos, raw)}
        reach = max(found, default=end)  # a subject_verb's verb may lie after ``end``
        for raw in self._anchored:
            if start <= raw.start < end:
                found[raw.start] = raw
        return sorted(found.values()), reach

    @cached_property
    def _holds_idiom(self) -> bool:
        """Whether the text may hold an idiom of ``not_speech`` (its last word is in it)."""
        return self._lower is not None and any(w in self._lower for w in _NOT_SPEECH_ENDS)

    def _no_speech(self, pos: int, raw: _Raw) -> bool:
        """Whether the verb at ``pos`` opens an idiom that is no speech (*calls the
        shots*) or has others' speech as its object (*denied claims of*)."""
        verb_end = pos + len(raw.verb)
        if self._holds_idiom and _NOT_SPEECH.match(self._lower, pos):
            return True
        return self.masked.find(" of", verb_end, verb_end + 40) >= 0 and \
            _OTHERS_SPEECH.match(self.masked, verb_end) is not None

    def _modified_collective(self, mention: re.Match[str]) -> bool:
        """Whether a collective (*analysts*) is named with a qualifier (*Western analysts*,
        *many experts*): an unnamed source, which the second pass finds."""
        s = self._compiled.names.resolve(mention.group())
        return s is not None and s.kind == "collective" and bool(
            _QUALIFIER_RE.search(self.masked, max(0, mention.start() - 20), mention.start()))

    @cached_property
    def _anchored(self) -> list[_Raw]:
        """Matches of *according to X*, *quoted X as* and verb + speaker after a quote,
        found once for the whole text (they are rare and anchored on a word)."""
        pats, masked = self._compiled.patterns, self.masked
        matches = [
            m
            for kind, word in (("according_to", "ccording"), ("quoted_as", "quoted"))
            if word in masked
            for m in self._anchored_matches(kind)
        ]
        matches += [
            m for m in (pats["verb_subject"].match(masked, e) for e in self._quote_ends) if m
        ]
        return sorted([
            _Raw(m.start(), m.end(), m["speaker"], m.groupdict().get("verb") or "", m.end())
            for m in matches
        ] + self._passive())

    def _anchored_matches(self, kind: str) -> list[re.Match[str]]:
        """``finditer`` of ``according_to`` or ``quoted_as``, trying only where a match
        can start: at "quoted", or a letter before "ccording" in any case (all of the
        text when letters that match ASCII ones ignoring case, such as "ı", are about)."""
        rx = self._compiled.patterns[kind]
        if kind == "quoted_as":
            text, word, back = self.masked, "quoted", 0
        elif self._lower is not None and not any(c in self.masked for c in "İıſK"):
            text, word, back = self._lower, "ccording", 1
        else:
            return list(rx.finditer(self.masked))
        out: list[re.Match[str]] = []
        i = text.find(word)
        while i >= 0:
            m = rx.match(self.masked, i - back) if i >= back else None
            if m and (not out or m.start() >= out[-1].end()):
                out.append(m)
            i = text.find(word, max(i + 1, out[-1].end() if out else 0))
        return out

    def _passive(self) -> list[_Raw]:
        """A passive speech verb and its agent, *described by Xi as*: at each " by " after
        a speech verb's form, a name right after it."""
        out: list[_Raw] = []
        masked = self.masked
        rx, text = self._compiled.patterns["mention"], self._lower
        if text is None:
            rx, text = self._compiled.patterns["mention_anycase"], masked
        i = masked.find(" by ")
        while i >= 0:
            word = masked[max(0, i - 30) : i].rpartition(" ")[2]  # the word before " by "
            if word.lower() in SPEECH_ROLES and (m := rx.match(text, i + 4)):
                out.append(_Raw(i - len(word), m.end(), m.group(), word, m.end()))
            i = masked.find(" by ", i + 4)
        return out

    def _inverted(self, m: re.Match[str], mentions: list[re.Match[str]], starts: list[int]
                  ) -> _Raw | None:
        """The speaker of an inverted verb after a comma (participle match ``m``): a name
        at most three words after it that ends its clause (*…, said Xi.*)."""
        verb_end = m.end("verb")
        i = bisect_right(starts, verb_end)
        for mention in mentions[i : i + 4]:
            if mention.start() - verb_end > 60:
                break
            if _INVERTED_BETWEEN_RE.fullmatch(self.masked, verb_end, mention.start()) and \
                    _CLAUSE_END_RE.match(self.masked, mention.end()):
                return _Raw(m.start("verb"), mention.end(), mention.group(), m["verb"],
                            mention.end())
        return None

    @property
    def anchored_starts(self) -> list[int]:
        """Where the attributions anchored on a word or a quote end start."""
        return [raw.start for raw in self._anchored]

    def _cut_at_or_before(self, pos: int) -> int:
        """The last sentence start at or before ``pos`` that no pattern reaches across."""
        k = bisect_right(self._starts, pos) - 1
        while k >= 0 and not self._is_cut(self._starts[k]):
            k -= 1
        return self._starts[k] if k >= 0 else 0

    def _is_cut(self, pos: int) -> bool:
        """No match of the attribution patterns or a name starts before ``pos`` and ends
        after it: the text before ends in neither a word, a comma nor the beginning of
        a name ("Gen."), and no "Name, clause," runs across it."""
        masked, i = self.masked, pos - 1
        while i >= 0 and masked[i].isspace():
            i -= 1
        if i < 0:
            return True
        if masked[i] == "," or WORD_CHAR_RE.match(masked[i]):
            return False
        if masked[i] in self._compiled.crossing_ends and self._ends_in_crossing_word(i + 1):
            return False
        c1 = masked.rfind(",", max(0, pos - _CLAUSE_REACH), pos)
        c2 = masked.find(",", pos, c1 + _CLAUSE_REACH + 1) if c1 >= 0 else -1
        return c2 < 0 or any(ch in masked[c1 + 1 : c2] for ch in '\n“”"«»')

    def _ends_in_crossing_word(self, end: int) -> bool:
        longest = max(map(len, self._compiled.crossing))
        tail = self.masked[max(0, end - longest - 1) : end].lower().replace("’", "'")
        return any(
            tail.endswith(w) and (len(tail) == len(w) or not WORD_CHAR_RE.match(tail[-len(w) - 1]))
            for w in self._compiled.crossing
        )

    def _context_suffices(
        self, start: int, raws: list[_Raw], mentions: list[re.Match[str]]
    ) -> bool:
        """Whether reading from ``start`` resolves every pronoun as the whole text does:
        each "they" is at least 600 characters after ``start``, and before each "he" or
        "she" a person of a fitting gender is named after ``start`` (so that it cannot
        mean anyone named earlier)."""
        names = self._compiled.names
        people: list[tuple[int, Speaker]] | None = None  # worked out at the first he/she
        for r in raws:
            kind = names.pronoun_kind(r.mention) if r.mention is not None else None
            if kind == "joint" and r.start - THEY_REACH < start:
                return False
            if kind == "person":
                if people is None:
                    people = [(m.start(), s) for m in mentions if (s := names.resolve(
                        m.group())) is not None and s.kind == "person"
                              and not is_object(self.masked, m.start())]
                gender = self.speakers.pronoun_gender(r.mention)
                if not any(p < r.start and s.fits(gender) for p, s in people):
                    return False
        return True
