"""Sources a sentence names beyond the speakers file: the second pass of voice attribution.

:mod:`analysis.voice.voices` first applies its rules with the speakers of
``speakers.yaml``. Where they leave a span as narrator, scare quote or a quote without
speaker, :class:`SourceFinder` reads the span's sentence (quotes masked) for a source:

- a verb from ``data/lexicons/reporting_verbs.yaml`` by its role: **reporting**
  (*said*, *warned*, *writes*, *pointed out* …), **declaring** and **describing**
  (*declared*, *hailed … as*, *described … as*; reported speech only when no quote
  follows), **enacting** (*signed*: a quoted formula only), **viewing** (*see*: never a
  quote's source); a form that is a noun here is none (*a state visit*, *claims of*);
- its **subject** (:mod:`analysis.voice.clause_subjects`): the first source named in
  the verb's clause (clauses restart after *;*, *:*, *that*, *as*, *where*, *when*,
  *while*, *which*, *but*, *what*), the one after the last comma or closing quote when
  the attribution ends the sentence (*…, the Global Times wrote*), the source after an
  inverted verb (*…, stated Cooley*) or after *by* (*was described by both countries*),
  a participle's own or main clause's subject (*with Russia and China pleading*, *X
  began by declaring*, *Macron for saying*); possessives and names after a preposition
  are no subjects (:mod:`analysis.voice.subjects`);
- a source (:mod:`analysis.voice.source_candidates`) is a speakers-file name (aliases
  include role nouns: *the Russian leader*; *the Russian top diplomat* is a role held by
  a Russian official), two official names joined by *and* (joint), *he*/*she* (the last
  person named before), *they* (the joint speaker when the text named one), a source
  named by a noun (*one analyst*, *the think tank*, *the study*:
  :mod:`analysis.voice.unnamed`), a country as the whole subject, or a capitalised
  name, kept as written with the group its description gives
  (:func:`analysis.voice.descriptions.described_group`, else ``unknown``);
- speech a noun reports (*Macron's remarks that …*, *claims that …*) and stances an
  opener attributes (*For former minister X, …*): :meth:`SourceFinder.claim`,
  :mod:`analysis.voice.claims`;
- a **source tag in a headline** (*CGTN: …*, *… (Global Times)*, *…: Global Times
  editorial*) attributes the headline (codebook R3); places and both countries before a
  colon are no tags (:mod:`analysis.voice.headline_tags`).

This module holds :class:`Source` and :class:`SourceFinder`'s reading of the verb, the
claim and the faceless attribution; the readings above are its mixins' (listed with
each).

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
from typing import NamedTuple

from analysis.voice.claims import STANCE_RE, claim_pattern, find_claim
from analysis.voice.clause_subjects import ClauseSubjects
from analysis.voice.descriptions import (
    UNKNOWN_GROUP,
    described_group,
    main_clause_start,
    named_subject_pattern,
    strip_titles,
)
from analysis.voice.faceless import faceless_attribution
from analysis.voice.headline_tags import HeadlineTags
from analysis.voice.source_candidates import ROLE_NATIONS
from analysis.voice.speakers import LazyPattern, Speakers, alternation
from analysis.voice.subjects import OF_RE, finditer_ignoring_case, is_noun
from analysis.voice.unnamed import OFFICIAL_NATIONS
from analysis.voice.verbs import DEFAULT_REPORTING_VERBS, ReportingVerbs, load_reporting_verbs

__all__ = ["DEFAULT_REPORTING_VERBS", "UNKNOWN_GROUP", "ReportingVerbs", "Source",
           "SourceFinder", "described_group", "load_reporting_verbs", "strip_titles"]

_ADVERBS = frozenset("has have had also recently frequently often consistently repeatedly "
                     "reportedly once even further".split())
_LAST_WORD_RE = re.compile(r"\s+(\w+)\s*$")
# a verb by which the subject holds a claim (not "boosting claims", others' claims)
_HOLDS_RE = re.compile(r"\b(?:promot|voic|express|shar|repeat|mak|issu|advanc|echo|reiterat|reach|"
                       r"put\s+forward)\w*\s+(?:(?:the|a|an|their|its|his|her)\s+)?(?:[a-z]+\s+)?$",
                       re.I)
_LEADERS = frozenset({"russian_official", "chinese_official"})
_THEIR_RE = re.compile(r"\s+their\b", re.I)
_LAST_NAME_RE = re.compile(r"(?:[A-Z][\w’'-]+\s+)?[A-Z][\w’'-]+$")  # of an owner as written
# a verb form that is also a noun, right after a gerund, is that gerund's object
# ("Comparing notes on …")
_GERUND_BEFORE_RE = re.compile(r"\b[A-Za-z]+ing\s+$")


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


class SourceFinder(ClauseSubjects, HeadlineTags):
    """Finds the source a sentence names (see the module docstring)."""

    def __init__(self, speakers: Speakers, verbs: ReportingVerbs) -> None:
        self.speakers, self.verbs = speakers, verbs
        self._after = ""  # the text after the sentence :meth:`find` reads
        self._claim_re = claim_pattern(verbs.declarations, verbs.claims)
        self._not_speech = verbs.not_speech_pattern  # "China calls the shots"
        self._others_speech = verbs.others_speech_pattern  # "denied claims of"
        verb = r"\b(?:" + alternation(verbs.all) + r")\b"
        name = r"\b" + speakers.names_pattern + r"\b"
        # role nouns ("the minister"), found apart: a literal "the" to scan for is fast
        roles = alternation({r[4:] for r in speakers.by_role})
        # "the minister", "the Russian top diplomat"
        nation = r"(?:(?P<nation>" + "|".join(map(re.escape, ROLE_NATIONS)) + r")\s+)?"
        role = r"(?:^|(?<=\W))(?P<role>the\s+" + nation + r"(?P<noun>" + roles + r"))\b" \
            if speakers.by_role else r"(?!)"
        self._role_open = re.compile(r"\s*" + role, re.I)  # "…,” the document says"
        self._role_end = re.compile(role + r"\s*$", re.I)  # "In a note, the ministry said"
        nouns = alternation({n for noun in speakers.unnamed for n in (noun, noun + "s")})
        unnamed = (r"\b(?:(?:one|an?|some|many|most|other|several|(?P<nation>"
                   + "|".join(re.escape(n).replace("'", "['’]") for n in OFFICIAL_NATIONS)
                   + r")|western|foreign|independent|leading)\s+)*(?P<noun>" + nouns + r")\b")
        # each pattern twice: for lower-cased text (several times faster) and any case
        # (the any-case ones, and those few sentences need, compiled when first used)
        self._verb_re, self._verb_lc = LazyPattern(verb, re.I), re.compile(verb)
        self._name_re, self._name_lc = LazyPattern(name, re.I), re.compile(name)
        self._unnamed_re, self._unnamed_lc = LazyPattern(unnamed, re.I), re.compile(unnamed)
        self._partner_re = LazyPattern(
            r"(?:\s+(?-i:[A-Z])[\w.’'-]*){0,2}(?:\s+of\s+(?-i:[A-Z])\w+)?\s+and\s+"
            r"(?:[\w.’'-]+\s+){0,3}?(" + speakers.names_pattern + r")\b", re.I)
        self._joint = next((s for s in speakers.speakers if s.kind == "joint"), None)
        self._named_subject = named_subject_pattern(alternation(verbs.reporting))
        self._of_re = LazyPattern(r"\s+(?:from|of)\s+(" + speakers.names_pattern + r")\b", re.I)
        countries = "|".join(sorted(map(re.escape, speakers.countries), key=len, reverse=True))
        self._country_re = re.compile(r"\b(" + countries + r")\b") if countries else None

    def find(self, sentence: str, before: str, after: str = "") -> Source | None:
        """The source of ``sentence`` (quotes masked); ``before`` is the text before it,
        for pronouns and descriptions, ``after`` the text after it, for descriptions
        that come before the name (a headline's *think tank says*)."""
        outer, self._after = self._after, after
        try:
            return self._find(sentence, before)
        finally:
            self._after = outer  # find reads earlier sentences for antecedents

    def _find(self, sentence: str, before: str) -> Source | None:
        for m in finditer_ignoring_case(self._verb_lc, self._verb_re, sentence):
            if is_noun(sentence, m.start(), self.speakers) or (
                    m.group().lower() in self.verbs.nouns_too
                    and (OF_RE.match(sentence, m.end()) or _GERUND_BEFORE_RE.search(
                        sentence, max(0, m.start() - 30), m.start()))) or \
                    self._not_speech.match(m.string, m.start()) or \
                    self._others_speech.match(m.string, m.end()):
                # "a state visit", "a vassal state of Beijing", "comparing notes", and a
                # verb whose object is others' speech: "denied claims of a vassal state"
                continue
            found = self._subject(sentence, m, before)
            if found is not None:
                speaker, group, final = found
                if group == UNKNOWN_GROUP:
                    # described before, in, or just after (a byline: "X is a journalist")
                    group = described_group(speaker, before[-1500:] + sentence + " "
                                            + self._after[:500], self.speakers) or group
                verb = " ".join(m.group().lower().split())
                if group in _LEADERS and _THEIR_RE.match(sentence, m.end()) and \
                        self._joint is not None and self._names_joint(sentence[: m.start()]):
                    # "Putin sat opposite Xi … and declared their “partnership”"
                    speaker, group = self._joint.name, self._joint.group
                return Source(speaker, group, m.start(), verb not in self.verbs.enacting, final,
                              verb not in self.verbs.viewing, m.end())
        return None

    @staticmethod
    def faceless(sentence: str) -> Source | None:
        """A faceless attribution of ``sentence`` (quotes masked; :mod:`analysis.voice.
        faceless`: *It is often said that …*) as a source: ``unnamed``, ``other``; it names
        nobody, so a quote in the sentence stays the outlet's scare quote."""
        found = faceless_attribution(sentence)
        return None if found is None else Source("unnamed", "other", found[0], True,
                                                 found[2], False, found[1])

    def claim(self, sentence: str, text: str, start: int, lower: str | None = None
              ) -> Source | None:
        """The source of speech a noun reports in ``sentence`` (quotes masked;
        :mod:`analysis.voice.claims`), which starts at ``start`` of ``text``: the owner
        the text names (*Macron’s remarks that*), else, for a declaration, its clause's
        subject, else an unnamed source; the source's verb span is the noun up to where
        its content starts. ``lower``: the sentence lower-cased, when known."""
        found = find_claim(self._claim_re, sentence, lower)
        if found is None and not sentence.lstrip().startswith("For "):
            return None
        before = text[max(0, start - 1500) : start]
        if found is None:
            return self._stance(sentence, before)
        source = None
        if found.owner.lower() == "their":
            # "their pronouncement of a “no limits” partnership": the pair's formula, a
            # quote only (the rest of the sentence is not their speech)
            if found.noun not in self.verbs.declarations or self._joint is None or \
                    not self._names_joint(before[-600:] + sentence):
                return None
            return Source(self._joint.name, self._joint.group, found.noun_start, False, False,
                          True, found.content_start)
        if found.owner:
            names = list(finditer_ignoring_case(self._name_lc, self._name_re, found.owner))
            source = self._known(found.owner, names[-1].end(), names[-1], before) if names \
                else self._capitalised(found.owner, _LAST_NAME_RE.search(found.owner), before)
        elif found.noun in self.verbs.declarations:
            head = sentence[: found.noun_start]
            source = self._candidate(head[main_clause_start(head):], before, anchored=False,
                                     first=True)
        elif _HOLDS_RE.search(sentence, max(0, found.noun_start - 40), found.noun_start):
            # "experts …, often promoting the view that": the view is the subject's
            source = self._candidate(sentence[: found.noun_start], before, anchored=False)
        speaker, group = source or ("unnamed", "other")
        return Source(speaker, group, found.noun_start, True, False, True, found.content_start)

    def _stance(self, sentence: str, before: str) -> Source | None:
        """A stance attributed by an opener: *For former Bolivian Foreign Minister
        Fernando Huanacuni, …* (a person the text describes, not any name: *For Xi, it is
        an opportunity* is the outlet's), *For many analysts, …*."""
        m = STANCE_RE.match(sentence)
        if m is None:
            return None
        who = m["who"]
        if (unnamed := self._unnamed_re.fullmatch(who.strip())) is not None:
            speaker, group = self._unnamed(unnamed)
        elif (name := _LAST_NAME_RE.search(who)) and len(name.group().split()) == 2 and (
                group := described_group(name.group(), sentence, self.speakers)):
            speaker = name.group()
        else:
            return None
        return Source(speaker, group, m.start("who"), True, False, True, m.end())
