"""Reporting verbs: the words that attribute speech, read from ``reporting_verbs.yaml``.

Both voice passes read their verbs from ``data/lexicons/reporting_verbs.yaml``, by role:
``reporting`` (speech: *said*, *warned*), ``declaring`` (speech acts that attribute a
quoted formula, else report: *declared*, *pledged*), ``describing`` (likewise, but report
a view only with *as*: *hailed … as*, *described … as*), ``enacting`` (acts that
attribute a quoted formula only: *signed*) and ``viewing`` (a view, not a quote: *see*);
``nouns_too`` lists forms that are also nouns (*the states of Central Asia*), and
``speech_nouns`` the nouns whose content is reported speech (*Macron's remarks that*),
``not_speech`` idioms that open with a verb form and are no speech (*calls the shots*).

>>> verbs = load_reporting_verbs()
>>> "said" in verbs.reporting, "declared" in verbs.declaring, "see" in verbs.viewing
(True, True, True)
>>> "signed" in verbs.enacting, "states" in verbs.nouns_too
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from analysis.config import DEFAULT_SPEAKERS
from analysis.config_models import ConfigModel, read_yaml, validate

__all__ = ["DEFAULT_REPORTING_VERBS", "ROLES", "ReportingVerbs", "bundled_reporting_verbs",
           "load_reporting_verbs"]

DEFAULT_REPORTING_VERBS = DEFAULT_SPEAKERS.parent / "reporting_verbs.yaml"

#: The roles a verb can have, as the file names them.
ROLES = ("reporting", "declaring", "describing", "enacting", "viewing")


class _VerbsFile(ConfigModel):
    version: int = 1
    reporting: dict[str, list[str]]
    declaring: dict[str, list[str]]
    describing: dict[str, list[str]] = {}
    enacting: dict[str, list[str]] = {}
    viewing: dict[str, list[str]] = {}
    nouns_too: list[str] = []
    speech_nouns: dict[str, list[str]] = {}
    not_speech: list[str] = []


@dataclass(frozen=True)
class ReportingVerbs:
    """Verb forms by role: ``reporting`` (speech), ``declaring`` (quoted formulas, else
    reported speech), ``describing`` (quoted formulas, else a view reported with *as*),
    ``enacting`` (quoted formulas only), ``viewing`` (views reported, not quotes: *what
    they see as “…”*); and the forms that are also nouns."""

    reporting: frozenset[str]
    declaring: frozenset[str]
    viewing: frozenset[str] = frozenset()
    enacting: frozenset[str] = frozenset()
    nouns_too: frozenset[str] = frozenset()
    describing: frozenset[str] = frozenset()
    declarations: frozenset[str] = frozenset()  # speech nouns of the speaker's own acts
    claims: frozenset[str] = frozenset()  # other speech nouns
    not_speech: frozenset[str] = frozenset()  # idioms that open with a verb form

    @cached_property
    def not_speech_pattern(self) -> re.Pattern[str]:
        """Matches, at a verb form, an idiom of :attr:`not_speech` (lower case).

        >>> bool(load_reporting_verbs().not_speech_pattern.match("calls the shots"))
        True
        """
        forms = sorted(self.not_speech, key=len, reverse=True)
        return re.compile("|".join(r"\s+".join(map(re.escape, f.split())) + r"\b"
                                   for f in forms) or r"(?!)", re.I)

    @cached_property
    def others_speech_pattern(self) -> re.Pattern[str]:
        """Matches, after a verb, an object that is others' speech (*denied claims of*,
        *dismissed reports of*): the verb reports no speech of its own.

        >>> bool(load_reporting_verbs().others_speech_pattern.match(" any claims of it"))
        True
        """
        nouns = sorted(self.claims | self.declarations | {"reports", "allegations"},
                       key=len, reverse=True)
        return re.compile(r"\s+(?:(?:the|any|all)\s+)?(?:" + "|".join(map(re.escape, nouns))
                          + r")\s+of\b", re.I)

    @property
    def all(self) -> frozenset[str]:
        """Every form of every role."""
        return self.reporting | self.declaring | self.describing | self.enacting | self.viewing

    def role(self, form: str) -> str | None:
        """The role of a verb form (lower case, spaces single), ``None`` when not listed.

        >>> load_reporting_verbs().role("hailed"), load_reporting_verbs().role("told")
        ('describing', 'reporting')
        """
        return next((r for r in ROLES if form in getattr(self, r)), None)


def load_reporting_verbs(path: str | Path = DEFAULT_REPORTING_VERBS) -> ReportingVerbs:
    """Read and validate a reporting-verbs YAML file (see data/lexicons/reporting_verbs.yaml)."""
    path = Path(path)
    data, _ = read_yaml(path, "reporting verbs")
    model = validate(_VerbsFile, data, source=path)
    forms = {role: frozenset(f.lower() for fs in getattr(model, role).values() for f in fs)
             for role in ROLES}
    nouns = {kind: frozenset(n.lower() for n in model.speech_nouns.get(kind, []))
             for kind in ("declarations", "claims")}
    return ReportingVerbs(forms["reporting"], forms["declaring"], forms["viewing"],
                          forms["enacting"], frozenset(f.lower() for f in model.nouns_too),
                          forms["describing"], nouns["declarations"], nouns["claims"],
                          frozenset(" ".join(f.lower().split()) for f in model.not_speech))


@lru_cache(maxsize=1)
def bundled_reporting_verbs() -> ReportingVerbs:
    """The bundled reporting-verbs file, read once per process."""
    return load_reporting_verbs()
