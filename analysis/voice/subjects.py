"""The shapes a speech verb's subject takes in a sentence, for the second voice pass.

Pure helpers of :class:`analysis.voice.sources.SourceFinder`: a capitalised name before
or after the verb (:func:`capitalised_hits`), and what rules a name out as the subject:
a possessive (*Xi’s visit underscored*, :func:`possessive`), a preposition before it
(*the trip by the Chinese president*, :data:`PREPOSITION_BEFORE_RE`), a verb form that
is a noun (*a state visit*, :func:`is_noun`); and the full name a surname stands for
(:func:`unlisted_full_name`).
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import strip_titles
from analysis.voice.speakers import Speaker, Speakers

__all__ = ["ANCHORED_NAME_RE", "CAPITALISED_RE", "OF_RE", "OPENING_NAME_RE",
           "PREPOSITION_BEFORE_RE", "capitalised_hits", "finditer_ignoring_case", "is_noun",
           "opens", "past_preposition", "possessive", "tags_headline", "unlisted_full_name"]

CAPITALISED_RE = re.compile(r"(?:\b[A-Z][\w’'.-]*\s+){0,2}\b[A-Z][\w’'-]+\s*$")
ANCHORED_NAME_RE = re.compile(r"\s*((?:the\s+)?[A-Z][\w’'-]+(?:\s+(?:(?:of|on|for)\s+)?"
                              r"[A-Z][\w’'-]+){0,3})")
# a name of two or three words opening a clause (one capitalised word opening a sentence
# is as often a common noun: "Leaders and officials …")
OPENING_NAME_RE = re.compile(r"\s*((?:[A-Z][\w’'.-]*\s+){1,2}[A-Z][\w’'-]+)(?=\s+[a-z(])")


def capitalised_hits(text: str, bare: str | None, *, first: bool) -> list[tuple]:
    """The capitalised name that may be ``text``'s source: the one that opens it
    (``first``; else, when ``bare`` is ``None``, *the* may precede) or the one that ends
    ``bare`` (``text`` without its final adverbs)."""
    if first:
        cap, group = OPENING_NAME_RE.match(text), 1
    elif bare is None:
        cap, group = ANCHORED_NAME_RE.match(text), 1
    else:
        cap, group = CAPITALISED_RE.search(bare, max(0, len(bare) - 160)), 0
    return [(cap.start(group), cap.end(group), "capitalised", cap)] if cap else []


_POSSESSIVE_RE = re.compile(r"[’']s\b")
PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:to|of|by|with|from|for|near|about|between|against|among|towards?|than|like|on|"
    r"at|in|into|over|under|without|within|across|beyond|behind)\s+(?:the\s+)?$", re.I)


def past_preposition(text: str, hit: tuple) -> tuple:
    """A capitalised hit after a preposition without its first word, when a name
    remains (*Ambassador to Russia Zhang Hanhui*: Zhang Hanhui)."""
    start, end, kind, m = hit
    if kind != "capitalised" or not PREPOSITION_BEFORE_RE.search(text, max(0, start - 12),
                                                                   start):
        return hit
    rest = _SECOND_WORD_RE.match(text, start, end)
    if rest is None or len(text[rest.end() : end].split()) < 2:
        return hit
    return rest.end(), end, kind, CAPITALISED_RE.search(text, rest.end(), end)


_SECOND_WORD_RE = re.compile(r"\S+\s+")


def possessive(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of ``text`` is a possessive (*Xi’s visit*): it
    names the owner of the subject, not the subject."""
    if text[start:end].lower().replace("’", "'") in _CONTRACTIONS:
        return False  # "It’s argued"
    return text[end - 2 : end] in ("’s", "'s") or _POSSESSIVE_RE.match(text, end) is not None


_CONTRACTIONS = frozenset("it's that's he's she's there's what's who's here's".split())


def tags_headline(s: Speaker) -> bool:
    """Whether a speaker before a headline's colon (or in its closing tag) is its source:
    a person or an outlet; not a place (*Moscow: …*) nor both countries (*China and
    Russia: a partnership …*)."""
    return s.kind == "person" or s.kind == "institution" and s.group == "other"


def unlisted_full_name(word: str, before: str) -> str | None:
    """The full name, named last in ``before``, of which ``word`` is the first or last
    name (*Zhao Long, a researcher … Zhao said*: Zhao Long, a researcher)."""
    w = re.escape(word)
    found = [m for rx in (r"\b[A-Z][\w’'-]+\s+" + w + r"\b", r"\b" + w + r"\s+[A-Z][\w’'-]+\b")
             for m in re.finditer(rx, before[-1500:])]
    if not found:
        return None
    name = strip_titles(max(found, key=lambda m: m.start()).group())
    return name if len(name.split()) == 2 else None


# a title before a listed name: "(announced by) leaders Xi and Putin", "by the presidents"
_TITLE_PREFIX_RE = re.compile(r"(?:the\s+)?(?:leaders|presidents|president|ministers|minister|"
                              r"officials|spokesman|spokeswoman|spokesperson)")


def opens(prefix: str, kind: str) -> bool:
    """Whether a source after ``prefix`` opens the words after an inverted verb: nothing
    but *the* before it, or, for a role noun before a name, a few lower-case words
    (*according to current affairs commentator Tang Jingyuan*)."""
    prefix = prefix.strip(" ,")
    return not prefix or prefix.lower() == "the" or (
        kind == "unnamed" and prefix.islower() and len(prefix.split()) <= 3) or (
        kind == "name" and _TITLE_PREFIX_RE.fullmatch(prefix) is not None)


def finditer_ignoring_case(lower_rx: re.Pattern[str], any_rx: re.Pattern[str], text: str):
    """Matches of a pattern in ``text`` ignoring case: of its lower-case version in the
    lower-cased text when that keeps offsets (it does but for rare letters)."""
    lower = text.lower()
    return lower_rx.finditer(lower) if len(lower) == len(text) else any_rx.finditer(text)


_NOUN_BEFORE_RE = re.compile(r"(?:\b(?:the|a|an|this|these|those|its|their|his|her|our|"
                             r"two|joint|video|phone|min|mins|minute)\s+|[\w]-|"
                             r"\b(?!(?:it|that|what|s?he|there|here|who)[’']s)\w+[’']s\s+)$",
                             re.I)  # "a phone call", "1 min read", "Xi's state visit"
OF_RE = re.compile(r"\s+of\b")
_WORD_BEFORE_RE = re.compile(r"\b([A-Z][\w’'.-]*)\s+$")


def is_noun(sentence: str, start: int, speakers: Speakers) -> bool:
    """Whether the verb form at ``start`` is a noun or part of a name: after a
    determiner (*a state visit*, *the call*) or a hyphen (*Video-call*), or capitalised
    after a capitalised word that names no speaker (*the United States*, but not the
    headline *Xi and Putin Announce*).

    >>> from analysis.voice.voices import _tiny_speakers
    >>> sp = _tiny_speakers()
    >>> is_noun("Ties with the United States grew.", 21, sp), is_noun("Xi Said so.", 3, sp)
    (True, False)
    """
    before = sentence[max(0, start - 30) : start]
    if sentence[start].isupper() and (w := _WORD_BEFORE_RE.search(before)):
        return speakers.resolve(w[1]) is None
    return _NOUN_BEFORE_RE.search(before) is not None
