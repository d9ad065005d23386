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
Rules 5-7 are the second pass (:class:`analysis.voice.second_pass.SecondPass`, a mixin of
:class:`VoiceMap`; the sources it reads come from :mod:`analysis.voice.sources`).

5. **Headline source tags** (second pass, :mod:`analysis.voice.sources`): *CGTN: …*,
   *… (Global Times)* make a headline reported speech of that source; a scare quote in
   it becomes the source's quote unless the source is a media outlet.
6. **Sources beyond the speakers file** (second pass): where rules 1-4 leave a quote
   without speaker, the source its sentence names (reporting verb + subject, *according
   to*, unnamed sources and the named ones descriptions stand for, joint speakers,
   pronouns, names described in the text, speech nouns: *Macron's remarks that*)
   speaks it; a sentence's words after such a reporting verb are reported speech, less
   any passage of rule 4 — but such a source's attribution that ends the sentence
   (*Moscow sees its reliance as crucial, a person close to the Kremlin said.*) reports
   all of it, a listed speaker's verb inside nested in it as in rule 4 (not a relay:
   *…, Lavrov said, Index reports.* stays Lavrov's).
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
from analysis.voice.passages import (
    NARRATOR,
    Passage,
    Voice,
    attribute_quotes,
    continues,
    quote_sentences,
    quote_voice,
    reported_passages,
    sentence_bounds,
)
from analysis.voice.quotes import find_quotes, mask_quotes
from analysis.voice.second_pass import SecondPass
from analysis.voice.sources import Source
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


_NONSPACE_RE = re.compile(r"\S")
_NEAR = 400  # sentences needed this close together are read in one go
_VERBS = bundled_reporting_verbs()
class VoiceMap(SecondPass):
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
        self._finals: dict[int, Passage | None] = {}

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
        # verbs nested in a final attribution of a source not listed: that source's
        outer = {k: f for k in dict.fromkeys(self._sentence_at(p.start) for p in named)
                 if k is not None and (f := self._final_attribution(k)) is not None}
        named = [p for p in named if self._sentence_at(p.start) not in outer]
        return sorted(named + list(outer.values()) + [
            p for k in range(len(self.spans)) if k not in outer for p in self._source_pieces(k)])

    @cached_property
    def _named_reported(self) -> list[Passage]:
        """The reported passages of rule 4 (speakers-file speakers) in the whole text."""
        return reported_passages(self._attributions.all, self._masked, self.spans)

    @property
    def passages(self) -> list[Passage]:
        """Quotes, reported passages and transcript turns together, in text order."""
        return sorted(self.quotes + self.reported + self.turns)

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
        if self.use_sources and (outer := self._outer_of(k, start, end)) is not None:
            return _voice(outer)  # a verb nested in a final attribution of a source not listed
        if self.use_sources and (hit is None or hit.end < end):
            # a second-pass piece may start later in the span (pieces avoid rule-4 passages)
            pieces = [p for k in self._sentences_overlapping(start, end)
                      for p in self._source_pieces(k) if p.start < end and p.end > start]
            hit = max([*pieces, *([hit] if hit else [])], default=None)
        if hit is None and self.use_sources:
            hit = self._turn_at(start)
        return _voice(hit) if hit else NARRATOR

    def _outer_of(self, k: int, start: int, end: int) -> Passage | None:
        """The final attribution of sentence ``k`` that the span ``start:end`` lies in,
        when a rule-4 passage lies in the sentence too (it is nested in it)."""
        if k < 0 or not self.spans[k][0] <= start < end <= self.spans[k][1]:
            return None
        named = self._named_in(k)
        if not any(self._sentence_at(p.start) == k for p in named):
            return None
        return self._final_attribution(k)

    def _sentences_overlapping(self, start: int, end: int) -> range:
        lo = max(bisect_right(self._sentence_starts, start) - 1, 0)
        hi = bisect_left(self._sentence_starts, end)
        return range(lo, hi)

    def _sentence_at(self, pos: int) -> int | None:
        k = bisect_right(self._sentence_starts, pos) - 1
        return k if k >= 0 and pos < self.spans[k][1] else None

    def _named_in(self, k: int) -> list[Passage]:
        """The rule-4 passages that overlap sentence ``k``."""
        if not self._whole_text_only and "_named_reported" not in self.__dict__:
            return self._regions_of_sentence(k)
        s, e = self.spans[k]
        return [p for p in self._named_reported if p.start < e and p.end > s]

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
                self._attributions.within(s, e), self._masked, self.spans, self._sentence_starts
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
