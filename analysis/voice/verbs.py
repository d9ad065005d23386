"""Reporting verbs: the words that attribute speech, read from ``reporting_verbs.yaml``.

The second voice pass (:mod:`analysis.voice.sources`) reads its verbs from
``data/lexicons/reporting_verbs.yaml``, by role: ``reporting`` (speech: *said*,
*warned*), ``declaring`` (a quoted formula: *declared*, *hailed*) and ``viewing`` (a
view, not a quote: *see*).

>>> verbs = load_reporting_verbs()
>>> "said" in verbs.reporting, "declared" in verbs.declaring, "see" in verbs.viewing
(True, True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.config import DEFAULT_SPEAKERS
from analysis.config_models import ConfigModel, read_yaml, validate

__all__ = ["DEFAULT_REPORTING_VERBS", "ReportingVerbs", "load_reporting_verbs"]

DEFAULT_REPORTING_VERBS = DEFAULT_SPEAKERS.parent / "reporting_verbs.yaml"


class _VerbsFile(ConfigModel):
    version: int = 1
    reporting: dict[str, list[str]]
    declaring: dict[str, list[str]]
    viewing: dict[str, list[str]] = {}


@dataclass(frozen=True)
class ReportingVerbs:
    """Verb forms by role: ``reporting`` (speech), ``declaring`` (quoted formulas) and
    ``viewing`` (views reported, not quotes: *what they see as “…”*)."""

    reporting: frozenset[str]
    declaring: frozenset[str]
    viewing: frozenset[str] = frozenset()


def load_reporting_verbs(path: str | Path = DEFAULT_REPORTING_VERBS) -> ReportingVerbs:
    """Read and validate a reporting-verbs YAML file (see data/lexicons/reporting_verbs.yaml)."""
    path = Path(path)
    data, _ = read_yaml(path, "reporting verbs")
    model = validate(_VerbsFile, data, source=path)
    forms = {role: frozenset(f.lower() for fs in getattr(model, role).values() for f in fs)
             for role in ("reporting", "declaring", "viewing")}
    return ReportingVerbs(forms["reporting"], forms["declaring"], forms["viewing"])
