"""Who a pronoun or a participle stands for: the speakers of raw attributions.

:mod:`analysis.voice.attribution` finds where speech is attributed (a mention, or no
mention for a participle, next to a speech verb); :func:`resolve_attributions` gives
each one its speaker:

- a speakers-file name is that speaker (a title naming one speaker, *the Russian
  leader*, is an alias; role nouns that several hold, *the minister*, are resolved by
  the second pass, :mod:`analysis.voice.sources`);
- *he*/*she* is the later of the last attributed person and the last person who opens a
  sentence, of a compatible gender (``gender`` in ``speakers.yaml``; none given fits
  both) -- unless a person the speakers file does not list is named as the subject of a
  speech verb after that one (*Ivan Petrov, an analyst, said … He added*): then that
  person, kept as written, group from the text's description of them or ``unknown``;
- *they* is a joint speaker named within 600 characters before it;
- a participle (*, adding that*) is the previous attribution in its sentence, else the
  first speaker named in it.

>>> from analysis.voice.speakers import load_speakers
>>> from analysis.voice.attribution import Attributions
>>> text = "Putin spoke. Ivan Petrov, an analyst, said ties grew. He added that they would."
>>> atts = Attributions(text, load_speakers(), [(0, 12), (13, 53), (54, 80)], []).all
>>> [(text[a.start : a.end], a.speaker.name, a.speaker.group) for a in atts]
[('He added', 'Ivan Petrov', 'analyst')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from analysis.voice.descriptions import (
    JOINED,
    UNKNOWN_GROUP,
    described_group,
    main_clause_start,
    strip_titles,
)
from analysis.voice.speakers import Speaker, Speakers

__all__ = ["PREPOSITIONS", "Attribution", "RawAttribution", "is_object", "resolve_attributions",
           "word_before"]

THEY_REACH = 600
#: Prepositions: a name right after one is no subject (*signed by Putin*, *close to the
#: Kremlin*).
PREPOSITIONS = frozenset("to of by with from for near about between against among toward "
                         "towards than like on at in into over under".split())
_POSSESSIVE_AFTER_RE = re.compile(r"[’']s\b")
_JOINED_RE = re.compile(JOINED + "$")
# a person introduced with a description: "Sam Greene, British academic and specialist …,"
_DESCRIBED_PERSON_RE = re.compile(r"(?P<name>[A-Z][\w’'-]+(?:[^\S\n]+[A-Z][\w’'-]+){1,2}),"
                                  r"[^\S\n]+[^,\n“”\"«»]{1,120},")
_LEADERS = frozenset({"russian_official", "chinese_official"})
_MENTION_RE = re.compile(r"[\w.’'-]+(?:\s+[A-Z][\w.’'-]*)*")


_ACCORDING_TO_RE = re.compile(r"(?i:according)\s+to\s+$")


def is_object(masked: str, pos: int) -> bool:
    """Whether the mention at ``pos`` follows a preposition (*signed by Putin*, *a meeting
    with Xi*): it names no subject. *according to X* names a speaker."""
    return word_before(masked, pos).lower() in PREPOSITIONS and not _ACCORDING_TO_RE.search(
        masked, max(0, pos - 16), pos)


def word_before(text: str, pos: int) -> str:
    """The word that ends right before ``pos`` and a space ("" when no space comes
    between, or no word).

    >>> word_before("signed by Putin", 10), word_before("Xi", 0)
    ('by', '')
    """
    if pos == 0 or not text[pos - 1].isspace():
        return ""
    return text[max(0, pos - 16) : pos].rstrip().rpartition(" ")[2].rpartition("\n")[2]


def _mention_length(masked: str, at: int) -> int:
    """Length of the capitalised words from ``at`` (a mention), for its possessive."""
    m = _MENTION_RE.match(masked, at)
    word = m.group() if m else ""
    return len(word) - 2 if word.endswith(("’s", "'s")) else len(word)
_NAMED_REACH = 400  # how far back (characters) a person outside the speakers file is looked for


class Attribution(NamedTuple):
    """Who is said to speak, where: the speaker (or verb) span, and where speech begins."""

    start: int  # first character of the attribution (speaker or verb)
    end: int  # one past its last character
    speech_start: int  # where reported speech after it begins
    speaker: Speaker
    reporting: bool  # whether it may introduce reported speech: False for "quoted X as"
    role: str = "reporting"  # the verb's role (reporting_verbs.yaml), "quoting" for "quoted"


class RawAttribution(NamedTuple):
    """A match of an attribution pattern before its speaker is known."""

    start: int
    end: int
    mention: str | None  # None: the speaker is the sentence's (participles)
    verb: str
    speech_start: int


def resolve_attributions(
    raws: list[RawAttribution], mentions: list[re.Match[str]], names: Any,
    starts: list[int], masked: str, speakers: Speakers, named: re.Pattern[str],
    roles: dict[str, str],
) -> list[Attribution]:
    """Attach a speaker to each raw attribution (names, pronouns, participles).

    ``names`` resolves mentions as :class:`~analysis.voice.speakers.Speakers` does
    (remembered per mention); ``named``: a name before a speech verb
    (:func:`analysis.voice.descriptions.named_subject_pattern`);
    ``roles``: the role of each verb form (lower case); a verb without one (*quoted X
    as*) attributes quotes only.
    """
    ctx = _Mentions.find(mentions, names, starts, speakers.joint)
    out: list[Attribution] = []
    attributed: list[tuple[int, Speaker]] = []  # attributed persons, in text order
    for r in raws:
        if r.mention is None:
            speaker = ctx.participle_speaker(out, r.start, masked)
        elif (speaker := names.resolve(r.mention)) is None:
            kind = names.pronoun_kind(r.mention)
            if kind == "person":
                gender = speakers.pronoun_gender(r.mention)
                found = ctx.person(gender, r.start, attributed, masked)
                speaker = _named_after(masked, found, r.start, named, speakers, gender)
            elif kind == "joint":
                speaker = ctx.joint(r.start)
        if speaker is None:
            continue
        if speaker.kind == "person":
            attributed.append((r.start, speaker))
        role = roles.get(r.verb.lower(), "quoting")
        out.append(Attribution(r.start, r.end, r.speech_start, speaker, role != "quoting", role))
    return out


def _named_after(masked: str, found: tuple[int, Speaker | None], pos: int,
                 named: re.Pattern[str], speakers: Speakers, gender: str) -> Speaker | None:
    """The person a pronoun at ``pos`` stands for: ``found`` (position, speaker), unless
    a person outside the speakers file is named as a speaker after it."""
    lo = max(found[0] + 1, pos - _NAMED_REACH, 0)
    last = None
    for m in named.finditer(masked, lo, pos):
        if speakers.resolve(m["name"]) is None and not _is_listed(m["name"], speakers):
            last = m
    for m in _DESCRIBED_PERSON_RE.finditer(masked, lo, pos):  # "Sam Greene, an academic,"
        if m.start() and (masked[m.start() - 1].isalnum() or masked[m.start() - 1] in "’'"):
            continue  # inside a word (the pattern starts with [A-Z]: a fast scan)
        if (last is None or m.start() > last.start()) and not _is_listed(m["name"], speakers) \
                and described_group(m["name"], m.group(), speakers) is not None:
            last = m
    if last is None:
        return found[1]
    name = strip_titles(last["name"])
    if not name:
        return found[1]
    if len(name.split()) == 1 and (listed := speakers.by_name_word(name)):
        return listed  # "President Jinping added"
    group = described_group(name, masked[max(0, pos - _NAMED_REACH) : pos], speakers
                            ) or UNKNOWN_GROUP
    return Speaker(name, group, "person")


def _is_listed(name: str, speakers: Speakers) -> bool:
    """Whether a capitalised phrase names a listed speaker in part (*President Xi*)."""
    return any(speakers.resolve(w) is not None for w in name.split())


@dataclass(frozen=True)
class _Mentions:
    """Where speakers are named outside quotes, for pronouns and participles."""

    positions: list[int]
    speakers: list[Speaker]
    sentence_starts: list[int]
    joint_speaker: Speaker | None = None
    # gender: the first person of that gender (or of none given) named in each sentence,
    # worked out for a gender when a pronoun of it needs them
    _subjects: dict[str, list[tuple[int, Speaker]]] = field(default_factory=dict)

    @classmethod
    def find(cls, mentions: list[re.Match[str]], speakers: Any, sentence_starts: list[int],
             joint: Speaker | None = None) -> _Mentions:
        found = [(m.start(), s) for m in mentions if (s := speakers.resolve(m.group()))]
        return cls([p for p, _ in found], [s for _, s in found], sentence_starts, joint)

    def subjects(self, gender: str, masked: str) -> list[tuple[int, Speaker]]:
        """The first person of a fitting gender named in each sentence, in text order,
        who is not named after a preposition (*signed by Putin*)."""
        if gender not in self._subjects:
            firsts: dict[int, tuple[int, Speaker]] = {}
            for pos, s in zip(self.positions, self.speakers, strict=True):
                if s.kind == "person" and s.fits(gender) and not is_object(masked, pos):
                    firsts.setdefault(bisect_right(self.sentence_starts, pos), (pos, s))
            self._subjects[gender] = sorted(firsts.values(), key=lambda x: x[0])
        return self._subjects[gender]

    def participle_speaker(self, out: list[Attribution], pos: int, masked: str
                           ) -> Speaker | None:
        """The previous attribution in the sentence, else the first speaker named in its
        main clause (after an opening adverbial clause) that is a subject: not a
        possessive (*Moscow’s forces*) nor after a preposition; else the first named."""
        k = bisect_right(self.sentence_starts, pos) - 1
        sentence_start = self.sentence_starts[k] if k >= 0 else 0
        if out and out[-1].start >= sentence_start:
            return out[-1].speaker
        main = sentence_start + main_clause_start(masked[sentence_start:pos])
        for lo in dict.fromkeys((main, sentence_start)):
            i = bisect_left(self.positions, lo)
            while i < len(self.positions) and self.positions[i] < pos:
                at = self.positions[i]
                if not is_object(masked, at) and not (
                        _POSSESSIVE_AFTER_RE.match(masked, at + _mention_length(masked, at))):
                    return self._with_partner(i, pos, masked)
                i += 1
        i = bisect_left(self.positions, sentence_start)  # "following Putin's remarks, saying"
        return self.speakers[i] if i < len(self.positions) and self.positions[i] < pos else None

    def _with_partner(self, i: int, pos: int, masked: str) -> Speaker:
        """Speaker ``i``, or the joint speaker when a leader of the other country is
        joined to it by *and* (*Xi Jinping and Russian President Vladimir Putin have met,
        emphasizing …*)."""
        s, j = self.speakers[i], i + 1
        while j < len(self.positions) and self.speakers[j] is s:
            j += 1  # "Chinese President" of "Chinese President Xi Jinping"
        if self.joint_speaker is None or j >= len(self.positions) or self.positions[j] >= pos:
            return s
        other = self.speakers[j]
        end = self.positions[j - 1] + _mention_length(masked, self.positions[j - 1])
        if {s.group, other.group} == _LEADERS and _JOINED_RE.match(masked, end,
                                                                   self.positions[j]):
            return self.joint_speaker
        return s

    def person(self, gender: str, pos: int, attributed: list[tuple[int, Speaker]],
               masked: str) -> tuple[int, Speaker | None]:
        """*he*/*she*: the later of the last attributed person and the last person who
        opens a sentence, of a gender that fits; with its position."""
        last = next(((p, s) for p, s in reversed(attributed) if s.fits(gender)), (-1, None))
        subjects = self.subjects(gender, masked)
        k = bisect_left(subjects, pos, key=lambda x: x[0]) - 1
        subject = subjects[k] if k >= 0 else (-1, None)
        return max(last, subject, key=lambda x: x[0])

    def joint(self, pos: int) -> Speaker | None:
        """*they*: a joint speaker named within ``THEY_REACH`` characters before ``pos``."""
        i = bisect_left(self.positions, pos) - 1
        while i >= 0 and pos - self.positions[i] <= THEY_REACH:
            if self.speakers[i].kind == "joint":
                return self.speakers[i]
            i -= 1
        return None
