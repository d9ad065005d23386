"""Tables decoded as a stream of lines read exactly as the whole file is read."""

from __future__ import annotations

import codecs

import pytest

from analysis.ingest.encoding import decode_table_bytes, decode_table_lines

GOOD = "1,Moscow’s “no-limits” ties with Beijing\n".encode()
BAD = "2,café society in Kyiv\n".encode("latin-1")
CP1252 = "".join(f"{i},Moscow’s café “talks” number {i}\n" for i in range(8)).encode("cp1252")
FILES = {
    "utf-8": b"id,text\n" + GOOD * 5,
    "utf-8 with a BOM": codecs.BOM_UTF8 + b"id,text\n" + GOOD * 3,
    "utf-8 with one bad line": b"id,text\n" + GOOD + BAD + GOOD * 3,
    "no final newline": b"id,text\n" + GOOD + b"3,end",
}


def _streamed(data: bytes, decide: int) -> tuple[str, dict[int, list[str]]]:
    lines = data.splitlines(keepends=True)
    decoded = list(decode_table_lines(lines, decide_bytes=decide))
    text = "".join(d.text for d in decoded)
    return text, {d.number: d.file_repairs + d.repairs for d in decoded if d.repairs}


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("decide", [1, 30, 10**9])
def test_a_utf8_table_reads_the_same_whatever_the_prefix(name, decide):
    whole = decode_table_bytes(FILES[name])
    assert _streamed(FILES[name], decide) == (whole.text, whole.line_repairs)


def test_a_cp1252_table_decided_on_its_prefix_reads_as_the_whole_file():
    data = b"id,text\n" + CP1252
    whole = decode_table_bytes(data)
    text, repairs = _streamed(data, len(data) - 40)  # the last line is read after the decision
    assert text == whole.text and "Moscow’s café “talks” number 7" in text
    assert repairs == whole.line_repairs and repairs[9][0].startswith("encoding (read as cp125")


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\x00\x01\x02\x03" * 50])
def test_an_empty_or_binary_table_is_refused(data):
    with pytest.raises(ValueError, match="empty file|binary"):
        list(decode_table_lines(data.splitlines(keepends=True), decide_bytes=4))
