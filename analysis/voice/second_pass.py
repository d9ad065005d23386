"""The second pass of voice attribution: rules 5-7 of :mod:`analysis.voice.voices`.

:class:`SecondPass` is a mixin of :class:`analysis.voice.voices.VoiceMap`: where the
speakers-file rules (1-4) leave a span as narrator, scare quote or a quote without
speaker, it reads the sources a sentence names beyond the speakers file
(:class:`analysis.voice.sources.SourceFinder`): headline source tags (rule 5), sources
and speech nouns with their reported passages (rule 6), and transcript turns (rule 7).
It uses the map's ``text``, ``spans``, ``use_sources``, ``_masked``, ``_quotes``,
``_attributions``, ``_speakers``, ``reported``, ``_named_in`` and ``_sentence_at``, and
its caches ``_sources``, ``_pieces`` and ``_claims``.
"""

from __future__ import annotations

import re
from functools import cached_property

from analysis.voice.descriptions import circumstances_follow, described_group
from analysis.voice.passages import Passage, is_heading, makes_reported_speech, relays, subtract
from analysis.voice.quotes import CLOSERS
from analysis.voice.sources import Source, SourceFinder
from analysis.voice.speakers import Speakers
from analysis.voice.verbs import bundled_reporting_verbs

__all__ = ["SecondPass"]

_WORD_RE = re.compile(r"[\w’'-]+")
_VERBS = bundled_reporting_verbs()
# a speaker label opening a line: "PRESIDENT VLADIMIR PUTIN: ", "… Xi Jinping (retranslated): "
_LABEL_RE = re.compile(r"^(?P<label>[A-Z][^\n:.?!“”\"]{1,90}?)(?:[^\S\n]*\([^()\n]{1,40}\))?:"
                       r"[^\S\n]", re.M)
_PUNCTUATION_RE = re.compile(r"[.,;!?]")
# a verb that a new clause follows reports nothing: "Now Russia asks, and China decides"
_NEXT_CLAUSE_RE = re.compile(r"\s*(?:,\s*(?:and|but|or|while|whereas)\b|;)")
# where a later clause with a subject of its own opens: ", but skeptics argue that"
_LATER_CLAUSE_RE = re.compile(r"[,;”\"»]\s*(?:but|while|whereas|and|yet)\s+")
# a sentence's last clause after a comma, when short: "…, a person close to the Kremlin said."
_FINAL_CLAUSE_RE = re.compile(r",(?P<clause>[^,;:“”\"«»\n]{3,90})$")
_FINAL_TRAILER = 45  # characters after the verb of such a clause: "said on Tuesday."
_RELAY_RE = re.compile(r"\breport(?:s|ed)?\b", re.I)  # "…, Index reports": the inner speaker's
_CONTRAST_RE = re.compile(r"[,;]\s*(?:but|while|whereas|yet)\s+")
_TURN_REACH = 4000  # a transcript turn runs at most this many characters past its label
_LABEL_LENGTH = 140  # a speaker label's own length, at most
# a paragraph that opens by introducing a person: "Ivan Petrov, a fellow at …, "
_INTRODUCED_RE = re.compile(r"\s*(?P<name>[A-Z][\w’'-]+(?:[^\S\n]+[A-Z][\w’'-]+){1,2}),[^\S\n]+"
                            r"[^,\n“”\"«»]{1,120},")



_FINDERS: dict[int, tuple[Speakers, SourceFinder]] = {}


def _finder(speakers: Speakers) -> SourceFinder:
    """The source finder of a speaker list, built once per list."""
    key = id(speakers)
    if key not in _FINDERS or _FINDERS[key][0] is not speakers:
        _FINDERS[key] = (speakers, SourceFinder(speakers, bundled_reporting_verbs()))
    return _FINDERS[key][1]


def _ends_clause(clause: str, found: Source) -> bool:
    """Whether the verb of ``found`` ends ``clause`` but for the circumstances of the
    speech (*said.*, *added on Tuesday.*, *told Reuters in an interview*)."""
    trailer = clause[found.verb_end :].strip()
    return not trailer or len(trailer) <= _FINAL_TRAILER and circumstances_follow(
        clause, found.verb_end, len(clause))


