"""The ensemble counts a cue hit only where the model confirms its sentence."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import DEFAULT_MODEL
from analysis.frames.crossval import CONFIRM_THRESHOLD
from analysis.frames.lexicon import parse_lexicon
from analysis.frames.model import FrameModel
from analysis.frames.model_hits import load_model
from analysis.frames.scoring import score_corpus

SENTENCES = ["Russia has become dependent on China.", "Trade between Russia and China rose.",
             "Moscow depends on Beijing.", "Russia shipped grain to China.",
             "Russia's dependence on China grows.", "Russia and China opened a bridge."] * 4
# "vassal" is a cue the toy model never saw; "shipped" is a general word it scores low.
LEXICON = parse_lexicon({"version": 1, "language": "en",
                         "frames": {"asymmetric": {"cues": ["vassal", "shipped"]}}})
CONFIRMED = "Russia, dependent on China, is a vassal."
UNCONFIRMED = "Russia shipped grain to China."


@pytest.fixture
def model() -> FrameModel:
    labels = pd.DataFrame({"asymmetric": [1, 0, 1, 0, 1, 0] * 4})
    fitted = FrameModel(min_df=1, threshold_folds=3).fit(SENTENCES, labels)
    fitted.ensemble_threshold_ = {"asymmetric": 1.0}  # no model-only hits: cues alone
    return fitted


def _cues(model, text, method="ensemble"):
    arts = pd.DataFrame({"article_id": ["a"], "outlet": ["x.com"], "origin": [""],
                         "story_id": ["a"], "text": [text], "language": ["en"]})
    corpus = type("C", (), {"articles": arts, "checksum": ""})()
    return score_corpus(corpus, LEXICON, method=method, model=model, n_boot=5).hits["cue"].tolist()


def _between(model) -> float:
    """A confirmation threshold between the two sentences' probabilities."""
    low, high = model.predict_proba([UNCONFIRMED, CONFIRMED])["asymmetric"]
    assert low < high
    return (low + high) / 2


def test_a_cue_hit_the_model_does_not_confirm_is_dropped_by_the_ensemble(model):
    model.confirm_threshold_ = {"asymmetric": _between(model)}
    assert _cues(model, UNCONFIRMED) == []
    assert _cues(model, CONFIRMED) == ["vassal"]


def test_the_lexicon_method_and_a_zero_threshold_keep_every_cue_hit(model):
    model.confirm_threshold_ = {"asymmetric": _between(model)}
    assert _cues(model, UNCONFIRMED, method="lexicon") == ["shipped"]
    model.confirm_threshold_ = {"asymmetric": 0.0}
    assert _cues(model, UNCONFIRMED) == ["shipped"]


def test_the_confirmation_is_saved_with_the_model_and_old_files_mean_none(model):
    model.confirm_threshold_ = {"asymmetric": 0.3}
    data = json.loads(model.to_json())
    assert data["confirm_threshold"] == {"asymmetric": 0.3}
    assert FrameModel.from_dict(data).confirmation() == {"asymmetric": 0.3}
    del data["confirm_threshold"]
    assert FrameModel.from_dict(data).confirmation() == {"asymmetric": 0.0}


def test_the_shipped_model_confirms_cue_hits_as_documented():
    shipped = load_model(DEFAULT_MODEL)
    assert shipped.confirmation() == CONFIRM_THRESHOLD
    assert any(c > 0 for c in shipped.confirmation().values())
