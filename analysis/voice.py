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

1. **Quotation marks.** “…”, "…" and «…» pair up in text order; a curly opener may
   close with a straight mark. A quote is bounded at the end of its paragraph unless
   the next paragraph opens with a quote mark (the newspaper convention for quotes
   running over several paragraphs), so an unbalanced mark never swallows the rest
   of the article. A second opener before a closer ends the first quote with the
   sentence it opened in. ‘…’ counts as a quote only outside double quotes, and a
   ’ followed by a letter is an apostrophe.
2. **Attributions** are found in the text outside quotes (one pattern table,
   :data:`ATTRIBUTION_PATTERNS`): speaker + speech verb (*Putin said*, *Xi told
   Putin*, *Alexander Gabuev, a Carnegie expert, said*, *with Putin adding*); verb +
   speaker right after a closing quote (*…,” argued FP columnist Agathe Demarais*);
   *according to X*; *quoted X as*; and a participle or coordinated verb (*, adding
   that*, *and noted*) whose speaker is the previous attribution in the sentence,
   else the first speaker named in it. *he*/*she* resolve to the later of the last
   attributed person and the last person named first in a sentence (a subject);
   *they*/*them* to a joint speaker ("both leaders") named in the previous 600
   characters.
3. **Quotes** take the speaker of the nearest attribution in the sentences they lie
   in. A quote that opens its sentence and has none takes the speaker of the
   previous quote in the paragraph (“…,” he said. “Next sentence.”). A quote with a
   speaker is a ``quote`` however short; without one it is a ``scare_quote`` when
   short, else an unattributed ``quote``.
4. **Reported speech** runs from a reporting verb (*said*, *added*, *stated*,
   *assured* …) to the end of its sentence, or, for a sentence-final attribution
   (*…, Gabuev added.*), over the sentence before it. Verbs that only frame a quote
   (*described*, *called*) attribute quotes but make no reported speech.

Known limits (what it gets wrong; measured on the bundled corpus):

- Only speakers in speakers.yaml are recognised: *Ukraine's air force said* stays
  narrator, and *The document … pledging to “counter Washington…”* (004) is an
  unattributed quote, its “strategic security balance” a scare quote.
- Attribution is per sentence: an outlet's scare quote in a sentence that also
  reports someone takes that speaker — 002's *Xi told Putin that … a comment that
  … can be interpreted as ‘no change’* gives ‘no change’ to Xi; and a narrator
  clause after a reporting verb (*…, a comment that has politicians … tied up in
  knots*) counts as reported.
- Pronouns are a heuristic: *Xi told Putin … he said* is Xi even if "he" is Putin.
- Verbs of thought (*hopes*, *sees*) are not speech; single straight quotes ('…')
  are ignored (they are too often apostrophes); nested quotes belong to the outer one;
  a lone straight " used for inches opens a quote that runs to its paragraph end.

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
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple
from weakref import WeakKeyDictionary

import pandas as pd

from analysis.schema import conform
from analysis.speakers import (
    Speaker,
    Speakers,
    alternation,
    bundled_speakers,
    load_speakers,
    parse_speakers,
)

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
]

#: The voices, in the order tables and charts show them.
VOICES: tuple[str, ...] = ("narrator", "quote", "scare_quote", "reported")

#: Speech verbs by role: ``reporting`` verbs attribute quotes and introduce reported
#: speech; ``framing`` verbs (*described … as “…”*) only attribute quotes.
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "reporting": tuple(
        """say says said saying add adds added adding tell tells told telling state states
        stated stating note notes noted noting stress stresses stressed stressing emphasize
        emphasizes emphasized emphasizing emphasise emphasised argue argues argued arguing
        warn warns warned warning claim claims claimed claiming assert asserts asserted
        explain explains explained insist insists insisted remark remarked reiterate
        reiterated reiterating declare declares declared declaring assure assures assured
        assuring acknowledge acknowledged admit admitted announce announced write writes
        wrote suggest suggested express expressed
        expressing pledge pledged pledging agree agreed urge urged predict predicted
        believe believes believed confirm confirmed""".split()
    ),
    "framing": tuple(
        """describe describes described describing call calls called calling dub dubbed
        label labeled labelled term termed praise praised raise raised raising""".split()
    ),
}