class SecondPass:
    """Rules 5-7 of the voice stage, as methods of :class:`~analysis.voice.voices.VoiceMap`."""

    @cached_property
    def turns(self) -> list[Passage]:
        """Transcript turns (rule 7) where no quote or reported passage lies."""
        taken = sorted([Passage(s, e, "quote", "", "") for s, e in self._quotes] + self.reported)
        return [p for turn in self._turns for p in subtract(turn, taken)]

    @cached_property
    def _turns(self) -> list[Passage]:
        """Rule 7: the turns of a transcript, each a listed person's quote: from a speaker
        label that opens a line (*PRESIDENT VLADIMIR PUTIN:*, *… Xi Jinping
        (retranslated):*) to the next label, at most :data:`_TURN_REACH` characters; a
        turn whose first line has no punctuation is a headline (*Putin: Ties are deep*),
        that line only."""
        if not self.use_sources:
            return []
        labels = list(_LABEL_RE.finditer(self.text))
        turns = (self._turn(m, nxt.start() if nxt is not None else len(self.text))
                 for m, nxt in zip(labels, [*labels[1:], None], strict=False))
        return [t for t in turns if t is not None]

    def _turn(self, label: re.Match[str], end: int) -> Passage | None:
        """The turn a speaker label opens, up to ``end`` (the next label) at most."""
        speaker = self._speakers.label_speaker(label["label"])
        if speaker is None:
            return None
        end = min(end, label.end() + _TURN_REACH)
        line_end = self.text.find("\n", label.end(), end)
        if line_end >= 0 and not _PUNCTUATION_RE.search(self.text, label.end(), line_end):
            end = line_end  # a headline: "Putin: Ties are deep"
        return Passage(label.end(), end, "quote", speaker.name, speaker.group)

    def _turn_at(self, start: int) -> Passage | None:
        """The turn ``start`` lies in: the last label in the :data:`_TURN_REACH`
        characters before it, read there only (no work far from a hit)."""
        lo = max(0, start - _TURN_REACH - _LABEL_LENGTH)
        if ":" not in self.text[lo:start]:
            return None
        last = None
        for last in _LABEL_RE.finditer(self.text, lo, start):  # noqa: B007 - the last one
            pass
        if last is None:
            return None
        turn = self._turn(last, len(self.text))
        return turn if turn is not None and turn.end > start else None

    def _sourced(self, p: Passage) -> Passage:
        """A quote without speaker after rules 5 and 6, from its first (else last)
        sentence: a headline's source tag makes a scare quote in it the source's
        ``quote`` unless the source is a media outlet; a source the sentence names
        (:mod:`analysis.voice.sources`) makes the quote its ``quote``."""
        if not self.use_sources or p.speaker:
            return p
        for k in dict.fromkeys((self._sentence_at(p.start), self._sentence_at(p.end - 1))):
            if k is None:
                continue
            tag, source = self._source_of(k)
            if tag is not None:
                if tag[1] != "other":  # "… ‘unprecedented’ – Putin", "Lavrov: “We …”"
                    return Passage(p.start, p.end, "quote", *tag)
                return p
            if source is not None and source.quotes:
                return Passage(p.start, p.end, "quote", source.speaker, source.group)
            claim = self._claim_of(k)
            if claim is not None and p.start >= self.spans[k][0] + claim.verb_end:
                return Passage(p.start, p.end, "quote", claim.speaker, claim.group)
        if p.voice == "quote" and not is_heading(self.text, p.start, p.end) and (
                found := self._paragraph_speaker(p.start) or self._introduced_after(p.end)):
            return Passage(p.start, p.end, "quote", *found)
        return p

    def _introduced_after(self, qe: int) -> tuple[str, str] | None:
        """The speaker of a long quote that ends its paragraph, when the next paragraph
        opens by introducing a person with a description (*“…”* then *Nataliya
        Butyrska, Associated Senior Fellow at the New Europe Center, analyzes …*)."""
        line_end = self.text.find("\n", qe)
        if line_end < 0 or self.text[qe:line_end].strip():
            return None
        m = _INTRODUCED_RE.match(self.text, line_end)
        if m is None or self._speakers.resolve(m["name"]) is not None:
            return None
        group = described_group(m["name"], m.group(), self._speakers)
        return (m["name"], group) if group else None

    def _paragraph_speaker(self, qs: int) -> tuple[str, str] | None:
        """The speaker of a long quote that opens its paragraph after a paragraph whose
        last sentence attributes speech (news style: *The Russian president said that
        …* and then a paragraph of his words in quotation marks): that attribution's."""
        k = self._sentence_at(qs)
        line_start = self.text.rfind("\n", 0, qs) + 1
        if k is None or k == 0 or self.text[line_start:qs].strip() or \
                self.spans[k - 1][1] > line_start:
            return None
        s, e = self.spans[k - 1]
        atts = [a for a in self._attributions.within(s, e) if a.role != "viewing"]
        atts = [a for a in atts if not relays(self._masked, a)] or atts
        if atts:
            return atts[-1].speaker.name, atts[-1].speaker.group
        tag, source = self._source_of(k - 1)
        if tag is None and source is not None and source.reporting and source.quotes:
            return source.speaker, source.group
        return None

    def _source_pieces(self, k: int) -> list[Passage]:
        """Rules 5 and 6 in sentence ``k``: a headline's source tag makes it reported;
        a source with a reporting verb makes the words after the verb (all the
        sentence when the attribution ends it) reported, as rule 4 would: not when
        the attribution follows a closing quote, nor when a framing verb (*described
        … as*) frames a quote; less any rule-4 passage."""
        if k not in self._pieces:
            s, e = self.spans[k]
            tag, source = self._source_of(k)
            if tag is not None:
                region = Passage(s, e, "reported", *tag)
            else:
                region = None
                while source is not None:
                    if source.reporting and self._reports(k, source):
                        begin = s if source.final else s + source.verb_end
                        region = Passage(begin, self._scope_end(k, source), "reported",
                                         source.speaker, source.group)
                        break
                    source = self._later_source(k, source)
            pieces = [] if region is None else subtract(region, self._named_in(k))
            if tag is None and (claim := self._claim_of(k)) is not None and claim.reporting:
                # "Macron’s remarks that …": the content, less what others report
                content = Passage(s + claim.verb_end, e, "reported", claim.speaker, claim.group)
                pieces = sorted(pieces + subtract(content, sorted(pieces + self._named_in(k))))
            self._pieces[k] = pieces
        return self._pieces[k]

    def _final_attribution(self, k: int) -> Passage | None:
        """Sentence ``k`` reported whole by a source outside the speakers file whose
        attribution ends it (*Moscow sees its reliance on China as crucial, a person
        close to the Kremlin said.*): a speech verb inside is nested in it, as rule 4
        nests one in a listed speaker's final attribution. ``None`` when the clause is
        no such attribution, or ends a quote (*“…,” the person said.*)."""
        if k not in self._finals:
            self._finals[k] = None
            s, e = self.spans[k]
            m = _FINAL_CLAUSE_RE.search(self._masked[s:e].rstrip(" .!?\n"))
            if m is not None and not self._masked[s : s + m.start()].rstrip().endswith(
                    tuple(CLOSERS)):
                clause = m["clause"]
                found = _finder(self._speakers).find(
                    clause, self.text[max(0, s + m.start() - 1500) : s + m.start()])
                if found is not None and found.reporting and clause[: found.verb_start].strip() \
                        and _ends_clause(clause, found) and not _RELAY_RE.search(clause):
                    self._finals[k] = Passage(s, e, "reported", found.speaker, found.group)
        return self._finals[k]

    def _scope_end(self, k: int, source: Source) -> int:
        """Where the speech of ``source`` in sentence ``k`` ends: the sentence's end, or,
        for a device that names nobody (*X were seen growing closer, but there has been
        a roadblock …*), a later contrasting clause."""
        s, e = self.spans[k]
        if source.speaker != "unnamed" or source.quotes:
            return e
        m = _CONTRAST_RE.search(self._masked, s + source.verb_end, e)
        return m.start() if m else e

    def _later_source(self, k: int, source: Source) -> Source | None:
        """The source of a later clause of sentence ``k``, after a conjunction, when
        ``source`` reports nothing there (*Russian officials praise these developments as
        a “pivot”, but skeptics argue that …*): read from the conjunction on."""
        s, e = self.spans[k]
        m = _LATER_CLAUSE_RE.search(self._masked, s + source.verb_end, e)
        if m is None:
            return None
        found = _finder(self._speakers).find(self._masked[m.end() : e],
                                             self.text[max(0, m.end() - 1500) : m.end()])
        if found is None or found.final:
            return None  # (a final attribution there is the whole sentence's, read already)
        shift = m.end() - s
        return found._replace(verb_start=found.verb_start + shift,
                              verb_end=found.verb_end + shift)

    def _claim_of(self, k: int) -> Source | None:
        """The speech a noun reports in sentence ``k`` (:meth:`SourceFinder.claim`)."""
        if k not in self._claims:
            s, e = self.spans[k]
            lower = self._attributions.lower
            self._claims[k] = _finder(self._speakers).claim(
                self._masked[s:e], self.text, s, lower[s:e] if lower is not None else None)
        return self._claims[k]

    def _reports(self, k: int, source: Source) -> bool:
        """Whether ``source`` of sentence ``k`` makes reported speech (see
        :meth:`_source_pieces`)."""
        s, e = self.spans[k]
        before = self._masked[s : s + source.verb_start].rstrip(" ,")
        if source.final and before and before[-1] in CLOSERS:
            return False  # '“…,” stated Cooley.': the quote is all he said
        if not source.final and not _WORD_RE.search(self._masked, s + source.verb_end, e):
            return False  # '“…,” Xi said.': nothing after the verb
        if not source.final and _NEXT_CLAUSE_RE.match(self._masked, s + source.verb_end):
            return False  # "Russia asks, and China decides": a new clause, nothing said
        verb = " ".join(self._masked[s + source.verb_start : s + source.verb_end].lower().split())
        role = _VERBS.role(verb) or "reporting"
        return makes_reported_speech(role, self._masked, s + source.verb_start,
                                     s + source.verb_end, e)

    def _source_of(self, k: int) -> tuple:
        if k not in self._sources:
            s, e = self.spans[k]
            finder = _finder(self._speakers)
            sentence = self._masked[s:e]
            if "\n" in self.text[e : e + 2] or e == len(self.text) or k == 0:
                tag = finder.headline_tag(sentence)
            else:
                tag = None
            if tag is None and (s == 0 or "\n" in self.text[max(0, s - 2) : s]):
                tag = finder.leading_tag(sentence) or finder.person_tag(sentence, self._masked)
            source = finder.find(sentence, self.text[max(0, s - 1500) : s],
                                 self._masked[e : e + 3000])
            if tag is None and source is None:
                source = finder.faceless(sentence)  # "It is often said that …"
            self._sources[k] = (tag, source)
        return self._sources[k]
