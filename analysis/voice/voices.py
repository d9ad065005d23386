"""Whose words a lexicon hit is: the outlet's, a quoted speaker's, or reported speech.

Every hit gets one of four voices:

- ``narrator`` — the outlet's own sentence;
- ``quote`` — inside quotation marks, with the speaker when one is attributed;
- ``scare_quote`` — a short quoted phrase (at most ``max_scare_words`` words) that
  nobody is said to have said, as in *a “no-limits” relationship*;
- ``reported`` — indirect speech attributed to a speaker without quotation marks
  (*Beijing … is exploiting Russia's vulnerability, Gabuev added*).

Speakers, their name variants and groups come from ``data/lexicons/speakers.yaml``.

Rules, in the order they are applied:

1. **Quotation marks** pair up into quotes (:mod:`analysis.voice.quotes`): “…”, "…" and
   «…»; a quote ends at its paragraph's end unless the next paragraph opens with a
   quote mark; ‘…’ counts only outside double quotes; so do quotes written as HTML
   entities. Paragraph markup left in scraped text (*</p>.<p>*) ends a sentence.
2. **Attributions** are found in the text outside quotes (:mod:`analysis.voice.attribution`,
   one pattern table, :data:`ATTRIBUTION_PATTERNS`, verbs from
   ``data/lexicons/reporting_verbs.yaml``): speaker + speech verb (*Putin said*), verb +
   speaker after a closing quote or a comma (*…, said Xi*), *according to X*, *quoted X
   as*, *described by X*, and participles (*, adding that*); *he*/*she*/*they* resolve
   to a speaker named before (:mod:`analysis.voice.resolution`).
3. **Quotes** take the speaker of the nearest attribution in the sentences they lie
   in (one before the quote rather than one after that relays it: *according to a
   readout*, *Xinhua reported*), else of the source their sentence names (rule 6). A
   quote that opens its sentence and has neither takes the speaker of the previous
   quote in the paragraph (“…,” he said. “Next sentence.”), or in the paragraph before
   when it opens its own (news style: a quote paragraph after an attributed one); a
   long one opening its paragraph, the speaker of the paragraph before's last
   attribution, or of the person the next paragraph opens by introducing. A quote with
   a speaker is a ``quote`` however short; without one it is a ``scare_quote`` when
   short, else an unattributed ``quote``.
4. **Reported speech** runs from a reporting verb (*said*, *added*, *stated*,
   *assured* …) to the end of its sentence, or, for a sentence-final attribution
   (*…, Gabuev added.*, *…, Putin said during a meeting with …*), over the clause
   before it. Declaring and describing verbs (*declared*, *described … as*) make
   reported speech only when no quote follows them (the quote is all that was said).
   *Agreed to* (*agreed Wednesday to lift ties*) and *called a meeting* are acts, not
   speech; a final attribution reports its whole clause, so a speech verb inside it is
   nested in the outer one (*Moscow refuted …, stating …, Peskov said* is Peskov's).
5. **Headline source tags** (second pass, :mod:`analysis.voice.sources`): *CGTN: …*,
   *… (Global Times)* make a headline reported speech of that source; a scare quote in
   it becomes the source's quote unless the source is a media outlet.
6. **Sources beyond the speakers file** (second pass): where rules 1-4 leave a quote
   without speaker, the source its sentence names (reporting verb + subject, *according
   to*, unnamed sources and the named ones descriptions stand for, joint speakers,
   pronouns, names described in the text, speech nouns: *Macron's remarks that*)
   speaks it; a sentence's words after such a reporting verb are reported speech, less
   any passage of rule 4.
7. **Transcript turns** (second pass): a line that opens with a listed person's speaker
   label (*PRESIDENT VLADIMIR PUTIN:*, *… Xi Jinping (retranslated):*; only names,
   titles and *of*/*the*/*and* in the label) makes the text up to the next label that
   person's quote where no other rule gives a voice; a label line without punctuation is a
   headline (*Putin: Ties are deep*), that line only. ``sources=False`` turns rules 5-7 off.

:meth:`VoiceMap.lookup` works out only the quote or the sentence a span lies in,
and the attributions those need (:meth:`analysis.voice.attribution.Attributions.within`);
:attr:`VoiceMap.quotes` and :attr:`VoiceMap.reported` work out the whole text. Both
give the same voices.

Known limits (what it gets wrong; measured on the bundled and development corpora):

- A source outside speakers.yaml is found by its shape only (a capitalised name, an
  unnamed noun, a country, a role noun next to a speech verb): *Ukraine's air force
  said* stays narrator. Its group comes from how the text describes it; a name with
  no description is ``unknown`` (*writes Albrecht Rothacher*), and a description
  needs a nation for an office (*Defense Ministry spokesman X* is ``unknown``).
- Pronouns are a heuristic: *Xi told Putin … he said* is Xi even if "he" is Putin; a
  role noun nobody named holds (*the minister said*, no minister named) is nobody;
  *he said* before the text names the speaker (*… he said. The diplomat praised …*)
  is nobody.
- Attribution is per sentence: an outlet's scare quote in a sentence that also
  reports someone takes that speaker — 002's *Xi told Putin that … a comment that
  … can be interpreted as ‘no change’* gives ‘no change’ to Xi; a narrator clause
  after a reporting verb (*…, which would lock in discounted gas*) counts as
  reported; nested reports give the inner speaker unless the outer attribution ends
  the sentence (*China said … both sides agreed that …* is both sides'; *According to
  the Times, Bobo Lo is claiming …* is Lo's, as coders code a relay, but *X said that …
  the two countries had self-defined as “…”* would be the countries', which is why
  *self-defined* is not listed as a speech verb).
- A role noun is the holder named last (*the diplomat*, after *Wang Yi met his
  counterpart Sergei Lavrov*, is Lavrov, so *diplomat* is no role of either); *the
  article*, *the video* stand for nobody; a former official is ``other`` even when the
  text goes on to treat them as an author (*a former ambassador … in his new book*).
- Transcript labels and person tags before a colon are listed persons, or a surname whose
  full name the text gives; *Former Foreign Minister Explains Why …* names nobody.
- A phrase that holds a short quote is that quote's (*Beneath Russia and China’s “no
  limits” partnership, there lurks …* is a scare quote); verbs of thought other than
  the viewing ones (*see*, *believe*, *worry*) are not speech (*hopes*); quotes with
  mismatched marks (*“…“*) run on; nested quotes belong to the outer one; a lone
  straight " used for inches opens a quote that runs to its paragraph end.

>>> speakers = parse_speakers({"version": 1, "groups": {"analyst": "analysts"},
...     "speakers": [{"name": "Alexander Gabuev", "group": "analyst", "aliases": ["Gabuev"]}]})
>>> text = 'Ties are “no-limits” now. “Russia is needier,” Gabuev said.'
>>> vm = attribute_voices(text, [(0, 25), (26, 59)], speakers)
>>> vm.lookup(9, 20)
Voice(voice='scare_quote', speaker='', speaker_group='')
>>> vm.lookup(27, 33)
Voice(voice='quote', speaker='Alexander Gabuev', speaker_group='analyst')
>>> vm.lookup(0, 4)
Voice(voice='narrator', speaker='', speaker_group='')
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

import pandas as pd

from analysis.schema import VOICES, conform
from analysis.voice.attribution import ATTRIBUTION_PATTERNS, SPEECH_VERBS, Attribution, Attributions
from analysis.voice.descriptions import described_group
from analysis.voice.passages import (
    NARRATOR,
    Passage,
    Voice,
    attribute_quotes,
    continues,
    is_heading,
    makes_reported_speech,
    quote_sentences,
    quote_voice,
    relays,
    reported_passages,
    sentence_bounds,
    subtract,
)
from analysis.voice.quotes import CLOSERS, find_quotes, mask_quotes
from analysis.voice.sources import Source, SourceFinder
from analysis.voice.speakers import Speakers, bundled_speakers, load_speakers, parse_speakers
from analysis.voice.verbs import bundled_reporting_verbs

__all__ = [
    "VOICES",
    "SPEECH_VERBS",
    "ATTRIBUTION_PATTERNS",
    "Speakers",
    "Voice",
    "Passage",
    "VoiceMap",
    "load_speakers",
    "attribute_voices",
    "quotes_table",
    "split_at_markup",
]


_WORD_RE = re.compile(r"[\w’'-]+")
_NONSPACE_RE = re.compile(r"\S")
_VERBS = bundled_reporting_verbs()
# a speaker label opening a line: "PRESIDENT VLADIMIR PUTIN: ", "… Xi Jinping (retranslated): "
_LABEL_RE = re.compile(r"^(?P<label>[A-Z][^\n:.?!“”\"]{1,90}?)(?:[^\S\n]*\([^()\n]{1,40}\))?:"
                       r"[^\S\n]", re.M)
_PUNCTUATION_RE = re.compile(r"[.,;!?]")
# a verb that a new clause follows reports nothing: "Now Russia asks, and China decides"
_NEXT_CLAUSE_RE = re.compile(r"\s*(?:,\s*(?:and|but|or|while|whereas)\b|;)")
_TURN_REACH = 4000  # a transcript turn runs at most this many characters past its label
_LABEL_LENGTH = 140  # a speaker label's own length, at most
_NEAR = 400  # sentences needed this close together are read in one go
# a paragraph that opens by introducing a person: "Ivan Petrov, a fellow at …, "
_INTRODUCED_RE = re.compile(r"\s*(?P<name>[A-Z][\w’'-]+(?:[^\S\n]+[A-Z][\w’'-]+){1,2}),[^\S\n]+"
                            r"[^,\n“”\"«»]{1,120},")


class VoiceMap:
    """Quotes and reported-speech passages of one text, for looking up hits.

    ``quotes`` holds every quotation (voice ``quote`` or ``scare_quote``), ``reported``
    every reported-speech passage, each sorted by ``start`` and non-overlapping; both
    are worked out on first use. :meth:`lookup` works out only what a span needs.
    """

    def __init__(
        self,
        text: str,
        spans: list[tuple[int, int]],
        speakers: Speakers,
        *,
        max_scare_words: int = 4,
        sources: bool = True,
    ) -> None:
        self.text, self.spans, self.max_scare_words = text, spans, max_scare_words
        self.use_sources = sources
        self._sentence_starts = [s for s, _ in spans]
        self._quotes = find_quotes(text, [e for _, e in spans])
        self._quote_starts = [s for s, _ in self._quotes]
        self._masked = mask_quotes(text, self._quotes)
        self._attributions = Attributions(
            self._masked, speakers, spans, [e for _, e in self._quotes]
        )
        self._quote_passages: dict[int, Passage] = {}
        self._near_cache: dict[int, list[Attribution]] = {}
        self._sentence_regions: dict[int, list[Passage]] = {}
        self._speakers = speakers
        self._sources: dict[int, tuple] = {}
        self._pieces: dict[int, list[Passage]] = {}
        self._claims: dict[int, Source | None] = {}

    @cached_property
    def quotes(self) -> list[Passage]:
        """Every quotation, with its voice and speaker."""
        return attribute_quotes(
            self._quotes, self._attributions.all, self.spans, self.text, self.max_scare_words,
            self._sourced,
        )

    @cached_property
    def reported(self) -> list[Passage]:
        """Every reported-speech passage (rule 4, then rules 5 and 6 where it leaves none)."""
        named = self._named_reported
        if not self.use_sources:
            return named
        return sorted(named + [p for k in range(len(self.spans)) for p in self._source_pieces(k)])

    @cached_property
    def _named_reported(self) -> list[Passage]:
        """The reported passages of rule 4 (speakers-file speakers) in the whole text."""
        return reported_passages(self._attributions.all, self._masked, self.spans)

    @property
    def passages(self) -> list[Passage]:
        """Quotes, reported passages and transcript turns together, in text order."""
        return sorted(self.quotes + self.reported + self.turns)

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

    def lookup(self, start: int, end: int) -> Voice:
        """The voice of the span ``start:end``: the quote it overlaps, else the last
        reported passage it overlaps (:attr:`reported`), else the narrator."""
        end = max(end, start + 1)
        i = bisect_left(self._quote_starts, end) - 1
        if i >= 0 and self._quotes[i][1] > start:
            return _voice(self._quote_passage(i))
        k = bisect_right(self._sentence_starts, start) - 1
        if self._whole_text_only or k < 0 or end > self.spans[k][1]:
            regions = self._named_reported  # a span outside, or across, sentences
        else:
            regions = self._regions_of_sentence(k)
        j = bisect_left([p.start for p in regions], end) - 1
        hit = regions[j] if j >= 0 and regions[j].end > start else None
        if self.use_sources and (hit is None or hit.end < end):
            # a second-pass piece may start later in the span (pieces avoid rule-4 passages)
            pieces = [p for k in self._sentences_overlapping(start, end)
                      for p in self._source_pieces(k) if p.start < end and p.end > start]
            hit = max([*pieces, *([hit] if hit else [])], default=None)
        if hit is None and self.use_sources:
            hit = self._turn_at(start)
        return _voice(hit) if hit else NARRATOR

    def _sentences_overlapping(self, start: int, end: int) -> range:
        lo = max(bisect_right(self._sentence_starts, start) - 1, 0)
        hi = bisect_left(self._sentence_starts, end)
        return range(lo, hi)

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

    def _sentence_at(self, pos: int) -> int | None:
        k = bisect_right(self._sentence_starts, pos) - 1
        return k if k >= 0 and pos < self.spans[k][1] else None

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
            elif source is not None and source.reporting and self._reports(k, source):
                begin = s if source.final else s + source.verb_end
                region = Passage(begin, e, "reported", source.speaker, source.group)
            else:
                region = None
            pieces = [] if region is None else subtract(region, self._named_in(k))
            if tag is None and (claim := self._claim_of(k)) is not None and claim.reporting:
                # "Macron’s remarks that …": the content, less what others report
                content = Passage(s + claim.verb_end, e, "reported", claim.speaker, claim.group)
                pieces = sorted(pieces + subtract(content, sorted(pieces + self._named_in(k))))
            self._pieces[k] = pieces
        return self._pieces[k]

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

    def _named_in(self, k: int) -> list[Passage]:
        """The rule-4 passages that overlap sentence ``k``."""
        if not self._whole_text_only and "_named_reported" not in self.__dict__:
            return self._regions_of_sentence(k)
        s, e = self.spans[k]
        return [p for p in self._named_reported if p.start < e and p.end > s]

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
            self._sources[k] = (tag, finder.find(sentence, self.text[max(0, s - 1500) : s],
                                                 self._masked[e : e + 3000]))
        return self._sources[k]

    def lookup_all(self, spans: list[tuple[int, int]]) -> list[Voice]:
        """:meth:`lookup` of each span, reading the sentences they need together: the
        attributions of neighbouring sentences are found in one reading."""
        needed = sorted(filter(None, (self._sentences_of(s, e) for s, e in spans)))
        merged: list[list[int]] = []
        for lo, hi in needed:
            if merged and lo - merged[-1][1] <= _NEAR:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            self._attributions.read(lo, hi)
        return [self.lookup(s, e) for s, e in spans]

    def _sentences_of(self, start: int, end: int) -> tuple[int, int] | None:
        """The sentences whose attributions the voice of ``start:end`` depends on."""
        end = max(end, start + 1)
        i = bisect_left(self._quote_starts, end) - 1
        if i >= 0 and self._quotes[i][1] > start:
            return quote_sentences(self.spans, self._sentence_starts, *self._quotes[i])
        k = bisect_right(self._sentence_starts, start) - 1
        return self.spans[k] if k >= 0 and end <= self.spans[k][1] else None

    def _quote_passage(self, i: int) -> Passage:
        """The voice of quote ``i`` (and of the quotes before it that it follows)."""
        if self._whole_text_only:
            return self.quotes[i]
        chain = [i]  # quotes whose voice may be the previous quote's (rule 3)
        while (
            (j := chain[-1]) > 0
            and j not in self._quote_passages
            and not self._near(j)
            and self._may_follow(j)
        ):
            chain.append(j - 1)
        for j in reversed(chain):
            if j not in self._quote_passages:
                lo = quote_sentences(self.spans, self._sentence_starts, *self._quotes[j])[0]
                self._quote_passages[j] = quote_voice(
                    self._quotes[j],
                    lo,
                    self._near(j),
                    self._quote_passages.get(j - 1),
                    self.text,
                    self.max_scare_words,
                    self._sourced,
                )
        return self._quote_passages[i]

    def _near(self, i: int) -> list[Attribution]:
        """Attributions in the sentences of quote ``i``, outside it."""
        if i not in self._near_cache:
            qs, qe = self._quotes[i]
            lo, hi = quote_sentences(self.spans, self._sentence_starts, qs, qe)
            self._near_cache[i] = [
                a for a in self._attributions.within(lo, hi) if a.end <= qs or a.start >= qe
            ]
        return self._near_cache[i]

    def _may_follow(self, i: int) -> bool:
        """Whether quote ``i`` opens its sentence in the paragraph of quote ``i - 1``."""
        qs, qe = self._quotes[i]
        lo = quote_sentences(self.spans, self._sentence_starts, qs, qe)[0]
        return continues(self.text, self._quotes[i - 1][1], qs, lo)

    def _regions_of_sentence(self, k: int) -> list[Passage]:
        if k not in self._sentence_regions:
            s, e = self.spans[k]
            self._sentence_regions[k] = reported_passages(
                self._attributions.within(s, e), self._masked, self.spans
            )
        return self._sentence_regions[k]

    @cached_property
    def _whole_text_only(self) -> bool:
        """Whether voices may depend on text between sentences: text that is not
        whitespace, or a verb and speaker after a quote that ends a sentence."""
        ends = [e for _, e in self.spans]
        gaps = zip([0, *ends], [*self._sentence_starts, len(self.text)], strict=True)
        return any(_NONSPACE_RE.search(self._masked, a, b) for a, b in gaps) or any(
            sentence_bounds(self.spans, self._sentence_starts, start, (-1, -1))[0] < 0
            for start in self._attributions.anchored_starts
        )


_FINDERS: dict[int, tuple[Speakers, SourceFinder]] = {}


def _finder(speakers: Speakers) -> SourceFinder:
    """The source finder of a speaker list, built once per list."""
    key = id(speakers)
    if key not in _FINDERS or _FINDERS[key][0] is not speakers:
        _FINDERS[key] = (speakers, SourceFinder(speakers, bundled_reporting_verbs()))
    return _FINDERS[key][1]


def _voice(p: Passage) -> Voice:
    return Voice(p.voice, p.speaker, p.speaker_group)


def attribute_voices(
    text: str,
    sentence_spans: list[tuple[int, int]],
    speakers: Speakers | None = None,
    *,
    max_scare_words: int = 4,
    sources: bool = True,
) -> VoiceMap:
    """Find the quotes and reported speech of ``text`` and who speaks in them.

    Args:
        text: cleaned article text.
        sentence_spans: its sentences as from :func:`analysis.text.tokens.split_sentences`
            (computed when empty).
        speakers: speaker list; the bundled one when ``None``.
        max_scare_words: an unattributed quote of at most this many words is a
            scare quote; a longer one is an unattributed ``quote``.
        sources: also apply the second pass (:mod:`analysis.voice.sources`): sources
            beyond the speakers file, headline tags (rules 5 and 6); ``False`` applies
            the speakers-file rules alone. Lookups and passages apply the same rules.

    >>> text = 'Xi said ties have “resilience.” They are “boundless”.'
    >>> vm = attribute_voices(text, [(0, 31), (32, 53)], _tiny_speakers())
    >>> for p in vm.passages:
    ...     print(p.voice, p.speaker or "-", text[p.start : p.end].strip())
    reported Xi Jinping ties have “resilience.”
    quote Xi Jinping “resilience.”
    scare_quote - “boundless”
    """
    speakers = speakers if speakers is not None else bundled_speakers()
    spans = split_at_markup(text, sorted(sentence_spans) or _split(text))
    return VoiceMap(text, spans, speakers, max_scare_words=max_scare_words, sources=sources)


_MARKUP_RE = re.compile(r"\s*(?:</?(?:p|div|li|h\d)\b[^>]{0,200}>|<br\s*/?>)\s*", re.I)


def split_at_markup(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` split where paragraph markup left in scraped text separates sentences
    (*… to Russia.</p>.<p>The growing …*), so that a sentence's attribution does not
    reach into the next paragraph.

    >>> t = "The US warned China.</p>.<p>Dependence is bad news."
    >>> [t[s:e] for s, e in split_at_markup(t, [(0, len(t))])]
    ['The US warned China.', '.', 'Dependence is bad news.']
    """
    if "<" not in text:
        return spans
    out = []
    for s, e in spans:
        for m in _MARKUP_RE.finditer(text, s, e):
            if m.start() > s:
                out.append((s, m.start()))
            s = m.end()
        if e > s:
            out.append((s, e))
    return out


