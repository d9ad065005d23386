"""Sources a sentence names beyond the speakers file: the second pass of voice attribution.

:mod:`analysis.voice.voices` first applies its rules with the speakers of
``speakers.yaml``. Where they leave a span as narrator, scare quote or a quote without
speaker, :class:`SourceFinder` reads the span's sentence (quotes masked) for a source:

- a **reporting verb** from ``data/lexicons/reporting_verbs.yaml`` (*said*, *warned*,
  *writes*, *pointed out* …) or a **declaring verb** (*declared*, *proclaimed*,
  *described* …; these attribute a quoted formula only);
- its **subject**: the first source named in the verb's clause (clauses restart after
  *;*, *:*, *that*, *as*, *where*, *when*, *while*, *which*), or the source after an
  inverted verb (*…, stated Cooley*; *…, writes the Global Times*);
- a source is a speakers-file name (aliases include role nouns: *the Russian leader*),
  two official names joined by *and* (joint: *Putin and Xi said*), *he*/*she* (the last
  person named before), *they* (the joint speaker when the text named one), an unnamed
  source (*one analyst*, *officials*: speaker ``unnamed``, group from the speakers file's
  ``unnamed`` table), or a capitalised name right before or after the verb, kept as
  written with group ``unknown``;
- a **source tag in a headline** (*CGTN: …*, *… (Global Times)*, *…: Global Times
  editorial*) attributes the headline (codebook R3).

>>> from analysis.voice.voices import _tiny_speakers
>>> f = SourceFinder(_tiny_speakers(), load_reporting_verbs())
>>> f.find("Marco Rubio warned that Russia relies on China.", "")
Source(speaker='Marco Rubio', group='unknown', verb_start=12, reporting=True, final=False, \
quotes=True, verb_end=18)
>>> f.find("Ties are close, experts say.", "").speaker
'unnamed'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from analysis.config import DEFAULT_SPEAKERS
from analysis.config_models import ConfigModel, read_yaml, validate
from analysis.voice.speakers import Speaker, Speakers, alternation

__all__ = ["DEFAULT_REPORTING_VERBS", "ReportingVerbs", "Source", "SourceFinder",
           "described_group", "load_reporting_verbs"]

DEFAULT_REPORTING_VERBS = DEFAULT_SPEAKERS.parent / "reporting_verbs.yaml"

UNKNOWN_GROUP = "unknown"
_OFFICIAL_NATIONS = {"chinese": "chinese_official", "russian": "russian_official",
                     "western": "western_official", "american": "western_official",
                     "u.s.": "western_official", "us": "western_official"}
_CLAUSE_RE = re.compile(r"[;:]|\b(?:that|as|where|when|while|which|but)\b", re.I)
_CAPITALISED_RE = re.compile(r"(?:\b[A-Z][\w’'.-]*\s+){0,2}\b[A-Z][\w’'-]+\s*$")
_TITLE_WORDS = frozenset("""president secretary minister foreign prime state former
    spokesman spokeswoman spokesperson general gen. chairman director u.s. mr. ms. dr.
    deputy ambassador senator the in of professor prof. analyst later then meanwhile
    earlier still however""".split())
_NAME_AFTER_RE = re.compile(r"\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)")
# "Ivan Petrov, a researcher at …, said": a subject with an appositive before the verb
_APPOSED_SUBJECT_RE = re.compile(
    r"^\s*((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+),\s+(?:a|an|the)\s[^,]{1,120},\s*$")
_ADVERBS = frozenset("has have had also recently frequently often consistently repeatedly "
                     "reportedly once even".split())
_LAST_WORD_RE = re.compile(r"\s+(\w+)\s*$")


def _strip_adverbs(text: str) -> str:
    """``text`` without the adverbs and auxiliaries that end it (*Lavrov has also*).

    >>> _strip_adverbs("Lavrov has also repeatedly ")
    'Lavrov'
    """
    text = text.rstrip()
    while (m := _LAST_WORD_RE.search(text, max(0, len(text) - 40))) and (
        m[1] in _ADVERBS or m[1].endswith("ly")
    ):
        text = text[: m.start()].rstrip()
    return text
_TRAILER = 45
_NOT_NAMES = frozenset("""it it’s it's he she they we i you some this that these those there
    many most others one""".split())


_NATIONS = r"chinese|china’s|china's|prc|beijing|russian|russia’s|russia's|kremlin"
_DESCRIPTIONS = (  # what a description says a speaker is, first match wins
    (re.compile(r"\b(?:commentator|columnist|journalist|editor|correspondent|blogger|"
                r"anchor|presenter)s?\b", re.I), "other"),
    (re.compile(r"\bformer\b", re.I), None),  # a former official speaks for no one now
    (re.compile(r"\b(?P<nation>" + _NATIONS + r")\b(?:\s+[\w’'-]+){0,4}?\s+(?:spokes\w*|"
                r"(?:deputy\s+|vice\s+)?(?:foreign\s+)?minister|ministry|ambassador|envoy|"
                r"diplomat|official|general|premier|president)\b", re.I), "official"),
    (re.compile(r"\b(?:analyst|expert|scholar|researcher|professor|fellow|economist|"
                r"academic|sinologist|political\s+scientist|lecturer|think\s+tank|"
                r"institute|university|director)s?\b", re.I), "analyst"),
)
_BEFORE_NAME_RE = re.compile(r"[^.,;:!?()“”\"\n]{0,80}$")
_APPOSITIVE_RE = re.compile(r"\s*,\s*([^,;:.()“”\"\n]{0,80})")


def described_group(name: str, text: str) -> str | None:
    """The group that ``text``'s own description of ``name`` gives: the words right
    before a mention (*Chinese Foreign Ministry spokesperson X*, *analyst X*) or an
    appositive after it (*X, a researcher at …*); ``None`` when there is none.

    >>> described_group("Li Wei", "Chinese Foreign Ministry spokesperson Li Wei said so.")
    'chinese_official'
    >>> described_group("Alexander Cooley", "Alexander Cooley, a professor at Barnard, said.")
    'analyst'
    >>> described_group("Jo Smith", "Jo Smith said.") is None
    True
    """
    words = name.split()
    key = r"\b" + r"\s+".join(map(re.escape, words[-2:])) + r"\b"
    for m in re.finditer(key, text):
        pre = _BEFORE_NAME_RE.search(text, max(0, m.start() - 80), m.start())
        post = _APPOSITIVE_RE.match(text, m.end())
        for desc in (pre.group() if pre else "", post.group(1) if post else ""):
            for rx, group in _DESCRIPTIONS:
                if d := rx.search(desc):
                    if group == "official":
                        nation = d["nation"].lower()
                        return "chinese_official" if nation[:2] in ("ch", "pr", "be") else \
                            "russian_official"
                    if group is not None:
                        return group
                    break
    return None


def _opens(prefix: str, kind: str) -> bool:
    """Whether a source after ``prefix`` opens the words after an inverted verb: nothing
    but *the* before it, or, for a role noun before a name, a few lower-case words
    (*according to current affairs commentator Tang Jingyuan*)."""
    prefix = prefix.strip(" ,")
    return not prefix or prefix.lower() == "the" or (
        kind == "unnamed" and prefix.islower() and len(prefix.split()) <= 3)


def _finditer(lower_rx: re.Pattern[str], any_rx: re.Pattern[str], text: str):
    """Matches of a pattern in ``text`` ignoring case: of its lower-case version in the
    lower-cased text when that keeps offsets (it does but for rare letters)."""
    lower = text.lower()
    return lower_rx.finditer(lower) if len(lower) == len(text) else any_rx.finditer(text)


_NOUN_BEFORE_RE = re.compile(r"(?:\b(?:the|a|an|this|these|those|its|their|his|her|our|"
                             r"two|joint|video|phone)\s+|[\w]-)$", re.I)
_WORD_BEFORE_RE = re.compile(r"\b([A-Z][\w’'.-]*)\s+$")


def _is_noun(sentence: str, start: int, speakers: Speakers) -> bool:
    """Whether the verb form at ``start`` is a noun or part of a name: after a
    determiner (*a state visit*, *the call*) or a hyphen (*Video-call*), or capitalised
    after a capitalised word that names no speaker (*the United States*, but not the
    headline *Xi and Putin Announce*).

    >>> from analysis.voice.voices import _tiny_speakers
    >>> sp = _tiny_speakers()
    >>> _is_noun("Ties with the United States grew.", 21, sp), _is_noun("Xi Said so.", 3, sp)
    (True, False)
    """
    before = sentence[max(0, start - 30) : start]
    if sentence[start].isupper() and (w := _WORD_BEFORE_RE.search(before)):
        return speakers.resolve(w[1]) is None
    return _NOUN_BEFORE_RE.search(before) is not None


class Source(NamedTuple):
    """Who a sentence says speaks: speaker as named, group, where the verb starts,
    whether the verb reports speech, and whether the attribution ends the sentence."""

    speaker: str
    group: str
    verb_start: int
    reporting: bool
    final: bool
    quotes: bool = True  # False for verbs of view (*see*): their quotes are the outlet's
    verb_end: int = -1


class _VerbsFile(ConfigModel):
    version: int = 1
    reporting: dict[str, list[str]]
    declaring: dict[str, list[str]]
    viewing: dict[str, list[str]] = {}


@dataclass(frozen=True)
class ReportingVerbs:
    """Verb forms by role: ``reporting`` (speech), ``declaring`` (quoted formulas) and
    ``viewing`` (views reported, not quotes: *what they see as “…”*)."""

    reporting: frozenset[str]
    declaring: frozenset[str]
    viewing: frozenset[str] = frozenset()


def load_reporting_verbs(path: str | Path = DEFAULT_REPORTING_VERBS) -> ReportingVerbs:
    """Read and validate a reporting-verbs YAML file (see data/lexicons/reporting_verbs.yaml)."""
    path = Path(path)
    data, _ = read_yaml(path, "reporting verbs")
    model = validate(_VerbsFile, data, source=path)
    forms = {role: frozenset(f.lower() for fs in getattr(model, role).values() for f in fs)
             for role in ("reporting", "declaring", "viewing")}
    return ReportingVerbs(forms["reporting"], forms["declaring"], forms["viewing"])


class SourceFinder:
    """Finds the source a sentence names (see the module docstring)."""

    def __init__(self, speakers: Speakers, verbs: ReportingVerbs) -> None:
        self.speakers, self.verbs = speakers, verbs
        verb = r"\b(?:" + alternation(verbs.reporting | verbs.declaring | verbs.viewing) + r")\b"
        name = r"\b" + speakers.names_pattern + r"\b"
        nouns = alternation({n for noun in speakers.unnamed for n in (noun, noun + "s")})
        unnamed = (r"\b(?:(?:one|an?|some|many|most|other|several|(?P<nation>"
                   + "|".join(re.escape(n) for n in _OFFICIAL_NATIONS)
                   + r")|western|foreign|independent|leading)\s+)*(?P<noun>" + nouns + r")\b")
        # each pattern twice: for lower-cased text (several times faster) and any case
        self._verb_re, self._verb_lc = re.compile(verb, re.I), re.compile(verb)
        self._name_re, self._name_lc = re.compile(name, re.I), re.compile(name)
        self._unnamed_re, self._unnamed_lc = re.compile(unnamed, re.I), re.compile(unnamed)
        self._partner_re = re.compile(r"(?:\s+(?-i:[A-Z])[\w.’'-]*){0,2}\s+and\s+"
                                      r"(?:[\w.’'-]+\s+){0,3}?("
                                      + speakers.names_pattern + r")\b", re.I)
        self._joint = next((s for s in speakers.speakers if s.kind == "joint"), None)

    def find(self, sentence: str, before: str) -> Source | None:
        """The source of ``sentence`` (quotes masked); ``before`` is the text before it,
        for pronouns."""
        for m in _finditer(self._verb_lc, self._verb_re, sentence):
            if _is_noun(sentence, m.start(), self.speakers):
                continue
            found = self._subject(sentence, m, before)
            if found is not None:
                speaker, group, final = found
                if group == UNKNOWN_GROUP:
                    group = described_group(speaker, before[-1500:] + sentence) or group
                verb = m.group().lower()
                reporting = verb in self.verbs.reporting or verb in self.verbs.viewing
                return Source(speaker, group, m.start(), reporting, final,
                              verb not in self.verbs.viewing, m.end())
        return None

    def headline_tag(self, sentence: str) -> tuple[str, str] | None:
        """The outlet a headline's source tag names (*CGTN: …*, *… (Global Times)*)."""
        text = sentence.strip()
        if not text or text[-1] in ".?!”\"":
            return None
        for m in (re.match(r"([^:]{2,40}):", text), re.search(r"\(([^()]{2,40})\)$", text),
                  re.search(r":\s*([^:]{2,40})$", text),
                  re.search(r"\s[–—-]\s*([^–—-]{2,40})$", text)):
            if m and (s := self._named(m.group(1).strip(), whole=True)):
                return s.name if s.kind != "institution" else m.group(1).strip(), s.group
        return None

    def _subject(self, sentence: str, verb: re.Match, before: str) -> tuple[str, str, bool] | None:
        head = sentence[: verb.start()]
        tail = sentence[verb.end():]
        if (apposed := _APPOSED_SUBJECT_RE.match(head)) and (
            found := self._candidate(apposed.group(1), before, anchored=True)
        ):
            return (*found, False)
        if not head.strip() or head.rstrip().endswith((",", "”", '"', "»")):
            # "…, said Cooley", "According to Kirill Babaev, …"
            found = self._candidate(tail[:60], before, anchored=True)
            if found:
                return (*found, True)
        final = len(tail.strip(" .”\"")) <= _TRAILER and "," not in tail
        clause_from = max((m.end() for m in _CLAUSE_RE.finditer(head)), default=0)
        if final and "," in head:  # "…, the Global Times wrote."
            clause_from = max(clause_from, head.rfind(",") + 1)
        found = self._candidate(head[clause_from:], before, anchored=False)
        return (*found, final and "," in head) if found else None

    def _candidate(self, text: str, before: str, *, anchored: bool) -> tuple[str, str] | None:
        """The first source in ``text``; with ``anchored``, only one that opens it."""
        hits = []
        for m in _finditer(self._name_lc, self._name_re, text):
            hits.append((m.start(), m.end(), "name", m))
        for m in _finditer(self._unnamed_lc, self._unnamed_re, text):
            hits.append((m.start(), m.end(), "unnamed", m))
        if not anchored:
            bare = _strip_adverbs(text)
            cap = _CAPITALISED_RE.search(bare, max(0, len(bare) - 160))
            if cap:
                hits.append((cap.start(), cap.end(), "capitalised", cap))
        else:
            cap = re.match(r"\s*((?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})", text)
            if cap:
                hits.append((cap.start(1), cap.end(1), "capitalised", cap))
        hits.sort(key=lambda h: (h[0], -h[1]))
        if anchored:
            hits = [h for h in hits if _opens(text[: h[0]], h[2])]
        for start, end, kind, m in hits:
            found = self._resolve(text, start, end, kind, m, before)
            if found:
                return found
        return None

    def _resolve(self, text, start, end, kind, m, before) -> tuple[str, str] | None:
        if kind == "unnamed":
            if named := _NAME_AFTER_RE.match(text, end):  # "analyst Ivan Petrov"
                return named.group(1), self._unnamed(m)[1]
            return self._unnamed(m)
        if kind == "capitalised":
            return self._capitalised(text, m)
        return self._known(text, end, m, before)

    def _unnamed(self, m: re.Match) -> tuple[str, str]:
        """An unnamed source: group from the speakers file, or the country's officials."""
        nation, noun = (m["nation"] or "").lower(), m["noun"].lower()
        if noun not in self.speakers.unnamed:
            noun = noun.rstrip("s")
        group = self.speakers.unnamed.get(noun, "other")
        if nation and group == "other" and noun in ("official", "diplomat"):
            group = _OFFICIAL_NATIONS[nation]
        return "unnamed", group

    def _capitalised(self, text: str, m: re.Match) -> tuple[str, str] | None:
        """A name as written, titles removed: group ``unknown`` unless listed."""
        words = [w for w in m.group().split() if w.lower() not in _TITLE_WORDS]
        if not words:
            return None
        if words[0].lower() in _NOT_NAMES:
            # "It's argued", "Some lamented": an attribution device with no name
            return ("unnamed", "other") if not text[m.end():].strip() else None
        s = self.speakers.resolve(" ".join(words))
        return (s.name, s.group) if s else (" ".join(words), UNKNOWN_GROUP)

    def _known(self, text: str, end: int, m: re.Match, before: str) -> tuple[str, str] | None:
        """A speakers-file name or a pronoun; two officials joined by *and* are joint."""
        word = m.group()
        pronoun = self.speakers.pronoun_kind(word)
        if pronoun == "person":
            s = self._last_person(before)
            return (s.name, s.group) if s else None
        if pronoun == "joint":
            return (self._joint.name, self._joint.group) if self._joint and \
                self._names_joint(before[-600:] + text) else None
        speaker = self.speakers.resolve(word)
        if speaker is None:
            return None
        # "Xi and Russian President Putin", "Chinese President Xi Jinping and Putin"
        partner = self._partner_re.match(text, end)
        if partner and self._joint and (other := self.speakers.resolve(partner.group(1))):
            if {speaker.group, other.group} == {"russian_official", "chinese_official"}:
                return self._joint.name, self._joint.group
        return speaker.name, speaker.group

    def _named(self, text: str, *, whole: bool) -> Speaker | None:
        return self.speakers.resolve(text) if whole else None

    def _last_person(self, before: str) -> Speaker | None:
        for m in reversed(list(_finditer(self._name_lc, self._name_re, before[-1500:]))):
            s = self.speakers.resolve(m.group())
            if s is not None and s.kind == "person":
                return s
        return None

    def _names_joint(self, text: str) -> bool:
        groups = set()
        for m in _finditer(self._name_lc, self._name_re, text):
            s = self.speakers.resolve(m.group())
            if s is not None:
                if s.kind == "joint":
                    return True
                groups.add(s.group)
        return {"russian_official", "chinese_official"} <= groups
