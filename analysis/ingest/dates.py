"""Publication dates: one rule for every article, and a flag for every date that breaks it.

``published`` is kept as an ISO date (``YYYY-MM-DD``) or left empty; a value that
is not a possible date is never kept as given and never guessed at.

- Year first (``2022-12-30``, ``2022/12/30``, with or without a time) is read as
  year, month, day. A time with a zone is converted to UTC first, so
  ``2022-12-30T23:30:00-05:00`` is 2022-12-31.
- Day and month as numbers (``01/02/2023``, ``01.02.23``) are ambiguous. They are
  read by one rule for the whole corpus: month first unless ``day_first=True``
  (``--day-first``). A date impossible in that order but possible in the other
  (``31/12/2022`` read month first) is flagged, not swapped: a silent swap would
  read ``01/02/2023`` and ``31/12/2022`` by two different rules.
- A date in words (``30 December 2022``, ``Fri, 30 Dec 2022 06:30:00 GMT``) is
  read by pandas.
- Anything else, and impossible dates such as ``2022-13-45``, is flagged and left empty.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from typing import NamedTuple

import pandas as pd

__all__ = ["ParsedDate", "parse_date"]

# A numeric date: year first, or day and month first with a 2- or 4-digit year.
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?:(?P<y>\d{4})(?P<s1>[/.\-])(?P<m>\d{1,2})(?P=s1)(?P<d>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<s2>[/.\-])(?P<b>\d{1,2})(?P=s2)(?P<yy>\d{4}|\d{2}))(?![\d/.\-])"
)
_TIME_AFTER = re.compile(r"[T ]\d{1,2}:\d{2}")


class ParsedDate(NamedTuple):
    """An ISO date (or "") and, when the value was not used, why."""

    iso: str
    problem: str = ""


def _iso(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` if the date exists, else None.

    >>> _iso(2024, 2, 29), _iso(2023, 2, 29)
    ('2024-02-29', None)
    """
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_year(digits: str) -> int:
    """Four-digit year of a 2- or 4-digit year (``strptime``'s ``%y`` pivot: 69 -> 1969).

    >>> _full_year("23"), _full_year("69"), _full_year("2023")
    (2023, 1969, 2023)
    """
    year = int(digits)
    if len(digits) > 2:
        return year
    return year + (1900 if year >= 69 else 2000)


def _shown(value: str) -> str:
    """``value`` quoted for a message, cut to 40 characters.

    >>> _shown("2022-13-45"), _shown("x" * 50)[-4:]
    ("'2022-13-45'", "xx…'")
    """
    return repr(value if len(value) <= 40 else value[:39] + "…")


def _numeric(m: re.Match[str], value: str, *, day_first: bool) -> ParsedDate:
    """The date of a numeric match, by the corpus's day/month order."""
    if m["y"]:
        iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
        return ParsedDate(iso) if iso else ParsedDate("", f"{_shown(value)} is not a possible date")
    year = _full_year(m["yy"])
    first, second = int(m["a"]), int(m["b"])
    day, month = (first, second) if day_first else (second, first)
    iso = _iso(year, month, day)
    if iso:
        return ParsedDate(iso)
    order = "day first" if day_first else "month first"
    if _iso(year, day, month):  # possible in the other order
        other = "without --day-first" if day_first else "with --day-first (day_first=True)"
        return ParsedDate(
            "", f"{_shown(value)} is not a possible date read {order} (the corpus's order); "
            f"read it {other} if the whole corpus writes dates that way"
        )
    return ParsedDate("", f"{_shown(value)} is not a possible date")


def _in_utc(iso: str, rest: str) -> str:
    """Date of ``iso`` plus a time with zone, in UTC; ``iso`` when the time is unreadable."""
    stamp = _to_datetime(iso + rest, day_first=False)
    return iso if stamp is None else stamp


def _to_datetime(value: str, *, day_first: bool) -> str | None:
    """``YYYY-MM-DD`` of ``value`` in UTC by pandas, or None if pandas cannot read it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns when it infers a format per element
        try:
            stamp = pd.to_datetime(value, errors="coerce", utc=True, format="mixed",
                                   dayfirst=day_first)
        except (ValueError, OverflowError, TypeError):
            return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def parse_date(value: str | None, *, day_first: bool = False) -> ParsedDate:
    """ISO date of a ``published`` value, or "" and the reason it was not used.

    Args:
        value: the date as found (manifest, CSV column, JSONL key, HTML page, text).
        day_first: read ``01/02/2023`` as 1 February (default: 2 January).

    >>> parse_date("2022-12-30T06:30:00Z"), parse_date("30 December 2022")
    (ParsedDate(iso='2022-12-30', problem=''), ParsedDate(iso='2022-12-30', problem=''))
    >>> parse_date("01/02/2023").iso, parse_date("01/02/2023", day_first=True).iso
    ('2023-01-02', '2023-02-01')
    >>> parse_date("2022-13-45").problem
    "'2022-13-45' is not a possible date"
    >>> parse_date("31/12/2022").problem[:55]
    "'31/12/2022' is not a possible date read month first (t"
    >>> parse_date(None), parse_date("last week").problem
    (ParsedDate(iso='', problem=''), "'last week' is not a date")
    """
    text = (value or "").strip()
    if not text:
        return ParsedDate("")
    m = _NUMERIC.search(text)
    if m:
        parsed = _numeric(m, text, day_first=day_first)
        rest = text[m.end():]
        if parsed.iso and m.start() == 0 and _TIME_AFTER.match(rest):
            return ParsedDate(_in_utc(parsed.iso, rest))
        return parsed
    iso = _to_datetime(text, day_first=day_first)
    return ParsedDate(iso) if iso else ParsedDate("", f"{_shown(text)} is not a date")
