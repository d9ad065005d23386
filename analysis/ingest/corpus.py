"""Ingest: read a corpus, repair and clean every article, and report on every input item.

:func:`load_corpus` reads

- a folder of ``.txt`` / ``.html`` files with an optional ``corpus.csv`` manifest
  (columns ``article_id, path, source_file, outlet, origin, url, published, title,
  language, notes``; ``path`` is relative to the manifest's folder);
- a CSV or JSONL file with a ``text`` column/key and optional ``article_id, outlet,
  origin, url, published, title, language``;
- a single ``.txt`` or ``.html`` file.

Each format is read by :mod:`analysis.ingest.readers` (encoding detection, mojibake
repair with ftfy, HTML extraction with trafilatura), and every text goes through
:func:`analysis.ingest.clean.clean_text`.

Nothing is dropped silently: each input item (file, or CSV/JSONL row) gets one row
in the ingest report — ``loaded``, ``repaired`` (what was repaired) or ``skipped``
(why) — and skips and files missing from the manifest also raise an
:class:`IngestWarning`. Input that cannot be used as a whole raises
:class:`~analysis.errors.InputError`: a missing corpus or ``--manifest`` path, a
CSV/JSONL without a text column, a manifest without a ``path`` column or listing
one file twice, two articles with one article_id, and a manifest row whose file
does not exist (an
error rather than a skip, because a corpus that silently lacks a listed article
changes every outlet comparison; fix the path or delete the row).

Files in a folder: with a manifest, the files it lists are read in manifest
order, then any other file in the folder itself and in the folders of the listed
files (``data/raw/``); without one, every file under the folder. Unlisted files
get outlet ``unknown``. Files of other types are reported as skipped.

Articles are clustered into stories (:func:`analysis.ingest.stories.story_clusters`,
in order of publication date, undated last, so ``story_id`` is the id of the
earliest copy; ``origin`` from the input is kept beside it).
"""

from __future__ import annotations

import csv
import io
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import py3langid
from tqdm import tqdm

from analysis import provenance
from analysis.errors import InputError
from analysis.ingest.clean import clean_text
from analysis.ingest.readers import (
    DOCUMENT_SUFFIXES,
    METADATA_FIELDS,
    TABLE_READERS,
    Item,
    SkipItem,
    csv_rows,
    decode_bytes,
    decode_table,
    file_item,
    fix_mojibake,
    read_text,
)
from analysis.ingest.stories import STORY_THRESHOLD, story_clusters
from analysis.schema import TABLES, conform

__all__ = [
    "MANIFEST_NAME",
    "METADATA_FIELDS",
    "PROGRESS_MIN_ITEMS",
    "Corpus",
    "IngestWarning",
    "detect_language",
    "decode_bytes",  # re-exported from analysis.ingest.readers: public here before the split
    "fix_mojibake",  # re-exported from analysis.ingest.readers
    "load_corpus",
]

#: File name of the manifest looked for in a corpus folder.
MANIFEST_NAME = "corpus.csv"
#: Folders with fewer items than this get no progress bar.
PROGRESS_MIN_ITEMS = 50

# Characters given to py3langid: plenty for news prose, and its pure-Python
# scanner costs about 1.5 ms per 1,000 characters.
_LANGUAGE_SAMPLE = 1_000
_MAX_WARNINGS = 20  # skipped items warned about one by one; the report lists them all


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


class IngestWarning(UserWarning):
    """An input item was skipped, or loaded with missing metadata."""


@dataclass
class Corpus:
    """A loaded corpus: cleaned articles plus the audit trail of how they were made.

    Attributes:
        articles: one row per article (schema table ``articles``); ``text`` is cleaned.
        report: one row per input item (schema table ``ingest_report``).
        removals: one row per piece of text removed by cleaning (``removals``).
        checksum: SHA-256 over the names and bytes of every file read.
        source: the path the corpus was loaded from.
    """

    articles: pd.DataFrame
    report: pd.DataFrame
    removals: pd.DataFrame
    checksum: str
    source: Path


    def summary(self) -> str:
        """One line: articles loaded, repaired and skipped."""
        counts = self.report["status"].value_counts()
        return (
            f"{len(self.articles)} articles: {counts.get('loaded', 0)} loaded, "
            f"{counts.get('repaired', 0)} repaired, {counts.get('skipped', 0)} skipped"
        )


# --- manifest and input collection ------------------------------------------------


