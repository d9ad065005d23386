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
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from analysis import provenance
from analysis.errors import InputError
from analysis.ingest.articles import article_rows, detect_language, item_detail
from analysis.ingest.collect import MANIFEST_NAME, collect_items
from analysis.ingest.encoding import decode_bytes, fix_mojibake
from analysis.ingest.notices import IngestWarning, warn_each, warn_unknown
from analysis.ingest.readers import METADATA_FIELDS, Item
from analysis.ingest.remote import url_checksum, url_items
from analysis.ingest.sources import Chunking, Location, as_location
from analysis.ingest.stories import STORY_THRESHOLD, StoryClusterer
from analysis.schema import TABLES, conform

__all__ = [
    "MANIFEST_NAME",  # re-exported from analysis.ingest.collect
    "Chunking",  # re-exported from analysis.ingest.sources
    "METADATA_FIELDS",
    "PROGRESS_MIN_ITEMS",
    "ARTICLE_CHUNK",
    "Corpus",
    "CorpusStream",
    "IngestWarning",  # re-exported from analysis.ingest.notices
    "corpus_files",
    "detect_language",  # re-exported from analysis.ingest.articles
    "decode_bytes",  # re-exported from analysis.ingest.encoding: public here before the split
    "fix_mojibake",  # re-exported from analysis.ingest.encoding
    "load_corpus",
]

#: Folders with fewer items than this get no progress bar.
PROGRESS_MIN_ITEMS = 50

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


def _progress(items: Iterable[Item], progress: bool | None):
    """``items`` with a progress bar; a stream of unknown length shows one after a second."""
    total = len(items) if isinstance(items, list) else None
    many = total is None or total >= PROGRESS_MIN_ITEMS
    show = many and sys.stderr.isatty() if progress is None else progress
    return tqdm(items, desc="ingest", unit="item", file=sys.stderr, disable=not show,
                total=total, delay=1.0 if total is None and progress is None else 0.0)



class _Audit:
    """What ingest records beside the articles: the report row of every item, the
    cleaning removals, and what to warn about once the items are read.

    With ``keep=False`` (``framing score``, which writes neither table) only the
    report rows of skipped items and the count of each status are kept.
    """

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.report: list[tuple] = []
        self.removals: list[tuple] = []
        self.status_counts: Counter[str] = Counter()
        self.unknown: list[str] = []
        self.flagged: list[tuple[str, str]] = []

    def record(self, item: Item, row: dict | None, removed: list | str) -> None:
        if row is None:
            status, article_id, detail = "skipped", "", str(removed)
        else:
            status = "repaired" if item.repairs else "loaded"
            article_id, detail = row["article_id"], item_detail(item)
            if self.keep:
                self.removals += [(article_id, rule, text) for rule, text in removed]
            self.flagged += [(item.name, flag) for flag in item.flags]
            if row["outlet"] == "unknown":
                self.unknown.append(item.name)
        self.status_counts[status] += 1
        if self.keep or status == "skipped":
            self.report.append((item.name, article_id, status, detail))

    def warn(self, source: Location) -> None:
        skipped = [(item, f"skipped: {why}") for item, _, status, why in self.report
                   if status == "skipped"]
        warn_each(skipped, source, "items skipped")
        warn_each(self.flagged, source, "dates not used")
        warn_unknown(self.unknown, source)

    def check_usable(self, source: Location) -> None:
        """InputError when no item gave an article: nothing to analyse is not a result.

        >>> audit = _Audit(keep=True)
        >>> audit.report = [("a.txt", "", "skipped", "empty file")]
        >>> audit.status_counts["skipped"] = 1
        >>> audit.check_usable(Path("corpus"))
        Traceback (most recent call last):
        analysis.errors.InputError: corpus: nothing usable: the 1 input item was skipped \
(a.txt: empty file); see the reasons above
        """
        counts = self.status_counts
        if counts["loaded"] or counts["repaired"]:
            return
        if not counts["skipped"]:
            raise InputError(f"{source}: nothing usable: no input items found")
        item, _, _, why = self.report[0]
        n = counts["skipped"]
        count = "the 1 input item was" if n == 1 else f"all {n} input items were"
        raise InputError(
            f"{source}: nothing usable: {count} skipped ({item}: {why}); see the reasons above"
        )


def _articles_frame(rows: list[dict], stories: dict[str, str] | None = None) -> pd.DataFrame:
    """The articles table of ``rows``; ``story_id`` from ``stories`` (else empty)."""
    documented = TABLES["articles"].columns
    extra = list(dict.fromkeys(k for row in rows for k in row if k not in documented))
    columns = [c for c in documented if c != "story_id"] + extra
    empty = dict.fromkeys(columns, "")
    df = pd.DataFrame([{**empty, **row} for row in rows], columns=columns)
    df = df.astype({"n_chars": int, "source_line": int})
    df["story_id"] = df["article_id"].map(stories) if stories is not None else ""
    return pd.concat([conform(df, "articles"), df[extra]], axis=1)


#: Articles in one chunk of a :class:`CorpusStream`.
ARTICLE_CHUNK = 2_000


