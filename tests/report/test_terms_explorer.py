"""The term explorer: a key term's sentences in each group, counts as in the tables, capped."""

from __future__ import annotations

import re
import time

import lxml.html
import numpy as np
import pandas as pd
import pytest

from analysis.language.counts import count_vectorizer
from analysis.language.distinctive import distinctive_terms
from analysis.language.keyness import keyness_all
from analysis.report import terms_explorer

EVIL = "<script>alert(1)</script>"
ANALYZER = count_vectorizer().build_analyzer()  # what counted the terms of the tables
CDN = re.compile(r"""<script[^>]*\bsrc=["']?https?:|<link[^>]*\bhref=["']?https?:"""
                 r"""|\bfrom\s+["']https?:|import\(\s*["']https?:""")


def _page(articles, *, by="outlet", **kw) -> tuple[terms_explorer.TermExplorer,
                                                    lxml.html.HtmlElement]:
    keyness, distinctive = keyness_all(articles, by=by), distinctive_terms(articles, by=by)
    explorer = terms_explorer.term_explorer(articles, keyness, distinctive, by=by, **kw)
    html = terms_explorer.terms_explorer_html(explorer)
    return explorer, lxml.html.fragment_fromstring(html, create_parent="div")


def _panel(page, term: str) -> lxml.html.HtmlElement:
    (panel,) = [s for s in page.xpath("//section[@class='term-panel']")
                if s.get("data-term") == term]
    return panel


def _group(panel, group: str) -> lxml.html.HtmlElement:
    (column,) = [d for d in panel.xpath(".//div[@class='term-group']")
                 if d.get("data-group") == group]
    return column


def _articles(rows) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": a, "outlet": o, "text": t, "url": u}
                         for a, o, t, u in rows])


def test_the_page_counts_are_the_keyness_counts(bundled_corpus):
    keyness = keyness_all(bundled_corpus, by="outlet")
    explorer, page = _page(bundled_corpus)
    assert len(explorer.picker) >= 5 * terms_explorer.DEFAULT_TOP  # every group has its terms
    n_target = keyness.set_index(["group", "term"])["n_target"]
    for group, term in zip(explorer.picker["group"], explorer.picker["term"], strict=True):
        column = _group(_panel(page, term), group)
        times = int(column.xpath(".//span[@class='term-times']")[0].text)
        assert times == n_target[(group, term)], (group, term)
        marks = column.xpath(".//li[@class='term-sentence']//mark")
        assert marks and all(term in ANALYZER(m.text_content()) for m in marks), term


def test_the_term_table_links_each_term_to_its_panel(bundled_corpus):
    explorer, page = _page(bundled_corpus)
    table = terms_explorer.picker_table(explorer)
    ids = {s.get("id"): s.get("data-term") for s in page.xpath("//section")}
    for cell, term in zip(table["term"], explorer.picker["term"], strict=True):
        (link,) = lxml.html.fragment_fromstring(cell, create_parent="div").xpath("//a")
        assert link.get("class") == "term-link" and link.text_content() == term
        assert ids[link.get("href").lstrip("#")] == term == ids[link.get("data-panel")]


def test_large_groups_show_a_fixed_sample_and_say_so():
    rows = [(f"a{i}", "big.com", f"The pipeline deal {i} was signed.", "") for i in range(30)]
    rows += [(f"b{i}", "small.com", f"Talks on trade {i} went on.", "") for i in range(3)]
    arts = _articles(rows)
    explorer, page = _page(arts, max_per_group=20)
    column = _group(_panel(page, "pipeline"), "big.com")
    note = column.xpath(".//p[@class='term-count']")[0].text_content()
    assert "30 times in 30 sentences" in note and "showing 20 of 30" in note
    shown = [li.text_content() for li in column.xpath(".//li")]
    assert len(shown) == 20
    again = _page(arts, max_per_group=20)[1]
    assert [li.text_content() for li in _group(_panel(again, "pipeline"), "big.com")
            .xpath(".//li")] == shown  # the same sample on every run
    assert "at most 20 sentences" in page.xpath("//p[@class='terms-note']")[0].text_content()


def test_the_page_budget_shrinks_the_sample():
    rows = [(f"a{i}", "big.com", f"The pipeline deal {i} was signed.", "") for i in range(30)]
    rows += [(f"b{i}", "small.com", f"Talks on trade {i} went on.", "") for i in range(3)]
    explorer, page = _page(_articles(rows), max_sentences=10)
    assert explorer.per_group < 20
    assert len(page.xpath("//li[@class='term-sentence']")) <= max(10, len(explorer.panels))


