"""Source candidates: which names in a clause are sources, and who they are.

:class:`SourceCandidates` gives :class:`analysis.voice.sources.SourceFinder` the sources
a stretch of text names and resolves each: a speakers-file name (aliases include role
nouns: *the Russian leader*; *the Russian top diplomat* is a role held by a Russian
official), two official names joined by *and* (joint), *he*/*she* (the last person named
before), *they* (the joint speaker when the text named one), a source named by a noun
(:class:`analysis.voice.unnamed.UnnamedSources`), both sides described (*both state
leaders*), a country as the whole subject, or a capitalised name, kept as written with
the group its description gives (:func:`analysis.voice.descriptions.described_group`,
else ``unknown``). Possessives and names after a preposition are no subjects
(:mod:`analysis.voice.subjects`).
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import (
    UNKNOWN_GROUP,
    described_group,
    strip_adverbs,
    strip_titles,
)
from analysis.voice.resolution import is_object
from analysis.voice.speakers import Speaker
from analysis.voice.subjects import (
    PREPOSITION_BEFORE_RE,
    capitalised_hits,
    finditer_ignoring_case,
    opens,
    past_preposition,
    possessive,
    unlisted_full_name,
)
from analysis.voice.unnamed import DOCUMENT_BY_RE, UnnamedSources

__all__ = ["ROLE_NATIONS", "SourceCandidates"]

# a nation before a role noun: "the Russian top diplomat"
ROLE_NATIONS = {"russian": "russian_official", "chinese": "chinese_official",
                 "american": "western_official", "u.s.": "western_official"}
_LOWER_NEXT_RE = re.compile(r"\s+[a-z]")
# the two sides described, adjectives between: "both state leaders", "the two most powerful
# authoritarian countries" (the speakers file lists the bare forms: "both leaders")
# and their statement, described: "a 7,000-word joint statement"
_PAIR_RE = re.compile(r"\b(?:both|the\s+two)\s+(?:[a-z-]+\s+){1,3}?(?:leaders|countries|"
                      r"nations|sides|powers|presidents|governments|heads\s+of\s+state)\b"
                      r"|\b(?:a|the|their)\s+(?:[\w,-]+\s+){1,3}?joint\s+(?:statement|"
                      r"declaration)\b", re.I)
# a nation's noun phrase running into a name: "American newspaper The New York Times"
_DESCRIBED_NAME_RE = re.compile(r"(?:\s+[a-z]+){1,3}\s+(?:The\s+)?"
                                r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,4})")
_OWNER_PREFIX_RE = re.compile(r"^\S+(?:[’']s?)\s+(?=[A-Z])")  # "CSS' Brian Carlson"

_NOT_NAMES = frozenset("""it it’s it's he she they we i you some this that these those there
    many most others one""".split())


class SourceCandidates(UnnamedSources):
    """Methods of :class:`analysis.voice.sources.SourceFinder` that find and resolve the
    sources a text names; they use its ``speakers`` and the name patterns its
    ``__init__`` compiles (``_name_re``, ``_unnamed_re``, ``_role_open``, ``_partner_re``,
    ``_country_re`` …)."""

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
            group = ROLE_NATIONS.get((m["nation"] or "").lower(), "")
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
