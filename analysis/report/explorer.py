"""The evidence explorer: every hit in one table a reader can filter, search and sort.

The table is rendered by `itables <https://mwouts.github.io/itables/>`_ (DataTables)
in its offline mode: the library is embedded in the notebook by
``itables.init_notebook_mode(connected=False)``, so a report opened from disk on a
machine without network still filters. Each categorical column (frame, group,
voice, speaker group, part, negated) gets a ColumnControl list of its values to
tick; a search box searches every column; every header sorts.

The cells are HTML (the cue is marked, the article is a link), so every value from
the corpus is escaped here first: a sentence holding ``<script>`` shows the
characters instead of running them. Only ``http(s)`` URLs become links.

Pages stay small: at most ``max_rows`` hits are embedded and the page says so; the
full table is the saved ``evidence.csv``.

:func:`show` puts the table in ``<div id="evidence">`` (template
``evidence_explorer.html``) with the script of ``evidence_links.js``: a link
``#evidence?frame=F&group=G`` (each bar of the linked frame chart,
:mod:`analysis.report.chart_links`) filters the table to that frame and group.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis.report.templating import environment
from analysis.report.widgets import filter_rows

__all__ = ["DEFAULT_MAX_ROWS", "FILTER_COLUMNS", "TABLE_ID", "cap_note", "evidence_explorer",
           "explorer_columns", "explorer_html", "explorer_options", "mark_cue", "show"]

#: Hits embedded in a page at most; the rest stay in ``evidence.csv``.
DEFAULT_MAX_ROWS = 5000

#: The columns with a list filter; ``"group"`` stands for the ``by`` column.
FILTER_COLUMNS: tuple[str, ...] = ("frame", "group", "voice", "speaker_group", "part",
                                   "negated")

#: The id of the explorer's ``<table>`` (inside ``<div id="evidence">``).
TABLE_ID = "evidence-table"

_COLUMNS: tuple[str, ...] = ("frame", "group", "voice", "speaker", "speaker_group", "part",
                             "negated", "cue", "sentence", "article")
_HIT_KEYS = ["article_id", "sentence_id", "frame", "cue"]
_EMPTY = "—"


def explorer_columns(by: str) -> list[str]:
    """The explorer's columns in order, the group column named after ``by``.

    >>> explorer_columns("origin")[:3]
    ['frame', 'origin', 'voice']
    """
    return [by if c == "group" else c for c in _COLUMNS]


def _text(value: Any) -> str:
    """A cell value as escaped text; missing values and empty strings as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return _EMPTY
    text = str(value)
    return escape(text) if text else _EMPTY


def mark_cue(left: Any, match: Any, right: Any) -> str:
    """The sentence as HTML: escaped text around the cue in ``<mark>``.

    >>> mark_cue("a <b>", "no limits", " & c")
    'a &lt;b&gt;<mark>no limits</mark> &amp; c'
    """
    parts = ["" if pd.isna(p) else str(p) for p in (left, match, right)]
    return f"{escape(parts[0])}<mark>{escape(parts[1])}</mark>{escape(parts[2])}"


def _article_cell(article_id: Any, url: Any) -> str:
    """The article id, as a link when ``url`` is an http(s) address.

    >>> _article_cell("a1", "javascript:alert(1)")
    'a1'
    >>> _article_cell("a1", 'https://x.org/?q="1"')
    '<a href="https://x.org/?q=&quot;1&quot;" target="_blank" rel="noopener">a1</a>'
    """
    text = _text(article_id)
    if not isinstance(url, str) or not url.strip().lower().startswith(("https://", "http://")):
        return text
    return f'<a href="{escape(url.strip(), quote=True)}" target="_blank" rel="noopener">{text}</a>'


def _speaker_groups(evidence: pd.DataFrame, hits: pd.DataFrame) -> pd.Series:
    """``hits.speaker_group`` aligned to the evidence rows.

    The evidence is built from the hits row for row (``scoring._evidence``); the
    keys are compared so that a table from elsewhere cannot be misaligned silently.
    """
    if "speaker_group" not in hits or len(hits) != len(evidence):
        raise ValueError("the evidence and hits tables do not come from one scoring run")
    ev_keys = evidence[_HIT_KEYS].astype(str).to_numpy()
    hit_keys = hits[_HIT_KEYS].astype(str).to_numpy()
    if not (ev_keys == hit_keys).all():
        raise ValueError("the evidence rows do not line up with the hits rows")
    return pd.Series(hits["speaker_group"].to_numpy(), index=evidence.index)


