"""Periods of publication: labels for calendar periods and named ranges, and their scores."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.frames import periods
from analysis.report import cache

DATES = pd.Series(["2022-12-30", "2022-12-31", "2024-05-16", None])


@pytest.mark.parametrize("period, expected", [
    ("month", ["2022-12", "2022-12", "2024-05", ""]),
    ("quarter", ["2022Q4", "2022Q4", "2024Q2", ""]),
    ("year", ["2022", "2022", "2024", ""]),
    ("Dec: 2022-12-01..2022-12-31; May:2024-05-01..2024-05-31", ["Dec", "Dec", "May", ""]),
    ("late: 2022-12-31..2022-12-31", ["", "late", "", ""]),
    ("first: 2022-12-01..2024-12-31; second: 2024-05-01..2024-05-31",
     ["first", "first", "first", ""]),  # a date in two ranges belongs to the first
])
def test_label_periods(period, expected):
    assert periods.label_periods(DATES, period=period).tolist() == expected


def test_unreadable_dates_get_no_period():
    assert periods.label_periods(pd.Series(["not a date", ""]), period="month").tolist() == ["", ""]


@pytest.mark.parametrize("period", ["fortnight", "Dec: 2022-12-01", "Dec 2022-12-01..2022-12-31"])
def test_unknown_period_is_explained(period):
    with pytest.raises(ValueError, match="month, quarter, year"):
        periods.label_periods(pd.Series(["2022-12-30"]), period=period)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    corpus = cache.get_corpus(config.DATA_DIR, cache_dir=folder)
    scores = cache.get_scores(config.DATA_DIR, n_boot=50, cache_dir=folder)
    return corpus, scores


def test_period_scores_on_the_bundled_corpus_splits_december_2022_from_may_2024(bundled):
    corpus, scores = bundled
    rates = periods.period_scores(scores, corpus.articles, period="month", n_boot=50)
    assert set(rates["group"]) == {"2022-12", "2024-05"}
    assert set(rates["group_by"]) == {"period"}
    assert rates.groupby("group")["articles"].first().to_dict() == {"2022-12": 4, "2024-05": 1}


def test_articles_outside_every_named_range_are_left_out(bundled):
    corpus, scores = bundled
    rates = periods.period_scores(scores, corpus.articles, period="May: 2024-05-01..2024-05-31",
                                  n_boot=50)
    assert set(rates["group"]) == {"May"}
    assert set(rates["frame"]) == set(scores.outlet_scores["frame"])