_ADVERBS = (
    r"(?:(?:also|then|later|again|apparently|reportedly|has|have|had|once|\w+ly"
    r"|on\s+\w+day|last\s+\w+)\s+){{0,3}}"
)

#: Attribution patterns; ``{speaker}`` and ``{verb}`` are filled in per speaker list.
ATTRIBUTION_PATTERNS: dict[str, str] = {
    # matched right after each speaker mention, so the names are searched for once
    "subject_verb": r"(?:,[^,\n“”\"«»]{{1,120}},|,)?\s+" + _ADVERBS + r"(?P<verb>{verb})\b",
    "verb_subject": r"[,.;:]?\s*(?P<verb>{verb})\s+(?:[\w’'.-]+\s+){{0,5}}?(?P<speaker>{speaker})",
    "according_to": r"\b(?P<verb>(?i:according))\s+to\s+(?:[\w’'.-]+\s+){{0,4}}?"
    r"(?P<speaker>{speaker})",
    "quoted_as": r"\bquoted\s+(?P<speaker>{speaker})",
    # ", adding" or "and noted"; written to start with a character set, which re scans fast
    "participle": r"[,d](?:(?<=,)|(?<=\band))\s+(?P<verb>{verb})\b",
}

_THEY_REACH = 600
_OPENERS, _CLOSERS = '“"«', '”"»'
_DOUBLE_MARK_RE = re.compile(r"[“”\"«»]")
_SINGLE_QUOTE_RE = re.compile(r"‘(?=\S)(?:[^‘’“”\n]|’(?=\w))+’(?!\w)")
_NONSPACE_RE = re.compile(r"\S")
_WORD_RE = re.compile(r"[\w’'-]+")
_TRAILER_RE = re.compile(r"[^,;:“”\"«»]{0,40}")


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


class _Attribution(NamedTuple):
    start: int  # first character of the attribution (speaker or verb)
    end: int  # one past its last character
    speech_start: int  # where reported speech after it begins
    speaker: Speaker
    reporting: bool  # False for framing verbs (described, called) and "quoted X as"


class _Raw(NamedTuple):
    start: int
    end: int
    mention: str | None  # None: the speaker is the sentence's (participles)
    verb: str
    speech_start: int


@dataclass(frozen=True)
class VoiceMap:
    """Quotes and reported-speech passages of one text, for looking up hits.

    ``quotes`` holds every quotation (voice ``quote`` or ``scare_quote``), ``reported``
    every reported-speech passage, each sorted by ``start`` and non-overlapping.
    """

    quotes: list[Passage]
    reported: list[Passage]

    @cached_property
    def _starts(self) -> tuple[list[int], list[int]]:
        return [p.start for p in self.quotes], [p.start for p in self.reported]

    @property
    def passages(self) -> list[Passage]:
        """Quotes and reported passages together, in text order."""
        return sorted(self.quotes + self.reported)

    def lookup(self, start: int, end: int) -> Voice:
        """The voice of the span ``start:end``: a quote it overlaps, else a reported
        passage it overlaps, else the narrator."""
        end = max(end, start + 1)
        for passages, starts in zip((self.quotes, self.reported), self._starts, strict=True):
            i = bisect_left(starts, end) - 1
            if i >= 0 and passages[i].end > start:
                p = passages[i]
                return Voice(p.voice, p.speaker, p.speaker_group)
        return NARRATOR


def attribute_voices(
    text: str,
    sentence_spans: list[tuple[int, int]],
    speakers: Speakers | None = None,
    *,
    max_scare_words: int = 4,
) -> VoiceMap:
    """Find the quotes and reported speech of ``text`` and who speaks in them.

    Args:
        text: cleaned article text.
        sentence_spans: its sentences as from :func:`analysis.tokens.split_sentences`
            (computed when empty).
        speakers: speaker list; the bundled one when ``None``.
        max_scare_words: an unattributed quote of at most this many words is a
            scare quote; a longer one is an unattributed ``quote``.

    >>> text = 'Xi said ties have “resilience.” They are “boundless”.'
    >>> vm = attribute_voices(text, [(0, 31), (32, 53)], _tiny_speakers())
    >>> for p in vm.passages:
    ...     print(p.voice, p.speaker or "-", text[p.start : p.end].strip())
    reported Xi Jinping ties have “resilience.”
    quote Xi Jinping “resilience.”
    scare_quote - “boundless”
    """
    speakers = speakers if speakers is not None else bundled_speakers()
    spans = sorted(sentence_spans) or _split(text)
    quotes = _find_quotes(text, [e for _, e in spans])
    masked = _mask(text, quotes)
    mentions = _find_mentions(masked, speakers)
    raws = _raw_attributions(masked, speakers, [e for _, e in quotes], mentions)
    atts = _resolve(raws, mentions, speakers, spans)
    return VoiceMap(
        _attribute_quotes(quotes, atts, spans, text, max_scare_words),
        _reported(atts, masked, spans),
    )


