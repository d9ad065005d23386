"""The learned scorer: fits, predicts, explains, and survives a round trip through JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import DEFAULT_MODEL
from analysis.frames.model import FrameModel, analyze, choose_threshold

SENTENCES = ["Russia has become dependent on China for its oil revenue.",
             "Trade between Russia and China rose in the first quarter.",
             "Moscow depends on Beijing as an economic lifeline.",
             "Russian and Chinese ministers discussed grain deliveries.",
             "Russia's dependence on China keeps growing.",
             "A new bridge opened on the Russia-China border."] * 4
LABELS = pd.DataFrame({"asymmetric": [1, 0, 1, 0, 1, 0] * 4})


@pytest.fixture(scope="module")
def model() -> FrameModel:
    return FrameModel(min_df=1, threshold_folds=3).fit(SENTENCES, LABELS)


def test_inflections_are_one_feature():
    assert analyze("depends")[0] == analyze("dependence")[0] == analyze("dependent")[0]


def test_it_generalises_across_inflections(model):
    pred = model.predict(["Russia is increasingly dependent on China.", "Grain prices fell."])
    assert pred["asymmetric"].tolist() == [True, False]


def test_explanations_name_terms_of_the_sentence(model):
    terms = model.explain("Russia depends on China.", "asymmetric", k=2)
    assert terms and all(set(t.split()) <= set(analyze("Russia depends on China.")) for t in terms)


def test_json_round_trip_predicts_the_same_and_writes_the_same_bytes(model):
    text = model.to_json()
    again = FrameModel.from_dict(json.loads(text))
    probe = ["Moscow relies on Beijing.", "The weather was fine."]
    pd.testing.assert_frame_equal(model.predict_proba(probe), again.predict_proba(probe),
                                  atol=1e-8)
    assert again.to_json() == text
    assert "pickle" not in text and json.loads(text)["format"] == "framing-frame-model/1"


def test_a_model_with_character_ngrams_reads_them_back_from_json():
    chars = FrameModel(min_df=1, threshold_folds=3, char_ngrams=(3, 5)).fit(SENTENCES, LABELS)
    data = json.loads(chars.to_json())
    assert data["parameters"]["char_ngrams"] == [3, 5]
    assert "character 3-5 grams" in data["parameters"]["features"]
    again = FrameModel.from_dict(data)
    probe = ["Moscow is dependant on Beijing.", "The weather was fine."]  # a misspelling
    pd.testing.assert_frame_equal(chars.predict_proba(probe), again.predict_proba(probe),
                                  atol=1e-8)
    # explanations stay words a reader can find in the sentence
    assert all(not t.startswith("#") for t in again.explain(probe[0], "asymmetric", k=5))


def test_a_file_that_is_not_a_model_is_refused():
    with pytest.raises(ValueError, match="not a frame model"):
        FrameModel.from_dict({"format": "something else"})
    data = json.loads(FrameModel(min_df=1, threshold_folds=3).fit(SENTENCES, LABELS).to_json())
    data["idf"] = data["idf"][:-1]
    with pytest.raises(ValueError, match="differ in length"):
        FrameModel.from_dict(data)


def test_threshold_prefers_precision_above_the_floor():
    y = pd.Series([1, 1, 1, 0, 0, 0, 0, 0]).to_numpy()
    p = pd.Series([0.9, 0.8, 0.4, 0.45, 0.3, 0.2, 0.1, 0.05]).to_numpy()
    t = choose_threshold(y, p, min_precision=0.85)
    assert 0.45 < t <= 0.8  # misses one positive rather than taking a false one


def test_by_default_a_threshold_trades_some_precision_for_much_more_recall():
    """The default floor (0.80) takes 5 of 6 right for 5 of 5 found, not 2 of 2 for 2 of 5."""
    y = pd.Series([1, 1, 1, 1, 1, 0, 0, 0]).to_numpy()
    p = pd.Series([0.9, 0.9, 0.6, 0.6, 0.6, 0.6, 0.1, 0.05]).to_numpy()
    assert choose_threshold(y, p) <= 0.6
    assert choose_threshold(y, p, min_precision=0.85) > 0.6


def test_the_shipped_model_loads_and_covers_the_three_frames():
    model = FrameModel.from_dict(json.loads(DEFAULT_MODEL.read_text(encoding="utf-8")))
    assert model.frames_ == ["no_limits", "asymmetric", "stabilizing_force"]
    assert model.training_["sentences"] > 1000
    proba = model.predict_proba(["Russia has become China's junior partner and vassal."])
    assert proba["asymmetric"].iloc[0] > proba["no_limits"].iloc[0]
