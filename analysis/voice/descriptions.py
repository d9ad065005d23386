"""How a text describes its speakers, and the shape of the sentences that name them.

Helpers of the second voice pass (:mod:`analysis.voice.sources`) and of pronoun
resolution (:mod:`analysis.voice.resolution`):

- :func:`described_group`: the group a speaker outside the speakers file belongs to,
  from the words the text puts before or after their name (*Chinese Foreign Ministry
  spokesperson X*, *X, a researcher at …*);
- :func:`strip_titles`, :func:`strip_adverbs`: a capitalised phrase or a subject
  without titles, sentence adverbs or auxiliaries;
- :func:`named_subject_pattern`: a name (not necessarily listed) before a speech verb;
- :func:`words_after_dateline`, :func:`main_clause_start`: where a sentence's own
  words and its main clause start, past a dateline (*BEIJING, Feb. 14 (Xinhua) --*)
  or an opening adverbial clause (*Since Putin invaded, …*).
"""

from __future__ import annotations

import re

from analysis.voice.speakers import Speakers, alternation, bundled_speakers

__all__ = ["CIRCUMSTANCE", "JOINED", "UNKNOWN_GROUP", "circumstances_follow", "described_group",
           "main_clause_start", "named_subject_pattern", "scholarly_name", "strip_adverbs",
           "strip_titles", "words_after_dateline"]

#: Group of a speaker the speakers file does not list and the text does not describe.
UNKNOWN_GROUP = "unknown"

