"""The subject of a speech verb's clause: a mixin of the second voice pass.

:class:`ClauseSubjects` gives :class:`analysis.voice.sources.SourceFinder` the source
that is the subject of a reporting verb: the first source named in the verb's clause
(clauses restart after *;*, *:*, *that*, *as*, *where*, *when*, *while*, *which*, *but*,
*what*, *than*), the one after the last comma or closing quote when the attribution ends
the sentence (*…, the Global Times wrote*), an apposed subject (*Ivan Petrov, a
researcher at …, said*), the source after an inverted verb (*…, stated Cooley*) or after
*by* (*was described by both countries*), a relative clause's antecedent (*a joint
statement …, which called for*), and a participle's own or main clause's subject (*with
Russia and China pleading*, *X began by declaring*, *Macron for saying*). Which names
count as sources is :class:`analysis.voice.source_candidates.SourceCandidates`'.
"""

from __future__ import annotations

import re

from analysis.voice.descriptions import (
    circumstances_follow,
    main_clause_start,
    strip_adverbs,
    words_after_dateline,
)
from analysis.voice.quotes import CLOSERS
from analysis.voice.source_candidates import SourceCandidates
from analysis.voice.subjects import finditer_ignoring_case

__all__ = ["ClauseSubjects"]

# (a comparison has a subject of its own: "… than the well-known “…” notion suggests")
_CLAUSE_RE = re.compile(r"[;:]|\b(?:that|as|where|when|while|which|but|what|than)\b", re.I)
# "Ivan Petrov, a researcher at …, said", '“…,” Ivan Petrov, deputy economist at …, told
# AFP', "…, Jay Zagorsky, a professor at Boston University told": a subject with an
# appositive before the verb
_APPOSED_SUBJECT_RE = re.compile(
    r"(?:^|[,”\"»’]\s*)(?:((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+),\s+(?:(?:a|an|the)\s)?"
    r"[^,]{1,120},|((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'-]+),\s+(?:a|an)\s[^,]{1,120})\s*$")
_TELL = frozenset({"told", "tell", "tells", "telling"})  # the name after is the addressee
_TRAILER = 45
_PARENTHETICAL_IT_RE = re.compile(r",\s*it\s*$")
_BY_RE = re.compile(r"\s+by\s+")
_BY_END_RE = re.compile(r"\s+by\s*$")
_FOR_END_RE = re.compile(r"\s+for\s*$")
_AUXILIARY_END_RE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
# a clause that starts with its verb: its subject is the main clause's
_ELIDED_RE = re.compile(r"\s*(?:has|have|had|is|are|was|were|also|then|later|would|will|"
                        r"could|did|does)\b")
# a relative clause whose verb follows its pronoun: ", which (also) called for …"
_RELATIVE_RE = re.compile(r",\s*which$", re.I)
_WORD_START_RE = re.compile(r"(?<!\S)\S")
_ANTECEDENT_WORDS = 8
_FINAL_SUBJECT_WORDS = 10  # "…, <subject> said.": a subject of at most this many words


class ClauseSubjects(SourceCandidates):
    """Methods of :class:`analysis.voice.sources.SourceFinder` that find a speech verb's
    subject in its sentence; they use its ``speakers``, ``verbs``, name patterns and
    the candidates of :class:`~analysis.voice.source_candidates.SourceCandidates`."""

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
