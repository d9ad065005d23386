"""Which group an article belongs to: the one rule behind every ``--by`` / ``group_by``.

An article's group is its ``outlet`` (the site that published it), its
``origin`` (who wrote the text: a wire, the newspaper a site republished; an
article without an origin is its own outlet's), or the value of any other
metadata column the input gives (a manifest, CSV or JSONL column such as
``media_system`` or ``country``; ingest carries those through to the articles
table). An article with no value in that column is in the group ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from analysis.errors import InputError

__all__ = ["GROUP_BY", "NOT_GROUPS", "UNKNOWN_GROUP", "check_group_by", "group_labels",
           "groups_by_size"]

#: What articles can always be grouped by; any other metadata column of the articles too.
GROUP_BY = ("outlet", "origin")

#: Columns of the articles table that are not metadata: each article has its own value.
NOT_GROUPS = frozenset({"article_id", "text", "n_chars", "headline_end", "body_start",
                        "source_line", "notes"})

#: The group of an article with no value in the grouping column.
UNKNOWN_GROUP = "unknown"

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]*\Z")


def check_group_by(by: str, columns: Iterable[str] | None = None) -> str:
    """``by`` if articles can be grouped by it, else :class:`InputError` saying what can.

    ``outlet`` and ``origin`` always can; so can any other metadata column of the
    articles (``columns``, e.g. ``articles.columns``). Without ``columns`` (before
    the corpus is read) only the name is checked: a column name, not text.

    >>> check_group_by("origin")
    'origin'
    >>> check_group_by("media_system", ["article_id", "outlet", "media_system"])
    'media_system'
    >>> check_group_by("colour", ["article_id", "outlet", "origin", "country"])
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: cannot group by 'colour': choose one of outlet, origin, country
    """
    if by in GROUP_BY:
        return by
    if columns is None:
        if isinstance(by, str) and _NAME_RE.match(by) and by not in NOT_GROUPS:
            return by
        choices = GROUP_BY
    else:
        available = [c for c in columns if isinstance(c, str) and c not in NOT_GROUPS]
        if by in available:
            return by
        choices = tuple(dict.fromkeys([*GROUP_BY, *available]))
    raise InputError(f"cannot group by {by!r}: choose one of {', '.join(choices)}")


def group_labels(articles: pd.DataFrame, *, by: str = "outlet") -> pd.Series:
    """The group of each article: the ``by`` column, ``unknown`` where it is empty.

    ``origin`` falls back to the outlet where it is empty (an article without a
    known origin is its outlet's own text).

    >>> df = pd.DataFrame({"outlet": ["a.com", "b.com"], "origin": ["wp.com", ""],
    ...                    "media_system": ["liberal", None]})
    >>> group_labels(df, by="origin").tolist()
    ['wp.com', 'b.com']
    >>> group_labels(df, by="media_system").tolist()
    ['liberal', 'unknown']
    """
    check_group_by(by, [*GROUP_BY, *articles.columns])
    outlet = _values(articles, "outlet")
    if by == "outlet":
        labels = outlet
    elif by == "origin":
        origin = _values(articles, "origin")
        labels = origin.where(origin != "", outlet)
    else:
        labels = _values(articles, by)
    return labels.where(labels != "", UNKNOWN_GROUP)


def groups_by_size(articles: pd.DataFrame, *, by: str = "outlet") -> list[str]:
    """The groups of ``articles``, the one with the most articles first (ties by name).

    >>> arts = pd.DataFrame({"outlet": ["b.com", "a.com", "b.com", "c.com"]})
    >>> groups_by_size(arts)
    ['b.com', 'a.com', 'c.com']
    """
    sizes = group_labels(articles, by=by).value_counts()
    return sorted(sizes.index, key=lambda g: (-sizes[g], g))


def _values(articles: pd.DataFrame, column: str) -> pd.Series:
    """``column`` as stripped strings, empty where missing.

    >>> _values(pd.DataFrame({"x": [" a ", None]}), "x").tolist()
    ['a', '']
    """
    if column not in articles.columns:
        return pd.Series("", index=articles.index, dtype=object)
    return articles[column].fillna("").astype(str).str.strip()
