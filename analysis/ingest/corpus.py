"""Ingest: read a corpus, repair and clean every article, and report on every input item.

:func:`load_corpus` reads

- a folder of ``.txt`` / ``.html`` files with an optional ``corpus.csv`` manifest
  (columns ``article_id, path, source_file, outlet, origin, url, published, title,
  language, notes``; ``path`` is relative to the manifest's folder);
- a CSV, JSONL or Parquet file with a ``text`` column/key and optional ``article_id,
  outlet, origin, url, published, title, language``; any other input column
  (``country``) follows the documented columns of the articles table, empty where
  absent. CSV and JSONL may be gzipped (``feed.jsonl.gz``). These files are read as a
  stream, a block or batch at a time (``chunking``), and each record is cleaned as it
  is read: memory holds the cleaned articles, not the raw file;
- a single ``.txt`` or ``.html`` file;
- any of these at a URL fsspec can open (``s3://``, ``gs://``, ``https://``;
  :mod:`analysis.ingest.remote`); a ``file://`` URL is a local path.

Which items a path names, and which paths may be read (inside the corpus folder,
regular files only), is :mod:`analysis.ingest.collect`'s job; each item is read by
:mod:`analysis.ingest.readers` or :mod:`analysis.ingest.tables` (encoding detection,
mojibake repair with ftfy, HTML extraction with trafilatura), and every text goes
through :func:`analysis.ingest.clean.clean_text`. Publication dates are read by one
rule for the whole corpus (:mod:`analysis.ingest.dates`, ``day_first``).

Nothing is dropped silently: each input item (file, or CSV/JSONL record) gets one
row in the ingest report — ``loaded``, ``repaired`` (what was repaired) or
``skipped`` (why) — and skips, dates that were not used and files missing from the
manifest also raise an :class:`IngestWarning`. Input that cannot be used as a whole
raises :class:`~analysis.errors.InputError`: a missing corpus or ``--manifest``
path, a CSV/JSONL without a text column, a manifest without a ``path`` column,
listing one file twice, naming a file outside the corpus folder (unless
``allow_outside``) or with a malformed record, two articles with one article_id, a
corpus where every item was skipped, and a manifest row whose file does not exist
(an error rather than a skip, because a corpus that silently lacks a listed article
changes every outlet comparison; fix the path or delete the row).

Articles are clustered into stories (:func:`analysis.ingest.stories.story_clusters`,
in order of publication date, undated last, so ``story_id`` is the id of the
earliest copy; ``origin`` from the input is kept beside it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import py3langid
from tqdm import tqdm

from analysis import provenance
from analysis.errors import InputError
from analysis.ingest.clean import Cleaned, clean_text, remove_control_characters
from analysis.ingest.collect import MANIFEST_NAME, collect_items
from analysis.ingest.dates import parse_date
from analysis.ingest.encoding import decode_bytes, fix_mojibake
from analysis.ingest.notices import IngestWarning, warn_each, warn_unknown
from analysis.ingest.readers import METADATA_FIELDS, Item, SkipItem, read_text
from analysis.ingest.remote import url_checksum, url_items
from analysis.ingest.sources import Chunking, Location, as_location, table_stem
from analysis.ingest.stories import STORY_THRESHOLD, story_clusters
from analysis.schema import TABLES, conform
from analysis.workers import map_chunks

__all__ = [
    "MANIFEST_NAME",  # re-exported from analysis.ingest.collect
    "Chunking",  # re-exported from analysis.ingest.sources
    "METADATA_FIELDS",
    "PROGRESS_MIN_ITEMS",
    "Corpus",
    "IngestWarning",  # re-exported from analysis.ingest.notices
    "corpus_files",
    "detect_language",
    "decode_bytes",  # re-exported from analysis.ingest.encoding: public here before the split
    "fix_mojibake",  # re-exported from analysis.ingest.encoding
    "load_corpus",
]

#: Folders with fewer items than this get no progress bar.
PROGRESS_MIN_ITEMS = 50

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


@dataclass
class Corpus:
    """A loaded corpus: cleaned articles plus the audit trail of how they were made.

    Attributes:
        articles: one row per article (schema table ``articles``); ``text`` is cleaned.
        report: one row per input item (schema table ``ingest_report``).
        removals: one row per piece of text removed by cleaning (``removals``).
        checksum: SHA-256 over the names and bytes of every file read.
        source: the path (or URL) the corpus was loaded from.
    """

    articles: pd.DataFrame
    report: pd.DataFrame
    removals: pd.DataFrame
    checksum: str
    source: Path | str

    def summary(self) -> str:
        """One line: articles loaded, repaired and skipped."""
        counts = self.report["status"].value_counts()
        return (
            f"{len(self.articles)} articles: {counts.get('loaded', 0)} loaded, "
            f"{counts.get('repaired', 0)} repaired, {counts.get('skipped', 0)} skipped"
        )


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


def _progress(items: Iterable[Item], progress: bool | None):
    """``items`` with a progress bar; a stream of unknown length shows one after a second."""
    total = len(items) if isinstance(items, list) else None
    many = total is None or total >= PROGRESS_MIN_ITEMS
    show = many and sys.stderr.isatty() if progress is None else progress
    return tqdm(items, desc="ingest", unit="item", file=sys.stderr, disable=not show,
                total=total, delay=1.0 if total is None and progress is None else 0.0)


def _detail(item: Item) -> str:
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


def _articles(items: Iterable[Item], *, day_first: bool, n_jobs: int, client: Any
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


def _ingest(items: Iterable[Item], progress: bool | None, source: Location, *,
            day_first: bool, n_jobs: int = 1, client: Any = None):
    """Article rows, report rows and removal rows of all items (read, cleaned and
    checked for language in ``n_jobs`` processes or on Dask; the same rows either way)."""
    rows, report, removals, unknown, flagged = [], [], [], [], []
    for item, row, removed in _articles(_progress(items, progress), day_first=day_first,
                                        n_jobs=n_jobs, client=client):
        if row is None:
            report.append((item.name, "", "skipped", removed))
            continue
        article_id = row["article_id"]
        status = "repaired" if item.repairs else "loaded"
        report.append((item.name, article_id, status, _detail(item)))
        removals += [(article_id, rule, text) for rule, text in removed]
        rows.append(row)
        flagged += [(item.name, flag) for flag in item.flags]
        if row["outlet"] == "unknown":
            unknown.append(item.name)
    skipped = [(item, f"skipped: {why}") for item, _, status, why in report if status == "skipped"]
    warn_each(skipped, source, "items skipped")
    warn_each(flagged, source, "dates not used")
    warn_unknown(unknown, source)
    return rows, report, removals


def _check_usable(report: list[tuple], source: Location) -> None:
    """InputError when no item gave an article: nothing to analyse is not a result.

    >>> _check_usable([("a.txt", "", "skipped", "empty file")], Path("corpus"))
    Traceback (most recent call last):
    analysis.errors.InputError: corpus: nothing usable: the 1 input item was skipped \