def _find_mentions(masked: str, speakers: Speakers) -> list[re.Match[str]]:
    lower = masked.lower()
    if len(lower) == len(masked):  # lower() keeps offsets (it does but for rare letters)
        return list(_patterns(speakers)["mention"].finditer(lower))
    return list(_patterns(speakers)["mention_anycase"].finditer(masked))


def _split(text: str) -> list[tuple[int, int]]:
    from analysis.tokens import split_sentences

    return split_sentences(text)


_COMPILED: WeakKeyDictionary[Speakers, dict[str, re.Pattern[str]]] = WeakKeyDictionary()


def _patterns(speakers: Speakers) -> dict[str, re.Pattern[str]]:
    """:data:`ATTRIBUTION_PATTERNS` compiled with the speakers' names, once per list."""
    if speakers not in _COMPILED:
        names = speakers.names_pattern
        speaker = r"(?i:\b" + names + r"\b)"
        verbs = alternation(set(SPEECH_VERBS["reporting"] + SPEECH_VERBS["framing"]))
        participles = alternation({f for f in SPEECH_VERBS["reporting"] if f[-1] != "s"})
        compiled = {
            k: re.compile(p.format(speaker=speaker, verb=verbs))
            for k, p in ATTRIBUTION_PATTERNS.items()
        }
        compiled["participle"] = re.compile(
            ATTRIBUTION_PATTERNS["participle"].format(speaker="", verb=participles)
        )
        # names are found in lower-cased text: several times faster than (?i)
        compiled["mention"] = re.compile(r"(?<!\w)" + names + r"\b")
        compiled["mention_anycase"] = re.compile(speaker)
        _COMPILED[speakers] = compiled
    return _COMPILED[speakers]


_REPORTING = frozenset(SPEECH_VERBS["reporting"]) | {"according"}


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


# --- quotation marks ------------------------------------------------------------------


def _find_quotes(text: str, sentence_ends: list[int]) -> list[tuple[int, int]]:
    """Spans of the quotations of ``text``, opening mark to closing mark.

    >>> t = 'A "b" c “d e" f\\n“g h\\n“i j.” k “l'
    >>> [t[s:e] for s, e in _find_quotes(t, [])]
    ['"b"', '“d e"', '“g h\\n“i j.”', '“l']
    >>> t = 'It’s ‘no change’ and “x ‘y’ z”'
    >>> [t[s:e] for s, e in _find_quotes(t, [])]
    ['‘no change’', '“x ‘y’ z”']
    """
    spans: list[tuple[int, int]] = []
    marks = [(m.start(), m.group()) for m in _DOUBLE_MARK_RE.finditer(text)]
    open_at, para_end, i = -1, -1, 0
    while i < len(marks):
        pos, mark = marks[i]
        i += 1
        if open_at < 0:
            if mark in _OPENERS:
                open_at, para_end = pos, _paragraph_end(text, pos)
        elif pos > para_end:  # the quote reached its paragraph end unclosed
            if mark in _OPENERS and _next_paragraph_start(text, para_end) == pos:
                para_end = _paragraph_end(text, pos)  # it runs on into this paragraph
                continue
            spans.append((open_at, _trim_end(text, open_at, para_end)))
            open_at, i = -1, i - 1  # read this mark again, outside any quote
        elif mark in _CLOSERS:
            spans.append((open_at, pos + 1))
            open_at = -1
        else:  # a second opener: the first quote was never closed; end it with its sentence
            k = bisect_right(sentence_ends, open_at + 1)
            cut = sentence_ends[k] if k < len(sentence_ends) and sentence_ends[k] <= pos else pos
            spans.append((open_at, _trim_end(text, open_at, cut)))
            open_at, para_end = pos, _paragraph_end(text, pos)
    if open_at >= 0:
        spans.append((open_at, _trim_end(text, open_at, para_end)))
    return _add_single_quotes(text, spans)


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _next_paragraph_start(text: str, para_end: int) -> int:
    m = _NONSPACE_RE.search(text, para_end)
    return m.start() if m else -1


