"""The matplotlib charts of the notebook report, in one style a journalist can read.

Every chart uses the same matplotlib style (:data:`STYLE`) and the Okabe–Ito
colour-blind-safe palette (:data:`OKABE_ITO`); titles and axis labels are plain
words. :func:`savefig` writes each chart as PNG and SVG, :func:`save_table`
writes CSV, both under an output folder with file names made safe by
:func:`analysis.outputs.safe_name` (an outlet called ``../x`` cannot write
outside the folder).

Labels are plain text: every string a chart draws (outlet names, frame keys,
terms, titles that name an outlet) goes through :func:`chart_text`, so an outlet
called ``$x^2$`` is drawn as written instead of being parsed as mathtext, and
one called ``$\\foo$`` cannot make the chart fail.

Per-group charts (:func:`frame_prevalence`, :func:`frame_heatmap`,
:func:`voice_bars`, :func:`speaker_bars`, :func:`compare_frames`,
:func:`term_bars`) show at most :data:`~analysis.report.pooling.MAX_GROUPS`
groups, the largest by articles, the rest pooled as ``other (N groups)`` and
said so in the title (:mod:`analysis.report.pooling`); groups are sorted by the
value shown, and bars turn horizontal when names are long or bars many. The
tables behind them keep every group.

The evidence tables are HTML (:mod:`analysis.report.html`), the dropdown filter
is :mod:`analysis.report.widgets` and period scoring is
:mod:`analysis.frames.periods`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text as mtext
import numpy as np
import pandas as pd

from analysis.ingest.groups import group_labels
from analysis.outputs import CSV_MAX_ROWS, safe_name
from analysis.report.chart_links import INTERVAL_GID, bar_links
from analysis.report.pooling import (
    MAX_GROUPS,
    shown_groups,
    top_counts,
    wants_horizontal,
    with_note,
)

__all__ = [
    "OKABE_ITO", "STYLE", "VOICES", "chart_text", "frame_colors", "savefig", "save_table",
    "frame_prevalence", "frame_heatmap", "voice_bars", "speaker_bars", "stacked_bars",
    "bar_chart", "histogram", "term_bars", "keyness_plot", "similarity_heatmap", "compare_frames",
    "period_lines", "chart_style", "plain_label",
]

#: Okabe & Ito (2008) colours, distinguishable with any colour-vision deficiency.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)

#: One style for every chart: white background, light grid, readable sizes.
STYLE: dict[str, object] = {
    "figure.figsize": (8, 4.5), "figure.dpi": 100, "savefig.dpi": 150,
    "savefig.bbox": "tight", "font.size": 11, "axes.titlesize": 13,
    "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "grid.color": "#dddddd", "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)), "svg.fonttype": "none",
}

#: Voice categories in the order they are stacked, with plain-word labels.
VOICES: dict[str, str] = {
    "narrator": "outlet's own words", "quote": "direct quote",
    "scare_quote": "scare quote", "reported": "reported speech",
}


@contextmanager
def _style(extra: Mapping[str, object] | None = None) -> Iterator[None]:
    """:data:`STYLE` for the duration, keeping interactive mode as the block leaves it.

    Jupyter's inline backend turns interactive mode on when the first figure is made;
    a plain ``rc_context`` would turn it off again and later charts would not show.
    """
    with plt.rc_context({**STYLE, **(extra or {})}):
        yield
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)


def frame_colors(frames: Sequence[str]) -> dict[str, str]:
    """A fixed colour per frame, in the order given.

    >>> frame_colors(["no_limits", "asymmetric"])["asymmetric"]
    '#E69F00'
    """
    return {f: OKABE_ITO[i % len(OKABE_ITO)] for i, f in enumerate(frames)}


def chart_text(label: object) -> str:
    """``label`` as plain chart text: every ``$`` escaped, so matplotlib draws no mathtext.

    Apply it once, where a string from data or a caller meets matplotlib; an
    escaped ``\\$`` is drawn as ``$``.

    >>> print(chart_text("$x^2$ and a$b$c"))
    \\$x^2\\$ and a\\$b\\$c
    >>> chart_text(2024)
    '2024'
    """
    return str(label).replace("$", r"\$")


def _words(name: object) -> str:
    """A column or frame name in words: ``no_limits`` -> ``no limits`` (not yet chart text)."""
    return str(name).replace("_", " ")


def _plain(label: object) -> str:
    """:func:`_words` of ``label`` as chart text."""
    return chart_text(_words(label))


def savefig(fig: plt.Figure, out_dir: str | Path, name: str) -> None:
    """Write ``fig`` as ``<out_dir>/figures/<name>.png`` and ``.svg`` (name made safe)."""
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    with _style():  # savefig.* settings apply when saving, not when drawing
        for ext in ("png", "svg"):
            fig.savefig(folder / f"{safe_name(name)}.{ext}")


def save_table(df: pd.DataFrame, out_dir: str | Path, name: str) -> None:
    """Write ``df`` as ``<out_dir>/tables/<name>.csv`` (name made safe), or as ``.parquet``
    past :data:`~analysis.outputs.CSV_MAX_ROWS` rows, which no spreadsheet opens (the
    outlet pairs of a thousand outlets are over a million rows)."""
    folder = Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    if len(df) > CSV_MAX_ROWS:
        df.to_parquet(folder / f"{safe_name(name)}.parquet", index=False)
    else:
        df.to_csv(folder / f"{safe_name(name)}.csv", index=False)


def _bars_with_intervals(ax, table: pd.DataFrame, low: pd.DataFrame, high: pd.DataFrame, *,
                         horizontal: bool = False,
                         links: Mapping[tuple[str, str], str] | None = None):
    """Grouped bars, one group per row of ``table``; horizontal ones from the top down.

    A row without an interval (the pooled ``other`` groups) has no whisker.
    ``links`` gives a bar, by (frame, group), the address it opens in an SVG.
    """
    colors = frame_colors(list(table.columns))
    width = 0.8 / max(len(table.columns), 1)
    x = np.arange(len(table.index))
    for i, frame in enumerate(table.columns):
        values = table[frame].to_numpy(float)
        err = np.vstack([values - low[frame].to_numpy(float), high[frame].to_numpy(float) - values])
        err = np.nan_to_num(np.clip(err, 0, None))
        draw = ax.barh if horizontal else ax.bar
        bars = draw(x + i * width - 0.4 + width / 2, values, width, label=_plain(frame),
                    color=colors[frame], capsize=3, ecolor="#444444",
                    **{"xerr" if horizontal else "yerr": err})
        for bar, group in zip(bars.patches, table.index, strict=True):
            bar.set_url((links or {}).get((str(frame), str(group))))
        if links and bars.errorbar is not None:  # a click on a whisker reaches its bar
            for artist in bars.errorbar.get_children():
                artist.set_gid(f"{INTERVAL_GID}-{i}")
    labels = [chart_text(g) for g in table.index]
    if horizontal:
        ax.set_yticks(x, labels)
        ax.invert_yaxis()  # the first (largest) group at the top
    else:
        ax.set_xticks(x, labels, rotation=20, ha="right")


def frame_prevalence(outlet_scores: pd.DataFrame, *, metric: str = "share_of_sentences",
                     frames: Sequence[str] | None = None,
                     title: str = "How often each frame appears",
                     evidence_links: bool = False) -> plt.Figure:
    """Bars of each frame per group with the 95% bootstrap interval as whiskers.

    Args:
        outlet_scores: the *outlet_scores* table (one row per group × frame).
        metric: ``share_of_sentences`` or ``hits_per_1k_tokens``.
        frames: the frames to show, in the table's order; ``None``: every frame.
        title: the chart's title (plain text, may name outlets).

    With more than :data:`~analysis.report.pooling.MAX_GROUPS` groups, the groups
    with the most ``articles`` are shown and the rest pooled into one ``other (N
    groups)`` bar without an interval (its rate is that of all its sentences or
    words together); the title says so. Groups are sorted by their summed
    ``metric``, largest first (``other`` and ``ALL (stories)`` last); periods keep
    their time order. Long names or many groups give horizontal bars.

    With ``evidence_links``, each bar links (in the SVG) to the evidence explorer
    filtered to its frame and group (:func:`analysis.report.chart_links.bar_links`).
    """
    low_col, high_col = (("share_low", "share_high") if metric == "share_of_sentences"
                         else ("hits_per_1k_low", "hits_per_1k_high"))
    data = outlet_scores if frames is None else outlet_scores[outlet_scores.frame.isin(frames)]
    data, order, n_pooled = shown_groups(data, metric)
    pivot = {c: data.pivot_table(index="group", columns="frame", values=c, sort=False,
                                 dropna=False).reindex(order)
             for c in (metric, low_col, high_col)}
    horizontal = wants_horizontal(order)
    size = (8, min(0.3 * len(order) * max(pivot[metric].shape[1], 1) ** 0.5 + 1.5, 24))
    with _style():
        fig, ax = plt.subplots(figsize=size if horizontal else None)
        links = (bar_links(pivot[metric].columns, order, outlet_scores["group"])
                 if evidence_links else None)
        _bars_with_intervals(ax, pivot[metric], pivot[low_col], pivot[high_col],
                             horizontal=horizontal, links=links)
        per = "share of sentences" if metric == "share_of_sentences" else "hits per 1,000 words"
        ax.set_title(chart_text(with_note(title, n_pooled)))
        ax.set(**{"xlabel" if horizontal else "ylabel": per.capitalize(),
                  "ylabel" if horizontal else "xlabel": ""})
        ax.legend(title="Frame", frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left")
    return fig


def frame_heatmap(outlet_scores: pd.DataFrame, *, metric: str = "hits_per_1k_tokens",
                  title: str = "Frame rate by group (hits per 1,000 words)") -> plt.Figure:
    """Group × frame grid of ``metric``, darker where the frame is more frequent, values in.

    Groups as in :func:`frame_prevalence`: at most
    :data:`~analysis.report.pooling.MAX_GROUPS` by articles, the rest pooled into
    one ``other (N groups)`` row (rates of the pooled counts; the title says so),
    sorted by their summed ``metric``, largest at the top.
    """
    data, order, n_pooled = shown_groups(outlet_scores, metric)
    table = data.pivot_table(index="group", columns="frame", values=metric,
                             sort=False).reindex(order)
    return _heatmap(table.to_numpy(float), list(table.index), [_words(c) for c in table.columns],
                    title=with_note(title, n_pooled), fmt="{:.1f}")


# Above this many cells a heat map shows colours only: numbers would overlap.
_MAX_ANNOTATED_CELLS = 15 * 15


def _heatmap(values: np.ndarray, rows: list, cols: list, *, title: str, fmt: str,
             marks: np.ndarray | None = None) -> plt.Figure:
    """Rows × columns of ``values``; ``rows``, ``cols`` and ``title`` as given (made chart text)."""
    with _style({"axes.grid": False}):
        size = (min(1.4 * len(cols), 24) + 3, min(0.6 * len(rows), 18) + 2)
        fig, ax = plt.subplots(figsize=size)
        im = ax.imshow(values, cmap="Blues", aspect="auto")
        ax.set_xticks(range(len(cols)), [chart_text(c) for c in cols], rotation=30, ha="right")
        ax.set_yticks(range(len(rows)), [chart_text(r) for r in rows])
        top = np.nanmax(values) if values.size and np.isfinite(values).any() else 1.0
        annotate = values.size <= _MAX_ANNOTATED_CELLS
        if not annotate and marks is not None and marks.any():
            ii, jj = np.nonzero(marks)
            ax.scatter(jj, ii, marker="*", s=60, color=OKABE_ITO[5], label="copies of one story")
            ax.legend(loc="upper right", bbox_to_anchor=(1.0, 1.12), frameon=False)
        for (i, j), v in np.ndenumerate(values) if annotate else ():
            text = fmt.format(v) + (" *" if marks is not None and marks[i, j] else "")
            ax.text(j, i, text, ha="center", va="center",
                    color="white" if v > 0.6 * top else "black")
        fig.colorbar(im, ax=ax, shrink=0.8)
        ax.set_title(chart_text(title))
    return fig


def stacked_bars(counts: pd.DataFrame, *, title: str, ylabel: str,
                 labels: Mapping[str, str] | None = None,
                 horizontal: bool | None = None,
                 colors: Sequence[str] | None = None) -> plt.Figure:
    """Bars per row of ``counts`` stacked by its columns (e.g. voice per group).

    Args:
        counts: one row per bar, one column per part of the stack.
        title: the chart's title.
        ylabel: what is counted.
        labels: legend text of columns; a column not in it is named in words.
        horizontal: horizontal bars, first row at the top; ``None``: when the row
            names are long or the rows many
            (:func:`~analysis.report.pooling.wants_horizontal`).
        colors: one colour per column (default: the Okabe-Ito palette, which repeats
            after eight columns).
    """
    horizontal = wants_horizontal(list(counts.index)) if horizontal is None else horizontal
    names = [chart_text(x) for x in counts.index]
    with _style():
        fig, ax = plt.subplots(figsize=(8, min(0.3 * len(names) + 1.5, 24))
                               if horizontal else None)
        bottom = np.zeros(len(counts))
        for i, col in enumerate(counts.columns):
            values = counts[col].to_numpy(float)
            draw = ax.barh if horizontal else ax.bar
            draw(names, values, **{"left" if horizontal else "bottom": bottom},
                 label=chart_text((labels or {}).get(col, _words(col))),
                 color=colors[i] if colors is not None else OKABE_ITO[i % 8])
            bottom += values
        ax.set_title(chart_text(title))
        axis = ax.xaxis if horizontal else ax.yaxis
        axis.set_label_text(chart_text(ylabel))
        axis.get_major_locator().set_params(integer=True)  # counts: no 0.2 articles
        if horizontal:
            ax.invert_yaxis()
        else:
            ax.tick_params(axis="x", rotation=20)
        ax.legend(frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left")
    return fig


def _group_counts(hits: pd.DataFrame, by: str, parts: pd.Series, title: str,
                  articles: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """Hits per group × part, the largest groups only (see :func:`voice_bars`), and the title."""
    if articles is None:
        groups = hits[by]
    else:
        of = dict(zip(articles["article_id"], group_labels(articles, by=by), strict=True))
        groups = hits["article_id"].map(of).rename(by)
    counts = pd.crosstab(groups, parts)
    sizes = hits.groupby(groups)["article_id"].nunique() if "article_id" in hits else None
    return top_counts(counts, sizes, title)


def voice_bars(hits: pd.DataFrame, *, by: str = "outlet",
               articles: pd.DataFrame | None = None) -> plt.Figure:
    """Supporting hits per group, stacked by whose words they are in.

    The group of a hit is its ``by`` column; with ``articles`` (the articles
    table), its article's group (:func:`analysis.ingest.groups.group_labels`),
    for groupings the hits table does not hold (``media_system``). With more than
    :data:`~analysis.report.pooling.MAX_GROUPS` groups, those with the most
    articles among the hits (distinct ``article_id``; without it, the most hits)
    are shown and the rest summed into one ``other (N groups)`` bar, as the title
    says. Bars are sorted by their number of hits, largest first.
    """
    support = hits[~hits["negated"].astype(bool)]
    counts, title = _group_counts(support, by, support["voice"], "Whose words carry the frames",
                                  articles)
    counts = counts.reindex(columns=list(VOICES), fill_value=0)
    return stacked_bars(counts, title=title, ylabel="Frame hits", labels=VOICES)


def speaker_bars(hits: pd.DataFrame, *, by: str = "outlet",
                 articles: pd.DataFrame | None = None) -> plt.Figure:
    """Supporting hits inside quotes per group, stacked by who is quoted.

    Groups are found (``by``, ``articles``), chosen, pooled and sorted as in
    :func:`voice_bars`.
    """
    quoted = hits[~hits["negated"].astype(bool) & hits["voice"].isin(["quote", "reported"])]
    counts, title = _group_counts(quoted, by, quoted["speaker_group"].replace("", "unknown"),
                                  "Who is quoted when a frame appears in a quote", articles)
    return stacked_bars(counts, title=title, ylabel="Frame hits in quotes")


def bar_chart(values: pd.Series, *, title: str, xlabel: str, color: str = OKABE_ITO[0],
              ax: plt.Axes | None = None) -> plt.Figure:
    """Horizontal bars of ``values`` (index = labels), largest at the top.

    Args:
        values: one bar per item, labelled by the index.
        title: the chart's (or panel's) title.
        xlabel: what the values are.
        color: the bars' colour.
        ax: draw into this panel of a larger figure instead of a new figure.
    """
    with _style():
        fig, ax = (ax.figure, ax) if ax is not None else plt.subplots()
        ordered = values.sort_values()
        ax.barh([chart_text(i) for i in ordered.index], ordered.to_numpy(float), color=color)
        ax.set(title=chart_text(title), xlabel=chart_text(xlabel))
    return fig


def histogram(values: Sequence[float], *, title: str, xlabel: str, ylabel: str,
              bins: int = 30, color: str = OKABE_ITO[0]) -> plt.Figure:
    """How many items fall in each range of ``values`` (lengths, counts)."""
    with _style():
        fig, ax = plt.subplots()
        ax.hist(np.asarray(values, dtype=float), bins=bins, color=color)
        ax.set(title=chart_text(title), xlabel=chart_text(xlabel), ylabel=chart_text(ylabel))
    return fig


#: Most points a scatter draws as vector shapes in SVG; more are rasterized.
_VECTOR_POINTS = 2_000


def keyness_plot(keyness: pd.DataFrame, *, x: str, y: str, label: str = "term",
                 top: int = 12, title: str = "Distinctive words",
                 xlabel: str = "Times the group uses the word",
                 ylabel: str = "Keyness (z; beyond ±2 unlikely to be chance)") -> plt.Figure:
    """Scatter of each term's score (``y``) against its frequency (``x``); top terms named.

    The ``top`` highest and ``top // 2`` lowest terms are named; terms on the same
    spot share one label.

    Args:
        keyness: one row per term (a *keyness* table).
        x: the column of the frequency axis.
        y: the column of the score axis.
        label: the column that names a term.
        top: how many of the highest-scoring terms are named.
        title: the chart's title (plain text, may name outlets).
        xlabel: the frequency axis's label.
        ylabel: the score axis's label.
    """
    best = pd.concat([keyness.nlargest(top, y), keyness.nsmallest(top // 2, y)])
    best = best[~best.index.duplicated()]
    spots = best.groupby([x, y], sort=False)[label].agg(
        lambda t: ", ".join(map(chart_text, t[:3])) + (f" +{len(t) - 3}" if len(t) > 3 else ""))
    with _style():
        fig, ax = plt.subplots()
        # every term: drawn as pixels in the SVG past a few thousand (a group's whole
        # vocabulary made a 21 MB SVG); the named terms and the text stay vector
        ax.scatter(keyness[x], keyness[y], s=14, alpha=0.5, color=OKABE_ITO[4],
                   rasterized=len(keyness) > _VECTOR_POINTS)
        ax.scatter(best[x], best[y], s=22, color=OKABE_ITO[5])
        labels = [ax.annotate(text, (px, py), fontsize=8, xytext=(4, 2),
                              textcoords="offset points", arrowprops={"arrowstyle": "-",
                              "color": "#999999", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 3})
                  for (px, py), text in spots.items()]
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set(title=chart_text(title), xlabel=chart_text(xlabel), ylabel=chart_text(ylabel))
        _unstack_labels(fig, labels)
    return fig


def _unstack_labels(fig: plt.Figure, labels: list, *, gap: float = 1.0) -> None:
    """Move point labels down, top to bottom, until none covers another.

    Each label keeps its point's x and a leader line to it; a label only moves
    below the labels above it, so the highest-scoring terms stay where they are.
    """
    renderer = fig.canvas.get_renderer()

    def text_box(label):  # the text alone: an Annotation's own extent includes its leader line
        label.update_positions(renderer)
        return mtext.Text.get_window_extent(label, renderer)

    placed = []
    for label in sorted(labels, key=lambda a: -a.xy[1]):
        box = text_box(label)
        for _ in range(len(placed) + 1):  # each move clears at least one placed label
            above = [o for o in placed if box.overlaps(o)]
            if not above:
                break
            shift = (box.y1 - min(o.y0 for o in above) + gap) * 72 / fig.dpi  # pixels to points
            x_off, y_off = label.xyann
            label.xyann = (x_off, y_off - shift)
            box = text_box(label)
        placed.append(box)


def similarity_heatmap(pairs: pd.DataFrame, *, max_articles: int = 30) -> plt.Figure:
    """Cosine similarity of every pair of articles (the *similarity_articles* table).

    A ``*`` marks pairs that are copies of one story (its ``syndicated`` column).
    With more than ``max_articles`` articles the chart shows the ``max_articles``
    whose closest match elsewhere in the corpus is closest (copies first): a
    readable picture of the likely duplicates instead of an unreadable wall.
    """
    ids = pairs["article_id"].unique()
    title = "How alike the articles are (1 = identical; * = copies of one story)"
    if len(ids) > max_articles:
        others = pairs[pairs["article_id"] != pairs["other_article_id"]]
        best = others.groupby("article_id", sort=False)["cosine"].max()
        keep = set(best.nlargest(max_articles).index)
        pairs = pairs[pairs["article_id"].isin(keep) & pairs["other_article_id"].isin(keep)]
        title = (f"The {len(keep)} of {len(ids)} articles with the closest matches\n"
                 "(1 = identical; * = copies of one story)")
    cos = pairs.pivot_table(index="article_id", columns="other_article_id", values="cosine",
                            sort=False)
    marks = pairs.pivot_table(index="article_id", columns="other_article_id",
                              values="syndicated", aggfunc="max", sort=False)
    marks = marks.reindex(index=cos.index, columns=cos.columns).fillna(False).astype(bool)
    return _heatmap(cos.to_numpy(float), list(cos.index), list(cos.columns), fmt="{:.2f}",
                    marks=marks.to_numpy(), title=title)


def term_bars(terms: pd.DataFrame, *, value: str = "tfidf", top: int = 10,
              title: str = "Most distinctive words of each group",
              max_groups: int = MAX_GROUPS) -> plt.Figure:
    """One panel of horizontal bars per group: its ``top`` terms by ``value``.

    Args:
        terms: the *distinctive_terms* table (``group``, ``term`` and ``value``).
        value: the column the bars show.
        top: terms per group.
        title: the figure's title.
        max_groups: most panels. Terms of different groups cannot be pooled, so
            with more groups only the ``max_groups`` largest get a panel (the
            table has no article counts: largest = most occurrences of its terms,
            the ``count`` column; without it, the table's first groups), as the
            title says.
    """
    groups = list(dict.fromkeys(terms["group"]))
    if len(groups) > max_groups:
        sizes = (terms.groupby("group", sort=False)["count"].sum() if "count" in terms
                 else pd.Series(0, index=groups))
        ranked = sizes.reindex(groups).sort_values(ascending=False, kind="stable")
        title += (f"\n(the {max_groups} of {len(groups)} groups whose terms occur most; "
                  "every group is in the table)")
        groups = list(ranked.index[:max_groups])
    cols = min(3, max(len(groups), 1))
    rows = -(-len(groups) // cols)
    with _style():
        # constrained layout keeps room for a two-line title; tight_layout let it
        # overlap the first row's panel titles on a figure of many rows
        fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 0.32 * top * rows + 1.5),
                                 squeeze=False, layout="constrained")
        for ax, group in zip(axes.flat, groups, strict=False):
            part = terms[terms["group"] == group].nlargest(top, value)
            bar_chart(part.set_index("term")[value], title=str(group), xlabel=_words(value),
                      color=OKABE_ITO[groups.index(group) % 8], ax=ax)
        for ax in list(axes.flat)[len(groups):]:
            ax.set_visible(False)
        fig.suptitle(chart_text(title), fontweight="bold")
    return fig


def compare_frames(outlet_scores: pd.DataFrame, group_a: str, group_b: str, *,
                   metric: str = "share_of_sentences") -> plt.Figure:
    """Groups ``group_a`` and ``group_b`` side by side on every frame, with their intervals."""
    pair = outlet_scores[outlet_scores.group.isin([group_a, group_b])]
    return frame_prevalence(pair, metric=metric,
                            title=f"{group_a} and {group_b}: how often each frame appears")


def period_lines(rates: pd.DataFrame, *, period: str = "period", value: str = "rate",
                 title: str = "Frames over time") -> plt.Figure:
    """Frame rate per period, one line (and dot) per frame.

    Args:
        rates: one row per period × frame (e.g. :func:`analysis.frames.periods.period_scores`).
        period: the column holding the period, in the order the periods sort.
        value: the column of the rate.
        title: the chart's title.
    """
    table = rates.pivot_table(index=period, columns="frame", values=value, sort=True)
    colors = frame_colors(list(table.columns))
    with _style():
        fig, ax = plt.subplots()
        for frame in table.columns:
            ax.plot([chart_text(p) for p in table.index], table[frame], marker="o",
                    label=_plain(frame), color=colors[frame])
        ax.set(title=chart_text(title), xlabel="Period", ylabel=_plain(value).capitalize())
        ax.legend(title="Frame", frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left")
    return fig


#: The charts' style as a context manager, for chart modules beside this one.
chart_style = _style
plain_label = _plain