#: Words that open the circumstances of a speech act after its verb (*said during a
#: meeting*, *said on Monday*), not what was said.
CIRCUMSTANCE = (r"\s+(?:in|at|on|during|after|before|while|when|from|via|through|ahead|"
                r"following|last|this|earlier|later|yesterday|today|tonight|"
                r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b")
_CIRCUMSTANCE_RE = re.compile(CIRCUMSTANCE)

#: What joins two names that speak together, after the first one's mention: *Xi and
#: Russian President Vladimir V. Putin*, *President Xi Jinping of China and President …*.
JOINED = (r"(?:\s+[A-Z][\w’'-]+)?(?:\s+of\s+[A-Z]\w+)?\s+and\s+"
          r"(?:(?:[A-Z]\.|[\w’'-]+)\s+){0,4}")
_ADDRESSEE_RE = re.compile(r"\s+(?:reporters|journalists|the\s+press|"
                           r"(?:[A-Z][\w’'.-]*\s*){1,4}(?=\s))")
_THAT_OR_QUOTE_RE = re.compile(r"\bthat\b|[“\"«‘]")


def circumstances_follow(text: str, verb_end: int, end: int) -> bool:
    """Whether the words after a speech verb, up to ``end``, are the circumstances of the
    speech act (*… said during a meeting with …*, *… told Xinhua on Monday*), not what
    was said: they open with a preposition or a time (after an addressee for *tell*),
    and have no *that* or quote before their next comma.

    >>> t = "Ties grew, Putin said during a meeting with Xi on Tuesday."
    >>> circumstances_follow(t, 21, len(t)), circumstances_follow("Xi said ties grew.", 7, 18)
    (True, False)
    """
    pos = verb_end
    if text[max(0, verb_end - 4) : verb_end].lower() in ("told", "tell", "ells"):
        addressee = _ADDRESSEE_RE.match(text, verb_end, end)
        pos = addressee.end() if addressee else pos
    if not _CIRCUMSTANCE_RE.match(text, pos, end):
        return False
    return _THAT_OR_QUOTE_RE.search(text[pos:end].split(",")[0]) is None

_TITLE_WORDS = frozenset("""president secretary minister foreign prime state former
    spokesman spokeswoman spokesperson general gen. chairman director u.s. mr. ms. dr. mr mrs
    mrs. ms dr
    deputy ambassador senator the in of professor prof. analyst later then meanwhile
    earlier still however now but and yet so""".split())
_ADVERBS = frozenset("has have had also recently frequently often consistently repeatedly "
                     "reportedly once even further".split())
_LAST_WORD_RE = re.compile(r"\s+(\w+)\s*$")
# "BEIJING/ MOSCOW--", "BEIJING, Feb. 14 (Xinhua) --", "MOSCOW (Reuters) -": a dateline
# names a place, not a speaker
_DATELINE_RE = re.compile(r"\s*(?:[A-Z]{2,}[A-Z/ ,.'’-]*?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                          r"(?:\s*\([^()]{1,40}\))?\s*(?:--|—|–|\s-\s)"
                          # "Beijing (AFP) -", "BEIJING:"
                          r"|[A-Z][a-z]+(?:[ /][A-Z][a-z]+)?\s*\([A-Z][\w ]{1,20}\)\s*[-–—]+"
                          r"|[A-Z]{2,}(?:[ /][A-Z]{2,})?:)\s*")
# an adverbial clause that opens a sentence, up to its comma: "Since Putin …, "
_OPENING_CLAUSE_RE = re.compile(r"\s*(?:(?:since|after|before|when|while|as|although|though|"
                                r"if|because|despite|amid|following|with|in|on|at|during|"
                                r"unlike|like)\b|(?-i:(?!United)[A-Z][a-z]+(?:ed|ing)\b))[^,;:]{0,200},",
                                re.I)  # and a participle: "Titled “…”, X began"


def words_after_dateline(sentence: str) -> int:
    """Where the words after a dateline start (0 without one).

    >>> s = "BEIJING/ MOSCOW--China and Russia declared it."
    >>> s[words_after_dateline(s):]
    'China and Russia declared it.'
    >>> s = "Beijing (AFP) - Xi's visit underscored it."
    >>> s[words_after_dateline(s):]
    "Xi's visit underscored it."
    """
    m = _DATELINE_RE.match(sentence)
    return m.end() if m else 0


def main_clause_start(head: str) -> int:
    """Where the main clause of a sentence starts: after an opening adverbial clause.

    >>> h = "Since Putin invaded, China and Russia have grown closer, "
    >>> h[main_clause_start(h):]
    ' China and Russia have grown closer, '
    """
    pos = 0
    for _ in range(3):  # "In early 2022, as Russia prepared to invade, China …"
        m = _OPENING_CLAUSE_RE.match(head, pos)
        if m is None:
            break
        pos = m.end()
    return pos


# an acronym in brackets stays in: "Director of … Institute (RUSI) Neil Melvin"
_BEFORE_NAME_RE = re.compile(r"(?:[^.,;:!?()“”\"\n]|\([A-Z]{2,10}\)){0,80}$")
# "X, a …", "X is …", "X wrote for the Carnegie Endowment"
_APPOSITIVE_RE = re.compile(r"\s*(?:,|\s+is\b|\s+(?:writes|wrote|writing)\s+(?:for|in)\b)\s*"
                            r"([^,;:.()“”\"\n]{0,80})")
_LABEL_RE = re.compile(r"\b([A-Z][\w()]{2,20}):\s*$")  # "Expert(s): X"


# a name that says it is a think tank or a university: "Carnegie Endowment", "Valdai Club"
_SCHOLARLY_NAME_RE = re.compile(r"\b(?:Institute|Institution|University|Endowment|Foundation|"
                                r"Center|Centre|Academy|Club|Think\s+Tank|Corporation|"
                                r"Council\s+(?:on|for))\b")  # not "Security Council"


def scholarly_name(name: str) -> bool:
    """Whether a name says it is a research organisation (*… Institute*, *Carnegie
    Endowment*, *Council on Foreign Relations*, *RAND Corporation*).

    >>> scholarly_name("Council on Foreign Relations"), scholarly_name("Security Council")
    (True, False)
    """
    return _SCHOLARLY_NAME_RE.search(name) is not None


class _Describer:
    """The description patterns of a speakers file (its ``descriptions``, ``nations`` and
    ``media``), compiled once per file."""

    def __init__(self, speakers: Speakers) -> None:
        words = lambda ws: alternation({" ".join(w.lower().split()) for w in ws})  # noqa: E731
        nations = alternation(set(speakers.nations))
        # after "of"/"for" an office names a country or a seat of government, not an
        # adjective: "spokesman for the Kremlin", not "director of the Russian … Council"
        seats = {n for n in speakers.nations if not _ADJECTIVE_RE.search(n)}
        self.countries = {**{n: speakers.nations[n] for n in seats}, **speakers.countries}
        countries = "|".join(sorted(map(re.escape, self.countries), key=len, reverse=True))
        self.nations = {_key(n): g for n, g in speakers.nations.items()}
        self.rules: list[tuple[re.Pattern[str], str]] = []
        for group, nouns in speakers.descriptions.items():
            if group != "official":
                self.rules.append((re.compile(r"\b" + words(nouns) + r"s?\b", re.I), group))
                continue
            office = r"(?i:(?:\s+[\w’'.-]+){0,4}?\s+" + words(nouns) + r"s?\b)"
            if nations:  # "Chinese Foreign Ministry spokesperson", "CIA director"
                self.rules.append((re.compile(r"(?<![\w.])(?P<nation>(?-i:" + nations
                                              + r"))(?!\w)" + office, re.I), group))
            if countries:  # "Vice Minister of the Publicity Department of … China"
                self.rules.append((re.compile(
                    words(nouns) + r"s?\s+(?:of|for)\s+(?:[\w’'-]+\s+){0,8}?(?:of\s+)?(?:the\s+)?"
                    r"(?P<country>(?-i:" + countries + r"))\b(?![’'-])", re.I), group))
            # an office of another nation: "Bolivian Foreign Minister"
            self.rules.append((re.compile(r"\b[A-Z][a-z]+(?:an|ian|ese|ish|ic|i)\b" + office),
                               "other"))
        media = [re.escape(w).replace(r"\ ", r"\s+") for w in speakers.media]
        self.media = re.compile(r"\b(?:" + "|".join(media) + r")\b") if media else None

    def group(self, desc: str) -> str | None:
        # an office at a research body is a scholar's: "head of the Carnegie Russia Center"
        scholarly = _SCHOLARLY_NAME_RE.search(desc) is not None
        for rx, group in self.rules:
            if scholarly and group in ("official", "other"):
                continue
            if d := rx.search(desc):
                if group == "official" and "country" in rx.groupindex:
                    return self.countries[d["country"]]
                if group == "official":
                    return self.nations[_key(d["nation"])]
                return group
        return "analyst" if scholarly else None  # "X wrote for the Carnegie Endowment"


_ADJECTIVE_RE = re.compile(r"(?:an|ese|ish|ch|[’']s)$")


def _key(nation: str) -> str:
    return " ".join(nation.replace("’", "'").split())


_DESCRIBERS: dict[int, tuple[Speakers, _Describer]] = {}


def _describer(speakers: Speakers) -> _Describer:
    key = id(speakers)
    if key not in _DESCRIBERS or _DESCRIBERS[key][0] is not speakers:
        _DESCRIBERS[key] = (speakers, _Describer(speakers))
    return _DESCRIBERS[key][1]


def described_group(name: str, text: str, speakers: Speakers | None = None) -> str | None:
    """The group that a name (*… Institute*, *Financial Times*) or ``text``'s own
    description of ``name`` gives: the words right before a mention (*Chinese Foreign
    Ministry spokesperson X*, *analyst X*) or an appositive after it (*X, a researcher at
    …*), read with the ``descriptions``, ``nations`` and ``media`` of the speakers file
    (the bundled one by default); ``None`` when there is none.

    >>> described_group("Li Wei", "Chinese Foreign Ministry spokesperson Li Wei said so.")
    'chinese_official'
    >>> described_group("Alexander Cooley", "Alexander Cooley, a professor at Barnard, said.")
    'analyst'
    >>> described_group("Jo Smith", "Jo Smith said.") is None
    True
    >>> described_group("Carnegie Endowment", ""), described_group("Financial Times", "")
    ('analyst', 'other')
    >>> described_group("Jo Smith", "CIA director Jo Smith said.")
    'western_official'
    >>> described_group("Jo Smith", "Jo Smith is a journalist."), described_group(
    ...     "Jo Smith", "Expert(s): Jo K. Smith\\n")
    ('other', 'analyst')
    """
    describer = _describer(speakers if speakers is not None else bundled_speakers())
    if describer.media is not None and describer.media.search(name):
        return "other"
    if _SCHOLARLY_NAME_RE.search(name):
        return "analyst"
    for start, end in _mentions_of(name.split(), text):
        pre = _BEFORE_NAME_RE.search(text, max(0, start - 80), start)
        post = _APPOSITIVE_RE.match(text, end)
        label = _LABEL_RE.search(text, max(0, start - 30), start)
        for desc in (pre.group() if pre else "", post.group(1) if post else "",
                     label.group(1) if label else ""):
            if group := describer.group(desc):
                return group
    return None


def _mentions_of(words: list[str], text: str):
    """Where ``text`` names a person by the last two of ``words``, or by those around a
    middle initial (*Brian G. Carlson*), as whole words; found with ``str.find``, not a
    pattern compiled for each name."""
    if not words:
        return
    first, last = (words[-2], words[-1]) if len(words) >= 2 else ("", words[-1])
    at = text.find(last)
    while at >= 0:
        end = at + len(last)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or
                                                         not text[end].isalnum()):
            if not first:
                yield at, end
            elif (m := _FIRST_BEFORE_RE.search(text, max(0, at - len(first) - 6), at)) and \
                    m.group(1) == first:
                yield m.start(1), end
        at = text.find(last, end)