def _trim_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _add_single_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if "‘" not in text:
        return spans
    starts = [s for s, _ in spans]
    for m in _SINGLE_QUOTE_RE.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k < 0 or spans[k][1] <= m.start():  # not inside a double quote
            spans.append(m.span())
    return sorted(spans)


def _mask(text: str, quotes: list[tuple[int, int]]) -> str:
    """``text`` with the inside of every quote blanked, offsets unchanged."""
    parts, prev = [], 0
    for s, e in quotes:
        inner_start = max(prev, s + 1)
        parts += [text[prev:inner_start], " " * max(0, e - 1 - inner_start)]
        prev = max(inner_start, e - 1)
    parts.append(text[prev:])
    return "".join(parts)


# --- attributions ---------------------------------------------------------------------


def _raw_attributions(
    masked: str, speakers: Speakers, quote_ends: list[int], mentions: list[re.Match[str]]
) -> list[_Raw]:
    """Every attribution pattern's matches, one per verb position, in text order."""
    pats = _patterns(speakers)
    found: dict[int, _Raw] = {}
    for m in pats["participle"].finditer(masked):
        found[m.start("verb")] = _Raw(m.start("verb"), m.end(), None, m["verb"], m.end())
    for mention in mentions:  # speaker + verb: "Putin said", "Gabuev, an expert, said"
        m = pats["subject_verb"].match(masked, mention.end())
        if m and not (m["verb"].endswith("ing") and "," in masked[m.start() : m.start("verb")]):
            # ("Xi told Putin, adding" is a participle of Xi's, not Putin's words)
            found[m.start("verb")] = _Raw(
                mention.start(), m.end(), mention.group(), m["verb"], m.end()
            )
    matches = [
        m
        for kind, word in (("according_to", "ccording"), ("quoted_as", "quoted"))
        if word in masked
        for m in pats[kind].finditer(masked)
    ]
    matches += [m for m in (pats["verb_subject"].match(masked, e) for e in quote_ends) if m]
    for m in matches:
        verb = m.groupdict().get("verb") or ""
        found[m.start()] = _Raw(m.start(), m.end(), m["speaker"], verb, m.end())
    return sorted(found.values())


def _resolve(
    raws: list[_Raw],
    mentions: list[re.Match[str]],
    speakers: Speakers,
    spans: list[tuple[int, int]],
) -> list[_Attribution]:
    """Attach a speaker to each raw attribution (names, pronouns, participles)."""
    ctx = _Mentions.find(mentions, speakers, [s for s, _ in spans])
    out: list[_Attribution] = []
    last_person = (-1, None)  # position and speaker of the last attributed person
    for r in raws:
        if r.mention is None:
            speaker = ctx.participle_speaker(out, r.start)
        else:
            kind = speakers.pronoun_kind(r.mention)
            speaker = speakers.resolve(r.mention) or ctx.pronoun(kind, r.start, last_person)
        if speaker is None:
            continue
        if speaker.kind == "person":
            last_person = (r.start, speaker)
        reporting = r.verb.lower() in _REPORTING
        out.append(_Attribution(r.start, r.end, r.speech_start, speaker, reporting))
    return out


