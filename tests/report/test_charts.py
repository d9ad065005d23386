"""Charts: safe file names, PNG+SVG output, plain-word labels, outlet names drawn as written."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from analysis.outputs import safe_name  # noqa: E402
from analysis.report import charts, corpus_charts, validation_charts  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _outlet_scores(groups: tuple[str, ...] = ("a.com", "b.com")) -> pd.DataFrame:
    rows = []
    for g, base in zip(groups, (0.1, 0.3, 0.5, 0.7), strict=False):
        for f, k in (("no_limits", 1), ("asymmetric", 2)):
            v = base * k
            rows.append({"group": g, "frame": f, "share_of_sentences": v, "share_low": v - 0.05,
                         "share_high": v + 0.05, "hits_per_1k_tokens": 10 * v,
                         "hits_per_1k_low": 9 * v, "hits_per_1k_high": 11 * v})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("hostile", ["../x", "../../etc/passwd", "/abs", "..", ".hidden",
                                     "a/b\\c", "nul\0byte", "x" * 500, "Πούτιν"])
def test_safe_names_never_leave_the_folder_or_hide(tmp_path, hostile):
    name = safe_name(hostile)
    assert name and not name.startswith(".") and "/" not in name and "\\" not in name
    assert len(name) <= 80
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_distinct_outlets_keep_distinct_names():
    names = {safe_name(o) for o in ["washingtonpost.com", "unionleader.com", "newslite.tv"]}
    assert names == {"washingtonpost.com", "unionleader.com", "newslite.tv"}


def test_savefig_writes_png_and_svg_inside_the_output_folder(tmp_path):
    out = tmp_path / "run" / "nb"
    fig = charts.frame_prevalence(_outlet_scores())
    charts.savefig(fig, out, "../../outside")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert written == ["run/nb/figures/outside.png", "run/nb/figures/outside.svg"]
    assert (out / "figures" / "outside.png").read_bytes()[:4] == b"\x89PNG"


def test_save_table_writes_csv_with_a_safe_name(tmp_path):
    charts.save_table(pd.DataFrame({"a": [1, 2]}), tmp_path, "../t")
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")] == ["tables/t.csv"]
    assert pd.read_csv(tmp_path / "tables" / "t.csv")["a"].tolist() == [1, 2]


def test_prevalence_has_one_bar_per_group_and_frame_with_plain_labels():
    fig = charts.frame_prevalence(_outlet_scores())
    ax = fig.axes[0]
    assert len(ax.patches) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no limits", "asymmetric"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["b.com", "a.com"]  # largest first
    assert ax.get_title() and ax.get_ylabel()


def test_prevalence_bars_use_the_colour_blind_safe_palette():
    ax = charts.frame_prevalence(_outlet_scores()).axes[0]
    colours = {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
    assert colours <= set(charts.OKABE_ITO)


def test_heatmap_writes_every_value():
    ax = charts.frame_heatmap(_outlet_scores()).axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["1.0", "2.0", "3.0", "6.0"]


def test_voice_bars_count_supporting_hits_only():
    hits = pd.DataFrame({"outlet": ["a", "a", "a"], "voice": ["quote", "narrator", "quote"],
                         "negated": [False, False, True]})
    ax = charts.voice_bars(hits).axes[0]
    assert sum(p.get_height() for p in ax.patches) == 2


def test_similarity_heatmap_marks_syndicated_copies():
    pairs = pd.DataFrame([(a, b, 1.0 if a == b else 0.5, (a, b) in {("x", "y"), ("y", "x")})
                          for a in "xyz" for b in "xyz"],
                         columns=["article_id", "other_article_id", "cosine", "syndicated"])
    texts = [t.get_text() for t in charts.similarity_heatmap(pairs).axes[0].texts]
    assert texts.count("0.50 *") == 2 and texts.count("0.50") == 4


def test_validation_bars_have_plain_labels():
    metrics = pd.DataFrame({"frame": ["no_limits"], "precision": [1.0], "recall": [0.5],
                            "f1": [0.67]})
    ax = validation_charts.validation_bars(metrics).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no limits"]
    assert sorted(round(p.get_height(), 2) for p in ax.patches) == [0.5, 0.67, 1.0]


def test_similarity_heatmap_of_a_large_corpus_shows_the_closest_articles_only():
    ids = [f"a{i}" for i in range(200)]
    rng = np.random.default_rng(0)
    rows = [(a, a, 1.0, False) for a in ids]
    rows += [(a, b, float(rng.uniform(0, 0.3)), False) for a in ids for b in rng.choice(ids, 5)
             if a != b]
    rows += [("a7", "a9", 0.95, True), ("a9", "a7", 0.95, True)]
    pairs = pd.DataFrame(rows, columns=["article_id", "other_article_id", "cosine",
                                        "syndicated"])
    fig = charts.similarity_heatmap(pairs, max_articles=30)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 30 and {"a7", "a9"} <= set(labels)
    assert len(ax.texts) == 0  # too many cells for numbers: colours and star markers only
    stars = ax.collections[0].get_offsets()
    assert len(stars) == 2
    assert max(fig.get_size_inches()) < 30


# Outlet names that matplotlib would read as mathtext: the first two were drawn as
# formulas, the last two are invalid mathtext and made the chart fail.
MATH = ("$x^2$", "a$b$c", "$\\foo$", "x$^$")


def _hostile_charts() -> dict[str, object]:
    """Every chart function, fed outlet names, terms and titles that look like mathtext."""
    scores = _outlet_scores(MATH)
    hits = pd.DataFrame({"outlet": list(MATH), "voice": ["quote", "reported"] * 2,
                         "negated": [False] * 4, "speaker_group": list(MATH)})
    terms = pd.DataFrame({"group": list(MATH), "term": list(MATH), "tfidf": [0.4, 0.3, 0.2, 0.1]})
    keyness = pd.DataFrame({"term": list(MATH), "n_target": [1, 2, 3, 4],
                            "z": [3.0, 1.0, -1.0, -3.0]})
    pairs = pd.DataFrame([(a, b, 1.0 if a == b else 0.2, False) for a in MATH for b in MATH],
                         columns=["article_id", "other_article_id", "cosine", "syndicated"])
    metrics = pd.DataFrame({"frame": list(MATH), "precision": [1.0] * 4, "recall": [0.5] * 4,
                            "f1": [0.67] * 4})
    methods = pd.concat([metrics.assign(method=m) for m in ("lexicon", "model", "ensemble")])
    articles = pd.DataFrame({"article_id": list(MATH), "n_chars": [100, 200, 300, 400],
                             "published": ["2022-12-30", "2024-05-16", "", "2024-05-17"]})
    curve = pd.DataFrame({"method": "ensemble", "frame": list(MATH) * 2,
                          "train_articles": [50] * 4 + [100] * 4, "f1": [0.5] * 4 + [0.7] * 4})
    return {
        "frame_prevalence": lambda: charts.frame_prevalence(scores, title=f"Frames by {MATH[2]}"),
        "frame_heatmap": lambda: charts.frame_heatmap(scores),
        "compare_frames": lambda: charts.compare_frames(scores, MATH[2], MATH[3]),
        "voice_bars": lambda: charts.voice_bars(hits),
        "speaker_bars": lambda: charts.speaker_bars(hits),
        "stacked_bars": lambda: charts.stacked_bars(pd.crosstab(hits["outlet"], hits["outlet"]),
                                                    title=MATH[2], ylabel=MATH[3]),
        "bar_chart": lambda: charts.bar_chart(pd.Series([1.0, 2, 3, 4], index=list(MATH)),
                                              title=MATH[2], xlabel=MATH[3]),
        "term_bars": lambda: charts.term_bars(terms),
        "keyness_plot": lambda: charts.keyness_plot(keyness, x="n_target", y="z",
                                                    title=f"Words typical of {MATH[2]}"),
        "similarity_heatmap": lambda: charts.similarity_heatmap(pairs),
        "period_lines": lambda: charts.period_lines(scores, period="group",
                                                    value="share_of_sentences"),
        "validation_bars": lambda: validation_charts.validation_bars(metrics),
        "method_f1_bars": lambda: validation_charts.method_f1_bars(methods),
        "learning_curve_lines": lambda: validation_charts.learning_curve_lines(curve),
        "histogram": lambda: charts.histogram([1.0, 2, 2, 3], title=f"{MATH[0]} {MATH[1]}",
                                              xlabel=MATH[2], ylabel=MATH[3]),
        "articles_per_group": lambda: corpus_charts.articles_per_group(
            articles.assign(group=list(MATH)), group_by=MATH[0]),
        "article_lengths": lambda: corpus_charts.article_lengths(articles),
    }


def test_every_chart_function_is_tried_with_hostile_names():
    public = {name for name in charts.__all__ if callable(getattr(charts, name))
              and name not in {"chart_text", "frame_colors", "savefig", "save_table",
                               "chart_style", "plain_label"}}
    public |= set(validation_charts.__all__)
    public |= {name for name in corpus_charts.__all__ if name.startswith("article")}
    assert public == set(_hostile_charts())


def _shown(fig) -> list[tuple[str, bool]]:
    """Each text of the figure as matplotlib draws it, and whether it is drawn as mathtext.

    ``_preprocess_math`` is what matplotlib itself asks before drawing a text.
    """
    return [t._preprocess_math(t.get_text()) for t in fig.findobj(Text)]


@pytest.mark.parametrize("name", sorted(_hostile_charts()))
def test_charts_draw_mathtext_outlet_names_as_written(tmp_path, name):
    fig = _hostile_charts()[name]()
    charts.savefig(fig, tmp_path, name)
    assert (tmp_path / "figures" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    fig.savefig(io.BytesIO(), format="png")  # as Jupyter shows it: outside the chart style
    shown = _shown(fig)
    assert not [text for text, is_math in shown if is_math]
    drawn = " | ".join(text for text, _ in shown)
    for outlet in MATH[2:] if name == "compare_frames" else MATH:
        assert outlet in drawn, (outlet, drawn)


# --- many groups: at most 25 shown, the rest pooled as "other (N groups)" -------------------

N_GROUPS = 150
MANY = [f"outlet-{i:03d}.example.com" for i in range(N_GROUPS)]


def _many_groups() -> dict[str, pd.DataFrame]:
    """Tables of a synthetic corpus of 150 outlets; outlet i has i + 1 articles."""
    rng = np.random.default_rng(0)
    rows = []
    for i, g in enumerate([*MANY, "ALL (stories)"]):
        for f in ("no_limits", "asymmetric"):
            v = float(rng.uniform(0, 0.5))
            rows.append({"group_by": "outlet", "group": g, "frame": f, "articles": i + 1,
                         "hits": 3, "tokens": 1000, "sentences": 50,
                         "sentences_with_frame": int(v * 50), "share_of_sentences": v,
                         "share_low": v / 2, "share_high": v * 1.5,
                         "hits_per_1k_tokens": 3.0, "hits_per_1k_low": 2.0,
                         "hits_per_1k_high": 4.0})
    hits = pd.DataFrame([{"article_id": f"{g}-{a}", "outlet": g, "negated": False,
                          "voice": ("quote", "reported", "narrator")[a % 3],
                          "speaker_group": ("analyst", "")[a % 2]}
                         for i, g in enumerate(MANY) for a in range(i % 7 + 1)])
    terms = pd.DataFrame([{"group": g, "term": t, "tfidf": 0.5, "count": i + 1}
                          for i, g in enumerate(MANY) for t in ("xi", "putin")])
    ids = [f"{g}-0" for g in MANY]
    pairs = pd.DataFrame([(a, b, 1.0 if a == b else float(rng.uniform(0, 0.4)), False)
                          for a in ids for b in ids[:40]],
                         columns=["article_id", "other_article_id", "cosine", "syndicated"])
    return {"scores": pd.DataFrame(rows), "hits": hits, "terms": terms, "pairs": pairs}


def _group_axis_labels(fig) -> list[str]:
    """The group names a chart draws: tick labels on the axis that holds them."""
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if not any(label.startswith(("outlet-", "other", "ALL")) for label in labels):
        labels = [t.get_text() for t in ax.get_xticklabels()]
    return [label for label in labels if label]


def _many_group_charts() -> dict[str, object]:
    t = _many_groups()
    return {
        "frame_prevalence": lambda: charts.frame_prevalence(t["scores"]),
        "frame_heatmap": lambda: charts.frame_heatmap(t["scores"]),
        "voice_bars": lambda: charts.voice_bars(t["hits"]),
        "speaker_bars": lambda: charts.speaker_bars(t["hits"]),
        "compare_frames": lambda: charts.compare_frames(t["scores"], MANY[0], MANY[-1]),
    }


@pytest.mark.parametrize("name", sorted(_many_group_charts()))
def test_charts_of_150_groups_show_the_largest_and_pool_the_rest(tmp_path, name):
    fig = _many_group_charts()[name]()
    charts.savefig(fig, tmp_path, name)
    labels = _group_axis_labels(fig)
    groups = [g for g in labels if g != "ALL (stories)"]
    assert 2 <= len(groups) <= 26, labels
    if name == "compare_frames":
        assert set(groups) == {MANY[0], MANY[-1]}
        return
    assert groups[-1] == "other (125 groups)"
    assert "125 more pooled as other" in fig.axes[0].get_title()
    if name.startswith("frame_"):  # ranked by articles: outlet i has i + 1
        assert set(groups[:-1]) == set(MANY[-25:])
    fig.savefig(io.BytesIO(), format="png")
    assert max(fig.get_size_inches()) <= 30


def test_pooled_bar_has_the_rate_of_all_its_sentences_and_no_interval():
    scores = _many_groups()["scores"]
    ax = charts.frame_prevalence(scores).axes[0]
    pooled = scores[scores["group"].isin(MANY[:125]) & (scores["frame"] == "no_limits")]
    expected = pooled["sentences_with_frame"].sum() / pooled["sentences"].sum()
    bars = next(c for c in ax.containers if c.get_label() == "no limits")
    row = _group_axis_labels(ax.figure).index("other (125 groups)")
    assert bars[row].get_width() == pytest.approx(expected)
    whisker = bars.errorbar.lines[2][0].get_segments()[row]
    assert whisker[0, 0] == whisker[1, 0]  # no interval: the pool was never resampled


def test_prevalence_sorts_groups_by_the_value_shown_and_long_names_go_horizontal():
    scores = _outlet_scores(("washingtonpost.com", "silkroad2021.org", "c.com"))
    ax = charts.frame_prevalence(scores).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["c.com", "silkroad2021.org", "washingtonpost.com"]  # largest first
    assert ax.get_xlabel() == "Share of sentences"


def test_term_bars_of_150_groups_draws_25_panels_and_says_so():
    fig = charts.term_bars(_many_groups()["terms"])
    shown = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 25 and set(shown) == set(MANY[-25:])
    assert "25 of 150 groups" in fig._suptitle.get_text()


def test_similarity_heatmap_of_150_groups_caps_the_articles():
    fig = charts.similarity_heatmap(_many_groups()["pairs"])
    assert len(_group_axis_labels(fig)) <= 30
    assert "30 of 150 articles" in fig.axes[0].get_title()


def test_periods_keep_their_time_order():
    scores = _outlet_scores(("2024-01", "2024-02", "2024-03")).assign(group_by="period")
    ax = charts.frame_prevalence(scores).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-01", "2024-02", "2024-03"]


def test_voice_bars_group_hits_by_an_articles_column():
    hits = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["x", "y", "z"],
                         "voice": ["quote", "narrator", "quote"], "negated": False})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["x", "y", "z"],
                             "media_system": ["liberal", "liberal", ""]})
    ax = charts.voice_bars(hits, by="media_system", articles=articles).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["liberal", "unknown"]
    assert sum(p.get_height() for p in ax.patches) == 3


def test_keyness_labels_of_crowded_terms_never_cover_each_other():
    """Terms with nearly the same count and score each get a label of their own, readable."""
    rng = np.random.default_rng(0)
    keyness = pd.DataFrame({"term": [f"term number {i}" for i in range(60)],
                            "n_target": rng.integers(0, 3, 60),
                            "z": np.round(rng.normal(0, 0.05, 60), 4)})
    fig = charts.keyness_plot(keyness, x="n_target", y="z", top=12)
    renderer = fig.canvas.get_renderer()
    for t in fig.axes[0].texts:
        t.update_positions(renderer)
    boxes = [Text.get_window_extent(t, renderer) for t in fig.axes[0].texts]  # without leader
    assert len(boxes) >= 10
    overlapping = [(a.get_text(), b.get_text())
                   for i, a in enumerate(fig.axes[0].texts) for j, b in enumerate(fig.axes[0].texts)
                   if i < j and boxes[i].overlaps(boxes[j])]
    assert overlapping == []
    plt.close(fig)


# --- large inputs: tables past a spreadsheet's rows, scatters of a whole vocabulary --------


def test_a_table_past_a_spreadsheets_rows_is_saved_as_parquet(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "CSV_MAX_ROWS", 3)
    small, large = pd.DataFrame({"a": [1, 2, 3]}), pd.DataFrame({"a": [1, 2, 3, 4]})
    charts.save_table(small, tmp_path, "small")
    charts.save_table(large, tmp_path, "large")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["large.parquet",
                                                                        "small.csv"]
    assert pd.read_parquet(tmp_path / "tables" / "large.parquet").equals(large)


def test_a_keyness_plot_of_a_whole_vocabulary_keeps_its_svg_small(tmp_path):
    rng = np.random.default_rng(0)
    n = 50_000
    keyness = pd.DataFrame({"term": [f"t{i}" for i in range(n)],
                            "n_target": rng.integers(1, 50, n), "z": rng.normal(0, 2, n)})
    fig = charts.keyness_plot(keyness, x="n_target", y="z")
    charts.savefig(fig, tmp_path, "k")
    svg = (tmp_path / "figures" / "k.svg").read_text()
    assert len(svg) < 2_000_000  # 50,000 vector markers would be over 10 MB
    assert "t" + str(int(keyness["z"].idxmax())) in svg  # the named terms stay text


def test_the_title_of_many_term_panels_does_not_cover_the_first_panels_titles():
    groups = [f"g{i}.com" for i in range(40)]  # pooled to 25 panels: a two-line title
    terms = pd.DataFrame([(g, f"w{k}", 1.0 - k / 10, 10 - k) for g in groups for k in range(10)],
                         columns=["group", "term", "tfidf", "count"])
    fig = charts.term_bars(terms)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    panels = [ax.title.get_window_extent(renderer) for ax in fig.axes if ax.get_visible()]
    assert "\n" in fig._suptitle.get_text()
    assert not [p for p in panels if p.overlaps(title)]
    plt.close(fig)
