"""Corpora at URLs (fsspec): a table file, one document, or a folder with a manifest.

A URL names what a local path names (:mod:`analysis.ingest.collect`): a CSV, JSONL
(either may be ``.gz``) or Parquet file, one ``.txt``/``.html`` file, or a folder of
them with an optional ``corpus.csv`` manifest. A manifest row's ``path`` resolves
against the manifest's folder on the same file system; a row that lands outside the
corpus folder (``../other/a.txt``, ``/elsewhere/a.txt``, another URL) stops the run
naming the manifest line, unless ``allow_outside``. Object stores have no links,
FIFOs or devices, so the other containment rules of local folders have nothing to
check. Hidden files and folders (a part starting with ``.``) are not read.

The corpus checksum covers the names (relative to the corpus folder) and bytes of
every file read, in the format of :func:`analysis.provenance.checksum_files`; the
files are read once more for it (:func:`url_checksum`).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from typing import NamedTuple

from analysis.errors import InputError
from analysis.ingest.collect import MANIFEST_NAME
from analysis.ingest.encoding import decode_table_bytes
from analysis.ingest.parquet import parquet_items
from analysis.ingest.readers import DOCUMENT_SUFFIXES, Item, metadata_fields
from analysis.ingest.sources import (
    BLOCK_SIZE,
    Chunking,
    file_name,
    read_bytes,
    table_suffix,
    url_filesystem,
)
from analysis.ingest.tables import TABLE_READERS, csv_table

__all__ = ["RemoteCorpus", "url_checksum", "url_items"]


class RemoteCorpus(NamedTuple):
    """Items of a corpus at a URL, the URLs whose bytes make its checksum, and its root."""

    items: Iterable[Item]
    urls: list[str]
    root: str


def url_items(url: str, manifest: str | None = None, *, allow_outside: bool = False,
              chunking: Chunking | None = None) -> RemoteCorpus:
    """Items of the corpus at ``url`` (read lazily for table files).

    Raises:
        InputError: nothing at ``url``, an unsupported file type, or a manifest that
            cannot be used (see the module docstring).
    """
    fs, path = url_filesystem(url)
    try:
        is_dir = fs.isdir(path)
        exists = is_dir or fs.exists(path)
    except OSError as exc:
        raise InputError(f"corpus {url} cannot be read ({exc})") from None
    if not exists:
        raise InputError(f"corpus {url} does not exist")
    if is_dir:
        return _folder(fs, path.rstrip("/"), manifest, allow_outside)
    if manifest is not None:
        raise InputError(f"--manifest applies to a folder of files, not to {file_name(url)}")
    root = fs.unstrip_protocol(posixpath.dirname(path))
    suffix = table_suffix(file_name(url))
    if suffix in TABLE_READERS:
        return RemoteCorpus(TABLE_READERS[suffix](url, chunking), [url], root)
    if suffix == ".parquet":
        return RemoteCorpus(parquet_items(url, chunking), [url], root)
    if suffix in DOCUMENT_SUFFIXES and not url.lower().endswith(".gz"):
        return RemoteCorpus([_document(url, file_name(url), {}, [])], [url], root)
    raise InputError(f"{url}: cannot read {suffix or 'files without a suffix'}; give a "
                     "folder, a .csv, .jsonl (either may be .gz), .parquet, .txt or .html file")


def _document(url: str, name: str, row: dict, notes: list[str]) -> Item:
    fields = metadata_fields(row)
    fields["source_file"] = fields["source_file"] or file_name(url)
    return Item(name=name, source=name, fields=fields, url=url, notes=list(notes))


def _inside(path: str, folder: str) -> bool:
    """Whether the file system path ``path`` lies in ``folder``.

    >>> _inside("/corpus/raw/a.txt", "/corpus"), _inside("/corpus-2/a.txt", "/corpus")
    (True, False)
    """
    return path.startswith(folder.rstrip("/") + "/")


def _hidden(path: str, folder: str) -> bool:
    return any(part.startswith(".") for part in posixpath.relpath(path, folder).split("/"))


def _folder(fs, folder: str, manifest: str | None, allow_outside: bool) -> RemoteCorpus:
    root = fs.unstrip_protocol(folder)
    if manifest is not None:
        mfs, mpath = url_filesystem(manifest)
        if not mfs.exists(mpath):
            raise InputError(f"manifest {manifest} does not exist")
        if mfs.protocol != fs.protocol:
            raise InputError(f"manifest {manifest} is not on the corpus's file system")
    else:
        mpath = posixpath.join(folder, MANIFEST_NAME)
        if not fs.exists(mpath):
            found = sorted(p for p in fs.find(folder) if not _hidden(p, folder))
            items = [_document(fs.unstrip_protocol(p), posixpath.relpath(p, folder), {}, [])
                     for p in found]
            return RemoteCorpus(items, [i.url for i in items], root)
    murl = fs.unstrip_protocol(mpath)
    listed = _listed(fs, murl, mpath, folder, allow_outside)
    items = [_document(fs.unstrip_protocol(p), _name(p, folder, fs), row, [f"manifest line {n}"])
             for p, (n, row) in listed.items()]
    dirs = {folder} | {posixpath.dirname(p) for p in listed if _inside(p, folder)}
    others = sorted(p for d in dirs for p in fs.ls(d, detail=False)
                    if p not in listed and p != mpath and not _hidden(p, folder)
                    and not fs.isdir(p))
    note = [f"not in manifest {posixpath.basename(mpath)}"]
    items += [_document(fs.unstrip_protocol(p), _name(p, folder, fs), {}, note) for p in others]
    return RemoteCorpus(items, [murl, *(i.url for i in items)], root)


def _name(path: str, folder: str, fs) -> str:
    return posixpath.relpath(path, folder) if _inside(path, folder) else fs.unstrip_protocol(path)


def _listed(fs, murl: str, mpath: str, folder: str, allow_outside: bool
            ) -> dict[str, tuple[int, dict]]:
    """File system path of each manifest row's file, with its line and row."""
    columns, rows = csv_table(decode_table_bytes(read_bytes(murl)).text, murl)
    if "path" not in columns:
        raise InputError(f"manifest {murl} has no 'path' column; columns found: "
                         f"{', '.join(columns) or 'none'}")
    listed: dict[str, tuple[int, dict]] = {}
    for line, row in rows:
        named = row.get("path") or ""
        if "://" in named:
            rfs, target = url_filesystem(named)
            same = rfs.protocol == fs.protocol
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(mpath), named))
            same = True
        where = f"{murl}, line {line}: file {named!r} (article {row.get('article_id') or '?'})"
        if not allow_outside and not (same and _inside(target, folder)):
            raise InputError(f"{where} is outside the corpus folder {fs.unstrip_protocol(folder)}"
                             "; move it into the folder, or pass --allow-outside "
                             "(allow_outside=True) to read it")
        if not same:
            raise InputError(f"{where} is on another file system; copy it beside the manifest")
        if not fs.exists(target):
            raise InputError(f"{where} does not exist")
        if target in listed:
            raise InputError(f"{murl}: lines {listed[target][0]} and {line} both list {named!r}")
        listed[target] = (line, row)
    return listed


def url_checksum(urls: Iterable[str], root: str) -> str:
    """SHA-256 over the names (relative to ``root``) and bytes of files at URLs, as
    :func:`analysis.provenance.checksum_files` makes it for local files."""
    h = hashlib.sha256()
    base = url_filesystem(root)[1].rstrip("/")
    for url in sorted(urls):
        fs, path = url_filesystem(url)
        name = posixpath.relpath(path, base) if _inside(path, base) else url
        digest = hashlib.sha256()
        with fs.open(path, "rb") as fh:
            while block := fh.read(BLOCK_SIZE):
                digest.update(block)
        h.update(name.encode("utf-8") + b"\0" + digest.hexdigest().encode("ascii") + b"\n")
    return h.hexdigest()