_FIRST_BEFORE_RE = re.compile(r"(?<![\w’'])([\w’'-]+)\s+(?:[A-Z]\.\s+)?$")


def strip_titles(name: str) -> str:
    """A capitalised phrase without its titles and sentence adverbs.

    >>> strip_titles("Later Deputy Minister Ivan Petrov")
    'Ivan Petrov'
    >>> strip_titles("the Council on Foreign Relations")
    'Council on Foreign Relations'
    """
    words = name.split()
    i = 0
    while i < len(words) and words[i].lower() in _TITLE_WORDS:
        i += 1
    return " ".join(words[i:])




def strip_adverbs(text: str) -> str:
    """``text`` without the adverbs and auxiliaries that end it (*Lavrov has also*).

    >>> strip_adverbs("Lavrov has also repeatedly ")
    'Lavrov'
    """
    text = text.rstrip()
    while (m := _LAST_WORD_RE.search(text, max(0, len(text) - 40))) and (
        m[1] in _ADVERBS or m[1].endswith("ly")
    ):
        text = text[: m.start()].rstrip()
    return text


def named_subject_pattern(verbs: str) -> re.Pattern[str]:
    """A capitalised name of two or three words (an appositive may follow) right before
    a speech verb of the alternation ``verbs``: *Ivan Petrov, an analyst, said*, *Ivan
    Petrov began by declaring*.

    >>> rx = named_subject_pattern("said|added")
    >>> rx.search("Later Ivan Petrov, an analyst at X, said so.")["name"]
    'Later Ivan Petrov'
    """
    return re.compile(
        r"\b(?P<name>[A-Z][\w’'-]+(?:[^\S\n]+[A-Z][\w’'-]+){1,2})"
        r"(?:,[^,\n“”\"«»]{1,120},)?\s+(?:\w+ly\s+)?(?:[a-z]+\s+by\s+)?(?:" + verbs + r")\b")
