"""The term explorer of 03-language: click a key term, read its sentences in each group.

A table of terms (itables/DataTables in offline mode, like the evidence explorer
of :mod:`analysis.report.explorer`) lists each group's top key terms (*keyness*,
highest z) and distinctive terms (*distinctive_terms*, highest TF-IDF) with how
often the group and the others use them. Clicking a term opens its panel: one
column per group, side by side, with the count and the sentences, the term
marked, each naming its article (a link when the corpus gives an http(s) URL).

The counts are the term tables' counts and the sentences are found by the same
tokens (:mod:`analysis.report.term_sentences`). Pages stay small on large
corpora: at most ``max_per_group`` sentences of a term in a group (a fixed
sample, the same on every run: "showing n of m"), fewer when the page would hold
more than ``max_sentences`` in all, for the terms of at most ``max_groups``
groups, each sentence cut to a window around the term.

All HTML comes from the autoescaped templates ``terms_explorer.html`` and
``_terms_cells.html``: a sentence holding ``<script>`` shows the characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from analysis.report.pooling import MAX_GROUPS
from analysis.report.templating import environment
from analysis.report.term_sentences import TermSentences, term_sentences

__all__ = ["DEFAULT_MAX_PER_GROUP", "DEFAULT_MAX_SENTENCES", "DEFAULT_TOP", "TABLE_ID",
           "TermExplorer", "key_terms", "picker_options", "picker_table", "show", "term_explorer",
           "terms_explorer_html"]

#: Sentences of one term shown per group at most.
DEFAULT_MAX_PER_GROUP = 20
#: Sentences on a page at most; beyond it each group shows fewer per term.
DEFAULT_MAX_SENTENCES = 10_000
#: Key terms and distinctive terms taken per group.
DEFAULT_TOP = 10
#: The id of the term table's ``<table>`` (inside ``<div id="terms-explorer">``).
TABLE_ID = "terms-table"

_PICKER_COLUMNS = ["group", "term", "found by", "z", "tfidf", "in group", "elsewhere"]



def key_terms(keyness: pd.DataFrame, distinctive: pd.DataFrame, *,
              top: int = DEFAULT_TOP) -> pd.DataFrame:
    """Each group's ``top`` key terms and ``top`` distinctive terms, one row per group x term.

    Key terms are the highest-z rows of the *keyness* table that the group uses;
    distinctive terms the highest-TF-IDF group rows of *distinctive_terms*.

    Returns:
        Columns group, term, found_by (``keyness``, ``TF-IDF`` or both), z, tfidf.

    >>> k = pd.DataFrame({"group": ["a", "a"], "term": ["x", "y"], "rank": [1, 2],
    ...                   "n_target": [3, 1], "z": [2.5, 1.0]})
    >>> d = pd.DataFrame({"group_by": ["outlet", "article"], "group": ["a", "a1"],
    ...                   "term": ["x", "q"], "rank": [1, 1], "tfidf": [0.4, 0.9]})
    >>> key_terms(k, d, top=1).to_dict("records")
    [{'group': 'a', 'term': 'x', 'found_by': 'keyness, TF-IDF', 'z': 2.5, 'tfidf': 0.4}]
    """
    key = keyness[keyness["n_target"] > 0].sort_values(["group", "rank"], kind="stable")
    key = key.groupby("group", sort=False).head(top)[["group", "term", "z"]]
    dist = distinctive[distinctive["group_by"] != "article"]
    dist = dist.sort_values(["group", "rank"], kind="stable").groupby("group", sort=False)
    dist = dist.head(top)[["group", "term", "tfidf"]]
    both = key.merge(dist, on=["group", "term"], how="outer", indicator=True, sort=False)
    both["found_by"] = both.pop("_merge").map(
        {"left_only": "keyness", "right_only": "TF-IDF", "both": "keyness, TF-IDF"}).astype(str)
    return both[["group", "term", "found_by", "z", "tfidf"]].reset_index(drop=True)


@dataclass
class TermExplorer:
    """What the page shows: the term table and one panel per term.

    ``picker`` has one row per group x key term (:func:`key_terms` plus the
    counts ``in_group`` and ``elsewhere`` and the ``panel`` it opens); ``panels``
    one dict per term (``index``, ``term``, ``total``, ``groups``: per group its
    ``count``, ``sentences``, ``shown`` and ``rows``; ``unused``: groups without
    it); ``per_group`` is the sentences per term and group shown at most;
    ``groups`` the groups shown, ``n_groups`` the corpus's, ``top`` the terms
    taken per group.
    """

    picker: pd.DataFrame
    panels: list[dict[str, Any]]
    per_group: int
    groups: list[str]
    top: int
    n_groups: int


def _panels(found: TermSentences, terms: list[str], groups: list[str], per_group: int,
            urls: dict[str, str]) -> list[dict[str, Any]]:
    """One panel per term: its count, sample and sentences in every group of ``groups``."""
    counts = {(t, g): (int(n), int(m)) for t, g, n, m in zip(
        found.counts["term"], found.counts["group"], found.counts["count"],
        found.counts["sentences"], strict=True)}
    chosen = found.sentences[found.sentences["term"].isin(terms)
                             & found.sentences["group"].isin(groups)]
    chosen = chosen.sort_values("key", kind="stable").groupby(["term", "group"]).head(per_group)
    chosen = chosen.sort_values(["order", "sentence_id"], kind="stable")
    rows: dict[tuple[str, str], list[dict[str, str]]] = {}
    for t, g, a, pieces in zip(chosen["term"], chosen["group"], chosen["article_id"],
                               found.excerpts(chosen), strict=True):
        rows.setdefault((t, g), []).append({"pieces": pieces, "article_id": a,
                                            "url": urls.get(a, "")})
    panels = []
    for index, term in enumerate(terms):
        columns = [{"group": g, "count": counts[(term, g)][0],
                    "sentences": counts[(term, g)][1], "shown": len(rows.get((term, g), [])),
                    "rows": rows.get((term, g), [])} for g in groups if (term, g) in counts]
        panels.append({"index": index, "term": term, "groups": columns,
                       "unused": [g for g in groups if (term, g) not in counts],
                       "total": sum(c["count"] for c in columns)})
    return panels


def _http_urls(articles: Any) -> dict[str, str]:
    """Article id -> URL, for the http(s) URLs only (anything else is not a link)."""
    df = getattr(articles, "articles", articles)
    if "url" not in df:
        return {}
    return {str(a): u.strip() for a, u in zip(df["article_id"], df["url"], strict=True)
            if isinstance(u, str) and u.strip().lower().startswith(("https://", "http://"))}


def term_explorer(articles: Any, keyness: pd.DataFrame, distinctive: pd.DataFrame, *,
                  by: str = "outlet", top: int = DEFAULT_TOP,
                  max_per_group: int = DEFAULT_MAX_PER_GROUP,
                  max_sentences: int = DEFAULT_MAX_SENTENCES,
                  max_groups: int = MAX_GROUPS) -> TermExplorer:
    """The term explorer's content for a corpus and its term tables.

    Args:
        articles: the Corpus (or its articles table) the term tables were made from.
        keyness: the *keyness* table (each group against the rest).
        distinctive: the *distinctive_terms* table.
        by: the group column the tables were grouped by.
        top: key terms and distinctive terms per group (:func:`key_terms`).
        max_per_group: sentences of a term shown per group at most.
        max_sentences: sentences on the page at most: with many terms and groups,
            ``max_per_group`` shrinks (never below 1) to stay under it.
        max_groups: the terms of this many groups (those with the most articles);
            every panel shows these groups side by side.
    """
    picks = key_terms(keyness, distinctive, top=top)
    found = term_sentences(articles, set(picks["term"]), by=by)
    picked = set(picks["group"])
    groups = [g for g in found.groups if g in picked][:max_groups]
    picks = picks[picks["group"].isin(groups)]
    terms = sorted(set(picks["term"]))
    cells = found.counts[found.counts["term"].isin(terms) & found.counts["group"].isin(groups)]
    per_group = min(max_per_group, max(1, max_sentences // max(len(cells), 1)))
    panels = _panels(found, terms, groups, per_group, _http_urls(articles))
    return TermExplorer(_picker(picks, found, terms, groups), panels, per_group, groups, top,
                        len(found.groups))


def _picker(picks: pd.DataFrame, found: TermSentences, terms: list[str], groups: list[str]
            ) -> pd.DataFrame:
    """:func:`key_terms` rows with their counts and panel, in the order of ``groups``, then z."""
    in_group = {(g, t): int(n) for g, t, n in zip(
        found.counts["group"], found.counts["term"], found.counts["count"], strict=True)}
    total = found.counts.groupby("term")["count"].sum()
    panel = {t: i for i, t in enumerate(terms)}
    picker = picks.assign(
        in_group=[in_group.get(k, 0) for k in zip(picks["group"], picks["term"], strict=True)],
        panel=picks["term"].map(panel))
    picker["elsewhere"] = picker["term"].map(total).fillna(0).astype(int) - picker["in_group"]
    order = {g: i for i, g in enumerate(groups)}
    return picker.sort_values(["group", "z", "tfidf"], ascending=[True, False, False],
                              key=lambda s: s.map(order) if s.name == "group" else s,
                              kind="stable").reset_index(drop=True)


def picker_table(explorer: TermExplorer) -> pd.DataFrame:
    """The term table as the page shows it: escaped HTML cells, numbers as numbers."""
    cells = environment().get_template("_terms_cells.html").module
    p = explorer.picker
    return pd.DataFrame({
        "group": [str(cells.text(g)) for g in p["group"]],
        "term": [str(cells.term_link(t, i)) for t, i in zip(p["term"], p["panel"], strict=True)],
        "found by": p["found_by"].tolist(),
        "z": _numbers(p["z"], 2),
        "tfidf": _numbers(p["tfidf"], 3),
        "in group": p["in_group"].tolist(),
        "elsewhere": p["elsewhere"].tolist(),
    }, columns=_PICKER_COLUMNS)


def _numbers(values: pd.Series, digits: int) -> list:
    """Rounded numbers; missing ones (a term found by one method only) as empty cells."""
    return ["" if pd.isna(v) else round(float(v), digits) for v in values]


def picker_options() -> dict[str, Any]:
    """The itables options of the term table: list filters on group and how found, search."""
    return {
        "allow_html": True,  # the cells come from the autoescaped _terms_cells.html
        "showIndex": False, "maxBytes": 0, "pageLength": 10, "lengthMenu": [10, 25, 100, 500],
        "classes": "display compact", "display_logo_when_loading": False, "order": [],
        "columnControl": ["order"],
        "columnDefs": [{"targets": [0, 2], "columnControl": ["order", ["searchList"]]},
                       {"targets": [0, 1, 2], "className": "dt-left"}],
        "ordering": {"indicators": False, "handler": False},
        "layout": {"topStart": "pageLength", "topEnd": "search",
                   "bottomStart": "info", "bottomEnd": "paging"},
    }


def terms_explorer_html(explorer: TermExplorer, *, table_html: str | None = None) -> str:
    """The explorer as one HTML fragment: the note, the term table, the panels, the script.

    ``table_html`` is the interactive term table (itables); without it the page
    holds a plain list of the terms, which also works where scripts do not run.
    """
    return environment().get_template("terms_explorer.html").render(
        explorer=explorer, table=Markup(table_html) if table_html else None,
        terms=[{"index": p["index"], "term": p["term"]} for p in explorer.panels])


def show(articles: Any, keyness: pd.DataFrame, distinctive: pd.DataFrame, *,
         by: str = "outlet", top: int = DEFAULT_TOP,
         max_per_group: int = DEFAULT_MAX_PER_GROUP) -> None:
    """Show the term explorer in a notebook (embeds DataTables offline, about 1 MB).

    Arguments as :func:`term_explorer`.
    """
    import itables
    from IPython.display import HTML, display

    explorer = term_explorer(articles, keyness, distinctive, by=by, top=top,
                             max_per_group=max_per_group)
    itables.init_notebook_mode(all_interactive=False, connected=False)
    table = picker_table(explorer)
    table_html = (itables.to_html_datatable(table, connected=False, table_id=TABLE_ID,
                                            **picker_options()) if len(table) else None)
    display(HTML(terms_explorer_html(explorer, table_html=table_html)))
