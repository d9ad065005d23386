"""From input item to article row: read, repair, clean, detect the language.

One item (a file, or a CSV/JSONL/Parquet record; :mod:`analysis.ingest.readers`)
becomes one article row and its cleaning removals, or is skipped with a reason
(:class:`~analysis.ingest.readers.SkipItem`). :func:`article_rows` does this for a
stream of items in input order, in this process, in ``n_jobs`` processes or on
Dask, :data:`INGEST_CHUNK` items at a time; :mod:`analysis.ingest.corpus`
assembles the rows into a corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import py3langid

from analysis.ingest.clean import Cleaned, clean_text, remove_control_characters
from analysis.ingest.dates import parse_date
from analysis.ingest.readers import Item, SkipItem, read_text
from analysis.ingest.sources import table_stem
from analysis.workers import map_chunks

__all__ = ["INGEST_CHUNK", "article_rows", "detect_language", "item_detail"]

# Characters given to py3langid: plenty for news prose, and its pure-Python
# scanner costs about 1.5 ms per 1,000 characters.
_LANGUAGE_SAMPLE = 1_000


def detect_language(text: str, *, min_probability: float = 0.9) -> str:
    """ISO 639-1 code of ``text``'s language, or "" when py3langid is not confident.

    The probability is py3langid's score normalised over its 97 languages; a
    few words ("Xi and Putin met.") rarely reach ``min_probability``, and a
    guess there would exclude an English article as Finnish from the scores.

    >>> detect_language("Russia and China held talks on Friday about trade and security.")
    'en'
    >>> detect_language("Xi and Putin met.")
    ''
    """
    ranks = py3langid.rank(text[:_LANGUAGE_SAMPLE])
    scores = np.array([score for _, score in ranks], dtype=float)
    probs = np.exp(scores - scores.max())
    best = int(probs.argmax())
    return ranks[best][0] if probs[best] / probs.sum() >= min_probability else ""



# --- from item to article -----------------------------------------------------------


def _article(item: Item, default_id: str, *, day_first: bool) -> tuple[dict, list]:
    """Article row and cleaning removals of one item; :class:`SkipItem` if it has no text."""
    raw, found = read_text(item)
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        raise SkipItem("no text left after cleaning")
    row = _metadata(item, found, cleaned)
    row.setdefault("article_id", default_id)
    row.setdefault("outlet", "unknown")
    published = parse_date(row.get("published"), day_first=day_first)
    if published.problem:
        item.flags.append(f"published {published.problem}; left empty")
    text, parts = _with_title(cleaned, row, item)
    ingest_notes = item.notes + item.flags + [f"repaired {r}" for r in item.repairs]
    row.update(
        text=text,
        n_chars=len(text),
        headline_end=next((b for p, _, b in parts if p == "headline"), 0),
        body_start=parts[-1][2] + 2 if parts else 0,
        source=item.source,
        source_line=item.line,
        notes="; ".join(filter(None, [row.get("notes", ""), "ingest: " + "; ".join(ingest_notes)])),
        published=published.iso,
    )
    return row, list(cleaned.removals)


def _with_title(cleaned: Cleaned, row: dict, item: Item
                ) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The text and its lead parts, with a title from the input as the headline.

    A ``title`` field (manifest, CSV, JSONL, HTML) is scored as the headline when
    the text has none of its own; a headline found in the text becomes the title
    when the input gives none.
    """
    text, parts = cleaned.text, cleaned.parts
    title = " ".join(str(row.get("title") or "").split())
    has_headline = any(p == "headline" for p, _, _ in parts)
    if has_headline and not title:
        row["title"] = text[:parts[0][2]]
    if title and not has_headline and not text.startswith(title):
        shift = len(title) + 2
        text = f"{title}\n\n{text}"
        parts = (("headline", 0, len(title)),
                 *((p, a + shift, b + shift) for p, a, b in parts))
        item.notes.append("title scored as the headline")
    return text, parts


def _metadata(item: Item, found: dict[str, str], cleaned: Cleaned) -> dict:
    """Metadata of an item: its fields, then what the HTML page and the text say."""
    row = _without_control_characters(item.fields, item)
    for key, value in _without_control_characters(found, item).items():
        if key not in row:
            row[key] = value
            item.notes.append(f"{key} from the HTML page")
    if "published" not in row and cleaned.published:
        row["published"] = cleaned.published
        item.notes.append("published from the text")
    if "language" not in row:
        row["language"] = detect_language(cleaned.text)
        item.notes.append("language detected" if row["language"] else
                          "language not detected reliably (text too short); left empty")
    return row


def _without_control_characters(fields: dict[str, str], item: Item) -> dict[str, str]:
    """Non-empty ``fields`` without the characters cleaning removes from texts (NUL...);
    a repair of ``item`` names each field that had any."""
    kept = {}
    for key, value in fields.items():
        fixed = remove_control_characters(value) if value else value
        if fixed != value:
            item.repairs.append(f"control characters removed from {key}")
        if fixed:
            kept[key] = fixed
    return kept


def _default_id(item: Item) -> str:
    stem = table_stem(Path(item.source).name)  # feed.jsonl.gz:3 -> feed-3, as feed.jsonl
    return f"{stem}-{item.line}" if item.line else stem


def item_detail(item: Item) -> str:
    """Report detail of a loaded item: flags first, then repairs (or else notes)."""
    return "; ".join(item.flags + (item.repairs or item.notes))


#: Items read, cleaned and checked for language in one piece of work of a worker.
INGEST_CHUNK = 256


def _article_chunk(day_first: bool, chunk: list[Item]) -> list[tuple[Item, Any, list | str]]:
    """:func:`_article` of each item, where it runs (this process, a pool or Dask):
    the item as it was left (notes, flags, repairs), then the row and the removals,
    or ``None`` and why the item was skipped."""
    out = []
    for item in chunk:
        try:
            row, removed = _article(item, _default_id(item), day_first=day_first)
        except SkipItem as exc:
            out.append((item, None, str(exc)))
        else:
            out.append((item, row, removed))
    return out


def _item_chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == INGEST_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def article_rows(items: Iterable[Item], *, day_first: bool, n_jobs: int, client: Any
                 ) -> Iterator[tuple[Item, Any, list | str]]:
    """``(item, row, removals)`` of every item in input order; ``row`` is ``None`` for a
    skipped item, with the reason in place of the removals."""
    if n_jobs <= 1 and client is None:
        for item in items:
            yield from _article_chunk(day_first, [item])
        return
    for done in map_chunks(_article_chunk, day_first, _item_chunks(items),
                           n_jobs=n_jobs, client=client):
        yield from done
