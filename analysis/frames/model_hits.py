"""Hits of the learned scorer, shaped like lexicon hits so that everything downstream agrees.

A sentence whose probability for a frame reaches the model's threshold becomes
a hit with ``cue = "model"``, its ``probability`` and, as ``explanation``, the
terms that raised the probability most. Its span is the first of those terms
found in the sentence (the whole sentence if none is), so voice attribution
treats it like any hit. The lexicon's rules still apply: a sentence where an
exclusion of the frame matches gets no model hit, and a negator before or after
the span (within the lexicon's window) marks the hit ``negated``.

Methods (``framing score --method``):

- ``lexicon``: cue matches only;
- ``model``: model hits only;
- ``ensemble`` (default): cue matches, plus a model hit for each sentence and
  frame the model finds and no cue matched (at the ensemble threshold, chosen on
  the training folds for the two together).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.frames.matching import Matcher
from analysis.frames.model import FrameModel
from analysis.text.tokens import stem, token_spans

__all__ = ["METHODS", "MODEL_CUE", "ModelHits", "load_model"]

#: What ``--method`` accepts.
METHODS = ("lexicon", "model", "ensemble")

#: The ``cue`` of a model hit.
MODEL_CUE = "model"

# A word no text contains, put where the hit's span was to ask the lexicon's
# negation rules about it.
_ANCHOR = "xqzmodelhitxqz"


def load_model(path: str | Path) -> FrameModel:
    """The frame model saved at ``path`` (JSON); InputError naming the file if unusable."""
    path = Path(path)
    try:
        return FrameModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise InputError(f"model {path} does not exist") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a usable frame model ({exc})") from exc


class ModelHits:
    """Model hits for one lexicon, model and method.

    Args:
        model: a fitted :class:`analysis.frames.model.FrameModel`.
        lexicon: the lexicon whose negation and exclusions apply.
        method: ``model`` or ``ensemble``.
    """

    def __init__(self, model: FrameModel, lexicon: Any, method: str) -> None:
        if method not in ("model", "ensemble"):
            raise ValueError(f"model hits are for method 'model' or 'ensemble', not {method!r}")
        self.model = model
        self.method = method
        self.frames = [f for f in model.frames_ if f in lexicon.frames]
        self._columns = [model.frames_.index(f) for f in self.frames]
        key = "ensemble_threshold" if method == "ensemble" else "threshold"
        chosen = getattr(model, key + "_", None) or model.threshold_
        self.thresholds = np.array([chosen[f] for f in self.frames])
        self._negation = Matcher({"model": _cues((_ANCHOR,))}, lexicon.negation)
        self._exclusions = Matcher(
            {f: _cues(lexicon.frames[f].exclusions) for f in self.frames},
            SimpleNamespace(window=0, before=(), after=(), ignore=()))

    def probabilities(self, sentences: list[str], articles: list[Any] | None = None
                      ) -> np.ndarray:
        """Sentences x :attr:`frames` probabilities.

        ``sentences``: one text's in reading order, or several texts' one after the
        other with ``articles`` naming the text of each (a model with context
        features reads a sentence's neighbours within its text only).
        """
        if not sentences or not self.frames:
            return np.zeros((len(sentences), len(self.frames)))
        return self.model.predict_proba(sentences, articles).to_numpy()[:, self._columns]

    def hits(self, text: str, spans: list[tuple[int, int]], proba: np.ndarray,
             cue_hits: set[tuple[int, str]]) -> list[tuple]:
        """``(sentence_id, frame, cue, start, end, negated, probability, explanation)``.

        ``cue_hits``: (sentence_id, frame) pairs the lexicon matched; in the
        ensemble these sentences get no model hit for that frame.
        """
        out = []
        for sid, col in zip(*np.nonzero(proba >= self.thresholds), strict=True):
            frame = self.frames[col]
            if self.method == "ensemble" and (sid, frame) in cue_hits:
                continue
            s, e = spans[sid]
            sentence = text[s:e]
            if any(m.frame == frame for m in self._exclusions.find(sentence)):
                continue
            terms = self.model.explain(sentence, frame, k=3)
            a, b = _span_of(sentence, terms[0] if terms else "")
            negated = self._negated(sentence, a, b)
            out.append((int(sid), frame, MODEL_CUE, s + a, s + b, negated,
                        round(float(proba[sid, col]), 4), "; ".join(terms)))
        return out

    def _negated(self, sentence: str, a: int, b: int) -> bool:
        probe = f"{sentence[:a]} {_ANCHOR} {sentence[b:]}"
        return any(m.negated for m in self._negation.find(probe))


def _cues(phrases: tuple[str, ...]) -> SimpleNamespace:
    return SimpleNamespace(cues=tuple(phrases), exclusions=())


def _span_of(sentence: str, term: str) -> tuple[int, int]:
    """Character span of the stemmed n-gram ``term`` in ``sentence`` (whole sentence if absent).

    >>> _span_of("Russia depends on China.", "depend on")
    (7, 17)
    """
    words = term.split()
    tokens = token_spans(sentence)
    stems = [stem(t) for t in tokens.norms]
    for i in range(len(stems) - len(words) + 1):
        if words and stems[i:i + len(words)] == words:
            return tokens.starts[i], tokens.ends[i + len(words) - 1]
    return 0, len(sentence)
