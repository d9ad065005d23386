"""Charts and report tables: safe file names, PNG+SVG output, escaping, periods."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.report import charts as plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _outlet_scores() -> pd.DataFrame:
    rows = []
    for g, base in (("a.com", 0.1), ("b.com", 0.3)):
        for f, k in (("no_limits", 1), ("asymmetric", 2)):
            v = base * k
            rows.append({"group": g, "frame": f, "share_of_sentences": v, "share_low": v - 0.05,
                         "share_high": v + 0.05, "hits_per_1k_tokens": 10 * v,
                         "hits_per_1k_low": 9 * v, "hits_per_1k_high": 11 * v})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("hostile", ["../x", "../../etc/passwd", "/abs", "..", ".hidden",
                                     "a/b\\c", "nul\0byte", "x" * 500, "Πούτιν"])
def test_safe_names_never_leave_the_folder_or_hide(tmp_path, hostile):
    name = plots.safe_name(hostile)
    assert name and not name.startswith(".") and "/" not in name and "\\" not in name
    assert len(name) <= 80
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_distinct_outlets_keep_distinct_names():
    names = {plots.safe_name(o) for o in ["washingtonpost.com", "unionleader.com", "newslite.tv"]}
    assert names == {"washingtonpost.com", "unionleader.com", "newslite.tv"}


def test_savefig_writes_png_and_svg_inside_the_output_folder(tmp_path):
    out = tmp_path / "run" / "nb"
    fig = plots.frame_prevalence(_outlet_scores())
    plots.savefig(fig, out, "../../outside")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert written == ["run/nb/figures/outside.png", "run/nb/figures/outside.svg"]
    assert (out / "figures" / "outside.png").read_bytes()[:4] == b"\x89PNG"


def test_save_table_writes_csv_with_a_safe_name(tmp_path):
    plots.save_table(pd.DataFrame({"a": [1, 2]}), tmp_path, "../t")
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")] == ["tables/t.csv"]
    assert pd.read_csv(tmp_path / "tables" / "t.csv")["a"].tolist() == [1, 2]


def test_prevalence_has_one_bar_per_group_and_frame_with_plain_labels():
    fig = plots.frame_prevalence(_outlet_scores())
    ax = fig.axes[0]
    assert len(ax.patches) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no limits", "asymmetric"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a.com", "b.com"]
    assert ax.get_title() and ax.get_ylabel()


def test_prevalence_bars_use_the_colour_blind_safe_palette():
    ax = plots.frame_prevalence(_outlet_scores()).axes[0]
    colours = {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
    assert colours <= set(plots.OKABE_ITO)


def test_heatmap_writes_every_value():
    ax = plots.frame_heatmap(_outlet_scores()).axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["1.0", "2.0", "3.0", "6.0"]


def test_voice_bars_count_supporting_hits_only():
    hits = pd.DataFrame({"outlet": ["a", "a", "a"], "voice": ["quote", "narrator", "quote"],
                         "negated": [False, False, True]})
    ax = plots.voice_bars(hits).axes[0]
    assert sum(p.get_height() for p in ax.patches) == 2


def test_similarity_heatmap_marks_syndicated_copies():
    pairs = pd.DataFrame([(a, b, 1.0 if a == b else 0.5, (a, b) in {("x", "y"), ("y", "x")})
                          for a in "xyz" for b in "xyz"],
                         columns=["article_id", "other_article_id", "cosine", "syndicated"])
    texts = [t.get_text() for t in plots.similarity_heatmap(pairs).axes[0].texts]
    assert texts.count("0.50 *") == 2 and texts.count("0.50") == 4


EVIL = "<script>alert(1)</script>"


def test_evidence_html_escapes_article_text_and_highlights_the_cue():
    row = {"outlet": EVIL, "frame": "no_limits", "voice": "quote", "speaker": "",
           "left": f"before {EVIL} ", "match": "no-limits", "right": f" after {EVIL}"}
    page = plots.evidence_html(pd.DataFrame([row]))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark>no-limits</mark>" in page


def test_side_by_side_evidence_shows_each_group_in_its_column_escaped():
    ev = pd.DataFrame({"outlet": ["a", "b", EVIL], "frame": ["f", "f", "f"],
                       "voice": ["quote"] * 3, "left": ["A ", "B ", EVIL], "match": ["x"] * 3,
                       "right": [""] * 3})
    page = plots.evidence_side_by_side(ev, "a", EVIL)
    assert "<script>" not in page
    assert page.index("A ") < page.index("&lt;script&gt;") and "B " not in page


def test_show_filtered_keeps_only_matching_rows(capsys):
    df = pd.DataFrame({"frame": ["a", "b", "a"], "outlet": ["x", "x", "y"]})
    seen = []
    plots.show_filtered(df, lambda d: seen.append(d) or "", filters={"frame": "a", "outlet": ""})
    assert seen[0]["outlet"].tolist() == ["x", "y"]


@pytest.mark.parametrize("period, expected", [
    ("month", ["2022-12", "2022-12", "2024-05", ""]),
    ("year", ["2022", "2022", "2024", ""]),
    ("Dec: 2022-12-01..2022-12-31; May:2024-05-01..2024-05-31", ["Dec", "Dec", "May", ""]),
    ("late: 2022-12-31..2022-12-31", ["", "late", "", ""]),
])
def test_label_periods(period, expected):
    dates = pd.Series(["2022-12-30", "2022-12-31", "2024-05-16", None])
    assert plots.label_periods(dates, period=period).tolist() == expected


def test_unknown_period_is_explained():
    with pytest.raises(ValueError, match="month, quarter, year"):
        plots.label_periods(pd.Series(["2022-12-30"]), period="fortnight")


def test_validation_bars_have_plain_labels():
    metrics = pd.DataFrame({"frame": ["no_limits"], "precision": [1.0], "recall": [0.5],
                            "f1": [0.67]})
    ax = plots.validation_bars(metrics).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no limits"]
    assert sorted(round(p.get_height(), 2) for p in ax.patches) == [0.5, 0.67, 1.0]


def test_period_scores_on_the_bundled_corpus_splits_december_2022_from_may_2024(tmp_path):
    from analysis.report import cache

    root = Path(__file__).resolve().parents[2]
    corpus = cache.get_corpus(root / "data", cache_dir=tmp_path)
    scores = cache.get_scores(root / "data", n_boot=50, cache_dir=tmp_path)
    rates = plots.period_scores(scores, corpus.articles, period="month", n_boot=50)
    assert set(rates["group"]) == {"2022-12", "2024-05"}
    assert rates.groupby("group")["articles"].first().to_dict() == {"2022-12": 4, "2024-05": 1}


def test_similarity_heatmap_of_a_large_corpus_shows_the_closest_articles_only():
    ids = [f"a{i}" for i in range(200)]
    rng = np.random.default_rng(0)
    rows = [(a, a, 1.0, False) for a in ids]
    rows += [(a, b, float(rng.uniform(0, 0.3)), False) for a in ids for b in rng.choice(ids, 5)
             if a != b]
    rows += [("a7", "a9", 0.95, True), ("a9", "a7", 0.95, True)]
    pairs = pd.DataFrame(rows, columns=["article_id", "other_article_id", "cosine",
                                        "syndicated"])
    fig = plots.similarity_heatmap(pairs, max_articles=30)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 30 and {"a7", "a9"} <= set(labels)
    assert len(ax.texts) == 0  # too many cells for numbers: colours and star markers only
    stars = ax.collections[0].get_offsets()
    assert len(stars) == 2
    assert max(fig.get_size_inches()) < 30