@dataclass(frozen=True)
class _Mentions:
    """Where speakers are named outside quotes, for pronouns and participles."""

    positions: list[int]
    speakers: list[Speaker]
    sentence_starts: list[int]
    subjects: list[tuple[int, Speaker]]  # first person named in each sentence

    @classmethod
    def find(
        cls, mentions: list[re.Match[str]], speakers: Speakers, sentence_starts: list[int]
    ) -> _Mentions:
        found = [(m.start(), s) for m in mentions if (s := speakers.resolve(m.group()))]
        subjects: dict[int, tuple[int, Speaker]] = {}
        for pos, s in found:
            if s.kind == "person":
                subjects.setdefault(bisect_right(sentence_starts, pos), (pos, s))
        return cls(
            [p for p, _ in found],
            [s for _, s in found],
            sentence_starts,
            sorted(subjects.values(), key=lambda x: x[0]),
        )

    def participle_speaker(self, out: list[_Attribution], pos: int) -> Speaker | None:
        """The previous attribution in the sentence, else the first speaker named in it."""
        k = bisect_right(self.sentence_starts, pos) - 1
        sentence_start = self.sentence_starts[k] if k >= 0 else 0
        if out and out[-1].start >= sentence_start:
            return out[-1].speaker
        i = bisect_left(self.positions, sentence_start)
        return self.speakers[i] if i < len(self.positions) and self.positions[i] < pos else None

    def pronoun(self, kind: str | None, pos: int, last_person: tuple) -> Speaker | None:
        """*he*/*she*: the later of the last attributed person and the last person who
        opens a sentence; *they*: a joint speaker named within ``_THEY_REACH`` characters."""
        if kind == "person":
            k = bisect_left(self.subjects, pos, key=lambda x: x[0]) - 1
            subject = self.subjects[k] if k >= 0 else (-1, None)
            return max(last_person, subject, key=lambda x: x[0])[1]
        i = bisect_left(self.positions, pos) - 1 if kind == "joint" else -1
        while i >= 0 and pos - self.positions[i] <= _THEY_REACH:
            if self.speakers[i].kind == "joint":
                return self.speakers[i]
            i -= 1
        return None


# --- voices of quotes and reported passages ---------------------------------------------


def _sentence_bounds(
    spans: list[tuple[int, int]], starts: list[int], pos: int, default: tuple[int, int]
) -> tuple[int, int]:
    k = bisect_right(starts, pos) - 1
    return spans[k] if k >= 0 and spans[k][1] > pos else default


def _attribute_quotes(quotes, atts, spans, text, max_scare_words) -> list[Passage]:
    starts, att_starts = [s for s, _ in spans], [a.start for a in atts]
    out: list[Passage] = []
    for qs, qe in quotes:
        lo = _sentence_bounds(spans, starts, qs, (qs, qe))[0]
        hi = _sentence_bounds(spans, starts, qe - 1, (qs, qe))[1]
        near = [
            a
            for a in atts[bisect_left(att_starts, lo) : bisect_left(att_starts, hi)]
            if a.end <= qs or a.start >= qe
        ]
        best = min(near, key=lambda a: qs - a.end if a.end <= qs else a.start - qe, default=None)
        if best is not None:
            out.append(Passage(qs, qe, "quote", best.speaker.name, best.speaker.group))
        elif out and out[-1].speaker and lo >= qs and "\n" not in text[out[-1].end : qs]:
            out.append(out[-1]._replace(start=qs, end=qe))  # “…,” he said. “More.”
        elif len(_WORD_RE.findall(text, qs, qe)) <= max_scare_words:
            out.append(Passage(qs, qe, "scare_quote", "", ""))
        else:
            out.append(Passage(qs, qe, "quote", "", ""))
    return out


def _reported(atts: list[_Attribution], masked: str, spans: list[tuple[int, int]]) -> list[Passage]:
    starts = [s for s, _ in spans]
    regions: list[Passage] = []
    for a in atts:
        if not a.reporting:
            continue
        s_start, s_end = _sentence_bounds(spans, starts, a.start, (0, len(masked)))
        before = masked[s_start : a.start].rstrip()
        at_end = _TRAILER_RE.fullmatch(masked, a.end, s_end) is not None
        if at_end and before.endswith(","):
            start, end = s_start, s_start + len(before) - 1  # "…, Gabuev added."
        elif at_end and before and before[-1] in _CLOSERS:
            continue  # '“…,” Putin said Friday.': the quote is all he said
        else:
            start, end = a.speech_start, s_end
        if end > start:
            regions.append(Passage(start, end, "reported", a.speaker.name, a.speaker.group))
    regions.sort()
    clipped = [
        p._replace(end=min(p.end, nxt.start)) for p, nxt in zip(regions, regions[1:], strict=False)
    ] + regions[-1:]
    return [p for p in clipped if p.end > p.start]


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
