"""Interactive filters for the notebooks: a table narrowed by dropdown pickers.

In JupyterLab a reader picks a frame or an outlet from a dropdown and the table
(for example :func:`analysis.report.html.evidence_html`) is shown again for the
chosen rows; in a batch run (no widgets) the same function shows the rows chosen
by the notebook's parameters once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

__all__ = ["ALL_VALUES", "filter_rows", "show_filtered"]

#: The filter value that keeps every row of a column.
ALL_VALUES = ""


def filter_rows(df: pd.DataFrame, chosen: Mapping[str, str]) -> pd.DataFrame:
    """The rows of ``df`` whose columns hold the chosen values (compared as text).

    Args:
        df: the table to narrow.
        chosen: column -> value kept; :data:`ALL_VALUES` (``""``) keeps every value.

    Returns:
        The matching rows, in their order.

    >>> df = pd.DataFrame({"frame": ["a", "b", "a"], "year": [2022, 2022, 2024]})
    >>> filter_rows(df, {"frame": "a", "year": "2024"}).index.tolist()
    [2]
    >>> len(filter_rows(df, {"frame": ""}))
    3
    """
    keep = np.ones(len(df), dtype=bool)
    for col, value in chosen.items():
        if value != ALL_VALUES:
            keep &= (df[col].astype(str) == value).to_numpy()
    return df[keep]


def show_filtered(df: pd.DataFrame, render: Callable[[pd.DataFrame], object], *,
                  filters: Mapping[str, str], use_widgets: bool = False) -> None:
    """Show ``render(df)`` for the chosen rows; with ``use_widgets``, under dropdown pickers.

    Args:
        df: the table to narrow.
        render: turns the chosen rows into what is shown; a ``str`` is shown as
            HTML, so it must be escaped HTML such as
            :func:`analysis.report.html.evidence_html` returns.
        filters: column -> value chosen at first; ``""`` means every value.
        use_widgets: one ``ipywidgets.Dropdown`` per column (JupyterLab); else
            the rows of ``filters`` are shown once (batch runs, HTML reports).
    """
    from IPython.display import HTML, display

    def _show(**chosen: str) -> None:
        out = render(filter_rows(df, chosen))
        display(HTML(out) if isinstance(out, str) else out)

    if not use_widgets:
        _show(**filters)
        return
    import ipywidgets

    pickers = {col: ipywidgets.Dropdown(
        options=[("(all)", ALL_VALUES)] + [(v, v) for v in sorted(df[col].astype(str).unique())],
        value=default or ALL_VALUES, description=col.replace("_", " "))
        for col, default in filters.items()}
    ipywidgets.interact(_show, **pickers)
