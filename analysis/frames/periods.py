"""Frame rates per period of publication: did the framing change over time?

:func:`label_periods` names the period each publication date falls in: a calendar
month, quarter or year, or a named date range written by the user
(``"Dec 2022: 2022-12-01..2022-12-31; May 2024: 2024-05-01..2024-05-31"``).
:func:`period_scores` scores the articles with periods in place of outlets, so a
period's rates carry bootstrap intervals like any group's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from analysis.frames.bootstrap import group_scores

if TYPE_CHECKING:
    from analysis.frames.scoring import Scores

__all__ = ["CALENDAR_PERIODS", "label_periods", "period_scores"]

#: Calendar periods by name, with their pandas period frequency.
CALENDAR_PERIODS: dict[str, str] = {"month": "M", "quarter": "Q", "year": "Y"}

# One named range of dates, ends included: "label: YYYY-MM-DD..YYYY-MM-DD".
_RANGE = re.compile(r"\s*([^:;]+?)\s*:\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*")


def label_periods(dates: pd.Series, *, period: str = "month") -> pd.Series:
    """The period each date falls in: ``month``, ``quarter``, ``year`` or named ranges.

    Args:
        dates: publication dates (strings or timestamps); missing or unreadable
            dates get an empty label.
        period: a name of :data:`CALENDAR_PERIODS`, or named ranges written
            ``"label: YYYY-MM-DD..YYYY-MM-DD; label2: ..."`` (ends included; a date
            in two ranges belongs to the first, a date in none gets an empty label).

    Returns:
        The label of each date, on the index of ``dates``.

    Raises:
        ValueError: ``period`` is neither a calendar period nor named ranges.

    >>> d = pd.Series(["2022-12-30", "2024-05-16", ""])
    >>> label_periods(d, period="quarter").tolist()
    ['2022Q4', '2024Q2', '']
    >>> ranges = "late 2022: 2022-12-01..2022-12-31; 2024: 2024-01-01..2024-12-31"
    >>> label_periods(d, period=ranges).tolist()
    ['late 2022', '2024', '']
    """
    when = pd.to_datetime(dates, errors="coerce")
    freq = CALENDAR_PERIODS.get(period)
    if freq is not None:
        return when.dt.to_period(freq).astype(str).where(when.notna(), "")
    labels = pd.Series("", index=dates.index, dtype=object)
    for part in filter(str.strip, period.split(";")):
        found = _RANGE.fullmatch(part)
        if found is None:
            raise ValueError(f"period {part!r}: use month, quarter, year or label: start..end")
        inside = when.between(pd.Timestamp(found[2]), pd.Timestamp(found[3])) & (labels == "")
        labels[inside] = found[1]
    return labels


def period_scores(scores: Scores, articles: pd.DataFrame, *, period: str = "month",
                  n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Frame rates per period with bootstrap intervals (*outlet_scores* with group = period).

    Articles are labelled by :func:`label_periods` of their ``published`` date and
    scored by :func:`analysis.frames.bootstrap.group_scores` as if the period were
    their outlet; undated articles, and articles outside every named range, are
    left out.

    Args:
        scores: the scores of the corpus (:func:`analysis.frames.scoring.score_corpus`).
        articles: the corpus's article table (``article_id`` and ``published``).
        period: as in :func:`label_periods`.
        n_boot: bootstrap resamples behind each interval.
        seed: seed of the bootstrap.

    Returns:
        One row per period × frame, the period in ``group`` and ``"period"`` in
        ``group_by``.
    """
    labels = dict(zip(articles["article_id"],
                      label_periods(articles["published"], period=period), strict=True))
    fs = scores.frame_scores.assign(outlet=scores.frame_scores["article_id"].map(labels))
    hits = scores.hits.assign(outlet=scores.hits["article_id"].map(labels))
    table = group_scores(fs[fs["outlet"] != ""], hits, scores.sentences, by="outlet",
                         n_boot=n_boot, seed=seed)
    return table[table["group"].isin(set(labels.values()))].assign(group_by="period")
