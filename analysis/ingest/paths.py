"""Where a corpus may read from: inside its folder, and regular files only.

A folder corpus names files in two ways: a manifest row's ``path`` and an entry found
in the folder, which may be a symbolic link. Both are resolved (links followed, ``..``
removed) *before* they are checked, so ``raw/../../secret.txt`` and a link to
``/etc/passwd`` are seen for what they are. A path outside the corpus folder is read
only when the user allows it (``allow_outside=True``, ``--allow-outside``).

Only regular files are read. A FIFO, socket or device would block or never end, and a
file under ``/proc``, ``/sys`` or ``/dev`` reports a size of 0 yet yields text that
changes from one read to the next: none of them is an article. :func:`read_regular_file`
opens without blocking and checks the open descriptor, so a file swapped for a FIFO
between listing and reading cannot hang a run either.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "PSEUDO_FILESYSTEMS",
    "is_inside",
    "link_outside_reason",
    "not_regular_reason",
    "open_regular_file",
    "read_regular_file",
    "walk_entries",
]

#: Folders whose files are views of the running system, not documents.
PSEUDO_FILESYSTEMS: tuple[Path, ...] = (Path("/proc"), Path("/sys"), Path("/dev"))

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path`` lies in ``root`` once both are resolved (symbolic links followed).

    >>> is_inside(Path("/corpus/raw/a.txt"), Path("/corpus"))
    True
    >>> is_inside(Path("/corpus/raw/../../etc/passwd"), Path("/corpus"))
    False
    """
    return path.resolve().is_relative_to(root.resolve())


def _mode_reason(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or None for a regular file.

    >>> _mode_reason(stat.S_IFIFO | 0o644)
    'not a regular file (a FIFO)'
    >>> _mode_reason(stat.S_IFREG | 0o644) is None
    True
    """
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind})"


def _pseudo_reason(resolved: Path) -> str | None:
    """Why a file under a pseudo file system is not read, or None.

    >>> _pseudo_reason(Path("/proc/self/status"))
    'not a regular file (on the /proc pseudo file system)'
    >>> _pseudo_reason(Path("/data/raw/a.txt")) is None
    True
    """
    for pseudo in PSEUDO_FILESYSTEMS:
        if resolved.is_relative_to(pseudo):
            return f"not a regular file (on the {pseudo} pseudo file system)"
    return None


def not_regular_reason(path: Path) -> str | None:
    """Why ``path`` (links followed) cannot be read as a document, or None if it can."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _mode_reason(mode) or _pseudo_reason(path.resolve())


def link_outside_reason(path: Path, root: Path) -> str | None:
    """Why a folder entry that is a link out of ``root`` is not read, or None.

    ``path`` is an entry found in the folder (not resolved yet); a link that stays
    inside the folder, or an entry that is no link, gives None.
    """
    if not path.is_symlink() or is_inside(path, root):
        return None
    return (
        f"symbolic link to {path.resolve()}, outside the corpus folder {root}; "
        "not read (pass --allow-outside / allow_outside=True to read it)"
    )


def read_regular_file(path: Path) -> bytes:
    """Bytes of a regular file; ``ValueError`` for a FIFO, device, folder or /proc file.

    Raises:
        ValueError: ``path`` is not a regular file (the message says what it is).
        OSError: the file cannot be opened or read (permissions, vanished).
    """
    with open_regular_file(path) as fh:
        return fh.read()


def open_regular_file(path: Path) -> BinaryIO:
    """A binary stream of a regular file that ends at the size the file had when opened.

    A growing file (a log still written to) cannot run on; the checks are those of
    :func:`read_regular_file`, made before anything is read.

    Raises:
        ValueError: ``path`` is not a regular file (the message says what it is).
        OSError: the file cannot be opened (permissions, vanished).
    """
    reason = not_regular_reason(path)
    if reason:
        raise ValueError(reason)
    # O_NONBLOCK: opening a FIFO that appeared since the check returns at once.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    raw = open(fd, "rb", buffering=0)
    info = os.fstat(raw.fileno())
    reason = _mode_reason(info.st_mode)
    if reason:
        raw.close()
        raise ValueError(reason)
    return io.BufferedReader(_Bounded(raw, info.st_size), buffer_size=1 << 16)


class _Bounded(io.RawIOBase):
    """A raw stream that ends after the first ``size`` bytes of ``raw`` (seekable
    within them, for Parquet, whose reader starts at the end)."""

    def __init__(self, raw: io.RawIOBase, size: int) -> None:
        self._raw, self._size = raw, size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_END:
            offset, whence = self._size + offset, os.SEEK_SET
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer) -> int:
        left = self._size - self._raw.tell()
        if left <= 0:
            return 0
        return self._raw.readinto(memoryview(buffer)[:left]) or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def walk_entries(folder: Path) -> Iterator[Path]:
    """Every non-hidden entry below ``folder`` that is not a folder, in sorted order.

    Links to folders are not followed (their files are read where they really lie,
    or not at all); they are yielded so the caller can report a link out of the
    corpus. Hidden files and folders (``.git``, ``.framing-cache``) are left out.
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):  # followlinks=False
        base = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [base / d for d in dirnames if (base / d).is_symlink()]
        found += [base / f for f in filenames if not f.startswith(".")]
    yield from sorted(found)
