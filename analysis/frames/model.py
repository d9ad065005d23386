"""The learned frame scorer: one sentence-level classifier per frame, shipped as plain data.

Each frame has a scikit-learn logistic regression (class-weighted) over TF-IDF
of word unigrams and bigrams. Words are the package's normalised tokens
(:func:`analysis.text.tokens.tokenize`) reduced to their Snowball stems, so
"depends", "dependent" and "dependence" are one feature and "stabilizing
factors" is "stabilizing factor". A sentence counts for a frame when its
probability reaches the frame's threshold, chosen on out-of-fold predictions of
the training data (the highest F1 whose precision is at least
:data:`MIN_PRECISION`, else the highest F1).

By default a sentence is read alone. ``context=w`` adds the words of the
sentences either side within its article (:func:`with_context`), weighted ``w``;
leaving one gathering batch out it raised macro F1 by 0.012 at best (w = 0.5),
too little to make it the default (bench/README.md).

The ensemble's confirmation thresholds (``confirm_threshold_``, see
:mod:`analysis.frames.crossval`) travel with the model: in the ensemble a cue
hit of a frame counts only where the sentence's probability reaches the frame's
confirmation threshold (0 = cue hits count alone).

The fitted model is saved as JSON (:meth:`FrameModel.to_dict`): vocabulary,
idf, coefficients, intercepts, thresholds and the checksum of the training
data — no pickle, so a model file can be read, diffed and trusted.
``framing train`` rebuilds ``data/models/frames.json`` byte for byte.

>>> sents = ["A partnership with no limits.", "Trade rose.", "Ties without limits.",
...          "Oil exports grew.", "No limits to the friendship.", "Ships docked."] * 3
>>> y = pd.DataFrame({"no_limits": [1, 0, 1, 0, 1, 0] * 3})
>>> m = FrameModel(min_df=1, threshold_folds=3).fit(sents, y)
>>> m.predict(["A friendship without limits.", "Exports rose."])["no_limits"].tolist()
[True, False]
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold

from analysis.text.tokens import stemmed_words

__all__ = ["CHAR_MARK", "CONTEXT_MARK", "FORMAT", "MIN_PRECISION", "FrameModel", "analyze",
           "choose_threshold", "with_context"]

#: Identifies the JSON layout of a saved model.
FORMAT = "framing-frame-model/1"

#: Thresholds are chosen for the best F1 among those with at least this precision.
#: 0.80, not 0.85: on left-out gathering batches (``framing validate --folds batch``,
#: batches 1-7) the model alone is less sure than on its training folds, so the 0.85
#: floor's thresholds cost recall there (asymmetric 0.50). At 0.80 its pooled macro
#: F1 rose from 0.74 to 0.77 (every batch's from 0.65-0.80 to 0.72-0.79), each
#: frame's precision 0.85 or more, the ensemble unchanged; 0.75 and no floor gained
#: no more F1 and lost precision (bench/README.md).
MIN_PRECISION = 0.80

_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.025), 3)


#: Marks a character n-gram feature (no word feature starts with it).
CHAR_MARK = "#"


def analyze(sentence: str, *, char_ngrams: tuple[int, int] | None = None) -> list[str]:
    """Stemmed word unigrams and bigrams of ``sentence`` (numbers and punctuation dropped).

    Stop words are kept: "no", "not", "without" and "on" carry the frames. With
    ``char_ngrams=(lo, hi)`` the character ``lo``- to ``hi``-grams of each stem,
    padded with a space either side (like scikit-learn's ``char_wb``), follow,
    marked with :data:`CHAR_MARK`.

    >>> analyze("Russia depends on China")
    ['russia', 'depend', 'on', 'china', 'russia depend', 'depend on', 'on china']
    >>> analyze("on", char_ngrams=(3, 4))
    ['on', '# on', '# on ', '#on ']
    """
    words = stemmed_words(sentence)
    features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    if char_ngrams:
        lo, hi = char_ngrams
        for word in words:
            padded = f" {word} "
            features += [CHAR_MARK + padded[i:i + n] for i in range(len(padded))
                         for n in range(lo, hi + 1) if i + n <= len(padded)]
    return features


#: Marks a word feature of a neighbouring sentence (no word feature contains a colon).
CONTEXT_MARK = "ctx:"


def with_context(docs: Sequence[list[str]], articles: Sequence[Any] | None = None
                 ) -> list[list[str]]:
    """Each sentence's features, then the word features of the sentences either side.

    ``docs`` are :func:`analyze` outputs of sentences in reading order; ``articles``
    names the article (text) of each sentence (None: all one text). A neighbour
    counts only when it is next in the list and of the same article, so context
    never crosses from one article into the next. Neighbours' features are marked with
    :data:`CONTEXT_MARK` (character n-grams are left out).

    >>> with_context([["a"], ["b"], ["c"]], ["x", "x", "y"])
    [['a', 'ctx:b'], ['b', 'ctx:a'], ['c']]
    """
    texts = [0] * len(docs) if articles is None else list(articles)
    if len(texts) != len(docs):
        raise ValueError(f"{len(docs)} sentences but {len(texts)} article ids")
    words = [[CONTEXT_MARK + f for f in doc if not f.startswith(CHAR_MARK)] for doc in docs]
    out = []
    for i, doc in enumerate(docs):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(docs) and texts[j] == texts[i]]
        out.append(doc + [f for j in near for f in words[j]])
    return out


def choose_threshold(y: np.ndarray, p: np.ndarray, *, min_precision: float = MIN_PRECISION
                     ) -> float:
    """The probability cut-off with the best F1 among those reaching ``min_precision``.

    Of thresholds with equal F1 the highest is taken.

    >>> choose_threshold(np.array([1, 1, 0, 0]), np.array([0.9, 0.6, 0.55, 0.1]))
    0.6
    """
    best: tuple[bool, float, float] = (False, -1.0, 0.5)
    for t in _THRESHOLDS:
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        precision = tp / pred.sum() if pred.sum() else 0.0
        recall = tp / (y == 1).sum() if (y == 1).sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        key = (precision >= min_precision, f1, float(t))
        if key[:2] >= best[:2]:  # on a tie the higher threshold: fewer false hits unseen
            best = key
    return best[2]


class FrameModel:
    """Sentence classifiers for every frame (scikit-learn conventions: ``fit`` returns self).

    Args:
        C: inverse regularisation strength of each logistic regression.
        min_df: a term must occur in at least this many training sentences.
        threshold_folds: folds of the out-of-fold predictions thresholds are chosen on.
        min_precision: see :func:`choose_threshold`.
        char_ngrams: ``(lo, hi)`` adds character n-grams of the stems (:func:`analyze`).
        sublinear_tf: 1 + log of a term's count rather than the count.
        context: weight of the word features of the sentences either side
            (:func:`with_context`; their idf is scaled by it); 0: the sentence alone.
            With context, give :meth:`fit` and :meth:`predict_proba` whole articles'
            sentences in reading order and say which article each is from.
    """

    def __init__(self, *, C: float = 4.0, min_df: int = 2, threshold_folds: int = 5,
                 min_precision: float = MIN_PRECISION,
                 char_ngrams: tuple[int, int] | None = None,
                 sublinear_tf: bool = True, context: float = 0.0) -> None:
        self.C = C
        self.min_df = min_df
        self.threshold_folds = threshold_folds
        self.min_precision = min_precision
        self.char_ngrams = tuple(char_ngrams) if char_ngrams else None
        self.sublinear_tf = sublinear_tf
        self.context = context

    # ------------------------------------------------------------------ fitting

    def _analyze(self, sentence: str) -> list[str]:
        return analyze(sentence, char_ngrams=self.char_ngrams)

    def _documents(self, sentences: Sequence[str], articles: Sequence[Any] | None
                   ) -> list[list[str]]:
        """The features of each sentence, its neighbours' too when :attr:`context` is set."""
        docs = [self._analyze(str(s)) for s in sentences]
        return with_context(docs, articles) if self.context else docs

    def _idf_scale(self, vocabulary: Sequence[str]) -> np.ndarray:
        """Per term, what its idf is multiplied by: :attr:`context` for a neighbour's term."""
        return np.array([self.context if t.startswith(CONTEXT_MARK) else 1.0
                         for t in vocabulary])

    def _fit_transform(self, docs: list[list[str]]) -> tuple[TfidfVectorizer, Any]:
        """A vectorizer fitted on ``docs`` and their matrix (neighbours' terms weighted)."""
        vec = self._vectorizer(analyzed=True)
        x = vec.fit_transform(docs)
        if self.context and self.context != 1.0:
            vec.idf_ = vec.idf_ * self._idf_scale(vec.get_feature_names_out())
            x = vec.transform(docs)
        return vec, x

    def _vectorizer(self, vocabulary: Sequence[str] | None = None, *,
                    analyzed: bool = False) -> TfidfVectorizer:
        """TF-IDF of :func:`analyze`; ``analyzed``: the documents are already its output."""
        return TfidfVectorizer(analyzer=_as_given if analyzed else self._analyze,
                               sublinear_tf=self.sublinear_tf, vocabulary=vocabulary,
                               min_df=1 if vocabulary is not None else self.min_df,
                               dtype=np.float64)

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)

    def fit(self, sentences: Sequence[str], labels: pd.DataFrame,
            groups: Sequence[Any] | None = None, articles: Sequence[Any] | None = None
            ) -> FrameModel:
        """Fit one classifier per column of ``labels`` (0/1, one row per sentence).

        ``groups`` (e.g. the article or story of each sentence) keeps a group's
        sentences on one side of the threshold folds. ``articles``: the article of
        each sentence, for :attr:`context` (None: the sentences are one text).
        """
        sentences = [str(s) for s in sentences]
        docs = self._documents(sentences, articles)  # analysed once, not once per fold
        self.frames_ = list(labels.columns)
        vec, x = self._fit_transform(docs)
        self.vocabulary_ = vec.get_feature_names_out().tolist()
        self.idf_ = (vec.idf_ / self._idf_scale(self.vocabulary_) if self.context
                     else vec.idf_).tolist()
        self.coef_, self.intercept_, self.threshold_, self.oof_ = {}, {}, {}, {}
        folds: dict[tuple, tuple] = {}  # grouped folds do not depend on the frame: reused
        for frame in self.frames_:
            y = labels[frame].to_numpy(dtype=int)
            clf = self._classifier().fit(x, y)
            self.coef_[frame] = clf.coef_[0].tolist()
            self.intercept_[frame] = float(clf.intercept_[0])
            self.oof_[frame] = oof = self._out_of_fold(docs, y, groups, folds)
            self.threshold_[frame] = choose_threshold(y, oof, min_precision=self.min_precision)
        self.training_ = {"sentences": len(sentences), "sha256": _checksum(sentences, labels)}
        return self

    def _out_of_fold(self, docs: list[list[str]], y: np.ndarray,
                     groups: Sequence[Any] | None, folds: dict[tuple, tuple]) -> np.ndarray:
        """Probabilities of every training sentence from models that did not see it."""
        oof = np.zeros(len(docs))
        k = self.threshold_folds
        splits = (GroupKFold(k).split(docs, y, groups) if groups is not None
                  else StratifiedKFold(k, shuffle=True, random_state=0).split(docs, y))
        for train, test in splits:
            if y[train].min() == y[train].max():  # one class only: nothing to learn
                continue
            key = (train.tobytes(), test.tobytes())
            if key not in folds:
                vec, x_train = self._fit_transform([docs[i] for i in train])
                folds[key] = (x_train, vec.transform([docs[i] for i in test]))
            x_train, x_test = folds[key]
            clf = self._classifier().fit(x_train, y[train])
            oof[test] = clf.predict_proba(x_test)[:, 1]
        return oof

    # ---------------------------------------------------------------- predicting

    def _weights(self) -> tuple[TfidfVectorizer, np.ndarray, np.ndarray]:
        if not hasattr(self, "_cache"):
            vec = self._vectorizer(self.vocabulary_, analyzed=True)
            vec.fit([[]])  # sets up the fixed vocabulary
            vec.idf_ = np.asarray(self.idf_) * (self._idf_scale(self.vocabulary_)
                                                if self.context else 1.0)
            w = np.column_stack([self.coef_[f] for f in self.frames_])
            b = np.asarray([self.intercept_[f] for f in self.frames_])
            self._cache = (vec, w, b)
        return self._cache

    def predict_proba(self, sentences: Sequence[str], articles: Sequence[Any] | None = None
                      ) -> pd.DataFrame:
        """Probability of each frame for each sentence (rows: sentences, columns: frames).

        With :attr:`context`, ``sentences`` are whole articles' in reading order and
        ``articles`` names the article of each (None: one text), as in :meth:`fit`.
        """
        vec, w, b = self._weights()
        if not len(sentences):
            return pd.DataFrame(columns=self.frames_, dtype=float)
        z = np.asarray(vec.transform(self._documents(sentences, articles)) @ w) + b
        return pd.DataFrame(1.0 / (1.0 + np.exp(-z)), columns=self.frames_)

    def predict(self, sentences: Sequence[str], articles: Sequence[Any] | None = None
                ) -> pd.DataFrame:
        """True where a sentence's probability reaches the frame's threshold."""
        proba = self.predict_proba(sentences, articles)
        return proba >= pd.Series(self.threshold_)[self.frames_]

    def confirmation(self) -> dict[str, float]:
        """The probability a cue hit's sentence needs in the ensemble, per frame (0: none).

        >>> m = FrameModel(); m.frames_ = ["f", "g"]; m.confirm_threshold_ = {"g": 0.3}
        >>> m.confirmation()
        {'f': 0.0, 'g': 0.3}
        """
        chosen = getattr(self, "confirm_threshold_", None) or {}
        return {f: float(chosen.get(f, 0.0)) for f in self.frames_}

    def explain(self, sentence: str, frame: str, *, k: int = 3) -> list[str]:
        """The ``k`` terms of ``sentence`` that raise the frame's probability most.

        >>> sents = ["no limits at all", "trade rose", "no limits", "oil"] * 3
        >>> m = FrameModel(min_df=1, threshold_folds=2).fit(
        ...     sents, pd.DataFrame({"f": [1, 0, 1, 0] * 3}))
        >>> m.explain("A partnership with no limits", "f", k=1)
        ['limit']
        """
        vec, w, _ = self._weights()
        row = vec.transform([self._analyze(sentence)]).tocoo()
        contrib = row.data * w[row.col, self.frames_.index(frame)]
        words = [not self.vocabulary_[c].startswith(CHAR_MARK) for c in row.col]
        order = [i for i in np.argsort(-contrib, kind="stable") if words[i]][:k]
        return [self.vocabulary_[row.col[i]] for i in order if contrib[i] > 0]

    # ---------------------------------------------------------------- plain data

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to predict, as JSON-ready plain data."""
        return {
            "format": FORMAT,
            "frames": self.frames_,
            "parameters": {"C": self.C, "min_df": self.min_df,
                           "threshold_folds": self.threshold_folds,
                           "min_precision": self.min_precision, **self._feature_options(),
                           "features": self.features()},
            "threshold": self.threshold_,
            "ensemble_threshold": getattr(self, "ensemble_threshold_", None) or self.threshold_,
            "confirm_threshold": self.confirmation(),
            "intercept": self.intercept_,
            "training": self.training_,
            "scikit_learn": sklearn.__version__,
            "vocabulary": self.vocabulary_,
            "idf": [round(v, 10) for v in self.idf_],
            "coef": {f: [round(v, 10) for v in self.coef_[f]] for f in self.frames_},
        }

    def _feature_options(self) -> dict[str, Any]:
        """Feature parameters that differ from the defaults (older files have none)."""
        out: dict[str, Any] = {}
        if self.char_ngrams:
            out["char_ngrams"] = list(self.char_ngrams)
        if not self.sublinear_tf:
            out["sublinear_tf"] = False
        if self.context:
            out["context"] = self.context
        return out

    def features(self) -> str:
        """What the classifiers read, in words.

        >>> FrameModel(char_ngrams=(3, 5)).features()
        'tf-idf (sublinear) of Snowball-stemmed word 1-2 grams and character 3-5 grams of the stems'
        >>> FrameModel(context=0.5).features()[48:]
        'grams, and those of the sentences either side (weight 0.5)'
        """
        tf = "tf-idf (sublinear)" if self.sublinear_tf else "tf-idf"
        chars = (f" and character {self.char_ngrams[0]}-{self.char_ngrams[1]} grams of the stems"
                 if self.char_ngrams else "")
        near = (f", and those of the sentences either side (weight {self.context:g})"
                if self.context else "")
        return f"{tf} of Snowball-stemmed word 1-2 grams{chars}{near}"

    def to_json(self) -> str:
        """:meth:`to_dict` as a stable JSON text (same model, same bytes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FrameModel:
        """A model rebuilt from :meth:`to_dict`; ValueError if the layout is not ours."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a frame model (format {data.get('format')!r}, "
                             f"expected {FORMAT!r})")
        params = {k: v for k, v in data["parameters"].items() if k != "features"}
        model = cls(**params)
        model.frames_ = list(data["frames"])
        model.vocabulary_ = list(data["vocabulary"])
        model.idf_ = list(data["idf"])
        model.coef_ = {f: list(data["coef"][f]) for f in model.frames_}
        model.intercept_ = {f: float(data["intercept"][f]) for f in model.frames_}
        model.threshold_ = {f: float(data["threshold"][f]) for f in model.frames_}
        ensemble = data.get("ensemble_threshold") or data["threshold"]
        model.ensemble_threshold_ = {f: float(ensemble[f]) for f in model.frames_}
        confirm = data.get("confirm_threshold") or {}
        model.confirm_threshold_ = {f: float(confirm.get(f, 0.0)) for f in model.frames_}
        model.training_ = dict(data["training"])
        n = len(model.vocabulary_)
        if len(model.idf_) != n or any(len(c) != n for c in model.coef_.values()):
            raise ValueError("vocabulary, idf and coefficients differ in length")
        return model


def _as_given(doc: list[str]) -> list[str]:
    """The analyzer of documents that are already lists of features."""
    return doc


def _checksum(sentences: Sequence[str], labels: pd.DataFrame) -> str:
    h = hashlib.sha256()
    for s, row in zip(sentences, labels.itertuples(index=False), strict=True):
        h.update(s.encode("utf-8") + b"\0" + ",".join(map(str, row)).encode() + b"\n")
    return h.hexdigest()

