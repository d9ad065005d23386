"""Context features: a sentence read with its neighbours, never across articles."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import DEFAULT_MODEL
from analysis.frames.lexicon import parse_lexicon
from analysis.frames.model import CONTEXT_MARK, FrameModel, with_context
from analysis.frames.model_hits import ModelHits
from analysis.frames.scoring import iter_hits

# The same closing sentence is coded asymmetric after a lead that says so, and not
# after a neutral one: only its neighbour tells the two apart.
FRAMED = ["Russia has become dependent on China.", "That is how Moscow sees it now."]
NEUTRAL = ["Grain prices fell in the spring.", "That is how Moscow sees it now."]
SENTENCES = (FRAMED + NEUTRAL) * 6
ARTICLES = [i // 2 for i in range(len(SENTENCES))]
LABELS = pd.DataFrame({"asymmetric": [1, 1, 0, 0] * 6})
LEXICON = parse_lexicon({"version": 1, "language": "en",
                         "frames": {"asymmetric": {"cues": ["vassal"]}}})


@pytest.fixture(scope="module")
def model() -> FrameModel:
    return FrameModel(min_df=1, threshold_folds=3, context=0.5).fit(
        SENTENCES, LABELS, articles=ARTICLES)


def test_a_sentence_signalled_only_by_its_neighbour_is_found(model):
    proba = model.predict_proba(FRAMED + NEUTRAL, [0, 0, 1, 1])["asymmetric"]
    assert proba[1] > model.threshold_["asymmetric"] > proba[3]
    alone = FrameModel(min_df=1, threshold_folds=3).fit(SENTENCES, LABELS, articles=ARTICLES)
    same = alone.predict_proba(FRAMED + NEUTRAL)["asymmetric"]
    assert same[1] == same[3]  # without context the two readings cannot differ


def test_context_never_crosses_from_one_article_into_the_next(model):
    docs = with_context([["a"], ["b"], ["c"], ["d"]], ["x", "x", "y", "y"])
    assert docs == [["a", "ctx:b"], ["b", "ctx:a"], ["c", "ctx:d"], ["d", "ctx:c"]]
    together = model.predict_proba(FRAMED + NEUTRAL, ["a", "a", "b", "b"])
    apart = pd.concat([model.predict_proba(FRAMED), model.predict_proba(NEUTRAL)],
                      ignore_index=True)
    pd.testing.assert_frame_equal(together, apart)


def test_a_chunk_of_texts_is_scored_as_each_text_alone(model):
    mh = ModelHits(model, LEXICON, "model")
    texts = [("a", " ".join(FRAMED)), ("b", " ".join(NEUTRAL)), ("c", " ".join(FRAMED))]
    together = [r.hits for r in iter_hits(texts, LEXICON, model_hits=mh)]
    alone = [next(iter_hits([t], LEXICON, model_hits=mh)).hits for t in texts]
    assert together == alone
    assert [len(h) for h in together] == [2, 0, 2]


def test_the_context_weight_scales_only_the_neighbours_terms(model):
    vec, _, _ = model._weights()
    for term, idf, used in zip(model.vocabulary_, model.idf_, vec.idf_, strict=True):
        assert used == pytest.approx(idf * (0.5 if term.startswith(CONTEXT_MARK) else 1.0))


def test_json_records_the_context_and_round_trips(model):
    text = model.to_json()
    data = json.loads(text)
    assert data["parameters"]["context"] == 0.5
    assert "sentences either side" in data["parameters"]["features"]
    again = FrameModel.from_dict(data)
    pd.testing.assert_frame_equal(model.predict_proba(SENTENCES, ARTICLES),
                                  again.predict_proba(SENTENCES, ARTICLES), atol=1e-8)
    assert again.to_json() == text


def test_a_saved_model_without_context_loads_and_predicts_as_before():
    text = DEFAULT_MODEL.read_text(encoding="utf-8")
    data = json.loads(text)
    assert "context" not in data["parameters"]
    model = FrameModel.from_dict(data)
    assert model.context == 0 and not any(t.startswith(CONTEXT_MARK)
                                          for t in model.vocabulary_)
    probe = ["Russia has become China's junior partner.", "Trade rose.", "No limits, Xi said."]
    pd.testing.assert_frame_equal(model.predict_proba(probe),
                                  model.predict_proba(probe, ["a", "b", "b"]))
    assert model.to_json() == text
