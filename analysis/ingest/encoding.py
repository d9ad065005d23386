"""From bytes to text: detect the encoding, repair mojibake, and decode tables line by line.

A document (``.txt``, ``.html``) is one text: :func:`decode_bytes` decodes it as
UTF-8, or detects its encoding with charset-normalizer, and repairs mojibake
("Russiaâ€™s") with ftfy.

A table (CSV, JSONL) holds many articles, so one bad byte must not decide how all
of them are read. :func:`decode_table_bytes` decodes it line by line: when most
lines with non-ASCII bytes are valid UTF-8, the file is UTF-8 and only the invalid
bytes of the few bad lines are replaced with U+FFFD; when most are not, the file
is in another encoding, detected once for the whole file. Either way the repair is
recorded on the lines it touched, so the ingest report names the rows concerned
and leaves the others ``loaded``.

A table is read as a stream (:func:`decode_table_lines`): its encoding is decided on
its first :data:`DECIDE_BYTES` bytes by the rule above, and every later line is
decoded by that decision, so memory holds the prefix and one line, not the file.
A table no longer than the prefix is decoded exactly as :func:`decode_table_bytes`
decodes it; in a longer one, a line that the decision cannot read (a cp1252 line
far into a UTF-8 file) has its bad bytes replaced and the repair recorded on it.
UTF-16 tables, and encodings that do not read ASCII as ASCII, are read whole.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import ftfy
from charset_normalizer import from_bytes

__all__ = [
    "DECIDE_BYTES",
    "DecodedLine",
    "DecodedTable",
    "decode_bytes",
    "decode_table_bytes",
    "decode_table_lines",
    "fix_mojibake",
]

#: Bytes at the start of a table on which its encoding is decided.
DECIDE_BYTES = 8 << 20

_BOMS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Mojibake of UTF-8 read as cp1252/latin-1 always contains one of these; only
# texts that do are given to ftfy, whose check is slow on long texts.
_MOJIBAKE_HINT_RE = re.compile("[\u00c2-\u00f4\u0400-\u045f]")
_ASCII_PROBE = 'text,"id"\n\r\tAZaz09{}:'


class DecodedTable(NamedTuple):
    """Text of a table file and the repairs made, by 1-based physical line (``\\n``)."""

    text: str
    line_repairs: dict[int, list[str]]
    file_repairs: list[str]  # repairs that concern every line


class DecodedLine(NamedTuple):
    """One physical line (``\\n``) of a table: number, text with its ``\\n``, repairs."""

    number: int
    text: str
    repairs: list[str]
    file_repairs: list[str]  # repairs that concern every line of the file


def decode_bytes(data: bytes, *, repair: bool = True) -> tuple[str, list[str]]:
    """Text of ``data`` and the repairs made: encoding other than UTF-8, mojibake.

    Raises ``ValueError`` for empty or binary data.

    >>> decode_bytes("Russiaâ€™s ties".encode("utf-8"))
    ('Russia’s ties', ['mojibake'])
    >>> text, repairs = decode_bytes("Moscow’s ties".encode("cp1252"))
    >>> text, repairs[0].startswith("encoding (read as cp125")
    ('Moscow’s ties', True)
    """
    if not data or data.isspace():  # isspace: no copy of a large file
        raise ValueError("empty file")
    repairs: list[str] = []
    bom = _BOMS.get(data[:2])
    try:
        text = data.decode(bom or "utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = _guess_encoding(data)
        repairs.append(f"encoding (read as {encoding})")
    _check_not_binary(text)
    if repair:
        text, fixed = fix_mojibake(text)
        repairs += fixed
    return text, repairs


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """``text`` with mojibake repaired by ftfy, and ``["mojibake"]`` if there was any.

    Only the encoding is fixed: curly quotes, dashes and line breaks stay as they are.

    >>> fix_mojibake("Chinaâ€™s “no-limits” ties")
    ('China’s “no-limits” ties', ['mojibake'])
    >>> fix_mojibake("Café")
    ('Café', [])
    """
    if not _MOJIBAKE_HINT_RE.search(text):
        return text, []
    fixed = ftfy.fix_encoding(text)
    return fixed, (["mojibake"] if fixed != text else [])


def _check_not_binary(text: str) -> None:
    """ValueError when more than 1% of the first 8,192 characters are control characters."""
    if len(_CONTROL_RE.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise ValueError("binary file, not text")


def _guess_encoding(data: bytes) -> tuple[str, str]:
    """Text and encoding name of bytes that are not UTF-8 (charset-normalizer)."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not text")
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("binary file or unknown text encoding")
    return str(best), best.encoding


def decode_table_bytes(data: bytes) -> DecodedTable:
    """Text of a CSV/JSONL file, decoded line by line; repairs recorded per line.

    Mojibake is not repaired here but per row, where it is reported.

    Raises:
        ValueError: the data is empty or binary.

    >>> good, bad = "1,Moscow’s ties\\n".encode(), "2,caf\\xe9\\n".encode("latin-1")
    >>> decoded = decode_table_bytes(b"id,text\\n" + good + bad + good)
    >>> decoded.text.splitlines()[2], decoded.line_repairs
    ('2,caf\\ufffd', {3: ['invalid UTF-8 on line 3 (bytes replaced with U+FFFD)']})
    """
    if not data or data.isspace():
        raise ValueError("empty file")
    bom = _BOMS.get(data[:2])
    try:
        decoded = DecodedTable(data.decode(bom or "utf-8-sig"), {}, [])
    except UnicodeDecodeError:
        if bom:  # UTF-16 with invalid units: no lines to go by
            text, encoding = _guess_encoding(data)
            decoded = DecodedTable(text, {}, [f"encoding (read as {encoding})"])
        else:
            decoded = _decode_by_line(data.removeprefix(codecs.BOM_UTF8))
    _check_not_binary(decoded.text)
    return decoded


