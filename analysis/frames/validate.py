"""How well the frame lexicon agrees with hand-coded sentences.

The gold standard (``data/gold/``) holds sentences coded 0/1 per frame by human
coders, one CSV per coder (``coder_a.csv``, ``coder_b.csv``, …) and optionally an
adjudicated ``gold.csv``. The lexicon is run on each gold sentence with
:meth:`Lexicon.find`; a sentence is predicted 1 for a frame when at least one
*non-negated* cue of that frame matches. Against the reference coding this gives,
per frame, precision, recall and F1, the misclassified sentences, and the
precision of every cue that fired.

Reference rule: ``gold.csv`` when present, else the first coder file in name
order. With two or more coder files, Krippendorff's alpha (nominal) per frame
measures how far the coders agree with each other.

>>> gold = pd.DataFrame({"coder": "coder_a", "article_id": "a",
...                      "sentence": ["Ties have no limits.", "Trade grew."],
...                      "no_limits": [1, 0]})
>>> frame_columns(gold)
['no_limits']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from analysis.errors import InputError
from analysis.schema import TABLES, conform

__all__ = [
    "META_COLUMNS",
    "Validation",
    "load_gold",
    "frame_columns",
    "reference_coder",
    "predict_frames",
    "validate_lexicon",
    "krippendorff_alpha",
]

#: Columns of a gold file that are not frames; every other column is a 0/1 frame column.
META_COLUMNS: tuple[str, ...] = ("article_id", "sentence_id", "sentence", "note")
_REQUIRED = ("article_id", "sentence")
# Added by load_gold: who coded the row, and where it came from (for messages).
_ADDED = ("coder", "source", "line")
_ADJUDICATED = "gold"


@dataclass
class Validation:
    """Result of :func:`validate_lexicon`: tidy tables plus what was compared."""

    per_frame: pd.DataFrame
    errors: pd.DataFrame
    per_cue: pd.DataFrame
    alpha: pd.DataFrame | None
    reference: str
    coders: tuple[str, ...]
    n_sentences: int

    def to_text(self) -> str:
        """Plain-text report for the command line."""
        parts = [
            f"Lexicon against {self.n_sentences} hand-coded sentences "
            f"(reference: {self.reference}; coders: {', '.join(self.coders)})",
            "",
            _table_text(self.per_frame),
            "",
            _errors_text(self.errors),
            "Per-cue precision (gold sentences the cue fires in):",
            _table_text(self.per_cue.sort_values(["frame", "precision", "cue"])),
            "",
            _alpha_text(self.alpha, self.coders),
        ]
        return "\n".join(parts)


# ---------------------------------------------------------------- gold files


def load_gold(path: str | Path) -> pd.DataFrame:
    """Read hand coding from a folder of ``coder_*.csv`` (+ ``gold.csv``) or one CSV.

    Returns one row per coder x sentence with the columns of the files plus
    ``coder`` (file stem), ``source`` and ``line``. Frame columns are ints 0/1.

    Raises:
        InputError: naming the file (and line) for a missing file or folder, missing
            columns, an empty sentence, a duplicate sentence, or a frame value that is
            not 0 or 1; or when coder files disagree on their frame columns.
    """
    files = _gold_files(Path(path))
    frames = [_read_gold_file(f) for f in files]
    columns = {f.name: frame_columns(df) for f, df in zip(files, frames, strict=True)}
    if len({tuple(c) for c in columns.values()}) > 1:
        raise InputError(f"gold files code different frames: {columns}")
    return pd.concat(frames, ignore_index=True)


def _gold_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: gold coding not found (a folder or a CSV file)")
    files = sorted(path.glob("coder_*.csv"))
    if (path / f"{_ADJUDICATED}.csv").is_file():
        files.append(path / f"{_ADJUDICATED}.csv")
    if not files:
        raise InputError(f"{path}: no coder_*.csv or {_ADJUDICATED}.csv in the gold folder")
    return files


def _read_gold_file(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from exc
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    frames = frame_columns(df)
    if not frames:
        raise InputError(f"{path}: no frame columns (0/1 columns besides {META_COLUMNS})")
    lines = pd.Series(range(2, len(df) + 2), index=df.index)  # line 1 is the header
    _check_sentences(df, path, lines)
    for frame in frames:
        df[frame] = _binary_column(df[frame], path, frame, lines)
    return df.assign(coder=path.stem, source=str(path), line=lines)


def _check_sentences(df: pd.DataFrame, path: Path, lines: pd.Series) -> None:
    empty = df["sentence"].str.strip() == ""
    if empty.any():
        raise InputError(f"{path}, line {lines[empty].iloc[0]}: empty sentence")
    dup = df.duplicated(["article_id", "sentence"], keep="first")
    if dup.any():
        first = dup.idxmax()
        raise InputError(
            f"{path}, line {lines[first]}: sentence coded twice for article "
            f"{df.at[first, 'article_id']!r}: {df.at[first, 'sentence'][:60]!r}"
        )


def _binary_column(values: pd.Series, path: Path, frame: str, lines: pd.Series) -> pd.Series:
    clean = values.str.strip()
    bad = ~clean.isin(["0", "1"])
    if bad.any():
        first = bad.idxmax()
        raise InputError(
            f"{path}, line {lines[first]}: frame {frame!r} must be 0 or 1, got {values[first]!r}"
        )
    return clean.astype(int)


def frame_columns(gold: pd.DataFrame) -> list[str]:
    """The frame columns of a gold table: every column that is not metadata."""
    skip = set(META_COLUMNS) | set(_ADDED)
    return [c for c in gold.columns if c not in skip]


def reference_coder(gold: pd.DataFrame) -> str:
    """The coding the lexicon is judged against: ``gold`` if present, else the first coder.

    >>> reference_coder(pd.DataFrame({"coder": ["coder_b", "coder_a"]}))
    'coder_a'
    >>> reference_coder(pd.DataFrame({"coder": ["coder_a", "gold"]}))
    'gold'
    """
    coders = sorted(set(gold["coder"]))
    return _ADJUDICATED if _ADJUDICATED in coders else coders[0]


# ---------------------------------------------------------------- lexicon vs gold


def predict_frames(find: Callable[[str], Iterable], sentences: Iterable[str]) -> list[dict]:
    """Supporting (non-negated) cues per frame for each sentence.

    ``find`` is :meth:`Lexicon.find`: text -> matches with ``.frame``, ``.cue``
    and ``.negated``.

    >>> from types import SimpleNamespace as M
    >>> fake = lambda s: [M(frame="f", cue="no limits", negated=s.startswith("Not"))]
    >>> predict_frames(fake, ["No limits.", "Not no limits."])
    [{'f': ['no limits']}, {}]
    """
    out = []
    for sentence in sentences:
        cues: dict[str, list[str]] = {}
        for m in find(sentence):
            if not getattr(m, "negated", False) and m.cue not in cues.get(m.frame, []):
                cues.setdefault(m.frame, []).append(m.cue)
        out.append(cues)
    return out


def validate_lexicon(lexicon, gold: pd.DataFrame) -> Validation:
    """Precision, recall, F1, errors and per-cue precision of ``lexicon`` on ``gold``.

    ``gold`` is what :func:`load_gold` returns; the reference coding is chosen by
    :func:`reference_coder`. Frames are the gold file's frame columns; lexicon frames
    nobody coded are left out (they cannot be judged).
    """
    ref = reference_coder(gold)
    rows = gold[gold["coder"] == ref].reset_index(drop=True)
    frames = frame_columns(gold)
    cues = predict_frames(lexicon.find, rows["sentence"])
    predicted = {f: np.array([int(f in c) for c in cues]) for f in frames}
    per_frame = pd.DataFrame([_frame_scores(f, rows[f].to_numpy(), predicted[f]) for f in frames])
    coders = tuple(sorted(c for c in set(gold["coder"]) if c != _ADJUDICATED))
    return Validation(
        per_frame=conform(per_frame, "validation_frames"),
        errors=_errors(rows, frames, cues, predicted),
        per_cue=_per_cue(rows, frames, cues),
        alpha=krippendorff_alpha(gold) if len(coders) > 1 else None,
        reference=ref,
        coders=coders,
        n_sentences=len(rows),
    )


def _frame_scores(frame: str, truth: np.ndarray, pred: np.ndarray) -> dict:
    (_, fp), (fn, tp) = confusion_matrix(truth, pred, labels=[0, 1])
    p, r, f1, _ = precision_recall_fscore_support(
        truth, pred, average="binary", pos_label=1, zero_division=np.nan
    )
    return {
        "frame": frame,
        "tp": int(tp),
        "fp": int(fp),
        "fn": int(fn),
        "precision": p,
        "recall": r,
        "f1": f1,
        "support": int(tp + fn),
    }


def _errors(
    rows: pd.DataFrame, frames: list[str], cues: list[dict], predicted: dict[str, np.ndarray]
) -> pd.DataFrame:
    records = []
    for frame in frames:
        truth = rows[frame].to_numpy()
        for i in np.flatnonzero(truth != predicted[frame]):
            records.append(
                {
                    "frame": frame,
                    "kind": "false_positive" if predicted[frame][i] else "false_negative",
                    "article_id": rows.at[i, "article_id"],
                    "sentence": rows.at[i, "sentence"],
                    "cues": "; ".join(cues[i].get(frame, [])),
                }
            )
    return conform(
        pd.DataFrame(records, columns=_columns("validation_errors")), "validation_errors"
    )


def _per_cue(rows: pd.DataFrame, frames: list[str], cues: list[dict]) -> pd.DataFrame:
    records = [
        {"frame": frame, "cue": cue, "hit": 1, "tp": int(rows.at[i, frame])}
        for i, found in enumerate(cues)
        for frame, frame_cues in found.items()
        if frame in frames
        for cue in frame_cues
    ]
    df = pd.DataFrame(records, columns=["frame", "cue", "hit", "tp"])
    df = df.groupby(["frame", "cue"], as_index=False).agg(
        hits=("hit", "sum"), true_positives=("tp", "sum")
    )
    df["precision"] = df["true_positives"] / df["hits"]
    return conform(df.sort_values(["frame", "cue"], ignore_index=True), "validation_cues")


def _columns(table: str) -> list[str]:
    return list(TABLES[table].columns)


# ---------------------------------------------------------------- agreement


def krippendorff_alpha(gold: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per frame between the coder files of ``gold``.

    Sentences are matched by ``article_id`` + ``sentence``; a sentence one coder did
    not code counts as missing. The adjudicated ``gold`` coding is not a coder.
    Alpha is NaN when all coders used one value throughout (it is undefined then).

    >>> g = pd.DataFrame({"coder": ["coder_a"] * 3 + ["coder_b"] * 3,
    ...                   "article_id": "x", "sentence": ["s1", "s2", "s3"] * 2,
    ...                   "f": [1, 0, 1, 1, 0, 1]})
    >>> krippendorff_alpha(g).values.tolist()
    [['f', 1.0, 3]]
    """
    coded = gold[gold["coder"] != _ADJUDICATED]
    records = []
    for frame in frame_columns(gold):
        table = coded.pivot(index="coder", columns=["article_id", "sentence"], values=frame)
        table = table.loc[:, table.notna().sum() >= 2].astype(float)
        records.append(
            {"frame": frame, "alpha": _alpha(table.to_numpy()), "n_sentences": int(table.shape[1])}
        )
    df = pd.DataFrame(records, columns=_columns("validation_alpha"))
    return conform(df, "validation_alpha")


def _alpha(data: np.ndarray) -> float:
    if data.size == 0 or len(np.unique(data[~np.isnan(data)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


# ---------------------------------------------------------------- text and CLI


def _table_text(df: pd.DataFrame) -> str:
    if df.empty:
        return "  (none)"
    return df.to_string(index=False, float_format=lambda x: f"{x:.2f}", na_rep="-")


def _errors_text(errors: pd.DataFrame) -> str:
    lines = [f"Misclassified sentences ({len(errors)}):"]
    for row in errors.itertuples(index=False):
        kind = row.kind.replace("_", " ")
        cues = f" (cues: {row.cues})" if row.cues else ""
        lines.append(f"  [{row.frame}] {kind} - {row.article_id}{cues}")
        lines.append(f"      {row.sentence}")
    return "\n".join(lines + [""])


def _alpha_text(alpha: pd.DataFrame | None, coders: tuple[str, ...]) -> str:
    if alpha is None:
        return (
            f"Krippendorff's alpha: needs two coder files, found {len(coders)} "
            f"({', '.join(coders)}); add coder_b.csv to measure agreement."
        )
    return "Krippendorff's alpha (nominal) between coders:\n" + _table_text(alpha)


