"""Source tags of headlines and paragraph openers: a mixin of the second voice pass.

:class:`HeadlineTags` gives :class:`analysis.voice.sources.SourceFinder` its reading of
a **source tag**: the outlet a headline names (*CGTN: …*, *… (Global Times)*, *…: China
Daily editorial*, codebook R3), the listed source a paragraph opens with before a colon
(*SCMP: …*), and an unlisted person before a colon whose full name the text gives
(*Petrov: …*). Places and both countries before a colon are no tags.
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import UNKNOWN_GROUP, described_group
from analysis.voice.speakers import Speaker
from analysis.voice.subjects import tags_headline, unlisted_full_name

__all__ = ["HeadlineTags"]

_LEADING_TAG_RE = re.compile(r"\s*([A-Z][^:\n]{1,38}?):\s")
# "Petrov: …": a surname before a colon
_PERSON_TAG_RE = re.compile(r"\s*(?P<name>[A-Z][a-z’'-]+):\s")
# a scraped page's date before its headline: " date 2025-09-23 Zelenskyy: …"
_DATE_PREFIX_RE = re.compile(r"^\s*(?:date\s+)?\d{4}-\d{2}-\d{2}\s+")
# the kind of piece after an outlet's name in a headline tag: "China Daily editorial"
_PIECE_RE = re.compile(r"\s+(?:editorial|commentary|op-ed|opinion|analysis|report)$", re.I)
_OUTLET_NAME_RE = re.compile(r"(?:The\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4}")


def _without_date(sentence: str) -> str:
    """``sentence`` without a scraped date before its headline (*date 2025-09-23 …*)."""
    return _DATE_PREFIX_RE.sub("", sentence) if "-" in sentence[:30] else sentence


class HeadlineTags:
    """Methods of :class:`analysis.voice.sources.SourceFinder` for source tags; they use
    its ``speakers``."""

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

    def _named(self, text: str, *, whole: bool) -> Speaker | None:
        return self.speakers.resolve(text) if whole else None
