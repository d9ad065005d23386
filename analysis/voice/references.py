"""What a description of a source stands for: *the think tank*, *the study*, *the diplomat*.

The second voice pass (:mod:`analysis.voice.sources`) finds unnamed sources by their
noun (*analysts say*, *one think tank says*). A text often names the source it then
describes (*… according to the Council on Foreign Relations. The think tank says …*) or
describes it before naming it (a headline's *…, think tank says* over an article about
the Council). :func:`referent` finds the named source a description means:

- a document (*report*, *study*, *survey*, *assessment*): the author the
  text gives it (*a report … by the RAND Corporation*, *the Carnegie report*, *the report
  by Strider Technologies*), else the research organisation named nearest;
- an organisation (*think tank*, *institute*): a research organisation the text names
  (*the Carnegie Endowment*, *the Council on Foreign Relations*, *X, a think tank*);
- a person (*the diplomat*, *the analyst*): the person the text describes with that
  noun (*diplomat and director of … Oleksandr Khara*, *Zhao Long, a … expert*).

The one named last before the description wins, else the first one after it; none when
the text names none. :func:`person_after` reads the name that a description runs into
(*diplomat and director of the Center for Defense Strategies Oleksandr Khara*).

>>> from analysis.voice.speakers import load_speakers
>>> sp = load_speakers()
>>> referent("think tank", "Ties are uneven, according to the Council on Foreign "
...          "Relations (CFR). ", "", sp)
('Council on Foreign Relations', 'analyst')
>>> referent("study", "A report on trade by the RAND Corporation think tank. ", "", sp)
('RAND Corporation', 'analyst')
>>> referent("diplomat", "It was said by diplomat and director of the Center for Defense "
...          "Strategies Oleksandr Khara in his analysis. ", "", sp)
('Oleksandr Khara', 'analyst')
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import described_group, scholarly_name
from analysis.voice.speakers import Speakers

__all__ = ["DOCUMENTS", "ORGANISATIONS", "person_after", "referent"]

#: Nouns of documents, whose source is their author.
DOCUMENTS = frozenset({"report", "study", "survey", "assessment"})
#: Nouns of organisations that are research sources.
ORGANISATIONS = frozenset({"think tank", "think-tank", "institute"})

_REACH = 3000  # characters searched on each side of the description
# a capitalised name, "of", "on", "for", "and" inside it: "Council on Foreign Relations"
_NAME = r"[A-Z][\w’'&.-]*(?:\s+(?:(?:of|on|for|and)\s+)?[A-Z][\w’'&.-]*){0,5}"
_DOCUMENT = r"(?:report|study|survey|paper|note|analysis|assessment)"  # as the text names it
_AUTHOR_RES = (
    # "a report … by the RAND Corporation", "the report from Strider Technologies"
    re.compile(r"\b" + _DOCUMENT + r"\b[^.;\n]{0,60}?\b(?:by|from)\s+(?:the\s+)?(" + _NAME
               + r")"),
    # "the Carnegie report", "RAND's study"
    re.compile(r"(?<![\w’'])(" + _NAME + r")(?:[’']s)?\s+" + _DOCUMENT + r"\b"),
)
_ORGANISATION_RES = (
    re.compile(r"\bthink[\s-]tanks?\s+(?:the\s+)?(" + _NAME + r")"),  # "think tank Chatham House"
    re.compile(r"(?<![\w’'])(" + _NAME + r")(?:,\s+(?:a|an|the)\s+[^,.;\n]{0,40}?)?\s+"
               r"think[\s-]tank\b"),  # "the RAND Corporation think tank", "X, a US think tank"
    re.compile(r"(?<![\w’'])(" + _NAME + r")"),  # any name that says it is one
)
# a person named after their description: the last two capitalised words of a run
_RUN_RE = re.compile(_NAME + r"(?=\s+[a-z(]|\s*[,.;:)]|\s*$)")
_ORGANISATION_WORD_RE = re.compile(r"\b(?:Institute|Institution|University|Endowment|"
                                   r"Foundation|Center|Centre|Academy|Club|Council|"
                                   r"Corporation|Ministry|Agency|Times|Post|Journal|News)\b")


def referent(noun: str, before: str, after: str, speakers: Speakers) -> tuple[str, str] | None:
    """The named source that a description by ``noun`` stands for, from the text
    ``before`` and ``after`` it: the last one before, else the first one after; with the
    group the speakers file or the text's description gives (research sources are
    analysts)."""
    noun = noun.lower().rstrip("s") if noun.lower() not in ORGANISATIONS else noun.lower()
    if noun in DOCUMENTS:
        finders = [*_AUTHOR_RES, *_ORGANISATION_RES[2:]]
    elif noun in ORGANISATIONS:
        finders = list(_ORGANISATION_RES)
    else:
        return _person(noun, before, after, speakers)
    for text, last in ((before[-_REACH:], True), (after[:_REACH], False)):
        if found := _named(finders, text, last, speakers):
            return found
    return None


def _named(finders: list[re.Pattern[str]], text: str, last: bool, speakers: Speakers
           ) -> tuple[str, str] | None:
    """The organisation one of ``finders`` finds in ``text`` (the last one or the first)."""
    hits = []
    for i, rx in enumerate(finders):
        for m in rx.finditer(text):
            name = _trim(m.group(1))
            if name and (i < len(finders) - 1 or scholarly_name(name)):
                hits.append((m.start(1), name))
        if hits and i < len(finders) - 1:
            break  # a name the text ties to the description beats any other
    if not hits:
        return None
    name = max(hits)[1] if last else min(hits)[1]
    return _as_listed(name, speakers) or (name, described_group(name, "", speakers) or "analyst")


def _person(noun: str, before: str, after: str, speakers: Speakers) -> tuple[str, str] | None:
    """The person the text describes with ``noun``: *noun … Name* or *Name, … noun*."""
    appositive = re.compile(r"(?<![\w’'])([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}),\s+"
                            r"(?:(?:a|an|the)\s+)?[^,.;\n]{0,80}?\b" + re.escape(noun) + r"s?\b")
    described = re.compile(r"\b" + re.escape(noun) + r"s?\b")
    for text, last in ((before[-_REACH:], True), (after[:_REACH], False)):
        hits = [(m.start(), m.group(1)) for m in appositive.finditer(text)]
        hits += [(m.start(), name) for m in described.finditer(text)
                 if (name := person_after(text, m.end()))]
        if hits:
            name = max(hits)[1] if last else min(hits)[1]
            group = described_group(name, text, speakers)
            return _as_listed(name, speakers) or (name, group or _UNKNOWN)
    return None


_UNKNOWN = "unknown"


def person_after(text: str, pos: int) -> str | None:
    """The person's name that the description at ``pos`` runs into, within its phrase:
    the last two words of the first capitalised run, unless they name an organisation.

    >>> t = "diplomat and director of the Center for Defense Strategies Oleksandr Khara in"
    >>> person_after(t, 8), person_after("analyst at the Carnegie Center said", 7)
    ('Oleksandr Khara', None)
    """
    end = _PHRASE_END_RE.search(text, pos, pos + 100)
    m = _RUN_RE.search(text, pos, end.start() if end else min(len(text), pos + 100))
    if m is None:
        return None
    words = m.group().split()
    name = " ".join(words[-2:])
    if len(words) < 2 or _ORGANISATION_WORD_RE.search(name) or not words[-2][0].isupper():
        return None
    return name


_PHRASE_END_RE = re.compile(r"[.;:!?“”\"]|\b(?:said|says|told|wrote|writes|argues|added)\b")


def _trim(name: str) -> str:
    """A name without a leading *The*, a trailing connector or full stop."""
    words = name.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    while words and words[-1].lower() in ("of", "on", "for", "and"):
        words = words[:-1]
    name = " ".join(words)
    return name[:-1] if re.search(r"[a-z]{2}\.$", name) else name  # "Relations." ends a sentence


def _as_listed(name: str, speakers: Speakers) -> tuple[str, str] | None:
    s = speakers.resolve(name)
    return (s.name, s.group) if s is not None else None
