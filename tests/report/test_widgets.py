"""The dropdown filter: the rows a reader picks, shown once in batch runs."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import widgets

DF = pd.DataFrame({"frame": ["a", "b", "a"], "outlet": ["x", "x", "y"], "year": [2022, 2024, 2024]})


@pytest.mark.parametrize("chosen, rows", [
    ({"frame": "a", "outlet": ""}, [0, 2]),
    ({"frame": "a", "outlet": "y"}, [2]),
    ({"frame": "", "outlet": ""}, [0, 1, 2]),
    ({"year": "2024"}, [1, 2]),  # numbers are compared as the text a picker shows
    ({"frame": "c"}, []),
])
def test_filter_rows_keeps_rows_with_every_chosen_value(chosen, rows):
    assert widgets.filter_rows(DF, chosen).index.tolist() == rows


def test_show_filtered_without_widgets_shows_the_chosen_rows_once(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    seen = []
    widgets.show_filtered(DF, lambda d: seen.append(d) or "<p>ok</p>",
                          filters={"frame": "a", "outlet": ""})
    assert [d["outlet"].tolist() for d in seen] == [["x", "y"]]
    assert [type(s).__name__ for s in shown] == ["HTML"]


def test_show_filtered_with_widgets_offers_every_value_and_all(monkeypatch):
    import ipywidgets

    calls = {}
    monkeypatch.setattr(ipywidgets, "interact", lambda f, **pickers: calls.update(pickers))
    widgets.show_filtered(DF, len, filters={"outlet": "y"}, use_widgets=True)
    picker = calls["outlet"]
    assert [value for _, value in picker.options] == ["", "x", "y"]
    assert picker.value == "y" and picker.options[0][0] == "(all)"
