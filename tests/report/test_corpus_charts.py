"""01-corpus's charts stay readable on a corpus of a thousand outlets over a decade."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.report.corpus_charts import (
    MAX_ARTICLE_BARS,
    article_lengths,
    articles_per_group,
    publication_periods,
)
from analysis.report.pooling import MAX_GROUPS


def _articles(n_groups: int, n: int, days: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    dates = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)],
        "group": [f"outlet{i % n_groups}.com" for i in range(n)],
        "published": dates.strftime("%Y-%m-%d"),
        "n_chars": rng.integers(200, 5000, n),
    })


@pytest.mark.parametrize(("days", "unit"), [(300, "month"), (1500, "quarter"), (4000, "year")])
def test_the_period_unit_coarsens_as_the_corpus_spans_more_time(days, unit):
    labels, got = publication_periods(_articles(5, 400, days)["published"])
    assert got == unit
    assert labels.nunique() <= 24


def test_undated_articles_get_their_own_period():
    labels, _ = publication_periods(pd.Series(["2022-12-30", None, ""]))
    assert labels.tolist() == ["2022-12", "undated", "undated"]


def test_a_thousand_outlets_over_twelve_years_make_a_readable_chart():
    articles = _articles(1200, 1800, 4400)
    fig = articles_per_group(articles, group_by="outlet")
    ax = fig.axes[0]
    bars = {t.get_text() for t in ax.get_yticklabels()}
    assert len(bars) == MAX_GROUPS + 1  # the largest groups and one pooled bar
    assert any(b.startswith("other (") for b in bars)
    assert len(ax.get_legend().get_texts()) <= 24
    assert "year" in ax.get_title() and "other" in ax.get_title().lower()
    handles = ax.get_legend().legend_handles
    colors = [tuple(h.get_facecolor()) for h in handles]
    assert len(set(colors)) == len(colors)  # no two periods share a colour
    plt.close(fig)


def test_the_chart_counts_every_article_once():
    articles = _articles(60, 500, 4400)
    fig = articles_per_group(articles, group_by="outlet")
    heights = sum(p.get_width() for p in fig.axes[0].patches)
    assert heights == len(articles)
    plt.close(fig)


def test_article_lengths_are_bars_for_a_few_and_a_histogram_for_many():
    few = article_lengths(_articles(3, MAX_ARTICLE_BARS, 30))
    assert len(few.axes[0].patches) == MAX_ARTICLE_BARS
    many = _articles(3, 2000, 30)
    fig = article_lengths(many)
    assert len(fig.axes[0].patches) < 100
    assert sum(p.get_height() for p in fig.axes[0].patches) == len(many)
    plt.close("all")
