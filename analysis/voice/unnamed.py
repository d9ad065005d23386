"""Unnamed sources and the descriptions that stand for named ones: a mixin of the second
voice pass.

:class:`UnnamedSources` gives :class:`analysis.voice.sources.SourceFinder` its reading of
a source named by a noun (``unnamed`` in ``speakers.yaml``): *analyst Ivan Petrov* (the
name after it), *officials from both countries* (whose officials), *Russia's
leadership* (the nation's officials), *the participants* of the leaders' talks (both),
*the think tank*, *the study*, *a new report* (the source the text names for it,
:mod:`analysis.voice.references`), *it* after an organisation (that organisation), else
the speaker ``unnamed`` with the noun's group.
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import described_group, scholarly_name
from analysis.voice.references import DOCUMENTS, ORGANISATIONS, person_after, referent

__all__ = ["DOCUMENT_BY_RE", "OFFICIAL_NATIONS", "UnnamedSources"]

# nations before "officials", "diplomats": their government's group
OFFICIAL_NATIONS = {"chinese": "chinese_official", "russian": "russian_official",
                    "western": "western_official", "american": "western_official",
                    "u.s.": "western_official", "us": "western_official",
                    "china's": "chinese_official", "russia's": "russian_official"}
# unnamed sources that speak for the nation named with them ("Russia's leadership")
_NATIONAL = frozenset({"official", "diplomat", "leadership", "authorities", "press service"})
_NATION_BEFORE_RE = re.compile(r"\b(Chinese|Russian|China['’]s|Russia['’]s|U\.S\.|US|American)"
                               r"(?:\s+[\w’'-]+){0,4}\s*$")  # "Russia’s Pacific fleet’s"
_NAME_AFTER_RE = re.compile(r"\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)")
_DEFINITE_RE = re.compile(r"\bthe\s+(?:[\w,.-]+\s+){0,3}$", re.I)  # "the Washington-based"
_INDEFINITE_RE = re.compile(r"\b(?:a|an|one|some|many|most|several|other|another|two|three|"
                            r"few|leading)\s+(?:[\w,.-]+\s+){0,2}$", re.I)  # "one think tank"
# a document's author: "the report by Strider Technologies"
DOCUMENT_BY_RE = re.compile(r"\s+(?:[\w-]+\s+){0,4}?(?:by|from)\s+(?:the\s+)?([A-Z][\w’'&.-]*"
                            r"(?:\s+(?:(?:of|on|for|and)\s+)?[A-Z][\w’'&.-]*){0,5})")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")
_PARTIES = frozenset({"participants", "parties"})  # of talks the text says both leaders held
_THE_RE = re.compile(r"\bthe\s+$", re.I)


class UnnamedSources:
    """Methods of :class:`analysis.voice.sources.SourceFinder` for sources named by a
    noun; they use its ``speakers``, ``find``, ``_of_re``, ``_joint``, ``_names_joint``
    and ``_after`` (the text after the sentence it reads)."""

    def _unnamed_source(self, text: str, start: int, end: int, m: re.Match, before: str
                        ) -> tuple[str, str] | None:
        """A source named by a noun: *analyst Ivan Petrov* (the name), *officials from
        both countries* (whose officials), *the think tank* (the last one the text
        named, when it did), else ``unnamed`` (:meth:`_unnamed`)."""
        group = self._unnamed(m, text[:start], before)[1]
        noun = " ".join(m["noun"].lower().split())
        if named := _NAME_AFTER_RE.match(text, end):  # "analyst Ivan Petrov"
            return named.group(1), group
        if noun in DOCUMENTS and (by := DOCUMENT_BY_RE.match(text, end)):
            return by[1], described_group(by[1], "", self.speakers) or "analyst"
        if noun not in DOCUMENTS and (person := person_after(text, end)):
            # "diplomat and director of the Center for … Oleksandr Khara"
            return person, described_group(person, text, self.speakers) or group
        if noun in _PARTIES and self._joint is not None and _THE_RE.search(
                text, max(0, start - 5), start) and self._names_joint(before[-600:] + text):
            return self._joint.name, self._joint.group  # the participants in their talks
        of = self._of_re.match(text, end)
        if of and group == "other" and (s := self.speakers.resolve(of.group(1))):
            return (s.name, s.group) if s.kind == "joint" else ("unnamed", s.group)
        indefinite = _INDEFINITE_RE.search(text, max(0, start - 30), start) or (
            _INDEFINITE_RE.match(text, start, m.start("noun")))  # "one think tank"
        if not indefinite and (
                noun in DOCUMENTS or not noun.endswith("s") or noun in ORGANISATIONS):
            # "the think tank", a headline's "think tank says", "a new report": the one
            # the text names
            definite = _DEFINITE_RE.search(text, max(0, start - 40), start)
            if definite and (found := self._antecedent(group, before)):
                return found
            if found := referent(noun, before + text[:start], self._after, self.speakers):
                return found
        elif noun in DOCUMENTS and (found := referent(noun, before + text[:start], self._after,
                                                      self.speakers)):
            return found  # "a new report … suggests"
        return self._unnamed(m, text[:start], before)

    def _it(self, before: str) -> tuple[str, str] | None:
        """What *it* says: the source of the sentence before, when that is an
        organisation, a document or an unnamed source, not a person."""
        sentences = _SENTENCE_END_RE.split(before[-1500:])
        if not sentences or not sentences[-1].strip():
            return None
        found = self.find(sentences[-1], " ".join(sentences[:-1]))
        if found is None:
            return None
        listed = self.speakers.resolve(found.speaker)
        if found.speaker == "unnamed" or (listed is not None and listed.kind != "person") or (
                scholarly_name(found.speaker)):
            return found.speaker, found.group
        return None

    def _antecedent(self, group: str, before: str) -> tuple[str, str] | None:
        """The last source of ``group`` named in the sentences of ``before`` (at most
        six back), for *the think tank said*, *the analyst added*."""
        sentences = _SENTENCE_END_RE.split(before[-1500:])[-6:]
        for sentence in reversed(sentences):
            found = self.find(sentence, "")
            if found is not None and found.speaker != "unnamed" and found.group == group:
                return found.speaker, found.group
        return None

    def _unnamed(self, m: re.Match, context: str = "", earlier: str = "") -> tuple[str, str]:
        """An unnamed source: group from the speakers file, or, for officials, the
        leadership or authorities, the group of the nation named with them (as a
        modifier, or in the words before: ``context``), or, for *the press service*,
        with its last mention in the ``earlier`` text."""
        nation, noun = (m["nation"] or "").lower().replace("’", "'"), m["noun"].lower()
        if noun not in self.speakers.unnamed:
            noun = noun.rstrip("s")
        group = self.speakers.unnamed.get(noun, "other")
        if group == "other" and noun in _NATIONAL:
            if not nation and (before := _NATION_BEFORE_RE.search(context[-60:])):
                nation = before[1].lower().replace("’", "'")
            elif not nation and _THE_RE.search(context[-5:]) and (
                    at := earlier.rfind(noun, max(0, len(earlier) - 1500))) > 0 and (
                    before := _NATION_BEFORE_RE.search(earlier[max(0, at - 60) : at])):
                nation = before[1].lower().replace("’", "'")
            group = OFFICIAL_NATIONS.get(nation, group)
        return "unnamed", group
