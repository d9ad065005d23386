"""Tests of analysis.frames.voice_eval: voice attribution against hand-coded phrases."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.frames.coding import Coding
from analysis.frames.voice_eval import evaluate_voice, same_speaker
from analysis.voice.speakers import load_speakers


@pytest.fixture(scope="module")
def evaluation():
    text = "Ties are good, Putin said. They have “no limits” now."
    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    ev = pd.DataFrame([
        {"article_id": "a", "frame": "f", "phrase": "Ties are good", "sentence": "",
         "voice": "reported", "speaker": "President Putin", "speaker_group": "russian_official",
         "start": 0, "end": 13},
        {"article_id": "a", "frame": "f", "phrase": "no limits", "sentence": "",
         "voice": "quote", "speaker": "Xi", "speaker_group": "chinese_official",
         "start": text.index("no limits"), "end": text.index("no limits") + 9},
    ])
    return evaluate_voice(Coding(articles, pd.DataFrame(), ev), load_speakers())


def test_accuracy_counts_right_and_wrong_phrases(evaluation):
    s = evaluation.summary().set_index(["scope", "measure"])["accuracy"]
    assert s["all", "voice"] == 0.5 and s["reported", "speaker"] == 1.0
    assert s["quote", "voice"] == 0.0


def test_errors_and_confusion_name_the_misattributed_phrase(evaluation):
    assert evaluation.errors()["phrase"].tolist() == ["no limits"]
    c = evaluation.confusion().set_index(["gold_voice", "predicted_voice"])["n"]
    assert c["quote", "scare_quote"] == 1
    assert set(evaluation.tables()) == {"voice_accuracy", "voice_confusion", "voice_errors"}
    assert "scare_quote" in evaluation.to_text()


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("Xi", "Xi Jinping", True), ("Russian President Vladimir Putin", "Putin", True),
    ("Many observers", "unnamed", True), ("Putin", "Xi Jinping", False), (None, "", True),
    ("Lavrov", "", False),
])
def test_speakers_compare_after_normalisation(gold, predicted, same):
    assert same_speaker(gold, predicted) is same


def test_summary_by_reports_each_part_alone(evaluation):
    parts = evaluation.summary_by(pd.Series({"a": "development"}))
    assert set(parts["part"]) == {"development"}
    s = parts.set_index(["scope", "measure"])["accuracy"]
    assert s["all", "voice"] == 0.5


def test_story_halves_keep_copies_of_a_story_together():
    from analysis.frames.voice_eval import story_halves

    ids = [f"x{i}" for i in range(20)]
    arts = pd.DataFrame({"article_id": ids, "outlet": [f"o{i}" for i in range(20)],
                         "story_id": [f"s{i // 2}" for i in range(20)]})
    labels = pd.DataFrame({"article_id": ids, "no_limits": [i % 2 for i in range(20)],
                           "asymmetric": 0, "stabilizing_force": 0})
    halves = story_halves(arts, labels)
    assert all(halves[f"x{2 * i}"] == halves[f"x{2 * i + 1}"] for i in range(10))
    assert halves.value_counts()["development"] > halves.value_counts()["check"]
    assert halves.equals(story_halves(arts, labels))  # deterministic
