"""Reporting verbs: the words that attribute speech, read from ``reporting_verbs.yaml``.

Both voice passes read their verbs from ``data/lexicons/reporting_verbs.yaml``, by role:
``reporting`` (speech: *said*, *warned*), ``declaring`` (speech acts that attribute a
quoted formula, else report: *declared*, *pledged*), ``describing`` (likewise, but report
a view only with *as*: *hailed … as*, *described … as*), ``enacting`` (acts that
attribute a quoted formula only: *signed*) and ``viewing`` (a view, not a quote: *see*);
``nouns_too`` lists forms that are also nouns (*the states of Central Asia*), and
``speech_nouns`` the nouns whose content is reported speech (*Macron's remarks that*).

>>> verbs = load_reporting_verbs()
>>> "said" in verbs.reporting, "declared" in verbs.declaring, "see" in verbs.viewing
(True, True, True)
>>> "signed" in verbs.enacting, "states" in verbs.nouns_too
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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
                          forms["describing"], nouns["declarations"], nouns["claims"])


@lru_cache(maxsize=1)
def bundled_reporting_verbs() -> ReportingVerbs:
    """The bundled reporting-verbs file, read once per process."""
    return load_reporting_verbs()