(a.txt: empty file); see the reasons above
    """
    if any(status != "skipped" for _, _, status, _ in report):
        return
    if not report:
        raise InputError(f"{source}: nothing usable: no input items found")
    item, _, _, why = report[0]
    count = "the 1 input item was" if len(report) == 1 else f"all {len(report)} input items were"
    raise InputError(
        f"{source}: nothing usable: {count} skipped ({item}: {why}); see the reasons above"
    )


def _check_unique_ids(rows: list[dict]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        where = f"{row['source']}" + (f", line {row['source_line']}" if row["source_line"] else "")
        if row["article_id"] in seen:
            raise InputError(
                f"article_id {row['article_id']!r} is used twice: by "
                f"{seen[row['article_id']]} and by {where}"
            )
        seen[row["article_id"]] = where


def _articles_frame(rows: list[dict], threshold: float) -> pd.DataFrame:
    documented = TABLES["articles"].columns
    extra = list(dict.fromkeys(k for row in rows for k in row if k not in documented))
    columns = [c for c in documented if c != "story_id"] + extra
    empty = dict.fromkeys(columns, "")
    df = pd.DataFrame([{**empty, **row} for row in rows], columns=columns)
    df = df.astype({"n_chars": int, "source_line": int})
    undated_last = df["published"].where(df["published"] != "", "9999")
    order = df.assign(_date=undated_last, _pos=range(len(df))).sort_values(["_date", "_pos"]).index
    stories = story_clusters(
        df.loc[order, "article_id"].tolist(), df.loc[order, "text"].tolist(), threshold=threshold
    )
    df["story_id"] = pd.Series(stories, index=order)
    df = df.reset_index(drop=True)
    return pd.concat([conform(df, "articles"), df[extra]], axis=1)


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None = None,
    story_threshold: float = STORY_THRESHOLD,
    progress: bool | None = None,
    allow_outside: bool = False,
    day_first: bool = False,
    chunking: Chunking | None = None,
    n_jobs: int = 1,
    client: Any = None,
) -> Corpus:
    """Load, repair and clean a corpus (see the module docstring for what is read).

    Args:
        path: folder, CSV, JSONL (either maybe ``.gz``), Parquet, .txt or .html file,
            as a local path or a URL (``s3://``, ``gs://``, ``https://``, ``file://``).
        manifest: manifest CSV for a folder (default: ``corpus.csv`` in the folder, if any).
        story_threshold: trigram TF-IDF cosine at which two articles are one story.
        progress: show a progress bar on stderr; default: when stderr is a terminal
            and there are at least :data:`PROGRESS_MIN_ITEMS` items.
        allow_outside: read files a manifest lists, or a link in the folder points
            to, outside the corpus folder (default: a listed one is an InputError,
            a link is skipped).
        day_first: read numeric dates such as ``01/02/2023`` day first (1 February);
            default month first (2 January). A date impossible in the chosen order
            is flagged and left empty, never swapped (:mod:`analysis.ingest.dates`).
        chunking: how much of a table file is read at a time (default
            :class:`~analysis.ingest.sources.Chunking`: 1 MiB blocks, 1,000 Parquet rows).
        n_jobs: processes that read, clean and detect the language of the items,
            :data:`INGEST_CHUNK` at a time (:func:`analysis.workers.map_chunks`);
            the corpus is the same for any number.
        client: a ``dask.distributed.Client`` whose workers do that work instead.

    Raises:
        InputError: the input cannot be used as a whole (see the module docstring).
    """
    location = as_location(path)
    manifest = as_location(manifest) if manifest is not None else None
    if isinstance(location, str):
        remote = url_items(location, None if manifest is None else str(manifest),
                           allow_outside=allow_outside, chunking=chunking)
        rows, report, removals = _ingest(remote.items, progress, location, day_first=day_first,
                                         n_jobs=n_jobs, client=client)
        checksum = partial(url_checksum, remote.urls, remote.root)
    else:
        if isinstance(manifest, str):
            raise InputError(f"manifest {manifest}: a local corpus needs a local manifest")
        items, files, root = collect_items(location, manifest, allow_outside=allow_outside,
                                           chunking=chunking)
        rows, report, removals = _ingest(items, progress, location, day_first=day_first,
                                         n_jobs=n_jobs, client=client)
        checksum = partial(_local_checksum, files, root)
    _check_usable(report, location)
    _check_unique_ids(rows)
    return Corpus(
        articles=_articles_frame(rows, story_threshold),
        report=pd.DataFrame(report, columns=["item", "article_id", "status", "detail"]),
        removals=pd.DataFrame(removals, columns=["article_id", "rule", "removed_text"]),
        checksum=checksum(),
        source=location,
    )


def _local_checksum(files: list[Path], root: Path) -> str:
    files = [f.resolve() for f in files if f.is_file()]
    # Names relative to the folder all files lie in: the same checksum on any machine.
    root = Path(os.path.commonpath([*map(str, files), str(root.resolve())]))
    return provenance.checksum_files(files, root=root)


def corpus_files(path: str | Path, *, manifest: str | Path | None = None,
                 allow_outside: bool = True) -> list[Path]:
    """The files :func:`load_corpus` reads for ``path``, without reading them.

    The cache keys a corpus by the checksum of exactly these files, so editing a
    file the manifest lists (wherever it lies) computes afresh, and a stray
    file that is not part of the corpus does not. Files outside the corpus
    folder are listed by default: a key must cover every file the corpus names,
    and :func:`load_corpus` itself refuses them unless it is allowed to read them.

    Raises:
        InputError: ``path`` is a URL (only local corpora are listed; copy it first).
    """
    location = as_location(path)
    if isinstance(location, str):
        raise InputError(f"{location}: the notebooks' cache keys a corpus by its local "
                         "files; copy the corpus to a local folder first")
    manifest = Path(manifest) if manifest is not None else None
    _, files, _ = collect_items(location, manifest, allow_outside=allow_outside)
    return sorted({f.resolve() for f in files if f.is_file()})
