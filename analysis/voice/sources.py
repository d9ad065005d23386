"""Sources a sentence names beyond the speakers file: the second pass of voice attribution.

:mod:`analysis.voice.voices` first applies its rules with the speakers of
``speakers.yaml``. Where they leave a span as narrator, scare quote or a quote without
speaker, :class:`SourceFinder` reads the span's sentence (quotes masked) for a source:

- a verb from ``data/lexicons/reporting_verbs.yaml`` by its role: **reporting**
  (*said*, *warned*, *writes*, *pointed out* …), **declaring** and **describing**
  (*declared*, *hailed … as*, *described … as*; reported speech only when no quote
  follows), **enacting** (*signed*: a quoted formula only), **viewing** (*see*: never a
  quote's source); a form that is a noun here is none (*a state visit*, *claims of*);
- its **subject**: the first source named in the verb's clause (clauses restart after
  *;*, *:*, *that*, *as*, *where*, *when*, *while*, *which*, *but*, *what*), the one
  after the last comma or closing quote when the attribution ends the sentence (*…, the
  Global Times wrote*), the source after an inverted verb (*…, stated Cooley*) or after
  *by* (*was described by both countries*), a participle's own or main clause's subject
  (*with Russia and China pleading*, *X began by declaring*, *Macron for saying*);
  possessives and names after a preposition are no subjects
  (:mod:`analysis.voice.subjects`);
- a source is a speakers-file name (aliases include role nouns: *the Russian leader*;
  *the Russian top diplomat* is a role held by a Russian official), two official names
  joined by *and* (joint), *he*/*she* (the last person named before), *they* (the joint
  speaker when the text named one), a source named by a noun (*one analyst*, *the think
  tank*, *the study*: :mod:`analysis.voice.unnamed`), a country as the whole subject,
  or a capitalised name, kept as written with the group its description gives
  (:func:`analysis.voice.descriptions.described_group`, else ``unknown``);
- speech a noun reports (*Macron's remarks that …*, *claims that …*) and stances an
  opener attributes (*For former minister X, …*): :meth:`SourceFinder.claim`,
  :mod:`analysis.voice.claims`;
- a **source tag in a headline** (*CGTN: …*, *… (Global Times)*, *…: Global Times
  editorial*) attributes the headline (codebook R3); places and both countries before a
  colon are no tags.

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
from analysis.voice.descriptions import (
    UNKNOWN_GROUP,
    circumstances_follow,
    described_group,
    main_clause_start,
    named_subject_pattern,
    strip_adverbs,
    strip_titles,
    words_after_dateline,
)
from analysis.voice.faceless import faceless_attribution
from analysis.voice.quotes import CLOSERS
from analysis.voice.resolution import is_object
from analysis.voice.speakers import LazyPattern, Speaker, Speakers, alternation
from analysis.voice.subjects import (
    OF_RE,
    PREPOSITION_BEFORE_RE,
    capitalised_hits,
    finditer_ignoring_case,
    is_noun,
    opens,
    past_preposition,
    possessive,
    tags_headline,
    unlisted_full_name,
)
from analysis.voice.unnamed import DOCUMENT_BY_RE, OFFICIAL_NATIONS, UnnamedSources
from analysis.voice.verbs import DEFAULT_REPORTING_VERBS, ReportingVerbs, load_reporting_verbs

__all__ = ["DEFAULT_REPORTING_VERBS", "UNKNOWN_GROUP", "ReportingVerbs", "Source",
           "SourceFinder", "described_group", "load_reporting_verbs", "strip_titles"]


# a nation before a role noun: "the Russian top diplomat"
_ROLE_NATIONS = {"russian": "russian_official", "chinese": "chinese_official",
                 "american": "western_official", "u.s.": "western_official"}
# (a comparison has a subject of its own: "… than the well-known “…” notion suggests")
_CLAUSE_RE = re.compile(r"[;:]|\b(?:that|as|where|when|while|which|but|what|than)\b", re.I)
# "Ivan Petrov, a researcher at …, said", '“…,” Ivan Petrov, deputy economist at …, told
# AFP', "…, Jay Zagorsky, a professor at Boston University told": a subject with an
# appositive before the verb
_APPOSED_SUBJECT_RE = re.compile(
    r"(?:^|[,”\"»’]\s*)(?:((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+),\s+(?:(?:a|an|the)\s)?"
    r"[^,]{1,120},|((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]+),\s+(?:a|an)\s[^,]{1,120})\s*$")
_TELL = frozenset({"told", "tell", "tells", "telling"})  # the name after is the addressee
_ADVERBS = frozenset("has have had also recently frequently often consistently repeatedly "
                     "reportedly once even further".split())
_LAST_WORD_RE = re.compile(r"\s+(\w+)\s*$")
_TRAILER = 45
_LOWER_NEXT_RE = re.compile(r"\s+[a-z]")
# the two sides described, adjectives between: "both state leaders", "the two most powerful
# authoritarian countries" (the speakers file lists the bare forms: "both leaders")
# and their statement, described: "a 7,000-word joint statement"
_PAIR_RE = re.compile(r"\b(?:both|the\s+two)\s+(?:[a-z-]+\s+){1,3}?(?:leaders|countries|"
                      r"nations|sides|powers|presidents|governments|heads\s+of\s+state)\b"
                      r"|\b(?:a|the|their)\s+(?:[\w,-]+\s+){1,3}?joint\s+(?:statement|"
                      r"declaration)\b", re.I)
_PARENTHETICAL_IT_RE = re.compile(r",\s*it\s*$")
# a nation's noun phrase running into a name: "American newspaper The New York Times"
_DESCRIBED_NAME_RE = re.compile(r"(?:\s+[a-z]+){1,3}\s+(?:The\s+)?"
                                r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,4})")
_LEADING_TAG_RE = re.compile(r"\s*([A-Z][^:\n]{1,38}?):\s")
# "Petrov: …": a surname before a colon
_PERSON_TAG_RE = re.compile(r"\s*(?P<name>[A-Z][a-z’'-]+):\s")
_BY_RE = re.compile(r"\s+by\s+")
# a scraped page's date before its headline: " date 2025-09-23 Zelenskyy: …"
_DATE_PREFIX_RE = re.compile(r"^\s*(?:date\s+)?\d{4}-\d{2}-\d{2}\s+")
# the kind of piece after an outlet's name in a headline tag: "China Daily editorial"
_PIECE_RE = re.compile(r"\s+(?:editorial|commentary|op-ed|opinion|analysis|report)$", re.I)
_OUTLET_NAME_RE = re.compile(r"(?:The\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4}")
_BY_END_RE = re.compile(r"\s+by\s*$")
_FOR_END_RE = re.compile(r"\s+for\s*$")
# a verb by which the subject holds a claim (not "boosting claims", others' claims)
_HOLDS_RE = re.compile(r"\b(?:promot|voic|express|shar|repeat|mak|issu|advanc|echo|reiterat|reach|"
                       r"put\s+forward)\w*\s+(?:(?:the|a|an|their|its|his|her)\s+)?(?:[a-z]+\s+)?$",
                       re.I)
_LEADERS = frozenset({"russian_official", "chinese_official"})
_THEIR_RE = re.compile(r"\s+their\b", re.I)
_OWNER_PREFIX_RE = re.compile(r"^\S+(?:[’']s?)\s+(?=[A-Z])")  # "CSS' Brian Carlson"
_LAST_NAME_RE = re.compile(r"(?:[A-Z][\w’'-]+\s+)?[A-Z][\w’'-]+$")  # of an owner as written
_AUXILIARY_END_RE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
# a clause that starts with its verb: its subject is the main clause's
_ELIDED_RE = re.compile(r"\s*(?:has|have|had|is|are|was|were|also|then|later|would|will|"
                        r"could|did|does)\b")
# a verb form that is also a noun, right after a gerund, is that gerund's object
# ("Comparing notes on …")
_GERUND_BEFORE_RE = re.compile(r"\b[A-Za-z]+ing\s+$")
# a relative clause whose verb follows its pronoun: ", which (also) called for …"
_RELATIVE_RE = re.compile(r",\s*which$", re.I)
_WORD_START_RE = re.compile(r"(?<!\S)\S")
_ANTECEDENT_WORDS = 8
_FINAL_SUBJECT_WORDS = 10  # "…, <subject> said.": a subject of at most this many words

_NOT_NAMES = frozenset("""it it’s it's he she they we i you some this that these those there
    many most others one""".split())




def _without_date(sentence: str) -> str:
    """``sentence`` without a scraped date before its headline (*date 2025-09-23 …*)."""
    return _DATE_PREFIX_RE.sub("", sentence) if "-" in sentence[:30] else sentence


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


class SourceFinder(UnnamedSources):
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
        nation = r"(?:(?P<nation>" + "|".join(map(re.escape, _ROLE_NATIONS)) + r")\s+)?"
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

    def leading_tag(self, sentence: str) -> tuple[str, str] | None:
        """The listed source a paragraph's first sentence opens with, before a colon
        (*SCMP: Shared mistrust of the West has brought …*)."""
        m = _LEADING_TAG_RE.match(_without_date(sentence))
        if m and (s := self.speakers.resolve(m.group(1)) or self.speakers.by_name_word(
                m.group(1))) and tags_headline(s):
            return s.name if s.kind != "institution" else m.group(1), s.group
        return None

    def person_tag(self, sentence: str, text: str) -> tuple[str, str] | None:
        """A person a paragraph's first sentence opens with, before a colon, whom the
        speakers file does not list (*Petrov: Ties have limits*, a headline's or an
        interview's speaker label): a surname whose full name ``text`` gives (*Ivan
        Petrov*), that full name with the group its description gives."""
        m = _PERSON_TAG_RE.match(_without_date(sentence))
        if m is None or self.speakers.resolve(m["name"]) is not None:
            return None
        if m["name"] in self.speakers.countries or m["name"] in self.speakers.nations:
            return None
        full = unlisted_full_name(m["name"], text[:20_000])
        if full is None or any(w in self.speakers.nations for w in full.split()):
            return None
        return full, described_group(full, text[:20_000], self.speakers) or UNKNOWN_GROUP

    def headline_tag(self, sentence: str) -> tuple[str, str] | None:
        """The outlet a headline's source tag names (*CGTN: …*, *… (Global Times)*)."""
        text = _without_date(sentence).strip()
        if not text or text[-1] in ".?!”\"":
            return None
        for m in (re.match(r"([^:]{2,40}):", text), re.search(r"\(([^()]{2,40})\)$", text),
                  re.search(r":\s*([^:]{2,40})$", text),
                  re.search(r"\s[–—-]\s*([^–—-]{2,40})$", text)):
            if m and (s := self._named(m.group(1).strip(), whole=True)) and tags_headline(s):
                return s.name if s.kind != "institution" else m.group(1).strip(), s.group
            if m and (outlet := self._outlet(m.group(1))):
                return outlet, "other"  # "…: China Daily editorial", an outlet not listed
        return None

    def _outlet(self, tag: str) -> str | None:
        """A news outlet the speakers file does not list, named by a tag (*China Daily
        editorial*): a capitalised name with a media word (codebook R4), without the kind
        of piece after it."""
        name = _PIECE_RE.sub("", tag.strip())
        if not _OUTLET_NAME_RE.fullmatch(name) or self.speakers.resolve(name) is not None:
            return None
        describer_group = described_group(name, "", self.speakers)
        return name if describer_group == "other" else None

    def _subject(self, sentence: str, verb: re.Match, before: str) -> tuple[str, str, bool] | None:
        head = sentence[words_after_dateline(sentence) : verb.start()]
        tail = sentence[verb.end():]
        if _BY_RE.match(tail):
            return self._agent(head, tail, verb.group().lower(), before)
        if verb.group().lower().endswith("ing"):
            return self._participle_subject(head, before)
        if (apposed := _APPOSED_SUBJECT_RE.search(head)) and (
            found := self._candidate(apposed[1] or apposed[2], before, anchored=True)
        ):
            at = apposed.start(1 if apposed[1] else 2)
            return (*found, at > 0 and "," in head[:at])
        inverted = verb.group().lower() not in _TELL
        if inverted and (not head.strip() or head.rstrip().endswith((",", "”", '"', "»", "’"))):
            # "…, said Cooley", "According to Kirill Babaev, …"
            found = self._candidate(tail[:60], before, anchored=True)
            if found:
                return (*found, True)
        return self._clause_subject(head, tail, before)

    def _agent(self, head: str, tail: str, verb: str, before: str
               ) -> tuple[str, str, bool] | None:
        """The source after *by*: *… was described by both countries as …*; none for an
        act in a noun's participle (*a statement signed by X omits …*)."""
        if verb in self.verbs.enacting and not _AUXILIARY_END_RE.search(head):
            return None
        by = _BY_RE.match(tail)
        found = self._candidate(tail[by.end() : by.end() + 120], before, anchored=True)
        return (*found, False) if found else self._clause_subject(head, tail, before)

    def _clause_subject(self, head: str, tail: str, before: str) -> tuple[str, str, bool] | None:
        """The source that is the subject of the verb's clause: after the last comma when
        the attribution ends the sentence (*…, the Global Times wrote*), else the first
        in the clause (one after its last comma first), else, after *but*, the main
        clause's (*China has sought …, but has declared*)."""
        if _PARENTHETICAL_IT_RE.search(head) and (found := self._it(before)):
            return (*found, False)  # "The aim, it stated, was …": the organisation before
        # "…, a researcher at the Carnegie Center told The Guardian.", after a quote too
        subject_from = max(head.rfind(","), *(head.rfind(c) for c in CLOSERS)) + 1
        subject_words = len(head[subject_from:].split()) <= _FINAL_SUBJECT_WORDS
        final = subject_words and (len(tail.strip(" .”\"")) <= _TRAILER and "," not in tail
                                   or "," in head and circumstances_follow(tail, 0, len(tail)))
        breaks = list(_CLAUSE_RE.finditer(head))
        clause_from = breaks[-1].end() if breaks else 0
        if breaks and (relative := _RELATIVE_RE.search(head[: clause_from])) and not \
                strip_adverbs(" " + head[clause_from:]).strip() and (
                found := self._antecedent_of(head[: relative.start()], before)):
            return (*found, False)  # "a joint statement on …, which called for …"
        found = None
        if final and "," in head:  # "…, the Global Times wrote."
            found = self._candidate(head[max(clause_from, head.rfind(",") + 1):], before,
                                    anchored=False)
            final = found is not None  # else "X are quick, and right, to point out …"
        if found is None:
            # "Noting X and Y …, Guo said": a source after the last comma comes first
            prefer = head.rfind(",") + 1 - clause_from if not final else 0
            found = self._candidate(head[clause_from:], before, anchored=False, prefer=prefer)
        if found is None and breaks and breaks[-1].group().lower() == "but" and \
                _ELIDED_RE.match(head, clause_from):
            found = self._candidate(head[main_clause_start(head):], before, anchored=False,
                                    first=True)
        return (*found, final and "," in head) if found else None

    def _antecedent_of(self, head: str, before: str) -> tuple[str, str] | None:
        """The source a relative clause after ``head`` speaks for: the nearest one that
        opens a noun phrase ending ``head`` (*the signing of a joint statement on global
        governance*: the joint statement), at most :data:`_ANTECEDENT_WORDS` words back."""
        starts = [m.start() for m in _WORD_START_RE.finditer(head, max(0, len(head) - 100))]
        for at in reversed(starts[-_ANTECEDENT_WORDS:]):
            if found := self._candidate(head[at:], before, anchored=True):
                return found
        return None

    def _participle_subject(self, head: str, before: str) -> tuple[str, str, bool] | None:
        """The source of *…, saying …*: the subject of the sentence's main clause (after
        an opening adverbial clause: *Since …, China and Russia have …, proclaiming*).
        A participle that opens the sentence (*Noting …, Guo said*) has none of its own."""
        if not head.strip():
            return None
        if found := self._adjacent(head, before):  # "with Russia and China pleading that"
            return (*found, False)
        if (ascribed := _FOR_END_RE.search(head)) and (
                found := self._adjacent(head[: ascribed.start()], before)):
            return (*found, False)  # "Russia denounces Macron for saying …": Macron's
        if by := _BY_END_RE.search(head):  # "X began by declaring": X's
            clause_from = max((m.end() for m in _CLAUSE_RE.finditer(head, 0, by.start())),
                              default=0)
            clause_from = max(clause_from, main_clause_start(head))
            found = self._candidate(head[clause_from : by.start()], before, anchored=False,
                                    first=True)
            return (*found, False) if found else None
        start = main_clause_start(head)
        found = self._candidate(head[start:], before, anchored=False, first=True)
        return (*found, False) if found else None

    def _adjacent(self, head: str, before: str) -> tuple[str, str] | None:
        """A listed or unnamed source right before a participle, with no comma between:
        the participle's own subject (*with both sides agreeing*)."""
        bare = head.rstrip()
        if not bare or bare[-1] in ",;:":
            return None
        text = bare[-60:]
        for rx_lc, rx in ((self._name_lc, self._name_re), (self._unnamed_lc, self._unnamed_re)):
            m = next((m for m in finditer_ignoring_case(rx_lc, rx, text) if m.end() == len(text)),
                     None)
            if m is not None:
                kind = "name" if rx is self._name_re else "unnamed"
                return self._resolve(text, m.start(), m.end(), kind, m, before)
        return None

    def _candidate(self, text: str, before: str, *, anchored: bool, first: bool = False,
                   prefer: int = 0) -> tuple[str, str] | None:
        """The first source in ``text`` (from ``prefer`` on, if any there, else before
        it); with ``anchored``, only one that opens it; with ``first``, a capitalised
        name counts only when it opens ``text``."""
        hits = [(m.start(), m.end(), "name", m)
                for m in finditer_ignoring_case(self._name_lc, self._name_re, text)]
        bare = None if anchored or first else strip_adverbs(text)
        hits += self._role_hits(text, bare)
        hits += [(m.start(), m.end(), "unnamed", m)
                 for m in finditer_ignoring_case(self._unnamed_lc, self._unnamed_re, text)]
        hits += capitalised_hits(text, bare, first=first)
        if self._joint is not None:  # "both state leaders", "the two most powerful countries"
            hits += [(m.start(), m.end(), "pair", m) for m in _PAIR_RE.finditer(text)]
        hits += self._country_hits(text, bare, anchored=anchored)
        # (a country before the same capitalised word: "China declares" is Beijing's)
        hits.sort(key=lambda h: (h[0] < prefer, h[0], -h[1], h[2] == "capitalised"))
        if anchored:
            hits = [h for h in hits if opens(text[: h[0]], h[2])]
        else:  # "Xi's visit highlighted", "the trip by the Chinese president highlighted"
            hits = [h for h in map(lambda h: past_preposition(text, h), hits)
                    if not possessive(text, h[0], h[1])
                    and not PREPOSITION_BEFORE_RE.search(text, max(0, h[0] - 12), h[0])]
        for start, end, kind, m in hits:
            found = self._resolve(text, start, end, kind, m, before)
            if found:
                return found
        return None

    def _resolve(self, text, start, end, kind, m, before) -> tuple[str, str] | None:
        if kind == "unnamed":
            return self._unnamed_source(text, start, end, m, before)
        if kind == "capitalised":
            return self._capitalised(text, m, before)
        if kind == "pair":
            return self._joint.name, self._joint.group
        if kind == "country":
            return m.group(1), self.speakers.countries[m.group(1)]
        if kind == "role" and DOCUMENT_BY_RE.match(text, end):
            return None  # "the report by Strider Technologies": its author, not an outlet
        if kind == "role":  # the speaker with that role named last before it
            context = before + text[:start]
            group = _ROLE_NATIONS.get((m["nation"] or "").lower(), "")
            s = self.speakers.resolve_role("the " + m["noun"], context, len(context), group)
            return (s.name, s.group) if s else None
        return self._known(text, end, m, before)

    def _capitalised(self, text: str, m: re.Match, before: str) -> tuple[str, str] | None:
        """A name as written, titles removed: group ``unknown`` unless listed."""
        words = strip_titles(_OWNER_PREFIX_RE.sub("", m.group())).split()
        if not words:
            return None
        if words[0].lower() in _NOT_NAMES:
            if strip_adverbs(text[m.end():]).strip():
                return None
            if words[0].lower() == "it" and (found := self._it(before)):
                return found  # "One think tank says … It says …"
            return "unnamed", "other"  # "It's argued", "Some (even) lamented"
        s = self.speakers.resolve(" ".join(words))
        if s is None and len(words) == 1 and words[0] in self.speakers.nations and (
                named := _DESCRIBED_NAME_RE.match(text, m.end())):
            # "the American newspaper The New York Times": the name the description runs into
            name = named["name"]
            listed = self.speakers.resolve(name)
            return (listed.name, listed.group) if listed else (
                name, described_group(name, text, self.speakers) or UNKNOWN_GROUP)
        if s is None and len(words) == 1 and words[0] in self.speakers.nations:
            return None  # "the Chinese diplomat": the unnamed source, not "Chinese"
        if s is None and len(words) == 1:
            s = self._full_name(words[0], before) or self.speakers.by_name_word(words[0])
            if s is None and (full := unlisted_full_name(words[0], before)):
                # kept as written (R11), described as the full name was
                return words[0], described_group(full, before, self.speakers) or UNKNOWN_GROUP
        return (s.name, s.group) if s else (" ".join(words), UNKNOWN_GROUP)

    def _full_name(self, word: str, before: str) -> Speaker | None:
        """The listed speaker whose full name, named before, has ``word`` as one of its
        names (*Spokesperson Guo Jiakun … Guo said*: Guo Jiakun)."""
        word = re.escape(word)
        found = (m for rx in (r"\b[A-Z][\w’'-]+\s+" + word + r"\b", r"\b" + word
                              + r"\s+[A-Z][\w’'-]+\b")
                 for m in re.finditer(rx, before[-1500:]))
        for m in sorted(found, key=lambda m: -m.start()):
            if (s := self.speakers.resolve(m.group())) is not None:
                return s
        return None

    def _known(self, text: str, end: int, m: re.Match, before: str) -> tuple[str, str] | None:
        """A speakers-file name or a pronoun; two officials joined by *and* are joint."""
        word = m.group()
        pronoun = self.speakers.pronoun_kind(word)
        if pronoun == "person":
            return self._last_person(before, self.speakers.pronoun_gender(word))
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

    def _role_hits(self, text: str, bare: str | None) -> list[tuple]:
        """A role noun (*the minister*) that is the whole subject: it opens ``text``
        (``bare`` is ``None``) or ends ``bare`` (*the ministry has also*)."""
        if bare is None:
            m = self._role_open.match(text)
        else:
            m = self._role_end.search(bare, max(0, len(bare) - 60))
        return [(m.start("role"), m.end("role"), "role", m)] if m else []

    def _country_hits(self, text: str, bare: str | None, *, anchored: bool) -> list[tuple]:
        """A country that is the whole subject: it opens ``text`` (``bare`` is ``None``;
        followed by a lower-case word unless ``anchored``) or ends ``bare`` (*China has
        repeatedly said*): its government speaks."""
        if self._country_re is None:
            return []
        if bare is None:
            m = self._country_re.match(text, len(text) - len(text.lstrip()))
            ok = m is not None and (anchored or _LOWER_NEXT_RE.match(text, m.end()))
        else:
            m = self._country_re.search(bare, max(0, len(bare) - 40))
            ok = m is not None and m.end() == len(bare)
        return [(m.start(), m.end(), "country", m)] if ok else []

    def _named(self, text: str, *, whole: bool) -> Speaker | None:
        return self.speakers.resolve(text) if whole else None

    def _last_person(self, before: str, gender: str) -> tuple[str, str] | None:
        """*he*/*she*: the last person of a fitting gender named in ``before``, or a later
        person outside the speakers file named as the subject of a reporting verb."""
        before = before[-1500:]
        found, at = None, -1
        for m in reversed(list(finditer_ignoring_case(self._name_lc, self._name_re, before))):
            s = self.speakers.resolve(m.group())
            if s is not None and s.kind == "person" and s.fits(gender) and not is_object(
                    before, m.start()):  # not "a treaty signed by Putin"
                found, at = (s.name, s.group), m.start()
                break
        for m in self._named_subject.finditer(before, at + 1):
            name = strip_titles(m["name"])
            if name and not any(self.speakers.resolve(w) for w in m["name"].split()):
                found = (name, described_group(name, before, self.speakers) or UNKNOWN_GROUP)
        return found

    def _names_joint(self, text: str) -> bool:
        groups = set()
        for m in finditer_ignoring_case(self._name_lc, self._name_re, text):
            s = self.speakers.resolve(m.group())
            if s is not None:
                if s.kind == "joint":
                    return True
                groups.add(s.group)
        return {"russian_official", "chinese_official"} <= groups
