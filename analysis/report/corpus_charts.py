"""01-corpus's charts of what a corpus holds, readable at five articles or at thousands.

- :func:`articles_per_group`: articles per group, stacked by when they were published.
  Periods are months while there are at most :data:`MAX_PERIODS` of them, then
  quarters, then years (a legend of 150 months is as unreadable as a chart of 1,000
  outlets); groups beyond :data:`~analysis.report.pooling.MAX_GROUPS` are pooled into
  one ``other (N groups)`` bar, as the title says (:mod:`analysis.report.pooling`).
- :func:`article_lengths`: one bar per article up to :data:`MAX_ARTICLE_BARS`
  articles, a histogram of lengths beyond.

The tables saved beside the charts keep every group and article.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex

from analysis.frames.periods import label_periods
from analysis.report.charts import bar_chart, histogram, stacked_bars
from analysis.report.pooling import MAX_GROUPS, top_counts

__all__ = ["MAX_ARTICLE_BARS", "MAX_PERIODS", "article_lengths", "articles_per_group",
           "publication_periods"]

#: Most periods stacked in one bar (and named in the legend).
MAX_PERIODS = 24

#: Most articles drawn as one bar each; beyond, their lengths are a histogram.
MAX_ARTICLE_BARS = 40

_UNDATED = "undated"


def publication_periods(dates: pd.Series, *, max_periods: int = MAX_PERIODS
                        ) -> tuple[pd.Series, str]:
    """The finest of month, quarter and year giving at most ``max_periods`` periods.

    Returns the label of each date (``undated`` where it has none) and the unit's name.

    >>> d = pd.Series(["2022-12-30", "2024-05-16", ""])
    >>> publication_periods(d)[0].tolist(), publication_periods(d, max_periods=1)[1]
    (['2022-12', '2024-05', 'undated'], 'year')
    """
    for unit in ("month", "quarter", "year"):
        labels = label_periods(dates, period=unit)
        if labels[labels != ""].nunique() <= max_periods:
            break
    return labels.replace("", _UNDATED), unit


def articles_per_group(articles: pd.DataFrame, *, group_by: str,
                       max_groups: int = MAX_GROUPS) -> plt.Figure:
    """Stacked bars of articles per group (its ``group`` column) and publication period."""
    periods, unit = publication_periods(articles["published"])
    counts = pd.crosstab(articles["group"], periods.rename(unit))
    counts = counts[sorted(counts.columns, key=lambda p: (p == _UNDATED, p))]
    counts, title = top_counts(counts, None, f"Articles per {group_by} and {unit}",
                               max_groups=max_groups)
    return stacked_bars(counts, title=title, ylabel="Articles",
                        labels={c: c for c in counts.columns},
                        colors=_period_colors(list(counts.columns)))


def _period_colors(periods: list[str]) -> list[str]:
    """Periods in time order along one colour scale (no colour twice); undated grey."""
    dated = [p for p in periods if p != _UNDATED]
    scale = plt.get_cmap("viridis")
    steps = {p: scale(k / max(len(dated) - 1, 1)) for k, p in enumerate(dated)}
    return [to_hex(steps[p]) if p in steps else "#bbbbbb" for p in periods]


def article_lengths(articles: pd.DataFrame, *, max_bars: int = MAX_ARTICLE_BARS
                    ) -> plt.Figure:
    """Each article's length after cleaning, or how many articles have each length."""
    lengths = articles.set_index("article_id")["n_chars"]
    if len(lengths) <= max_bars:
        return bar_chart(lengths, title="Length of each article",
                         xlabel="Characters after cleaning")
    return histogram(lengths, title=f"Length of the {len(lengths):,} articles",
                     xlabel="Characters after cleaning", ylabel="Articles",
                     bins=min(50, max(10, len(lengths) // 20)))