def evidence_explorer(scores: Any, *, by: str, articles: pd.DataFrame | None = None,
                      frames: list[str] | None = None, filters: Mapping[str, str] | None = None,
                      max_rows: int = DEFAULT_MAX_ROWS) -> pd.DataFrame:
    """The explorer's table: one row per hit, every cell escaped HTML.

    Args:
        scores: a :class:`analysis.frames.scoring.Scores` (its ``evidence`` and ``hits``).
        by: the group column (``outlet``, ``origin`` or an input column).
        articles: the corpus articles; where they have a ``url`` the article
            column links to it.
        frames: keep these frames only; ``None`` keeps every frame.
        filters: column -> value kept (``""`` keeps every value), as the
            notebooks' ``frame`` and ``group`` parameters choose.
        max_rows: rows kept at most (the first ones in table order).

    Returns:
        The columns of :func:`explorer_columns`; ``attrs["total"]`` holds the
        number of hits before the cap.
    """
    evidence = scores.evidence.assign(
        speaker_group=_speaker_groups(scores.evidence, scores.hits))
    if frames is not None:
        evidence = evidence[evidence["frame"].isin(frames)]
    evidence = filter_rows(evidence, filters or {})
    total = len(evidence)
    shown = evidence.head(max_rows)
    urls = (dict(zip(articles["article_id"], articles["url"], strict=True))
            if articles is not None and "url" in articles else {})
    table = pd.DataFrame({c: [_text(v) for v in shown[c]] for c in
                          ("frame", by, "voice", "speaker", "speaker_group", "part", "cue")})
    table["negated"] = ["yes" if bool(v) else "no" for v in shown["negated"]]
    table["sentence"] = [mark_cue(*t) for t in
                         zip(shown["left"], shown["match"], shown["right"], strict=True)]
    table["article"] = [_article_cell(a, urls.get(a)) for a in shown["article_id"]]
    table = table[explorer_columns(by)]
    table.attrs["total"] = total
    return table


def cap_note(shown: int, total: int, *, csv_name: str = "evidence.csv") -> str:
    """The sentence above the table saying how many hits it holds.

    >>> cap_note(5000, 12345)
    'Showing the first 5,000 of 12,345 hits; every hit is in `evidence.csv`.'
    >>> cap_note(25, 25)
    'All 25 hits; also saved as `evidence.csv`.'
    >>> cap_note(0, 0)
    'No hits to show.'
    """
    if shown < total:
        return f"Showing the first {shown:,} of {total:,} hits; every hit is in `{csv_name}`."
    if total == 0:
        return "No hits to show."
    hits = "1 hit" if total == 1 else f"All {total:,} hits"
    return f"{hits}; also saved as `{csv_name}`."


def explorer_options(table: pd.DataFrame, *, by: str) -> dict[str, Any]:
    """The itables options: list filters on :data:`FILTER_COLUMNS`, sorting, search.

    Every column sorts from its header's ColumnControl button; the categorical
    ones also drop down a list of their values; the search box above the table
    searches every column.
    """
    filtered = {by if c == "group" else c for c in FILTER_COLUMNS}
    targets = [i for i, c in enumerate(table.columns) if c in filtered]
    return {
        "allow_html": True,  # the cells are escaped by evidence_explorer
        "showIndex": False,
        "maxBytes": 0,  # the row cap bounds the page, not downsampling
        "pageLength": 25,
        "lengthMenu": [10, 25, 100, 500],
        "classes": "display compact",
        "display_logo_when_loading": False,
        "columnControl": ["order"],
        "columnDefs": [{"targets": targets, "columnControl": ["order", ["searchList"]]},
                       {"targets": "_all", "className": "dt-left"}],  # text reads left
        "ordering": {"indicators": False, "handler": False},
        "layout": {"topStart": "pageLength", "topEnd": "search",
                   "bottomStart": "info", "bottomEnd": "paging"},
    }


def explorer_html(table: pd.DataFrame, *, by: str, table_html: str = "") -> str:
    """The explorer's container: ``table_html`` (itables' table of ``table``), the note
    a chart link fills in, and the script that applies chart links (see the module doc).
    """
    columns = list(table.columns)
    return environment().get_template("evidence_explorer.html").render(
        table=Markup(table_html), frame_column=columns.index("frame"),
        group_column=columns.index(by))


def show(scores: Any, *, by: str, articles: pd.DataFrame | None = None,
         frames: list[str] | None = None, filters: Mapping[str, str] | None = None,
         max_rows: int = DEFAULT_MAX_ROWS) -> None:
    """Show the explorer in a notebook: the cap note, then the interactive table.

    Embeds the DataTables library (offline mode) first, about 1 MB once per call.
    Arguments as :func:`evidence_explorer`.
    """
    import itables
    from IPython.display import HTML, Markdown, display

    table = evidence_explorer(scores, by=by, articles=articles, frames=frames, filters=filters,
                              max_rows=max_rows)
    itables.init_notebook_mode(all_interactive=False, connected=False)
    display(Markdown(cap_note(len(table), table.attrs["total"])))
    # to_html_datatable, not itables.show: the same HTML whatever the shell (tests included)
    table_html = "" if table.empty else itables.to_html_datatable(
        table, connected=False, table_id=TABLE_ID, **explorer_options(table, by=by))
    display(HTML(explorer_html(table, by=by, table_html=table_html)))
