"""Which group an article belongs to: the one rule behind every ``--by`` / ``group_by``.

An article's group is its ``outlet`` (the site that published it) or its
``origin`` (who wrote the text: a wire, the newspaper a site republished);
an article without an origin is its own outlet's.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import InputError

__all__ = ["GROUP_BY", "check_group_by", "group_labels"]

#: What articles can be grouped by.
GROUP_BY = ("outlet", "origin")


def check_group_by(by: str) -> str:
    """``by`` if articles can be grouped by it, else :class:`InputError` naming the choices.

    >>> check_group_by("origin")
    'origin'
    >>> check_group_by("colour")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: cannot group by 'colour': choose one of outlet, origin
    """
    if by not in GROUP_BY:
        raise InputError(f"cannot group by {by!r}: choose one of {', '.join(GROUP_BY)}")
    return by


def group_labels(articles: pd.DataFrame, *, by: str = "outlet") -> pd.Series:
    """The group of each article: its outlet, or its origin (the outlet when empty).

    >>> df = pd.DataFrame({"outlet": ["a.com", "b.com"], "origin": ["wp.com", ""]})
    >>> group_labels(df, by="origin").tolist()
    ['wp.com', 'b.com']
    """
    check_group_by(by)
    outlet = articles["outlet"].fillna("").astype(str)
    if by == "outlet" or "origin" not in articles.columns:
        return outlet
    origin = articles["origin"].fillna("").astype(str)
    return origin.where(origin.str.strip() != "", outlet)
