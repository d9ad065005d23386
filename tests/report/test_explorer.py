"""The evidence explorer: filterable, escaped, capped, and working without network."""

from __future__ import annotations

import re
from types import SimpleNamespace

import itables
import lxml.html
import pandas as pd
import pytest

from analysis.report import explorer

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# What a page must not do to show the table offline: load a script, a module or a
# stylesheet from the network.
CDN = re.compile(r"""<script[^>]*\bsrc=["']?https?:|<link[^>]*\bhref=["']?https?:"""
                 r"""|\bfrom\s+["']https?:|import\(\s*["']https?:|@import\s+url\(\s*["']?https?:""")


def _hit(i: int = 0, **values) -> dict:
    hit = {"article_id": f"a{i}", "outlet": "a.com", "origin": "a.com", "sentence_id": i,
           "part": "body", "frame": "no_limits", "cue": "no limits", "voice": "quote",
           "speaker": "Xi Jinping", "speaker_group": "chinese_official", "negated": False,
           "left": "Ties have ", "match": "no limits", "right": " today."}
    return {**hit, **values}


def _scores(hits: list[dict]) -> SimpleNamespace:
    """Scores with evidence and hits built row for row, as the scoring engine does."""
    table = pd.DataFrame(hits)
    evidence = table.drop(columns="speaker_group")
    return SimpleNamespace(evidence=evidence, hits=table.drop(columns=["left", "match", "right"]))


def _cell(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_one_row_per_hit_with_every_column_a_reader_filters_on():
    scores = _scores([_hit(0), _hit(1, frame="asymmetric", voice="narrator", speaker="",
                                    speaker_group="", part="headline", negated=True)])
    table = explorer.evidence_explorer(scores, by="outlet")
    assert list(table.columns) == ["frame", "outlet", "voice", "speaker", "speaker_group",
                                   "part", "negated", "cue", "sentence", "article"]
    assert table.to_dict("records")[1] == {
        "frame": "asymmetric", "outlet": "a.com", "voice": "narrator", "speaker": "—",
        "speaker_group": "—", "part": "headline", "negated": "yes", "cue": "no limits",
        "sentence": "Ties have <mark>no limits</mark> today.", "article": "a1"}


def test_group_column_follows_the_notebooks_group_by():
    scores = _scores([_hit(0, media_system="western")])
    scores.hits["media_system"] = "western"
    table = explorer.evidence_explorer(scores, by="media_system")
    assert table["media_system"].tolist() == ["western"] and "outlet" not in table


def test_frames_and_parameter_filters_narrow_the_rows():
    scores = _scores([_hit(0), _hit(1, frame="isolation"), _hit(2, outlet="b.com")])
    table = explorer.evidence_explorer(scores, by="outlet", frames=["no_limits"],
                                       filters={"frame": "", "outlet": "b.com"})
    assert table["article"].tolist() == ["a2"] and table.attrs["total"] == 1


def test_list_filters_sit_on_the_categorical_columns_and_reach_the_page():
    table = explorer.evidence_explorer(_scores([_hit()]), by="origin")
    options = explorer.explorer_options(table, by="origin")
    defs = options["columnDefs"][0]
    assert [table.columns[i] for i in defs["targets"]] == [
        "frame", "origin", "voice", "speaker_group", "part", "negated"]
    assert defs["columnControl"] == ["order", ["searchList"]]
    assert options["layout"]["topEnd"] == "search"
    page = itables.to_html_datatable(table, connected=False, **options)
    assert '"searchList"' in page and '"columnControl"' in page


@pytest.mark.parametrize("column", ["outlet", "frame", "voice", "speaker", "speaker_group",
                                    "part", "cue", "left", "match", "right", "article_id"])
@pytest.mark.parametrize("hostile", [EVIL, IMG, '" onmouseover="alert(1)', "&lt;b&gt;"])
def test_every_value_from_the_corpus_is_shown_as_text(column, hostile):
    table = explorer.evidence_explorer(_scores([_hit(**{column: hostile})]), by="outlet")
    for value in table.iloc[0]:
        cell = _cell(value)
        assert not cell.xpath("//script | //img | //*[@onmouseover]"), value
    shown = {c: _cell(v).text_content() for c, v in table.iloc[0].items()}
    if column in {"left", "match", "right"}:
        assert hostile in shown["sentence"]
        assert _cell(table.at[0, "sentence"]).xpath("//mark")[0].text_content() == (
            hostile if column == "match" else "no limits")
    else:
        assert shown["article" if column == "article_id" else column] == hostile


def test_article_links_only_to_web_addresses_and_escapes_them():
    scores = _scores([_hit(0), _hit(1), _hit(2)])
    articles = pd.DataFrame({"article_id": ["a0", "a1", "a2"],
                             "url": ['https://x.org/?q="><script>', "javascript:alert(1)", None]})
    table = explorer.evidence_explorer(scores, by="outlet", articles=articles)
    (link,) = _cell(table.at[0, "article"]).xpath("//a")
    assert link.get("href") == 'https://x.org/?q="><script>' and link.text_content() == "a0"
    assert table.loc[1:, "article"].tolist() == ["a1", "a2"]


def test_rows_are_capped_and_the_page_says_where_the_rest_is():
    scores = _scores([_hit(i) for i in range(12)])
    table = explorer.evidence_explorer(scores, by="outlet", max_rows=5)
    assert table["article"].tolist() == ["a0", "a1", "a2", "a3", "a4"]
    assert table.attrs["total"] == 12
    assert explorer.cap_note(len(table), 12) == (
        "Showing the first 5 of 12 hits; every hit is in `evidence.csv`.")
    assert explorer.evidence_explorer(scores, by="outlet").attrs["total"] == 12


def test_misaligned_hits_are_refused():
    scores = _scores([_hit(0), _hit(1)])
    scores.hits = scores.hits.iloc[::-1]
    with pytest.raises(ValueError, match="line up"):
        explorer.evidence_explorer(scores, by="outlet")


def test_show_embeds_the_library_and_loads_nothing_from_the_network(monkeypatch):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    explorer.show(_scores([_hit(0, left=EVIL)]), by="outlet", max_rows=1)
    html = "\n".join(obj.data for obj in shown if type(obj).__name__ == "HTML")
    assert "1 hit;" in next(o.data for o in shown if type(o).__name__ == "Markdown")
    assert len(html) > 500_000  # the DataTables bundle itself, base64 in the page
    assert CDN.findall(html) == []
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
