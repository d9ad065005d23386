"""Model hits look like cue hits, and the lexicon's negation and exclusions still apply."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.frames.lexicon import parse_lexicon
from analysis.frames.model import FrameModel
from analysis.frames.model_hits import ModelHits, load_model
from analysis.frames.scoring import score_corpus

SENTENCES = ["Russia has become dependent on China.", "Trade between Russia and China rose.",
             "Moscow depends on Beijing.", "Russia shipped grain to China.",
             "Russia's dependence on China grows.", "Russia and China opened a bridge."] * 4
LEXICON = parse_lexicon({"version": 1, "language": "en", "negation": {"before": ["not"]},
                         "frames": {"asymmetric": {"cues": ["vassal"],
                                                   "exclusions": ["mutual dependence"]}}})


@pytest.fixture(scope="module")
def model() -> FrameModel:
    labels = pd.DataFrame({"asymmetric": [1, 0, 1, 0, 1, 0] * 4})
    return FrameModel(min_df=1, threshold_folds=3).fit(SENTENCES, labels)


def _hits(model, text, method="ensemble"):
    arts = pd.DataFrame({"article_id": ["a"], "outlet": ["x.com"], "origin": [""],
                         "story_id": ["a"], "text": [text], "language": ["en"]})
    corpus = type("C", (), {"articles": arts, "checksum": ""})()
    return score_corpus(corpus, LEXICON, method=method, model=model, n_boot=5).hits


def test_a_model_hit_has_the_columns_of_a_cue_hit(model):
    hits = _hits(model, "Russia is dependent on China now.")
    row = hits.iloc[0]
    assert row["cue"] == "model" and 0.5 <= row["probability"] <= 1
    assert "depend" in row["explanation"]
    assert row["matched_text"].lower().startswith("depend")
    assert row["voice"] == "narrator"


def test_negators_and_exclusions_apply_to_model_hits(model):
    negated = _hits(model, "Russia is not dependent on China.")
    assert negated["negated"].tolist() == [True]
    assert _hits(model, "Their mutual dependence on China grows.").empty


def test_the_ensemble_does_not_count_a_sentence_twice(model):
    hits = _hits(model, "Russia, dependent on China, is its vassal.")
    assert hits["cue"].tolist() == ["vassal"]
    assert _hits(model, "Russia is its vassal.", method="model").empty


def test_methods_are_checked(model):
    with pytest.raises(InputError, match="method must be one of"):
        _hits(model, "x", method="magic")
    with pytest.raises(ValueError):
        ModelHits(model, LEXICON, "lexicon")


def test_a_broken_model_file_is_an_input_error(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"format": "x"}')
    with pytest.raises(InputError, match="not a usable frame model"):
        load_model(bad)
    with pytest.raises(InputError, match="does not exist"):
        load_model(tmp_path / "none.json")
