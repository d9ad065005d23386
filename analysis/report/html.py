"""The evidence behind the numbers as HTML: every hit in its sentence, the cue marked.

The HTML comes from the Jinja templates in ``analysis/report/templates/``
(``evidence.html``, ``evidence_side_by_side.html``, both built on the table of
``_evidence_table.html``), rendered with autoescaping: article text, outlet names
and frame keys are data, so every value is escaped and a sentence holding
``<script>`` shows the characters instead of running them. Nothing here builds
HTML by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined

__all__ = ["EVIDENCE_COLUMNS", "evidence_html", "evidence_side_by_side"]

#: The columns of the evidence table before the sentence itself.
EVIDENCE_COLUMNS: tuple[str, ...] = ("outlet", "frame", "voice", "speaker")


@cache
def _environment() -> Environment:
    """The templates, autoescaped; a misspelt variable is an error, not an empty string."""
    return Environment(loader=PackageLoader("analysis.report", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)


def _table(evidence: pd.DataFrame, *, max_rows: int, columns: Sequence[str]) -> dict[str, Any]:
    """What the evidence table shows, every value as text (the template escapes it)."""
    shown = evidence.head(max_rows)
    rows = [{"cells": [str(rec.get(c, "")) for c in columns], "left": str(rec["left"]),
             "match": str(rec["match"]), "right": str(rec["right"])}
            for rec in shown.to_dict("records")]
    return {"headers": [str(c).replace("_", " ") for c in (*columns, "sentence")],
            "rows": rows, "shown": len(shown), "total": len(evidence)}


def evidence_html(evidence: pd.DataFrame, *, max_rows: int = 200,
                  columns: Sequence[str] = EVIDENCE_COLUMNS) -> str:
    """The evidence table as HTML, the cue marked in its sentence; every value escaped.

    Args:
        evidence: the *evidence* table of the scores (``left``, ``match`` and
            ``right`` hold the sentence split around the cue).
        max_rows: rows shown at most; a note above the table says how many of
            how many are shown.
        columns: the columns shown before the sentence; a missing one is blank.

    Returns:
        An HTML fragment (a note and a table) for ``IPython.display.HTML``.

    >>> row = {"outlet": "x.com", "frame": "no_limits", "voice": "narrator", "speaker": "",
    ...        "left": "a <script>", "match": "no limits", "right": " b"}
    >>> page = evidence_html(pd.DataFrame([row]))
    >>> "<script>" in page, "a &lt;script&gt;<mark>no limits</mark> b" in page
    (False, True)
    """
    table = _table(evidence, max_rows=max_rows, columns=columns)
    return _environment().get_template("evidence.html").render(table=table)


def evidence_side_by_side(evidence: pd.DataFrame, group_a: str, group_b: str, *,
                          by: str = "outlet", frame: str = "", max_rows: int = 50) -> str:
    """The evidence of two groups as HTML in two columns, escaped like :func:`evidence_html`.

    Args:
        evidence: the *evidence* table of the scores.
        group_a: the group shown on the left.
        group_b: the group shown on the right.
        by: the column that holds the group (``outlet`` or ``origin``).
        frame: show this frame only; empty: every frame.
        max_rows: rows shown at most per group.

    Returns:
        An HTML fragment: one table row with a column per group, each headed by
        the group's name and holding its frame, voice and sentence.

    >>> ev = pd.DataFrame({"outlet": ["a", "<b>"], "frame": ["f", "f"], "voice": ["quote"] * 2,
    ...                    "left": ["A ", "B "], "match": ["x", "y"], "right": ["", ""]})
    >>> page = evidence_side_by_side(ev, "a", "<b>")
    >>> "<h4>&lt;b&gt;</h4>" in page, page.index("<mark>x</mark>") < page.index("<mark>y</mark>")
    (True, True)
    """
    chosen = evidence if not frame else evidence[evidence["frame"] == frame]
    columns = [{"group": str(g),
                "table": _table(chosen[chosen[by] == g], max_rows=max_rows,
                                columns=("frame", "voice"))}
               for g in (group_a, group_b)]
    return _environment().get_template("evidence_side_by_side.html").render(columns=columns)
