"""Evidence HTML: the table a reader checks a number against, escaped and highlighted."""

from __future__ import annotations

import lxml.html
import pandas as pd
import pytest

from analysis.report import html

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def _row(**values: str) -> dict[str, str]:
    row = {"outlet": "a.com", "frame": "no_limits", "voice": "quote", "speaker": "Xi Jinping",
           "left": "Ties have ", "match": "no limits", "right": " today."}
    return {**row, **values}


def _cells(page: str) -> list[list[str]]:
    """The text of every cell, row by row, as a browser shows it."""
    return [[cell.text_content() for cell in tr.iter("th", "td")]
            for tr in lxml.html.fragment_fromstring(page, create_parent="div").iter("tr")]


def test_evidence_table_has_one_row_per_hit_under_plain_word_headers():
    page = html.evidence_html(pd.DataFrame([_row(), _row(outlet="b.com", speaker="")]))
    assert _cells(page) == [
        ["outlet", "frame", "voice", "speaker", "sentence"],
        ["a.com", "no_limits", "quote", "Xi Jinping", "Ties have no limits today."],
        ["b.com", "no_limits", "quote", "", "Ties have no limits today."],
    ]
    assert "<mark>no limits</mark>" in page
    assert "2 of 2 rows shown." in page


@pytest.mark.parametrize("column", ["outlet", "frame", "voice", "speaker", "left", "match",
                                    "right"])
@pytest.mark.parametrize("hostile", [EVIL, IMG, '" onmouseover="alert(1)', "&lt;b&gt;"])
def test_every_value_is_shown_as_text_never_as_markup(column, hostile):
    page = html.evidence_html(pd.DataFrame([_row(**{column: hostile})]))
    assert "<script" not in page and "<img" not in page
    assert any(hostile in cell for cell in _cells(page)[1])


def test_long_tables_say_how_many_rows_are_shown():
    page = html.evidence_html(pd.DataFrame([_row()] * 5), max_rows=2)
    assert len(_cells(page)) == 3
    assert "2 of 5 rows shown." in page


def test_a_missing_column_is_blank():
    row = _row()
    del row["speaker"]
    assert _cells(html.evidence_html(pd.DataFrame([row])))[1][3] == ""


def test_side_by_side_shows_each_group_in_its_column_escaped():
    ev = pd.DataFrame([_row(outlet="a", left="A "), _row(outlet="b", left="B "),
                       _row(outlet=EVIL, left=EVIL)])
    page = html.evidence_side_by_side(ev, "a", EVIL)
    assert "<script>" not in page
    assert page.index("A ") < page.index("&lt;script&gt;") and "B " not in page
    root = lxml.html.fragment_fromstring(page, create_parent="div")
    assert [h.text_content() for h in root.iter("h4")] == ["a", EVIL]


def test_side_by_side_can_show_one_frame():
    ev = pd.DataFrame([_row(outlet="a", frame="no_limits", match="boundless"),
                       _row(outlet="a", frame="asymmetric", match="junior partner")])
    page = html.evidence_side_by_side(ev, "a", "b", frame="asymmetric")
    assert "junior partner" in page and "boundless" not in page


def test_bundled_evidence_renders_every_hit(tmp_path):
    from analysis import config
    from analysis.report import cache

    scores = cache.get_scores(config.DATA_DIR, n_boot=10, cache_dir=tmp_path)
    rows = _cells(html.evidence_html(scores.evidence))[1:]
    assert len(rows) == len(scores.evidence)
    first = scores.evidence.iloc[0]
    assert rows[0][-1] == first["left"] + first["match"] + first["right"]


def test_hostile_lexicon_and_outlet_reach_the_page_as_text(tmp_path):
    """A lexicon whose version and labels, and an outlet whose name, are HTML."""
    from analysis.frames.lexicon import parse_lexicon
    from analysis.frames.scoring import score_corpus
    from analysis.ingest.corpus import load_corpus

    lexicon = parse_lexicon({"version": IMG, "language": "en", "frames": {
        "no_limits": {"label": IMG, "definition": IMG, "cues": ["no limits"]}}})
    pd.DataFrame({"article_id": ["a1"], "outlet": [IMG], "published": ["2024-05-16"],
                  "text": [f"Their partnership has no limits, said {IMG}. It was a long "
                           "meeting in Beijing between the two leaders."]},
                 ).to_csv(tmp_path / "corpus.csv", index=False)
    evidence = score_corpus(load_corpus(tmp_path / "corpus.csv"), lexicon, n_boot=10).evidence
    pages = [html.evidence_html(evidence), html.evidence_side_by_side(evidence, IMG, "other")]
    for page in pages:
        assert "<img" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
