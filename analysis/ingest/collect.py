"""Which items a corpus path names: files of a folder (with its manifest), or table rows.

A folder with a ``corpus.csv`` manifest: the files it lists are read in manifest
order (``path`` relative to the manifest's folder), then any other file in the
corpus folder itself and in the folders of the listed files that lie inside it
(``data/raw/``); folders outside are never scanned. Without a manifest: every
non-hidden file below the folder. Unlisted files get outlet ``unknown``.

Containment (:mod:`analysis.ingest.paths`): every path is resolved (links
followed) before it is checked against the corpus folder. A manifest row naming
a file outside it (``../outside/x.txt``, ``/etc/passwd``, or a link that points
out) stops the run with :class:`~analysis.errors.InputError` naming the manifest
and line, unless ``allow_outside=True``. A link found in the folder that points
out of it is a skipped item with the reason. FIFOs, devices and ``/proc`` files
are skipped items too (only regular files are read), whether listed or found.

A CSV, JSONL (either may be gzipped: ``feed.jsonl.gz``) or Parquet file is read as a
stream of items (:mod:`analysis.ingest.tables`, :mod:`analysis.ingest.parquet`), so
:attr:`Collected.items` is then an iterator that reads the file as it is consumed.
A URL (``s3://``, ``gs://``, ``https://``...) is collected by
:mod:`analysis.ingest.remote`; a ``file://`` URL is a local path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from analysis.errors import InputError
from analysis.ingest.parquet import parquet_items
from analysis.ingest.paths import (
    is_inside,
    link_outside_reason,
    not_regular_reason,
    walk_entries,
)
from analysis.ingest.readers import DOCUMENT_SUFFIXES, Item, file_item
from analysis.ingest.sources import Chunking, table_suffix
from analysis.ingest.tables import TABLE_READERS, csv_table, decode_table

__all__ = ["MANIFEST_NAME", "Collected", "collect_items"]

#: File name of the manifest looked for in a corpus folder.
MANIFEST_NAME = "corpus.csv"


class Collected(NamedTuple):
    """Items of a corpus, the files whose bytes make its checksum, and the naming root."""

    items: Iterable[Item]
    files: list[Path]
    root: Path


def _read_manifest(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a manifest with their line numbers; InputError if it is unusable."""
    if not path.is_file():
        raise InputError(f"manifest {path} does not exist")
    columns, rows = csv_table(decode_table(path).text, path)
    if "path" not in columns:
        raise InputError(
            f"manifest {path} has no 'path' column; columns found: "
            f"{', '.join(columns) or 'none'}"
        )
    return rows


def _listed_file(manifest: Path, line: int, row: dict, folder: Path, allow_outside: bool) -> Path:
    """Resolved path of a manifest row's file; InputError if it is outside or missing."""
    named = row.get("path") or ""
    file = (manifest.parent / named).resolve()
    article = row.get("article_id") or "?"
    if not allow_outside and not is_inside(file, folder):
        raise InputError(
            f"{manifest}, line {line}: file {named!r} (article {article}) is outside the "
            f"corpus folder {folder} (it resolves to {file}); move it into the folder, "
            "or pass --allow-outside (allow_outside=True) to read it"
        )
    if not file.exists():
        raise InputError(
            f"{manifest}, line {line}: file {named!r} (article {article}) does not exist"
        )
    return file


def _listed_item(resolved: Path, manifest: Path, line: int, row: dict, folder: Path) -> Item:
    """Item of a manifest row: named by the path the row gives (a link keeps its name),
    read from the resolved path that was checked."""
    item = file_item(manifest.parent / row["path"], folder, row, [f"manifest line {line}"])
    item.path = resolved
    return item


def _entry_item(path: Path, folder: Path, notes: list[str], allow_outside: bool) -> Item | None:
    """Item of a folder entry; a link out of the folder is a skipped item; None for a
    link to a folder inside it (its files are read where they lie)."""
    outside = None if allow_outside else link_outside_reason(path, folder)
    if path.is_dir():
        if not is_inside(path, folder):
            item = file_item(path, folder, {}, notes)
            item.skip = (
                f"symbolic link to the folder {path.resolve()}, outside the corpus folder; "
                "links to folders are not followed"
            )
            return item
        return None
    item = file_item(path, folder, {}, notes)
    item.skip = outside
    return item


def _folder_items(folder: Path, manifest: Path | None, allow_outside: bool) -> Collected:
    """Items of a folder corpus, and the files read for the checksum."""
    manifest = manifest if manifest is not None else folder / MANIFEST_NAME
    if not manifest.exists():
        if manifest != folder / MANIFEST_NAME:
            raise InputError(f"manifest {manifest} does not exist")
        found = [_entry_item(p, folder, [], allow_outside) for p in walk_entries(folder)]
        return _collected([i for i in found if i is not None], [], folder)
    listed: dict[Path, tuple[int, dict[str, str]]] = {}
    for line, row in _read_manifest(manifest):
        file = _listed_file(manifest, line, row, folder, allow_outside)
        if file in listed:
            raise InputError(
                f"{manifest}: lines {listed[file][0]} and {line} both list {row['path']!r}"
            )
        listed[file] = (line, row)
    dirs = {folder.resolve()} | {p.parent for p in listed if is_inside(p, folder)}
    others = sorted(
        p
        for d in dirs
        for p in d.iterdir()
        if not p.name.startswith(".")
        and p.resolve() not in listed
        and p.resolve() != manifest.resolve()
        and not (p.is_dir() and not p.is_symlink())
    )
    items = [_listed_item(p, manifest, line, row, folder) for p, (line, row) in listed.items()]
    found = [_entry_item(p, folder, [f"not in manifest {manifest.name}"], allow_outside)
             for p in others]
    return _collected(items + [i for i in found if i is not None], [manifest], folder)


def _collected(items: list[Item], extra: list[Path], root: Path) -> Collected:
    """Collected items; the checksum covers the regular files among them that may be read."""
    readable = [i.path for i in items
                if i.path is not None and not i.skip and not_regular_reason(i.path) is None]
    return Collected(items, [*extra, *readable], root)


def collect_items(path: Path, manifest: Path | None = None, *,
                  allow_outside: bool = False, chunking: Chunking | None = None) -> Collected:
    """Items of any supported local input, the files read, and the root for their names.

    Items of a table file are yielded as the file is read (``chunking``).

    Raises:
        InputError: ``path`` or ``manifest`` is missing or unusable, a manifest row
            names a missing file or (without ``allow_outside``) a file outside the
            folder, or ``path`` is of an unsupported type.
    """
    if not path.exists():
        raise InputError(f"corpus {path} does not exist")
    if path.is_dir():
        return _folder_items(path, manifest, allow_outside)
    if manifest is not None:
        raise InputError(f"--manifest applies to a folder of files, not to {path.name}")
    suffix = table_suffix(path.name)
    if suffix in TABLE_READERS:
        return Collected(TABLE_READERS[suffix](path, chunking), [path], path.parent)
    if path.suffix.lower() == ".parquet":
        return Collected(parquet_items(path, chunking), [path], path.parent)
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return Collected([file_item(path, path.parent, {}, [])], [path], path.parent)
    raise InputError(
        f"{path}: cannot read {path.suffix.lower() or 'files without a suffix'}; give a folder, "
        "a .csv, .jsonl (either may be .gz), .parquet, .txt or .html file"
    )
