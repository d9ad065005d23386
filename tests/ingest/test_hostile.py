"""Property tests: whatever bytes a CSV or JSONL file holds, ingest ends in a report or an
InputError — never another exception, and nothing unwritable reaches the tables.

Each property runs 60 examples (about 2 s); ``HYPOTHESIS_PROFILE=ci`` is not needed.
"""

from __future__ import annotations

import io
import json
import tempfile
import warnings
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.ingest.clean import remove_control_characters
from analysis.ingest.corpus import IngestWarning, load_corpus
from analysis.ingest.encoding import decode_table_bytes
from analysis.ingest.tables import csv_records

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STORY = ("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing. "
         "The two leaders praised a partnership they call a stabilizing force.")

# Pieces that broke a reader once, or could: quotes, NULs, escaped surrogates, stray
# bytes, BOMs, CR, separators, a very long line.
NASTY = [b'"', b'""', b"\x00", b"\\ud800", b"\\udfff\\ud800", b"\xe9", b"\xff\xfe", b"\xef\xbb\xbf",
         b"\r", b"\r\n", b"\n", b",", b"\xe2\x80\xa8", b"\xc2\x85", b"\x1b", b"x" * 20_000,
         b'{"text": ', b"[" * 3000, b"9" * 5000, STORY.encode()]
ANY_CHAR = st.one_of(  # any character, with surrogates, controls and quotes made likely
    st.characters(), st.characters(categories=["Cs"]), st.characters(categories=["Cc"]),
    st.sampled_from('"\\,\n\r\u2028\u0085\ufeff'),
)
TEXT = st.one_of(st.text(ANY_CHAR, max_size=40), st.just(STORY), st.just(STORY + "\u0000"))


def _json_line(value: dict) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: surrogates become \ud800 escapes


JSON_LINES = st.fixed_dictionaries(
    {"text": TEXT}, optional={"article_id": TEXT, "outlet": TEXT, "published": TEXT}
).map(_json_line)
FIELD = st.one_of(
    TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
    TEXT.map(lambda s: b'"' + s.encode("utf-8", "replace") + b'"'),
    st.sampled_from(NASTY),
    st.binary(max_size=30),
)
CSV_ROW = st.lists(FIELD, min_size=1, max_size=5).map(b",".join)
HEADERS = st.sampled_from([b"text", b"article_id,text", b"article_id,outlet,published,text",
                           b'"text', b"text,text", b""])


@st.composite
def jsonl_bytes(draw) -> bytes:
    lines = draw(st.lists(st.one_of(JSON_LINES, st.sampled_from(NASTY), st.binary(max_size=40)),
                          max_size=8))
    return b"\n".join(lines)


@st.composite
def csv_bytes(draw) -> bytes:
    rows = draw(st.lists(CSV_ROW, max_size=8))
    return b"\n".join([draw(HEADERS), *rows]) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


def _unwritable(value) -> bool:
    """A table value pyarrow cannot store, or a control character cleaning removes."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return remove_control_characters(value) != value


def _ingest_bytes(data: bytes, suffix: str) -> None:
    """Load ``data`` as a file; assert the outcome is a sound corpus or an InputError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"feed{suffix}"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IngestWarning)
                corpus = load_corpus(path, progress=False)
        except InputError as exc:
            assert "feed" in str(exc)  # the message names the file
            return
    assert set(corpus.report["status"]) <= {"loaded", "repaired", "skipped"}
    assert len(corpus.articles) == (corpus.report["status"] != "skipped").sum() > 0
    for table in (corpus.articles, corpus.report):
        assert not table.map(_unwritable).any().any()
        pa.Table.from_pandas(table)  # what write_tables does for Parquet
    assert not corpus.articles["text"].str.contains("[\r\x00-\x08]").any()


@FAST
@given(jsonl_bytes())
def test_any_jsonl_bytes_load_or_raise_input_error(data):
    _ingest_bytes(data, ".jsonl")


@FAST
@given(csv_bytes())
def test_any_csv_bytes_load_or_raise_input_error(data):
    _ingest_bytes(data, ".csv")


@FAST
@given(st.binary(max_size=2_000))
def test_random_bytes_as_either_format_load_or_raise_input_error(data):
    _ingest_bytes(data, ".csv")
    _ingest_bytes(data, ".jsonl")


@FAST
@given(st.lists(st.sampled_from(["a", '"', ",", "\n", "\r", '""', "x y"]), max_size=40)
       .map("".join))
def test_csv_records_cover_every_line_once_in_order(text):
    """No line is lost or read twice: records tile the file, even around stray quotes."""
    records = list(csv_records(text))
    lines = len(io.StringIO(text, newline="").readlines())
    assert [r.first for r in records] == sorted({r.first for r in records})
    covered = [n for r in records for n in range(r.first, r.last + 1)]
    assert covered == list(range(1, lines + 1))


@FAST
@given(st.lists(st.one_of(st.text(max_size=20).map(str.encode), st.binary(max_size=20)),
                min_size=1, max_size=10))
def test_per_line_decoding_keeps_line_count_and_names_real_lines(lines):
    data = b"\n".join(lines)
    try:
        decoded = decode_table_bytes(data)
    except ValueError as exc:
        assert str(exc)
        return
    n_lines = data.count(b"\n") + 1
    assert all(1 <= n <= n_lines for n in decoded.line_repairs)
    if not decoded.file_repairs and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        assert decoded.text.count("\n") == data.removeprefix(b"\xef\xbb\xbf").count(b"\n")
