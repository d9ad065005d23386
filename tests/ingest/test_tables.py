"""CSV and JSONL records (analysis.ingest.tables): per-line decoding, surrogates, open quotes.

The formats' ordinary behaviour (metadata, bad JSON lines) is in test_readers.py.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.errors import EXIT_INPUT_ERROR, InputError
from analysis.ingest.corpus import load_corpus
from analysis.ingest.tables import csv_records

STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on "
    "Thursday. The two leaders praised a partnership they describe as a stabilizing force "
    "in a turbulent world, and pledged to expand trade in energy."
)
pytestmark = pytest.mark.filterwarnings("ignore::analysis.ingest.corpus.IngestWarning")


def _status(corpus) -> dict[str, tuple[str, str]]:
    return {r.item: (r.status, r.detail) for r in corpus.report.itertuples()}


def _story(i: int) -> str:
    """A distinct story without commas, to write CSV rows by hand."""
    return STORY.replace("Thursday", f"day {i} of the talks").replace(",", "")


# --- JSONL: lone surrogates ---------------------------------------------------------------


@pytest.fixture
def surrogate_feed(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"article_id": "ok", "outlet": "a.com", "text": _story(1)}) + "\n"
        + '{"article_id": "bad", "outlet": "b.com", "text": "Xi\\ud800 said: '
        + _story(2) + '"}\n'
        + json.dumps({"article_id": "ok2", "outlet": "a.com", "text": _story(3)}) + "\n",
        encoding="utf-8",
    )
    return feed


def test_jsonl_lone_surrogate_is_replaced_and_recorded_with_its_line(surrogate_feed):
    corpus = load_corpus(surrogate_feed)
    assert _status(corpus)["feed.jsonl:2"] == (
        "repaired", "lone surrogate on line 2 (replaced with U+FFFD)"
    )
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["bad", "text"].startswith("Xi\ufffd said:")
    assert arts.loc["ok", "text"] == _story(1) and _status(corpus)["feed.jsonl:3"][0] == "loaded"


def test_cli_ingest_and_score_of_a_lone_surrogate_succeed(surrogate_feed, tmp_path,
                                                          tiny_lexicon_path):
    out = tmp_path / "ingest"
    assert main(["ingest", str(surrogate_feed), "--out", str(out)]) == 0
    assert len(pd.read_parquet(out / "articles.parquet")) == 3
    assert main(["score", str(surrogate_feed), "--lexicon", str(tiny_lexicon_path),
                 "--out", str(tmp_path / "score"), "--n-boot", "10"]) == 0


# --- one bad byte: only its line is repaired ---------------------------------------------


def test_one_invalid_byte_in_a_utf8_csv_repairs_only_its_row(tmp_path):
    texts = [f"“{_story(i)}” – Moscow’s view" for i in range(4)]
    texts[2] = "CAFE talks. " + STORY
    frame = pd.DataFrame({"article_id": ["g0", "g1", "bad", "g2"], "text": texts})
    data = frame.to_csv(index=False).encode().replace(b"CAFE", b"Caf\xe9")
    (tmp_path / "feed.csv").write_bytes(data)
    corpus = load_corpus(tmp_path / "feed.csv")
    status = _status(corpus)
    assert status["feed.csv:4"] == (
        "repaired", "invalid UTF-8 on line 4 (bytes replaced with U+FFFD)"
    )
    assert {status[f"feed.csv:{n}"][0] for n in (2, 3, 5)} == {"loaded"}
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["g1", "text"] == f"“{_story(1)}” – Moscow’s view"  # not re-decoded
    assert arts.loc["bad", "text"].startswith("Caf\ufffd talks.")


def test_one_invalid_byte_in_a_utf8_jsonl_repairs_only_its_line(tmp_path):
    lines = [json.dumps({"text": f"Moscow’s {_story(i)}"}, ensure_ascii=False).encode()
             for i in range(3)]
    lines.insert(1, b'{"text": "Caf\xe9 ' + STORY.encode() + b'"}')
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    corpus = load_corpus(tmp_path / "feed.jsonl")
    status = _status(corpus)
    assert status["feed.jsonl:2"][0] == "repaired" and "line 2" in status["feed.jsonl:2"][1]
    assert [status[f"feed.jsonl:{n}"][0] for n in (1, 3, 4)] == ["loaded"] * 3
    assert corpus.articles["text"].str.startswith("Moscow’s").sum() == 3


def test_a_file_in_another_encoding_is_still_detected_and_only_changed_rows_reported(tmp_path):
    texts = [STORY, f"Moscow’s “partner” — {STORY}", _story(3), f"Beijing’s “friend” — {STORY}"]
    frame = pd.DataFrame({"article_id": list("abcd"), "text": texts})
    (tmp_path / "legacy.csv").write_bytes(frame.to_csv(index=False).encode("cp1252"))
    corpus = load_corpus(tmp_path / "legacy.csv")
    status = _status(corpus)
    assert status["legacy.csv:3"][0] == "repaired"
    assert status["legacy.csv:3"][1].startswith("encoding (read as")
    assert status["legacy.csv:2"][0] == "loaded" and status["legacy.csv:4"][0] == "loaded"
    text = corpus.articles.set_index("article_id").loc["b", "text"]
    assert text.startswith("Moscow’s “partner” —")


# --- CSV: an unclosed quote ---------------------------------------------------------------


def test_unclosed_quote_skips_its_record_and_keeps_the_rows_after_it(tmp_path):
    src = tmp_path / "feed.csv"
    src.write_text(
        "article_id,outlet,text\n"
        f'a,a.com,"{_story(1)}"\n'
        f'b,b.com,"{_story(2)}\n'  # the quote never closes
        f'c,c.com,"{_story(3)}"\n'
        f"d,d.com,{_story(4)}\n",
        encoding="utf-8",
    )
    corpus = load_corpus(src)
    assert sorted(corpus.articles["article_id"]) == ["a", "c", "d"]
    status, detail = _status(corpus)["feed.csv:3"]
    assert status == "skipped" and detail.startswith("unclosed quote on line 3")
    assert not corpus.articles["text"].str.contains("c.com").any()  # no merged rows


def test_unclosed_quote_with_no_quote_after_it_keeps_the_rows_after_it(tmp_path):
    src = tmp_path / "feed.csv"
    lines = [f"{c},{c}.com,{_story(i)}" for i, c in enumerate("acd")]
    lines.insert(1, f'b,b.com,"{_story(9)}')
    src.write_text("article_id,outlet,text\n" + "\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(src)
    assert sorted(corpus.articles["article_id"]) == ["a", "c", "d"]
    assert _status(corpus)["feed.csv:3"] == ("skipped", "unclosed quote on line 3 "
                                            "(it ran on to line 5)")


def test_a_quoted_field_with_line_breaks_stays_one_record(tmp_path):
    src = tmp_path / "feed.csv"
    src.write_text(f'article_id,text\na,"{STORY}\n\nSecond ""quoted"" paragraph."\n'
                   f"b,{_story(2)}\n", encoding="utf-8")
    corpus = load_corpus(src)
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["a", "text"].endswith('Second "quoted" paragraph.')
    assert arts.loc["b", "source_line"] == 5


def test_manifest_with_an_unclosed_quote_is_an_error_naming_its_line(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "corpus.csv").write_text(
        'article_id,path,title\na,a.txt,"Open title\nb,b.txt,"x"\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"corpus.csv, line 2: unclosed quote on line 2"):
        load_corpus(tmp_path)


def test_cli_csv_with_an_unclosed_quote_in_its_header_exits_2(tmp_path, capsys):
    (tmp_path / "feed.csv").write_text('article_id,"text\na,b\n', encoding="utf-8")
    assert main(["ingest", str(tmp_path / "feed.csv"), "--out", str(tmp_path / "o")]) == (
        EXIT_INPUT_ERROR
    )
    assert "feed.csv, line 1: header: unclosed quote" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, expected",
    [
        ("id,text\na,b\n", [(1, 1, False), (2, 2, False)]),
        ('id,text\na,"b\nc"\nd,e\n', [(1, 1, False), (2, 3, False), (4, 4, False)]),
        ('id,text\na,"b\nc,"d"\n', [(1, 1, False), (2, 2, True), (3, 3, False)]),
        ('id,text\na,"b\nc\nd\n', [(1, 1, False), (2, 2, True), (3, 3, False), (4, 4, False)]),
    ],
    ids=["plain", "multi-line field", "stray quote", "quote open to the end"],
)
def test_csv_records_lines_and_problems(text, expected):
    assert [(r.first, r.last, r.problem is not None) for r in csv_records(text)] == expected


# --- JSONL lines that used to crash or split -------------------------------------------------


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"text": ' + "1" * 5000 + "}", "not valid JSON (ValueError"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON (RecursionError"),
    ],
    ids=["5000-digit number", "deep nesting"],
)
def test_jsonl_lines_python_cannot_parse_are_skipped(tmp_path, line, reason):
    (tmp_path / "feed.jsonl").write_text(
        line + "\n" + json.dumps({"text": STORY}) + "\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path / "feed.jsonl")
    status, detail = _status(corpus)["feed.jsonl:1"]
    assert status == "skipped" and detail.startswith(reason)
    assert len(corpus.articles) == 1


def test_jsonl_string_with_a_unicode_line_separator_is_one_line(tmp_path):
    text = f"{STORY}\u2028Second line.\u0085Third."
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path / "feed.jsonl")
    assert _status(corpus)["feed.jsonl:1"][0] == "loaded"
    assert corpus.articles["text"].iloc[0].endswith("Third.")