def _decode_by_line(data: bytes) -> DecodedTable:
    """Bytes that are not all UTF-8: UTF-8 with bad lines, or another encoding."""
    valid, invalid = _utf8_line_counts(data)
    if len(valid) >= len(invalid):
        # A replacement never spans a line break (\n is never inside a UTF-8 sequence).
        repairs = {
            n: [f"invalid UTF-8 on line {n} (bytes replaced with U+FFFD)"] for n in invalid
        }
        return DecodedTable(data.decode("utf-8", errors="replace"), repairs, [])
    text, encoding = _guess_encoding(data)
    repair = f"encoding (read as {encoding})"
    if not _keeps_lines(encoding, text, data):
        return DecodedTable(text, {}, [repair])
    return DecodedTable(text, {n: [repair] for n in sorted(valid + invalid)}, [])


def _utf8_line_counts(data: bytes) -> tuple[list[int], list[int]]:
    """Numbers of the non-ASCII lines that are valid UTF-8, and of those that are not."""
    valid, invalid = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
                valid.append(number)
            except UnicodeDecodeError:
                invalid.append(number)
    return valid, invalid


def _keeps_lines(encoding: str, text: str, data: bytes) -> bool:
    """Whether ``encoding`` reads ASCII as ASCII, so line numbers still match the bytes.

    >>> _keeps_lines("cp1252", "a\\nb", b"a\\nb"), _keeps_lines("utf_16", "a", b"a\\x00")
    (True, False)
    """
    try:
        same = codecs.encode(_ASCII_PROBE, encoding) == _ASCII_PROBE.encode("ascii")
    except (LookupError, UnicodeError):
        return False
    return same and text.count("\n") == data.count(b"\n")


# --- tables as streams of lines -------------------------------------------------------

_LineDecoder = Callable[[bytes, int], tuple[str, list[str]]]


def decode_table_lines(lines: Iterable[bytes], *, decide_bytes: int = DECIDE_BYTES
                       ) -> Iterator[DecodedLine]:
    """Decoded lines of a CSV/JSONL file given as byte lines (each with its ``\\n``).

    Raises:
        ValueError: the data is empty or binary (checked on the prefix).

    >>> lines = [b"id,text\\n", "1,Moscow\u2019s\\n".encode(), "2,caf\xe9\\n".encode("latin-1")]
    >>> [(d.number, d.repairs) for d in decode_table_lines(lines, decide_bytes=10)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(1, []), (2, []), (3, ['invalid UTF-8 on line 3 (bytes replaced with U+FFFD)'])]
    """
    source = iter(lines)
    head: list[bytes] = []
    size = 0
    for line in source:
        head.append(line)
        size += len(line)
        if size >= decide_bytes:
            break
    else:  # the whole file fits in the prefix
        yield from _whole_table(b"".join(head))
        return
    prefix = b"".join(head)
    decode = None if _BOMS.get(prefix[:2]) else _line_decoder(prefix)
    if decode is None:  # UTF-16, or no line structure in bytes
        yield from _whole_table(b"".join(itertools.chain(head, source)))
        return
    for number, line in enumerate(itertools.chain(head, source), start=1):
        text, repairs = decode(line, number)
        yield DecodedLine(number, text, repairs, [])


def _whole_table(data: bytes) -> Iterator[DecodedLine]:
    decoded = decode_table_bytes(data)
    pieces = decoded.text.split("\n")
    for number, piece in enumerate(pieces, start=1):
        text = piece + "\n" if number < len(pieces) else piece
        if text:
            yield DecodedLine(number, text, decoded.line_repairs.get(number, []),
                              decoded.file_repairs)


def _line_decoder(prefix: bytes) -> _LineDecoder | None:
    """How every line is decoded, decided on ``prefix`` as :func:`decode_table_bytes`
    decides for a whole file; None when lines must be read together (no ASCII lines)."""
    if prefix.isspace():
        raise ValueError("empty file")
    prefix = prefix.removeprefix(codecs.BOM_UTF8)
    try:
        _check_not_binary(prefix.decode("utf-8"))
        return _utf8_line
    except UnicodeDecodeError:
        pass
    valid, invalid = _utf8_line_counts(prefix)
    if len(valid) >= len(invalid):
        _check_not_binary(prefix.decode("utf-8", errors="replace"))
        return _utf8_line
    text, encoding = _guess_encoding(prefix)
    _check_not_binary(text)
    if not _keeps_lines(encoding, text, prefix):
        return None
    repair = [f"encoding (read as {encoding})"]

    def other(line: bytes, number: int) -> tuple[str, list[str]]:
        return line.decode(encoding, errors="replace"), ([] if line.isascii() else list(repair))

    return other


def _utf8_line(line: bytes, number: int) -> tuple[str, list[str]]:
    if number == 1:
        line = line.removeprefix(codecs.BOM_UTF8)
    try:
        return line.decode("utf-8"), []
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), [
            f"invalid UTF-8 on line {number} (bytes replaced with U+FFFD)"]
