"""Readers: decoding and repairing bytes, and each input format (CSV, JSONL, HTML)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.corpus import IngestWarning, load_corpus

STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on "
    "Thursday. The two leaders praised a partnership they describe as a stabilizing force "
    "in a turbulent world, and pledged to expand trade in energy."
)


def _status(corpus) -> dict[str, tuple[str, str]]:
    return {r.item: (r.status, r.detail) for r in corpus.report.itertuples()}


# --- decoding and repair: a folder of bad files ----------------------------------------


@pytest.fixture
def messy_folder(tmp_path, write_manifest) -> Path:
    """A folder with one example of every bad file beside good ones."""
    folder = tmp_path / "corpus"
    raw = folder / "raw"
    raw.mkdir(parents=True)
    (raw / "good.txt").write_text(STORY, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (raw / "latin.txt").write_bytes(("Moscow’s “partner” in Beijing — " + STORY).encode("cp1252"))
    (raw / "mojibake.txt").write_text("Russiaâ€™s partner. " + STORY, encoding="utf-8")
    (raw / "utf16.txt").write_text(STORY.replace("Thursday", "Friday"), encoding="utf-16")
    (raw / "unlisted.txt").write_text("Oil prices rose again on Monday. " * 5, encoding="utf-8")
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    rows = [
        {
            "article_id": p.stem,
            "path": f"raw/{p.name}",
            "outlet": f"{p.stem}.example",
            "language": "en",
            "title": p.stem.title(),
        }
        for p in sorted(raw.iterdir())
        if p.stem not in ("unlisted", "notes")
    ]
    write_manifest(folder, rows)
    return folder


def test_every_item_of_a_messy_folder_is_reported(messy_folder):
    with pytest.warns(IngestWarning) as caught:
        corpus = load_corpus(messy_folder)
    status = _status(corpus)
    assert status["raw/good.txt"][0] == "loaded"
    assert status["raw/empty.txt"] == ("skipped", "empty file")
    assert status["raw/binary.txt"][0] == "skipped" and "binary" in status["raw/binary.txt"][1]
    assert status["raw/latin.txt"][0] == "repaired" and "encoding" in status["raw/latin.txt"][1]
    assert status["raw/mojibake.txt"] == ("repaired", "mojibake")
    assert status["raw/utf16.txt"][0] == "loaded"
    assert status["raw/notes.pdf"] == ("skipped", "unsupported file type .pdf")
    assert status["raw/unlisted.txt"][0] == "loaded"
    assert len(corpus.report) == 8
    assert "raw/empty.txt" in {w.filename for w in caught}
    assert "outlet set to 'unknown': raw/unlisted.txt" in " ".join(str(w.message) for w in caught)
    assert corpus.summary() == "5 articles: 3 loaded, 2 repaired, 3 skipped"


def test_repaired_and_unlisted_articles_have_correct_text_and_metadata(messy_folder, load_quietly):
    arts = load_quietly(messy_folder).articles.set_index("article_id")
    body = {a: t[b:] for a, t, b in zip(arts.index, arts["text"], arts["body_start"], strict=True)}
    assert body["mojibake"].startswith("Russia’s partner.")
    assert body["latin"].startswith("Moscow’s “partner” in Beijing —")
    assert arts.loc["mojibake", "text"].startswith("Mojibake\n\n")  # the title is the headline
    assert arts.loc["good", "outlet"] == "good.example" and arts.loc["good", "title"] == "Good"
    assert arts.loc["unlisted", "outlet"] == "unknown"
    assert arts.loc["unlisted", "language"] == "en"  # detected: not in the manifest
    assert "not in manifest" in arts.loc["unlisted", "notes"]


# --- CSV, JSONL, HTML ----------------------------------------------------------------


def test_csv_rows_with_metadata_and_a_bad_row_reported_by_line(tmp_path):
    src = tmp_path / "articles.csv"
    pd.DataFrame(
        {
            "article_id": ["a1", "a2", ""],
            "outlet": ["tass.ru", "", "rt.com"],
            "published": ["2024-05-16T09:00:00Z", "", ""],
            "text": [STORY, "Chinaâ€™s lifeline\nfor Russia. " + STORY, ""],
        }
    ).to_csv(src, index=False)
    with pytest.warns(IngestWarning) as caught:
        corpus = load_corpus(src)
    messages = [str(w.message) for w in caught]
    assert "skipped: empty text" in messages
    assert any(m.endswith("set to 'unknown': articles.csv:3") for m in messages)
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["a1", "published"] == "2024-05-16"
    assert arts.loc["a2", "outlet"] == "unknown"
    assert arts.loc["a2", "text"].startswith("China’s lifeline")
    assert arts.loc["a2", "source_line"] == 3
    status = {item: s for item, (s, _) in _status(corpus).items()}
    assert status == {
        "articles.csv:2": "loaded",
        "articles.csv:3": "repaired",
        "articles.csv:5": "skipped",
    }
    assert _status(corpus)["articles.csv:3"] == ("repaired", "mojibake")


def test_jsonl_bad_lines_are_skipped_with_line_numbers(tmp_path, load_quietly):
    src = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"article_id": "j1", "outlet": "rt.com", "text": STORY}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"article_id": "j2", "title": "No text"}),
        json.dumps({"text": STORY.replace("Beijing", "Harbin"), "origin": "tass.ru"}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_quietly(src)
    status = _status(corpus)
    assert status["feed.jsonl:1"][0] == "loaded"
    assert status["feed.jsonl:2"][0] == "skipped" and "not valid JSON" in status["feed.jsonl:2"][1]
    assert status["feed.jsonl:4"] == ("skipped", "not a JSON object but a list")
    assert status["feed.jsonl:5"] == ("skipped", "no 'text' value")
    arts = corpus.articles.set_index("article_id")
    assert list(arts.index) == ["j1", "feed-6"]
    assert arts.loc["feed-6", "origin"] == "tass.ru"


def test_html_page_is_extracted_with_title_date_and_site(tmp_path):
    page = f"""<html><head><title>Xi hosts Putin | Example Times</title>
    <meta property="og:site_name" content="Example Times">
    <link rel="canonical" href="https://www.example-times.com/world/xi-putin">
    <meta name="date" content="2024-05-16"></head>
    <body><nav>Home | World | Subscribe</nav><article><h1>Xi hosts Putin</h1>
    <p>{STORY}</p><p>Analysts said Russia had become the junior partner.</p></article>
    <footer>Copyright Example Times</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    arts = load_corpus(tmp_path / "page.html").articles
    row = arts.iloc[0]
    assert (row.title, row.published, row.outlet) == (
        "Xi hosts Putin",
        "2024-05-16",
        "example-times.com",
    )
    assert row.url == "https://www.example-times.com/world/xi-putin"
    assert "junior partner" in row.text and "Subscribe" not in row.text
    assert "title from the HTML page" in row.notes


def test_html_without_article_text_is_skipped(tmp_path, load_quietly):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "blank.html").write_text(
        "<html><head><title>x</title></head><body></body></html>", encoding="utf-8"
    )
    corpus = load_quietly(tmp_path)
    assert _status(corpus)["blank.html"] == ("skipped", "no article text found in the HTML page")
    assert len(corpus.articles) == 1