class CorpusStream:
    """A corpus read, cleaned and clustered into stories a chunk of articles at a time.

    Iterating yields the articles table (:func:`load_corpus`'s ``articles``, with
    ``story_id`` empty) :data:`ARTICLE_CHUNK` articles at a time, in input order.
    Nothing keeps a chunk's texts once the next is read: story clusters are made
    from each text's signature as it passes
    (:class:`~analysis.ingest.stories.StoryClusterer`), and after the iteration
    :meth:`story_ids` gives every article its story. :attr:`report`,
    :attr:`removals`, :attr:`checksum` and :meth:`summary` are those of
    :class:`Corpus` once the iteration is done (with ``audit=False`` the report
    holds only skipped items and the removals are not kept). The arguments are
    :func:`load_corpus`'s.

    Raises:
        InputError: as :func:`load_corpus` (during the iteration; a duplicate
            article_id as soon as it is read).
    """

    def __init__(self, path: str | Path, *, manifest: str | Path | None = None,
                 story_threshold: float = STORY_THRESHOLD, progress: bool | None = None,
                 allow_outside: bool = False, day_first: bool = False,
                 chunking: Chunking | None = None, n_jobs: int = 1, client: Any = None,
                 audit: bool = True) -> None:
        self.source = as_location(path)
        manifest = as_location(manifest) if manifest is not None else None
        if isinstance(self.source, str):
            remote = url_items(self.source, None if manifest is None else str(manifest),
                               allow_outside=allow_outside, chunking=chunking)
            self._items: Iterable[Item] = remote.items
            self._checksum = partial(url_checksum, remote.urls, remote.root)
        else:
            if isinstance(manifest, str):
                raise InputError(f"manifest {manifest}: a local corpus needs a local manifest")
            self._items, files, root = collect_items(self.source, manifest,
                                                     allow_outside=allow_outside,
                                                     chunking=chunking)
            self._checksum = partial(_local_checksum, files, root)
        self._options = {"progress": progress, "day_first": day_first, "n_jobs": n_jobs,
                         "client": client}
        self._audit = _Audit(keep=audit)
        self._clusterer = StoryClusterer(threshold=story_threshold)
        self._ids: list[str] = []
        self._dates: list[str] = []
        self._done = False

    def row_chunks(self) -> Iterator[list[dict]]:
        """The article rows (dicts) of each chunk; :meth:`__iter__` makes them tables."""
        seen: dict[str, tuple[str, int]] = {}
        rows: list[dict] = []
        opts = self._options
        for item, row, removed in article_rows(_progress(self._items, opts["progress"]),
                                               day_first=opts["day_first"],
                                               n_jobs=opts["n_jobs"], client=opts["client"]):
            self._audit.record(item, row, removed)
            if row is not None:
                _check_unique_id(row, seen)
                rows.append(row)
            if len(rows) == ARTICLE_CHUNK:
                yield self._passed(rows)
                rows = []
        if rows:
            yield self._passed(rows)
        self._audit.warn(self.source)
        self._audit.check_usable(self.source)
        self._done = True

    def _passed(self, rows: list[dict]) -> list[dict]:
        self._clusterer.add([row["text"] for row in rows])
        self._ids += [row["article_id"] for row in rows]
        self._dates += [row.get("published") or "9999" for row in rows]  # undated last
        return rows

    def __iter__(self) -> Iterator[pd.DataFrame]:
        for rows in self.row_chunks():
            yield _articles_frame(rows)

    def story_ids(self) -> dict[str, str]:
        """Article id -> story id, once every chunk has been read (see :func:`load_corpus`)."""
        if not self._done:
            raise RuntimeError("story ids are known once every chunk has been read")
        order = (pd.DataFrame({"_date": self._dates, "_pos": range(len(self._ids))})
                 .sort_values(["_date", "_pos"]).index.to_numpy())
        with self._clusterer:
            return dict(zip(self._ids, self._clusterer.story_ids(self._ids, order=order),
                            strict=True))

    @property
    def report(self) -> pd.DataFrame:
        return pd.DataFrame(self._audit.report, columns=["item", "article_id", "status", "detail"])

    @property
    def removals(self) -> pd.DataFrame:
        return pd.DataFrame(self._audit.removals, columns=["article_id", "rule", "removed_text"])

    @property
    def checksum(self) -> str:
        """SHA-256 over the names and bytes of every file read."""
        return self._checksum()

    def summary(self) -> str:
        """One line: articles loaded, repaired and skipped (as :meth:`Corpus.summary`)."""
        counts = self._audit.status_counts
        return (f"{len(self._ids)} articles: {counts['loaded']} loaded, "
                f"{counts['repaired']} repaired, {counts['skipped']} skipped")


def _check_unique_id(row: dict, seen: dict[str, tuple[str, int]]) -> None:
    where = (row["source"], row["source_line"])
    first = seen.setdefault(row["article_id"], where)
    if first is not where:
        raise InputError(f"article_id {row['article_id']!r} is used twice: by "
                         f"{_where(*first)} and by {_where(*where)}")


def _where(source: str, line: int) -> str:
    return f"{source}" + (f", line {line}" if line else "")


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

    The whole corpus in memory; :class:`CorpusStream` reads it a chunk at a time.

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
            :data:`~analysis.ingest.articles.INGEST_CHUNK` at a time
            (:func:`analysis.workers.map_chunks`); the corpus is the same for any number.
        client: a ``dask.distributed.Client`` whose workers do that work instead.

    Raises:
        InputError: the input cannot be used as a whole (see the module docstring).
    """
    stream = CorpusStream(path, manifest=manifest, story_threshold=story_threshold,
                          progress=progress, allow_outside=allow_outside, day_first=day_first,
                          chunking=chunking, n_jobs=n_jobs, client=client)
    rows = [row for chunk in stream.row_chunks() for row in chunk]
    return Corpus(
        articles=_articles_frame(rows, stream.story_ids()),
        report=stream.report,
        removals=stream.removals,
        checksum=stream.checksum,
        source=stream.source,
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