def _split(text: str) -> list[tuple[int, int]]:
    from analysis.text.sentences import split_sentences

    return split_sentences(text)


def _tiny_speakers() -> Speakers:
    """Two speakers for the examples in docstrings and tests."""
    return parse_speakers(
        {
            "version": 1,
            "groups": {"chinese_official": "", "analyst": ""},
            "speakers": [
                {"name": "Xi Jinping", "group": "chinese_official", "aliases": ["Xi"]},
                {"name": "Alexander Gabuev", "group": "analyst", "aliases": ["Gabuev"]},
            ],
        }
    )


def quotes_table(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    speakers: Speakers | None = None,
) -> pd.DataFrame:
    """Every quotation and reported passage of every article (the *quotes* table).

    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ['“Ties are good,” Xi said.']})
    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
    ...                       "end": [25]})
    >>> quotes_table(arts, sents, _tiny_speakers())[["voice", "speaker", "text"]].values.tolist()
    [['quote', 'Xi Jinping', '“Ties are good,”']]
    """
    speakers = speakers if speakers is not None else bundled_speakers()
    by_article = {aid: g.sort_values("start") for aid, g in sentences.groupby("article_id")}
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        g = by_article.get(aid)
        spans = [] if g is None else list(zip(g["start"], g["end"], strict=True))
        ids = [] if g is None else g["sentence_id"].tolist()
        starts = [s for s, _ in spans]
        for p in attribute_voices(text or "", spans, speakers).passages:
            k = bisect_right(starts, p.start) - 1
            rows.append((aid, ids[k] if k >= 0 else 0, *p, text[p.start : p.end]))
    columns = [
        "article_id",
        "sentence_id",
        "start",
        "end",
        "voice",
        "speaker",
        "speaker_group",
        "text",
    ]
    return conform(pd.DataFrame(rows, columns=columns), "quotes")
