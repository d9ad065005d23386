"""Charts of how well frame detection agrees with hand coding (chapter 06-validation)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd

from analysis.report.charts import OKABE_ITO, chart_style, chart_text, plain_label

__all__ = ["validation_bars", "method_f1_bars", "learning_curve_lines"]

_style, _plain = chart_style, plain_label


def validation_bars(metrics: pd.DataFrame, *, columns: Sequence[str] = ("precision", "recall",
                    "f1")) -> plt.Figure:
    """Precision, recall and F1 per frame as grouped bars (1 = perfect).

    Args:
        metrics: one row per frame (the *per_frame* table of the validation).
        columns: the scores shown, one bar each.
    """
    table = metrics.set_index("frame")[list(columns)]
    with _style():
        fig, ax = plt.subplots()
        table = table.rename(index=_plain, columns=chart_text)
        table.plot.bar(ax=ax, rot=0, color=OKABE_ITO[: len(columns)])
        ax.set(title="How well the lexicon agrees with hand coding", ylabel="Score (1 = perfect)",
               xlabel="", ylim=(0, 1.05))
        ax.legend(frameon=False)
    return fig


def method_f1_bars(table: pd.DataFrame, *, value: str = "f1",
                   title: str = "Cross-validated F1 per frame and method") -> plt.Figure:
    """One group of bars per frame, one bar per method (lexicon, model, ensemble).

    Args:
        table: one row per method x frame (``CrossValidation.articles`` or ``.sentences``).
        value: the score shown.
        title: the chart's title.
    """
    wide = table.pivot(index="frame", columns="method", values=value)
    wide = wide[[m for m in ("lexicon", "model", "ensemble") if m in wide.columns]]
    with _style():
        fig, ax = plt.subplots()
        wide.rename(index=_plain, columns=chart_text).plot.bar(
            ax=ax, rot=0, color=OKABE_ITO[: wide.shape[1]])
        ax.set(title=title, ylabel=f"{value.upper() if value == 'f1' else value} (1 = perfect)",
               xlabel="", ylim=(0, 1.05))
        ax.legend(frameon=False, title="method", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def learning_curve_lines(curve: pd.DataFrame, *, method: str = "ensemble") -> plt.Figure:
    """F1 against the number of training excerpts, one line per frame.

    Args:
        curve: ``CrossValidation.learning_curve`` (method, frame, train_articles, f1).
        method: which method's curve.
    """
    part = curve[curve["method"] == method]
    with _style():
        fig, ax = plt.subplots()
        for k, (frame, g) in enumerate(part.groupby("frame", sort=True)):
            g = g.sort_values("train_articles")
            ax.plot(g["train_articles"], g["f1"], marker="o", label=_plain(frame),
                    color=OKABE_ITO[k % len(OKABE_ITO)])
        ax.set(title=f"Learning curve ({chart_text(method)}): more coded excerpts, better F1?",
               xlabel="training excerpts per fold", ylabel="F1 (mean over folds)",
               ylim=(0, 1.05))
        ax.legend(frameon=False)
    return fig