@pytest.mark.parametrize("field", ["text", "outlet", "article_id"])
def test_corpus_values_show_as_text(field):
    values = {"text": f"Pipeline talks {EVIL} went on. Pipeline deal.", "outlet": "x.com",
              "article_id": "a1"}
    values[field] = values[field] if field == "text" else EVIL
    arts = _articles([(values["article_id"], values["outlet"], values["text"], ""),
                      ("b1", "y.com", "Trade news only.", "")])
    html = terms_explorer.terms_explorer_html(
        terms_explorer.term_explorer(arts, keyness_all(arts), distinctive_terms(arts)))
    page = lxml.html.fragment_fromstring(html, create_parent="div")
    assert len(page.xpath("//script")) == 1  # the explorer's own, nothing from the corpus
    assert EVIL not in html and EVIL in page.text_content()


def test_articles_link_only_to_web_addresses():
    arts = _articles([("a1", "x.com", "Pipeline news.", 'https://x.org/?q="><b>'),
                      ("a2", "x.com", "Pipeline deal.", "javascript:alert(1)"),
                      ("b1", "y.com", "Trade news only.", None)])
    _, page = _page(arts)
    articles = _group(_panel(page, "pipeline"), "x.com").xpath(
        ".//span[@class='term-article']")
    links = {a.text_content(): a.get("href") for s in articles for a in s.xpath(".//a")}
    assert links == {"a1": 'https://x.org/?q="><b>'}
    assert any("a2" in s.text_content() for s in articles)


def test_show_embeds_the_library_and_loads_nothing_from_the_network(monkeypatch, bundled_corpus):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    terms_explorer.show(bundled_corpus, keyness_all(bundled_corpus),
                        distinctive_terms(bundled_corpus))
    html = "\n".join(obj.data for obj in shown)
    assert len(html) > 500_000 and CDN.findall(html) == []
    assert 'id="terms-table"' in html and 'id="terms-explorer"' in html


def _synthetic(n_articles: int, n_groups: int, seed: int = 0
               ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles of ``n_groups`` outlets (shared words plus 40 typical of each), and term
    tables naming each outlet's typical words (keyness ranks 1-10, TF-IDF ranks 1-10 of
    the next ten), as ``framing terms`` would find them."""
    rng = np.random.default_rng(seed)
    syllables = np.array(["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "pe", "da", "go"])
    vocab = np.unique(["".join(rng.choice(syllables, 3)) for _ in range(3000)])
    own = {g: rng.choice(vocab, 40, replace=False) for g in range(n_groups)}
    rows = []
    for i in range(n_articles):
        g = i % n_groups
        words = np.where(rng.random((12, 14)) < 0.3, rng.choice(own[g], (12, 14)),
                         rng.choice(vocab, (12, 14)))
        text = " ".join(" ".join(w).capitalize() + "." for w in words)
        rows.append((f"art{i:05d}", f"outlet{g:02d}.com", text,
                     f"https://outlet{g:02d}.com/news/{i}"))
    ranks = np.arange(1, 11)
    keyness = pd.concat(pd.DataFrame({"group": f"outlet{g:02d}.com", "term": own[g][:10],
                                      "rank": ranks, "n_target": 1, "z": 20.0 - ranks})
                        for g in range(n_groups))
    distinctive = pd.concat(pd.DataFrame({"group_by": "outlet", "group": f"outlet{g:02d}.com",
                                          "term": own[g][10:20], "rank": ranks,
                                          "tfidf": 1 / ranks}) for g in range(n_groups))
    return _articles(rows), keyness, distinctive


@pytest.mark.slow
def test_a_10000_article_chapter_page_stays_small(monkeypatch):
    arts, keyness, distinctive = _synthetic(10_000, 25)
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    start = time.perf_counter()
    terms_explorer.show(arts, keyness, distinctive)
    seconds = time.perf_counter() - start
    size = sum(len(obj.data.encode()) for obj in shown)
    print(f"term explorer, 10,000 articles, 25 groups: {size / 1e6:.1f} MB in {seconds:.1f} s")
    assert size <= 12_000_000  # the chapter's limit is 15 MB; charts and tables need the rest
    page = lxml.html.fromstring(shown[-1].data)
    terms = set(keyness["term"]) | set(distinctive["term"])
    assert len(page.xpath("//section[@class='term-panel']")) == len(terms) > 400
    notes = [p.text_content() for p in page.xpath("//p[@class='term-count']")]
    capped = [n for n in notes if not re.search(r"showing (\d+) of \1\b", n)]
    assert capped  # the sample is said so: "showing n of m" with n < m
    assert all(int(m) <= terms_explorer.DEFAULT_MAX_PER_GROUP for m in
               re.findall(r"showing (\d+) of", " ".join(notes)))