def _read_manifest(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a manifest with their line numbers; InputError if it is unusable."""
    if not path.is_file():
        raise InputError(f"manifest {path} does not exist")
    text, _ = decode_table(path)
    rows = list(csv_rows(text, path))
    columns = rows[0][1].keys() if rows else csv.DictReader(io.StringIO(text)).fieldnames
    if "path" not in (columns or ()):
        raise InputError(
            f"manifest {path} has no 'path' column; columns found: "
            f"{', '.join(columns or []) or 'none'}"
        )
    return rows


def _folder_items(folder: Path, manifest: Path | None) -> tuple[list[Item], list[Path]]:
    """Items of a folder corpus, and the files read for the checksum."""
    manifest = manifest if manifest is not None else folder / MANIFEST_NAME
    if not manifest.exists():
        if manifest != folder / MANIFEST_NAME:
            raise InputError(f"manifest {manifest} does not exist")
        files = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        return [file_item(p, folder, {}, []) for p in files], files
    rows = _read_manifest(manifest)
    listed: dict[Path, tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        file = (manifest.parent / row["path"]).resolve()
        if not file.is_file():
            raise InputError(
                f"{manifest}, line {line}: file {row['path']!r} "
                f"(article {row.get('article_id') or '?'}) does not exist"
            )
        if file in listed:
            raise InputError(
                f"{manifest}: lines {listed[file][0]} and {line} both list {row['path']!r}"
            )
        listed[file] = (line, row)
    dirs = {folder.resolve()} | {p.parent for p in listed}
    others = sorted(
        p
        for d in dirs
        for p in d.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p not in listed
        and p != manifest.resolve()
    )
    items = [
        file_item(p, folder, row, [f"manifest line {line}"]) for p, (line, row) in listed.items()
    ]
    items += [file_item(p, folder, {}, [f"not in manifest {manifest.name}"]) for p in others]
    return items, [manifest, *listed, *others]


def _collect(path: Path, manifest: Path | None) -> tuple[list[Item], list[Path], Path]:
    """Items of any supported input, the files read, and the root for their names."""
    if not path.exists():
        raise InputError(f"corpus {path} does not exist")
    if path.is_dir():
        items, files = _folder_items(path, manifest)
        return items, files, path
    if manifest is not None:
        raise InputError(f"--manifest applies to a folder of files, not to {path.name}")
    suffix = path.suffix.lower()
    if suffix in TABLE_READERS:
        return TABLE_READERS[suffix](path), [path], path.parent
    if suffix in DOCUMENT_SUFFIXES:
        return [file_item(path, path.parent, {}, [])], [path], path.parent
    raise InputError(
        f"{path}: cannot read {suffix or 'files without a suffix'}; "
        "give a folder, a .csv, .jsonl, .txt or .html file"
    )


# --- from item to article -----------------------------------------------------------


def _article(item: Item, default_id: str) -> tuple[dict, list[tuple[str, str]]]:
    """Article row and cleaning removals of one item; :class:`SkipItem` if it has no text."""
    raw, found = read_text(item)
    cleaned = clean_text(raw)
    if not cleaned.text.strip():
        raise SkipItem("no text left after cleaning")
    row = {k: v for k, v in item.fields.items() if v}
    for key, value in found.items():
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
    row.setdefault("article_id", default_id)
    row.setdefault("outlet", "unknown")
    notes = "; ".join(
        filter(
            None,
            [
                row.get("notes", ""),
                "ingest: " + "; ".join(item.notes + [f"repaired {r}" for r in item.repairs]),
            ],
        )
    )
    row.update(
        text=cleaned.text,
        n_chars=len(cleaned.text),
        source=item.source,
        source_line=item.line,
        notes=notes,
        published=_iso_date(row.get("published")),
    )
    return row, list(cleaned.removals)


def _iso_date(value: str | None) -> str:
    """YYYY-MM-DD of a date string, or the string as given when it is not a date.

    >>> _iso_date("2022-12-30T06:30:00Z"), _iso_date("30 December 2022"), _iso_date(None)
    ('2022-12-30', '2022-12-30', '')
    """
    if not value:
        return ""
    stamp = pd.to_datetime(value, errors="coerce", utc=True, format="mixed")
    return value if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def _default_id(item: Item) -> str:
    stem = Path(item.source).stem
    return f"{stem}-{item.line}" if item.line else stem


def _progress(items: list[Item], progress: bool | None):
    show = (
        len(items) >= PROGRESS_MIN_ITEMS and sys.stderr.isatty() if progress is None else progress
    )
    return tqdm(items, desc="ingest", unit="item", file=sys.stderr, disable=not show)


def _ingest(items: list[Item], progress: bool | None, source: Path):
    """Article rows, report rows and removal rows of all items."""
    rows, report, removals, unknown = [], [], [], []
    for item in _progress(items, progress):
        try:
            row, removed = _article(item, _default_id(item))
        except SkipItem as exc:
            report.append((item.name, "", "skipped", str(exc)))
            continue
        article_id = row["article_id"]
        status = "repaired" if item.repairs else "loaded"
        report.append(
            (
                item.name,
                article_id,
                status,
                "; ".join(item.repairs) if item.repairs else "; ".join(item.notes),
            )
        )
        removals += [(article_id, rule, text) for rule, text in removed]
        rows.append(row)
        if row["outlet"] == "unknown":
            unknown.append(item.name)
    _warn(report, unknown, source)
    return rows, report, removals


def _warn(report: list[tuple], unknown: list[str], source: Path) -> None:
    """One warning per skipped item (the first 20), one for all items without outlet.

    Warnings point at the input file and line (``feed.jsonl:2: IngestWarning: ...``),
    not at this module, so the message on stderr says where to look.
    """
    skipped = [(item, f"skipped: {why}") for item, _, status, why in report if status == "skipped"]
    for item, message in skipped[:_MAX_WARNINGS]:
        name, _, line = item.rpartition(":")
        name, line = (name, int(line)) if name and line.isdigit() else (item, 0)
        warnings.warn_explicit(message, IngestWarning, name, line)
    if len(skipped) > _MAX_WARNINGS:
        warnings.warn_explicit(
            f"{len(skipped) - _MAX_WARNINGS} more items skipped; see the ingest report",
            IngestWarning,
            str(source),
            0,
        )
    if unknown:
        names = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        )
        warnings.warn_explicit(
            f"{len(unknown)} articles have no outlet (no manifest row or "
            f"'outlet' field); outlet set to 'unknown': {names}",
            IngestWarning,
            str(source),
            0,
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
    columns = [c for c in TABLES["articles"].columns if c != "story_id"]
    empty = dict.fromkeys(columns, "")
    df = pd.DataFrame([{**empty, **row} for row in rows], columns=columns)
    df = df.astype({"n_chars": int, "source_line": int})
    undated_last = df["published"].where(df["published"] != "", "9999")
    order = df.assign(_date=undated_last, _pos=range(len(df))).sort_values(["_date", "_pos"]).index
    stories = story_clusters(
        df.loc[order, "article_id"].tolist(), df.loc[order, "text"].tolist(), threshold=threshold
    )
    df["story_id"] = pd.Series(stories, index=order)
    return conform(df.reset_index(drop=True), "articles")


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None = None,
    story_threshold: float = STORY_THRESHOLD,
    progress: bool | None = None,
) -> Corpus:
    """Load, repair and clean a corpus (see the module docstring for what is read).

    Args:
        path: folder, CSV, JSONL, .txt or .html file.
        manifest: manifest CSV for a folder (default: ``corpus.csv`` in the folder, if any).
        story_threshold: trigram TF-IDF cosine at which two articles are one story.
        progress: show a progress bar on stderr; default: when stderr is a terminal
            and there are at least :data:`PROGRESS_MIN_ITEMS` items.

    Raises:
        InputError: the input cannot be used as a whole (see the module docstring).
    """
    path = Path(path)
    items, files, root = _collect(path, Path(manifest) if manifest is not None else None)
    rows, report, removals = _ingest(items, progress, path)
    _check_unique_ids(rows)
    files = [f.resolve() for f in files if f.is_file()]
    # Names relative to the folder all files lie in: the same checksum on any machine.
    root = Path(os.path.commonpath([*map(str, files), str(root.resolve())]))
    return Corpus(
        articles=_articles_frame(rows, story_threshold),
        report=pd.DataFrame(report, columns=["item", "article_id", "status", "detail"]),
        removals=pd.DataFrame(removals, columns=["article_id", "rule", "removed_text"]),
        checksum=provenance.checksum_files(files, root=root),
        source=path,
    )




def corpus_files(path: str | Path, *, manifest: str | Path | None = None) -> list[Path]:
    """The files :func:`load_corpus` reads for ``path``, without reading them.

    The cache keys a corpus by the checksum of exactly these files, so editing a
    file the manifest lists (wherever it lies) computes afresh, and a stray
    file that is not part of the corpus does not.
    """
    _, files, _ = _collect(Path(path), Path(manifest) if manifest is not None else None)
    return sorted({f.resolve() for f in files if f.is_file()})
