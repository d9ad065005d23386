"""Few enough groups for a chart: the largest by articles, the rest pooled as "other".

A chart of 150 outlets is a wall of labels nobody can read. Every per-group chart
of :mod:`analysis.report.charts` shows at most :data:`MAX_GROUPS` groups: those
with the most articles, plus one more, ``other (N groups)``, that pools the rest,
and says so in its title (:func:`pool_note`). The tables behind the charts keep
every group; only the picture is pooled.

How a pooled row is made depends on the table:

- group scores (*outlet_scores*, one row per group × frame): counts
  (``articles``, ``hits``, ``tokens``, ``sentences``, ``sentences_with_frame``,
  ``hits_<voice>``) are summed and the rates computed again from the sums, so the
  pool's share is that of all its sentences together; its bootstrap interval is
  left empty (the pool was never resampled). A table without counts gets the
  mean of the groups' rates.
- counts (one row per group, e.g. hits per voice): the rows are summed.

Groups are ranked by articles: the ``articles`` column of group scores, or the
sizes given (distinct ``article_id`` of the hits for hit counts); ties keep the
table's order. Groups are then shown sorted by the value the chart shows, the
pool last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.frames.bootstrap import ALL_STORIES

__all__ = ["MAX_GROUPS", "other_label", "pool_note", "pool_scores", "pool_counts",
           "group_order", "shown_groups", "top_counts", "wants_horizontal", "with_note"]

#: Most groups a per-group chart shows before the rest are pooled.
MAX_GROUPS = 25

# Labels longer than this, or more bars than _MANY_BARS, are drawn as horizontal bars.
_LONG_LABEL = 12
_MANY_BARS = 10

_COUNTS = ("articles", "stories", "hits", "negated_hits", "tokens", "sentences",
           "sentences_with_frame", "hits_narrator", "hits_quote", "hits_scare_quote",
           "hits_reported")
_RATES = {"share_of_sentences": ("sentences_with_frame", "sentences", 1),
          "hits_per_1k_tokens": ("hits", "tokens", 1000)}
_INTERVALS = ("share_low", "share_high", "hits_per_1k_low", "hits_per_1k_high")


def other_label(n: int) -> str:
    """Label of the pool of ``n`` groups.

    >>> other_label(125)
    'other (125 groups)'
    """
    return f"other ({n} groups)"


def pool_note(n_pooled: int, shown: int) -> str:
    """What a chart says about its pool (empty when nothing was pooled).

    >>> pool_note(125, 25)
    'the 25 groups with the most articles; 125 more pooled as other'
    >>> pool_note(0, 4)
    ''
    """
    if not n_pooled:
        return ""
    return f"the {shown} groups with the most articles; {n_pooled} more pooled as other"


def _top(names: Sequence[str], sizes: pd.Series, max_groups: int) -> list[str]:
    """The ``max_groups`` names with the largest ``sizes`` (ties: in the order given)."""
    ranked = sizes.reindex(list(names)).fillna(0).sort_values(ascending=False, kind="stable")
    return list(ranked.index[:max_groups])


def pool_scores(scores: pd.DataFrame, *, max_groups: int = MAX_GROUPS,
                keep: Iterable[str] = ()) -> tuple[pd.DataFrame, int]:
    """Group scores with all but the ``max_groups`` largest groups pooled; and how many were.

    Groups in ``keep`` (the corpus-wide ``ALL (stories)`` row) are neither
    counted nor pooled. See the module docstring for how the pool is made.

    >>> df = pd.DataFrame({"group": list("abc"), "frame": "f", "articles": [5, 1, 2],
    ...                    "sentences": [10, 10, 30], "sentences_with_frame": [1, 5, 3],
    ...                    "share_of_sentences": [0.1, 0.5, 0.1]})
    >>> pooled, n = pool_scores(df, max_groups=1)
    >>> n, pooled["group"].tolist(), pooled["share_of_sentences"].round(2).tolist()
    (2, ['a', 'other (2 groups)'], [0.1, 0.2])
    """
    keep = set(keep)
    names = [g for g in dict.fromkeys(scores["group"]) if g not in keep]
    if len(names) <= max_groups:
        return scores, 0
    if "articles" in scores:
        sizes = scores.groupby("group", sort=False)["articles"].max()
    else:
        sizes = pd.Series(0, index=names)
    top = set(_top(names, sizes, max_groups))
    rest = scores[~scores["group"].isin(top | keep)]
    n_pooled = rest["group"].nunique()
    return pd.concat([scores[~scores.index.isin(rest.index)],
                      _pooled_scores(rest, other_label(n_pooled))], ignore_index=True), n_pooled


def _pooled_scores(rest: pd.DataFrame, label: str) -> pd.DataFrame:
    """One row per frame pooling ``rest`` (see the module docstring)."""
    by_frame = rest.groupby("frame", sort=False)
    counts = [c for c in _COUNTS if c in rest]
    rates = [c for c in _RATES if c in rest]
    df = by_frame[counts].sum().join(by_frame[rates].mean()) if counts else by_frame[rates].mean()
    for rate, (num, den, scale) in _RATES.items():
        if rate in df and num in df and den in df:
            df[rate] = np.where(df[den] > 0, df[num] / df[den].where(df[den] > 0, 1), 0) * scale
    for col in _INTERVALS:
        if col in rest:
            df[col] = np.nan
    df = df.reset_index().assign(group=label)
    if "group_by" in rest:
        df["group_by"] = rest["group_by"].iloc[0]
    return df


def pool_counts(counts: pd.DataFrame, sizes: pd.Series | None = None, *,
                max_groups: int = MAX_GROUPS) -> tuple[pd.DataFrame, int]:
    """Counts (one row per group) sorted by their total, all but the ``max_groups``
    largest groups by ``sizes`` (default: by total) summed into one last row.

    >>> c = pd.DataFrame({"x": [1, 5, 2], "y": [0, 1, 0]}, index=["a", "b", "c"])
    >>> pooled, n = pool_counts(c, pd.Series({"a": 9, "b": 1, "c": 1}), max_groups=1)
    >>> n, pooled.index.tolist(), pooled["x"].tolist()
    (2, ['a', 'other (2 groups)'], [1, 7])
    """
    totals = counts.sum(axis=1)
    n_pooled = max(len(counts) - max_groups, 0)
    if n_pooled:
        top = _top(list(counts.index), totals if sizes is None else sizes, max_groups)
        other = counts.drop(index=top).sum().rename(other_label(n_pooled))
        counts = pd.concat([counts.loc[top], other.to_frame().T])
    order = counts.iloc[: len(counts) - bool(n_pooled)].sum(axis=1).sort_values(
        ascending=False, kind="stable").index
    return counts.loc[[*order, *counts.index[len(order):]]], n_pooled


def group_order(table: pd.DataFrame, *, last: Iterable[str] = ()) -> list:
    """Rows of a group × frame ``table`` by their total, largest first; ``last`` at the end.

    >>> t = pd.DataFrame({"f": [0.1, 0.5, 0.3]}, index=["a", "other (2 groups)", "c"])
    >>> group_order(t, last=["other (2 groups)"])
    ['c', 'a', 'other (2 groups)']
    """
    last = [g for g in dict.fromkeys(last) if g in set(table.index)]
    ranked = table.drop(index=last).sum(axis=1).sort_values(ascending=False, kind="stable")
    return [*ranked.index, *last]


def wants_horizontal(labels: Sequence[object]) -> bool:
    """Whether bars with these labels read better horizontally: long names or many bars.

    >>> wants_horizontal(["a.com", "b.com"]), wants_horizontal(["washingtonpost.com"])
    (False, True)
    """
    return len(labels) > _MANY_BARS or any(len(str(x)) > _LONG_LABEL for x in labels)


def with_note(title: str, n_pooled: int, shown: int = MAX_GROUPS) -> str:
    """``title`` and, when groups were pooled, a second line saying so.

    >>> print(with_note("Frames", 3, 25))
    Frames
    (the 25 groups with the most articles; 3 more pooled as other)
    """
    note = pool_note(n_pooled, shown)
    return f"{title}\n({note})" if note else title


def shown_groups(scores: pd.DataFrame, metric: str, *, max_groups: int = MAX_GROUPS,
                 ) -> tuple[pd.DataFrame, list, int]:
    """Group scores as a chart shows them: small groups pooled (:func:`pool_scores`),
    the groups in the order shown (:func:`group_order` of ``metric``; the pool and
    ``ALL (stories)`` last) and how many were pooled.

    Periods (``group_by`` ``period``) are neither pooled nor sorted: they keep time order.
    """
    if "group_by" in scores and len(scores) and (scores["group_by"] == "period").all():
        return scores, list(dict.fromkeys(scores["group"])), 0
    data, n_pooled = pool_scores(scores, max_groups=max_groups, keep=[ALL_STORIES])
    wide = data.pivot_table(index="group", columns="frame", values=metric, sort=False)
    return data, group_order(wide, last=[other_label(n_pooled), ALL_STORIES]), n_pooled


def top_counts(counts: pd.DataFrame, sizes: pd.Series | None, title: str, *,
               max_groups: int = MAX_GROUPS) -> tuple[pd.DataFrame, str]:
    """:func:`pool_counts` of ``counts`` and ``title`` saying what was pooled."""
    pooled, n_pooled = pool_counts(counts, sizes, max_groups=max_groups)
    return pooled, with_note(title, n_pooled, max_groups)
